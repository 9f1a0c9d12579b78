//! Column types that have no common representation in both dialects.
//!
//! Postgres has arrays; SQLite does not. [`List<T>`] is a Postgres array
//! (`varchar[]`, `jsonb[]`, `bytea[]`) and a JSON array stored as TEXT in
//! SQLite. Both serialize to a JSON array.

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgHasArrayType, PgTypeInfo, PgValueRef, Postgres};
use sqlx::sqlite::{Sqlite, SqliteArgumentValue, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Type};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct List<T>(pub Vec<T>);

impl<T> From<Vec<T>> for List<T> {
    fn from(v: Vec<T>) -> Self {
        List(v)
    }
}

impl<T: PgHasArrayType> Type<Postgres> for List<T> {
    fn type_info() -> PgTypeInfo {
        T::array_type_info()
    }
    fn compatible(ty: &PgTypeInfo) -> bool {
        T::array_compatible(ty)
    }
}

impl<'r, T> Decode<'r, Postgres> for List<T>
where
    Vec<T>: Decode<'r, Postgres>,
{
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(List(<Vec<T> as Decode<Postgres>>::decode(value)?))
    }
}

impl<'q, T> Encode<'q, Postgres> for List<T>
where
    Vec<T>: Encode<'q, Postgres>,
{
    fn encode_by_ref(
        &self,
        buf: &mut sqlx::postgres::PgArgumentBuffer,
    ) -> Result<IsNull, BoxDynError> {
        <Vec<T> as Encode<Postgres>>::encode_by_ref(&self.0, buf)
    }
}

impl<T> Type<Sqlite> for List<T> {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <String as Type<Sqlite>>::compatible(ty)
    }
}

impl<'r, T: DeserializeOwned> Decode<'r, Sqlite> for List<T> {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let s = <&str as Decode<Sqlite>>::decode(value)?;
        Ok(List(serde_json::from_str(s)?))
    }
}

impl<'q, T: Serialize> Encode<'q, Sqlite> for List<T> {
    fn encode_by_ref(&self, buf: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
        let s = serde_json::to_string(&self.0)?;
        <String as Encode<Sqlite>>::encode(s, buf)
    }
}
