//! `organisation`: Single studio settings row (name, hours per day, UI defaults, chat integration tokens).

use crate::models::prelude::*;

/// Single studio settings row (name, hours per day, UI defaults, chat integration tokens).
#[model(table = "organisation", rest = "organisations")]
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
    #[col(len = 80)]
    pub chat_token_slack: Option<String>,
    #[col(len = 80)]
    pub chat_webhook_mattermost: Option<String>,
    #[col(len = 80)]
    pub chat_token_discord: Option<String>,
    #[col(default = "false")]
    pub dark_theme_by_default: Option<bool>,
}
