//! REST handlers of Zou's `projects` blueprint (area 04) and the project
//! thumbnail routes. Each parses the request into typed input, calls the
//! service in [`super`], and answers Zou's JSON and status.

use super::{budgets, descriptors, thumbnails, Setting, SettingsBatch, TaskTypeOptions};
use crate::rest::RestReply;
use crate::route::{Ctx, LaxBool, LaxInt, NonEmpty, Req};
use serde::Deserialize;
use serde_json::{json, Value};
use tusk_db::zou::Body;
use tusk_db::{Error, Result};

fn ok(v: &impl serde::Serialize) -> Result<RestReply> {
    RestReply::ok(200, v)
}
fn created(v: &impl serde::Serialize) -> Result<RestReply> {
    RestReply::ok(201, v)
}

// --- projects -------------------------------------------------------------

pub async fn open(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    ok(&super::open_projects(c.s, r.arg("name")).await?)
}

pub async fn all(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    ok(&super::all_projects(c.s, r.arg("name")).await?)
}

// --- team -----------------------------------------------------------------

pub async fn team(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    ok(&super::team_json(c.s, r.id("project_id")?).await?)
}

#[derive(Deserialize)]
struct TeamMember {
    person_id: NonEmpty,
    #[serde(default)]
    role: Option<super::ProjectRole>,
}

pub async fn add_member(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let b: TeamMember = r.parse()?;
    let project = r.id("project_id")?;
    let person = tusk_db::value::parse_hyphenated(&b.person_id.0)
        .ok_or_else(|| Error::Invalid(format!("Person with id {} not found", b.person_id.0)))?;
    created(&super::add_member(c.s, project, person, b.role.map(|r| r.0)).await?)
}

pub async fn remove_member(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    super::remove_member(c.s, r.id("project_id")?, r.id("person_id")?).await?;
    Ok(RestReply::no_content())
}

#[derive(Deserialize)]
struct TeamRole {
    #[serde(default)]
    role: Option<super::ProjectRole>,
}

pub async fn set_member_role(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let b: TeamRole = r.parse()?;
    ok(&super::set_member_role(
        c.s,
        r.id("project_id")?,
        r.id("person_id")?,
        b.role.map(|r| r.0),
    )
    .await?)
}

// --- settings -------------------------------------------------------------

pub async fn task_types(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let p = r.id("project_id")?;
    crate::guard::member(c.s, p).await?;
    crate::guard::project(c.s, p).await?;
    ok(&super::settings_json(c.s, p, Setting::TaskType).await?)
}

/// The id a setting route names in its body (Zou answers a malformed one
/// as a missing row: 400 with the model's name).
fn setting_id(kind: Setting, raw: &str) -> Result<uuid::Uuid> {
    tusk_db::value::parse_hyphenated(raw).ok_or_else(|| match kind {
        Setting::TaskType => {
            Error::Invalid("task_type_id is required and must be a valid UUID".into())
        }
        k => Error::Invalid(format!("{} with id {raw} not found", k.model())),
    })
}

async fn add(c: Ctx<'_>, r: Req, kind: Setting, field: &str) -> Result<RestReply> {
    let body = r.payload();
    let raw: NonEmpty = crate::route::parse_value(
        body.get(field)
            .cloned()
            .ok_or_else(|| crate::route::missing(field))?,
    )
    .map_err(|_| crate::route::validation(field, "String should have at least 1 character"))?;
    let project = r.id("project_id")?;
    let id = setting_id(kind, &raw.0)?;
    created(&super::add_setting(c.s, project, kind, id, TaskTypeOptions::default()).await?)
}

async fn remove(c: Ctx<'_>, r: Req, kind: Setting, param: &str) -> Result<RestReply> {
    super::remove_setting(c.s, r.id("project_id")?, kind, r.id(param)?).await?;
    Ok(RestReply::no_content())
}

async fn list(c: Ctx<'_>, r: Req, kind: Setting, managers_only: bool) -> Result<RestReply> {
    let p = r.id("project_id")?;
    if managers_only {
        crate::guard::manager(c.s, p).await?;
    } else {
        crate::guard::member(c.s, p).await?;
    }
    crate::guard::project(c.s, p).await?;
    ok(&super::settings_json(c.s, p, kind).await?)
}

pub async fn add_asset_type(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    add(c, r, Setting::AssetType, "asset_type_id").await
}
pub async fn remove_asset_type(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    remove(c, r, Setting::AssetType, "asset_type_id").await
}

/// Zou's `ProjectTaskTypeSchema` (the name shows in validation errors).
#[derive(Deserialize)]
struct ProjectTaskTypeSchema {
    task_type_id: NonEmpty,
    #[serde(default)]
    priority: Option<LaxInt>,
    #[serde(default)]
    hd_bitrate_compression: Option<LaxInt>,
    #[serde(default)]
    ld_bitrate_compression: Option<LaxInt>,
    #[serde(default)]
    is_client_visible: Option<LaxBool>,
}

impl ProjectTaskTypeSchema {
    fn options(&self, raw: &Value) -> Result<TaskTypeOptions> {
        let hd = self.hd_bitrate_compression.map(|v| v.0);
        let ld = self.ld_bitrate_compression.map(|v| v.0);
        for (k, v) in [
            ("hd_bitrate_compression", hd),
            ("ld_bitrate_compression", ld),
        ] {
            if v.is_some_and(|v| v < 1) {
                return Err(crate::route::validation(
                    k,
                    "Input should be greater than or equal to 1",
                ));
            }
        }
        let sent = |k: &str| raw.get(k).is_some();
        Ok(TaskTypeOptions {
            priority: self.priority.map(|p| p.0),
            bitrates: (sent("hd_bitrate_compression") || sent("ld_bitrate_compression"))
                .then_some((hd, ld)),
            is_client_visible: self.is_client_visible.map(|v| v.0),
        })
    }
}

pub async fn add_task_type(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let raw = r.payload();
    let b: ProjectTaskTypeSchema = r.parse()?;
    let opts = b.options(&raw)?;
    let id = setting_id(Setting::TaskType, &b.task_type_id.0)?;
    created(&super::add_setting(c.s, r.id("project_id")?, Setting::TaskType, id, opts).await?)
}
pub async fn remove_task_type(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    remove(c, r, Setting::TaskType, "task_type_id").await
}

pub async fn task_statuses(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    list(c, r, Setting::TaskStatus, false).await
}
pub async fn add_task_status(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    add(c, r, Setting::TaskStatus, "task_status_id").await
}
#[derive(Deserialize)]
struct ProjectTaskStatusClientAllowedSchema {
    is_client_allowed: Option<LaxBool>,
}

pub async fn set_task_status_client_allowed(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let p = r.id("project_id")?;
    let status = r.id("task_status_id")?;
    if r.payload().get("is_client_allowed").is_none() {
        return Err(crate::route::missing("is_client_allowed"));
    }
    let b: ProjectTaskStatusClientAllowedSchema = r.parse()?;
    ok(&super::set_status_client_allowed(c.s, p, status, b.is_client_allowed.map(|v| v.0)).await?)
}

pub async fn remove_task_status(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    remove(c, r, Setting::TaskStatus, "task_status_id").await
}

pub async fn status_automations(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    list(c, r, Setting::StatusAutomation, true).await
}
pub async fn add_status_automation(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    add(c, r, Setting::StatusAutomation, "status_automation_id").await
}
pub async fn remove_status_automation(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    remove(c, r, Setting::StatusAutomation, "status_automation_id").await
}

pub async fn preview_backgrounds(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    list(c, r, Setting::PreviewBackgroundFile, false).await
}
pub async fn add_preview_background(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    add(
        c,
        r,
        Setting::PreviewBackgroundFile,
        "preview_background_file_id",
    )
    .await
}
pub async fn remove_preview_background(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    remove(
        c,
        r,
        Setting::PreviewBackgroundFile,
        "preview_background_file_id",
    )
    .await
}

fn batch_id(raw: &str) -> Result<uuid::Uuid> {
    tusk_db::value::parse_hyphenated(raw)
        .ok_or_else(|| Error::Invalid(format!("{raw} is not a valid id")))
}

/// Zou's `ProjectSettingsBatchSchema`.
#[derive(Deserialize)]
struct ProjectSettingsBatchSchema {
    #[serde(default)]
    task_types: Vec<ProjectTaskTypeSchema>,
    #[serde(default)]
    task_status_ids: Vec<String>,
    #[serde(default)]
    asset_type_ids: Vec<String>,
    #[serde(default)]
    replace_task_types: Option<LaxBool>,
}

pub async fn settings_batch(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let p = r.id("project_id")?;
    crate::guard::project(c.s, p).await?;
    let b: ProjectSettingsBatchSchema = r.parse()?;
    let mut batch = SettingsBatch {
        replace_task_types: b.replace_task_types.is_some_and(|v| v.0),
        ..Default::default()
    };
    for t in b.task_types {
        // The batch sets priority and visibility, never bitrates.
        let opts = t.options(&Value::Null)?;
        batch.task_types.push((batch_id(&t.task_type_id.0)?, opts));
    }
    // Unknown ids are skipped, as in Zou; a malformed one refuses the whole
    // batch (Zou crashes half-way).
    batch.task_status_ids = b
        .task_status_ids
        .iter()
        .map(|s| batch_id(s))
        .collect::<Result<_>>()?;
    batch.asset_type_ids = b
        .asset_type_ids
        .iter()
        .map(|s| batch_id(s))
        .collect::<Result<_>>()?;
    ok(&super::apply_batch(c.s, p, batch).await?)
}

// --- metadata descriptors -------------------------------------------------

pub async fn descriptors(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    ok(&descriptors::list_json(c.s, r.id("project_id")?).await?)
}

pub async fn create_descriptor(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let d: descriptors::NewDescriptor = r.parse()?;
    let row = descriptors::create(c.s, r.id("project_id")?, d).await?;
    created(&descriptors::one_json(c.s, &row).await?)
}

pub async fn descriptor(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    ok(&descriptors::get_json(c.s, r.id("project_id")?, r.id("metadata_descriptor_id")?).await?)
}

pub async fn update_descriptor(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let d: descriptors::DescriptorChanges = r.parse()?;
    let row =
        descriptors::update(c.s, r.id("project_id")?, r.id("metadata_descriptor_id")?, d).await?;
    ok(&descriptors::one_json(c.s, &row).await?)
}

pub async fn delete_descriptor(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    descriptors::delete(c.s, r.id("project_id")?, r.id("metadata_descriptor_id")?).await?;
    Ok(RestReply::no_content())
}

#[derive(Deserialize)]
struct Order {
    entity_type: NonEmpty,
    descriptor_ids: Vec<String>,
}

pub async fn reorder_descriptors(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let o: Order = r.parse()?;
    if o.descriptor_ids.is_empty() {
        return Err(crate::route::validation(
            "descriptor_ids",
            "List should have at least 1 item after validation, not 0",
        ));
    }
    ok(&descriptors::reorder_json(
        c.s,
        r.id("project_id")?,
        &o.entity_type.0,
        &o.descriptor_ids,
    )
    .await?)
}

pub async fn create_descriptor_everywhere(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    crate::guard::manager_global(c.s)?;
    let d: descriptors::NewDescriptor = r.parse()?;
    let rows = descriptors::create_everywhere(c.s, d).await?;
    created(&descriptors::json_of(c.s, &rows).await?)
}

pub async fn update_descriptor_everywhere(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    crate::guard::manager_global(c.s)?;
    let d: descriptors::AllProjectsChanges = r.parse()?;
    let rows = descriptors::update_everywhere(c.s, r.param("field_name")?, d).await?;
    ok(&descriptors::json_of(c.s, &rows).await?)
}

pub async fn delete_descriptor_everywhere(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    ok(&descriptors::delete_everywhere(c.s, r.arg("entity_type"), r.param("field_name")?).await?)
}

#[derive(Deserialize)]
struct FieldOrder {
    entity_type: NonEmpty,
    field_order: Vec<String>,
}

pub async fn reorder_descriptors_everywhere(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    crate::guard::manager_global(c.s)?;
    let o: FieldOrder = r.parse()?;
    if o.field_order.is_empty() {
        return Err(crate::route::validation(
            "field_order",
            "List should have at least 1 item after validation, not 0",
        ));
    }
    let rows = descriptors::reorder_everywhere(c.s, &o.entity_type.0, &o.field_order).await?;
    ok(&descriptors::json_of(c.s, &rows).await?)
}

// --- priorities (crud blueprint) -------------------------------------------

/// `POST /actions/task-types/reorder` (admins): `{"task_type_ids": [...]}`.
pub async fn reorder_task_types(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    crate::guard::admin(c.s)?;
    let ids = super::priorities::id_list(&r.body, "task_type_ids")?;
    let rows = super::priorities::reorder_task_types(c.s, &ids).await?;
    ok(&super::priorities::json_of(&rows)?)
}

/// `POST /actions/projects/{p}/task-type-links/reorder` (managers of the
/// project): `{"task_type_ids": [...]}`.
pub async fn reorder_task_type_links(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let project = r.id("project_id")?;
    crate::guard::manager(c.s, project).await?;
    let ids = super::priorities::id_list(&r.body, "task_type_ids")?;
    let rows = super::priorities::reorder_task_type_links(c.s, project, &ids).await?;
    ok(&super::priorities::json_of(&rows)?)
}

/// `POST /actions/projects/{p}/task-status-links/reorder` (managers of the
/// project): `{"task_status_ids": [...]}`.
pub async fn reorder_task_status_links(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let project = r.id("project_id")?;
    crate::guard::manager(c.s, project).await?;
    let ids = super::priorities::id_list(&r.body, "task_status_ids")?;
    let rows = super::priorities::reorder_task_status_links(c.s, project, &ids).await?;
    ok(&super::priorities::json_of(&rows)?)
}

// --- budgets --------------------------------------------------------------

/// Budget routes answer a malformed id with 400 `Wrong UUID format.`.
fn bid(r: &Req, name: &str) -> Result<uuid::Uuid> {
    r.id_or(name, || Error::Invalid("Wrong UUID format.".into()))
}

fn row<M: tusk_db::Model>(m: &M) -> Result<RestReply> {
    ok(&Value::Object(tusk_db::zou::json_map(m)?))
}

pub async fn budgets(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    ok(&budgets::list_json(c.s, bid(&r, "project_id")?).await?)
}

pub async fn create_budget(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let p = bid(&r, "project_id")?;
    crate::guard::manager(c.s, p).await?;
    let b: budgets::NewBudget = r.parse()?;
    row(&budgets::create(c.s, p, b).await?)
}

pub async fn budget(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    ok(&budgets::get_json(c.s, bid(&r, "project_id")?, bid(&r, "budget_id")?).await?)
}

pub async fn update_budget(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let (p, b) = (bid(&r, "project_id")?, bid(&r, "budget_id")?);
    crate::guard::manager(c.s, p).await?;
    let changes: budgets::BudgetChanges = r.parse()?;
    row(&budgets::update(c.s, p, b, changes).await?)
}

pub async fn delete_budget(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    budgets::delete(c.s, bid(&r, "project_id")?, bid(&r, "budget_id")?).await?;
    Ok(RestReply::no_content())
}

pub async fn budget_entries(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    ok(&budgets::entries_json(c.s, bid(&r, "project_id")?, bid(&r, "budget_id")?).await?)
}

pub async fn create_budget_entry(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let (p, b) = (bid(&r, "project_id")?, bid(&r, "budget_id")?);
    crate::guard::manager(c.s, p).await?;
    let e: budgets::EntrySchema = r.parse()?;
    row(&budgets::create_entry(c.s, p, b, e).await?)
}

pub async fn budget_entry(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    ok(&budgets::entry_json(
        c.s,
        bid(&r, "project_id")?,
        bid(&r, "budget_id")?,
        bid(&r, "entry_id")?,
    )
    .await?)
}

pub async fn update_budget_entry(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let (p, b, e) = (
        bid(&r, "project_id")?,
        bid(&r, "budget_id")?,
        bid(&r, "entry_id")?,
    );
    crate::guard::manager(c.s, p).await?;
    let changes: budgets::EntrySchema = r.parse()?;
    row(&budgets::replace_entry(c.s, p, b, e, changes).await?)
}

pub async fn delete_budget_entry(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    budgets::delete_entry(
        c.s,
        bid(&r, "project_id")?,
        bid(&r, "budget_id")?,
        bid(&r, "entry_id")?,
    )
    .await?;
    Ok(RestReply::no_content())
}

pub async fn month_time_spents(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    ok(&budgets::month_time_spents(c.s, bid(&r, "project_id")?).await?)
}

// --- thumbnails -----------------------------------------------------------

/// The project id of `/pictures/thumbnails/projects/{id}` or `{id}.png`
/// (one route serves both), and whether `.png` was used.
fn thumbnail_target(r: &Req) -> Result<(uuid::Uuid, bool)> {
    let raw = r.param("instance_id")?;
    let (raw, png) = match raw.strip_suffix(".png") {
        Some(id) => (id, true),
        None => (raw, false),
    };
    let id = tusk_db::value::parse_hyphenated(raw).ok_or_else(Error::not_found)?;
    Ok((id, png))
}

pub async fn project_thumbnail(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let (project, _) = thumbnail_target(&r)?;
    let f = thumbnails::download(c.s, &c.app.storage, project).await?;
    Ok(RestReply::file("image/png", Body::Full(f.bytes.to_vec()))
        .header("cache-control", "max-age=604800")
        .header(
            "last-modified",
            f.last_modified
                .format("%a, %d %b %Y %H:%M:%S GMT")
                .to_string(),
        ))
}

pub async fn upload_project_thumbnail(c: Ctx<'_>, mut r: Req) -> Result<RestReply> {
    let (project, png) = thumbnail_target(&r)?;
    if png {
        return Err(Error::body(
            405,
            json!({"error": true, "message": "Upload project thumbnails on the url without extension: /pictures/thumbnails/projects/<project_id>."}),
        ));
    }
    crate::guard::project(c.s, project).await?;
    crate::guard::manager(c.s, project).await?;
    let file = r
        .upload
        .take()
        .ok_or_else(|| Error::Invalid("File not provided.".into()))?;
    created(&thumbnails::upload(c.s, &c.app.storage, project, &file.bytes).await?)
}
