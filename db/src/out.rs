//! Where a row's JSON fields go: [`Out`].
//!
//! A model writes its fields once (`ZouJson::write_fields`, generated) into
//! an `Out`, of which there are two: [`MapOut`], any serde serializer's map
//! (`serde_json::to_value`, GraphQL, a nested answer), and [`Raw`], straight
//! into an answer's bytes (the streamed lists). `Raw` writes what
//! `serde_json` would, byte for byte, without serde's escape scan of every
//! key, id and date: the keys are known names, an id is hex, a date is
//! digits. On a project's shot list that scan was an eighth of the
//! server's CPU (`docs/benchmarks.md`).

use chrono::NaiveDateTime;
use serde::ser::SerializeMap;
use serde::Serialize;
use uuid::Uuid;

/// A JSON object being written, key by key.
pub trait Out {
    type Error: serde::ser::Error;

    fn put<T: ?Sized + Serialize>(&mut self, key: &str, v: &T) -> Result<(), Self::Error>;

    fn put_id(&mut self, key: &str, v: &Uuid) -> Result<(), Self::Error> {
        self.put(key, v)
    }
    fn put_opt_id(&mut self, key: &str, v: &Option<Uuid>) -> Result<(), Self::Error> {
        self.put(key, v)
    }
    /// Zou's datetime form (`crate::fmt`).
    fn put_datetime(&mut self, key: &str, v: &NaiveDateTime) -> Result<(), Self::Error> {
        self.put(key, &crate::fmt::datetime(v))
    }
    fn put_opt_datetime(
        &mut self,
        key: &str,
        v: &Option<NaiveDateTime>,
    ) -> Result<(), Self::Error> {
        self.put(key, &v.as_ref().map(crate::fmt::datetime))
    }
}

/// Any serializer's map.
pub struct MapOut<'a, M>(pub &'a mut M);

impl<M: SerializeMap> Out for MapOut<'_, M> {
    type Error = M::Error;
    fn put<T: ?Sized + Serialize>(&mut self, key: &str, v: &T) -> Result<(), M::Error> {
        self.0.serialize_entry(key, v)
    }
}

/// The fields of a JSON object written into `buf` (the caller writes the
/// braces).
pub struct Raw<'a> {
    buf: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> Raw<'a> {
    pub fn new(buf: &'a mut Vec<u8>) -> Raw<'a> {
        Raw { buf, first: true }
    }

    // Inlined, with the `put_*` below, into the generated writers: there
    // every key is a literal, so the check of its bytes folds away at
    // compile time (it was ~7% of the writing threads of a list on
    // SQLite, `docs/benchmarks.md`).
    #[inline(always)]
    fn key(&mut self, key: &str) -> serde_json::Result<()> {
        if !std::mem::replace(&mut self.first, false) {
            self.buf.push(b',');
        }
        if key.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
            self.buf.push(b'"');
            self.buf.extend_from_slice(key.as_bytes());
            self.buf.push(b'"');
        } else {
            serde_json::to_writer(&mut *self.buf, key)?;
        }
        self.buf.push(b':');
        Ok(())
    }
}

/// `"<hyphenated id>"`, as serde writes a `Uuid`.
pub fn raw_id(buf: &mut Vec<u8>, id: &Uuid) {
    let mut hex = [0u8; uuid::fmt::Hyphenated::LENGTH];
    buf.push(b'"');
    buf.extend_from_slice(id.hyphenated().encode_lower(&mut hex).as_bytes());
    buf.push(b'"');
}

/// `"YYYY-MM-DDTHH:MM:SS"`, as serde writes `crate::fmt::datetime`.
pub fn raw_datetime(buf: &mut Vec<u8>, t: &NaiveDateTime) {
    buf.push(b'"');
    buf.extend_from_slice(&crate::fmt::datetime_bytes(t));
    buf.push(b'"');
}

impl Out for Raw<'_> {
    type Error = serde_json::Error;
    #[inline]
    fn put<T: ?Sized + Serialize>(&mut self, key: &str, v: &T) -> serde_json::Result<()> {
        self.key(key)?;
        serde_json::to_writer(&mut *self.buf, v)
    }
    #[inline]
    fn put_id(&mut self, key: &str, v: &Uuid) -> serde_json::Result<()> {
        self.key(key)?;
        raw_id(self.buf, v);
        Ok(())
    }
    #[inline]
    fn put_opt_id(&mut self, key: &str, v: &Option<Uuid>) -> serde_json::Result<()> {
        self.key(key)?;
        match v {
            Some(id) => raw_id(self.buf, id),
            None => self.buf.extend_from_slice(b"null"),
        }
        Ok(())
    }
    #[inline]
    fn put_datetime(&mut self, key: &str, v: &NaiveDateTime) -> serde_json::Result<()> {
        self.key(key)?;
        raw_datetime(self.buf, v);
        Ok(())
    }
    #[inline]
    fn put_opt_datetime(&mut self, key: &str, v: &Option<NaiveDateTime>) -> serde_json::Result<()> {
        self.key(key)?;
        match v {
            Some(t) => raw_datetime(self.buf, t),
            None => self.buf.extend_from_slice(b"null"),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_writes_what_serde_writes() {
        let id = Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
        let at = crate::value::parse_datetime("2024-02-01 10:30:00.123450").unwrap();
        let mut raw = Vec::new();
        raw.push(b'{');
        {
            let mut o = Raw::new(&mut raw);
            o.put_id("id", &id).unwrap();
            o.put_opt_id("none", &None).unwrap();
            o.put_opt_id("some", &Some(id)).unwrap();
            o.put_datetime("at", &at).unwrap();
            o.put_opt_datetime("never", &None).unwrap();
            o.put("name", "a \"quoted\" name\n").unwrap();
            o.put("odd \"key\"", &1.5).unwrap();
        }
        raw.push(b'}');
        let mut m = serde_json::Map::new();
        m.insert("id".into(), serde_json::json!(id));
        m.insert("none".into(), serde_json::Value::Null);
        m.insert("some".into(), serde_json::json!(id));
        m.insert("at".into(), serde_json::json!(crate::fmt::datetime(&at)));
        m.insert("never".into(), serde_json::Value::Null);
        m.insert("name".into(), serde_json::json!("a \"quoted\" name\n"));
        m.insert("odd \"key\"".into(), serde_json::json!(1.5));
        assert_eq!(
            String::from_utf8(raw).unwrap(),
            serde_json::to_string(&m).unwrap()
        );
    }
}
