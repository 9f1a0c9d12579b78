//! Dynamically typed SQL values, and how each column kind parses them.
//!
//! Filters, CRUD bodies and GraphQL inputs all become `(column, SqlValue)`
//! pairs. A value is parsed against the column's [`Kind`] once, at the edge
//! ("parse, don't validate"), so everything below deals only with well-typed
//! values that are always sent to the database as bound parameters.

use crate::error::{Error, Result};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::Value;
use uuid::Uuid;

/// The storage kind of a column. Each kind has one Postgres type and one
/// SQLite equivalent (see `ddl.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `uuid` / BLOB(16)
    Uuid,
    /// `varchar(n)` (n = 0 means `text`) / TEXT
    Text(u32),
    /// `integer` / INTEGER
    Int,
    /// `bigint` / INTEGER
    BigInt,
    /// `double precision` / REAL
    Float,
    /// `boolean` / INTEGER 0-1
    Bool,
    /// `timestamp` (naive UTC) / TEXT `YYYY-MM-DD HH:MM:SS.ffffff`
    Timestamp,
    /// `date` / TEXT `YYYY-MM-DD`
    Date,
    /// `jsonb` / TEXT holding JSON
    Json,
    /// `varchar[]` / TEXT holding a JSON array of strings
    TextArray,
    /// `jsonb[]` / TEXT holding a JSON array
    JsonArray,
    /// `bytea` / BLOB
    Bytes,
    /// `bytea[]` / TEXT holding a JSON array of strings
    BytesArray,
}

/// A typed SQL value. Every variant carries an `Option`, so that a NULL is
/// still bound with the column's type (Postgres needs it).
#[derive(Debug, Clone, PartialEq)]
pub enum SqlValue {
    Uuid(Option<Uuid>),
    Text(Option<String>),
    Int(Option<i32>),
    BigInt(Option<i64>),
    Float(Option<f64>),
    Bool(Option<bool>),
    Timestamp(Option<NaiveDateTime>),
    Date(Option<NaiveDate>),
    Json(Option<Value>),
    TextArray(Option<Vec<String>>),
    JsonArray(Option<Vec<Value>>),
    Bytes(Option<Vec<u8>>),
    BytesArray(Option<Vec<Vec<u8>>>),
    /// A list of ids bound as one parameter (`= ANY($1)` in Postgres, a JSON
    /// array read by `json_each` in SQLite), so that a batch of any size is
    /// one statement with one parameter.
    UuidArray(Vec<Uuid>),
}

impl SqlValue {
    pub fn is_null(&self) -> bool {
        matches!(
            self,
            SqlValue::Uuid(None)
                | SqlValue::Text(None)
                | SqlValue::Int(None)
                | SqlValue::BigInt(None)
                | SqlValue::Float(None)
                | SqlValue::Bool(None)
                | SqlValue::Timestamp(None)
                | SqlValue::Date(None)
                | SqlValue::Json(None)
                | SqlValue::TextArray(None)
                | SqlValue::JsonArray(None)
                | SqlValue::Bytes(None)
                | SqlValue::BytesArray(None)
        )
    }

    pub fn null(kind: Kind) -> SqlValue {
        match kind {
            Kind::Uuid => SqlValue::Uuid(None),
            Kind::Text(_) => SqlValue::Text(None),
            Kind::Int => SqlValue::Int(None),
            Kind::BigInt => SqlValue::BigInt(None),
            Kind::Float => SqlValue::Float(None),
            Kind::Bool => SqlValue::Bool(None),
            Kind::Timestamp => SqlValue::Timestamp(None),
            Kind::Date => SqlValue::Date(None),
            Kind::Json => SqlValue::Json(None),
            Kind::TextArray => SqlValue::TextArray(None),
            Kind::JsonArray => SqlValue::JsonArray(None),
            Kind::Bytes => SqlValue::Bytes(None),
            Kind::BytesArray => SqlValue::BytesArray(None),
        }
    }

    pub fn as_uuid(&self) -> Option<Uuid> {
        match self {
            SqlValue::Uuid(u) => *u,
            _ => None,
        }
    }

    /// The value as JSON, the way Zou serializes it (used for cursors and
    /// event payloads).
    pub fn to_json(&self) -> Value {
        match self {
            SqlValue::Uuid(v) => v
                .map(|u| Value::String(u.to_string()))
                .unwrap_or(Value::Null),
            SqlValue::Text(v) => v.clone().map(Value::String).unwrap_or(Value::Null),
            SqlValue::Int(v) => v.map(Value::from).unwrap_or(Value::Null),
            SqlValue::BigInt(v) => v.map(Value::from).unwrap_or(Value::Null),
            SqlValue::Float(v) => v.map(Value::from).unwrap_or(Value::Null),
            SqlValue::Bool(v) => v.map(Value::from).unwrap_or(Value::Null),
            SqlValue::Timestamp(v) => v
                .map(|t| Value::String(crate::fmt::datetime(&t)))
                .unwrap_or(Value::Null),
            SqlValue::Date(v) => v
                .map(|d| Value::String(d.format("%Y-%m-%d").to_string()))
                .unwrap_or(Value::Null),
            SqlValue::Json(v) => v.clone().unwrap_or(Value::Null),
            SqlValue::TextArray(v) => v
                .as_ref()
                .map(|a| Value::from(a.clone()))
                .unwrap_or(Value::Null),
            SqlValue::JsonArray(v) => v.clone().map(Value::Array).unwrap_or(Value::Null),
            SqlValue::Bytes(_) | SqlValue::BytesArray(_) => Value::Null,
            SqlValue::UuidArray(v) => {
                Value::from(v.iter().map(|u| u.to_string()).collect::<Vec<_>>())
            }
        }
    }
}

/// Parse an id the way Zou's routes do: only the hyphenated form, anything
/// else is 400 `Malformed ID.`.
pub fn parse_uuid(s: &str) -> Result<Uuid> {
    parse_hyphenated(s).ok_or_else(Error::malformed_id)
}

/// A UUID in its 36-character hyphenated form (any case).
pub fn parse_hyphenated(s: &str) -> Option<Uuid> {
    if s.len() != 36 {
        return None;
    }
    Uuid::parse_str(s).ok()
}

/// Parse an ISO 8601 datetime as Zou accepts it: a date, a datetime with
/// `T` or a space, with or without fractional seconds and zone suffix. Like
/// Zou, a zone offset is dropped, not converted.
pub fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    if let Some(dt) = parse_stored_datetime(s) {
        return Some(dt);
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(dt.naive_local());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, f) {
            return Some(dt);
        }
    }
    if let Some(stripped) = s.strip_suffix('Z') {
        return parse_datetime(stripped);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// `YYYY-MM-DD HH:MM:SS[.fraction]` (or with a `T`), as Tusk and Zou
/// store datetimes, parsed by hand (chrono's format strings are parsed
/// anew for each value; SQLite lists decode hundreds of thousands);
/// `None` for anything else.
pub fn parse_stored_datetime(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b' ' | b'T')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)?;
    let nanos = match &b[19..] {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            let n = num(20, b.len())?;
            n * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    date.and_hms_nano_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?, nanos)
}

pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .or_else(|| parse_datetime(s).map(|dt| dt.date()))
}

fn bad_date(column: &str, v: &Value) -> Error {
    let shown = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Error::Invalid(format!(
        "Invalid date format for '{column}': '{shown}'. Expected an ISO 8601 date or datetime."
    ))
}

fn bool_from_str(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "t" | "yes" | "y" | "on" => Some(true),
        "false" | "0" | "f" | "no" | "n" | "off" => Some(false),
        _ => None,
    }
}

impl Kind {
    /// Parse a JSON value (from a request body or a GraphQL input) into a
    /// value of this kind. `column` only serves the error message.
    pub fn parse_json(self, column: &str, v: &Value) -> Result<SqlValue> {
        if v.is_null() {
            return Ok(SqlValue::null(self));
        }
        let wrong =
            || Error::CrudBadRequest("One of the provided values has an invalid format.".into());
        Ok(match self {
            Kind::Uuid => {
                // Relations may be given as `{"id": ...}` objects.
                let s = match v {
                    Value::String(s) => s.as_str(),
                    Value::Object(o) => o.get("id").and_then(Value::as_str).ok_or_else(wrong)?,
                    _ => return Err(wrong()),
                };
                SqlValue::Uuid(Some(Uuid::parse_str(s).map_err(|_| wrong())?))
            }
            Kind::Text(_) => SqlValue::Text(Some(match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return Err(wrong()),
            })),
            Kind::Int => SqlValue::Int(Some(match v {
                Value::Number(n) => n
                    .as_i64()
                    .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
                    .and_then(|i| i32::try_from(i).ok())
                    .ok_or_else(wrong)?,
                Value::String(s) => s.trim().parse().map_err(|_| wrong())?,
                Value::Bool(b) => *b as i32,
                _ => return Err(wrong()),
            })),
            Kind::BigInt => SqlValue::BigInt(Some(match v {
                Value::Number(n) => n.as_i64().ok_or_else(wrong)?,
                Value::String(s) => s.trim().parse().map_err(|_| wrong())?,
                _ => return Err(wrong()),
            })),
            Kind::Float => SqlValue::Float(Some(match v {
                Value::Number(n) => n.as_f64().ok_or_else(wrong)?,
                Value::String(s) => s.trim().parse().map_err(|_| wrong())?,
                _ => return Err(wrong()),
            })),
            Kind::Bool => SqlValue::Bool(Some(match v {
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_i64().map(|i| i != 0).ok_or_else(wrong)?,
                Value::String(s) => bool_from_str(s).ok_or_else(wrong)?,
                _ => return Err(wrong()),
            })),
            Kind::Timestamp => SqlValue::Timestamp(Some(
                v.as_str()
                    .and_then(parse_datetime)
                    .ok_or_else(|| bad_date(column, v))?,
            )),
            Kind::Date => SqlValue::Date(Some(
                v.as_str()
                    .and_then(parse_date)
                    .ok_or_else(|| bad_date(column, v))?,
            )),
            Kind::Json => SqlValue::Json(Some(v.clone())),
            Kind::TextArray => SqlValue::TextArray(Some(match v {
                Value::Array(a) => a
                    .iter()
                    .map(|x| x.as_str().map(str::to_owned).ok_or_else(wrong))
                    .collect::<Result<_>>()?,
                _ => return Err(wrong()),
            })),
            Kind::JsonArray => SqlValue::JsonArray(Some(match v {
                Value::Array(a) => a.clone(),
                _ => return Err(wrong()),
            })),
            Kind::Bytes | Kind::BytesArray => return Err(wrong()),
        })
    }

    /// Parse a query-string value (always text) into this kind, with Zou's
    /// error messages. A value that starts with `[` is a JSON list and is
    /// handled by the caller.
    pub fn parse_str(self, column: &str, s: &str) -> Result<SqlValue> {
        let _ = column;
        let wrong =
            || Error::BadRequest("One of the provided values has an invalid format.".into());
        Ok(match self {
            Kind::Uuid => SqlValue::Uuid(Some(
                Uuid::parse_str(s.trim())
                    .map_err(|_| Error::Invalid(format!("Invalid UUID value: {s}")))?,
            )),
            Kind::Text(_) => SqlValue::Text(Some(s.to_owned())),
            Kind::Int => SqlValue::Int(Some(s.trim().parse().map_err(|_| wrong())?)),
            Kind::BigInt => SqlValue::BigInt(Some(s.trim().parse().map_err(|_| wrong())?)),
            Kind::Float => SqlValue::Float(Some(s.trim().parse().map_err(|_| wrong())?)),
            Kind::Bool => {
                SqlValue::Bool(Some(bool_from_str(s).ok_or_else(|| {
                    Error::Invalid(format!("Invalid boolean value: {s}"))
                })?))
            }
            Kind::Timestamp => SqlValue::Timestamp(Some(parse_datetime(s).ok_or_else(wrong)?)),
            Kind::Date => SqlValue::Date(Some(parse_date(s).ok_or_else(wrong)?)),
            Kind::Json => SqlValue::Json(Some(serde_json::from_str(s).map_err(|_| wrong())?)),
            _ => return Err(wrong()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_datetime, parse_stored_datetime};

    #[test]
    fn datetimes_as_stored() {
        let t = |s: &str| parse_stored_datetime(s).map(|t| t.to_string());
        assert_eq!(
            t("2024-01-15 10:30:00").as_deref(),
            Some("2024-01-15 10:30:00")
        );
        assert_eq!(
            t("2024-01-15T10:30:00").as_deref(),
            Some("2024-01-15 10:30:00")
        );
        assert_eq!(
            t("2024-01-15 10:30:00.123456").as_deref(),
            Some("2024-01-15 10:30:00.123456")
        );
        assert_eq!(
            t("2024-01-15 10:30:00.5").as_deref(),
            Some("2024-01-15 10:30:00.500")
        );
        // Not ours: left to sqlx.
        assert_eq!(t("2024-01-15 10:30:00+00:00"), None);
        assert_eq!(t("2024-02-30 10:30:00"), None);
        assert_eq!(t("2024-01-15 25:30:00"), None);
        assert_eq!(t("2024-01-15"), None);
        assert_eq!(t("2024-0a-15 10:30:00"), None);
        // What Zou accepts in a request still parses, through the formats.
        assert_eq!(
            parse_datetime("2024-01-15T10:30:00+02:00").map(|t| t.to_string()),
            Some("2024-01-15 10:30:00".into())
        );
        assert_eq!(
            parse_datetime("2024-01-15").map(|t| t.to_string()),
            Some("2024-01-15 00:00:00".into())
        );
    }
}
