//! `organisation`: Single studio settings row (name, hours per day, UI defaults, chat integration tokens).

use crate::models::prelude::*;

/// Single studio settings row (name, hours per day, UI defaults, chat integration tokens).
#[model(table = "organisation", rules = RULES, rest = "organisations")]
pub struct Organisation {
    #[col(len = 80, unique)]
    pub name: String,
    #[col(default = "8")]
    pub hours_by_day: f64,
    #[col(default = "false")]
    pub has_avatar: Option<bool>,
    #[col(default = "false")]
    pub use_original_file_name: Option<bool>,
    #[col(default = "false")]
    pub timesheets_locked: Option<bool>,
    #[col(default = "false")]
    pub format_duration_in_hours: Option<bool>,
    #[col(default = "false")]
    pub hd_by_default: Option<bool>,
    #[col(len = 80, default = "''")]
    pub chat_token_slack: Option<String>,
    #[col(len = 80, default = "''")]
    pub chat_webhook_mattermost: Option<String>,
    #[col(len = 80, default = "''")]
    pub chat_token_discord: Option<String>,
    #[col(default = "false")]
    pub dark_theme_by_default: Option<bool>,
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
