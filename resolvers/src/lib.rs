#![recursion_limit = "256"]
//! Tusk's services and GraphQL roots.
//!
//! - [`app`]: shared state, credentials, sessions, the key-value store;
//! - [`auth`]: tokens, passwords, login/refresh/logout/change-password;
//! - [`gql`]: the schema (generated table fields, auth, event feed);
//! - [`rest`], [`index`]: the hidden fields the REST façade runs;
//! - [`projects`], [`breakdown`], [`tasks`]: the services of each area,
//!   with their REST handlers and GraphQL fields;
//! - [`seed`]: `init-data` and `create-admin`.

pub mod app;
pub mod auth;
pub mod breakdown;
pub mod events;
pub mod gql;
pub mod guard;
pub mod index;
pub mod projects;
pub mod rest;
pub mod route;
pub mod seed;
pub mod storage;
pub mod tasks;

pub use app::{App, Credentials, Kv, Settings};
pub use gql::TuskSchema;
