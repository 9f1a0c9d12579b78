//! `comment_department_mentions`: M2M (plain table): departments @mentioned in a comment.

use crate::models::prelude::*;

/// M2M (plain table): departments @mentioned in a comment.
#[model(table = "comment_department_mentions", link, pk = "comment, department")]
pub struct CommentDepartmentMentions {
    #[col(fk = "comment", pk)]
    pub comment: Uuid,
    #[col(fk = "department", pk)]
    pub department: Uuid,
}
