//! Zou's JSON formats for dates and times, as serde helpers.
//!
//! Zou writes datetimes as naive UTC with seconds precision and no zone
//! suffix (`2024-01-15T10:30:00`), and dates as `YYYY-MM-DD`.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serializer;

pub fn datetime(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

pub fn ser_datetime<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&t.format("%Y-%m-%dT%H:%M:%S"))
}

pub fn ser_opt_datetime<S: Serializer>(t: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => ser_datetime(t, s),
        None => s.serialize_none(),
    }
}

pub fn ser_date<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&d.format("%Y-%m-%d"))
}

pub fn ser_opt_date<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => ser_date(d, s),
        None => s.serialize_none(),
    }
}

/// The current time as Zou stores it: naive UTC, microsecond precision.
pub fn now() -> NaiveDateTime {
    let t = chrono::Utc::now().naive_utc();
    // Keep microseconds: both databases store them, and nanoseconds would
    // not survive a round trip through Postgres.
    t.with_nanosecond_micros()
}

trait Micros {
    fn with_nanosecond_micros(self) -> Self;
}

impl Micros for NaiveDateTime {
    fn with_nanosecond_micros(self) -> Self {
        use chrono::Timelike;
        let ns = self.nanosecond() / 1000 * 1000;
        self.with_nanosecond(ns).unwrap_or(self)
    }
}
