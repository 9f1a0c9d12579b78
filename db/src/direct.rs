//! SQLite's big reads, decoded in place.
//!
//! sqlx reads SQLite on a worker thread of its own: it steps the
//! statement, copies every value of each row (`sqlite3_value_dup`), sends
//! the row over a channel, and the async task that receives it decodes the
//! copies and frees them. On the biggest views (100,000 task rows of 21
//! columns) those copies and hand-overs were about 40% of the machine
//! (`docs/benchmarks.md`).
//!
//! For the row types that support it (`FromSqlRow::IN_PLACE`: the
//! hand-written rows of `sql_row!` and the models), `Db::fetch_chunks`
//! (streamed lists, the with-tasks views, loader batches) reads instead
//! here: it takes a connection from sqlx's pool, locks it (sqlx's
//! `lock_handle`: sqlx's worker cannot touch it meanwhile), and steps the
//! statement with rusqlite on the blocking pool, each value decoded where
//! SQLite holds it (`Column::from_sqlite_ref`) straight into the row
//! struct. Rows leave in chunks over the same channel as before. The
//! connection returns to the pool when the statement is done.
//!
//! Both libraries link the same `libsqlite3-sys`; rusqlite only borrows
//! the connection (`Connection::from_handle` does not close it).

use crate::error::{Error, Result};
use crate::pool::FromSqlRow;
use crate::sql::Sql;
use crate::value::SqlValue;
use rusqlite::types::Value;
use sqlx::sqlite::SqlitePool;
use tokio::sync::mpsc::Sender;

/// A bound value as SQLite stores it: how both readers bind (`pool.rs`
/// binds the same values through sqlx). Uuids are 16-byte blobs,
/// datetimes text `YYYY-MM-DD HH:MM:SS.ffffff`, lists JSON text.
pub(crate) fn sqlite_value(v: &SqlValue) -> Value {
    fn or_null<T>(v: &Option<T>, f: impl FnOnce(&T) -> Value) -> Value {
        v.as_ref().map_or(Value::Null, f)
    }
    fn json<T: serde::Serialize>(v: &T) -> Value {
        Value::Text(serde_json::to_string(v).unwrap_or_default())
    }
    match v {
        SqlValue::Uuid(v) => or_null(v, |u| Value::Blob(u.as_bytes().to_vec())),
        SqlValue::Text(v) => or_null(v, |s| Value::Text(s.clone())),
        SqlValue::Int(v) => or_null(v, |n| Value::Integer(i64::from(*n))),
        SqlValue::BigInt(v) => or_null(v, |n| Value::Integer(*n)),
        SqlValue::Float(v) => or_null(v, |f| Value::Real(*f)),
        SqlValue::Bool(v) => or_null(v, |b| Value::Integer(i64::from(*b))),
        SqlValue::Timestamp(v) => or_null(v, |t| {
            Value::Text(t.format("%Y-%m-%d %H:%M:%S%.f").to_string())
        }),
        SqlValue::Date(v) => or_null(v, |d| Value::Text(d.format("%Y-%m-%d").to_string())),
        SqlValue::Json(v) => or_null(v, |j| Value::Text(j.to_string())),
        SqlValue::TextArray(v) => or_null(v, json),
        SqlValue::JsonArray(v) => or_null(v, json),
        SqlValue::Bytes(v) => or_null(v, |b| Value::Blob(b.clone())),
        SqlValue::BytesArray(v) => or_null(v, json),
        SqlValue::UuidArray(v) => json(v),
    }
}

/// Read `sql` in place into chunks of `chunk` rows sent to `tx`; an error
/// is sent as the last item.
pub(crate) async fn pump<M: FromSqlRow>(
    pool: SqlitePool,
    sql: Sql,
    chunk: usize,
    tx: Sender<Result<Vec<M>>>,
) {
    let out = tx.clone();
    let done = tokio::task::spawn_blocking(move || -> Result<()> {
        let rt = tokio::runtime::Handle::current();
        let mut conn = rt.block_on(pool.acquire())?;
        // A blocking-pool thread: waiting here for sqlx's worker to hand
        // the connection over blocks nothing else.
        let mut locked = rt.block_on(conn.lock_handle())?;
        let raw = locked.as_raw_handle();
        // SAFETY: the handle is an open connection, locked for us until
        // `locked` drops (after `db`): no other thread uses it meanwhile.
        // rusqlite does not close a connection it did not open.
        let db = unsafe { rusqlite::Connection::from_handle(raw.as_ptr()) }.map_err(sqlite)?;
        let read = read(&db, &sql, chunk, &tx);
        drop(db);
        drop(locked);
        read
    })
    .await;
    let err = match done {
        Ok(Ok(())) => return,
        Ok(Err(e)) => e,
        Err(e) => Error::internal(e),
    };
    let _ = out.send(Err(err)).await;
}

fn sqlite(e: rusqlite::Error) -> Error {
    Error::internal(e)
}

/// Step the statement, decoding each row where SQLite holds it.
fn read<M: FromSqlRow>(
    db: &rusqlite::Connection,
    sql: &Sql,
    chunk: usize,
    tx: &Sender<Result<Vec<M>>>,
) -> Result<()> {
    let started = std::time::Instant::now();
    let mut stmt = db.prepare(&sql.text).map_err(sqlite)?;
    for (i, a) in sql.args.iter().enumerate() {
        stmt.raw_bind_parameter(i + 1, sqlite_value(a))
            .map_err(sqlite)?;
    }
    let mut rows = stmt.raw_query();
    let mut buf = Vec::with_capacity(chunk);
    let mut count = 0usize;
    while let Some(row) = rows.next().map_err(sqlite)? {
        buf.push(M::from_sqlite_ref(row).map_err(sqlite)?);
        count += 1;
        if buf.len() >= chunk {
            let full = std::mem::replace(&mut buf, Vec::with_capacity(chunk));
            if tx.blocking_send(Ok(full)).is_err() {
                // The answer was dropped (the client went away).
                return Ok(());
            }
        }
    }
    if !buf.is_empty() {
        let _ = tx.blocking_send(Ok(buf));
    }
    slow(&sql.text, count, started.elapsed());
    Ok(())
}

/// sqlx's slow-statement warning (1 s, the statement's text without its
/// values), which these reads would otherwise escape. The time includes
/// waiting for the reader of the rows.
fn slow(text: &str, rows: usize, elapsed: std::time::Duration) {
    if elapsed >= std::time::Duration::from_secs(1) {
        let summary: String = text.chars().take(120).collect();
        tracing::warn!(
            statement = %summary,
            rows,
            elapsed_ms = elapsed.as_millis() as u64,
            "slow statement (read in place)"
        );
    }
}
