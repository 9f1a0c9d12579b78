//! `custom_action`: Studio-defined URL action shown in the UI for an entity type.

use crate::models::prelude::*;

/// Studio-defined URL action shown in the UI for an entity type.
#[model(table = "custom_action", rest = "custom-actions")]
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
