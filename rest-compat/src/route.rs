//! Registering hand-written routes: `METHOD path → handler`, where the
//! handler lives in `tusk_resolvers` next to the service it calls.
//!
//! The glue here reads the request the way Flask does (path parameters,
//! query string, a JSON, form or multipart body) and runs the handler
//! through the hidden `_restGet` / `_restSend` GraphQL fields.

use crate::index::call;
use crate::respond;
use crate::{ops, RestState, Routes, ZouError};
use axum::extract::{FromRequest, Multipart, RawPathParams, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use tusk_db::Error;
use tusk_resolvers::route::{Handler, RouteCall, Upload};

/// The largest request body a route accepts (uploads included).
pub const MAX_BODY: usize = 512 * 1024 * 1024;

impl Routes {
    pub fn get(self, path: &str, h: Handler) -> Self {
        self.route(Method::GET, path, h)
    }
    pub fn post(self, path: &str, h: Handler) -> Self {
        self.route(Method::POST, path, h)
    }
    pub fn put(self, path: &str, h: Handler) -> Self {
        self.route(Method::PUT, path, h)
    }
    pub fn delete(self, path: &str, h: Handler) -> Self {
        self.route(Method::DELETE, path, h)
    }

    /// Register `h` for `method path`.
    pub fn route(self, method: Method, path: &str, h: Handler) -> Self {
        let read = method == Method::GET;
        self.add(
            method,
            path,
            move |State(st): State<RestState>, params: RawPathParams, req: Request| async move {
                serve(st, params, req, h, read).await
            },
        )
    }
}

async fn serve(
    st: RestState,
    params: RawPathParams,
    req: Request,
    h: Handler,
    read: bool,
) -> Response {
    let path: Map<String, Value> = params
        .iter()
        .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
        .collect();
    let query: Vec<Vec<String>> = req
        .uri()
        .query()
        .map(crate::auth::url_pairs)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| vec![k, v])
        .collect();
    let mut c = call(&req, Value::Null);
    if read {
        c.vars = json!({"path": path, "query": query});
        c.route = Some(RouteCall::new(h, None));
        return respond::run(&st, &ops::ROUTE_GET, c).await;
    }
    let (body, upload) = match read_body(req).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    c.vars = json!({"path": path, "query": query, "body": body});
    c.route = Some(RouteCall::new(h, upload));
    respond::run(&st, &ops::ROUTE_SEND, c).await
}

/// The body as Flask's `request.json` / `request.form` / `request.files`.
async fn read_body(req: Request) -> Result<(Value, Option<Upload>), ZouError> {
    let ct = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ct.starts_with("multipart/form-data") {
        let mut mp = Multipart::from_request(req, &())
            .await
            .map_err(|_| ZouError(Error::bad_request("Malformed multipart body")))?;
        let mut fields = Map::new();
        let mut upload = None;
        loop {
            let field = match mp.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) => {
                    return Err(ZouError(Error::bad_request(format!(
                        "Upload refused: {}",
                        e.body_text()
                    ))))
                }
            };
            let name = field.name().unwrap_or("").to_owned();
            match field.file_name().map(str::to_owned) {
                Some(file_name) if upload.is_none() => {
                    let content_type = field.content_type().map(str::to_owned);
                    let bytes = field.bytes().await.map_err(|e| {
                        ZouError(Error::bad_request(format!(
                            "Upload refused: {}",
                            e.body_text()
                        )))
                    })?;
                    upload = Some(Upload {
                        file_name,
                        content_type,
                        bytes,
                    });
                }
                Some(_) => {}
                None => {
                    if let Ok(text) = field.text().await {
                        fields.entry(name).or_insert(Value::String(text));
                    }
                }
            }
        }
        return Ok((Value::Object(fields), upload));
    }
    let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY)
        .await
        .map_err(|_| ZouError(Error::bad_request("Request body too large")))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok((Value::Null, None));
    }
    if ct.starts_with("application/json") || ct.contains("+json") {
        // Zou reads these bodies with `get_json(silent=True)`: malformed
        // JSON counts as no body (the schema then reports what is missing).
        return Ok((serde_json::from_slice(&bytes).unwrap_or(Value::Null), None));
    }
    if ct.starts_with("application/x-www-form-urlencoded") {
        let mut form = Map::new();
        for (k, v) in crate::auth::url_pairs(&String::from_utf8_lossy(&bytes)) {
            form.entry(k).or_insert(Value::String(v));
        }
        return Ok((Value::Object(form), None));
    }
    Ok((Value::Null, None))
}
