//! The body of a new comment, read as Zou's `CommentCreateSchema` reads it
//! (pydantic, lax): a JSON object, or the fields of a form or multipart
//! body, where `checklist` and `links` come as JSON text.
//!
//! Every failing field is reported, in the schema's field order, in Zou's
//! `Validation error.` body.

use serde_json::{json, Map, Value};
use tusk_db::{Error, Result};

/// What a comment request asks for, before any permission applies (the
/// service drops `person_id`, `created_at` and `for_client` for callers
/// who are not managers of the task's project).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommentInput {
    /// The status the task takes, as sent (Zou keeps it as text until it
    /// looks the status up).
    pub task_status_id: String,
    /// The comment text (`comment` in the body).
    pub text: String,
    /// The author, when a manager posts on someone's behalf; empty otherwise.
    pub person_id: String,
    /// A creation date (`YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DDTHH:MM:SS`), for
    /// managers; empty otherwise. Anything else means "now", as in Zou.
    pub created_at: String,
    pub checklist: Vec<Value>,
    pub links: Vec<String>,
    pub for_client: bool,
}

/// The pydantic schema name Zou reports for a body that is not an object.
const SCHEMA: &str = "CommentCreateSchema";

impl CommentInput {
    /// Parse a payload (`Req::payload`): the JSON body, or the form and
    /// query values.
    pub fn parse(payload: &Value) -> Result<CommentInput> {
        let Value::Object(body) = payload else {
            return Err(invalid(vec![(
                String::new(),
                format!("Input should be a valid dictionary or instance of {SCHEMA}"),
            )]));
        };
        let mut errors: Vec<(String, String)> = Vec::new();
        let mut out = CommentInput::default();
        match text_field(body, "task_status_id") {
            Ok(Some(s)) => out.task_status_id = s,
            Ok(None) => errors.push(("task_status_id".into(), "Field required".into())),
            Err(e) => errors.push(("task_status_id".into(), e)),
        }
        for (name, slot) in [
            ("comment", &mut out.text),
            ("person_id", &mut out.person_id),
            ("created_at", &mut out.created_at),
        ] {
            match text_field(body, name) {
                Ok(v) => *slot = v.unwrap_or_default(),
                Err(e) => errors.push((name.into(), e)),
            }
        }
        match list_field(body, "checklist") {
            Ok(v) => out.checklist = v,
            Err((field, e)) => errors.push((field, e)),
        }
        match list_field(body, "links") {
            Ok(items) => {
                for (i, item) in items.into_iter().enumerate() {
                    // Zou stores links in a text array and crashes on
                    // anything else; Tusk refuses them.
                    match item {
                        Value::String(s) => out.links.push(s),
                        _ => errors.push((
                            format!("links.{i}"),
                            "Input should be a valid string".into(),
                        )),
                    }
                }
            }
            Err((field, e)) => errors.push((field, e)),
        }
        match body.get("for_client") {
            None => {}
            Some(v) => match lax_bool(v) {
                Ok(b) => out.for_client = b,
                Err(e) => errors.push(("for_client".into(), e)),
            },
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(invalid(errors))
        }
    }
}

/// Zou's `Validation error.` answer listing `(field, message)` pairs.
fn invalid(errors: Vec<(String, String)>) -> Error {
    let errors: Vec<Value> = errors
        .into_iter()
        .map(|(field, message)| json!({"field": field, "message": message}))
        .collect();
    Error::body(
        400,
        json!({"error": true, "message": "Validation error.", "data": {"errors": errors}}),
    )
}

/// A `str` field: absent is `None`; anything but a string (null included)
/// is pydantic's refusal.
fn text_field(
    body: &Map<String, Value>,
    name: &str,
) -> std::result::Result<Option<String>, String> {
    match body.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err("Input should be a valid string".into()),
    }
}

/// A `list` field with Zou's before-validator: null or empty text is an
/// empty list, other text is decoded as JSON, and the result must be a list.
fn list_field(
    body: &Map<String, Value>,
    name: &str,
) -> std::result::Result<Vec<Value>, (String, String)> {
    let decoded = match body.get(name) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::String(s)) if s.is_empty() => return Ok(Vec::new()),
        Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
            Ok(v) => v,
            Err(e) => {
                return Err((
                    name.into(),
                    format!("Value error, {}", orjson_message(s, &e)),
                ))
            }
        },
        Some(v) => v.clone(),
    };
    match decoded {
        Value::Array(items) => Ok(items),
        _ => Err((name.into(), "Input should be a valid list".into())),
    }
}

/// A `bool` field read as pydantic's lax mode does.
fn lax_bool(v: &Value) -> std::result::Result<bool, String> {
    let unsure = || "Input should be a valid boolean, unable to interpret input".to_owned();
    match v {
        Value::Bool(b) => Ok(*b),
        Value::Number(n) => match n.as_f64() {
            Some(0.0) => Ok(false),
            Some(1.0) => Ok(true),
            _ => Err(unsure()),
        },
        Value::String(s) => match s.to_ascii_lowercase().as_str() {
            "0" | "off" | "f" | "false" | "n" | "no" => Ok(false),
            "1" | "on" | "t" | "true" | "y" | "yes" => Ok(true),
            _ => Err(unsure()),
        },
        _ => Err("Input should be a valid boolean".into()),
    }
}

/// The message orjson (Zou's JSON decoder) gives for malformed JSON text,
/// rebuilt from serde_json's error: `unexpected character: line 1 column 2
/// (char 1)`.
pub fn orjson_message(text: &str, e: &serde_json::Error) -> String {
    let chars: Vec<char> = text.chars().collect();
    let (what, pos) = if e.is_eof() {
        ("unexpected end of data", chars.len())
    } else {
        // serde_json's line and column (both from 1) to a character offset.
        let mut line = 1;
        let mut start = 0;
        for (i, c) in chars.iter().enumerate() {
            if line == e.line() {
                break;
            }
            if *c == '\n' {
                line += 1;
                start = i + 1;
            }
        }
        let pos = (start + e.column().max(1) - 1).min(chars.len());
        let msg = e.to_string();
        if msg.starts_with("trailing characters") {
            ("unexpected content after document", pos)
        } else if msg.starts_with("trailing comma") {
            ("trailing comma is not allowed", pos.saturating_sub(1))
        } else {
            ("unexpected character", pos)
        }
    };
    let line = 1 + chars[..pos].iter().filter(|c| **c == '\n').count();
    let line_start = chars[..pos]
        .iter()
        .rposition(|c| *c == '\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    format!(
        "{what}: line {line} column {} (char {pos})",
        pos - line_start + 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> String {
        let e = serde_json::from_str::<Value>(text).unwrap_err();
        orjson_message(text, &e)
    }

    #[test]
    fn orjson_messages() {
        // As orjson 3 words them (checked against Zou's venv).
        assert_eq!(
            message("[oops"),
            "unexpected character: line 1 column 2 (char 1)"
        );
        assert_eq!(
            message("["),
            "unexpected end of data: line 1 column 2 (char 1)"
        );
        assert_eq!(
            message("[1,"),
            "unexpected end of data: line 1 column 4 (char 3)"
        );
        assert_eq!(
            message("nul"),
            "unexpected end of data: line 1 column 4 (char 3)"
        );
        assert_eq!(
            message("[1] x"),
            "unexpected content after document: line 1 column 5 (char 4)"
        );
        assert_eq!(
            message("{\"a\"}"),
            "unexpected character: line 1 column 5 (char 4)"
        );
        assert_eq!(
            message("[1,]"),
            "trailing comma is not allowed: line 1 column 3 (char 2)"
        );
        assert_eq!(
            message("\n[x"),
            "unexpected character: line 2 column 2 (char 2)"
        );
        assert_eq!(
            message("abc"),
            "unexpected character: line 1 column 1 (char 0)"
        );
        assert_eq!(
            message("[1 2]"),
            "unexpected character: line 1 column 4 (char 3)"
        );
    }

    #[test]
    fn fields_in_schema_order() {
        let e = CommentInput::parse(&json!({"comment": 5, "for_client": "maybe"})).unwrap_err();
        assert_eq!(
            e.zou_body()["data"]["errors"],
            json!([
                {"field": "task_status_id", "message": "Field required"},
                {"field": "comment", "message": "Input should be a valid string"},
                {"field": "for_client", "message": "Input should be a valid boolean, unable to interpret input"}
            ])
        );
    }

    #[test]
    fn form_values() {
        let i = CommentInput::parse(&json!({"task_status_id": "x", "checklist": "[{\"a\": 1}]",
            "links": "", "for_client": "true"}))
        .unwrap();
        assert_eq!(i.checklist, vec![json!({"a": 1})]);
        assert!(i.links.is_empty());
        assert!(i.for_client);
    }
}
