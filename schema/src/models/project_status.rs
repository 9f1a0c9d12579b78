//! `project_status`: Project status (reserved names 'Open' and 'Closed').

use crate::models::prelude::*;

/// Project status (reserved names 'Open' and 'Closed').
#[model(table = "project_status", rules = RULES, rest = "project-status")]
pub struct ProjectStatus {
    #[col(len = 20, unique_index)]
    pub name: String,
    #[col(len = 7)]
    pub color: String,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::LoggedIn,
    get: Rule::LoggedIn,
    create: Rule::Admin,
    update: Rule::Admin,
    delete: Rule::Admin,
    list_scope: ListScope::None,
    project: ProjectOf::None,
    vendor: VendorScope::None,
};
