//! Metadata descriptors: the custom fields of a project, whose values live
//! in `data[field_name]` of its entities, tasks or the project itself.
//!
//! The table hooks (`tusk_schema::MetadataDescriptor`) move stored values
//! on a rename and strip them on delete, so the generic CRUD routes, these
//! routes and GraphQL all keep `data` consistent.

use super::descriptor_scope;
use crate::guard;
use serde::Deserialize;
use serde_json::{json, Value};
use tusk_db::engine::{self, assignments};
use tusk_db::policy::Role;
use tusk_db::{Error, Model, Result, Session, SqlValue};
use tusk_schema::MetadataDescriptor;
use uuid::Uuid;

/// Entity types a descriptor may describe.
pub const ENTITY_TYPES: &[&str] = &[
    "Asset", "Shot", "Edit", "Episode", "Sequence", "Project", "Task",
];
/// Kinds of value a descriptor holds.
pub const DATA_TYPES: &[&str] = &[
    "string",
    "number",
    "list",
    "taglist",
    "boolean",
    "checklist",
    "date",
    "url",
    "textarea",
    "person",
];

fn wrong_entity_type(with_task: bool) -> Error {
    Error::Invalid(if with_task {
        "Wrong entity type. Please select Asset, Shot, Sequence, Episode, Edit, Project, or Task."
            .into()
    } else {
        "Wrong entity type. Please select Asset, Shot, Sequence, Episode, Edit, or Project.".into()
    })
}

fn check_data_type(t: &str) -> Result<()> {
    if DATA_TYPES.contains(&t) {
        Ok(())
    } else {
        Err(Error::Invalid("Invalid data_type".into()))
    }
}

/// A new descriptor (Zou's `MetadataDescriptorSchema`).
#[derive(Debug, Clone, Deserialize)]
pub struct NewDescriptor {
    #[serde(default = "asset")]
    pub entity_type: String,
    #[serde(default)]
    pub task_type_id: Option<String>,
    pub name: crate::route::NonEmpty,
    #[serde(default = "string")]
    pub data_type: String,
    #[serde(default)]
    pub for_client: Option<crate::route::LaxBool>,
    #[serde(default)]
    pub choices: Vec<String>,
    #[serde(default)]
    pub departments: Vec<String>,
}

/// Changes to a descriptor (`MetadataDescriptorUpdateSchema`: omitted
/// fields take their defaults, as in Zou).
#[derive(Debug, Clone, Deserialize)]
pub struct DescriptorChanges {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub for_client: Option<crate::route::LaxBool>,
    #[serde(default = "string")]
    pub data_type: String,
    #[serde(default)]
    pub choices: Vec<String>,
    #[serde(default)]
    pub departments: Vec<String>,
}

fn asset() -> String {
    "Asset".into()
}
fn string() -> String {
    "string".into()
}

/// Department ids; a malformed one is Zou's 404 (department not found).
fn ids(raw: &[String]) -> Result<Vec<Uuid>> {
    raw.iter()
        .map(|d| tusk_db::value::parse_hyphenated(d).ok_or_else(Error::not_found))
        .collect()
}

/// Descriptors as Zou serializes them (with their departments).
/// Descriptors as Zou answers them (with their departments).
pub async fn json_of(s: &Session, rows: &[MetadataDescriptor]) -> Result<Vec<Value>> {
    Ok(tusk_db::zou::json_maps(s, rows, true, None)
        .await?
        .into_iter()
        .map(Value::Object)
        .collect())
}

async fn rows(
    s: &Session,
    project: Uuid,
    entity_type: Option<&str>,
) -> Result<Vec<MetadataDescriptor>> {
    let mut db = s.db();
    let mut q = db.sql("SELECT ");
    q.push(&<MetadataDescriptor as Model>::META.select_list(None))
        .push(" FROM \"metadata_descriptor\" WHERE \"project_id\" = ")
        .bind(SqlValue::Uuid(Some(project)));
    if let Some(t) = entity_type {
        q.push(" AND \"entity_type\" = ")
            .bind(SqlValue::Text(Some(t.to_owned())));
    }
    q.push(" ORDER BY \"position\" IS NULL, \"position\", \"name\"");
    db.fetch_all(&q).await
}

async fn departments_of(
    s: &Session,
    ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, Vec<Uuid>>> {
    let mut db = s.db();
    let mut q = db.sql("SELECT \"metadata_descriptor_id\", \"department_id\" FROM \"department_metadata_descriptor_link\" WHERE \"metadata_descriptor_id\"");
    q.in_uuids(ids);
    let mut by: std::collections::HashMap<Uuid, Vec<Uuid>> = Default::default();
    for (d, dep) in db.fetch_all::<(Uuid, Uuid)>(&q).await? {
        by.entry(d).or_default().push(dep);
    }
    Ok(by)
}

/// The descriptors of a project the caller may see, by position then name.
pub async fn list(s: &Session, project: Uuid) -> Result<Vec<MetadataDescriptor>> {
    guard::member(s, project).await?;
    let all = rows(s, project, None).await?;
    let scope = descriptor_scope(s, project);
    let ids: Vec<Uuid> = all.iter().map(|d| d.id).collect();
    let deps = departments_of(s, &ids).await?;
    Ok(all
        .into_iter()
        .filter(|d| {
            scope.allows(
                d.for_client.unwrap_or(false),
                deps.get(&d.id).map(Vec::as_slice).unwrap_or(&[]),
            )
        })
        .collect())
}

pub async fn list_json(s: &Session, project: Uuid) -> Result<Vec<Value>> {
    let rows = list(s, project).await?;
    json_of(s, &rows).await
}

/// A descriptor of the project (404 when it belongs to another).
async fn of_project(s: &Session, project: Uuid, id: Uuid) -> Result<MetadataDescriptor> {
    guard::project(s, project).await?;
    match engine::find::<MetadataDescriptor>(&mut s.db(), id).await? {
        Some(d) if d.project_id == project => Ok(d),
        _ => Err(Error::not_found()),
    }
}

/// One descriptor, if the caller may see it.
pub async fn get(s: &Session, project: Uuid, id: Uuid) -> Result<MetadataDescriptor> {
    guard::member(s, project).await?;
    let d = of_project(s, project, id).await?;
    let deps = departments_of(s, &[d.id]).await?;
    let visible = descriptor_scope(s, project).allows(
        d.for_client.unwrap_or(false),
        deps.get(&d.id).map(Vec::as_slice).unwrap_or(&[]),
    );
    if !visible {
        return Err(Error::forbidden());
    }
    Ok(d)
}

pub async fn get_json(s: &Session, project: Uuid, id: Uuid) -> Result<Value> {
    let d = get(s, project, id).await?;
    Ok(json_of(s, std::slice::from_ref(&d)).await?.remove(0))
}

/// Zou's department rule for writing descriptors: managers of the project
/// may; supervisors on the team may when the descriptor is restricted to
/// departments that include all of theirs.
pub async fn check_departments(s: &Session, project: Uuid, departments: &[Uuid]) -> Result<()> {
    let actor = guard::actor(s)?.clone();
    guard::project(s, project).await?;
    if actor.is_admin() {
        return Ok(());
    }
    let role = actor.project_role(project);
    let ok = match role {
        None => false,
        Some(r) if r.is_manager() => true,
        Some(Role::Supervisor) => {
            !departments.is_empty()
                && (actor.departments.is_empty()
                    || actor.departments.iter().all(|d| departments.contains(d)))
        }
        Some(_) => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::forbidden())
    }
}

/// Write the departments of descriptor `id` (unknown ids are dropped).
fn departments_rel() -> &'static tusk_db::model::ManyToMany {
    <MetadataDescriptor as Model>::META
        .many("departments")
        .expect("descriptor departments")
}

/// Create a descriptor on a project.
pub async fn create(s: &Session, project: Uuid, d: NewDescriptor) -> Result<MetadataDescriptor> {
    let departments = ids(&d.departments)?;
    check_departments(s, project, &departments).await?;
    if !ENTITY_TYPES.contains(&d.entity_type.as_str()) {
        return Err(wrong_entity_type(true));
    }
    let task_type = match (&d.entity_type[..], &d.task_type_id) {
        ("Task", None) => {
            return Err(Error::Invalid(
                "Task metadata descriptors require a task_type_id.".into(),
            ))
        }
        ("Task", Some(t)) => {
            let id = tusk_db::value::parse_hyphenated(t)
                .ok_or_else(|| Error::Invalid("Task type not found.".into()))?;
            if engine::find::<tusk_schema::TaskType>(&mut s.db(), id)
                .await?
                .is_none()
            {
                return Err(Error::Invalid("Task type not found.".into()));
            }
            Some(id)
        }
        (_, Some(_)) => {
            return Err(Error::Invalid(
                "task_type_id only applies to Task metadata descriptors.".into(),
            ))
        }
        (_, None) => None,
    };
    check_data_type(&d.data_type)?;
    insert(
        s,
        project,
        &d.entity_type,
        task_type,
        &d.name.0,
        &d.data_type,
        d.choices,
        d.for_client.is_some_and(|b| b.0),
        departments,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    s: &Session,
    project: Uuid,
    entity_type: &str,
    task_type: Option<Uuid>,
    name: &str,
    data_type: &str,
    choices: Vec<String>,
    for_client: bool,
    departments: Vec<Uuid>,
) -> Result<MetadataDescriptor> {
    let field_name = tusk_schema::extra::field_name_of(name);
    if name.chars().count() > 120 {
        return Err(Error::Invalid(
            "Metadata descriptor name is too long.".into(),
        ));
    }
    let meta = <MetadataDescriptor as Model>::META;
    let values = assignments(
        meta,
        vec![
            ("project_id", SqlValue::Uuid(Some(project))),
            ("entity_type", SqlValue::Text(Some(entity_type.to_owned()))),
            ("task_type_id", SqlValue::Uuid(task_type)),
            ("name", SqlValue::Text(Some(name.to_owned()))),
            ("field_name", SqlValue::Text(Some(field_name))),
            ("data_type", SqlValue::Text(Some(data_type.to_owned()))),
            ("choices", SqlValue::Json(Some(json!(choices)))),
            ("for_client", SqlValue::Bool(Some(for_client))),
        ],
    );
    let rel = departments_rel();
    engine::create_checked::<MetadataDescriptor>(s, values, |tx, row| {
        Box::pin(async move { tusk_db::zou::set_links(tx, rel, row.id, &departments).await })
    })
    .await
    .map_err(|e| match e {
        // The unique indexes on (project, entity type, name / field name).
        Error::CrudBadRequest(m) if m.starts_with("A record with the same unique") => {
            Error::Invalid("Metadata descriptor already exists.".into())
        }
        e => e,
    })
}

/// Update a descriptor of the project (a rename moves the stored values).
pub async fn update(
    s: &Session,
    project: Uuid,
    id: Uuid,
    c: DescriptorChanges,
) -> Result<MetadataDescriptor> {
    let old = of_project(s, project, id).await?;
    let old_deps = departments_of(s, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let new_deps = ids(&c.departments)?;
    let mut all = old_deps.clone();
    all.extend(new_deps.iter().copied());
    check_departments(s, project, &all).await?;
    if c.name.as_deref() == Some("") {
        return Err(Error::Invalid("Name cannot be empty.".into()));
    }
    check_data_type(&c.data_type)?;
    change(s, &old, c, new_deps).await
}

async fn change(
    s: &Session,
    old: &MetadataDescriptor,
    c: DescriptorChanges,
    departments: Vec<Uuid>,
) -> Result<MetadataDescriptor> {
    let meta = <MetadataDescriptor as Model>::META;
    let mut pairs = vec![
        (
            "for_client",
            SqlValue::Bool(Some(c.for_client.is_some_and(|b| b.0))),
        ),
        ("data_type", SqlValue::Text(Some(c.data_type))),
        ("choices", SqlValue::Json(Some(json!(c.choices)))),
    ];
    if let Some(n) = c.name.filter(|n| !n.is_empty()) {
        pairs.push(("name", SqlValue::Text(Some(n))));
    }
    let rel = departments_rel();
    engine::update_checked::<MetadataDescriptor>(s, old.id, assignments(meta, pairs), |tx, row| {
        Box::pin(async move { tusk_db::zou::set_links(tx, rel, row.id, &departments).await })
    })
    .await
}

/// Delete a descriptor of the project (its stored values go with it).
pub async fn delete(s: &Session, project: Uuid, id: Uuid) -> Result<()> {
    let old = of_project(s, project, id).await?;
    let deps = departments_of(s, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    check_departments(s, project, &deps).await?;
    engine::delete_checked::<MetadataDescriptor>(s, old.id).await?;
    Ok(())
}

/// Set the order of a project's descriptors of one entity type: the listed
/// ones first, the others after by name.
pub async fn reorder(
    s: &Session,
    project: Uuid,
    entity_type: &str,
    order: &[String],
) -> Result<Vec<MetadataDescriptor>> {
    guard::manager(s, project).await?;
    if !ENTITY_TYPES.contains(&entity_type) {
        return Err(wrong_entity_type(true));
    }
    let existing = rows(s, project, Some(entity_type)).await?;
    let mut positions: Vec<(Uuid, i32)> = Vec::new();
    for d in order {
        match existing.iter().find(|e| e.id.to_string() == *d) {
            Some(e) => positions.push((e.id, positions.len() as i32 + 1)),
            None => {
                return Err(Error::Invalid(format!(
                    "Descriptor {d} not found for project {project} and entity type {entity_type}"
                )))
            }
        }
    }
    let mut rest: Vec<&MetadataDescriptor> = existing
        .iter()
        .filter(|e| !positions.iter().any(|(id, _)| *id == e.id))
        .collect();
    rest.sort_by(|a, b| a.name.cmp(&b.name));
    for e in rest {
        positions.push((e.id, positions.len() as i32 + 1));
    }
    let mut tx = s.db.begin().await?;
    for (id, pos) in &positions {
        let mut q = tx.sql("UPDATE \"metadata_descriptor\" SET \"position\" = ");
        q.bind(SqlValue::Int(Some(*pos)))
            .push(", \"updated_at\" = ")
            .bind(SqlValue::Timestamp(Some(tusk_db::fmt::now())))
            .push(" WHERE \"id\" = ")
            .bind(SqlValue::Uuid(Some(*id)));
        tx.execute(&q).await?;
    }
    s.commit(tx, vec![]).await?;
    rows(s, project, Some(entity_type)).await
}

pub async fn reorder_json(
    s: &Session,
    project: Uuid,
    entity_type: &str,
    order: &[String],
) -> Result<Vec<Value>> {
    let rows = reorder(s, project, entity_type, order).await?;
    json_of(s, &rows).await
}

pub async fn one_json(s: &Session, d: &MetadataDescriptor) -> Result<Value> {
    Ok(json_of(s, std::slice::from_ref(d)).await?.remove(0))
}

// ---------------------------------------------------------------------------
// All projects at once

/// Open projects the caller manages (every open project for admins; a
/// per-project role replaces the global one).
async fn managed_open_projects(s: &Session) -> Result<Vec<Uuid>> {
    guard::manager_global(s)?;
    let actor = guard::actor(s)?.clone();
    let rows = super::open_rows(s, None).await?;
    Ok(rows
        .into_iter()
        .filter(|p| {
            actor.is_admin() || actor.project_role(p.id).is_some_and(|r| r == Role::Manager)
        })
        .map(|p| p.id)
        .collect())
}

fn check_all_projects_entity_type(t: &str) -> Result<()> {
    if ENTITY_TYPES.contains(&t) && t != "Task" {
        Ok(())
    } else {
        Err(wrong_entity_type(false))
    }
}

/// Create the descriptor on every managed open project lacking it.
pub async fn create_everywhere(s: &Session, d: NewDescriptor) -> Result<Vec<MetadataDescriptor>> {
    guard::manager_global(s)?;
    check_all_projects_entity_type(&d.entity_type)?;
    check_data_type(&d.data_type)?;
    let departments = ids(&d.departments)?;
    let field = tusk_schema::extra::field_name_of(&d.name.0);
    let mut created = Vec::new();
    for project in managed_open_projects(s).await? {
        let exists = rows(s, project, Some(&d.entity_type))
            .await?
            .iter()
            .any(|e| e.field_name == field);
        if !exists {
            let row = insert(
                s,
                project,
                &d.entity_type,
                None,
                &d.name.0,
                &d.data_type,
                d.choices.clone(),
                d.for_client.is_some_and(|b| b.0),
                departments.clone(),
            )
            .await?;
            created.push(row);
        }
    }
    Ok(created)
}

/// Changes applied to a descriptor on every managed open project.
#[derive(Debug, Clone, Deserialize)]
pub struct AllProjectsChanges {
    pub entity_type: crate::route::NonEmpty,
    #[serde(flatten)]
    pub changes: DescriptorChanges,
}

async fn by_field(
    s: &Session,
    entity_type: &str,
    field_name: &str,
) -> Result<Vec<MetadataDescriptor>> {
    let mut out = Vec::new();
    for project in managed_open_projects(s).await? {
        out.extend(
            rows(s, project, Some(entity_type))
                .await?
                .into_iter()
                .filter(|d| d.field_name == field_name),
        );
    }
    Ok(out)
}

/// Update the descriptor named `field_name` on every managed open project.
pub async fn update_everywhere(
    s: &Session,
    field_name: &str,
    c: AllProjectsChanges,
) -> Result<Vec<MetadataDescriptor>> {
    guard::manager_global(s)?;
    check_all_projects_entity_type(&c.entity_type.0)?;
    check_data_type(&c.changes.data_type)?;
    let departments = ids(&c.changes.departments)?;
    let mut out = Vec::new();
    for d in by_field(s, &c.entity_type.0, field_name).await? {
        out.push(change(s, &d, c.changes.clone(), departments.clone()).await?);
    }
    Ok(out)
}

/// Delete the descriptor named `field_name` from every managed open
/// project; answers the removed ids.
pub async fn delete_everywhere(
    s: &Session,
    entity_type: Option<&str>,
    field_name: &str,
) -> Result<Vec<String>> {
    guard::manager_global(s)?;
    let entity_type = entity_type.unwrap_or("");
    check_all_projects_entity_type(entity_type)?;
    let mut out = Vec::new();
    for d in by_field(s, entity_type, field_name).await? {
        engine::delete_checked::<MetadataDescriptor>(s, d.id).await?;
        out.push(d.id.to_string());
    }
    Ok(out)
}

/// Reorder descriptors by field name on every managed open project.
pub async fn reorder_everywhere(
    s: &Session,
    entity_type: &str,
    field_order: &[String],
) -> Result<Vec<MetadataDescriptor>> {
    guard::manager_global(s)?;
    check_all_projects_entity_type(entity_type)?;
    let mut out = Vec::new();
    for project in managed_open_projects(s).await? {
        let existing = rows(s, project, Some(entity_type)).await?;
        let ordered: Vec<String> = field_order
            .iter()
            .filter_map(|f| existing.iter().find(|d| d.field_name == *f))
            .map(|d| d.id.to_string())
            .collect();
        if !ordered.is_empty() {
            out.extend(reorder(s, project, entity_type, &ordered).await?);
        }
    }
    Ok(out)
}
