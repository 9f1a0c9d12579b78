//! `project_template`: Reusable set of project settings and catalog links applied when creating a project.

use crate::models::prelude::*;

/// Reusable set of project settings and catalog links applied when creating a project.
#[model(table = "project_template", hooks, rules = RULES, rest = "project-templates")]
#[many(name = "task_types", link = "project_template_task_type_link", this = "project_template_id", other = "task_type_id", target = "task_type", audit)]
#[many(name = "task_statuses", link = "project_template_task_status_link", this = "project_template_id", other = "task_status_id", target = "task_status", audit)]
#[many(name = "asset_types", link = "project_template_asset_type_link", this = "project_template_id", other = "asset_type_id", target = "entity_type")]
#[many(name = "status_automations", link = "project_template_status_automation_link", this = "project_template_id", other = "status_automation_id", target = "status_automation")]
#[many(name = "preview_background_files", link = "project_template_preview_background_file_link", this = "project_template_id", other = "preview_background_file_id", target = "preview_background_file")]
pub struct ProjectTemplate {
    #[col(len = 80, unique_index)]
    pub name: String,
    pub description: Option<String>,
    #[col(len = 10, default = "'25'")]
    pub fps: Option<String>,
    #[col(len = 10, default = "'16:9'")]
    pub ratio: Option<String>,
    #[col(len = 12, default = "'1920x1080'")]
    pub resolution: Option<String>,
    #[col(len = 20, default = "'short'")]
    pub production_type: Option<String>,
    #[col(len = 255, default = "'2d3d'", choices = "2d, 2dpaper, 3d, 2d3d, ar, vfx, stop-motion, motion-design, archviz, commercial, catalog, immersive, nft, video-game, vr")]
    pub production_style: String,
    #[col(default = "0")]
    pub max_retakes: Option<i32>,
    #[col(default = "false")]
    pub is_clients_isolated: Option<bool>,
    #[col(default = "false")]
    pub is_preview_download_allowed: Option<bool>,
    #[col(default = "false")]
    pub is_set_preview_automated: Option<bool>,
    #[col(default = "false")]
    pub is_publish_default_for_artists: Option<bool>,
    #[col(len = 80, default = "'assets'")]
    pub homepage: Option<String>,
    pub hd_bitrate_compression: Option<i32>,
    pub ld_bitrate_compression: Option<i32>,
    pub file_tree: Option<Json>,
    pub data: Option<Json>,
    #[col(default = "'[]'")]
    pub metadata_descriptors: Option<Json>,
    #[col(fk = "preview_background_file", index)]
    pub default_preview_background_file_id: Option<Uuid>,
    #[col(default = "false")]
    pub is_single_preview_per_revision: Option<bool>,
    #[col(default = "0")]
    pub revision_padding: i32,
    #[col(default = "false")]
    pub is_frame_in_numbering: Option<bool>,
    #[col(default = "true")]
    pub is_client_stats_visible: Option<bool>,
    #[col(default = "true")]
    pub is_client_task_list_visible: Option<bool>,
    #[col(default = "true")]
    pub is_client_task_panel_visible: Option<bool>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::ManagerGlobal,
    get: Rule::ManagerGlobal,
    create: Rule::Admin,
    update: Rule::Admin,
    delete: Rule::Admin,
    list_scope: ListScope::None,
    project: ProjectOf::None,
    vendor: VendorScope::None,
};

impl tusk_db::Hooks for ProjectTemplate {
    /// Zou answers the creation of a template without its links.
    const POST_RELATIONS: bool = false;
}
