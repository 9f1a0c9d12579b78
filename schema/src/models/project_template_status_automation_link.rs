//! `project_template_status_automation_link`: M2M: status automations of a project template.

use crate::models::prelude::*;

/// M2M: status automations of a project template.
#[model(table = "project_template_status_automation_link", link, pk = "project_template_id, status_automation_id")]
pub struct ProjectTemplateStatusAutomationLink {
    #[col(fk = "project_template", index, pk)]
    pub project_template_id: Uuid,
    #[col(fk = "status_automation", index, pk)]
    pub status_automation_id: Uuid,
}
