//! `software`: Studio software (DCC) catalog with file extensions and licence cost.

use crate::models::prelude::*;

/// Studio software (DCC) catalog with file extensions and licence cost.
#[model(table = "software", rules = RULES, rest = "softwares")]
pub struct Software {
    #[col(len = 40, unique)]
    pub name: String,
    #[col(len = 20)]
    pub short_name: String,
    #[col(default = "false")]
    pub archived: Option<bool>,
    #[col(len = 20)]
    pub version: Option<String>,
    #[col(len = 20)]
    pub file_extension: String,
    pub secondary_extensions: Option<Json>,
    #[col(default = "0")]
    pub monthly_cost: Option<i32>,
    #[col(default = "0")]
    pub inventory_amount: Option<i32>,
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
