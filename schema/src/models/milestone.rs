//! `milestone`: Named date on a production schedule, optionally per task type.

use crate::models::prelude::*;

/// Named date on a production schedule, optionally per task type.
#[model(table = "milestone", rules = RULES, rest = "milestones")]
pub struct Milestone {
    pub date: Option<NaiveDate>,
    #[col(len = 40)]
    pub name: String,
    #[col(fk = "project", index)]
    pub project_id: Option<Uuid>,
    #[col(fk = "task_type", index)]
    pub task_type_id: Option<Uuid>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::Admin,
    get: Rule::ProjectMemberNoVendor,
    create: Rule::ProjectManager,
    update: Rule::ProjectManager,
    delete: Rule::ProjectManager,
    list_scope: ListScope::None,
    project: ProjectOf::Column("project_id"),
    vendor: VendorScope::None,
};
