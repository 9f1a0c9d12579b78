//! Zou's `index` blueprint: `/`, `/status…`, `/stats`, `/config`.

use crate::respond::{self, Call};
use crate::{ops, RestState, Routes};
use axum::extract::{Request, State};
use axum::http::Method;
use axum::response::Response;
use serde_json::json;

/// What every REST handler needs from the request.
pub fn call(req: &Request, vars: serde_json::Value) -> Call {
    let api_prefix = req
        .extensions()
        .get::<axum::extract::OriginalUri>()
        .is_some_and(|u| u.0.path().starts_with("/api/") || u.0.path() == "/api");
    Call {
        creds: respond::credentials(req.headers(), respond::peer(req)),
        vars,
        api_prefix,
        route: None,
    }
}

fn index(
    route: &'static str,
    private: bool,
) -> impl Fn(
    State<RestState>,
    Request,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Response> + Send>>
       + Clone
       + Send
       + Sync
       + 'static {
    move |State(st): State<RestState>, req: Request| {
        Box::pin(async move {
            let op = if private {
                &*ops::INDEX_PRIVATE
            } else {
                &*ops::INDEX_PUBLIC
            };
            respond::run(&st, op, call(&req, json!({ "route": route }))).await
        })
    }
}

pub fn routes(r: Routes) -> Routes {
    r.add(Method::GET, "/", index("", false))
        .add(Method::GET, "/status", index("status", false))
        .add(Method::GET, "/status.txt", index("status.txt", false))
        .add(
            Method::GET,
            "/status/resources",
            index("status/resources", false),
        )
        .add(Method::GET, "/status/influx", index("status/influx", false))
        .add(
            Method::GET,
            "/status/test-event",
            index("status/test-event", false),
        )
        .add(Method::GET, "/stats", index("stats", true))
        .add(Method::GET, "/config", index("config", false))
}
