//! `project_task_status_link`: Task status enabled on a project, with board ordering and roles allowed on the board.

use crate::models::prelude::*;

/// Task status enabled on a project, with board ordering and roles allowed on the board.
#[model(table = "project_task_status_link", rest = "task-status-links", pk = "project_id, task_status_id, id")]
#[index(name = "project_taskstatus_uc", columns = "project_id, task_status_id", unique)]
pub struct ProjectTaskStatusLink {
    #[col(fk = "project", index)]
    pub project_id: Uuid,
    #[col(fk = "task_status", index)]
    pub task_status_id: Uuid,
    pub priority: Option<i32>,
    #[col(default = "user,admin,supervisor,manager,vendor")]
    pub roles_for_board: Option<List<String>>,
    pub is_client_allowed: Option<bool>,
}
