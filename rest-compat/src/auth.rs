//! Zou's `auth` blueprint (the core: login, authenticated, refresh-token,
//! logout, change-password).

use crate::index::call;
use crate::respond::{self, json_body};
use crate::{ops, RestState, Routes, ZouError};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// Zou's login body: JSON when it parses as a JSON value other than null
/// (and is sent as JSON); otherwise form fields merged with query args.
async fn login_body(req: Request) -> Result<Value, ZouError> {
    let query: Vec<(String, String)> = req.uri().query().map(url_pairs).unwrap_or_default();
    let ct = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let mut merged: Map<String, Value> = Map::new();
    if ct.starts_with("multipart/form-data") {
        if let Ok(mut mp) = Multipart::from_request(req, &()).await {
            while let Ok(Some(field)) = mp.next_field().await {
                let name = field.name().unwrap_or("").to_owned();
                if let Ok(text) = field.text().await {
                    merged.entry(name).or_insert(Value::String(text));
                }
            }
        }
    } else {
        let bytes = axum::body::to_bytes(req.into_body(), BODY_LIMIT)
            .await
            .map_err(|_| ZouError(tusk_db::Error::bad_request("Request body too large")))?;
        if ct.starts_with("application/json") {
            if let Ok(v) = serde_json::from_slice::<Value>(&bytes) {
                if !v.is_null() {
                    return Ok(v);
                }
            }
        } else if ct.starts_with("application/x-www-form-urlencoded") {
            for (k, v) in url_pairs(&String::from_utf8_lossy(&bytes)) {
                merged.entry(k).or_insert(Value::String(v));
            }
        }
    }
    for (k, v) in query {
        merged.entry(k).or_insert(Value::String(v));
    }
    Ok(Value::Object(merged))
}

/// `a=1&b=2` into pairs (percent-decoded).
pub fn url_pairs(q: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(q).unwrap_or_default()
}

async fn login(State(st): State<RestState>, req: Request) -> Response {
    let mut c = call(&req, Value::Null);
    let body = match login_body(req).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    c.vars = serde_json::json!({ "body": body });
    respond::run(&st, &ops::LOGIN, c).await
}

async fn authenticated(State(st): State<RestState>, req: Request) -> Response {
    respond::run(&st, &ops::AUTHENTICATED, call(&req, Value::Null)).await
}

async fn refresh(State(st): State<RestState>, req: Request) -> Response {
    respond::run(&st, &ops::REFRESH, call(&req, Value::Null)).await
}

async fn logout(State(st): State<RestState>, req: Request) -> Response {
    respond::run(&st, &ops::LOGOUT, call(&req, Value::Null)).await
}

async fn change_password(State(st): State<RestState>, req: Request) -> Response {
    let mut c = call(&req, Value::Null);
    let ct = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let headers = req.headers().clone();
    let bytes = match axum::body::to_bytes(req.into_body(), BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            return ZouError(tusk_db::Error::bad_request("Request body too large")).into_response()
        }
    };
    let body = if ct.starts_with("application/x-www-form-urlencoded") {
        let m: Map<String, Value> = url_pairs(&String::from_utf8_lossy(&bytes))
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        Value::Object(m)
    } else {
        match json_body(&headers, &bytes) {
            Ok(v) => v,
            Err(e) => return ZouError(e).into_response(),
        }
    };
    c.vars = serde_json::json!({ "body": body });
    respond::run(&st, &ops::CHANGE_PASSWORD, c).await
}

pub fn routes(r: Routes) -> Routes {
    r.add(Method::POST, "/auth/login", login)
        .add(Method::GET, "/auth/authenticated", authenticated)
        .add(Method::GET, "/auth/refresh-token", refresh)
        .add(Method::GET, "/auth/logout", logout)
        .add(Method::POST, "/auth/change-password", change_password)
}
