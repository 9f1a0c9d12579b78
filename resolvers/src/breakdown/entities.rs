//! Episodes, sequences, shots, scenes, edits, assets and concepts as Zou's
//! `shots`, `assets`, `edits`, `concepts` and `entities` blueprints serve
//! them: lists per project, episode and sequence; create; read; update;
//! delete (a soft cancel first, a real delete with `force`); the tasks,
//! task types, preview files and versions of an entity; `delete-entities`.
//!
//! Every list is built with a fixed number of statements: the rows, then
//! one statement per kind of name they show (projects, parents, types).

use super::{by_ids, find, is_vendor, readable, rows_in, select, Kind};
use crate::guard;
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};
use tusk_db::events::{Event, NewEvent};
use tusk_db::policy::Role;
use tusk_db::zou::Body;
use tusk_db::{Error, Json, Model, Result, Session, SqlValue, Tx};
use tusk_schema::{Entity, EntityType, PreviewFile, Project, Task, TaskStatus, TaskType};
use uuid::Uuid;

// ---------------------------------------------------------------------------
// JSON shapes

/// An entity as Zou's plain row: its columns and `type` (the kind).
pub fn plain(e: &Entity) -> Result<Map<String, Value>> {
    tusk_db::zou::json_map(e)
}

/// Names the rows of a list show, loaded once for the whole list.
#[derive(Default)]
pub struct Names {
    pub projects: HashMap<Uuid, String>,
    /// Parents (and their parents) of the rows.
    pub entities: HashMap<Uuid, Entity>,
    pub entity_types: HashMap<Uuid, String>,
}

impl Names {
    /// Project names and two levels of parents of `rows` (a shot's sequence
    /// and episode): three statements whatever the number of rows.
    pub async fn of(s: &Session, rows: &[Entity]) -> Result<Names> {
        let projects: Vec<Uuid> = rows.iter().map(|e| e.project_id).collect();
        let mut names = Names {
            projects: project_names(s, &projects).await?,
            ..Names::default()
        };
        let parents: Vec<Uuid> = rows.iter().filter_map(|e| e.parent_id).collect();
        names.entities = by_ids::<Entity>(s, &parents).await?;
        let grand: Vec<Uuid> = names
            .entities
            .values()
            .filter_map(|e| e.parent_id)
            .filter(|id| !names.entities.contains_key(id))
            .collect();
        names.entities.extend(by_ids::<Entity>(s, &grand).await?);
        Ok(names)
    }

    pub fn project(&self, id: Uuid) -> Value {
        self.projects
            .get(&id)
            .cloned()
            .map(Value::String)
            .unwrap_or(Value::Null)
    }

    pub fn parent(&self, e: &Entity) -> Option<&Entity> {
        e.parent_id.and_then(|p| self.entities.get(&p))
    }

    /// The episode of a shot or scene (its parent's parent).
    pub fn episode_of(&self, e: &Entity) -> Option<&Entity> {
        self.parent(e).and_then(|p| self.parent(p))
    }
}

/// Project names by id.
pub async fn project_names(s: &Session, ids: &[Uuid]) -> Result<HashMap<Uuid, String>> {
    Ok(by_ids::<Project>(s, ids)
        .await?
        .into_iter()
        .map(|(id, p)| (id, p.name))
        .collect())
}

fn id_or_null(id: Option<Uuid>) -> Value {
    id.map(|u| Value::String(u.to_string()))
        .unwrap_or(Value::Null)
}

fn name_or_null(e: Option<&Entity>) -> Value {
    e.map(|e| Value::String(e.name.clone()))
        .unwrap_or(Value::Null)
}

/// Plain rows with `project_name` (and `sequence_name` for shots and
/// scenes), as `/data/shots` and `/data/sequences/{id}/shots` answer.
pub fn with_names(rows: &[Entity], names: &Names, sequence_name: bool) -> Result<Vec<Value>> {
    rows.iter()
        .map(|e| {
            let mut m = plain(e)?;
            m.insert("project_name".into(), names.project(e.project_id));
            if sequence_name {
                m.insert("sequence_name".into(), name_or_null(names.parent(e)));
            }
            Ok(Value::Object(m))
        })
        .collect()
}

fn plain_rows(rows: &[Entity], type_override: Option<&str>) -> Result<Vec<Value>> {
    rows.iter()
        .map(|e| {
            let mut m = plain(e)?;
            if let Some(t) = type_override {
                m.insert("type".into(), Value::String(t.into()));
            }
            Ok(Value::Object(m))
        })
        .collect()
}

/// `entity_concept_links` of concepts: the ids they are linked to.
async fn concept_links(s: &Session, ids: &[Uuid]) -> Result<HashMap<Uuid, Vec<Value>>> {
    let mut out: HashMap<Uuid, Vec<Value>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let mut q = s.db.sql(
        "SELECT \"entity_in_id\", \"entity_out_id\" FROM \"entity_concept_link\" WHERE \"entity_in_id\"",
    );
    q.in_uuids(ids);
    let rows: Vec<(Uuid, Uuid)> = s.db().fetch_all(&q).await?;
    for (a, b) in rows {
        out.entry(a).or_default().push(Value::String(b.to_string()));
    }
    Ok(out)
}

/// Task rows as the per-entity task routes answer them: the task, then
/// `project_name, task_type_name, task_status_name, entity_type_name,
/// entity_name` (and `assignees` with `relations`).
pub async fn task_rows(s: &Session, tasks: &[Task], relations: bool) -> Result<Vec<Value>> {
    let projects: Vec<Uuid> = tasks.iter().filter_map(|t| t.project_id).collect();
    let projects = project_names(s, &projects).await?;
    let types: Vec<Uuid> = tasks.iter().filter_map(|t| t.task_type_id).collect();
    let types = by_ids::<TaskType>(s, &types).await?;
    let statuses: Vec<Uuid> = tasks.iter().filter_map(|t| t.task_status_id).collect();
    let statuses = by_ids::<TaskStatus>(s, &statuses).await?;
    let entity_ids: Vec<Uuid> = tasks.iter().filter_map(|t| t.entity_id).collect();
    let entities = by_ids::<Entity>(s, &entity_ids).await?;
    let etypes: Vec<Uuid> = entities.values().map(|e| e.entity_type_id).collect();
    let etypes = by_ids::<EntityType>(s, &etypes).await?;
    let assignees = if relations {
        assignees_of(s, &tasks.iter().map(|t| t.id).collect::<Vec<_>>()).await?
    } else {
        HashMap::new()
    };
    tasks
        .iter()
        .map(|t| {
            let mut m = tusk_db::zou::json_map(t)?;
            if is_client_in(s, t.project_id) {
                mask_for_client(&mut m);
            }
            let entity = t.entity_id.and_then(|e| entities.get(&e));
            m.insert(
                "project_name".into(),
                t.project_id
                    .and_then(|p| projects.get(&p).cloned())
                    .map(Value::String)
                    .unwrap_or(Value::Null),
            );
            m.insert(
                "task_type_name".into(),
                t.task_type_id
                    .and_then(|x| types.get(&x))
                    .map(|x| Value::String(x.name.clone()))
                    .unwrap_or(Value::Null),
            );
            m.insert(
                "task_status_name".into(),
                t.task_status_id
                    .and_then(|x| statuses.get(&x))
                    .map(|x| Value::String(x.name.clone()))
                    .unwrap_or(Value::Null),
            );
            m.insert(
                "entity_type_name".into(),
                entity
                    .and_then(|e| etypes.get(&e.entity_type_id))
                    .map(|x| Value::String(x.name.clone()))
                    .unwrap_or(Value::Null),
            );
            m.insert("entity_name".into(), name_or_null(entity));
            if relations {
                m.insert(
                    "assignees".into(),
                    Value::Array(assignees.get(&t.id).cloned().unwrap_or_default()),
                );
            }
            Ok(Value::Object(m))
        })
        .collect()
}

/// Is the caller a client in `project`?
fn is_client_in(s: &Session, project: Option<Uuid>) -> bool {
    guard::role_in(s, project).is_ok_and(|r| r == Role::Client)
}

/// What a client may not see of a task: Zou blanks its schedule, effort
/// and author, keeping the keys.
pub fn mask_for_client(m: &mut Map<String, Value>) {
    for (k, v) in [
        ("description", Value::Null),
        ("priority", json!(0)),
        ("difficulty", Value::Null),
        ("duration", json!(0)),
        ("estimation", json!(0)),
        ("completion_rate", json!(0)),
        ("retake_count", json!(0)),
        ("sort_order", json!(0)),
        ("start_date", Value::Null),
        ("due_date", Value::Null),
        ("real_start_date", Value::Null),
        ("end_date", Value::Null),
        ("done_date", Value::Null),
        ("last_comment_date", Value::Null),
        ("nb_assets_ready", json!(0)),
        ("data", Value::Null),
        ("nb_drawings", json!(0)),
        ("shotgun_id", Value::Null),
        ("last_preview_file_id", Value::Null),
        ("assigner_id", Value::Null),
    ] {
        if m.contains_key(k) {
            m.insert(k.into(), v);
        }
    }
}

/// Assignee ids per task, one statement.
pub async fn assignees_of(s: &Session, tasks: &[Uuid]) -> Result<HashMap<Uuid, Vec<Value>>> {
    let mut out: HashMap<Uuid, Vec<Value>> = HashMap::new();
    if tasks.is_empty() {
        return Ok(out);
    }
    let mut q =
        s.db.sql("SELECT \"task_id\", \"person_id\" FROM \"task_person_link\" WHERE \"task_id\"");
    q.in_uuids(tasks);
    let rows: Vec<(Uuid, Uuid)> = s.db().fetch_all(&q).await?;
    for (t, p) in rows {
        out.entry(t).or_default().push(Value::String(p.to_string()));
    }
    Ok(out)
}

/// An entity type as the asset routes name it (`"type": "AssetType"`).
fn asset_type_json(t: &EntityType) -> Result<Value> {
    let mut m = tusk_db::zou::json_map(t)?;
    m.insert("type".into(), Value::String("AssetType".into()));
    Ok(Value::Object(m))
}

// ---------------------------------------------------------------------------
// Listing

/// Entities of `kinds` matching `cond` (a `WHERE` fragment on alias `e`),
/// ordered by name.
async fn entities_where(
    s: &Session,
    kinds: &[Kind],
    cond: impl FnOnce(&mut tusk_db::sql::Sql),
) -> Result<Vec<Entity>> {
    let q = entities_sql(s, kinds, cond).await?;
    s.db().fetch_all(&q).await
}

/// The entities of `kinds` that `cond` keeps, by name. The kinds become
/// their entity types' ids (`kinds::load`), not a join on the type names.
async fn entities_sql(
    s: &Session,
    kinds: &[Kind],
    cond: impl FnOnce(&mut tusk_db::sql::Sql),
) -> Result<tusk_db::sql::Sql> {
    let types = tusk_schema::kinds::load(&s.db).await?;
    let mut q = select::<Entity>(s, "e");
    q.push(" WHERE e.\"entity_type_id\" IN ").bind_list(
        kinds
            .iter()
            .flat_map(|k| types.of_kind(k.name()))
            .map(|id| SqlValue::Uuid(Some(id))),
    );
    cond(&mut q);
    q.push(" ORDER BY e.\"name\", e.\"created_at\"");
    Ok(q)
}

fn uuid_eq(q: &mut tusk_db::sql::Sql, col: &str, id: Uuid) {
    q.push(" AND e.")
        .ident(col)
        .push(" = ")
        .bind(SqlValue::Uuid(Some(id)));
}

/// A query-string id, `Invalid UUID value: …` (400) when malformed.
fn query_id(raw: &str) -> Result<Uuid> {
    tusk_db::value::parse_hyphenated(raw.trim())
        .ok_or_else(|| Error::Invalid(format!("Invalid UUID value: {raw}")))
}

/// Filters of the global lists (`/data/shots?project_id=…`).
#[derive(Default, Debug, Clone)]
pub struct ListFilter {
    pub project_id: Option<Uuid>,
    pub parent_id: Option<Uuid>,
    pub entity_type_id: Option<Uuid>,
    pub name: Option<String>,
}

/// The filters a global list reads from its query string: `project_id`,
/// `sequence_id`/`parent_id` (shots), `episode_id` (sequences, edits),
/// `asset_type_id` and `name` (assets).
pub fn list_filter(kind: Kind, query: &[(String, String)]) -> Result<ListFilter> {
    let mut f = ListFilter::default();
    for (k, v) in query {
        match (k.as_str(), kind) {
            ("project_id", _) => f.project_id = Some(query_id(v)?),
            ("sequence_id", Kind::Shot | Kind::Scene) | ("parent_id", _) => {
                f.parent_id = Some(query_id(v)?)
            }
            ("episode_id", Kind::Sequence | Kind::Edit) => f.parent_id = Some(query_id(v)?),
            ("entity_type_id", Kind::Asset) => f.entity_type_id = Some(query_id(v)?),
            ("name", _) => f.name = Some(v.clone()),
            // Zou's asset list reads `asset_type_id` but does not filter on it.
            ("asset_type_id", Kind::Asset) => {
                query_id(v)?;
            }
            _ => {}
        }
    }
    Ok(f)
}

/// `/data/shots`, `/data/sequences`, `/data/episodes`, `/data/edits`,
/// `/data/concepts`, `/data/scenes/all`: admins only (Zou refuses even
/// managers without a project filter); with `project_id`, members of the
/// project. `/data/assets` is open to anybody logged in, limited to the
/// caller's projects (a vendor sees the assets it has tasks on).
pub async fn global_list(s: &Session, kind: Kind, f: &ListFilter) -> Result<Vec<Value>> {
    let actor = guard::actor(s)?.clone();
    let mut scope: Option<Vec<Uuid>> = None;
    if !actor.is_admin() {
        match (kind, f.project_id) {
            (Kind::Asset, None) => scope = Some(actor.project_ids()),
            (_, None) => return Err(Error::forbidden()),
            (_, Some(p)) => {
                guard::member(s, p).await?;
                refuse_kind(s, kind, p)?;
                if kind == Kind::Scene {
                    guard::no_vendor(s, Some(p))?;
                }
            }
        }
    }
    let vendor_ids = if !actor.is_admin() && is_vendor(s, f.project_id)? {
        Some(super::vendor_entity_ids(s, f.project_id).await?)
    } else {
        None
    };
    let rows = entities_where(s, &[kind], |q| {
        if let Some(p) = f.project_id {
            uuid_eq(q, "project_id", p);
        }
        if let Some(p) = f.parent_id {
            uuid_eq(q, "parent_id", p);
        }
        if let Some(t) = f.entity_type_id {
            uuid_eq(q, "entity_type_id", t);
        }
        if let Some(n) = &f.name {
            q.push(" AND e.\"name\" = ")
                .bind(SqlValue::Text(Some(n.clone())));
        }
        if let Some(ids) = &scope {
            q.push(" AND e.\"project_id\"").in_uuids(ids);
        }
        if let Some(ids) = &vendor_ids {
            q.push(" AND e.\"id\"").in_uuids(ids);
        }
    })
    .await?;
    match kind {
        Kind::Shot | Kind::Scene => with_names(&rows, &Names::of(s, &rows).await?, true),
        Kind::Edit => with_names(&rows, &Names::of(s, &rows).await?, false),
        Kind::Concept => {
            let ids: Vec<Uuid> = rows.iter().map(|e| e.id).collect();
            let links = concept_links(s, &ids).await?;
            let projects =
                project_names(s, &rows.iter().map(|e| e.project_id).collect::<Vec<_>>()).await?;
            rows.iter()
                .map(|e| {
                    let mut m = plain(e)?;
                    m.insert(
                        "entity_concept_links".into(),
                        Value::Array(links.get(&e.id).cloned().unwrap_or_default()),
                    );
                    m.insert(
                        "project_name".into(),
                        projects
                            .get(&e.project_id)
                            .cloned()
                            .map(Value::String)
                            .unwrap_or(Value::Null),
                    );
                    Ok(Value::Object(m))
                })
                .collect()
        }
        _ => plain_rows(&rows, None),
    }
}

/// Kinds some roles may not read at all: concepts are hidden from clients
/// and vendors.
fn refuse_kind(s: &Session, kind: Kind, project: Uuid) -> Result<()> {
    let role = guard::role_in(s, Some(project))?;
    if kind == Kind::Concept && matches!(role, Role::Client | Role::Vendor) {
        return Err(Error::forbidden());
    }
    Ok(())
}

/// What a vendor may list of `kind` in `project`: the entities with its
/// tasks, the sequences holding them and the episodes holding those
/// (Zou answers the containers as `"type": "Entity"`).
async fn vendor_scope(s: &Session, project: Uuid, kind: Kind) -> Result<Vec<Uuid>> {
    let own = super::vendor_entity_ids(s, Some(project)).await?;
    match kind {
        Kind::Sequence | Kind::Episode => {
            let entities = by_ids::<Entity>(s, &own).await?;
            let parents: Vec<Uuid> = entities.values().filter_map(|e| e.parent_id).collect();
            if kind == Kind::Sequence {
                return Ok(parents);
            }
            let seqs = by_ids::<Entity>(s, &parents).await?;
            Ok(seqs.values().filter_map(|e| e.parent_id).collect())
        }
        _ => Ok(own),
    }
}

/// `GET /data/projects/{p}/shots|sequences|episodes|scenes|edits|assets|
/// concepts`: the project's entities of a kind, for its members (vendors:
/// what surrounds their tasks).
pub async fn project_list(s: &Session, project: Uuid, kind: Kind) -> Result<Body> {
    let admin = guard::actor(s)?.is_admin();
    if !admin {
        guard::member(s, project).await?;
        refuse_kind(s, kind, project)?;
    } else if kind != Kind::Asset {
        // Zou answers an unknown project with 404, except for assets.
        guard::project(s, project).await?;
    }
    let vendor = !admin && is_vendor(s, Some(project))?;
    let scope = if vendor {
        Some(vendor_scope(s, project, kind).await?)
    } else {
        None
    };
    let q = project_list_sql(s, project, kind, scope.as_deref()).await?;
    let type_override =
        (vendor && matches!(kind, Kind::Sequence | Kind::Episode)).then_some("Entity");
    if kind == Kind::Concept {
        let rows: Vec<Entity> = s.db().fetch_all(&q).await?;
        let ids: Vec<Uuid> = rows.iter().map(|e| e.id).collect();
        let links = concept_links(s, &ids).await?;
        let rows: Vec<Value> = rows
            .iter()
            .map(|e| {
                let mut m = plain(e)?;
                m.insert(
                    "entity_concept_links".into(),
                    Value::Array(links.get(&e.id).cloned().unwrap_or_default()),
                );
                Ok(Value::Object(m))
            })
            .collect::<Result<_>>()?;
        return Ok(Body::Full(serde_json::to_vec(&rows)?));
    }
    // Thousands of shots or assets: streamed, each row written by serde
    // straight from the database row.
    Ok(tusk_db::zou::stream_array::<Entity, _>(
        &s.db,
        q,
        move |buf, e| {
            tusk_db::zou::ZouRow {
                row: e,
                relations: None,
                fields: None,
                extra: None,
                type_override,
            }
            .write_json(buf)
        },
    ))
}

/// The statement of `project_list`: the project's entities of `kind` (of
/// `scope` only, for a vendor), by name.
pub async fn project_list_sql(
    s: &Session,
    project: Uuid,
    kind: Kind,
    scope: Option<&[Uuid]>,
) -> Result<tusk_db::sql::Sql> {
    entities_sql(s, &[kind], |q| {
        uuid_eq(q, "project_id", project);
        if let Some(ids) = scope {
            q.push(" AND e.\"id\"").in_uuids(ids);
        }
    })
    .await
}

/// `GET /data/projects/{p}/asset-types/{t}/assets`: the project's assets
/// of one type (`[]` for an unknown project or type).
pub async fn project_assets_of_type(
    s: &Session,
    project: Uuid,
    asset_type: Uuid,
) -> Result<Vec<Value>> {
    let admin = guard::actor(s)?.is_admin();
    if !admin {
        guard::member(s, project).await?;
    }
    let scope = if !admin && is_vendor(s, Some(project))? {
        Some(super::vendor_entity_ids(s, Some(project)).await?)
    } else {
        None
    };
    let rows = entities_where(s, &[Kind::Asset], |q| {
        uuid_eq(q, "project_id", project);
        uuid_eq(q, "entity_type_id", asset_type);
        if let Some(ids) = &scope {
            q.push(" AND e.\"id\"").in_uuids(ids);
        }
    })
    .await?;
    plain_rows(&rows, None)
}

/// `GET /data/projects/{p}/asset-types`: the types of the project's assets
/// (`[]` for an unknown project), by name.
pub async fn project_asset_types(s: &Session, project: Uuid) -> Result<Vec<Value>> {
    if !guard::actor(s)?.is_admin() {
        guard::member(s, project).await?;
    }
    let mut q = select::<EntityType>(s, "t");
    q.push(" WHERE t.\"id\" IN (SELECT e.\"entity_type_id\" FROM \"entity\" e WHERE e.\"project_id\" = ")
        .bind(SqlValue::Uuid(Some(project)))
        .push(") AND t.\"name\" NOT IN ")
        .bind_list(
            tusk_schema::kinds::TEMPORAL
                .iter()
                .map(|k| SqlValue::Text(Some((*k).to_owned()))),
        )
        .push(" ORDER BY t.\"name\"");
    let rows: Vec<EntityType> = s.db().fetch_all(&q).await?;
    rows.iter().map(asset_type_json).collect()
}

/// `GET /data/asset-types` and `/data/asset-types/{id}`: every asset type
/// (an entity type that is not a shot, sequence…), as `AssetType`.
pub async fn asset_types(s: &Session) -> Result<Vec<Value>> {
    guard::actor(s)?;
    let mut q = select::<EntityType>(s, "t");
    q.push(" WHERE t.\"name\" NOT IN ")
        .bind_list(
            tusk_schema::kinds::TEMPORAL
                .iter()
                .map(|k| SqlValue::Text(Some((*k).to_owned()))),
        )
        .push(" ORDER BY t.\"name\"");
    let rows: Vec<EntityType> = s.db().fetch_all(&q).await?;
    rows.iter().map(asset_type_json).collect()
}

/// One asset type, 404 when it is a temporal type or unknown.
pub async fn asset_type(s: &Session, id: Uuid) -> Result<Value> {
    guard::actor(s)?;
    let t = tusk_db::engine::find::<EntityType>(&mut s.db(), id)
        .await?
        .ok_or_else(Error::not_found)?;
    if tusk_schema::kinds::TEMPORAL.contains(&t.name.as_str()) {
        return Err(Error::not_found());
    }
    asset_type_json(&t)
}

/// `GET /data/shots/{id}/asset-types`: the types of the assets cast in the
/// shot, by name.
pub async fn shot_asset_types(s: &Session, shot: Uuid) -> Result<Vec<Value>> {
    let e = find(s, shot, Some(Kind::Shot)).await?;
    if !guard::actor(s)?.is_admin() {
        guard::member(s, e.project_id).await?;
    }
    let mut q = select::<EntityType>(s, "t");
    q.push(" WHERE t.\"id\" IN (SELECT a.\"entity_type_id\" FROM \"entity_link\" l JOIN \"entity\" a ON a.\"id\" = l.\"entity_out_id\" WHERE l.\"entity_in_id\" = ")
        .bind(SqlValue::Uuid(Some(shot)))
        .push(") ORDER BY t.\"name\"");
    let rows: Vec<EntityType> = s.db().fetch_all(&q).await?;
    rows.iter().map(asset_type_json).collect()
}

/// Direct children of `parent` of `kinds`.
async fn children(
    s: &Session,
    parent: Uuid,
    kinds: &[Kind],
    scope: Option<&[Uuid]>,
) -> Result<Vec<Entity>> {
    entities_where(s, kinds, |q| {
        uuid_eq(q, "parent_id", parent);
        if let Some(ids) = scope {
            q.push(" AND e.\"id\"").in_uuids(ids);
        }
    })
    .await
}

/// Member of the entity's project (no vendor check), for the child lists
/// Zou scopes for vendors instead of refusing.
async fn member_of(s: &Session, id: Uuid, kind: Kind) -> Result<(Entity, Option<Vec<Uuid>>)> {
    let e = find(s, id, Some(kind)).await?;
    if guard::actor(s)?.is_admin() {
        return Ok((e, None));
    }
    guard::member(s, e.project_id).await?;
    let scope = if is_vendor(s, Some(e.project_id))? {
        Some(super::vendor_entity_ids(s, Some(e.project_id)).await?)
    } else {
        None
    };
    Ok((e, scope))
}

/// `GET /data/sequences/{id}/shots`: shots with project and sequence names
/// (a vendor: those with its tasks).
pub async fn sequence_shots(s: &Session, sequence: Uuid) -> Result<Vec<Value>> {
    let (_, scope) = member_of(s, sequence, Kind::Sequence).await?;
    let rows = children(s, sequence, &[Kind::Shot], scope.as_deref()).await?;
    with_names(&rows, &Names::of(s, &rows).await?, true)
}

/// `GET /data/episodes/{id}/sequences`: plain sequences (a vendor: those
/// holding its shots, as `Entity`). A malformed id answers `[]`, as Zou.
pub async fn episode_sequences(s: &Session, episode: Uuid) -> Result<Vec<Value>> {
    let (_, scope) = member_of(s, episode, Kind::Episode).await?;
    let scope = match scope {
        Some(own) => {
            let shots = by_ids::<Entity>(s, &own).await?;
            Some(
                shots
                    .values()
                    .filter_map(|e| e.parent_id)
                    .collect::<Vec<_>>(),
            )
        }
        None => None,
    };
    let rows = children(s, episode, &[Kind::Sequence], scope.as_deref()).await?;
    plain_rows(&rows, scope.as_ref().map(|_| "Entity"))
}

/// `GET /data/episodes/{id}/shots`: the shots of the episode's sequences
/// (with `relations`, the full entities and their relation lists).
pub async fn episode_shots(s: &Session, episode: Uuid, relations: bool) -> Result<Vec<Value>> {
    readable(s, episode, Some(Kind::Episode)).await?;
    let rows = entities_where(s, &[Kind::Shot], |q| {
        q.push(" AND e.\"parent_id\" IN (SELECT \"id\" FROM \"entity\" WHERE \"parent_id\" = ")
            .bind(SqlValue::Uuid(Some(episode)))
            .push(")");
    })
    .await?;
    if relations {
        let maps = tusk_db::zou::json_maps(s, &rows, true, None).await?;
        return Ok(maps.into_iter().map(Value::Object).collect());
    }
    plain_rows(&rows, None)
}

/// `GET /data/episodes/{id}/edits`.
pub async fn episode_edits(s: &Session, episode: Uuid) -> Result<Vec<Value>> {
    readable(s, episode, Some(Kind::Episode)).await?;
    let rows = children(s, episode, &[Kind::Edit], None).await?;
    plain_rows(&rows, None)
}

/// `GET /data/shots/{id}/assets` and `/data/assets/{id}/assets`: the
/// assets the entity casts.
pub async fn cast_assets(s: &Session, id: Uuid, kind: Kind) -> Result<Vec<Value>> {
    readable(s, id, Some(kind)).await?;
    let rows = entities_where(s, &[Kind::Asset], |q| {
        q.push(" AND e.\"id\" IN (SELECT \"entity_out_id\" FROM \"entity_link\" WHERE \"entity_in_id\" = ")
            .bind(SqlValue::Uuid(Some(id)))
            .push(")");
    })
    .await?;
    plain_rows(&rows, None)
}

// ---------------------------------------------------------------------------
// Detail

/// `GET /data/sequences/{id}`, `/data/episodes/{id}`, `/data/scenes/{id}`:
/// the plain row with `project_name` and the names of its parents.
pub async fn detail(s: &Session, id: Uuid, kind: Kind) -> Result<Value> {
    let e = readable(s, id, Some(kind)).await?;
    let rows = std::slice::from_ref(&e);
    let names = Names::of(s, rows).await?;
    let mut m = plain(&e)?;
    m.insert("project_name".into(), names.project(e.project_id));
    match kind {
        Kind::Sequence => {
            m.insert("episode_id".into(), id_or_null(e.parent_id));
            m.insert("episode_name".into(), name_or_null(names.parent(&e)));
        }
        Kind::Scene => {
            m.insert("sequence_id".into(), id_or_null(e.parent_id));
            m.insert("sequence_name".into(), name_or_null(names.parent(&e)));
            let ep = names.episode_of(&e);
            m.insert("episode_id".into(), id_or_null(ep.map(|x| x.id)));
            m.insert("episode_name".into(), name_or_null(ep));
        }
        _ => {}
    }
    Ok(Value::Object(m))
}

// ---------------------------------------------------------------------------
// Tasks, task types, previews, versions of an entity

/// Tasks of the entities `cond` selects (a fragment on task alias `t`),
/// by task type priority then name.
async fn tasks_where(s: &Session, cond: impl FnOnce(&mut tusk_db::sql::Sql)) -> Result<Vec<Task>> {
    let mut q = select::<Task>(s, "t");
    q.push(" LEFT JOIN \"task_type\" tt ON tt.\"id\" = t.\"task_type_id\" WHERE ");
    cond(&mut q);
    q.push(" ORDER BY tt.\"priority\", tt.\"name\", t.\"created_at\"");
    s.db().fetch_all(&q).await
}

/// `GET /data/{kind}s/{id}/tasks`: the entity's own tasks.
pub async fn entity_tasks(
    s: &Session,
    id: Uuid,
    kind: Kind,
    relations: bool,
) -> Result<Vec<Value>> {
    let e = readable(s, id, Some(kind)).await?;
    if kind == Kind::Concept {
        guard::no_client(s, Some(e.project_id))?;
    }
    let tasks = tasks_where(s, |q| {
        q.push("t.\"entity_id\" = ").bind(SqlValue::Uuid(Some(id)));
    })
    .await?;
    task_rows(s, &tasks, relations).await
}

/// `GET /data/sequences/{id}/shot-tasks`, `/data/episodes/{id}/shot-tasks`
/// (tasks of the shots and scenes below), `/data/episodes/{id}/asset-tasks`
/// (tasks of the assets whose source is the episode) and `/edit-tasks`.
pub async fn below_tasks(s: &Session, id: Uuid, kind: Kind, what: Kind) -> Result<Vec<Value>> {
    let e = readable(s, id, Some(kind)).await?;
    guard::no_vendor(s, Some(e.project_id))?;
    super::refresh_kinds(s).await?;
    let ids = below(s, &e, what).await?;
    let tasks = tasks_where(s, |q| {
        q.push("t.\"entity_id\"").in_uuids(&ids);
    })
    .await?;
    task_rows(s, &tasks, false).await
}

/// Ids of the entities below `e` that `what` names: shots and scenes of a
/// sequence or an episode, assets sourced from an episode, its edits.
async fn below(s: &Session, e: &Entity, what: Kind) -> Result<Vec<Uuid>> {
    let rows = match (what, Kind::of(e)) {
        (Kind::Shot, Some(Kind::Sequence)) => {
            children(s, e.id, &[Kind::Shot, Kind::Scene], None).await?
        }
        (Kind::Shot, _) => {
            let episode = e.id;
            entities_where(s, &[Kind::Shot, Kind::Scene], |q| {
                q.push(
                    " AND e.\"parent_id\" IN (SELECT \"id\" FROM \"entity\" WHERE \"parent_id\" = ",
                )
                .bind(SqlValue::Uuid(Some(episode)))
                .push(")");
            })
            .await?
        }
        (Kind::Asset, _) => {
            entities_where(s, &[Kind::Asset], |q| uuid_eq(q, "source_id", e.id)).await?
        }
        _ => children(s, e.id, &[Kind::Edit], None).await?,
    };
    Ok(rows.into_iter().map(|e| e.id).collect())
}

/// `GET /data/{kind}s/{id}/task-types`: the types of the entity's tasks; for
/// a sequence or an episode, those of the tasks of its shots and scenes
/// (not its own), by priority then name.
pub async fn entity_task_types(s: &Session, id: Uuid, kind: Kind) -> Result<Vec<Value>> {
    let e = readable(s, id, Some(kind)).await?;
    if kind == Kind::Concept {
        guard::no_client(s, Some(e.project_id))?;
    }
    let ids = match kind {
        Kind::Sequence | Kind::Episode => below(s, &e, Kind::Shot).await?,
        _ => vec![id],
    };
    let mut q = select::<TaskType>(s, "tt");
    q.push(" WHERE tt.\"id\" IN (SELECT \"task_type_id\" FROM \"task\" WHERE \"entity_id\"")
        .in_uuids(&ids)
        .push(") ORDER BY tt.\"priority\", tt.\"name\"");
    let rows: Vec<TaskType> = s.db().fetch_all(&q).await?;
    rows.iter()
        .map(|t| tusk_db::zou::json_map(t).map(Value::Object))
        .collect()
}

/// Preview files of the entity's tasks, newest revision first.
async fn previews_of(s: &Session, entity: Uuid) -> Result<Vec<PreviewFile>> {
    let mut q = select::<PreviewFile>(s, "p");
    q.push(" JOIN \"task\" t ON t.\"id\" = p.\"task_id\" WHERE t.\"entity_id\" = ")
        .bind(SqlValue::Uuid(Some(entity)))
        .push(" ORDER BY p.\"revision\" DESC, p.\"position\", p.\"created_at\"");
    s.db().fetch_all(&q).await
}

fn ts(v: Option<chrono::NaiveDateTime>) -> Value {
    v.map(|d| Value::String(tusk_db::fmt::datetime(&d)))
        .unwrap_or(Value::Null)
}

/// `GET /data/shots|edits|concepts/{id}/preview-files`: previews grouped by
/// task type, each revision with its other positions under `previews`.
pub async fn previews_by_task_type(s: &Session, id: Uuid, kind: Kind) -> Result<Value> {
    let e = readable(s, id, Some(kind)).await?;
    if kind == Kind::Concept {
        guard::no_client(s, Some(e.project_id))?;
    }
    let previews = previews_of(s, id).await?;
    let task_ids: Vec<Uuid> = previews.iter().filter_map(|p| p.task_id).collect();
    let tasks = by_ids::<Task>(s, &task_ids).await?;
    let short = |p: &PreviewFile| -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("id".into(), json!(p.id.to_string()));
        m.insert("revision".into(), json!(p.revision));
        m.insert("original_name".into(), json!(p.original_name));
        m.insert("extension".into(), json!(p.extension));
        m.insert("width".into(), json!(p.width));
        m.insert("height".into(), json!(p.height));
        m.insert("duration".into(), json!(p.duration));
        m.insert("status".into(), json!(p.status));
        m.insert(
            "annotations".into(),
            p.annotations.as_ref().map_or(Value::Null, Json::value),
        );
        m.insert("previews".into(), json!([]));
        m.insert("created_at".into(), ts(Some(p.created_at)));
        m.insert("task_id".into(), id_or_null(p.task_id));
        let data = p.data.as_ref().map(Json::value);
        for k in [
            "original_width",
            "original_height",
            "original_duration",
            "original_file_size",
        ] {
            m.insert(
                k.into(),
                data.as_ref()
                    .and_then(|d| d.get(k))
                    .cloned()
                    .unwrap_or(Value::Null),
            );
        }
        m
    };
    let mut out = Map::new();
    // (task type, task, revision) → index of the main entry in its list.
    let mut mains: HashMap<(Uuid, Option<Uuid>, Option<i32>), usize> = HashMap::new();
    for p in &previews {
        let Some(tt) = p
            .task_id
            .and_then(|t| tasks.get(&t))
            .and_then(|t| t.task_type_id)
        else {
            continue;
        };
        let list = out
            .entry(tt.to_string())
            .or_insert_with(|| Value::Array(vec![]))
            .as_array_mut()
            .expect("array");
        match mains.get(&(tt, p.task_id, p.revision)) {
            Some(&i) => {
                if let Some(Value::Array(subs)) = list[i].get_mut("previews") {
                    subs.push(Value::Object(short(p)));
                }
            }
            None => {
                mains.insert((tt, p.task_id, p.revision), list.len());
                list.push(Value::Object(short(p)));
            }
        }
    }
    Ok(Value::Object(out))
}

/// `GET /data/entities/{id}/preview-files`: every preview of the entity's
/// tasks, as a flat list.
pub async fn entity_previews(s: &Session, id: Uuid) -> Result<Vec<Value>> {
    readable(s, id, None).await?;
    let previews = previews_of(s, id).await?;
    Ok(previews
        .iter()
        .map(|p| {
            json!({
                "id": p.id.to_string(), "name": p.name, "original_name": p.original_name,
                "extension": p.extension, "revision": p.revision, "position": p.position,
                "file_size": p.file_size, "status": p.status,
                "validation_status": p.validation_status, "task_id": id_or_null(p.task_id),
                "person_id": id_or_null(p.person_id), "created_at": ts(Some(p.created_at)),
                "token_in": p.token_in, "token_out": p.token_out,
            })
        })
        .collect())
}

/// `GET /data/shots|edits/{id}/versions`: the entity's recorded versions.
pub async fn versions(s: &Session, id: Uuid, kind: Kind) -> Result<Vec<Value>> {
    readable(s, id, Some(kind)).await?;
    let mut q = select::<tusk_schema::EntityVersion>(s, "v");
    q.push(" WHERE v.\"entity_id\" = ")
        .bind(SqlValue::Uuid(Some(id)))
        .push(" ORDER BY v.\"created_at\" DESC");
    let rows: Vec<tusk_schema::EntityVersion> = s.db().fetch_all(&q).await?;
    rows.iter()
        .map(|v| tusk_db::zou::json_map(v).map(Value::Object))
        .collect()
}

// ---------------------------------------------------------------------------
// Creating

/// What a create route received, already parsed.
#[derive(Debug, Default, Clone)]
pub struct NewEntity {
    pub name: String,
    pub description: Option<String>,
    pub data: Option<Value>,
    pub parent_id: Option<Uuid>,
    pub source_id: Option<Uuid>,
    pub nb_frames: Option<i32>,
    pub is_shared: Option<bool>,
    /// Concepts: the entities the concept is linked to.
    pub concept_links: Vec<Uuid>,
}

/// The answer of a create route: the row, and whether it was created (an
/// existing entity of that name is answered as is, without an event).
pub struct Created {
    pub entity: Entity,
    pub created: bool,
}

/// Create an episode, sequence, shot, scene, edit or concept in `project`,
/// or answer the existing one of the same name under the same parent (Zou's
/// creates are idempotent, except for assets). The parent must be of the
/// kind above (`404` otherwise) and of the same project.
pub async fn create(s: &Session, project: Uuid, kind: Kind, new: NewEntity) -> Result<Created> {
    super::refresh_kinds(s).await?;
    guard::project(s, project).await?;
    if kind == Kind::Concept {
        guard::member(s, project).await?;
        guard::no_vendor(s, Some(project))?;
        guard::no_client(s, Some(project))?;
    } else {
        guard::manager(s, project).await?;
    }
    let entity_type = super::entity_type_id(s, kind.name()).await?;
    let parent_kind = match kind {
        Kind::Sequence | Kind::Edit => Some(Kind::Episode),
        Kind::Shot | Kind::Scene => Some(Kind::Sequence),
        _ => None,
    };
    let mut episode = None;
    if let (Some(pk), Some(parent)) = (parent_kind, new.parent_id) {
        let p = find(s, parent, Some(pk)).await?;
        if p.project_id != project {
            return Err(Error::not_found());
        }
        episode = if pk == Kind::Sequence {
            p.parent_id
        } else {
            Some(p.id)
        };
    }
    if kind != Kind::Asset {
        if let Some(e) = existing(s, project, entity_type, &new.name, new.parent_id).await? {
            return Ok(Created {
                entity: e,
                created: false,
            });
        }
    }
    let meta = <Entity as Model>::META;
    let mut values = tusk_db::engine::assignments(
        meta,
        vec![
            ("name", SqlValue::Text(Some(new.name.clone()))),
            ("project_id", SqlValue::Uuid(Some(project))),
            ("entity_type_id", SqlValue::Uuid(Some(entity_type))),
            ("parent_id", SqlValue::Uuid(new.parent_id)),
            ("description", SqlValue::Text(new.description.clone())),
            (
                "data",
                SqlValue::Json(Some(new.data.clone().unwrap_or_else(|| json!({})))),
            ),
            ("created_by", SqlValue::Uuid(s.actor_id())),
        ],
    );
    if let Some(n) = new.nb_frames {
        values.push((
            meta.column("nb_frames").expect("nb_frames"),
            SqlValue::Int(Some(n)),
        ));
    }
    let mut tx = s.db.begin().await?;
    let e: Entity = tusk_db::engine::insert(&mut tx, &values).await?;
    let mut data = Map::new();
    data.insert(
        format!("{}_id", kind.event_prefix()),
        json!(e.id.to_string()),
    );
    match kind {
        Kind::Shot => {
            data.insert("episode_id".into(), id_or_null(episode));
        }
        Kind::Edit => {
            data.insert("parent_id".into(), id_or_null(e.parent_id));
        }
        _ => {}
    }
    if kind == Kind::Concept && !new.concept_links.is_empty() {
        link_concept(&mut tx, e.id, &new.concept_links).await?;
    }
    let ev = s
        .record(
            &mut tx,
            NewEvent::new(format!("{}:new", kind.event_prefix()), data, Some(project)),
        )
        .await?;
    s.commit(tx, vec![ev]).await?;
    Ok(Created {
        entity: e,
        created: true,
    })
}

async fn link_concept(tx: &mut Tx, concept: Uuid, links: &[Uuid]) -> Result<()> {
    for other in links {
        let mut q = tx.sql("INSERT INTO \"entity_concept_link\" (\"id\", \"created_at\", \"updated_at\", \"entity_in_id\", \"entity_out_id\") VALUES (");
        let now = tusk_db::fmt::now();
        q.bind(SqlValue::Uuid(Some(Uuid::new_v4())))
            .push(", ")
            .bind(SqlValue::Timestamp(Some(now)))
            .push(", ")
            .bind(SqlValue::Timestamp(Some(now)))
            .push(", ")
            .bind(SqlValue::Uuid(Some(concept)))
            .push(", ")
            .bind(SqlValue::Uuid(Some(*other)))
            .push(")");
        tx.execute(&q).await?;
    }
    Ok(())
}

/// The entity of that name, type and parent in the project, if any.
async fn existing(
    s: &Session,
    project: Uuid,
    entity_type: Uuid,
    name: &str,
    parent: Option<Uuid>,
) -> Result<Option<Entity>> {
    let mut q = select::<Entity>(s, "e");
    q.push(" WHERE e.\"project_id\" = ")
        .bind(SqlValue::Uuid(Some(project)))
        .push(" AND e.\"entity_type_id\" = ")
        .bind(SqlValue::Uuid(Some(entity_type)))
        .push(" AND e.\"name\" = ")
        .bind(SqlValue::Text(Some(name.to_owned())));
    match parent {
        Some(p) => q
            .push(" AND e.\"parent_id\" = ")
            .bind(SqlValue::Uuid(Some(p))),
        None => q.push(" AND e.\"parent_id\" IS NULL"),
    };
    s.db().fetch_optional(&q).await
}

/// `POST /data/projects/{p}/asset-types/{t}/assets/new`: a new asset of an
/// asset type (never idempotent); `episode_id` becomes its `source_id`.
pub async fn create_asset(
    s: &Session,
    project: Uuid,
    asset_type: Uuid,
    new: NewEntity,
) -> Result<Entity> {
    guard::project(s, project).await?;
    guard::manager(s, project).await?;
    let t = tusk_db::engine::find::<EntityType>(&mut s.db(), asset_type)
        .await?
        .ok_or_else(Error::not_found)?;
    if tusk_schema::kinds::TEMPORAL.contains(&t.name.as_str()) {
        return Err(Error::not_found());
    }
    if let Some(src) = new.source_id {
        find(s, src, None).await?;
    }
    let meta = <Entity as Model>::META;
    let values = tusk_db::engine::assignments(
        meta,
        vec![
            ("name", SqlValue::Text(Some(new.name.clone()))),
            ("project_id", SqlValue::Uuid(Some(project))),
            ("entity_type_id", SqlValue::Uuid(Some(asset_type))),
            ("source_id", SqlValue::Uuid(new.source_id)),
            ("description", SqlValue::Text(new.description.clone())),
            (
                "data",
                SqlValue::Json(Some(new.data.clone().unwrap_or_else(|| json!({})))),
            ),
            (
                "is_shared",
                SqlValue::Bool(Some(new.is_shared.unwrap_or(false))),
            ),
            ("created_by", SqlValue::Uuid(s.actor_id())),
        ],
    );
    let mut tx = s.db.begin().await?;
    let e: Entity = tusk_db::engine::insert(&mut tx, &values).await?;
    let mut data = Map::new();
    data.insert("asset_id".into(), json!(e.id.to_string()));
    data.insert("asset_type".into(), json!(asset_type.to_string()));
    let ev = s
        .record(&mut tx, NewEvent::new("asset:new", data, Some(project)))
        .await?;
    s.commit(tx, vec![ev]).await?;
    super::refresh_kinds(s).await?;
    Ok(e)
}

// ---------------------------------------------------------------------------
// Updating

/// `PUT /data/shots/{id}`: update the shot's columns (unknown keys and
/// protected ones ignored; `data` replaced, not merged), answered with
/// `"type": "Entity"`.
pub async fn update_shot(s: &Session, id: Uuid, body: Value) -> Result<Value> {
    let e = find(s, id, Some(Kind::Shot)).await?;
    guard::manager(s, e.project_id).await?;
    let meta = <Entity as Model>::META;
    let Value::Object(body) = body else {
        return Err(Error::bad_request("Request body must be a JSON object"));
    };
    let mut values = Vec::new();
    for (k, v) in &body {
        if matches!(
            k.as_str(),
            "id" | "created_at" | "updated_at" | "project_id" | "entity_type_id" | "created_by"
        ) {
            continue;
        }
        if let Some(col) = meta.column(k) {
            values.push((col, col.kind.parse_json(col.name, v)?));
        }
    }
    if let Some(parent) = body.get("parent_id").and_then(Value::as_str) {
        let p = tusk_db::value::parse_uuid(parent)?;
        let parent = find(s, p, Some(Kind::Sequence)).await?;
        if parent.project_id != e.project_id {
            return Err(Error::not_found());
        }
    }
    let mut tx = s.db.begin().await?;
    let row: Entity = if values.is_empty() {
        e
    } else {
        tusk_db::engine::update_in_tx(&mut tx, id, &values).await?
    };
    let mut data = Map::new();
    data.insert("shot_id".into(), json!(id.to_string()));
    let ev = s
        .record(
            &mut tx,
            NewEvent::new("shot:update", data, Some(row.project_id)),
        )
        .await?;
    s.commit(tx, vec![ev]).await?;
    let mut m = plain(&row)?;
    m.insert("type".into(), json!("Entity"));
    Ok(Value::Object(m))
}

// ---------------------------------------------------------------------------
// Deleting

/// How a delete went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deleted {
    /// Marked canceled (it still has tasks).
    Canceled,
    /// Removed with its tasks.
    Removed,
}

/// `DELETE /data/{kind}s/{id}`: an entity with tasks is canceled unless
/// `force`; one without tasks (or forced) is removed with its tasks, its
/// casting and its children (sequences and episodes refuse to go while
/// they hold entities, unless forced).
pub async fn delete(s: &Session, id: Uuid, kind: Kind, force: bool) -> Result<Deleted> {
    let e = find(s, id, Some(kind)).await?;
    guard::manager(s, e.project_id).await?;
    let mut tx = s.db.begin().await?;
    let mut events = Vec::new();
    let outcome = delete_in_tx(s, &mut tx, &e, force, false, &mut events).await?;
    s.commit(tx, events).await?;
    Ok(outcome)
}

/// Count rows of `table` where `column = id`.
async fn count(tx: &mut Tx, table: &str, column: &str, id: Uuid) -> Result<i64> {
    let mut q = tx.sql("SELECT COUNT(*) FROM ");
    q.ident(table)
        .push(" WHERE ")
        .ident(column)
        .push(" = ")
        .bind(SqlValue::Uuid(Some(id)));
    tx.fetch_scalar::<i64>(&q).await
}

fn entity_event(kind: Kind, e: &Entity, action: &str) -> NewEvent {
    let mut data = Map::new();
    data.insert(
        format!("{}_id", kind.event_prefix()),
        json!(e.id.to_string()),
    );
    NewEvent::new(
        format!("{}:{action}", kind.event_prefix()),
        data,
        Some(e.project_id),
    )
}

/// Delete `e` inside `tx`, recording Zou's events in order. `hard_canceled`
/// removes an already canceled entity instead of canceling it again (as
/// `delete-entities` does).
fn delete_in_tx<'a>(
    s: &'a Session,
    tx: &'a mut Tx,
    e: &'a Entity,
    force: bool,
    hard_canceled: bool,
    events: &'a mut Vec<Event>,
) -> futures::future::BoxFuture<'a, Result<Deleted>> {
    Box::pin(async move {
        let kind = Kind::of(e).unwrap_or(Kind::Asset);
        let nb_tasks = count(tx, "task", "entity_id", e.id).await?;
        let children = count(tx, "entity", "parent_id", e.id).await?;
        if matches!(kind, Kind::Sequence | Kind::Episode) && !force {
            if kind == Kind::Sequence && (children > 0 || nb_tasks > 0) {
                return Err(Error::bad_request(
                    "Some data are still linked to this sequence.",
                ));
            }
            if kind == Kind::Episode && count_kind(tx, e.id, Kind::Sequence).await? > 0 {
                return Err(Error::bad_request(
                    "Some data are still linked to this episode.",
                ));
            }
        }
        let soft = nb_tasks > 0
            && !force
            && !(hard_canceled && e.canceled == Some(true))
            && matches!(
                kind,
                Kind::Shot | Kind::Asset | Kind::Edit | Kind::Concept | Kind::Scene
            );
        if soft {
            let meta = <Entity as Model>::META;
            let values = vec![(
                meta.column("canceled").expect("canceled"),
                SqlValue::Bool(Some(true)),
            )];
            tusk_db::engine::update_in_tx::<Entity>(tx, e.id, &values).await?;
            events.push(s.record(tx, entity_event(kind, e, "update")).await?);
            if kind == Kind::Asset && e.canceled != Some(true) {
                for ev in casting_touched(tx, e.id).await? {
                    events.push(s.record(tx, ev).await?);
                }
            }
            return Ok(Deleted::Canceled);
        }
        // Children first (a forced sequence takes its shots along).
        let kids = {
            let mut q = tx.sql("SELECT ");
            q.push(&<Entity as Model>::META.select_list(None))
                .push(" FROM \"entity\" WHERE \"parent_id\" = ")
                .bind(SqlValue::Uuid(Some(e.id)));
            tx.fetch_all::<Entity>(&q).await?
        };
        for k in &kids {
            delete_in_tx(s, tx, k, true, true, events).await?;
        }
        remove_tasks(s, tx, e, events).await?;
        for (table, column) in [
            ("entity_link", "entity_in_id"),
            ("entity_link", "entity_out_id"),
            ("entity_concept_link", "entity_in_id"),
            ("entity_concept_link", "entity_out_id"),
            ("asset_instance_link", "entity_id"),
            ("entity_version", "entity_id"),
        ] {
            let mut q = tx.sql("DELETE FROM ");
            q.ident(table)
                .push(" WHERE ")
                .ident(column)
                .push(" = ")
                .bind(SqlValue::Uuid(Some(e.id)));
            tx.execute(&q).await?;
        }
        // Instances of the asset, or in the scene/asset, and their links.
        let mut q = tx.sql("DELETE FROM \"asset_instance_link\" WHERE \"asset_instance_id\" IN (SELECT \"id\" FROM \"asset_instance\" WHERE \"asset_id\" = ");
        q.bind(SqlValue::Uuid(Some(e.id)))
            .push(" OR \"scene_id\" = ")
            .bind(SqlValue::Uuid(Some(e.id)))
            .push(" OR \"target_asset_id\" = ")
            .bind(SqlValue::Uuid(Some(e.id)))
            .push(")");
        tx.execute(&q).await?;
        let mut q = tx.sql("DELETE FROM \"asset_instance\" WHERE \"asset_id\" = ");
        q.bind(SqlValue::Uuid(Some(e.id)))
            .push(" OR \"scene_id\" = ")
            .bind(SqlValue::Uuid(Some(e.id)))
            .push(" OR \"target_asset_id\" = ")
            .bind(SqlValue::Uuid(Some(e.id)));
        tx.execute(&q).await?;
        // Files and subscriptions of the entity go with it.
        let mut q = tx.sql("UPDATE \"preview_file\" SET \"source_file_id\" = NULL WHERE \"source_file_id\" IN (SELECT \"id\" FROM \"output_file\" WHERE \"entity_id\" = ");
        q.bind(SqlValue::Uuid(Some(e.id)))
            .push(" OR \"temporal_entity_id\" = ")
            .bind(SqlValue::Uuid(Some(e.id)))
            .push(")");
        tx.execute(&q).await?;
        let mut q = tx.sql("UPDATE \"output_file\" SET \"source_file_id\" = NULL WHERE \"source_file_id\" IN (SELECT \"id\" FROM \"working_file\" WHERE \"entity_id\" = ");
        q.bind(SqlValue::Uuid(Some(e.id))).push(")");
        tx.execute(&q).await?;
        for (table, column) in [
            ("output_file", "entity_id"),
            ("output_file", "temporal_entity_id"),
            ("working_file", "entity_id"),
            ("subscription", "entity_id"),
        ] {
            let mut q = tx.sql("DELETE FROM ");
            q.ident(table)
                .push(" WHERE ")
                .ident(column)
                .push(" = ")
                .bind(SqlValue::Uuid(Some(e.id)));
            tx.execute(&q).await?;
        }
        // Rows pointing at it without owning it forget it.
        for (table, column) in [
            ("entity", "source_id"),
            ("entity", "parent_id"),
            ("asset_instance", "entity_id"),
            ("playlist", "episode_id"),
        ] {
            let mut q = tx.sql("UPDATE ");
            q.ident(table)
                .push(" SET ")
                .ident(column)
                .push(" = NULL WHERE ")
                .ident(column)
                .push(" = ")
                .bind(SqlValue::Uuid(Some(e.id)));
            tx.execute(&q).await?;
        }
        let mut q = tx.sql("DELETE FROM \"entity\" WHERE \"id\" = ");
        q.bind(SqlValue::Uuid(Some(e.id)));
        tx.execute(&q).await?;
        events.push(s.record(tx, entity_event(kind, e, "delete")).await?);
        Ok(Deleted::Removed)
    })
}

async fn count_kind(tx: &mut Tx, parent: Uuid, kind: Kind) -> Result<i64> {
    let mut q = tx.sql("SELECT COUNT(*) FROM \"entity\" e JOIN \"entity_type\" et ON et.\"id\" = e.\"entity_type_id\" WHERE e.\"parent_id\" = ");
    q.bind(SqlValue::Uuid(Some(parent)))
        .push(" AND et.\"name\" = ")
        .bind(SqlValue::Text(Some(kind.name().to_owned())));
    tx.fetch_scalar::<i64>(&q).await
}

/// When an asset is canceled, the shots casting it count only their
/// assets still running (`nb_entities_out`), and Zou announces each of them
/// with `shot:casting-update` (nothing added or removed).
async fn casting_touched(tx: &mut Tx, asset: Uuid) -> Result<Vec<NewEvent>> {
    let mut q = tx.sql("SELECT e.\"id\", e.\"project_id\" FROM \"entity_link\" l JOIN \"entity\" e ON e.\"id\" = l.\"entity_in_id\" JOIN \"entity_type\" et ON et.\"id\" = e.\"entity_type_id\" WHERE et.\"name\" = 'Shot' AND l.\"entity_out_id\" = ");
    q.bind(SqlValue::Uuid(Some(asset)));
    let shots: Vec<(Uuid, Uuid)> = tx.fetch_all(&q).await?;
    let mut out = Vec::new();
    for (shot, project) in shots {
        let mut q = tx.sql("UPDATE \"entity\" SET \"nb_entities_out\" = (SELECT COUNT(*) FROM \"entity_link\" l JOIN \"entity\" a ON a.\"id\" = l.\"entity_out_id\" WHERE l.\"entity_in_id\" = ");
        q.bind(SqlValue::Uuid(Some(shot)))
            .push(" AND COALESCE(a.\"canceled\", ")
            .bind(SqlValue::Bool(Some(false)))
            .push(") = ")
            .bind(SqlValue::Bool(Some(false)))
            .push(") WHERE \"id\" = ")
            .bind(SqlValue::Uuid(Some(shot)))
            .push(" RETURNING \"nb_entities_out\"");
        let (nb,): (Option<i32>,) = tx.fetch_one(&q).await?;
        let mut data = Map::new();
        data.insert("shot_id".into(), json!(shot.to_string()));
        data.insert("added_asset_ids".into(), json!([]));
        data.insert("removed_asset_ids".into(), json!([]));
        data.insert("nb_entities_out".into(), json!(nb.unwrap_or(0)));
        out.push(NewEvent::new("shot:casting-update", data, Some(project)));
    }
    Ok(out)
}

/// Remove the entity's tasks and what hangs off them, with a `task:delete`
/// event each (by task type priority, as Zou lists them).
async fn remove_tasks(s: &Session, tx: &mut Tx, e: &Entity, events: &mut Vec<Event>) -> Result<()> {
    let mut q = tx.sql("SELECT ");
    q.push(&<Task as Model>::META.select_list(Some("t")))
        .push(" FROM \"task\" t LEFT JOIN \"task_type\" tt ON tt.\"id\" = t.\"task_type_id\" WHERE t.\"entity_id\" = ")
        .bind(SqlValue::Uuid(Some(e.id)))
        .push(" ORDER BY tt.\"priority\", tt.\"name\"");
    let tasks: Vec<Task> = tx.fetch_all(&q).await?;
    if tasks.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = tasks.iter().map(|t| t.id).collect();
    // Everything that references a task, deepest first.
    let by_task: [(&str, &str); 9] = [
        ("news", "task_id"),
        ("task_person_link", "task_id"),
        ("time_spent", "task_id"),
        ("notification", "task_id"),
        ("subscription", "task_id"),
        ("comment", "object_id"),
        ("preview_file", "task_id"),
        ("working_file", "task_id"),
        ("production_schedule_version_task_link", "task_id"),
    ];
    for (table, column) in by_task {
        match table {
            "comment" => comment_children(tx, &ids).await?,
            "preview_file" => preview_children(tx, &ids).await?,
            "production_schedule_version_task_link" => {
                let mut q = tx.sql("DELETE FROM \"production_schedule_version_task_link_person_link\" WHERE \"production_schedule_version_task_link_id\" IN (SELECT \"id\" FROM \"production_schedule_version_task_link\" WHERE \"task_id\"");
                q.in_uuids(&ids).push(")");
                tx.execute(&q).await?;
            }
            _ => {}
        }
        let mut q = tx.sql("DELETE FROM ");
        q.ident(table).push(" WHERE ").ident(column).in_uuids(&ids);
        tx.execute(&q).await?;
    }
    let mut q = tx.sql("DELETE FROM \"task\" WHERE \"id\"");
    q.in_uuids(&ids);
    tx.execute(&q).await?;
    for t in &tasks {
        let mut data = Map::new();
        data.insert("task_id".into(), json!(t.id.to_string()));
        data.insert("entity_id".into(), json!(e.id.to_string()));
        data.insert("task_type_id".into(), id_or_null(t.task_type_id));
        events.push(
            s.record(tx, NewEvent::new("task:delete", data, Some(e.project_id)))
                .await?,
        );
    }
    Ok(())
}

/// Rows hanging off the comments of `tasks`.
async fn comment_children(tx: &mut Tx, tasks: &[Uuid]) -> Result<()> {
    for (table, column) in [
        ("comment_mentions", "comment"),
        ("comment_department_mentions", "comment"),
        ("comment_acknoledgments", "comment"),
        ("comment_preview_link", "comment"),
        ("attachment_file", "comment_id"),
        ("notification", "comment_id"),
        ("news", "comment_id"),
    ] {
        let mut q = tx.sql("DELETE FROM ");
        q.ident(table)
            .push(" WHERE ")
            .ident(column)
            .push(" IN (SELECT \"id\" FROM \"comment\" WHERE \"object_id\"")
            .in_uuids(tasks)
            .push(")");
        tx.execute(&q).await?;
    }
    Ok(())
}

/// Rows hanging off the previews of `tasks`.
async fn preview_children(tx: &mut Tx, tasks: &[Uuid]) -> Result<()> {
    for (table, column) in [
        ("comment_preview_link", "preview_file"),
        ("preview_file_storage_state", "preview_file_id"),
    ] {
        let mut q = tx.sql("DELETE FROM ");
        q.ident(table)
            .push(" WHERE ")
            .ident(column)
            .push(" IN (SELECT \"id\" FROM \"preview_file\" WHERE \"task_id\"")
            .in_uuids(tasks)
            .push(")");
        tx.execute(&q).await?;
    }
    for (table, column) in [
        ("entity", "preview_file_id"),
        ("task", "last_preview_file_id"),
    ] {
        let mut q = tx.sql("UPDATE ");
        q.ident(table)
            .push(" SET ")
            .ident(column)
            .push(" = NULL WHERE ")
            .ident(column)
            .push(" IN (SELECT \"id\" FROM \"preview_file\" WHERE \"task_id\"")
            .in_uuids(tasks)
            .push(")");
        tx.execute(&q).await?;
    }
    Ok(())
}

/// `POST /actions/projects/{p}/delete-entities`: delete each listed entity
/// of the project (canceled ones for good); ids of other projects and
/// unknown ids are skipped. Answers the ids that were deleted or canceled.
/// All or nothing.
pub async fn delete_entities(
    s: &Session,
    project: Uuid,
    ids: &[Uuid],
    force: bool,
) -> Result<Vec<Uuid>> {
    guard::project(s, project).await?;
    guard::manager(s, project).await?;
    super::refresh_kinds(s).await?;
    let found = by_ids::<Entity>(s, ids).await?;
    let mut tx = s.db.begin().await?;
    let mut events = Vec::new();
    let mut done = Vec::new();
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(*id) {
            continue;
        }
        let Some(e) = found.get(id).filter(|e| e.project_id == project) else {
            continue;
        };
        delete_in_tx(s, &mut tx, e, force, true, &mut events).await?;
        done.push(*id);
    }
    s.commit(tx, events).await?;
    Ok(done)
}

// ---------------------------------------------------------------------------
// Tasks of an entity

/// `POST /data/entities/{id}/tasks`: create the entity's tasks for the given
/// task types, or for every task type of the project meant for its kind;
/// types it already has a task of are skipped. Answers the new tasks.
pub async fn create_tasks(
    s: &Session,
    id: Uuid,
    task_types: Option<Vec<Uuid>>,
) -> Result<(Vec<(Task, TaskType)>, TaskStatus)> {
    let e = find(s, id, None).await?;
    guard::member(s, e.project_id).await?;
    guard::no_vendor(s, Some(e.project_id))?;
    guard::no_client(s, Some(e.project_id))?;
    let kind = Kind::of(&e).unwrap_or(Kind::Asset);
    let for_entity = kind.name();
    let types: Vec<TaskType> = match task_types.filter(|t| !t.is_empty()) {
        Some(ids) => {
            let found = by_ids::<TaskType>(s, &ids).await?;
            let mut out = Vec::new();
            for id in &ids {
                let t = found.get(id).ok_or_else(Error::not_found)?;
                let tf = t.for_entity.as_deref().unwrap_or("Asset");
                if tf != for_entity {
                    return Err(Error::Invalid(format!(
                        "Task type {id} is for {tf} entities, got {for_entity}."
                    )));
                }
                out.push(t.clone());
            }
            out
        }
        None => {
            let mut q = select::<TaskType>(s, "tt");
            q.push(" JOIN \"project_task_type_link\" l ON l.\"task_type_id\" = tt.\"id\" WHERE l.\"project_id\" = ")
                .bind(SqlValue::Uuid(Some(e.project_id)))
                .push(" AND tt.\"for_entity\" = ")
                .bind(SqlValue::Text(Some(for_entity.to_owned())))
                .push(" ORDER BY tt.\"priority\", tt.\"name\"");
            s.db().fetch_all(&q).await?
        }
    };
    let have: HashSet<Uuid> = rows_in::<Task>(s, "entity_id", &[id])
        .await?
        .into_iter()
        .filter_map(|t| t.task_type_id)
        .collect();
    let status = default_status(s, kind == Kind::Concept).await?;
    let meta = <Task as Model>::META;
    let mut tx = s.db.begin().await?;
    let mut events = Vec::new();
    let mut created = Vec::new();
    for t in types.iter().filter(|t| !have.contains(&t.id)) {
        let values = tusk_db::engine::assignments(
            meta,
            vec![
                ("name", SqlValue::Text(Some("main".into()))),
                ("project_id", SqlValue::Uuid(Some(e.project_id))),
                ("task_type_id", SqlValue::Uuid(Some(t.id))),
                ("task_status_id", SqlValue::Uuid(Some(status.id))),
                ("entity_id", SqlValue::Uuid(Some(id))),
                ("assigner_id", SqlValue::Uuid(s.actor_id())),
            ],
        );
        let task: Task = tusk_db::engine::insert(&mut tx, &values).await?;
        let mut data = Map::new();
        data.insert("task_id".into(), json!(task.id.to_string()));
        events.push(
            s.record(&mut tx, NewEvent::new("task:new", data, Some(e.project_id)))
                .await?,
        );
        created.push((task, t.clone()));
    }
    s.commit(tx, events).await?;
    Ok((created, status))
}

/// The answer of `POST /data/entities/{id}/tasks`: each new task with its
/// status and type names, colors and priority.
pub fn created_tasks_json(created: &[(Task, TaskType)], status: &TaskStatus) -> Result<Vec<Value>> {
    created
        .iter()
        .map(|(task, t)| {
            let mut m = tusk_db::zou::json_map(task)?;
            m.insert("assignees".into(), json!([]));
            m.insert("task_status_name".into(), json!(status.name));
            m.insert("task_status_short_name".into(), json!(status.short_name));
            m.insert("task_status_color".into(), json!(status.color));
            m.insert("task_type_name".into(), json!(t.name));
            m.insert("task_type_color".into(), json!(t.color));
            m.insert("task_type_priority".into(), json!(t.priority));
            Ok(Value::Object(m))
        })
        .collect()
}

/// The status new tasks start in (`todo`; for concepts, the concept default).
async fn default_status(s: &Session, concept: bool) -> Result<TaskStatus> {
    let mut q = select::<TaskStatus>(s, "st");
    q.push(" WHERE st.\"is_default\" = ")
        .bind(SqlValue::Bool(Some(true)))
        .push(" AND COALESCE(st.\"for_concept\", ")
        .bind(SqlValue::Bool(Some(false)))
        .push(") = ")
        .bind(SqlValue::Bool(Some(concept)))
        .push(" ORDER BY st.\"created_at\"");
    let rows: Vec<TaskStatus> = s.db().fetch_all(&q).await?;
    rows.into_iter()
        .next()
        .ok_or_else(|| Error::bad_request("No default task status"))
}

// ---------------------------------------------------------------------------
// REST handlers

/// REST handlers of the entity routes.
pub mod rest {
    use super::*;
    use crate::rest::RestReply;
    use crate::route::{Ctx, LaxBool, LaxInt, PyUuid, Req};
    use serde::Deserialize;

    fn ok(v: &impl serde::Serialize) -> Result<RestReply> {
        RestReply::ok(200, v)
    }

    /// The id in the path, under whichever name the route gives it.
    fn path_id(r: &Req) -> Result<Uuid> {
        for k in [
            "shot_id",
            "sequence_id",
            "episode_id",
            "scene_id",
            "edit_id",
            "asset_id",
            "concept_id",
            "entity_id",
        ] {
            if r.path.contains_key(k) {
                return r.id(k);
            }
        }
        Err(Error::not_found())
    }

    // --- lists ------------------------------------------------------------

    /// `GET /data/{kinds}` (global lists).
    pub async fn global(c: Ctx<'_>, r: Req, kind: Kind) -> Result<RestReply> {
        let f = list_filter(kind, &r.query)?;
        ok(&global_list(c.s, kind, &f).await?)
    }

    /// `GET /data/projects/{p}/{kinds}`; a malformed project id is a 404,
    /// except for assets (400, as Zou).
    pub async fn of_project(c: Ctx<'_>, r: Req, kind: Kind) -> Result<RestReply> {
        let p = if kind == Kind::Asset {
            r.id_or("project_id", || {
                Error::Invalid(format!(
                    "Invalid UUID value: {}",
                    r.path.get("project_id").cloned().unwrap_or_default()
                ))
            })?
        } else {
            r.id("project_id")?
        };
        let mut reply = RestReply::bytes(200, Vec::new());
        reply.body = project_list(c.s, p, kind).await?;
        Ok(reply)
    }

    // --- create -----------------------------------------------------------

    /// Zou's `CreateEntitySchema`-like bodies (the name shows in errors).
    #[derive(Deserialize)]
    struct CreateSchema {
        name: String,
        #[serde(default)]
        description: Option<String>,
        #[serde(default)]
        data: Option<Map<String, Value>>,
        #[serde(default)]
        episode_id: Option<PyUuid>,
        #[serde(default)]
        sequence_id: Option<PyUuid>,
        #[serde(default)]
        nb_frames: Option<LaxInt>,
        #[serde(default)]
        is_shared: Option<LaxBool>,
        #[serde(default)]
        entity_concept_links: Option<Vec<Value>>,
    }

    fn parse_create(r: &Req) -> Result<CreateSchema> {
        let b: CreateSchema = r.parse()?;
        if let Some(links) = &b.entity_concept_links {
            for (i, l) in links.iter().enumerate() {
                if !l.is_object() {
                    return Err(crate::route::validation(
                        &format!("entity_concept_links.{i}"),
                        "Input should be a valid dictionary",
                    ));
                }
            }
        }
        Ok(b)
    }

    fn new_entity(kind: Kind, b: CreateSchema) -> Result<NewEntity> {
        let parent = match kind {
            Kind::Sequence | Kind::Edit => b.episode_id.map(|u| u.0),
            Kind::Shot | Kind::Scene => b.sequence_id.map(|u| u.0),
            _ => None,
        };
        // Each kind keeps what Zou keeps of the body.
        let keeps_text = !matches!(kind, Kind::Scene);
        let default_description = match kind {
            Kind::Episode | Kind::Sequence | Kind::Edit | Kind::Asset => Some(String::new()),
            _ => None,
        };
        let mut links = Vec::new();
        for l in b.entity_concept_links.unwrap_or_default() {
            if let Some(id) = l.get("id").and_then(Value::as_str) {
                links.push(tusk_db::value::parse_uuid(id)?);
            }
        }
        Ok(NewEntity {
            name: b.name,
            description: if keeps_text {
                b.description.or(default_description)
            } else {
                None
            },
            data: if keeps_text {
                b.data.map(Value::Object)
            } else {
                None
            },
            parent_id: parent,
            source_id: match kind {
                Kind::Asset => b.episode_id.map(|u| u.0),
                _ => None,
            },
            nb_frames: match kind {
                Kind::Shot => b.nb_frames.map(|n| n.0),
                _ => None,
            },
            is_shared: b.is_shared.map(|v| v.0),
            concept_links: links,
        })
    }

    /// `POST /data/projects/{p}/{kinds}`.
    pub async fn create_in_project(c: Ctx<'_>, r: Req, kind: Kind) -> Result<RestReply> {
        let p = r.id("project_id")?;
        let b = parse_create(&r)?;
        let new = new_entity(kind, b)?;
        if kind == Kind::Edit {
            // Zou crashes on an unknown episode here; Tusk answers 404.
            if let Some(ep) = new.parent_id {
                find(c.s, ep, Some(Kind::Episode)).await?;
            }
        }
        let created = create(c.s, p, kind, new).await?;
        let mut m = plain(&created.entity)?;
        if kind == Kind::Concept {
            let links = concept_links(c.s, &[created.entity.id]).await?;
            m.insert(
                "entity_concept_links".into(),
                Value::Array(links.get(&created.entity.id).cloned().unwrap_or_default()),
            );
        }
        RestReply::ok(201, &Value::Object(m))
    }

    /// `POST /data/projects/{p}/asset-types/{t}/assets/new`.
    pub async fn create_asset_route(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        let p = r.id("project_id")?;
        let t = r.id("asset_type_id")?;
        let b = parse_create(&r)?;
        let new = new_entity(Kind::Asset, b)?;
        let e = create_asset(c.s, p, t, new).await?;
        RestReply::ok(201, &Value::Object(plain(&e)?))
    }

    // --- detail, update, delete -------------------------------------------

    pub async fn get_detail(c: Ctx<'_>, r: Req, kind: Kind) -> Result<RestReply> {
        ok(&detail(c.s, path_id(&r)?, kind).await?)
    }

    pub async fn put_shot(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        let id = r.id("shot_id")?;
        ok(&update_shot(c.s, id, r.payload()).await?)
    }

    /// `DELETE /data/{kinds}/{id}`; a malformed asset id is a 400 (Zou
    /// crashes with a 500 there).
    pub async fn remove(c: Ctx<'_>, r: Req, kind: Kind) -> Result<RestReply> {
        let id = if kind == Kind::Asset {
            r.id_or("asset_id", Error::malformed_id)?
        } else {
            path_id(&r)?
        };
        delete(c.s, id, kind, r.flag("force")).await?;
        Ok(RestReply::no_content())
    }

    /// `POST /actions/projects/{p}/delete-entities` with a JSON array of ids.
    pub async fn delete_entities_route(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        let p = r.id("project_id")?;
        let Value::Array(items) = &r.body else {
            return Err(Error::Invalid("Request body must be a JSON array.".into()));
        };
        let mut ids = Vec::new();
        for i in items {
            let id = i
                .as_str()
                .and_then(|s| Uuid::parse_str(s).ok())
                .ok_or_else(|| {
                    Error::Invalid("Request body must only contain valid UUIDs.".into())
                })?;
            ids.push(id);
        }
        let done = delete_entities(c.s, p, &ids, r.flag("force")).await?;
        ok(&done.iter().map(|u| u.to_string()).collect::<Vec<_>>())
    }

    // --- children and related ---------------------------------------------

    pub async fn tasks(c: Ctx<'_>, r: Req, kind: Kind) -> Result<RestReply> {
        ok(&entity_tasks(c.s, path_id(&r)?, kind, r.flag("relations")).await?)
    }

    pub async fn task_types(c: Ctx<'_>, r: Req, kind: Kind) -> Result<RestReply> {
        ok(&entity_task_types(c.s, path_id(&r)?, kind).await?)
    }

    pub async fn preview_files(c: Ctx<'_>, r: Req, kind: Kind) -> Result<RestReply> {
        ok(&previews_by_task_type(c.s, path_id(&r)?, kind).await?)
    }

    pub async fn entity_preview_files(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        ok(&entity_previews(c.s, r.id("entity_id")?).await?)
    }

    pub async fn entity_versions(c: Ctx<'_>, r: Req, kind: Kind) -> Result<RestReply> {
        ok(&versions(c.s, path_id(&r)?, kind).await?)
    }

    pub async fn shot_tasks(c: Ctx<'_>, r: Req, kind: Kind) -> Result<RestReply> {
        ok(&below_tasks(c.s, path_id(&r)?, kind, Kind::Shot).await?)
    }

    pub async fn asset_tasks(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        ok(&below_tasks(c.s, r.id("episode_id")?, Kind::Episode, Kind::Asset).await?)
    }

    pub async fn edit_tasks(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        ok(&below_tasks(c.s, r.id("episode_id")?, Kind::Episode, Kind::Edit).await?)
    }

    pub async fn sequence_shots_route(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        ok(&sequence_shots(c.s, r.id("sequence_id")?).await?)
    }

    pub async fn episode_shots_route(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        ok(&episode_shots(c.s, r.id("episode_id")?, r.flag("relations")).await?)
    }

    /// A malformed episode id answers `[]` here, as Zou.
    pub async fn episode_sequences_route(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        match r.id("episode_id") {
            Ok(id) => ok(&episode_sequences(c.s, id).await?),
            Err(_) => ok(&Vec::<Value>::new()),
        }
    }

    pub async fn episode_edits_route(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        ok(&episode_edits(c.s, r.id("episode_id")?).await?)
    }

    pub async fn cast_assets_route(c: Ctx<'_>, r: Req, kind: Kind) -> Result<RestReply> {
        ok(&cast_assets(c.s, path_id(&r)?, kind).await?)
    }

    pub async fn shot_asset_types_route(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        ok(&shot_asset_types(c.s, r.id("shot_id")?).await?)
    }

    pub async fn project_asset_types_route(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        let raw = r.path.get("project_id").cloned().unwrap_or_default();
        let p = r.id_or("project_id", || {
            Error::Invalid(format!("Invalid UUID value: {raw}"))
        })?;
        ok(&project_asset_types(c.s, p).await?)
    }

    pub async fn project_assets_of_type_route(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        ok(&project_assets_of_type(c.s, r.id("project_id")?, r.id("asset_type_id")?).await?)
    }

    pub async fn asset_types_route(c: Ctx<'_>, _r: Req) -> Result<RestReply> {
        ok(&asset_types(c.s).await?)
    }

    pub async fn asset_type_route(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        ok(&asset_type(c.s, r.id("asset_type_id")?).await?)
    }

    /// Zou's `CreateEntityTasksSchema` (the name shows in errors).
    #[derive(Deserialize)]
    struct CreateEntityTasksSchema {
        #[serde(default)]
        task_type_ids: Option<Vec<PyUuid>>,
    }

    /// `POST /data/entities/{id}/tasks`.
    pub async fn create_tasks_route(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        let id = r.id("entity_id")?;
        let b: CreateEntityTasksSchema = match &r.body {
            Value::Null => CreateEntityTasksSchema {
                task_type_ids: None,
            },
            _ => r.parse()?,
        };
        let types = b
            .task_type_ids
            .map(|v| v.into_iter().map(|u| u.0).collect());
        let (created, status) = create_tasks(c.s, id, types).await?;
        RestReply::ok(201, &created_tasks_json(&created, &status)?)
    }
}
