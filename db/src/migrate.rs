//! Applying `migrations/` (one folder per dialect, embedded in the binary).

use crate::error::{Error, Result};
use crate::pool::Db;

static SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// Bring the database to the latest schema. Idempotent.
pub async fn run(db: &Db) -> Result<()> {
    if let Some(p) = db.sqlite_pool() {
        SQLITE
            .run(p)
            .await
            .map_err(|e| Error::internal(format!("migration failed: {e}")))?;
    } else if let Some(p) = db.pg_pool() {
        POSTGRES
            .run(p)
            .await
            .map_err(|e| Error::internal(format!("migration failed: {e}")))?;
    }
    Ok(())
}

/// Refresh the query planner's statistics.
///
/// SQLite gathers none by itself: until `ANALYZE` has run, it picks
/// indexes by rule of thumb, and on the big production it read a
/// sequence's casting through the index of all the project's shots
/// (10,000) instead of the sequence's (50): 326 → 419 requests/s with
/// statistics (`docs/benchmarks.md`). `analysis_limit` samples each index
/// instead of reading it whole (11 ms on the big production instead of
/// 168). The server runs this at start-up and every hour
/// (`tusk::serve`), as SQLite advises for long-lived connections, so the
/// statistics follow a database that grows. Postgres keeps its own
/// (autovacuum): nothing to do there.
pub async fn analyze(db: &Db) -> Result<()> {
    if db.dialect() != crate::Dialect::Sqlite {
        return Ok(());
    }
    // A write: it takes the writer slot like any other.
    let mut tx = db.begin().await?;
    tx.execute(&db.sql("PRAGMA analysis_limit = 1000")).await?;
    tx.execute(&db.sql("ANALYZE")).await?;
    tx.commit().await
}
