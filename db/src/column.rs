//! Reading one column of a row, in either dialect, by position.
//!
//! `Column` is how hand-written row structs (`sql_row!`) and the models'
//! datetime columns are decoded. Most types are sqlx's own decoding; a
//! datetime stored as SQLite text is parsed here by hand: sqlx tries
//! chrono format strings one after the other for each value, which was a
//! twelfth of the CPU of the biggest view on SQLite.

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::Value;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Decode, Row, Sqlite, ValueRef};
use uuid::Uuid;

/// A value read from column `i` of a row.
pub trait Column: Sized {
    fn from_sqlite(row: &SqliteRow, i: usize) -> Result<Self, sqlx::Error>;
    fn from_pg(row: &PgRow, i: usize) -> Result<Self, sqlx::Error>;
}

/// sqlx's own decoding, without its per-value type check: these rows'
/// columns are their statements' own.
macro_rules! by_sqlx {
    ($($t:ty),*) => {$(
        impl Column for $t {
            fn from_sqlite(row: &SqliteRow, i: usize) -> Result<Self, sqlx::Error> {
                row.try_get_unchecked(i)
            }
            fn from_pg(row: &PgRow, i: usize) -> Result<Self, sqlx::Error> {
                row.try_get_unchecked(i)
            }
        }
        impl Column for Option<$t> {
            fn from_sqlite(row: &SqliteRow, i: usize) -> Result<Self, sqlx::Error> {
                row.try_get_unchecked(i)
            }
            fn from_pg(row: &PgRow, i: usize) -> Result<Self, sqlx::Error> {
                row.try_get_unchecked(i)
            }
        }
    )*};
}
by_sqlx!(
    Uuid,
    String,
    bool,
    i16,
    i32,
    i64,
    f32,
    f64,
    Value,
    NaiveDate,
    Vec<u8>
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
        row.try_get_unchecked(i)
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
        row.try_get_unchecked(i)
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
        }
    };
}
