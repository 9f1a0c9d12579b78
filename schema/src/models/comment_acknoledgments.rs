//! `comment_acknoledgments`: M2M (plain table): people who acknowledged a comment.

use crate::models::prelude::*;

/// M2M (plain table): people who acknowledged a comment.
#[model(table = "comment_acknoledgments", link, pk = "comment, person")]
pub struct CommentAcknoledgments {
    #[col(fk = "comment", pk)]
    pub comment: Uuid,
    #[col(fk = "person", pk)]
    pub person: Uuid,
}
