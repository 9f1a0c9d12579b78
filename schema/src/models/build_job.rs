//! `build_job`: Job building a playlist movie or archive, with status.

use crate::models::prelude::*;

/// Job building a playlist movie or archive, with status.
#[model(table = "build_job")]
pub struct BuildJob {
    #[col(len = 255, default = "'running'", choices = "running, failed, succeeded")]
    pub status: String,
    #[col(len = 255, default = "'movie'", choices = "archive, movie")]
    pub job_type: String,
    pub ended_at: Option<NaiveDateTime>,
    #[col(fk = "playlist", index)]
    pub playlist_id: Uuid,
    pub message: Option<String>,
}
