//! [`Json`]: a JSON column's value, kept as the text the database holds.
//!
//! Most JSON a model carries (an entity's or a task's `data`) is only ever
//! passed through: read from the database, written into an answer. Parsing
//! each into a `serde_json::Value` (a map, a `String` per key) was a sixth
//! of the CPU of a project's shot list (`docs/benchmarks.md`), on the
//! thread that reads the rows. A `Json` only checks the text is JSON when
//! it is read, and writes it back out as it is when that is what
//! serializing its `Value` would write (`canonical`); code that looks
//! inside asks for [`Json::value`].

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::Value;
use std::borrow::Cow;

/// A JSON value as text (checked to be JSON when made).
#[derive(Clone)]
pub struct Json {
    raw: Box<RawValue>,
    /// `raw` is exactly what serializing its value writes (`canonical`).
    exact: bool,
}

impl Json {
    /// The value, parsed.
    pub fn value(&self) -> Value {
        // The text was checked when the `Json` was made.
        serde_json::from_str(self.raw.get()).unwrap_or(Value::Null)
    }

    /// The JSON text.
    pub fn text(&self) -> &str {
        self.raw.get()
    }

    /// JSON text, checked (`None` when it is not one JSON value), kept in
    /// `serde_json`'s form when a scan can make it so.
    pub fn parse(text: &str) -> Option<Json> {
        let (text, exact) = match canonical(text) {
            Some(c) => (c, true),
            None => (Cow::Borrowed(text), false),
        };
        // One parse, that only checks: no map or string is built.
        let raw = RawValue::from_string(text.into_owned()).ok()?;
        Some(Json { raw, exact })
    }
}

impl From<Value> for Json {
    fn from(v: Value) -> Json {
        Json::from(&v)
    }
}

impl From<&Value> for Json {
    fn from(v: &Value) -> Json {
        Json {
            // Serializing a `Value` cannot fail, and writes `serde_json`'s form.
            raw: serde_json::value::to_raw_value(v).expect("a Value serializes"),
            exact: true,
        }
    }
}

impl PartialEq for Json {
    /// Equal as values (`{"a": 1}` equals `{"a":1}`).
    fn eq(&self, other: &Json) -> bool {
        self.text() == other.text() || self.value() == other.value()
    }
}

impl std::fmt::Debug for Json {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text())
    }
}

impl Serialize for Json {
    /// Exactly what serializing [`Json::value`] writes: the text itself when
    /// it is that (a JSON serializer writes a `RawValue` as it is; any other
    /// parses it), else through the parsed value.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.exact {
            self.raw.serialize(s)
        } else {
            self.value().serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        Value::deserialize(d).map(Json::from)
    }
}

/// `text` as `serde_json` would write its value, if a scan of its tokens
/// can tell: `Borrowed` when `text` already is that, `Owned` when only
/// whitespace between tokens differs (Postgres writes `jsonb` as
/// `{"a": 1, "b": [1, 2]}`), `None` when a token itself would be written
/// differently (a float, an escape `serde_json` does not write, `-0`, an
/// integer too long for 64 bits) or something is not a JSON token. Strict
/// on purpose: `None` costs one parse when the value is written.
///
/// The scan checks tokens, not their order: the caller still parses the
/// result (`Json::parse`), which is JSON exactly when `text` is (the only
/// whitespace whose removal could join two tokens into one, between two
/// numbers, gives `None`). One thing it does not see: an object with a
/// key twice, which neither Tusk nor Postgres ever writes.
fn canonical(text: &str) -> Option<Cow<'_, str>> {
    let b = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut i = 0;
    let mut values = 0usize;
    // The last token was a number (whitespace after it must not be removed
    // if another number follows).
    let mut after_number = false;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                let o = out.get_or_insert_with(|| Vec::with_capacity(b.len()));
                o.extend_from_slice(&b[copied..i]);
                while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
                    i += 1;
                }
                if after_number && i < b.len() && matches!(b[i], b'-' | b'0'..=b'9') {
                    return None;
                }
                copied = i;
                continue;
            }
            b'"' => {
                i = string_end(b, i + 1)?;
                values += 1;
                after_number = false;
                continue;
            }
            b'{' | b'[' | b'}' | b']' | b',' | b':' => i += 1,
            b'-' | b'0'..=b'9' => {
                let sign = usize::from(c == b'-');
                let digits = i + sign;
                let mut end = digits;
                while end < b.len() && b[end].is_ascii_digit() {
                    end += 1;
                }
                let n = end - digits;
                // Integers only, as `serde_json` writes them: no fraction or
                // exponent, no leading zero, no `-0`, at most 18 digits (any
                // of which fits in an i64).
                if n == 0
                    || n > 18
                    || (b[digits] == b'0' && (n > 1 || sign == 1))
                    || matches!(b.get(end), Some(b'.' | b'e' | b'E'))
                {
                    return None;
                }
                i = end;
                values += 1;
                after_number = true;
                continue;
            }
            b't' | b'f' | b'n' => {
                let word: &[u8] = match c {
                    b't' => b"true",
                    b'f' => b"false",
                    _ => b"null",
                };
                if !b[i..].starts_with(word) {
                    return None;
                }
                i += word.len();
                values += 1;
            }
            _ => return None,
        }
        after_number = false;
    }
    if values == 0 && !text.contains(['{', '[']) {
        return None;
    }
    Some(match out {
        None => Cow::Borrowed(text),
        Some(mut o) => {
            o.extend_from_slice(&b[copied..]);
            // Only ASCII whitespace was removed, between tokens.
            Cow::Owned(String::from_utf8(o).ok()?)
        }
    })
}

/// The index after the closing quote of the string starting at `i` (after
/// its opening quote), if every escape in it is one `serde_json` writes:
/// `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, and `\u00xx` (lowercase) for
/// the other control characters.
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    loop {
        let c = *b.get(i)?;
        match c {
            b'"' => return Some(i + 1),
            b'\\' => {
                match *b.get(i + 1)? {
                    b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't' => i += 2,
                    b'u' => {
                        let hex = b.get(i + 2..i + 6)?;
                        let lower = |h: u8| h.is_ascii_digit() || (b'a'..=b'f').contains(&h);
                        if !hex.iter().all(|h| lower(*h)) || &hex[..2] != b"00" {
                            return None;
                        }
                        let v =
                            u8::from_str_radix(std::str::from_utf8(&hex[2..]).ok()?, 16).ok()?;
                        // serde_json writes these with a letter escape, and
                        // everything from 0x20 as itself.
                        if v >= 0x20 || matches!(v, 0x08 | 0x0c | 0x0a | 0x0d | 0x09) {
                            return None;
                        }
                        i += 6;
                    }
                    _ => return None,
                }
            }
            0x00..=0x1f => return None,
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serializing the parsed value writes.
    fn through_value(t: &str) -> String {
        serde_json::to_string(&serde_json::from_str::<Value>(t).unwrap()).unwrap()
    }

    #[test]
    fn writes_what_the_parsed_value_writes() {
        for t in [
            r#"{"frame_in":1001,"fps":24,"camera":"cam_1"}"#,
            r#"{"fps": 24, "camera": "cam_1", "list": [1, 2, {"a": null}]}"#,
            r#"{"b":true,"a":false,"z":null,"n":-12,"e":""}"#,
            r#"{"s":"tab\there \"quoted\" back\\slash \u001f é ✓"}"#,
            r#"{"x":1.5,"y":1e3,"z":-0,"big":123456789012345678901234}"#,
            r#"{"esc":"\/ \u00e9 \u000a \u0041 \u001F"}"#,
            "[]",
            "{}",
            "  [ 1 , 2 ]  ",
            "\"just a string\"",
            "0",
            "-7",
            "[1,\n2]",
        ] {
            let j = Json::parse(t).unwrap();
            assert_eq!(serde_json::to_string(&j).unwrap(), through_value(t), "{t}");
            // Any other serializer sees the same value.
            assert_eq!(serde_json::to_value(&j).unwrap(), j.value(), "{t}");
        }
    }

    #[test]
    fn passes_through_only_what_needs_no_parse_when_written() {
        assert!(matches!(
            canonical(r#"{"a":1,"b":"x"}"#),
            Some(Cow::Borrowed(_))
        ));
        assert!(matches!(canonical(r#"{"a": 1}"#), Some(Cow::Owned(_))));
        for t in [
            r#"{"a":1.5}"#,
            r#"{"a":"\/"}"#,
            r#"{"a":01}"#,
            r#"{"a":-0}"#,
            "[1 2]",
            "",
            "nul",
        ] {
            assert!(canonical(t).is_none(), "{t}");
        }
    }

    #[test]
    fn rejects_what_is_not_json() {
        for t in [
            "{",
            "not json",
            "[1 2]",
            "- 1",
            "{\"a\" 1}",
            "true false",
            "",
        ] {
            assert!(Json::parse(t).is_none(), "{t}");
        }
        assert_eq!(Json::parse(" {\"a\": [1]} ").unwrap().value()["a"][0], 1);
    }
}
