#![recursion_limit = "256"]
//! Tusk's services and GraphQL roots.
//!
//! - [`app`]: shared state, credentials, sessions, the key-value store;
//! - [`auth`]: tokens, passwords, login/refresh/logout/change-password;
//! - [`gql`]: the schema (generated table fields, auth, event feed);
//! - [`rest`], [`index`]: the hidden fields the REST façade runs;
//! - [`seed`]: `init-data` and `create-admin`.

pub mod app;
pub mod auth;
pub mod events;
pub mod gql;
pub mod index;
pub mod rest;
pub mod seed;

pub use app::{App, Credentials, Kv, Settings};
pub use gql::TuskSchema;
