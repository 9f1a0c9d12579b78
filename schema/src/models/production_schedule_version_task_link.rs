//! `production_schedule_version_task_link`: Per-task dates/estimation inside a schedule version.

use crate::models::prelude::*;

/// Per-task dates/estimation inside a schedule version.
#[model(table = "production_schedule_version_task_link", rules = RULES, rest = "production-schedule-version-task-links")]
#[index(name = "ix_production_schedule_version_task_link_production_sch_9cee", columns = "production_schedule_version_id")]
#[index(name = "production_schedule_version_task_link_uc", columns = "production_schedule_version_id, task_id", unique)]
#[many(name = "assignees", link = "production_schedule_version_task_link_person_link", this = "production_schedule_version_task_link_id", other = "person_id", target = "person")]
pub struct ProductionScheduleVersionTaskLink {
    #[col(fk = "production_schedule_version", on_delete = "CASCADE")]
    pub production_schedule_version_id: Uuid,
    #[col(fk = "task", on_delete = "CASCADE", index)]
    pub task_id: Uuid,
    pub start_date: Option<NaiveDateTime>,
    pub due_date: Option<NaiveDateTime>,
    #[col(default = "0")]
    pub estimation: Option<f64>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    // Zou: admins, or members (not clients or vendors) listing one project.
    list: Rule::ProjectMemberNoVendorNoClient,
    get: Rule::ProjectMemberNoVendorNoClient,
    create: Rule::ProjectManager,
    update: Rule::ProjectManager,
    delete: Rule::ProjectManager,
    list_scope: ListScope::None,
    project: ProjectOf::Via("production_schedule_version_id", "production_schedule_version"),
    vendor: VendorScope::None,
};
