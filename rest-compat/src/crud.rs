//! Zou's generic CRUD blueprint: `/data/<collection>` and
//! `/data/<collection>/{instance_id}` for every described table that has a
//! REST collection.

use crate::index::call;
use crate::respond::{self, json_body};
use crate::{ops, RestState, Routes, ZouError};
use axum::extract::{Path, Request, State};
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

const BODY_LIMIT: usize = 64 * 1024 * 1024;

fn params(req: &Request) -> Vec<Vec<String>> {
    req.uri()
        .query()
        .map(crate::auth::url_pairs)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| vec![k, v])
        .collect()
}

async fn body_of(req: Request) -> Result<Value, ZouError> {
    let headers = req.headers().clone();
    let bytes = axum::body::to_bytes(req.into_body(), BODY_LIMIT)
        .await
        .map_err(|_| ZouError(tusk_db::Error::bad_request("Request body too large")))?;
    json_body(&headers, &bytes).map_err(ZouError)
}

pub fn routes(mut r: Routes) -> Routes {
    for meta in tusk_schema::ALL {
        let Some(rest) = meta.rest else { continue };
        let table: &'static str = meta.table;
        let list = format!("/data/{rest}");
        let one = format!("/data/{rest}/{{instance_id}}");
        // The two link collections only accept POST in Zou.
        let link_only = matches!(rest, "task-type-links" | "task-status-links");
        if !link_only {
            r = r.add(
                Method::GET,
                &list,
                move |State(st): State<RestState>, req: Request| async move {
                    let vars = json!({"table": table, "id": null, "params": params(&req)});
                    respond::run(&st, &ops::CRUD_READ, call(&req, vars)).await
                },
            );
            r = r.add(
                Method::GET,
                &one,
                move |State(st): State<RestState>, Path(id): Path<String>, req: Request| async move {
                    let vars = json!({"table": table, "id": id, "params": params(&req)});
                    respond::run(&st, &ops::CRUD_READ, call(&req, vars)).await
                },
            );
            r = r.add(
                Method::PUT,
                &one,
                move |State(st): State<RestState>, Path(id): Path<String>, req: Request| async move {
                    let mut c = call(&req, Value::Null);
                    let body = match body_of(req).await {
                        Ok(b) => b,
                        Err(e) => return e.into_response(),
                    };
                    c.vars = json!({"table": table, "action": "update", "id": id, "body": body});
                    respond::run(&st, &ops::CRUD_WRITE, c).await
                },
            );
            r = r.add(
                Method::DELETE,
                &one,
                move |State(st): State<RestState>, Path(id): Path<String>, req: Request| async move {
                    let vars = json!({"table": table, "action": "delete", "id": id, "body": null});
                    respond::run(&st, &ops::CRUD_WRITE, call(&req, vars)).await
                },
            );
        }
        r = r.add(
            Method::POST,
            &list,
            move |State(st): State<RestState>, req: Request| async move {
                let mut c = call(&req, Value::Null);
                let body = match body_of(req).await {
                    Ok(b) => b,
                    Err(e) => return e.into_response(),
                };
                c.vars = json!({"table": table, "action": "create", "id": null, "body": body});
                respond::run(&st, &ops::CRUD_WRITE, c).await
            },
        );
    }
    r
}

#[allow(dead_code)]
fn _unused(_: Response) {}
