//! `plugin`: Installed server plugin metadata.

use crate::models::prelude::*;

/// Installed server plugin metadata.
#[model(table = "plugin", rest = "plugins")]
pub struct Plugin {
    #[col(len = 80, unique_index)]
    pub plugin_id: String,
    #[col(len = 80, index)]
    pub name: String,
    pub description: Option<String>,
    #[col(len = 50)]
    pub version: String,
    #[col(len = 200)]
    pub maintainer_name: String,
    #[col(len = 255)]
    pub maintainer_email: Option<String>,
    pub website: Option<String>,
    #[col(len = 80)]
    pub license: String,
    #[col(len = 12)]
    pub revision: Option<String>,
    #[col(default = "false")]
    pub frontend_project_enabled: Option<bool>,
    #[col(default = "false")]
    pub frontend_studio_enabled: Option<bool>,
    #[col(len = 255)]
    pub icon: Option<String>,
}
