//! Connections to SQLite or Postgres behind one handle, with a statement
//! counter.
//!
//! [`Db`] is cheap to clone. Each request works on a clone made with
//! [`Db::for_request`], which carries its own counter: tests and the
//! benchmark read it to prove that a request runs a bounded number of SQL
//! statements (no N+1), whatever the size of the data.

use crate::error::{Error, Result};
use crate::sql::Sql;
use crate::value::SqlValue;
use futures::TryStreamExt;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{Postgres, Sqlite};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A type that can be read from a row of either dialect.
pub trait FromSqlRow: Sized + Send + Unpin + 'static {
    fn from_sqlite(row: &SqliteRow) -> std::result::Result<Self, sqlx::Error>;
    fn from_pg(row: &PgRow) -> std::result::Result<Self, sqlx::Error>;
    /// Whether `Db::fetch_chunks` reads these rows in place on SQLite
    /// (`crate::direct`, through `from_sqlite_ref`): the rows of
    /// `sql_row!` and the models, whose every column is a `Column`.
    const IN_PLACE: bool = false;
    /// A row SQLite holds, read in place. Only called when `IN_PLACE`.
    fn from_sqlite_ref(_row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Err(rusqlite::Error::InvalidQuery)
    }
}

/// Decodable in both dialects: the bound every scalar read needs.
pub trait Scalar:
    for<'r> sqlx::Decode<'r, Sqlite>
    + sqlx::Type<Sqlite>
    + for<'r> sqlx::Decode<'r, Postgres>
    + sqlx::Type<Postgres>
    + Send
    + Unpin
    + 'static
{
}
impl<T> Scalar for T where
    T: for<'r> sqlx::Decode<'r, Sqlite>
        + sqlx::Type<Sqlite>
        + for<'r> sqlx::Decode<'r, Postgres>
        + sqlx::Type<Postgres>
        + Send
        + Unpin
        + 'static
{
}

macro_rules! tuple_from_row {
    ($($t:ident $i:tt),+) => {
        impl<$($t: Scalar),+> FromSqlRow for ($($t,)+) {
            fn from_sqlite(row: &SqliteRow) -> std::result::Result<Self, sqlx::Error> {
                use sqlx::Row;
                Ok(($(row.try_get::<$t, _>($i)?,)+))
            }
            fn from_pg(row: &PgRow) -> std::result::Result<Self, sqlx::Error> {
                use sqlx::Row;
                Ok(($(row.try_get::<$t, _>($i)?,)+))
            }
        }
    };
}
tuple_from_row!(A 0);
tuple_from_row!(A 0, B 1);
tuple_from_row!(A 0, B 1, C 2);
tuple_from_row!(A 0, B 1, C 2, D 3);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);

#[derive(Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A database handle: a pool plus the statement counter of whoever holds it.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    /// SQLite has a single writer: write transactions queue here instead of
    /// failing with SQLITE_BUSY.
    write_lock: Option<Arc<Mutex<()>>>,
    counter: Arc<AtomicU64>,
}

fn bind_sqlite<'q>(
    mut q: sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
    args: &'q [SqlValue],
) -> sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments<'q>> {
    use rusqlite::types::Value;
    // One conversion for both SQLite readers (`crate::direct`).
    for a in args {
        q = match crate::direct::sqlite_value(a) {
            Value::Null => q.bind(None::<i64>),
            Value::Integer(n) => q.bind(n),
            Value::Real(x) => q.bind(x),
            Value::Text(s) => q.bind(s),
            Value::Blob(b) => q.bind(b),
        };
    }
    q
}

fn bind_pg<'q>(
    mut q: sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments>,
    args: &'q [SqlValue],
) -> sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments> {
    for a in args {
        q = match a {
            SqlValue::Uuid(v) => q.bind(*v),
            SqlValue::Text(v) => q.bind(v.as_deref()),
            SqlValue::Int(v) => q.bind(*v),
            SqlValue::BigInt(v) => q.bind(*v),
            SqlValue::Float(v) => q.bind(*v),
            SqlValue::Bool(v) => q.bind(*v),
            SqlValue::Timestamp(v) => q.bind(*v),
            SqlValue::Date(v) => q.bind(*v),
            SqlValue::Json(v) => q.bind(v.as_ref()),
            SqlValue::TextArray(v) => q.bind(v.as_deref()),
            SqlValue::JsonArray(v) => q.bind(v.as_deref()),
            SqlValue::Bytes(v) => q.bind(v.as_deref()),
            SqlValue::BytesArray(v) => q.bind(v.as_deref()),
            SqlValue::UuidArray(v) => q.bind(v.as_slice()),
        };
    }
    q
}

/// Run the same body against whichever executor a handle holds.
macro_rules! on_executor {
    ($target:expr, $sql:expr, |$q:ident, $exec:ident, $row:ident| $body:expr) => {
        match $target {
            Target::Pool(Pool::Sqlite(p)) => {
                let $q = bind_sqlite(sqlx::query(&$sql.text), &$sql.args);
                let $exec = p;
                #[allow(unused_macros)]
                macro_rules! $row {
                    ($r:expr, $M:ty) => {
                        <$M as FromSqlRow>::from_sqlite($r)
                    };
                }
                $body
            }
            Target::Pool(Pool::Postgres(p)) => {
                let $q = bind_pg(sqlx::query(&$sql.text), &$sql.args);
                let $exec = p;
                #[allow(unused_macros)]
                macro_rules! $row {
                    ($r:expr, $M:ty) => {
                        <$M as FromSqlRow>::from_pg($r)
                    };
                }
                $body
            }
            Target::Tx(TxKind::Sqlite(t)) => {
                let $q = bind_sqlite(sqlx::query(&$sql.text), &$sql.args);
                let $exec = &mut **t;
                #[allow(unused_macros)]
                macro_rules! $row {
                    ($r:expr, $M:ty) => {
                        <$M as FromSqlRow>::from_sqlite($r)
                    };
                }
                $body
            }
            Target::Tx(TxKind::Postgres(t)) => {
                let $q = bind_pg(sqlx::query(&$sql.text), &$sql.args);
                let $exec = &mut **t;
                #[allow(unused_macros)]
                macro_rules! $row {
                    ($r:expr, $M:ty) => {
                        <$M as FromSqlRow>::from_pg($r)
                    };
                }
                $body
            }
        }
    };
}

enum Target<'a> {
    Pool(&'a Pool),
    Tx(&'a mut TxKind),
}

enum TxKind {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

/// Statement-level operations shared by [`Db`] and [`Tx`].
macro_rules! query_methods {
    () => {
        /// Run a statement, returning the number of rows it touched.
        pub async fn execute(&mut self, sql: &Sql) -> Result<u64> {
            self.count();
            on_executor!(self.target(), sql, |q, ex, _row| {
                Ok(q.execute(ex).await?.rows_affected())
            })
        }

        /// All rows, decoded.
        pub async fn fetch_all<M: FromSqlRow>(&mut self, sql: &Sql) -> Result<Vec<M>> {
            self.count();
            on_executor!(self.target(), sql, |q, ex, row| {
                let rows = q.fetch_all(ex).await?;
                rows.iter()
                    .map(|r| row!(r, M).map_err(Error::from))
                    .collect()
            })
        }

        /// The first row, if any.
        pub async fn fetch_optional<M: FromSqlRow>(&mut self, sql: &Sql) -> Result<Option<M>> {
            self.count();
            on_executor!(self.target(), sql, |q, ex, row| {
                match q.fetch_optional(ex).await? {
                    Some(r) => Ok(Some(row!(&r, M)?)),
                    None => Ok(None),
                }
            })
        }

        /// Exactly one row; `RowNotFound` (404) otherwise.
        pub async fn fetch_one<M: FromSqlRow>(&mut self, sql: &Sql) -> Result<M> {
            self.fetch_optional(sql)
                .await?
                .ok_or(Error::from(sqlx::Error::RowNotFound))
        }

        /// The first column of the first row.
        pub async fn fetch_scalar<T: Scalar>(&mut self, sql: &Sql) -> Result<T> {
            Ok(self.fetch_one::<(T,)>(sql).await?.0)
        }
    };
}

impl Db {
    /// Connect to `url` (`sqlite:…` or `postgres://…`).
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db> {
        if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)
                .map_err(Error::internal)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(30))
                .pragma("temp_store", "memory")
                .pragma("cache_size", "-65536")
                // sqlx reads SQLite on a worker thread and hands rows over a
                // bounded channel (50 by default): on big lists the two
                // threads then wake each other for nearly every row. A
                // longer channel lets the worker run ahead and the reader
                // drain in bursts (see docs/benchmarks.md).
                .row_buffer_size(4096);
            // A fresh machine has no data directory yet: make the file's.
            let file = opts.get_filename();
            if file != std::path::Path::new(":memory:") {
                if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        Error::internal(format!("cannot create {}: {e}", dir.display()))
                    })?;
                }
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(max_connections.max(1))
                .min_connections(1)
                .connect_with(opts)
                .await?;
            Ok(Db {
                pool: Pool::Sqlite(pool),
                write_lock: Some(Arc::new(Mutex::new(()))),
                counter: Arc::default(),
            })
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)
                .map_err(Error::internal)?
                // Set at connection start-up, no statement spent:
                // - no JIT: Postgres compiles a plan to machine code when
                //   its estimated cost is high, and a big with-tasks read
                //   crossed that line; compiling took 450 ms, more than the
                //   query itself (docs/benchmarks.md). Tusk's statements
                //   are short reads and writes, which JIT does not help.
                // - sorts of a few MB in memory rather than on disk.
                // - a page read at random costs about what one read in
                //   sequence does (`random_page_cost` 1.1, the usual value
                //   for SSDs and for a database held in memory, as a
                //   production's is). With the default 4 the planner read
                //   a project's 10,000 shots and sorted them by name
                //   (~25 ms of Postgres's CPU before the first row went
                //   out) rather than follow the index that has them in
                //   that order (`tusk_ix_entity_project_type_name`, 4 ms).
                .options([
                    ("jit", "off"),
                    ("work_mem", "32MB"),
                    ("random_page_cost", "1.1"),
                ]);
            let pool = PgPoolOptions::new()
                .max_connections(max_connections.max(1))
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(opts)
                .await?;
            Ok(Db {
                pool: Pool::Postgres(pool),
                write_lock: None,
                counter: Arc::default(),
            })
        } else {
            Err(Error::internal(format!(
                "unsupported DATABASE_URL (use sqlite: or postgres://): {url}"
            )))
        }
    }

    pub fn dialect(&self) -> Dialect {
        match self.pool {
            Pool::Sqlite(_) => Dialect::Sqlite,
            Pool::Postgres(_) => Dialect::Postgres,
        }
    }

    /// A new, empty SQL fragment for this dialect.
    pub fn sql(&self, text: &str) -> Sql {
        Sql::with(self.dialect(), text)
    }

    /// A handle on the same pool with a fresh statement counter.
    pub fn for_request(&self) -> Db {
        Db {
            pool: self.pool.clone(),
            write_lock: self.write_lock.clone(),
            counter: Arc::default(),
        }
    }

    /// Statements run through this handle (and its transactions) so far.
    pub fn statements(&self) -> u64 {
        self.counter.load(Ordering::Relaxed)
    }

    /// The counter itself, for callers that outlive the handle.
    pub fn counter(&self) -> Arc<AtomicU64> {
        self.counter.clone()
    }

    fn count(&self) {
        self.counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Count now `n` statements that will run later through another handle
    /// (`for_request`): a streamed answer's statements that start after its
    /// headers, which carry the request's count, are sent.
    pub fn count_ahead(&self, n: u64) {
        self.counter.fetch_add(n, Ordering::Relaxed);
    }

    fn target(&mut self) -> Target<'_> {
        Target::Pool(&self.pool)
    }

    query_methods!();

    /// Start a write transaction. On SQLite this waits for the single
    /// writer slot, so concurrent writers queue instead of failing.
    pub async fn begin(&self) -> Result<Tx> {
        let guard = match &self.write_lock {
            Some(l) => Some(l.clone().lock_owned().await),
            None => None,
        };
        self.count();
        let kind = match &self.pool {
            Pool::Sqlite(p) => TxKind::Sqlite(p.begin().await?),
            Pool::Postgres(p) => TxKind::Postgres(p.begin().await?),
        };
        Ok(Tx {
            kind,
            _guard: guard,
            counter: self.counter.clone(),
            dialect: self.dialect(),
        })
    }

    /// Rows in chunks, read by a background task into a bounded channel:
    /// memory stays flat whatever the number of rows, and dropping the
    /// stream stops the query.
    pub fn fetch_chunks<M: FromSqlRow>(
        &self,
        sql: Sql,
        chunk: usize,
    ) -> tokio_stream::wrappers::ReceiverStream<Result<Vec<M>>> {
        self.count();
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<M>>>(4);
        let pool = self.pool.clone();
        tokio::spawn(async move {
            macro_rules! pump {
                ($q:expr, $p:expr, $decode:path) => {{
                    let mut rows = $q.fetch($p);
                    let mut buf = Vec::with_capacity(chunk);
                    loop {
                        match rows.try_next().await {
                            Ok(Some(r)) => match $decode(&r) {
                                Ok(m) => {
                                    buf.push(m);
                                    if buf.len() >= chunk {
                                        let full =
                                            std::mem::replace(&mut buf, Vec::with_capacity(chunk));
                                        if tx.send(Ok(full)).await.is_err() {
                                            return;
                                        }
                                    }
                                }
                                Err(e) => {
                                    let _ = tx.send(Err(e.into())).await;
                                    return;
                                }
                            },
                            Ok(None) => break,
                            Err(e) => {
                                let _ = tx.send(Err(e.into())).await;
                                return;
                            }
                        }
                    }
                    if !buf.is_empty() {
                        let _ = tx.send(Ok(buf)).await;
                    }
                }};
            }
            match &pool {
                Pool::Sqlite(p) if M::IN_PLACE => {
                    crate::direct::pump(p.clone(), sql, chunk, tx).await
                }
                Pool::Sqlite(p) => {
                    pump!(
                        bind_sqlite(sqlx::query(&sql.text), &sql.args),
                        p,
                        M::from_sqlite
                    )
                }
                Pool::Postgres(p) => {
                    // Planned for its values each time (an unnamed
                    // statement), not once for any: after five runs a named
                    // statement may get Postgres's generic plan, made from
                    // averages (for a project's shot list it expected a
                    // fifth of the 10,000 rows, and chose to sort them).
                    // A big read is worth a fraction of a millisecond of
                    // planning; and loader batches, whose `IN` lists vary
                    // in length, no longer fill the statement cache.
                    let q = sqlx::query(&sql.text).persistent(false);
                    pump!(bind_pg(q, &sql.args), p, M::from_pg)
                }
            }
        });
        tokio_stream::wrappers::ReceiverStream::new(rx)
    }

    /// Every row of a statement that may return many (a loader's batch:
    /// the assignees of 100,000 tasks), read as `fetch_chunks` reads them
    /// (in place on SQLite), then collected.
    pub async fn fetch_big<M: FromSqlRow>(&self, sql: Sql) -> Result<Vec<M>> {
        let mut rows = Vec::new();
        let mut chunks = self.fetch_chunks::<M>(sql, 4096);
        while let Some(chunk) = chunks.try_next().await? {
            rows.extend(chunk);
        }
        Ok(rows)
    }

    /// Run raw, trusted SQL made of several statements (migrations, DDL).
    pub async fn execute_script(&self, script: &str) -> Result<()> {
        self.count();
        match &self.pool {
            Pool::Sqlite(p) => {
                sqlx::raw_sql(script).execute(p).await?;
            }
            Pool::Postgres(p) => {
                sqlx::raw_sql(script).execute(p).await?;
            }
        }
        Ok(())
    }

    pub fn sqlite_pool(&self) -> Option<&SqlitePool> {
        match &self.pool {
            Pool::Sqlite(p) => Some(p),
            _ => None,
        }
    }

    pub fn pg_pool(&self) -> Option<&PgPool> {
        match &self.pool {
            Pool::Postgres(p) => Some(p),
            _ => None,
        }
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }
}

/// A transaction. Dropping it without [`Tx::commit`] rolls back, so an
/// error anywhere leaves nothing half-written.
pub struct Tx {
    kind: TxKind,
    _guard: Option<OwnedMutexGuard<()>>,
    counter: Arc<AtomicU64>,
    dialect: Dialect,
}

impl Tx {
    fn count(&self) {
        self.counter.fetch_add(1, Ordering::Relaxed);
    }

    fn target(&mut self) -> Target<'_> {
        Target::Tx(&mut self.kind)
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    pub fn sql(&self, text: &str) -> Sql {
        Sql::with(self.dialect, text)
    }

    query_methods!();

    pub async fn commit(self) -> Result<()> {
        self.count();
        match self.kind {
            TxKind::Sqlite(t) => t.commit().await?,
            TxKind::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}
