//! `project_status_automation_link`: M2M: status automations enabled on a project.

use crate::models::prelude::*;

/// M2M: status automations enabled on a project.
#[model(table = "project_status_automation_link", link, pk = "project_id, status_automation_id")]
pub struct ProjectStatusAutomationLink {
    #[col(fk = "project", index, pk)]
    pub project_id: Uuid,
    #[col(fk = "status_automation", index, pk)]
    pub status_automation_id: Uuid,
}
