//! Zou's JSON formats for dates and times, as serde helpers.
//!
//! Zou writes datetimes as naive UTC with seconds precision and no zone
//! suffix (`2024-01-15T10:30:00`), and dates as `YYYY-MM-DD`.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::Serializer;

/// `YYYY-MM-DDTHH:MM:SS`, written digit by digit: big lists write hundreds
/// of thousands of dates, and chrono's format strings are parsed each time.
pub(crate) fn datetime_bytes(t: &NaiveDateTime) -> [u8; 19] {
    let mut b = *b"0000-00-00T00:00:00";
    let year = t.year().clamp(0, 9999) as u32;
    for (i, d) in [year / 1000, year / 100 % 10, year / 10 % 10, year % 10]
        .into_iter()
        .enumerate()
    {
        b[i] = b'0' + d as u8;
    }
    for (at, v) in [
        (5, t.month()),
        (8, t.day()),
        (11, t.hour()),
        (14, t.minute()),
        (17, t.second()),
    ] {
        b[at] = b'0' + (v / 10) as u8;
        b[at + 1] = b'0' + (v % 10) as u8;
    }
    b
}

pub fn datetime(t: &NaiveDateTime) -> String {
    String::from_utf8_lossy(&datetime_bytes(t)).into_owned()
}

pub fn ser_datetime<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    let b = datetime_bytes(t);
    s.serialize_str(std::str::from_utf8(&b).unwrap_or_default())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_as_zou_writes_them() {
        let t = NaiveDate::from_ymd_opt(2024, 1, 5)
            .unwrap()
            .and_hms_micro_opt(9, 3, 7, 123_456)
            .unwrap();
        assert_eq!(datetime(&t), "2024-01-05T09:03:07");
        assert_eq!(datetime(&t), t.format("%Y-%m-%dT%H:%M:%S").to_string());
        let late = NaiveDate::from_ymd_opt(987, 12, 31)
            .unwrap()
            .and_hms_opt(23, 59, 59)
            .unwrap();
        assert_eq!(datetime(&late), "0987-12-31T23:59:59");
        let mut json = Vec::new();
        ser_datetime(&t, &mut serde_json::Serializer::new(&mut json)).unwrap();
        assert_eq!(json, b"\"2024-01-05T09:03:07\"");
    }
}
