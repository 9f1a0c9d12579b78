//! The one error type of Tusk.
//!
//! Every layer returns [`Error`]. The REST façade turns it into Zou's status
//! code and body, the GraphQL layer into an error whose `extensions` carry the
//! same information (`code`, `status`, and the exact Zou `body`), so the two
//! surfaces can never disagree about what went wrong.

use serde_json::{json, Value};

pub const NOT_FOUND: &str = "404 Not Found: The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.";
pub const FORBIDDEN: &str = "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server.";
pub const UNAUTHORIZED: &str = "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.";

/// Result alias used across the workspace.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Deliberately not `Display`/`std::error::Error`: that lets us convert it
/// into a GraphQL error that keeps its extensions (async-graphql has a
/// blanket conversion for displayable types that would drop them).
#[derive(Debug)]
pub enum Error {
    /// Status 400: Malformed input: bad JSON, wrong type, malformed id, a constraint
    /// the database refused. Body: `{"error": true, "message": ...}`.
    BadRequest(String),

    /// 400 with `"data": null`, as Zou's parameter errors (`Malformed ID.`,
    /// `Invalid UUID value: …`).
    Invalid(String),

    /// 400 from the generic CRUD routes, which Zou answers without the
    /// `error` key: `{"message": ...}`.
    CrudBadRequest(String),

    /// Status 401: No usable identity. Body: `{"error": true, "message": ...}`.
    Unauthorized(String),

    /// Status 403: The identity is known but not allowed.
    Forbidden(String),

    /// Status 404: The thing asked for does not exist (or is not visible).
    NotFound(String),

    /// Status 503: A lock could not be taken in time.
    Unavailable(String),

    /// Any status with an exact body, for the few places where Zou answers
    /// with a body of its own shape (`{"login": false}`, `{"msg": ...}` …).
    Body { status: u16, body: Value },

    /// Status 500: A bug or an unreachable dependency. The detail is logged, never
    /// sent to the client.
    Internal(String),
}

impl Error {
    pub fn bad_request(msg: impl Into<String>) -> Self {
        Error::BadRequest(msg.into())
    }
    /// 403 with werkzeug's text, as Zou answers.
    pub fn forbidden() -> Self {
        Error::Forbidden(FORBIDDEN.into())
    }
    /// 404 with werkzeug's text, as Zou answers for a missing row or route.
    pub fn not_found() -> Self {
        Error::NotFound(NOT_FOUND.into())
    }
    /// 400 `Malformed ID.` for an id parameter that is not a UUID.
    pub fn malformed_id() -> Self {
        Error::Invalid("Malformed ID.".into())
    }
    pub fn internal(e: impl std::fmt::Display) -> Self {
        Error::Internal(e.to_string())
    }
    /// A body of Zou's own shape with the given status.
    pub fn body(status: u16, body: Value) -> Self {
        Error::Body { status, body }
    }

    /// The HTTP status Zou answers with.
    pub fn status(&self) -> u16 {
        match self {
            Error::BadRequest(_) | Error::CrudBadRequest(_) | Error::Invalid(_) => 400,
            Error::Unauthorized(_) => 401,
            Error::Forbidden(_) => 403,
            Error::NotFound(_) => 404,
            Error::Unavailable(_) => 503,
            Error::Body { status, .. } => *status,
            Error::Internal(_) => 500,
        }
    }

    /// The GraphQL `extensions.code` for this error.
    pub fn code(&self) -> &'static str {
        match self.status() {
            400 => "BAD_REQUEST",
            401 => "UNAUTHENTICATED",
            403 => "FORBIDDEN",
            404 => "NOT_FOUND",
            409 => "CONFLICT",
            422 => "UNPROCESSABLE",
            429 => "TOO_MANY_REQUESTS",
            503 => "UNAVAILABLE",
            s if s < 500 => "BAD_REQUEST",
            _ => "INTERNAL_SERVER_ERROR",
        }
    }

    /// The JSON body Zou sends for this error.
    pub fn zou_body(&self) -> Value {
        match self {
            Error::CrudBadRequest(m) => json!({ "message": m }),
            Error::Invalid(m) => json!({ "error": true, "message": m, "data": null }),
            Error::Body { body, .. } => body.clone(),
            Error::Internal(_) => json!({ "error": true, "message": "Internal server error." }),
            other => json!({ "error": true, "message": other.message() }),
        }
    }

    /// The message shown to a GraphQL client.
    pub fn public_message(&self) -> String {
        match self {
            Error::Internal(_) => "Internal server error.".into(),
            Error::Body { body, .. } => body
                .get("message")
                .or_else(|| body.get("msg"))
                .and_then(Value::as_str)
                .map(str::to_owned)
                .unwrap_or_else(|| body.to_string()),
            other => other.message(),
        }
    }

    /// The human-readable message.
    pub fn message(&self) -> String {
        match self {
            Error::BadRequest(m)
            | Error::Invalid(m)
            | Error::CrudBadRequest(m)
            | Error::Unauthorized(m)
            | Error::Forbidden(m)
            | Error::NotFound(m)
            | Error::Unavailable(m) => m.clone(),
            Error::Body { status, body } => format!("{status}: {body}"),
            Error::Internal(m) => format!("internal error: {m}"),
        }
    }
}

impl std::fmt::Display for ErrorDisplay<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.message())
    }
}

/// `Display` for logs: `tracing::warn!(error = %e.display())`.
pub struct ErrorDisplay<'a>(&'a Error);

impl Error {
    pub fn display(&self) -> ErrorDisplay<'_> {
        ErrorDisplay(self)
    }
}

/// GraphQL errors carry the status and the exact REST body, so the REST
/// façade that runs GraphQL operations can answer byte for byte like Zou.
impl From<Error> for async_graphql::Error {
    fn from(e: Error) -> Self {
        if let Error::Internal(detail) = &e {
            tracing::error!(%detail, "internal error");
        }
        let status = e.status();
        let code = e.code();
        let body = e.zou_body();
        let mut ext = async_graphql::ErrorExtensionValues::default();
        ext.set("code", code);
        ext.set("status", status);
        if let Ok(v) = async_graphql::Value::from_json(body) {
            ext.set("body", v);
        }
        async_graphql::Error {
            message: e.public_message(),
            source: None,
            extensions: Some(ext),
        }
    }
}

/// Rebuild an [`Error`] from a GraphQL error produced by the conversion above.
pub fn from_graphql_error(e: &async_graphql::ServerError) -> Error {
    let ext = e.extensions.as_ref();
    let status = ext
        .and_then(|x| x.get("status"))
        .and_then(|v| match v {
            async_graphql::Value::Number(n) => n.as_u64(),
            _ => None,
        })
        .map(|s| s as u16);
    let body = ext
        .and_then(|x| x.get("body"))
        .and_then(|v| v.clone().into_json().ok());
    match (status, body) {
        (Some(status), Some(body)) => Error::Body { status, body },
        // An error raised by GraphQL itself (validation, parse, limits).
        _ => Error::BadRequest(e.message.clone()),
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => Error::not_found(),
            sqlx::Error::Database(db) => {
                use sqlx::error::ErrorKind::*;
                match db.kind() {
                    UniqueViolation => Error::CrudBadRequest(
                        "A record with the same unique values already exists.".into(),
                    ),
                    ForeignKeyViolation => Error::CrudBadRequest(
                        "The change conflicts with records referencing this one.".into(),
                    ),
                    NotNullViolation => {
                        Error::CrudBadRequest("A required field is missing.".into())
                    }
                    CheckViolation => Error::CrudBadRequest(
                        "One of the provided values has an invalid format.".into(),
                    ),
                    _ => {
                        // Postgres reports a cast failure (e.g. bad enum or
                        // too long varchar) with SQLSTATE class 22.
                        if db.code().is_some_and(|c| c.starts_with("22")) {
                            Error::CrudBadRequest(
                                "One of the provided values has an invalid format.".into(),
                            )
                        } else {
                            Error::Internal(e.to_string())
                        }
                    }
                }
            }
            sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => {
                Error::Internal(e.to_string())
            }
            _ => Error::Internal(e.to_string()),
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::BadRequest(format!("Malformed JSON: {e}"))
    }
}
