//! Hand-written REST routes (everything beyond the generic CRUD blueprint).
//!
//! A route is a [`Handler`]: an async function from the parsed request
//! ([`Req`]) to the reply, given the request's [`Ctx`]. The REST façade
//! (`rest-compat`) registers `METHOD path → handler` and runs it through one
//! of two hidden GraphQL fields (`_restGet` for reads, `_restSend` for
//! writes), so every route passes through the schema like the rest of the
//! API. Handlers live next to the service they call: `projects::rest`,
//! `breakdown::rest`, and so on.

use crate::app::{App, Credentials};
use crate::rest::RestReply;
use serde_json::Value;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use tusk_db::{Error, Result, Session};
use uuid::Uuid;

/// What a handler gets from the request.
#[derive(Debug, Default)]
pub struct Req {
    /// Path parameters by name (`project_id` …).
    pub path: HashMap<String, String>,
    /// Query-string pairs in order.
    pub query: Vec<(String, String)>,
    /// The JSON (or form) body; `Null` when there is none.
    pub body: Value,
    /// The multipart `file` part, when the route takes an upload.
    pub upload: Option<Upload>,
}

/// An uploaded file, held in memory (the façade caps its size).
#[derive(Debug, Clone)]
pub struct Upload {
    /// The name the client gave; never used as a path.
    pub file_name: String,
    pub content_type: Option<String>,
    pub bytes: bytes::Bytes,
}

/// Everything a handler may use besides the request.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub s: &'a Session,
    pub app: &'a App,
    pub creds: &'a Credentials,
}

pub type HandlerFuture<'a> = Pin<Box<dyn Future<Output = Result<RestReply>> + Send + 'a>>;
/// A REST route's implementation.
pub type Handler = for<'a> fn(Ctx<'a>, Req) -> HandlerFuture<'a>;

/// Wrap an `async fn(Ctx, Req) -> Result<RestReply>` as a [`Handler`];
/// `handler!(f, a, b)` wraps `f(ctx, req, a, b)` for constant arguments
/// (one function serving the same route for each entity kind, say).
#[macro_export]
macro_rules! handler {
    ($f:path) => {{
        let h: $crate::route::Handler = |c, r| Box::pin($f(c, r));
        h
    }};
    ($f:path, $($arg:expr),+) => {{
        let h: $crate::route::Handler = |c, r| Box::pin($f(c, r, $($arg),+));
        h
    }};
}

/// The handler and upload a REST request hands to the hidden field
/// (request data, never a GraphQL argument).
#[derive(Clone)]
pub struct RouteCall {
    pub handler: Handler,
    pub upload: Arc<Mutex<Option<Upload>>>,
}

impl RouteCall {
    pub fn new(handler: Handler, upload: Option<Upload>) -> Self {
        RouteCall {
            handler,
            upload: Arc::new(Mutex::new(upload)),
        }
    }
}

impl Req {
    /// A path parameter parsed as an id; a malformed one is a 404 (Zou
    /// answers 404, or crashes with a 500).
    pub fn id(&self, name: &str) -> Result<Uuid> {
        let raw = self.path.get(name).ok_or_else(Error::not_found)?;
        tusk_db::value::parse_hyphenated(raw).ok_or_else(Error::not_found)
    }

    /// A path parameter parsed as an id, `err` when malformed.
    pub fn id_or(&self, name: &str, err: impl FnOnce() -> Error) -> Result<Uuid> {
        let raw = self.path.get(name).ok_or_else(Error::not_found)?;
        tusk_db::value::parse_hyphenated(raw).ok_or_else(err)
    }

    /// A path parameter as text.
    pub fn param(&self, name: &str) -> Result<&str> {
        self.path
            .get(name)
            .map(String::as_str)
            .ok_or_else(Error::not_found)
    }

    /// The first value of a query argument.
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A query flag as Flask reads it (`true`, `1`, `yes`).
    pub fn flag(&self, name: &str) -> bool {
        self.arg(name)
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "1" | "yes"))
    }

    /// A body field (or a query argument of that name, as Flask's
    /// reqparse also reads `values`).
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.body.get(name).filter(|v| !v.is_null())
    }

    /// A body field as text.
    pub fn text(&self, name: &str) -> Option<String> {
        match self.field(name)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
        .or_else(|| self.arg(name).map(str::to_owned))
    }

    /// A required body field as text: Zou's reqparse 400 when missing.
    pub fn required(&self, name: &str) -> Result<String> {
        self.text(name).ok_or_else(|| missing(name))
    }

    /// A required body field as an id.
    pub fn required_id(&self, name: &str) -> Result<Uuid> {
        let raw = self.required(name)?;
        tusk_db::value::parse_uuid(&raw)
    }

    /// An optional body field as a boolean (JSON bool or Flask's strings).
    pub fn bool_field(&self, name: &str) -> Option<bool> {
        match self.field(name)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => Some(matches!(
                s.to_ascii_lowercase().as_str(),
                "true" | "1" | "yes"
            )),
            Value::Number(n) => Some(n.as_i64() != Some(0)),
            _ => None,
        }
    }

    /// Take the uploaded file, or Zou's 400 when there is none.
    pub fn file(&mut self) -> Result<Upload> {
        self.upload
            .take()
            .ok_or_else(|| Error::BadRequest("No file given".into()))
    }
}

/// Zou's answer for a body that fails its schema (pydantic):
/// `{"error": true, "message": "Validation error.", "data": {"errors": [...]}}`.
pub fn validation(field: &str, message: &str) -> Error {
    Error::body(
        400,
        serde_json::json!({"error": true, "message": "Validation error.",
            "data": {"errors": [{"field": field, "message": message}]}}),
    )
}

/// A required field is missing.
pub fn missing(name: &str) -> Error {
    validation(name, "Field required")
}

impl Req {
    /// The payload a schema validates: the JSON body, else the form and
    /// query values (as Zou's `validate_request_body`).
    pub fn payload(&self) -> Value {
        match &self.body {
            Value::Null => Value::Object(
                self.query
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect(),
            ),
            v => v.clone(),
        }
    }

    /// Parse the payload into a typed request (parse, don't validate):
    /// a failure is Zou's validation error naming the field.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        let v = self.payload();
        if !v.is_object() {
            // Pydantic names the schema (Tusk's types are named after Zou's).
            let name = std::any::type_name::<T>().rsplit("::").next().unwrap_or("");
            return Err(validation(
                "",
                &format!("Input should be a valid dictionary or instance of {name}"),
            ));
        }
        parse_value(v)
    }
}

/// Deserialize `v`, reporting the failing field as Zou's validation error.
pub fn parse_value<T: serde::de::DeserializeOwned>(v: Value) -> Result<T> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        // serde's `a[0].b` is pydantic's `a.0.b`; the root is "".
        let path = e
            .path()
            .to_string()
            .replace('[', ".")
            .replace(']', "")
            .trim_start_matches('.')
            .to_owned();
        let inner = e.into_inner().to_string();
        if let Some(rest) = inner.strip_prefix("missing field `") {
            let field = rest.split('`').next().unwrap_or("");
            let field = if path.is_empty() {
                field.to_owned()
            } else {
                format!("{path}.{field}")
            };
            return missing(&field);
        }
        let message = if inner.contains("invalid type") || inner.contains("invalid value") {
            let want = inner.rsplit("expected ").next().unwrap_or("");
            pydantic_message(want)
        } else {
            inner
        };
        validation(&path, &message)
    })
}

/// Pydantic's words for a value of the wrong type, from serde's "expected …".
fn pydantic_message(want: &str) -> String {
    if let Some(name) = want.strip_prefix("struct ") {
        return format!("Input should be a valid dictionary or instance of {name}");
    }
    match want {
        "a string" => "Input should be a valid string".into(),
        "a sequence" => "Input should be a valid list".into(),
        "a map" => "Input should be a valid dictionary".into(),
        "a boolean" => "Input should be a valid boolean".into(),
        "i32" | "i64" | "an integer" => "Input should be a valid integer".into(),
        "f64" | "a number" => "Input should be a valid number".into(),
        w => format!("Input should be {w}"),
    }
}

/// An integer read as pydantic does (lax): a number, or a string holding one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LaxInt(pub i32);

impl<'de> serde::Deserialize<'de> for LaxInt {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        match Value::deserialize(d)? {
            Value::Number(n) => match n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
            {
                Some(i) => i32::try_from(i)
                    .map(LaxInt)
                    .map_err(|_| D::Error::custom("Input should be a valid integer")),
                None => Err(D::Error::custom(
                    "Input should be a valid integer, got a number with a fractional part",
                )),
            },
            Value::String(s) => s.trim().parse::<i32>().map(LaxInt).map_err(|_| {
                D::Error::custom(
                    "Input should be a valid integer, unable to parse string as an integer",
                )
            }),
            _ => Err(D::Error::custom("Input should be a valid integer")),
        }
    }
}

/// A boolean read as pydantic does (lax): `true`, `1`, `"yes"`, `"off"` …
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LaxBool(pub bool);

impl<'de> serde::Deserialize<'de> for LaxBool {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        let bad = || D::Error::custom("Input should be a valid boolean, unable to interpret input");
        match Value::deserialize(d)? {
            Value::Bool(b) => Ok(LaxBool(b)),
            Value::Number(n) => match n.as_i64() {
                Some(0) => Ok(LaxBool(false)),
                Some(1) => Ok(LaxBool(true)),
                _ => Err(bad()),
            },
            Value::String(s) => match s.to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "y" | "on" | "t" => Ok(LaxBool(true)),
                "false" | "0" | "no" | "n" | "off" | "f" => Ok(LaxBool(false)),
                _ => Err(bad()),
            },
            _ => Err(D::Error::custom("Input should be a valid boolean")),
        }
    }
}

/// A string field that must not be empty (pydantic's `min_length=1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NonEmpty(pub String);

impl<'de> serde::Deserialize<'de> for NonEmpty {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.is_empty() {
            return Err(serde::de::Error::custom(
                "String should have at least 1 character",
            ));
        }
        Ok(NonEmpty(s))
    }
}

impl NonEmpty {
    /// The text as an id (Zou answers a wrong one with its not-found error).
    pub fn id(&self) -> Result<Uuid> {
        tusk_db::value::parse_uuid(&self.0)
    }
}

/// A UUID read as pydantic reads one: any form the `uuid` crate accepts,
/// and on failure pydantic's message (`Input should be a valid UUID,
/// invalid length: expected length 32 for simple format, found 3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PyUuid(pub Uuid);

impl<'de> serde::Deserialize<'de> for PyUuid {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        match Value::deserialize(d)? {
            Value::String(s) => Uuid::parse_str(&s)
                .map(PyUuid)
                .map_err(|_| D::Error::custom(uuid_message(&s))),
            _ => Err(D::Error::custom(
                "UUID input should be a string, bytes or UUID object",
            )),
        }
    }
}

/// Pydantic's words for a string that is not a UUID.
pub fn uuid_message(s: &str) -> String {
    let why = match s
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_hexdigit() || *c == '-'))
    {
        Some((i, c)) => format!("invalid character: found `{c}` at {}", i + 1),
        None if s.contains('-') => {
            let groups: Vec<&str> = s.split('-').collect();
            const LENS: [usize; 5] = [8, 4, 4, 4, 12];
            if groups.len() != 5 {
                format!("invalid group count: expected 5, found {}", groups.len())
            } else {
                let (g, (got, want)) = groups
                    .iter()
                    .map(|g| g.len())
                    .zip(LENS)
                    .enumerate()
                    .find(|(_, (got, want))| got != want)
                    .unwrap_or((0, (0, 0)));
                format!("invalid group length in group {g}: expected {want}, found {got}")
            }
        }
        None => format!(
            "invalid length: expected length 32 for simple format, found {}",
            s.chars().count()
        ),
    };
    format!("Input should be a valid UUID, {why}")
}
