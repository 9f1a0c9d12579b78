//! `project_template_task_status_link`: Task statuses of a template, with priority and board roles.

use crate::models::prelude::*;

/// Task statuses of a template, with priority and board roles.
#[model(table = "project_template_task_status_link", pk = "project_template_id, task_status_id")]
#[index(name = "project_template_taskstatus_uc", columns = "project_template_id, task_status_id", unique)]
pub struct ProjectTemplateTaskStatusLink {
    #[col(fk = "project_template", index)]
    pub project_template_id: Uuid,
    #[col(fk = "task_status", index)]
    pub task_status_id: Uuid,
    pub priority: Option<i32>,
    #[col(default = "user,admin,supervisor,manager,vendor")]
    pub roles_for_board: Option<List<String>>,
    pub is_client_allowed: Option<bool>,
}
