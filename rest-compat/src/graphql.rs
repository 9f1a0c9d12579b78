//! `POST /graphql`, the GraphiQL playground at `GET /graphql` (assets
//! vendored in `playground/`, nothing fetched from elsewhere), and
//! subscriptions over a websocket at `/graphql/ws`.

use crate::respond::{credentials, peer, STATEMENTS_HEADER};
use crate::RestState;
use async_graphql::Data;
use async_graphql_axum::{GraphQLProtocol, GraphQLRequest, GraphQLResponse, GraphQLWebSocket};
use axum::extract::{Request, State, WebSocketUpgrade};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// Routes of this module, for `tusk routes`.
pub const ROUTES: &[&str] = &[
    "GET /graphql",
    "POST /graphql",
    "GET /graphql/ws",
    "GET /playground/{asset}",
];

const INDEX: &str = include_str!("../../playground/index.html");
const GRAPHIQL_JS: &[u8] = include_bytes!("../../playground/graphiql.min.js");
const GRAPHIQL_CSS: &[u8] = include_bytes!("../../playground/graphiql.min.css");
const REACT_JS: &[u8] = include_bytes!("../../playground/react.production.min.js");
const REACT_DOM_JS: &[u8] = include_bytes!("../../playground/react-dom.production.min.js");

async fn playground() -> Response {
    ([(CONTENT_TYPE, "text/html; charset=utf-8")], INDEX).into_response()
}

async fn asset(axum::extract::Path(name): axum::extract::Path<String>) -> Response {
    let (ct, bytes) = match name.as_str() {
        "graphiql.min.js" => ("application/javascript", GRAPHIQL_JS),
        "graphiql.min.css" => ("text/css", GRAPHIQL_CSS),
        "react.production.min.js" => ("application/javascript", REACT_JS),
        "react-dom.production.min.js" => ("application/javascript", REACT_DOM_JS),
        _ => return crate::ZouError(tusk_db::Error::not_found()).into_response(),
    };
    let mut r = bytes.into_response();
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(ct));
    r.headers_mut().insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=604800"),
    );
    r
}

async fn execute(State(st): State<RestState>, headers: HeaderMap, req: Request) -> Response {
    let creds = credentials(&headers, peer(&req));
    let gql = match GraphQLRequest::<async_graphql_axum::rejection::GraphQLRejection>::from_request(
        req,
        &(),
    )
    .await
    {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let session = st.app.session(&creds).await;
    let counter = session.db.counter();
    let req = tusk_resolvers::gql::with_session(gql.into_inner(), session, creds);
    let res = st.schema.execute(req).await;
    let mut response = GraphQLResponse::from(res).into_response();
    let n = counter.load(std::sync::atomic::Ordering::Relaxed);
    if let Ok(v) = HeaderValue::from_str(&n.to_string()) {
        response.headers_mut().insert(STATEMENTS_HEADER, v);
    }
    response
}

async fn websocket(
    State(st): State<RestState>,
    protocol: GraphQLProtocol,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let creds = credentials(&headers, None);
    upgrade
        .protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| {
            let schema = st.schema.clone();
            let app = st.app.clone();
            GraphQLWebSocket::new(socket, schema, protocol)
                .on_connection_init(move |payload| async move {
                    let mut creds = creds;
                    let auth = payload
                        .get("Authorization")
                        .or_else(|| payload.get("authorization"))
                        .and_then(|v| v.as_str());
                    if let Some(a) = auth {
                        creds.authorization = Some(a.to_owned());
                    }
                    let session = app.session(&creds).await;
                    let loaders = tusk_db::loaders::new_loaders(session.clone());
                    let mut data = Data::default();
                    data.insert(session);
                    data.insert(loaders);
                    data.insert(creds);
                    Ok(data)
                })
                .serve()
        })
}

use axum::extract::FromRequest;

pub fn router() -> Router<RestState> {
    Router::new()
        .route("/graphql", get(playground).post(execute))
        .route("/graphql/ws", get(websocket))
        .route("/playground/{asset}", get(asset))
}
