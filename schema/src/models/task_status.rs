//! `task_status`: Workflow status with behaviour flags (done, retake, WIP, feedback request, default, artist/client allowed, concept).

use crate::models::prelude::*;

/// Workflow status with behaviour flags (done, retake, WIP, feedback request, default, artist/client allowed, concept).
#[model(table = "task_status", rules = RULES, rest = "task-status")]
pub struct TaskStatus {
    #[col(len = 40)]
    pub name: String,
    #[col(default = "false")]
    pub archived: Option<bool>,
    #[col(len = 10, unique_index)]
    pub short_name: String,
    pub description: Option<String>,
    #[col(len = 7)]
    pub color: String,
    #[col(default = "1")]
    pub priority: Option<i32>,
    #[col(index, default = "false")]
    pub is_done: Option<bool>,
    #[col(default = "true")]
    pub is_artist_allowed: Option<bool>,
    #[col(default = "true")]
    pub is_client_allowed: Option<bool>,
    #[col(default = "false")]
    pub is_retake: Option<bool>,
    #[col(index, default = "false")]
    pub is_feedback_request: Option<bool>,
    #[col(index, default = "false")]
    pub is_default: Option<bool>,
    #[col(index, default = "false")]
    pub is_wip: Option<bool>,
    pub shotgun_id: Option<i32>,
    #[col(default = "false")]
    pub for_concept: Option<bool>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::LoggedIn,
    get: Rule::LoggedIn,
    create: Rule::Admin,
    update: Rule::Admin,
    delete: Rule::Admin,
    list_scope: ListScope::None,
    project: ProjectOf::None,
    vendor: VendorScope::None,
};
