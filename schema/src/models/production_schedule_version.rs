//! `production_schedule_version`: Named alternative schedule of a production (can be locked/applied).

use crate::models::prelude::*;

/// Named alternative schedule of a production (can be locked/applied).
#[model(table = "production_schedule_version", rules = RULES, rest = "production-schedule-versions")]
#[index(name = "production_schedule_version_uc", columns = "name, project_id", unique)]
pub struct ProductionScheduleVersion {
    #[col(len = 80)]
    pub name: String,
    #[col(fk = "project", on_delete = "CASCADE", index)]
    pub project_id: Uuid,
    #[col(fk = "production_schedule_version", on_delete = "SET NULL", index)]
    pub production_schedule_from: Option<Uuid>,
    #[col(default = "false")]
    pub locked: Option<bool>,
    #[col(default = "false")]
    pub canceled: Option<bool>,
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
    project: ProjectOf::Column("project_id"),
    vendor: VendorScope::None,
};
