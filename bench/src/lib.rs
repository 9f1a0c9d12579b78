//! The big-production benchmark (`tusk-bench`).
//!
//! - [`dataset`]: a production of any size (10,000 shots and 150,000
//!   tasks by default), as a pure function of that size;
//! - [`load`]: that production written into a Tusk database, or as a
//!   `psql` script that loads the same rows into Zou's;
//! - [`scenarios`]: the requests measured, and what each answer must hold;
//! - [`driver`]: the load driver (requests/s, p50/p99, SQL statements per
//!   request, peak memory of the server);
//! - [`report`]: side-by-side tables of several runs.
//!
//! `bench/run.sh` runs all of it against Tusk (SQLite and PostgreSQL) and
//! the reference Zou; `docs/benchmarks.md` has the results.

pub mod dataset;
pub mod driver;
pub mod load;
pub mod report;
pub mod scenarios;

pub use dataset::{Manifest, Production, Size};
