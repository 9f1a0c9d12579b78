//! `project_task_type_link`: Task type enabled on a project, with per-project priority (ordering).

use crate::models::prelude::*;

/// Task type enabled on a project, with per-project priority (ordering).
#[model(table = "project_task_type_link", rest = "task-type-links", pk = "project_id, task_type_id, id")]
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
