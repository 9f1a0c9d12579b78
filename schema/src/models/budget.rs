//! `budget`: Versioned budget of a production (revision auto-increments per project).

use crate::models::prelude::*;

/// Versioned budget of a production (revision auto-increments per project).
#[model(table = "budget", rules = RULES, rest = "budgets")]
pub struct Budget {
    #[col(fk = "project", index)]
    pub project_id: Option<Uuid>,
    #[col(default = "1")]
    pub revision: i32,
    #[col(len = 255)]
    pub name: String,
    #[col(len = 3)]
    pub currency: Option<String>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::Admin,
    get: Rule::Admin,
    create: Rule::Admin,
    update: Rule::Admin,
    delete: Rule::Admin,
    list_scope: ListScope::None,
    project: ProjectOf::Column("project_id"),
    vendor: VendorScope::None,
};
