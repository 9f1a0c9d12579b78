//! Casting bodies, parsed before anything is written.
//!
//! Zou reads a casting `PUT` entry by entry while it writes: an entry
//! without `asset_id` or `nb_occurences` is skipped, and a malformed id or
//! a non-numeric `nb_occurences` crashes it (500) after the old casting is
//! already wiped. Tusk parses the whole body first: the same entries are
//! skipped, and a bad one refuses the request (400) with nothing written.

use crate::route::validation;
use serde_json::Value;
use tusk_db::{Error, Result};
use uuid::Uuid;

/// One link to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CastEntry {
    pub asset_id: Uuid,
    pub nb_occurences: i32,
    pub label: String,
}

/// A casting to set on one entity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CastingInput {
    /// The entries to write, in body order (the same asset twice: the
    /// second updates the first).
    pub entries: Vec<CastEntry>,
    /// Every asset id the body names, written or not: the new side of
    /// Zou's `added_asset_ids` / `removed_asset_ids` diff.
    pub named: Vec<Uuid>,
}

impl CastingInput {
    /// A casting from typed entries (GraphQL): every entry is written.
    pub fn from_entries(entries: Vec<CastEntry>) -> Self {
        let named = entries.iter().map(|e| e.asset_id).collect();
        CastingInput { entries, named }
    }
}

/// Longest label the column holds (`varchar(80)`).
pub const LABEL_MAX: usize = 80;

/// Pydantic's words for a text that is not a UUID: a wrong length, else
/// the first character that is not hexadecimal (counted from 1).
pub fn py_uuid(s: &str) -> std::result::Result<Uuid, String> {
    Uuid::parse_str(s).map_err(|e| {
        let n = s.chars().count();
        let why = if !matches!(n, 32 | 36 | 38 | 45) {
            format!("invalid length: expected length 32 for simple format, found {n}")
        } else if let Some((i, c)) = s
            .chars()
            .enumerate()
            .find(|(_, c)| !(c.is_ascii_hexdigit() || *c == '-'))
        {
            format!("invalid character: found `{c}` at {}", i + 1)
        } else {
            e.to_string()
        };
        format!("Input should be a valid UUID, {why}")
    })
}

/// An id field of a body: a string holding a UUID.
pub fn id_field(v: &Value, field: &str) -> Result<Uuid> {
    match v {
        Value::String(s) => py_uuid(s).map_err(|m| validation(field, &m)),
        _ => Err(validation(
            field,
            "UUID input should be a string, bytes or UUID object",
        )),
    }
}

/// An integer as pydantic reads it (lax): a whole number, or a string
/// holding one.
pub fn int_field(v: &Value, field: &str) -> Result<i32> {
    let bad = |m: &str| validation(field, m);
    match v {
        Value::Number(n) => {
            let i = n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
                .ok_or_else(|| {
                    bad("Input should be a valid integer, got a number with a fractional part")
                })?;
            i32::try_from(i).map_err(|_| bad("Input should be a valid integer"))
        }
        Value::String(s) => s.trim().parse::<i32>().map_err(|_| {
            bad("Input should be a valid integer, unable to parse string as an integer")
        }),
        _ => Err(bad("Input should be a valid integer")),
    }
}

/// A label: text of at most 80 characters; a number or boolean is taken as
/// its text (Postgres casts it), nothing or null is `""`.
pub fn label_field(v: Option<&Value>, field: &str) -> Result<String> {
    let s = match v {
        None | Some(Value::Null) => return Ok(String::new()),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(_) => return Err(validation(field, "Input should be a valid string")),
    };
    if s.chars().count() > LABEL_MAX {
        return Err(validation(
            field,
            &format!("String should have at most {LABEL_MAX} characters"),
        ));
    }
    Ok(s)
}

/// The 415 Zou answers a casting `PUT` without a JSON body.
pub fn no_json_body() -> Error {
    Error::body(
        415,
        serde_json::json!({"error": true, "message": "Did not attempt to load JSON data because the request Content-Type was not 'application/json'."}),
    )
}

/// The body of `PUT /data/projects/{p}/entities/{id}/casting` (and each
/// value of the batch): a list of `{asset_id, nb_occurences, label?}`.
/// Entries lacking `asset_id` or `nb_occurences` are skipped, as in Zou;
/// `prefix` names the list in error fields (`""`, or the batch key).
pub fn parse_project_casting(items: &[Value], prefix: &str) -> Result<CastingInput> {
    let mut out = CastingInput::default();
    for (i, item) in items.iter().enumerate() {
        let at = |k: &str| {
            if prefix.is_empty() {
                format!("{i}.{k}")
            } else {
                format!("{prefix}.{i}.{k}")
            }
        };
        let Some(obj) = item.as_object() else {
            let field = at("");
            return Err(validation(
                field.trim_end_matches('.'),
                "Input should be a valid dictionary",
            ));
        };
        let asset = match obj.get("asset_id") {
            None | Some(Value::Null) => None,
            Some(v) => Some(id_field(v, &at("asset_id"))?),
        };
        let nb = match obj.get("nb_occurences") {
            None | Some(Value::Null) => None,
            Some(v) => Some(int_field(v, &at("nb_occurences"))?),
        };
        let label = label_field(obj.get("label"), &at("label"))?;
        if let Some(asset_id) = asset {
            out.named.push(asset_id);
            if let Some(nb_occurences) = nb {
                out.entries.push(CastEntry {
                    asset_id,
                    nb_occurences,
                    label,
                });
            }
        }
    }
    Ok(out)
}

/// The body of `PUT /data/assets/{id}/casting`, validated as Zou's newer
/// routes do: `asset_id` is required, `nb_occurences` defaults to 1 and
/// `label` to `""`. Also gives the normalised entries Zou answers with.
pub fn parse_asset_casting(items: &[Value]) -> Result<(CastingInput, Vec<Value>)> {
    let mut entries = Vec::with_capacity(items.len());
    let mut echo = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let Some(obj) = item.as_object() else {
            return Err(validation(
                &i.to_string(),
                "Input should be a valid dictionary",
            ));
        };
        let asset_id = match obj.get("asset_id") {
            None | Some(Value::Null) => {
                return Err(crate::route::missing(&format!("{i}.asset_id")));
            }
            Some(v) => id_field(v, &format!("{i}.asset_id"))?,
        };
        let nb_occurences = match obj.get("nb_occurences") {
            None | Some(Value::Null) => 1,
            Some(v) => int_field(v, &format!("{i}.nb_occurences"))?,
        };
        let label = label_field(obj.get("label"), &format!("{i}.label"))?;
        echo.push(serde_json::json!({
            "asset_id": asset_id.to_string(),
            "nb_occurences": nb_occurences,
            "label": label,
        }));
        entries.push(CastEntry {
            asset_id,
            nb_occurences,
            label,
        });
    }
    Ok((CastingInput::from_entries(entries), echo))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn skips_entries_without_keys_but_names_their_assets() {
        let a = Uuid::new_v4();
        let items = vec![
            json!({"asset_id": a.to_string()}),
            json!({"nb_occurences": 1}),
            json!({"asset_id": a.to_string(), "nb_occurences": "3", "label": null, "x": 1}),
        ];
        let c = parse_project_casting(&items, "").unwrap();
        assert_eq!(c.named, vec![a, a]);
        assert_eq!(
            c.entries,
            vec![CastEntry {
                asset_id: a,
                nb_occurences: 3,
                label: String::new()
            }]
        );
    }

    #[test]
    fn refuses_what_zou_crashes_on() {
        for bad in [
            json!([{"asset_id": "abc", "nb_occurences": 1}]),
            json!([{"asset_id": Uuid::new_v4().to_string(), "nb_occurences": "two"}]),
            json!([{"asset_id": 5, "nb_occurences": 1}]),
            json!([3]),
            json!([{"asset_id": Uuid::new_v4().to_string(), "nb_occurences": 1, "label": "x".repeat(81)}]),
        ] {
            let e = parse_project_casting(bad.as_array().unwrap(), "").unwrap_err();
            assert_eq!(e.status(), 400, "{bad}");
        }
    }

    #[test]
    fn uuid_messages_read_like_pydantic() {
        assert_eq!(
            py_uuid("abc").unwrap_err(),
            "Input should be a valid UUID, invalid length: expected length 32 for simple format, found 3"
        );
        assert!(py_uuid("x0000000-0000-0000-0000-000000000000")
            .unwrap_err()
            .starts_with("Input should be a valid UUID, invalid character: found `x` at "));
    }
}
