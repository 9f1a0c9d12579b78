#![recursion_limit = "256"]
//! Zou's REST API, answered by running internal GraphQL operations.
//!
//! Every route is served at `/` and under `/api` (Kitsu's proxy prefix),
//! with or without a trailing slash. Route tables follow Zou's blueprints:
//! [`index`], [`auth`], [`crud`]; [`graphql`] serves the GraphQL endpoint,
//! its websocket and the offline playground. [`routes`] lists what is
//! served, for `tusk routes`.

pub mod auth;
pub mod breakdown;
pub mod crud;
pub mod events;
pub mod graphql;
pub mod index;
pub mod ops;
pub mod projects;
pub mod respond;
pub mod route;
pub mod tasks;

use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::routing::{on, MethodFilter};
use axum::Router;
use tower::Layer;
use tower_http::normalize_path::{NormalizePath, NormalizePathLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tusk_db::Error;
use tusk_resolvers::{App, TuskSchema};

/// State of every handler.
#[derive(Clone)]
pub struct RestState {
    pub app: App,
    pub schema: TuskSchema,
}

/// An error answered with Zou's status and body.
pub struct ZouError(pub Error);

/// Routes being registered, and the list of them for `tusk routes`.
pub struct Routes {
    router: Router<RestState>,
    list: Vec<(Method, String)>,
}

impl Routes {
    fn new() -> Self {
        Routes {
            router: Router::new(),
            list: Vec::new(),
        }
    }

    /// Register `handler` for `method path` (`{param}` segments).
    pub fn add<H, T>(mut self, method: Method, path: &str, handler: H) -> Self
    where
        H: axum::handler::Handler<T, RestState>,
        T: 'static,
    {
        let filter = MethodFilter::try_from(method.clone()).unwrap_or(MethodFilter::GET);
        self.list.push((method, path.to_owned()));
        self.router = self.router.route(path, on(filter, handler));
        self
    }

    /// List `method path` for `tusk routes` when another registered route
    /// already answers it (a path that differs only within one segment,
    /// such as `{id}.png` served by `{id}`).
    pub fn also(mut self, method: &str, path: &str) -> Self {
        let m = Method::from_bytes(method.as_bytes()).unwrap_or(Method::GET);
        self.list.push((m, path.to_owned()));
        self
    }
}

/// Every Zou route Tusk serves, before prefixes.
fn zou_routes() -> Routes {
    let r = Routes::new();
    let r = index::routes(r);
    let r = auth::routes(r);
    let r = events::routes(r);
    let r = projects::routes(r);
    let r = breakdown::routes(r);
    let r = tasks::routes(r);
    crud::routes(r)
}

/// `METHOD /path` for every route served (without the `/api` copies).
pub fn routes() -> Vec<String> {
    let mut out: Vec<String> = zou_routes()
        .list
        .iter()
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    out.extend(graphql::ROUTES.iter().map(|s| s.to_string()));
    out
}

/// The whole HTTP application.
pub fn app(state: RestState) -> NormalizePath<Router> {
    ops::prepare();
    let zou = zou_routes().router;
    let gql = graphql::router();
    let api = zou.clone().merge(gql.clone());
    let router = zou
        .merge(gql)
        .nest("/api", api)
        .fallback(|| async { ZouError(Error::not_found()) })
        .method_not_allowed_fallback(|| async {
            respond::json_response(
                StatusCode::METHOD_NOT_ALLOWED,
                &serde_json::json!({"error": true, "message": "The method is not allowed for the requested URL."}),
            )
        })
        .with_state(state)
        .layer(axum::extract::DefaultBodyLimit::max(route::MAX_BODY))
        .layer(security_headers(
            "content-security-policy",
            "frame-ancestors 'self'",
        ))
        .layer(security_headers("x-content-type-options", "nosniff"))
        .layer(security_headers("x-frame-options", "SAMEORIGIN"))
        .layer(security_headers("referrer-policy", "strict-origin-when-cross-origin"));
    NormalizePathLayer::trim_trailing_slash().layer(router)
}

fn security_headers(
    name: &'static str,
    value: &'static str,
) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(
        HeaderName::from_static(name),
        HeaderValue::from_static(value),
    )
}
