//! `news`: Production news feed item created from a comment (optionally with preview).

use crate::models::prelude::*;

/// Production news feed item created from a comment (optionally with preview).
#[model(table = "news", rest = "news", plural = "news_items")]
pub struct News {
    #[col(default = "false")]
    pub change: bool,
    #[col(fk = "person", index)]
    pub author_id: Uuid,
    #[col(fk = "comment", index)]
    pub comment_id: Option<Uuid>,
    #[col(fk = "task", index)]
    pub task_id: Uuid,
    #[col(fk = "preview_file", index)]
    pub preview_file_id: Option<Uuid>,
}
