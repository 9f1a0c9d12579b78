//! Reading one column of a row, in either dialect, by position.
//!
//! `Column` is how hand-written row structs (`sql_row!`) and the models'
//! datetime columns are decoded. Most types are sqlx's own decoding; a
//! datetime stored as SQLite text is parsed here by hand: sqlx tries
//! chrono format strings one after the other for each value, which was a
//! twelfth of the CPU of the biggest view on SQLite.

use crate::json::Json;
use crate::types::List;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::ValueRef;
use serde::de::DeserializeOwned;
use serde_json::Value;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Decode, Row, Sqlite, ValueRef as _};
use uuid::Uuid;

/// A value read from column `i` of a row.
pub trait Column: Sized {
    fn from_sqlite(row: &SqliteRow, i: usize) -> Result<Self, sqlx::Error>;
    fn from_pg(row: &PgRow, i: usize) -> Result<Self, sqlx::Error>;
    /// Column `i` of a row SQLite holds (`crate::direct`), read as sqlx
    /// would read it.
    fn from_sqlite_ref(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self>;
}

/// A non-null SQLite value read in place (`Column::from_sqlite_ref`),
/// converted as sqlx converts it (SQLite's own conversions: a number read
/// as text, text read as a number).
trait FromRef: Sized {
    fn from_ref(v: ValueRef<'_>) -> Option<Self>;
}

/// The value of column `i`, through `FromRef`; an error names the column
/// and the type SQLite held.
fn read_ref<T: FromRef>(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<T>> {
    let v = row.get_ref(i)?;
    if let ValueRef::Null = v {
        return Ok(None);
    }
    match T::from_ref(v) {
        Some(t) => Ok(Some(t)),
        None => Err(rusqlite::Error::InvalidColumnType(
            i,
            std::any::type_name::<T>().into(),
            v.data_type(),
        )),
    }
}

/// The text of a value (SQLite renders numbers as text when asked).
fn text<R>(v: ValueRef<'_>, f: impl FnOnce(&str) -> Option<R>) -> Option<R> {
    match v {
        ValueRef::Text(b) | ValueRef::Blob(b) => std::str::from_utf8(b).ok().and_then(f),
        ValueRef::Integer(n) => f(&n.to_string()),
        ValueRef::Real(x) => f(&x.to_string()),
        ValueRef::Null => None,
    }
}

/// An integer as SQLite converts it (`sqlite3_value_int64`; sqlx then
/// truncates to the narrower types).
fn int(v: ValueRef<'_>) -> Option<i64> {
    match v {
        ValueRef::Integer(n) => Some(n),
        ValueRef::Real(x) => Some(x as i64),
        _ => text(v, |s| s.trim().parse().ok()),
    }
}

fn real(v: ValueRef<'_>) -> Option<f64> {
    match v {
        ValueRef::Real(x) => Some(x),
        ValueRef::Integer(n) => Some(n as f64),
        _ => text(v, |s| s.trim().parse().ok()),
    }
}

impl FromRef for Uuid {
    fn from_ref(v: ValueRef<'_>) -> Option<Self> {
        match v {
            ValueRef::Blob(b) => Uuid::from_slice(b).ok(),
            ValueRef::Text(t) => Uuid::try_parse_ascii(t).ok(),
            _ => None,
        }
    }
}
impl FromRef for String {
    fn from_ref(v: ValueRef<'_>) -> Option<Self> {
        text(v, |s| Some(s.to_owned()))
    }
}
impl FromRef for bool {
    fn from_ref(v: ValueRef<'_>) -> Option<Self> {
        int(v).map(|n| n != 0)
    }
}
impl FromRef for i16 {
    fn from_ref(v: ValueRef<'_>) -> Option<Self> {
        int(v).map(|n| n as i16)
    }
}
impl FromRef for i32 {
    fn from_ref(v: ValueRef<'_>) -> Option<Self> {
        int(v).map(|n| n as i32)
    }
}
impl FromRef for i64 {
    fn from_ref(v: ValueRef<'_>) -> Option<Self> {
        int(v)
    }
}
impl FromRef for f32 {
    fn from_ref(v: ValueRef<'_>) -> Option<Self> {
        real(v).map(|x| x as f32)
    }
}
impl FromRef for f64 {
    fn from_ref(v: ValueRef<'_>) -> Option<Self> {
        real(v)
    }
}
impl FromRef for Value {
    fn from_ref(v: ValueRef<'_>) -> Option<Self> {
        match v {
            ValueRef::Text(b) | ValueRef::Blob(b) => serde_json::from_slice(b).ok(),
            ValueRef::Integer(n) => Some(Value::from(n)),
            ValueRef::Real(x) => Some(Value::from(x)),
            ValueRef::Null => None,
        }
    }
}
impl FromRef for NaiveDate {
    fn from_ref(v: ValueRef<'_>) -> Option<Self> {
        text(v, crate::value::parse_date)
    }
}
impl FromRef for Vec<u8> {
    fn from_ref(v: ValueRef<'_>) -> Option<Self> {
        match v {
            ValueRef::Text(b) | ValueRef::Blob(b) => Some(b.to_vec()),
            _ => None,
        }
    }
}
impl FromRef for NaiveDateTime {
    /// Tusk's stored form by hand; other text as a request's datetime;
    /// a number as Unix seconds.
    fn from_ref(v: ValueRef<'_>) -> Option<Self> {
        match v {
            ValueRef::Integer(n) => chrono::DateTime::from_timestamp(n, 0).map(|t| t.naive_utc()),
            _ => text(v, |s| {
                crate::value::parse_stored_datetime(s).or_else(|| crate::value::parse_datetime(s))
            }),
        }
    }
}

/// sqlx's own decoding, without its per-value type check: these rows'
/// columns are their statements' own. Each entry, `[generics] type`
/// (optionally `where [bounds]`), implements `Column` for the type and its
/// `Option`. An entry may end with `=> decoder` (`pg_binary`): Postgres's
/// binary value of that exact width is then decoded by hand.
macro_rules! by_sqlx {
    ($([$($g:tt)*] $t:ty $(where [$($w:tt)*])? $(=> $fast:expr)?);* $(;)?) => {$(
        impl<$($g)*> Column for $t $(where $($w)*)? {
            fn from_sqlite(row: &SqliteRow, i: usize) -> Result<Self, sqlx::Error> {
                row.try_get_unchecked(i)
            }
            fn from_pg(row: &PgRow, i: usize) -> Result<Self, sqlx::Error> {
                $(
                    if let Some(v) = pg_binary(&row.try_get_raw(i)?, $fast) {
                        return Ok(v);
                    }
                )?
                row.try_get_unchecked(i)
            }
            fn from_sqlite_ref(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
                not_null(read_ref(row, i)?, i)
            }
        }
        impl<$($g)*> Column for Option<$t> $(where $($w)*)? {
            fn from_sqlite(row: &SqliteRow, i: usize) -> Result<Self, sqlx::Error> {
                row.try_get_unchecked(i)
            }
            fn from_pg(row: &PgRow, i: usize) -> Result<Self, sqlx::Error> {
                $(
                    let v = row.try_get_raw(i)?;
                    if v.is_null() {
                        return Ok(None);
                    }
                    if let Some(v) = pg_binary(&v, $fast) {
                        return Ok(Some(v));
                    }
                )?
                row.try_get_unchecked(i)
            }
            fn from_sqlite_ref(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
                read_ref(row, i)
            }
        }
    )*};
}

/// A Postgres value in the binary format it is read in, when it is `N`
/// bytes long, decoded by `f`; `None` otherwise (text format, null, another
/// width: a column of a type other than the row's), which sqlx then reads
/// as it would. sqlx's generic decoding (a length-generic big-endian read
/// for integers, a `chrono::Duration` added to a date built for each
/// timestamp) was a fifth of decoding a Postgres task row (`perf`,
/// `docs/benchmarks.md`).
fn pg_binary<T, const N: usize>(
    v: &sqlx::postgres::PgValueRef<'_>,
    f: impl FnOnce([u8; N]) -> Option<T>,
) -> Option<T> {
    if v.format() != sqlx::postgres::PgValueFormat::Binary {
        return None;
    }
    f(v.as_bytes().ok()?.try_into().ok()?)
}

/// Microseconds from the Unix epoch to Postgres's (2000-01-01).
const PG_EPOCH_MICROS: i64 = 946_684_800_000_000;

/// A binary `timestamp`: microseconds since 2000-01-01 (`None` for
/// infinity).
fn pg_datetime(b: [u8; 8]) -> Option<NaiveDateTime> {
    let micros = i64::from_be_bytes(b).checked_add(PG_EPOCH_MICROS)?;
    chrono::DateTime::from_timestamp_micros(micros).map(|t| t.naive_utc())
}

/// A null where the row's type has none: sqlx's error, in rusqlite's terms.
fn not_null<T>(v: Option<T>, i: usize) -> rusqlite::Result<T> {
    v.ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(
            i,
            std::any::type_name::<T>().into(),
            rusqlite::types::Type::Null,
        )
    })
}
by_sqlx!(
    [] Uuid => |b| Some(Uuid::from_bytes(b));
    [] String;
    [] bool => |b: [u8; 1]| Some(b[0] != 0);
    [] i16;
    [] i32 => |b| Some(i32::from_be_bytes(b));
    [] i64 => |b| Some(i64::from_be_bytes(b));
    [] f32;
    [] f64 => |b| Some(f64::from_be_bytes(b));
    [] Value;
    [] NaiveDate;
    [] Vec<u8>;
    // Lists (`crate::types::List`): JSON text on SQLite.
    [T: DeserializeOwned] List<T> where [List<T>: crate::pool::Scalar];
);

impl Column for Option<NaiveDateTime> {
    fn from_sqlite(row: &SqliteRow, i: usize) -> Result<Self, sqlx::Error> {
        let v = row.try_get_raw(i)?;
        if v.is_null() {
            return Ok(None);
        }
        let parsed = <&str as Decode<Sqlite>>::decode(v)
            .ok()
            .and_then(crate::value::parse_stored_datetime);
        match parsed {
            Some(t) => Ok(Some(t)),
            // Anything else (a zone suffix, a number): as sqlx reads it.
            None => row.try_get(i),
        }
    }
    fn from_pg(row: &PgRow, i: usize) -> Result<Self, sqlx::Error> {
        let v = row.try_get_raw(i)?;
        if v.is_null() {
            return Ok(None);
        }
        match pg_binary(&v, pg_datetime) {
            Some(t) => Ok(Some(t)),
            None => row.try_get_unchecked(i),
        }
    }
    fn from_sqlite_ref(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        read_ref(row, i)
    }
}

impl Column for NaiveDateTime {
    fn from_sqlite(row: &SqliteRow, i: usize) -> Result<Self, sqlx::Error> {
        match Option::<NaiveDateTime>::from_sqlite(row, i)? {
            Some(t) => Ok(t),
            // sqlx's own error for a null in a non-null type.
            None => row.try_get(i),
        }
    }
    fn from_pg(row: &PgRow, i: usize) -> Result<Self, sqlx::Error> {
        match pg_binary(&row.try_get_raw(i)?, pg_datetime) {
            Some(t) => Ok(t),
            // sqlx's own reading, and its error for a null.
            None => row.try_get_unchecked(i),
        }
    }
    fn from_sqlite_ref(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        not_null(read_ref(row, i)?, i)
    }
}

/// A JSON column kept as its text (`crate::json`).
impl FromRef for Json {
    fn from_ref(v: ValueRef<'_>) -> Option<Self> {
        match v {
            ValueRef::Text(b) | ValueRef::Blob(b) => Json::parse(std::str::from_utf8(b).ok()?),
            _ => Value::from_ref(v).map(Json::from),
        }
    }
}

/// A Postgres `json` or `jsonb` value as text (binary `jsonb` is a version
/// byte, 1, then the text).
fn pg_json(v: &sqlx::postgres::PgValueRef<'_>) -> Result<Json, sqlx::Error> {
    use sqlx::TypeInfo as _;
    let bad = |what: &str| sqlx::Error::Decode(format!("{what} in a JSON column").into());
    let mut b = v.as_bytes().map_err(sqlx::Error::Decode)?;
    if v.format() == sqlx::postgres::PgValueFormat::Binary && v.type_info().name() == "JSONB" {
        b = b
            .strip_prefix(&[1])
            .ok_or_else(|| bad("an unknown jsonb version"))?;
    }
    std::str::from_utf8(b)
        .ok()
        .and_then(Json::parse)
        .ok_or_else(|| bad("text that is not JSON"))
}

impl Column for Option<Json> {
    fn from_sqlite(row: &SqliteRow, i: usize) -> Result<Self, sqlx::Error> {
        let v = row.try_get_raw(i)?;
        if v.is_null() {
            return Ok(None);
        }
        match <&str as Decode<Sqlite>>::decode(v)
            .ok()
            .and_then(Json::parse)
        {
            Some(j) => Ok(Some(j)),
            // A number, or sqlx's error.
            None => Ok(row
                .try_get_unchecked::<Option<Value>, _>(i)?
                .map(Json::from)),
        }
    }
    fn from_pg(row: &PgRow, i: usize) -> Result<Self, sqlx::Error> {
        let v = row.try_get_raw(i)?;
        if v.is_null() {
            return Ok(None);
        }
        pg_json(&v).map(Some)
    }
    fn from_sqlite_ref(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        read_ref(row, i)
    }
}

impl Column for Json {
    fn from_sqlite(row: &SqliteRow, i: usize) -> Result<Self, sqlx::Error> {
        match Option::<Json>::from_sqlite(row, i)? {
            Some(j) => Ok(j),
            None => Err(sqlx::Error::Decode(
                "a null in a non-null JSON column".into(),
            )),
        }
    }
    fn from_pg(row: &PgRow, i: usize) -> Result<Self, sqlx::Error> {
        match Option::<Json>::from_pg(row, i)? {
            Some(j) => Ok(j),
            None => Err(sqlx::Error::Decode(
                "a null in a non-null JSON column".into(),
            )),
        }
    }
    fn from_sqlite_ref(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Self> {
        not_null(read_ref(row, i)?, i)
    }
}

/// Lists: JSON text on SQLite.
impl<T: DeserializeOwned> FromRef for List<T> {
    fn from_ref(v: ValueRef<'_>) -> Option<Self> {
        match v {
            ValueRef::Text(b) | ValueRef::Blob(b) => serde_json::from_slice(b).ok().map(List),
            _ => None,
        }
    }
}

/// A struct read from a row column by column, in field order, in either
/// dialect (`Column`): the rows of hand-written statements.
#[macro_export]
macro_rules! sql_row {
    ($(#[$m:meta])* $vis:vis struct $name:ident { $($fv:vis $f:ident : $t:ty),* $(,)? }) => {
        $(#[$m])*
        $vis struct $name { $($fv $f: $t),* }
        impl $crate::FromSqlRow for $name {
            #[allow(unused_assignments)]
            fn from_sqlite(
                row: &$crate::__private::sqlx::sqlite::SqliteRow,
            ) -> ::std::result::Result<Self, $crate::__private::sqlx::Error> {
                let mut i = 0usize;
                Ok($name { $($f: { let v = <$t as $crate::Column>::from_sqlite(row, i)?; i += 1; v }),* })
            }
            #[allow(unused_assignments)]
            fn from_pg(
                row: &$crate::__private::sqlx::postgres::PgRow,
            ) -> ::std::result::Result<Self, $crate::__private::sqlx::Error> {
                let mut i = 0usize;
                Ok($name { $($f: { let v = <$t as $crate::Column>::from_pg(row, i)?; i += 1; v }),* })
            }
            const IN_PLACE: bool = true;
            #[allow(unused_assignments)]
            fn from_sqlite_ref(
                row: &$crate::__private::rusqlite::Row<'_>,
            ) -> $crate::__private::rusqlite::Result<Self> {
                let mut i = 0usize;
                Ok($name { $($f: { let v = <$t as $crate::Column>::from_sqlite_ref(row, i)?; i += 1; v }),* })
            }
        }
    };
}
