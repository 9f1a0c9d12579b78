//! `status_automation`: Rule: when a task of type X reaches status Y, set status (or 'ready_for') on another task type of the same entity.

use crate::models::prelude::*;

/// Rule: when a task of type X reaches status Y, set status (or 'ready_for') on another task type of the same entity.
#[model(table = "status_automation", rules = RULES, rest = "status-automations")]
pub struct StatusAutomation {
    #[col(len = 40, default = "'asset'")]
    pub entity_type: Option<String>,
    #[col(fk = "task_type", index)]
    pub in_task_type_id: Option<Uuid>,
    #[col(fk = "task_status", index)]
    pub in_task_status_id: Option<Uuid>,
    #[col(len = 255, default = "'status'", choices = "status, ready_for")]
    pub out_field_type: String,
    #[col(fk = "task_type", index)]
    pub out_task_type_id: Option<Uuid>,
    #[col(fk = "task_status", index)]
    pub out_task_status_id: Option<Uuid>,
    #[col(default = "false")]
    pub import_last_revision: Option<bool>,
    #[col(default = "false")]
    pub archived: Option<bool>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::NoVendor,
    get: Rule::Admin,
    create: Rule::Admin,
    update: Rule::Admin,
    delete: Rule::Admin,
    list_scope: ListScope::None,
    project: ProjectOf::None,
    vendor: VendorScope::None,
};
