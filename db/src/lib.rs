//! Tusk's storage layer.
//!
//! - [`pool`]: one handle over SQLite or Postgres, with a statement counter;
//! - [`sql`], [`value`], [`types`]: SQL text with bound, typed values;
//! - [`model`]: what the model engine knows about a table;
//! - [`filter`]: the filter language and its SQL;
//! - [`policy`]: permissions (the one place they are decided);
//! - [`engine`]: generic list/get/create/update/delete with events;
//! - [`loaders`], [`connection`]: batched relations and Relay connections;
//! - [`ddl`], [`migrate`]: schema generation and migrations;
//! - [`error`]: the one error type.

pub mod column;
pub mod connection;
pub mod ddl;
mod direct;
pub mod engine;
pub mod error;
pub mod events;
pub mod filter;
pub mod fmt;
pub mod json;
pub mod loaders;
pub mod migrate;
pub mod model;
pub mod out;
pub mod passwords;
pub mod policy;
pub mod pool;
pub mod sql;
pub mod types;
pub mod value;
pub mod zou;

pub use column::Column;
pub use engine::{Assignments, AssignmentsExt, Hooks, Session};
pub use error::{Error, Result};
pub use json::Json;
pub use model::{Model, TableMeta, ZouJson};
pub use pool::{Db, Dialect, FromSqlRow, Tx};
pub use value::{Kind, SqlValue};

/// Re-exports used by the code `#[model]` generates.
pub mod __private {
    pub use async_graphql;
    pub use futures;
    pub use rusqlite;
    pub use serde;
    pub use serde_json;
    pub use sqlx;
    pub use uuid;
}
