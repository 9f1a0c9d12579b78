//! `news`: Production news feed item created from a comment (optionally with preview).

use crate::models::prelude::*;

/// Production news feed item created from a comment (optionally with preview).
#[model(table = "news", rules = RULES, rest = "news", plural = "news_items")]
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

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::Admin,
    get: Rule::Admin,
    create: Rule::Admin,
    update: Rule::Admin,
    delete: Rule::Admin,
    list_scope: ListScope::None,
    project: ProjectOf::Via("task_id", "task"),
    vendor: VendorScope::None,
};
