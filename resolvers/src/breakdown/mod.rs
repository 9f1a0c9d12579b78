//! The production breakdown (areas 06 and 07): episodes, sequences, shots,
//! scenes, edits, assets and concepts (all rows of the `entity` table, told
//! apart by their entity type), their casting and asset instances.
//!
//! The services are shared by the REST routes (`rest-compat/src/breakdown/`)
//! and the GraphQL fields; permissions are checked inside each service, so
//! both answer alike. One module per feature, each with its services first
//! and its REST handlers (`pub mod rest`) after:
//!
//! - [`entities`]: create, read, update, delete each kind; children, tasks,
//!   task types, previews and versions of an entity; `delete-entities`;
//! - [`with_tasks`]: the `…/with-tasks` views Kitsu's big pages load, and the
//!   detail GETs that embed the same task rows;
//! - [`casting`]: entity links (casting), the episode roll-up, batch casting,
//!   casting views, cast-in, shared assets, entity-link lists;
//! - [`instances`]: asset instances in scenes, shots and assets, scene shots;
//! - [`stats`]: episode stats, retake stats, quotas, `set-shot-nb-frames`;
//! - [`export`]: the CSV exports of the seed (`projects.csv`, `casting.csv`).

pub mod casting;
pub mod entities;
pub mod export;
pub mod gql;
pub mod instances;
pub mod stats;
pub mod with_tasks;

use std::collections::HashMap;
use tusk_db::policy::{Role, Rule};
use tusk_db::sql::Sql;
use tusk_db::{Error, Model, Result, Session, SqlValue};
use tusk_schema::Entity;
use uuid::Uuid;

/// The kinds of entity Zou tells apart by entity type (`Asset` is any type
/// that is not one of the others).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Asset,
    Shot,
    Sequence,
    Episode,
    Scene,
    Edit,
    Concept,
}

impl Kind {
    /// Zou's name of the kind (`type` of its JSON, its entity type's name).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Asset => "Asset",
            Kind::Shot => "Shot",
            Kind::Sequence => "Sequence",
            Kind::Episode => "Episode",
            Kind::Scene => "Scene",
            Kind::Edit => "Edit",
            Kind::Concept => "Concept",
        }
    }

    /// The kind of a kind name (`ConceptFolder` has none).
    pub fn parse(name: &str) -> Option<Kind> {
        Some(match name {
            "Asset" => Kind::Asset,
            "Shot" => Kind::Shot,
            "Sequence" => Kind::Sequence,
            "Episode" => Kind::Episode,
            "Scene" => Kind::Scene,
            "Edit" => Kind::Edit,
            "Concept" => Kind::Concept,
            _ => return None,
        })
    }

    /// The kind of an entity (the kinds cache must be fresh: [`find`] and
    /// the engine's entity hooks refresh it).
    pub fn of(e: &Entity) -> Option<Kind> {
        Kind::parse(e.kind())
    }

    /// Lower-case name, as in event names (`shot:new`) and id keys (`shot_id`).
    pub fn event_prefix(self) -> &'static str {
        match self {
            Kind::Asset => "asset",
            Kind::Shot => "shot",
            Kind::Sequence => "sequence",
            Kind::Episode => "episode",
            Kind::Scene => "scene",
            Kind::Edit => "edit",
            Kind::Concept => "concept",
        }
    }
}

/// Refresh the cache of entity kinds (one small query).
pub async fn refresh_kinds(s: &Session) -> Result<()> {
    tusk_schema::kinds::refresh(&s.db).await
}

/// The entity `id` when it exists and is of `kind` (any kind when `None`);
/// Zou's 404 otherwise. No permission check.
pub async fn find(s: &Session, id: Uuid, kind: Option<Kind>) -> Result<Entity> {
    refresh_kinds(s).await?;
    let e = tusk_db::engine::find::<Entity>(&mut s.db(), id)
        .await?
        .ok_or_else(Error::not_found)?;
    match kind {
        Some(k) if Kind::of(&e) != Some(k) => Err(Error::not_found()),
        _ => Ok(e),
    }
}

/// [`find`], then the caller must be on the entity's project team; a
/// vendor must also reach the entity (one of its tasks is assigned to
/// them), as Zou's `check_entity_access` (admins pass).
pub async fn readable(s: &Session, id: Uuid, kind: Option<Kind>) -> Result<Entity> {
    let e = find(s, id, kind).await?;
    check_read(s, &e).await?;
    Ok(e)
}

/// The read check of [`readable`] for an entity already loaded.
pub async fn check_read(s: &Session, e: &Entity) -> Result<()> {
    let actor = crate::guard::actor(s)?;
    if actor.is_admin() {
        return Ok(());
    }
    tusk_db::policy::check(
        &s.principal,
        Rule::ProjectMember,
        tusk_db::policy::RowFacts {
            project_id: Some(e.project_id),
            person_id: None,
        },
    )?;
    if crate::guard::role_in(s, Some(e.project_id))? == Role::Vendor
        && !tusk_db::policy::vendor_reaches_entity(&mut s.db(), actor, e.id).await?
    {
        return Err(Error::forbidden());
    }
    Ok(())
}

/// [`find`], then the caller must manage the entity's project.
pub async fn writable(s: &Session, id: Uuid, kind: Option<Kind>) -> Result<Entity> {
    let e = find(s, id, kind).await?;
    crate::guard::manager(s, e.project_id).await?;
    Ok(e)
}

/// The id of the entity type named `name` (`Shot`, `Sequence`…); 404 when
/// there is none.
pub async fn entity_type_id(s: &Session, name: &str) -> Result<Uuid> {
    let mut db = s.db();
    let mut q = db.sql("SELECT \"id\" FROM \"entity_type\" WHERE \"name\" = ");
    q.bind(SqlValue::Text(Some(name.to_owned())));
    match db.fetch_optional::<(Uuid,)>(&q).await? {
        Some((id,)) => Ok(id),
        None => Err(Error::not_found()),
    }
}

/// `SELECT <every column of M> FROM "<table>" "<alias>" ` (the caller
/// appends joins and a `WHERE`).
pub fn select<M: Model>(s: &Session, alias: &str) -> Sql {
    let mut q = s.db.sql("SELECT ");
    q.push(&M::META.select_list(Some(alias)))
        .push(" FROM ")
        .ident(M::META.table)
        .push(" ")
        .ident(alias);
    q
}

/// Rows of `M` whose `column` is one of `ids`, in one statement.
pub async fn rows_in<M: Model>(s: &Session, column: &str, ids: &[Uuid]) -> Result<Vec<M>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = select::<M>(s, "r");
    q.push(" WHERE ").qualified("r", column).in_uuids(ids);
    s.db().fetch_all(&q).await
}

/// Rows of `M` by id, in one statement.
pub async fn by_ids<M: Model>(s: &Session, ids: &[Uuid]) -> Result<HashMap<Uuid, M>> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    Ok(rows_in::<M>(s, "id", &ids)
        .await?
        .into_iter()
        .map(|r| (r.id(), r))
        .collect())
}

/// Ids of the entities of `project` the vendor reaches: those with a task
/// assigned to the caller.
pub async fn vendor_entity_ids(s: &Session, project: Option<Uuid>) -> Result<Vec<Uuid>> {
    let me = crate::guard::actor(s)?.id;
    let mut q = s.db.sql(
        "SELECT DISTINCT t.\"entity_id\" FROM \"task\" t JOIN \"task_person_link\" l ON l.\"task_id\" = t.\"id\" WHERE l.\"person_id\" = ",
    );
    q.bind(SqlValue::Uuid(Some(me)));
    if let Some(p) = project {
        q.push(" AND t.\"project_id\" = ")
            .bind(SqlValue::Uuid(Some(p)));
    }
    let rows: Vec<(Option<Uuid>,)> = s.db().fetch_all(&q).await?;
    Ok(rows.into_iter().filter_map(|(id,)| id).collect())
}

/// Is the caller a vendor in `project` (its role there, else its global role)?
pub fn is_vendor(s: &Session, project: Option<Uuid>) -> Result<bool> {
    Ok(crate::guard::role_in(s, project)? == Role::Vendor)
}
