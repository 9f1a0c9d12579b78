//! Projects, their team and their production settings (Zou's `projects`
//! blueprint, area 04). The services here are shared by the REST routes
//! ([`rest`]) and the GraphQL fields ([`gql`]); permissions are checked
//! inside each service, so both answer alike.
//!
//! - team: membership and the per-project role override;
//! - settings: asset types, task types (with priority), task statuses,
//!   status automations and preview backgrounds enabled on a project;
//! - [`descriptors`]: metadata descriptors (custom fields);
//! - [`budgets`]: budgets, entries, time spent per month;
//! - [`thumbnails`]: the project picture.

pub mod budgets;
pub mod descriptors;
pub mod gql;
pub mod priorities;
pub mod rest;
pub mod thumbnails;

use crate::guard;
use serde_json::{json, Map, Value};
use tusk_db::events::NewEvent;
use tusk_db::model::ManyToMany;
use tusk_db::policy::Role;
use tusk_db::{Error, Model, Result, Session, SqlValue, Tx};
use tusk_schema::extra::{projects_extra, DescriptorScope, ProjectKeys};
use tusk_schema::{Person, Project};
use uuid::Uuid;

// ---------------------------------------------------------------------------
// Listing

/// Project rows whose status is open (`Open`, `open` or `Active`), by name;
/// only the caller's projects unless admin. `name` narrows to one name.
pub async fn open_rows(s: &Session, name: Option<&str>) -> Result<Vec<Project>> {
    rows(s, name, true).await
}

async fn rows(s: &Session, name: Option<&str>, open_only: bool) -> Result<Vec<Project>> {
    let actor = guard::actor(s)?;
    let mut db = s.db();
    let mut q = db.sql("SELECT ");
    q.push(&<Project as Model>::META.select_list(Some("p")))
        .push(" FROM \"project\" p JOIN \"project_status\" st ON st.\"id\" = p.\"project_status_id\" WHERE 1 = 1");
    if open_only {
        q.push(" AND st.\"name\" IN ('Active', 'open', 'Open')");
    }
    if let Some(n) = name {
        q.push(" AND p.\"name\" = ")
            .bind(SqlValue::Text(Some(n.to_owned())));
    }
    if !actor.is_admin() {
        q.push(" AND p.\"id\" IN (SELECT \"project_id\" FROM \"project_person_link\" WHERE \"person_id\" = ")
            .bind(SqlValue::Uuid(Some(actor.id)))
            .push(")");
    }
    q.push(" ORDER BY p.\"name\"");
    db.fetch_all(&q).await
}

/// How the caller may see the descriptors of a project.
pub fn descriptor_scope(s: &Session, project: Uuid) -> DescriptorScope {
    match s.principal.actor() {
        Ok(a) => DescriptorScope::of(
            guard::role_in(s, Some(project)).unwrap_or(a.role),
            &a.departments,
        ),
        Err(_) => DescriptorScope::ForClient,
    }
}

/// Projects as `/data/projects/open` answers them: with relations,
/// descriptors (as the caller may see them), task type and status links
/// and, for tv shows, the first episode.
pub async fn open_json(s: &Session, rows: &[Project]) -> Result<Vec<Value>> {
    let mut maps = tusk_db::zou::json_maps(s, rows, true, None).await?;
    let opts = ProjectKeys {
        status_name: false,
        descriptors: true,
        links: true,
        first_episode: true,
    };
    let mut extra = projects_extra(&mut s.db(), rows, &opts, &|p| descriptor_scope(s, p)).await?;
    Ok(rows
        .iter()
        .zip(maps.iter_mut())
        .map(|(p, m)| {
            m.extend(extra.remove(&p.id).unwrap_or_default());
            Value::Object(std::mem::take(m))
        })
        .collect())
}

/// `GET /data/projects/open`.
pub async fn open_projects(s: &Session, name: Option<&str>) -> Result<Vec<Value>> {
    let rows = open_rows(s, name).await?;
    open_json(s, &rows).await
}

/// `GET /data/projects/all`: every project for admins (with the status
/// name and the `Project` descriptors), the caller's projects otherwise.
pub async fn all_projects(s: &Session, name: Option<&str>) -> Result<Vec<Value>> {
    let admin = guard::actor(s)?.is_admin();
    let rows = rows(s, None, false).await?;
    let rows: Vec<Project> = match name {
        // Zou matches the name case-insensitively here.
        Some(n) => rows
            .into_iter()
            .filter(|p| p.name.to_lowercase() == n.to_lowercase())
            .collect(),
        None => rows,
    };
    if admin && name.is_some() && rows.is_empty() {
        return Err(Error::not_found());
    }
    let mut maps = tusk_db::zou::json_maps(s, &rows, false, None).await?;
    // With `name`, Zou answers the bare project.
    if admin && name.is_none() {
        let opts = ProjectKeys {
            status_name: true,
            descriptors: true,
            links: false,
            first_episode: false,
        };
        let mut extra =
            projects_extra(&mut s.db(), &rows, &opts, &|_| DescriptorScope::All).await?;
        for (p, m) in rows.iter().zip(maps.iter_mut()) {
            let mut e = extra.remove(&p.id).unwrap_or_default();
            // The admin listing only carries the project's own fields.
            if let Some(Value::Array(d)) = e.get_mut("descriptors") {
                d.retain(|d| d["entity_type"] == "Project");
            }
            m.extend(e);
        }
    }
    let out: Vec<Value> = maps.into_iter().map(Value::Object).collect();
    if name.is_some() && !admin {
        return match out.into_iter().next() {
            Some(p) => Ok(vec![p]),
            None => Err(Error::not_found()),
        };
    }
    Ok(out)
}

/// A project as Zou's services return it after a change (no relations).
pub async fn project_json(s: &Session, id: Uuid) -> Result<Value> {
    let p = guard::project(s, id).await?;
    Ok(Value::Object(tusk_db::zou::json_map(&p)?))
}

/// Record Zou's `project:update` in `tx`.
async fn update_event(s: &Session, tx: &mut Tx, project: Uuid) -> Result<tusk_db::events::Event> {
    s.record(
        tx,
        NewEvent::new("project:update", Map::new(), Some(project)),
    )
    .await
}

/// Record Zou's `project:update` in `tx` and commit.
async fn commit_update(s: &Session, mut tx: Tx, project: Uuid) -> Result<()> {
    let ev = s
        .record(
            &mut tx,
            NewEvent::new("project:update", Map::new(), Some(project)),
        )
        .await?;
    s.commit(tx, vec![ev]).await
}

// ---------------------------------------------------------------------------
// Links (team and settings)

fn rel(name: &str) -> &'static ManyToMany {
    <Project as Model>::META
        .many(name)
        .unwrap_or_else(|| panic!("project has no relation {name}"))
}

/// Does `id` exist in `table`?
async fn exists(tx: &mut Tx, table: &str, id: Uuid) -> Result<bool> {
    let mut q = tx.sql("SELECT COUNT(*) FROM ");
    q.ident(table)
        .push(" WHERE \"id\" = ")
        .bind(SqlValue::Uuid(Some(id)));
    Ok(tx.fetch_scalar::<i64>(&q).await? > 0)
}

/// Is `other` linked to `project` through `rel`?
async fn linked(tx: &mut Tx, rel: &ManyToMany, project: Uuid, other: Uuid) -> Result<bool> {
    let mut q = tx.sql("SELECT COUNT(*) FROM ");
    q.ident(rel.link_table)
        .push(" WHERE ")
        .ident(rel.this)
        .push(" = ")
        .bind(SqlValue::Uuid(Some(project)))
        .push(" AND ")
        .ident(rel.other)
        .push(" = ")
        .bind(SqlValue::Uuid(Some(other)));
    Ok(tx.fetch_scalar::<i64>(&q).await? > 0)
}

/// Insert the link when missing (the unique key makes a concurrent
/// duplicate a no-op). Says whether it was missing.
async fn link(tx: &mut Tx, rel: &ManyToMany, project: Uuid, other: Uuid) -> Result<bool> {
    if linked(tx, rel, project, other).await? {
        return Ok(false);
    }
    let mut q = tx.sql("INSERT INTO ");
    q.ident(rel.link_table)
        .push(" (")
        .ident(rel.this)
        .push(", ")
        .ident(rel.other);
    if rel.link_audit {
        q.push(", \"id\", \"created_at\", \"updated_at\"");
    }
    q.push(") VALUES (")
        .bind(SqlValue::Uuid(Some(project)))
        .push(", ")
        .bind(SqlValue::Uuid(Some(other)));
    if rel.link_audit {
        let now = SqlValue::Timestamp(Some(tusk_db::fmt::now()));
        q.push(", ")
            .bind(SqlValue::Uuid(Some(Uuid::new_v4())))
            .push(", ")
            .bind(now.clone())
            .push(", ")
            .bind(now);
    }
    q.push(") ON CONFLICT DO NOTHING");
    tx.execute(&q).await?;
    if rel.link_table == "project_task_status_link" {
        // Zou's model default (its CRUD route leaves the list empty).
        let mut q = tx.sql("UPDATE \"project_task_status_link\" SET \"roles_for_board\" = ");
        q.bind(SqlValue::TextArray(Some(
            BOARD_ROLES.iter().map(|r| r.to_string()).collect(),
        )))
        .push(" WHERE \"project_id\" = ")
        .bind(SqlValue::Uuid(Some(project)))
        .push(" AND \"task_status_id\" = ")
        .bind(SqlValue::Uuid(Some(other)));
        tx.execute(&q).await?;
    }
    Ok(true)
}

/// The roles that see a status on the board when it is enabled on a project.
pub const BOARD_ROLES: &[&str] = &["user", "admin", "supervisor", "manager", "vendor"];

async fn unlink(tx: &mut Tx, rel: &ManyToMany, project: Uuid, other: Uuid) -> Result<()> {
    let mut q = tx.sql("DELETE FROM ");
    q.ident(rel.link_table)
        .push(" WHERE ")
        .ident(rel.this)
        .push(" = ")
        .bind(SqlValue::Uuid(Some(project)))
        .push(" AND ")
        .ident(rel.other)
        .push(" = ")
        .bind(SqlValue::Uuid(Some(other)));
    tx.execute(&q).await?;
    Ok(())
}

/// A project setting: a catalogue row enabled on the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum Setting {
    AssetType,
    TaskType,
    TaskStatus,
    StatusAutomation,
    PreviewBackgroundFile,
}

impl Setting {
    fn rel(self) -> &'static ManyToMany {
        rel(match self {
            Setting::AssetType => "asset_types",
            Setting::TaskType => "task_types",
            Setting::TaskStatus => "task_statuses",
            Setting::StatusAutomation => "status_automations",
            Setting::PreviewBackgroundFile => "preview_background_files",
        })
    }
    /// The model name Zou's "not found" message uses.
    fn model(self) -> &'static str {
        match self {
            Setting::AssetType => "EntityType",
            Setting::TaskType => "TaskType",
            Setting::TaskStatus => "TaskStatus",
            Setting::StatusAutomation => "StatusAutomation",
            Setting::PreviewBackgroundFile => "PreviewBackgroundFile",
        }
    }
}

/// Options of a task type enabled on a project.
#[derive(Debug, Clone, Default)]
pub struct TaskTypeOptions {
    pub priority: Option<i32>,
    /// `Some` when either bitrate was given (both are then written).
    pub bitrates: Option<(Option<i32>, Option<i32>)>,
    pub is_client_visible: Option<bool>,
}

/// Enable `id` on the project (manager of the project). Task types take
/// their options; an already enabled task type gets its bitrates and
/// visibility updated. Answers the project (no relations).
pub async fn add_setting(
    s: &Session,
    project: Uuid,
    kind: Setting,
    id: Uuid,
    opts: TaskTypeOptions,
) -> Result<Value> {
    guard::manager(s, project).await?;
    guard::project(s, project).await?;
    let rel = kind.rel();
    let mut tx = s.db.begin().await?;
    if !exists(&mut tx, rel.target_table, id).await? {
        return Err(Error::Invalid(format!(
            "{} with id {id} not found",
            kind.model()
        )));
    }
    // Zou announces a change only when a link was added (a task type is
    // always announced).
    let changed = if kind == Setting::TaskType {
        set_task_type_link(&mut tx, project, id, &opts, false).await?;
        true
    } else {
        link(&mut tx, rel, project, id).await?
    };
    if changed {
        commit_update(s, tx, project).await?;
    } else {
        tx.commit().await?;
    }
    project_json(s, project).await
}

/// Write a project task type link: create it with `opts`, or update the
/// bitrates and visibility of an existing one (and the priority when
/// `with_priority`, as the batch does).
async fn set_task_type_link(
    tx: &mut Tx,
    project: Uuid,
    task_type: Uuid,
    opts: &TaskTypeOptions,
    with_priority: bool,
) -> Result<()> {
    if let Some((hd, ld)) = opts.bitrates {
        for b in [hd, ld].into_iter().flatten() {
            if b < 1 {
                return Err(Error::Invalid("Bitrates must be at least 1 Mbit/s".into()));
            }
        }
    }
    let mut q = tx
        .sql("SELECT \"id\", \"priority\" FROM \"project_task_type_link\" WHERE \"project_id\" = ");
    q.bind(SqlValue::Uuid(Some(project)))
        .push(" AND \"task_type_id\" = ")
        .bind(SqlValue::Uuid(Some(task_type)));
    let existing = tx.fetch_optional::<(Uuid, Option<i32>)>(&q).await?;
    let now = SqlValue::Timestamp(Some(tusk_db::fmt::now()));
    match existing {
        None => {
            let (hd, ld) = opts.bitrates.unwrap_or((None, None));
            let mut q = tx.sql("INSERT INTO \"project_task_type_link\" (\"id\", \"created_at\", \"updated_at\", \"project_id\", \"task_type_id\", \"priority\", \"hd_bitrate_compression\", \"ld_bitrate_compression\", \"is_client_visible\") VALUES (");
            q.bind(SqlValue::Uuid(Some(Uuid::new_v4())))
                .push(", ")
                .bind(now.clone())
                .push(", ")
                .bind(now)
                .push(", ")
                .bind(SqlValue::Uuid(Some(project)))
                .push(", ")
                .bind(SqlValue::Uuid(Some(task_type)))
                .push(", ")
                .bind(SqlValue::Int(opts.priority))
                .push(", ")
                .bind(SqlValue::Int(hd))
                .push(", ")
                .bind(SqlValue::Int(ld))
                .push(", ")
                .bind(SqlValue::Bool(Some(opts.is_client_visible.unwrap_or(true))))
                .push(")");
            tx.execute(&q).await?;
        }
        Some((link_id, old_priority)) => {
            let mut sets: Vec<(&str, SqlValue)> = Vec::new();
            if let Some((hd, ld)) = opts.bitrates {
                sets.push(("hd_bitrate_compression", SqlValue::Int(hd)));
                sets.push(("ld_bitrate_compression", SqlValue::Int(ld)));
            }
            if let Some(v) = opts.is_client_visible {
                sets.push(("is_client_visible", SqlValue::Bool(Some(v))));
            }
            if with_priority && opts.priority.is_some() && opts.priority != old_priority {
                sets.push(("priority", SqlValue::Int(opts.priority)));
            }
            if sets.is_empty() {
                return Ok(());
            }
            let mut q = tx.sql("UPDATE \"project_task_type_link\" SET \"updated_at\" = ");
            q.bind(now);
            for (c, v) in sets {
                q.push(", ").ident(c).push(" = ").bind(v);
            }
            q.push(" WHERE \"id\" = ")
                .bind(SqlValue::Uuid(Some(link_id)));
            tx.execute(&q).await?;
        }
    }
    Ok(())
}

/// Disable `id` on the project (manager of the project). Removing what is
/// not enabled is not an error, as in Zou.
pub async fn remove_setting(s: &Session, project: Uuid, kind: Setting, id: Uuid) -> Result<()> {
    guard::manager(s, project).await?;
    guard::project(s, project).await?;
    let mut tx = s.db.begin().await?;
    unlink(&mut tx, kind.rel(), project, id).await?;
    commit_update(s, tx, project).await
}

/// A batch of settings (`POST …/settings/batch`): all or nothing.
#[derive(Debug, Clone, Default)]
pub struct SettingsBatch {
    pub task_types: Vec<(Uuid, TaskTypeOptions)>,
    pub task_status_ids: Vec<Uuid>,
    pub asset_type_ids: Vec<Uuid>,
    /// `task_types` is the whole wanted set: other task types are removed.
    pub replace_task_types: bool,
}

/// Apply a settings batch in one transaction. Unknown ids are skipped, as
/// in Zou.
pub async fn apply_batch(s: &Session, project: Uuid, b: SettingsBatch) -> Result<Value> {
    guard::manager(s, project).await?;
    guard::project(s, project).await?;
    let mut tx = s.db.begin().await?;
    for (tt, opts) in &b.task_types {
        if exists(&mut tx, "task_type", *tt).await? {
            set_task_type_link(&mut tx, project, *tt, opts, true).await?;
        }
    }
    if b.replace_task_types {
        let keep: Vec<Uuid> = b.task_types.iter().map(|(t, _)| *t).collect();
        let mut q = tx.sql("DELETE FROM \"project_task_type_link\" WHERE \"project_id\" = ");
        q.bind(SqlValue::Uuid(Some(project)));
        if !keep.is_empty() {
            q.push(" AND NOT (\"task_type_id\"")
                .in_uuids(&keep)
                .push(")");
        }
        tx.execute(&q).await?;
    }
    for id in &b.task_status_ids {
        if exists(&mut tx, "task_status", *id).await? {
            link(&mut tx, Setting::TaskStatus.rel(), project, *id).await?;
        }
    }
    for id in &b.asset_type_ids {
        if exists(&mut tx, "entity_type", *id).await? {
            link(&mut tx, Setting::AssetType.rel(), project, *id).await?;
        }
    }
    commit_update(s, tx, project).await?;
    project_json(s, project).await
}

/// The catalogue rows enabled on a project, as Zou lists them (no relations).
pub async fn settings_json(s: &Session, project: Uuid, kind: Setting) -> Result<Vec<Value>> {
    let rel = kind.rel();
    let ids = linked_ids(s, rel, project).await?;
    let v = match kind {
        Setting::AssetType => json_of::<tusk_schema::EntityType>(s, &ids).await?,
        Setting::TaskType => json_of::<tusk_schema::TaskType>(s, &ids).await?,
        Setting::TaskStatus => json_of::<tusk_schema::TaskStatus>(s, &ids).await?,
        Setting::StatusAutomation => json_of::<tusk_schema::StatusAutomation>(s, &ids).await?,
        Setting::PreviewBackgroundFile => {
            json_of::<tusk_schema::PreviewBackgroundFile>(s, &ids).await?
        }
    };
    Ok(v)
}

async fn linked_ids(s: &Session, rel: &ManyToMany, project: Uuid) -> Result<Vec<Uuid>> {
    let mut db = s.db();
    let mut q = db.sql("SELECT ");
    q.ident(rel.other)
        .push(" FROM ")
        .ident(rel.link_table)
        .push(" WHERE ")
        .ident(rel.this)
        .push(" = ")
        .bind(SqlValue::Uuid(Some(project)));
    Ok(db
        .fetch_all::<(Uuid,)>(&q)
        .await?
        .into_iter()
        .map(|r| r.0)
        .collect())
}

/// Rows of `M` by id, in the order of `ids`, as Zou JSON (no relations).
pub async fn json_of<M: Model>(s: &Session, ids: &[Uuid]) -> Result<Vec<Value>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut db = s.db();
    let meta = M::META;
    let mut q = db.sql("SELECT ");
    q.push(&meta.select_list(None))
        .push(" FROM ")
        .ident(meta.table)
        .push(" WHERE \"id\"")
        .in_uuids(ids);
    let rows: Vec<M> = db.fetch_all(&q).await?;
    let mut by: std::collections::HashMap<Uuid, M> =
        rows.into_iter().map(|r| (r.id(), r)).collect();
    ids.iter()
        .filter_map(|id| by.remove(id))
        .map(|r| Ok(Value::Object(tusk_db::zou::json_map(&r)?)))
        .collect()
}

/// Whether clients see tasks in a status, per project (`PUT
/// …/settings/task-status/{id}`); answers the link.
pub async fn set_status_client_allowed(
    s: &Session,
    project: Uuid,
    status: Uuid,
    allowed: Option<bool>,
) -> Result<Value> {
    guard::manager(s, project).await?;
    guard::project(s, project).await?;
    let mut tx = s.db.begin().await?;
    let mut q = tx.sql("SELECT \"id\" FROM \"project_task_status_link\" WHERE \"project_id\" = ");
    q.bind(SqlValue::Uuid(Some(project)))
        .push(" AND \"task_status_id\" = ")
        .bind(SqlValue::Uuid(Some(status)));
    let Some((link,)) = tx.fetch_optional::<(Uuid,)>(&q).await? else {
        return Err(Error::not_found());
    };
    let meta = <tusk_schema::ProjectTaskStatusLink as Model>::META;
    let values =
        tusk_db::engine::assignments(meta, vec![("is_client_allowed", SqlValue::Bool(allowed))]);
    let row: tusk_schema::ProjectTaskStatusLink =
        tusk_db::engine::update_in_tx(&mut tx, link, &values).await?;
    commit_update(s, tx, project).await?;
    Ok(Value::Object(tusk_db::zou::json_map(&row)?))
}

// ---------------------------------------------------------------------------
// Team

/// A role that may be set per project (`admin` is global only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProjectRole(pub Role);

impl<'de> serde::Deserialize<'de> for ProjectRole {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        match v.as_str().and_then(Role::parse) {
            Some(r) if r != Role::Admin => Ok(ProjectRole(r)),
            _ => Err(serde::de::Error::custom(
                "Input should be 'user', 'supervisor', 'manager', 'client' or 'vendor'",
            )),
        }
    }
}

/// Team members with their per-project role.
pub async fn team(s: &Session, project: Uuid) -> Result<Vec<(Person, Option<String>)>> {
    guard::member(s, project).await?;
    guard::project(s, project).await?;
    let mut db = s.db();
    let mut q = db
        .sql("SELECT \"person_id\", \"role\" FROM \"project_person_link\" WHERE \"project_id\" = ");
    q.bind(SqlValue::Uuid(Some(project)));
    let links = db.fetch_all::<(Uuid, Option<String>)>(&q).await?;
    let ids: Vec<Uuid> = links.iter().map(|l| l.0).collect();
    let roles: std::collections::HashMap<Uuid, Option<String>> = links.into_iter().collect();
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let meta = <Person as Model>::META;
    let mut q = db.sql("SELECT ");
    q.push(&meta.select_list(None))
        .push(" FROM \"person\" WHERE \"id\"")
        .in_uuids(&ids)
        .push(" ORDER BY \"first_name\", \"last_name\"");
    let people: Vec<Person> = db.fetch_all(&q).await?;
    Ok(people
        .into_iter()
        .map(|p| {
            let r = roles.get(&p.id).cloned().flatten();
            (p, r)
        })
        .collect())
}

/// `GET /data/projects/{id}/team`: managers get whole persons (with their
/// departments), clients the client form, others the minimal form; each
/// with `project_role`.
pub async fn team_json(s: &Session, project: Uuid) -> Result<Vec<Value>> {
    let members = team(s, project).await?;
    let role = guard::role_in(s, Some(project))?;
    let keys: Option<&[&str]> = if role.is_manager() {
        None
    } else if role == Role::Client {
        Some(tusk_schema::extra::PERSON_FOR_CLIENT)
    } else {
        Some(tusk_schema::extra::PERSON_MINIMAL)
    };
    let people: Vec<Person> = members.iter().map(|(p, _)| p.clone()).collect();
    let mut maps = tusk_db::zou::json_maps(s, &people, true, keys).await?;
    Ok(maps
        .iter_mut()
        .zip(members)
        .map(|(m, (_, r))| {
            m.insert("project_role".into(), json!(r));
            Value::Object(std::mem::take(m))
        })
        .collect())
}

/// Add a person to the team, optionally with a per-project role.
pub async fn add_member(
    s: &Session,
    project: Uuid,
    person: Uuid,
    role: Option<Role>,
) -> Result<Value> {
    guard::manager(s, project).await?;
    let mut tx = s.db.begin().await?;
    let p = find_person(&mut tx, person).await?;
    if let Some(p) = &p {
        if p.preview_project_id.is_some_and(|pp| pp != project) {
            return Err(Error::Invalid(
                "A preview account can only belong to its own project".into(),
            ));
        }
    } else {
        return Err(Error::Invalid(format!("Person with id {person} not found")));
    }
    if !exists(&mut tx, "project", project).await? {
        return Err(Error::not_found());
    }
    // Zou announces the membership and the role change separately.
    let mut events = Vec::new();
    if link(&mut tx, rel("team"), project, person).await? {
        events.push(update_event(s, &mut tx, project).await?);
    }
    if let Some(r) = role {
        if set_role_in(&mut tx, project, person, Some(r)).await? {
            events.push(update_event(s, &mut tx, project).await?);
        }
    }
    s.commit(tx, events).await?;
    project_json(s, project).await
}

async fn find_person(tx: &mut Tx, id: Uuid) -> Result<Option<Person>> {
    let meta = <Person as Model>::META;
    let mut q = tx.sql("SELECT ");
    q.push(&meta.select_list(None))
        .push(" FROM \"person\" WHERE \"id\" = ")
        .bind(SqlValue::Uuid(Some(id)));
    tx.fetch_optional(&q).await
}

/// Set a member's role; says whether it changed.
async fn set_role_in(tx: &mut Tx, project: Uuid, person: Uuid, role: Option<Role>) -> Result<bool> {
    let mut q = tx.sql("SELECT \"role\" FROM \"project_person_link\" WHERE \"project_id\" = ");
    q.bind(SqlValue::Uuid(Some(project)))
        .push(" AND \"person_id\" = ")
        .bind(SqlValue::Uuid(Some(person)));
    let old = tx
        .fetch_optional::<(Option<String>,)>(&q)
        .await?
        .and_then(|r| r.0);
    if old.as_deref() == role.map(|r| r.as_str()) {
        return Ok(false);
    }
    let mut q = tx.sql("UPDATE \"project_person_link\" SET \"role\" = ");
    q.bind(SqlValue::Text(role.map(|r| r.as_str().to_owned())))
        .push(" WHERE \"project_id\" = ")
        .bind(SqlValue::Uuid(Some(project)))
        .push(" AND \"person_id\" = ")
        .bind(SqlValue::Uuid(Some(person)));
    tx.execute(&q).await?;
    Ok(true)
}

/// Remove a person from the team (not being on it is not an error).
pub async fn remove_member(s: &Session, project: Uuid, person: Uuid) -> Result<()> {
    guard::manager(s, project).await?;
    guard::project(s, project).await?;
    let mut tx = s.db.begin().await?;
    unlink(&mut tx, rel("team"), project, person).await?;
    commit_update(s, tx, project).await
}

/// Set (or clear) a member's per-project role.
pub async fn set_member_role(
    s: &Session,
    project: Uuid,
    person: Uuid,
    role: Option<Role>,
) -> Result<Value> {
    guard::manager(s, project).await?;
    let mut tx = s.db.begin().await?;
    if let Some(p) = find_person(&mut tx, person).await? {
        if p.preview_project_id.is_some() {
            return Err(Error::Invalid(
                "A preview account keeps its client role".into(),
            ));
        }
    }
    if !linked(&mut tx, rel("team"), project, person).await? {
        return Err(Error::Invalid(
            "Person is not a member of the project team".into(),
        ));
    }
    set_role_in(&mut tx, project, person, role).await?;
    commit_update(s, tx, project).await?;
    Ok(
        json!({"project_id": project.to_string(), "person_id": person.to_string(),
              "role": role.map(|r| r.as_str())}),
    )
}
