//! `file_status`: Status of an output file (e.g. the default 'To review').

use crate::models::prelude::*;

/// Status of an output file (e.g. the default 'To review').
#[model(table = "file_status", rest = "file-status")]
pub struct FileStatus {
    #[col(len = 40, unique)]
    pub name: String,
    #[col(len = 7)]
    pub color: String,
}
