//! Zou's `events` blueprint: reading the event log and the login logs.

use crate::index::call;
use crate::{ops, respond, RestState, Routes};
use axum::extract::{Request, State};
use axum::http::Method;
use serde_json::json;

fn route(
    name: &'static str,
) -> impl Fn(
    State<RestState>,
    Request,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = axum::response::Response> + Send>>
       + Clone
       + Send
       + Sync
       + 'static {
    move |State(st): State<RestState>, req: Request| {
        Box::pin(async move {
            let params: Vec<Vec<String>> = req
                .uri()
                .query()
                .map(crate::auth::url_pairs)
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| vec![k, v])
                .collect();
            respond::run(
                &st,
                &ops::EVENTS,
                call(&req, json!({"route": name, "params": params})),
            )
            .await
        })
    }
}

pub fn routes(r: Routes) -> Routes {
    r.add(Method::GET, "/data/events/last", route("last"))
        .add(Method::GET, "/data/events/names", route("names"))
        .add(
            Method::GET,
            "/data/events/login-logs/last",
            route("login-logs"),
        )
}
