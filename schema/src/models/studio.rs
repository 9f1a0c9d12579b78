//! `studio`: Studio/site a person belongs to (multi-studio setups).

use crate::models::prelude::*;

/// Studio/site a person belongs to (multi-studio setups).
#[model(table = "studio", rules = RULES, rest = "studios")]
pub struct Studio {
    #[col(len = 80, unique)]
    pub name: String,
    #[col(len = 7)]
    pub color: String,
    #[col(default = "false")]
    pub archived: Option<bool>,
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
