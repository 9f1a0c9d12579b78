//! `comment_preview_link`: M2M: previews attached to a comment (a revision's preview files).

use crate::models::prelude::*;

/// M2M: previews attached to a comment (a revision's preview files).
#[model(table = "comment_preview_link", link, pk = "comment, preview_file")]
pub struct CommentPreviewLink {
    #[col(fk = "comment", index, pk)]
    pub comment: Uuid,
    #[col(fk = "preview_file", index, pk)]
    pub preview_file: Uuid,
}
