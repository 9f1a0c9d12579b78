//! `custom_action`: Studio-defined URL action shown in the UI for an entity type.

use crate::models::prelude::*;

/// Studio-defined URL action shown in the UI for an entity type.
#[model(table = "custom_action", rules = RULES, rest = "custom-actions")]
pub struct CustomAction {
    #[col(len = 80)]
    pub name: String,
    #[col(len = 400)]
    pub url: Option<String>,
    #[col(len = 40, default = "'all'")]
    pub entity_type: Option<String>,
    #[col(default = "false")]
    pub is_ajax: Option<bool>,
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
