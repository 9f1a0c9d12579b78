//! Running an operation for a REST request, and turning the outcome into
//! Zou's HTTP response.

use crate::ops::Op;
use crate::RestState;
use async_graphql::Variables;
use axum::body::Body as HttpBody;
use axum::http::header::{HeaderValue, CONTENT_TYPE, SET_COOKIE};
use axum::http::{HeaderMap, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::Value;
use std::sync::Arc;
use tusk_db::zou::Body;
use tusk_db::Error;
use tusk_resolvers::rest::{CookieOp, RestReply, RestSink};
use tusk_resolvers::Credentials;

/// Header carrying the number of SQL statements the request ran.
pub const STATEMENTS_HEADER: &str = "x-tusk-sql-statements";

/// Zou's response for an error.
pub fn error_response(e: &Error) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    json_response(status, &e.zou_body())
}

pub fn json_response(status: StatusCode, v: &Value) -> Response {
    let mut r = Response::new(HttpBody::from(serde_json::to_vec(v).unwrap_or_default()));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

/// The credentials a request presents.
pub fn credentials(headers: &HeaderMap, peer: Option<std::net::SocketAddr>) -> Credentials {
    let h = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let mut c = Credentials {
        authorization: h("authorization"),
        user_agent: h("user-agent"),
        ip: h("x-real-ip").or_else(|| peer.map(|p| p.ip().to_string())),
        ..Default::default()
    };
    for cookie in headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
    {
        for pair in cookie.split(';') {
            if let Some((k, v)) = pair.trim().split_once('=') {
                match k.trim() {
                    "access_token_cookie" => c.access_cookie = Some(v.trim().to_owned()),
                    "refresh_token_cookie" => c.refresh_cookie = Some(v.trim().to_owned()),
                    _ => {}
                }
            }
        }
    }
    c
}

/// The peer address, when the server recorded it.
pub fn peer<B>(req: &Request<B>) -> Option<std::net::SocketAddr> {
    req.extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0)
}

/// Cookie lifetime Zou uses (about a year), unrelated to the token's.
const COOKIE_MAX_AGE: i64 = 31_540_000;

fn cookie_header(op: &CookieOp, api_prefix: bool) -> String {
    let refresh_path = if api_prefix {
        "/api/auth/refresh-token"
    } else {
        "/auth/refresh-token"
    };
    let expires = |secs: i64| {
        (chrono::Utc::now() + chrono::Duration::seconds(secs))
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string()
    };
    match op {
        CookieOp::SetAccess(t) => format!(
            "access_token_cookie={t}; Expires={}; Max-Age={COOKIE_MAX_AGE}; HttpOnly; Path=/; SameSite=Lax",
            expires(COOKIE_MAX_AGE)
        ),
        CookieOp::SetRefresh(t) => format!(
            "refresh_token_cookie={t}; Expires={}; Max-Age={COOKIE_MAX_AGE}; HttpOnly; Path={refresh_path}; SameSite=Lax",
            expires(COOKIE_MAX_AGE)
        ),
        CookieOp::ClearAccess => {
            "access_token_cookie=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Path=/; SameSite=Lax".into()
        }
        CookieOp::ClearRefresh => format!(
            "refresh_token_cookie=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Path={refresh_path}; SameSite=Lax"
        ),
    }
}

fn reply_response(reply: RestReply, api_prefix: bool) -> Response {
    let body = match reply.body {
        Body::Full(b) => HttpBody::from(b),
        Body::Stream(s) => HttpBody::from_stream(futures::StreamExt::map(s, |c| {
            c.map_err(|e| std::io::Error::other(e.message()))
        })),
    };
    let mut r = Response::new(body);
    *r.status_mut() = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK);
    if reply.status != 204 {
        r.headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(reply.content_type));
    }
    for (name, value) in &reply.headers {
        if let Ok(v) = HeaderValue::from_str(value) {
            r.headers_mut().insert(*name, v);
        }
    }
    for c in &reply.cookies {
        if let Ok(v) = HeaderValue::from_str(&cookie_header(c, api_prefix)) {
            r.headers_mut().append(SET_COOKIE, v);
        }
    }
    r
}

/// Everything a REST route hands to its operation.
pub struct Call {
    pub creds: Credentials,
    pub vars: Value,
    /// The route was reached under `/api`.
    pub api_prefix: bool,
    /// The handler of a hand-written route (`tusk_resolvers::route`).
    pub route: Option<tusk_resolvers::route::RouteCall>,
}

/// Run `op` for a REST request and answer like Zou.
pub async fn run(state: &RestState, op: &Op, call: Call) -> Response {
    let session = state.app.session(&call.creds).await;
    let counter = session.db.counter();
    let refused = if op.needs_auth {
        session.principal.actor().err()
    } else {
        None
    };
    let mut response = if let Some(e) = refused {
        // Zou checks the token before anything else.
        error_response(&e)
    } else {
        let sink = Arc::new(RestSink::default());
        let mut req = async_graphql::Request::new("")
            .variables(Variables::from_json(call.vars))
            .data(sink.clone());
        if let Some(route) = call.route {
            req = req.data(route);
        }
        req.set_parsed_query(op.document.clone());
        let req = tusk_resolvers::gql::with_session(req, session, call.creds);
        let res = state.schema.execute(req).await;
        if let Some(err) = res.errors.first() {
            error_response(&tusk_db::error::from_graphql_error(err))
        } else {
            match sink.take() {
                Some(reply) => reply_response(reply, call.api_prefix),
                None => error_response(&Error::internal("operation answered nothing")),
            }
        }
    };
    let n = counter.load(std::sync::atomic::Ordering::Relaxed);
    if let Ok(v) = HeaderValue::from_str(&n.to_string()) {
        response.headers_mut().insert(STATEMENTS_HEADER, v);
    }
    response
}

/// Parse a JSON request body as Zou's CRUD routes do: 415 without a JSON
/// content type, 400 for malformed JSON.
pub fn json_body(headers: &HeaderMap, body: &Bytes) -> Result<Value, Error> {
    let is_json = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json") || ct.contains("+json"));
    if !is_json {
        return Err(Error::body(
            415,
            serde_json::json!({"error": true, "message": "Did not attempt to load JSON data because the request Content-Type was not 'application/json'."}),
        ));
    }
    serde_json::from_slice(body).map_err(|_| {
        Error::BadRequest(
            "The browser (or proxy) sent a request that this server could not understand.".into(),
        )
    })
}

impl IntoResponse for crate::ZouError {
    fn into_response(self) -> Response {
        error_response(&self.0)
    }
}
