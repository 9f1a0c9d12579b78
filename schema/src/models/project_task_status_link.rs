//! `project_task_status_link`: Task status enabled on a project, with board ordering and roles allowed on the board.

use crate::models::prelude::*;

/// Task status enabled on a project, with board ordering and roles allowed on the board.
#[model(table = "project_task_status_link", hooks, rules = RULES, rest = "task-status-links", pk = "project_id, task_status_id, id")]
#[index(name = "project_taskstatus_uc", columns = "project_id, task_status_id", unique)]
pub struct ProjectTaskStatusLink {
    #[col(fk = "project", index)]
    pub project_id: Uuid,
    #[col(fk = "task_status", index)]
    pub task_status_id: Uuid,
    pub priority: Option<i32>,
    #[col(default = "")]
    pub roles_for_board: Option<List<String>>,
    pub is_client_allowed: Option<bool>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::Admin,
    get: Rule::Admin,
    create: Rule::ProjectManager,
    update: Rule::ProjectManager,
    delete: Rule::ProjectManager,
    list_scope: ListScope::None,
    project: ProjectOf::Column("project_id"),
    vendor: VendorScope::None,
};

/// Zou's link POST is an upsert on (project, task_status) and announces a
/// project update.
impl tusk_db::Hooks for ProjectTaskStatusLink {
    const UPSERT: &'static [&'static str] = &["project_id", "task_status_id"];

    fn event(&self, _action: &str) -> tusk_db::events::NewEvent {
        let mut data = serde_json::Map::new();
        data.insert("project_id".into(), Value::String(self.project_id.to_string()));
        tusk_db::events::NewEvent::new("project:update", data, Some(self.project_id))
    }
}
