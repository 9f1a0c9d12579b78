//! `comment`: Comment on a task (object_type 'Task'); may carry a status change, checklist, replies (JSON list), pinning, client visibility, links.

use crate::models::prelude::*;

/// Comment on a task (object_type 'Task'); may carry a status change, checklist, replies (JSON list), pinning, client visibility, links.
#[model(table = "comment", rest = "comments")]
#[many(name = "previews", link = "comment_preview_link", this = "comment", other = "preview_file", target = "preview_file")]
#[many(name = "mentions", link = "comment_mentions", this = "comment", other = "person", target = "person")]
#[many(name = "department_mentions", link = "comment_department_mentions", this = "comment", other = "department", target = "department")]
#[many(name = "acknowledgements", link = "comment_acknoledgments", this = "comment", other = "person", target = "person")]
pub struct Comment {
    pub shotgun_id: Option<i32>,
    #[col(index)]
    pub object_id: Uuid,
    #[col(len = 80, index)]
    pub object_type: String,
    pub text: Option<String>,
    pub data: Option<Value>,
    #[col(default = "'[]'")]
    pub replies: Option<Value>,
    pub checklist: Option<Value>,
    pub pinned: Option<bool>,
    pub links: Option<List<String>>,
    #[col(fk = "task_status", index)]
    pub task_status_id: Option<Uuid>,
    #[col(fk = "person", index)]
    pub person_id: Uuid,
    #[col(fk = "person", index)]
    pub editor_id: Option<Uuid>,
    #[col(fk = "preview_file", index)]
    pub preview_file_id: Option<Uuid>,
    #[col(default = "false")]
    pub for_client: Option<bool>,
}
