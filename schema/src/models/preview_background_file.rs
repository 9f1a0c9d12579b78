//! `preview_background_file`: HDR environment used as background in the 3D preview player.

use crate::models::prelude::*;

/// HDR environment used as background in the 3D preview player.
#[model(table = "preview_background_file", rules = RULES, rest = "preview-background-files")]
pub struct PreviewBackgroundFile {
    #[col(len = 40)]
    pub name: String,
    #[col(default = "false")]
    pub archived: Option<bool>,
    #[col(index, default = "false")]
    pub is_default: Option<bool>,
    #[col(len = 250)]
    pub original_name: Option<String>,
    #[col(len = 6)]
    pub extension: Option<String>,
    #[col(default = "0")]
    pub file_size: Option<i64>,
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
