//! `project_template_task_type_link`: Task types of a template, with priority.

use crate::models::prelude::*;

/// Task types of a template, with priority.
#[model(table = "project_template_task_type_link", pk = "project_template_id, task_type_id")]
#[index(name = "project_template_tasktype_uc", columns = "project_template_id, task_type_id", unique)]
pub struct ProjectTemplateTaskTypeLink {
    #[col(fk = "project_template", index)]
    pub project_template_id: Uuid,
    #[col(fk = "task_type", index)]
    pub task_type_id: Uuid,
    pub priority: Option<i32>,
    pub hd_bitrate_compression: Option<i32>,
    pub ld_bitrate_compression: Option<i32>,
    #[col(default = "true")]
    pub is_client_visible: Option<bool>,
}
