//! `project`: A production: settings (fps, ratio, resolution, type, style), status, file tree, flags, links to catalog items.

use crate::models::prelude::*;

/// A production: settings (fps, ratio, resolution, type, style), status, file tree, flags, links to catalog items.
#[model(table = "project", hooks, rules = RULES, rest = "projects", extra = crate::extra::ProjectFields, prefetch_extra)]
#[many(name = "team", link = "project_person_link", this = "project_id", other = "person_id", target = "person")]
#[many(name = "asset_types", link = "project_asset_type_link", this = "project_id", other = "asset_type_id", target = "entity_type")]
#[many(name = "task_statuses", link = "project_task_status_link", this = "project_id", other = "task_status_id", target = "task_status", audit)]
#[many(name = "task_types", link = "project_task_type_link", this = "project_id", other = "task_type_id", target = "task_type", audit)]
#[many(name = "status_automations", link = "project_status_automation_link", this = "project_id", other = "status_automation_id", target = "status_automation")]
#[many(name = "preview_background_files", link = "project_preview_background_file_link", this = "project_id", other = "preview_background_file_id", target = "preview_background_file")]
pub struct Project {
    #[col(len = 80, unique_index)]
    pub name: String,
    #[col(len = 80)]
    pub code: Option<String>,
    pub description: Option<String>,
    pub shotgun_id: Option<i32>,
    pub file_tree: Option<Json>,
    pub data: Option<Json>,
    #[col(default = "false")]
    pub has_avatar: Option<bool>,
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
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub man_days: Option<i32>,
    #[col(default = "0")]
    pub nb_episodes: Option<i32>,
    #[col(default = "0")]
    pub episode_span: Option<i32>,
    #[col(default = "0")]
    pub max_retakes: Option<i32>,
    #[col(default = "false")]
    pub is_clients_isolated: Option<bool>,
    #[col(default = "false")]
    pub is_preview_download_allowed: Option<bool>,
    #[col(default = "false")]
    pub is_set_preview_automated: Option<bool>,
    #[col(len = 80, default = "'assets'")]
    pub homepage: Option<String>,
    #[col(default = "false")]
    pub is_publish_default_for_artists: Option<bool>,
    pub hd_bitrate_compression: Option<i32>,
    pub ld_bitrate_compression: Option<i32>,
    #[col(fk = "project_status", index)]
    pub project_status_id: Option<Uuid>,
    #[col(fk = "preview_background_file", index)]
    pub default_preview_background_file_id: Option<Uuid>,
    #[col(fk = "production_schedule_version", on_delete = "SET NULL", index)]
    pub from_schedule_version_id: Option<Uuid>,
    #[col(default = "false")]
    pub is_bot_collaboration_enabled: Option<bool>,
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
    list: Rule::LoggedIn,
    get: Rule::ProjectMember,
    create: Rule::Admin,
    update: Rule::ProjectManager,
    delete: Rule::Admin,
    list_scope: ListScope::OwnProjects,
    project: ProjectOf::Itself,
    vendor: VendorScope::None,
};

impl tusk_db::Hooks for Project {
    /// New projects are open unless told otherwise.
    async fn before_create(
        _s: &tusk_db::Session,
        tx: &mut tusk_db::Tx,
        values: &mut tusk_db::Assignments,
    ) -> tusk_db::Result<()> {
        if !values.iter().any(|(c, v)| c.name == "project_status_id" && !v.is_null()) {
            let q = tx.sql("SELECT \"id\" FROM \"project_status\" WHERE \"name\" = 'Open'");
            if let Some((open,)) = tx.fetch_optional::<(Uuid,)>(&q).await? {
                values.retain(|(c, _)| c.name != "project_status_id");
                values.push((tusk_db::filter::col(<Self as tusk_db::Model>::META, "project_status_id"), tusk_db::SqlValue::Uuid(Some(open))));
            }
        }
        Ok(())
    }

    /// A tv show starts with episode `E01`, as in Zou (made as its episode
    /// route makes one: empty description and data, by the caller).
    async fn after_create(s: &tusk_db::Session, tx: &mut tusk_db::Tx, row: &Self) -> tusk_db::Result<()> {
        if row.production_type.as_deref() != Some("tvshow") {
            return Ok(());
        }
        let q = tx.sql("SELECT \"id\" FROM \"entity_type\" WHERE \"name\" = 'Episode'");
        let Some((episode_type,)) = tx.fetch_optional::<(Uuid,)>(&q).await? else {
            return Ok(());
        };
        let meta = <crate::Entity as tusk_db::Model>::META;
        let values = tusk_db::engine::assignments(
            meta,
            vec![
                ("name", tusk_db::SqlValue::Text(Some("E01".into()))),
                ("project_id", tusk_db::SqlValue::Uuid(Some(row.id))),
                ("entity_type_id", tusk_db::SqlValue::Uuid(Some(episode_type))),
                ("description", tusk_db::SqlValue::Text(Some(String::new()))),
                ("data", tusk_db::SqlValue::Json(Some(serde_json::json!({})))),
                ("created_by", tusk_db::SqlValue::Uuid(s.actor_id())),
            ],
        );
        tusk_db::engine::insert::<crate::Entity>(tx, &values).await?;
        Ok(())
    }

    /// Only closed projects can be deleted.
    async fn before_delete(_s: &tusk_db::Session, tx: &mut tusk_db::Tx, row: &Self) -> tusk_db::Result<()> {
        let mut q = tx.sql("SELECT \"name\" FROM \"project_status\" WHERE \"id\" = ");
        q.bind(tusk_db::SqlValue::Uuid(row.project_status_id));
        let status = tx.fetch_optional::<(String,)>(&q).await?.map(|r| r.0);
        if status.as_deref() != Some("Closed") {
            return Err(tusk_db::Error::BadRequest("Only closed projects can be deleted".into()));
        }
        Ok(())
    }

    /// GET one adds the status name, the metadata descriptors and the
    /// task type and status links with their settings.
    async fn get_extra(s: &tusk_db::Session, row: &Self) -> tusk_db::Result<serde_json::Map<String, Value>> {
        crate::extra::project_extra(s, row).await
    }
}
