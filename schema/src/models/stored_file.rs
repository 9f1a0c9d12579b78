//! `stored_file`.

use crate::models::prelude::*;

#[model(table = "stored_file")]
#[index(name = "ix_stored_file_to_purge", columns = "purge_forced, deleted_at", predicate = "(deleted_at IS NOT NULL) AND (purged_at IS NULL)")]
#[index(name = "stored_file_uc", columns = "bucket, key", unique)]
pub struct StoredFile {
    #[col(len = 20)]
    pub bucket: String,
    #[col(len = 255)]
    pub key: String,
    #[col(len = 40)]
    pub prefix: String,
    #[col(len = 200, index)]
    pub file_id: String,
    pub size: Option<i64>,
    pub deleted_at: Option<NaiveDateTime>,
    #[col(default = "false")]
    pub purge_forced: bool,
    pub purged_at: Option<NaiveDateTime>,
    #[col(default = "0")]
    pub purge_attempts: i32,
    pub last_error: Option<String>,
    #[col(default = "'[]'")]
    pub journal: Json,
}
