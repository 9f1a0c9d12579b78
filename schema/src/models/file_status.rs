//! `file_status`: Status of an output file (e.g. the default 'To review').

use crate::models::prelude::*;

/// Status of an output file (e.g. the default 'To review').
#[model(table = "file_status", rules = RULES, rest = "file-status")]
pub struct FileStatus {
    #[col(len = 40, unique)]
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
