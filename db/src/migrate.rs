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
