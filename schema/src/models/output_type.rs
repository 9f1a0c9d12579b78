//! `output_type`: Category of output files (cache, texture, ...).

use crate::models::prelude::*;

/// Category of output files (cache, texture, ...).
#[model(table = "output_type", rules = RULES, rest = "output-types")]
pub struct OutputType {
    #[col(len = 40, unique_index)]
    pub name: String,
    #[col(len = 20)]
    pub short_name: String,
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
