//! What the model engine knows about a table.
//!
//! Each table is described once, in `schema/src/models/<table>.rs`, with the
//! `#[model]` attribute. The attribute expands into a row struct, a
//! [`TableMeta`] (columns, keys, indexes, relations, permissions) and the
//! implementations of [`Model`], [`FromSqlRow`] and [`ZouJson`]. Everything
//! generic below (SQL, DDL, loaders, CRUD, REST JSON) reads only this
//! metadata.

use crate::policy::Rules;
use crate::pool::FromSqlRow;
use crate::value::{Kind, SqlValue};
use uuid::Uuid;

/// A foreign key.
#[derive(Debug)]
pub struct Fk {
    pub table: &'static str,
    pub column: &'static str,
    /// `CASCADE`, `SET NULL`, or `None` for NO ACTION.
    pub on_delete: Option<&'static str>,
}

#[derive(Debug)]
pub struct Column {
    /// Zou's column name, also the REST JSON key.
    pub name: &'static str,
    /// The GraphQL field name (camelCase).
    pub gql: &'static str,
    pub kind: Kind,
    pub nullable: bool,
    /// SQL default expression, valid in both dialects.
    pub default: Option<&'static str>,
    pub fk: Option<Fk>,
    /// Allowed values of a choice column (checked in the database).
    pub choices: &'static [&'static str],
    /// Never serialized, never filterable (passwords, 2FA secrets, jti…).
    pub secret: bool,
    /// The REST JSON key, when it is not the column name (Zou serializes
    /// `notification.type` as `notification_type`).
    pub json: &'static str,
    /// Postgres type overriding the kind's (an enum type).
    pub pg_type: Option<&'static str>,
    /// Column the REST PUT ignores (besides id, created_at, updated_at and
    /// project_id, which are always protected).
    pub protected: bool,
}

impl Column {
    pub fn is_audit(&self) -> bool {
        matches!(self.name, "id" | "created_at" | "updated_at")
    }
}

#[derive(Debug)]
pub struct Index {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    pub unique: bool,
    /// Partial index predicate, valid in both dialects.
    pub predicate: Option<&'static str>,
}

/// A many-to-many relation through a link table.
#[derive(Debug)]
pub struct ManyToMany {
    /// Relation name: REST JSON key with `relations=true`, GraphQL field.
    pub name: &'static str,
    pub gql: &'static str,
    pub link_table: &'static str,
    /// Link column pointing at this table.
    pub this: &'static str,
    /// Link column pointing at the other table.
    pub other: &'static str,
    pub target_table: &'static str,
    /// The link table has `id`, `created_at` and `updated_at` columns.
    pub link_audit: bool,
}

/// A relation Zou serializes beside a row's columns (besides the
/// many-to-many id lists).
#[derive(Debug)]
pub enum RestRelation {
    /// Ids of the rows of `table` whose `column` is this row's id.
    OneToMany {
        name: &'static str,
        table: &'static str,
        column: &'static str,
    },
    /// The row `column` points to, serialized whole (or null).
    ManyToOne {
        name: &'static str,
        column: &'static str,
        load: LoadJson,
    },
}

impl RestRelation {
    pub fn name(&self) -> &'static str {
        match self {
            RestRelation::OneToMany { name, .. } | RestRelation::ManyToOne { name, .. } => name,
        }
    }
}

/// Load rows by id, serialized as Zou's JSON (no relations).
pub type LoadJson = fn(
    crate::pool::Db,
    Vec<uuid::Uuid>,
) -> futures::future::BoxFuture<
    'static,
    crate::error::Result<std::collections::HashMap<uuid::Uuid, serde_json::Value>>,
>;

#[derive(Debug)]
pub struct TableMeta {
    pub table: &'static str,
    /// Zou's `type` value in REST JSON.
    pub type_name: &'static str,
    /// The GraphQL object name.
    pub gql_name: &'static str,
    /// Event prefix (`task-type` for `task_type`).
    pub event: &'static str,
    /// `/data/<rest>` collection, when the table has generic CRUD routes.
    pub rest: Option<&'static str>,
    /// One-line description (from the doc comment).
    pub doc: &'static str,
    /// Has `id`, `created_at`, `updated_at`.
    pub audit: bool,
    pub columns: &'static [Column],
    pub primary_key: &'static [&'static str],
    pub indexes: &'static [Index],
    pub many: &'static [ManyToMany],
    /// One-to-many and many-to-one relations of the REST JSON.
    pub rest_relations: &'static [RestRelation],
    pub rules: Rules,
}

impl TableMeta {
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    pub fn has_column(&self, name: &str) -> bool {
        self.columns.iter().any(|c| c.name == name)
    }

    pub fn many(&self, name: &str) -> Option<&ManyToMany> {
        self.many.iter().find(|m| m.name == name)
    }

    /// `"col1", "col2", …` for SELECT lists.
    pub fn select_list(&self, alias: Option<&str>) -> String {
        let mut s = String::new();
        for (i, c) in self.columns.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            if let Some(a) = alias {
                s.push('"');
                s.push_str(a);
                s.push_str("\".");
            }
            s.push('"');
            s.push_str(c.name);
            s.push('"');
        }
        s
    }
}

/// Writes a row as Zou's REST JSON, field by field, so that callers can add
/// keys (relations, computed names) or keep only some (`fields=`).
pub trait ZouJson {
    fn write_fields<O: crate::out::Out>(
        &self,
        out: &mut O,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<(), O::Error>;
}

/// A described table. Implemented by `#[model]`.
pub trait Model: FromSqlRow + ZouJson + serde::Serialize + Clone + Send + Sync + 'static {
    const META: &'static TableMeta;

    /// Decode a row whose columns, in `META` order, start at `offset`.
    fn decode_sqlite_at(row: &sqlx::sqlite::SqliteRow, offset: usize) -> Result<Self, sqlx::Error>;
    fn decode_pg_at(row: &sqlx::postgres::PgRow, offset: usize) -> Result<Self, sqlx::Error>;
    /// The same, from a row SQLite holds (`crate::direct`).
    fn decode_sqlite_ref_at(row: &rusqlite::Row<'_>, offset: usize) -> rusqlite::Result<Self>;

    /// The primary id (nil for link tables without one).
    fn id(&self) -> Uuid;

    /// A column's value, by name.
    fn get(&self, column: &str) -> Option<SqlValue>;

    /// The project this row belongs to, when it has a `project_id` column.
    fn project_id(&self) -> Option<Uuid> {
        self.get("project_id").and_then(|v| v.as_uuid())
    }

    /// Zou's `type` for this row (entities answer with their kind).
    fn zou_type(&self) -> &str {
        Self::META.type_name
    }
}
