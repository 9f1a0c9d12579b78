//! `project_task_type_link`: Task type enabled on a project, with per-project priority (ordering).

use crate::models::prelude::*;

/// Task type enabled on a project, with per-project priority (ordering).
#[model(table = "project_task_type_link", hooks, rules = RULES, rest = "task-type-links", pk = "project_id, task_type_id, id")]
#[index(name = "project_tasktype_uc", columns = "project_id, task_type_id", unique)]
pub struct ProjectTaskTypeLink {
    #[col(fk = "project", index)]
    pub project_id: Uuid,
    #[col(fk = "task_type", index)]
    pub task_type_id: Uuid,
    pub priority: Option<i32>,
    pub hd_bitrate_compression: Option<i32>,
    pub ld_bitrate_compression: Option<i32>,
    #[col(default = "true")]
    pub is_client_visible: Option<bool>,
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

/// Zou's link POST is an upsert on (project, task_type) and announces a
/// project update.
impl tusk_db::Hooks for ProjectTaskTypeLink {
    const UPSERT: &'static [&'static str] = &["project_id", "task_type_id"];

    fn event(&self, _action: &str) -> tusk_db::events::NewEvent {
        let mut data = serde_json::Map::new();
        data.insert("project_id".into(), Value::String(self.project_id.to_string()));
        tusk_db::events::NewEvent::new("project:update", data, Some(self.project_id))
    }
}
