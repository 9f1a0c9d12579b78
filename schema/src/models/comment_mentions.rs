//! `comment_mentions`: M2M (plain table): people @mentioned in a comment.

use crate::models::prelude::*;

/// M2M (plain table): people @mentioned in a comment.
#[model(table = "comment_mentions", link, pk = "comment, person")]
pub struct CommentMentions {
    #[col(fk = "comment", pk)]
    pub comment: Uuid,
    #[col(fk = "person", pk)]
    pub person: Uuid,
}
