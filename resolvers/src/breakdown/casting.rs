//! See [`super`]. (Work in progress.)

/// REST handlers.
pub mod rest {}
