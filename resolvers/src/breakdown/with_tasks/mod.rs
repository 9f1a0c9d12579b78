//! The `…/with-tasks` views Kitsu's production pages load (shots, assets,
//! sequences, episodes, scenes, edits, concepts, and the concepts linked to
//! an entity), and the detail GETs of shots, assets, edits and concepts,
//! which embed the same task rows (`docs/zou-reference/breakdown.md` §1,
//! §2.2, §9).
//!
//! A view is answered by a constant number of statements (`sql`): a few
//! small lookups, then the entities, their tasks and their assignees,
//! streamed side by side and merged one entity at a time (`stream`), then
//! serialized by serde from typed rows (`rows`). The answer is a JSON
//! array, Zou's compact object (`compact=true`), or NDJSON (`stream=true`),
//! written as the rows are read.

mod detail;
pub mod gql;
pub mod rest;
mod rows;
mod sql;
mod stream;

pub use detail::{asset, concept, edit, shot};

use rows::{
    key_names, AssetRow, ConceptItem, ConceptRow, EditRow, Item, Lookups, PlainRow, ShotRow,
    TaskFull, ASSET_FIELDS, ASSET_TASK, SHOT_FIELDS, SHOT_TASK,
};
use std::collections::{HashMap, HashSet};
use stream::Frame;
use tusk_db::policy::Role;
use tusk_db::zou::Body;
use tusk_db::{Error, Result, Session};
use tusk_schema::kinds::EntityTypes;
use uuid::Uuid;

/// The with-tasks views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Shots,
    Assets,
    Sequences,
    Episodes,
    Scenes,
    Edits,
    Concepts,
    /// `entities/{id}/entities-linked/with-tasks`: concepts linked to an entity.
    Linked,
}

impl View {
    /// The kind of entity the view lists (`kinds::kind_of_name`; `None`:
    /// any).
    fn kind(self) -> Option<&'static str> {
        Some(match self {
            View::Assets => "Asset",
            View::Shots => "Shot",
            View::Sequences => "Sequence",
            View::Episodes => "Episode",
            View::Scenes => "Scene",
            View::Edits => "Edit",
            View::Concepts => "Concept",
            View::Linked => return None,
        })
    }

    /// Only shots and assets know `compact` and `stream`.
    fn has_forms(self) -> bool {
        matches!(self, View::Shots | View::Assets)
    }
}

/// The query parameters of a with-tasks view.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pub project_id: Option<Uuid>,
    pub episode_id: Option<Uuid>,
    pub compact: bool,
    pub stream: bool,
}

/// An id query parameter: absent or empty is `None`; anything else must
/// be a UUID (Zou: 400 `Invalid UUID format for <name>: <value>`).
fn id_param(name: &str, raw: Option<&str>) -> Result<Option<Uuid>> {
    match raw {
        None => Ok(None),
        Some(v) if v.trim().is_empty() => Ok(None),
        Some(v) => Uuid::parse_str(v.trim())
            .map(Some)
            .map_err(|_| Error::Invalid(format!("Invalid UUID format for {name}: {v}"))),
    }
}

fn flag(raw: Option<&str>) -> bool {
    raw.is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "1" | "yes"))
}

impl Params {
    /// Read Zou's parameters: `project_id`, `episode_id` (ignored by the
    /// concept view, even malformed), `compact` and `stream` (shots and
    /// assets only).
    pub fn parse<'a>(view: View, arg: impl Fn(&str) -> Option<&'a str>) -> Result<Params> {
        let project_id = id_param("project_id", arg("project_id"))?;
        let episode_id = if view == View::Concepts {
            None
        } else {
            id_param("episode_id", arg("episode_id"))?
        };
        Ok(Params {
            project_id,
            episode_id,
            compact: view.has_forms() && flag(arg("compact")),
            stream: view.has_forms() && flag(arg("stream")),
        })
    }
}

/// A view's answer.
pub struct Answer {
    pub body: Body,
    /// NDJSON (`application/x-ndjson`) rather than JSON.
    pub ndjson: bool,
}

/// Who sees what in a view.
struct Scope {
    projects: Option<Vec<Uuid>>,
    vendor: Option<sql::Vendor>,
    person: Uuid,
    /// The caller is a client (in the project, or globally without one):
    /// the studio side of each task is blanked.
    client: bool,
}

/// Zou's rules for the views: admins see everything; anybody else must
/// name a project they are on the team of (403 otherwise), except for
/// assets, which without a project list the caller's projects. Clients may
/// not read concepts; vendors may read neither concepts nor scenes, and
/// elsewhere only see the entities around their own tasks, with only
/// those tasks.
fn scope(s: &Session, view: View, project: Option<Uuid>) -> Result<Scope> {
    let actor = crate::guard::actor(s)?;
    if actor.is_admin() {
        return Ok(Scope {
            projects: project.map(|p| vec![p]),
            vendor: None,
            person: actor.id,
            client: false,
        });
    }
    let vendor = |projects| sql::Vendor {
        person: actor.id,
        projects,
    };
    match project {
        Some(p) => {
            let role = actor.project_role(p).ok_or_else(Error::forbidden)?;
            check_role(view, role)?;
            Ok(Scope {
                projects: Some(vec![p]),
                vendor: (role == Role::Vendor).then(|| vendor(None)),
                person: actor.id,
                client: role == Role::Client,
            })
        }
        None if view == View::Assets => {
            let projects = actor.project_ids();
            let vendor_in: Vec<Uuid> = projects
                .iter()
                .copied()
                .filter(|p| actor.project_role(*p) == Some(Role::Vendor))
                .collect();
            let vendor = if vendor_in.is_empty() {
                None
            } else if vendor_in.len() == projects.len() {
                Some(vendor(None))
            } else {
                Some(vendor(Some(vendor_in)))
            };
            Ok(Scope {
                projects: Some(projects),
                vendor,
                person: actor.id,
                client: actor.role == Role::Client,
            })
        }
        None => Err(Error::forbidden()),
    }
}

/// Roles refused by a view in a project they are on the team of.
fn check_role(view: View, role: Role) -> Result<()> {
    match (view, role) {
        (View::Concepts | View::Linked, Role::Client | Role::Vendor)
        | (View::Scenes, Role::Vendor) => Err(Error::forbidden()),
        _ => Ok(()),
    }
}

/// The entity types a view lists (none when the type does not exist).
fn view_types(types: &EntityTypes, view: View) -> Vec<Uuid> {
    view.kind()
        .map_or_else(|| types.all(), |kind| types.of_kind(kind))
}

/// The tasks `person` is subscribed to.
async fn subscribed(s: &Session, person: Uuid) -> Result<HashSet<Uuid>> {
    let rows: Vec<(Uuid,)> = s.db().fetch_all(&sql::subscriptions(&s.db, person)).await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Group `(key, value)` pairs into lists, keeping their order.
fn grouped(pairs: Vec<(Uuid, Uuid)>) -> HashMap<Uuid, Vec<Uuid>> {
    let mut out: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (k, v) in pairs {
        out.entry(k).or_default().push(v);
    }
    out
}

/// Episodes of `project` (or `episode` only) casting each asset.
async fn casting(
    s: &Session,
    types: &EntityTypes,
    project: Option<Uuid>,
    episode: Option<Uuid>,
    asset: Option<Uuid>,
) -> Result<HashMap<Uuid, Vec<Uuid>>> {
    let q = sql::casting_episodes(
        &s.db,
        types.named("Episode").unwrap_or_default(),
        project,
        episode,
        asset,
    );
    Ok(grouped(s.db().fetch_all(&q).await?))
}

/// The compact header of a view (`{"compact":true,"shot_fields":…}`).
fn compact_header(view: View) -> Vec<u8> {
    let (key, fields, tasks) = match view {
        View::Assets => ("asset_fields", ASSET_FIELDS, ASSET_TASK),
        _ => ("shot_fields", SHOT_FIELDS, SHOT_TASK),
    };
    let mut header = serde_json::Map::new();
    header.insert("compact".into(), true.into());
    header.insert(key.into(), fields.into());
    header.insert("task_fields".into(), key_names(tasks).into());
    serde_json::to_vec(&header).unwrap_or_default()
}

fn frame(view: View, p: &Params) -> Frame {
    match (p.stream, p.compact) {
        (true, true) => Frame::ndjson(&compact_header(view), true),
        (true, false) => Frame::ndjson(br#"{"compact":false}"#, false),
        (false, true) => Frame::compact(&compact_header(view)),
        (false, false) => Frame::array(),
    }
}

fn write_shot(
    buf: &mut Vec<u8>,
    e: &ShotRow,
    tasks: &[TaskFull],
    lk: &Lookups,
    compact: bool,
) -> serde_json::Result<()> {
    rows::write_row(buf, &Item { e, tasks, lk }, compact)
}

fn write_asset(
    buf: &mut Vec<u8>,
    e: &AssetRow,
    tasks: &[TaskFull],
    lk: &Lookups,
    compact: bool,
) -> serde_json::Result<()> {
    rows::write_row(buf, &Item { e, tasks, lk }, compact)
}

fn write_plain(
    buf: &mut Vec<u8>,
    e: &PlainRow,
    tasks: &[TaskFull],
    lk: &Lookups,
    compact: bool,
) -> serde_json::Result<()> {
    rows::write_row(buf, &Item { e, tasks, lk }, compact)
}

fn write_edit(
    buf: &mut Vec<u8>,
    e: &EditRow,
    tasks: &[TaskFull],
    lk: &Lookups,
    compact: bool,
) -> serde_json::Result<()> {
    rows::write_row(buf, &Item { e, tasks, lk }, compact)
}

fn write_concept(
    buf: &mut Vec<u8>,
    e: &ConceptRow,
    tasks: &[TaskFull],
    lk: &Lookups,
    compact: bool,
) -> serde_json::Result<()> {
    let item = ConceptItem {
        item: Item { e, tasks, lk },
        linked: false,
    };
    rows::write_row(buf, &item, compact)
}

fn write_linked(
    buf: &mut Vec<u8>,
    e: &ConceptRow,
    tasks: &[TaskFull],
    lk: &Lookups,
    compact: bool,
) -> serde_json::Result<()> {
    let item = ConceptItem {
        item: Item { e, tasks, lk },
        linked: true,
    };
    rows::write_row(buf, &item, compact)
}

/// `GET /data/<kind>/with-tasks`: the entities of a kind with their tasks
/// (see the module doc and [`scope`] for who sees what). Canceled entities
/// are listed (`"canceled": true`).
pub async fn view(s: &Session, view: View, p: &Params) -> Result<Answer> {
    let scope = scope(s, view, p.project_id)?;
    let types = tusk_schema::kinds::load(&s.db).await?;
    let filter = sql::Filter {
        types: view_types(&types, view),
        projects: scope.projects,
        episode: p.episode_id,
        vendor: scope.vendor,
        only: None,
        linked_to: None,
    };
    let mut lk = Lookups {
        subscribed: subscribed(s, scope.person).await?,
        client: scope.client,
        ..Default::default()
    };
    // Zou only fills `casting_episode_ids` when the project is named.
    if view == View::Assets && p.project_id.is_some() {
        lk.casting = casting(s, &types, p.project_id, p.episode_id, None).await?;
    }
    if view == View::Concepts {
        let q = sql::concept_links(&s.db, view, &filter);
        lk.concept_links = grouped(s.db().fetch_all(&q).await?);
    }
    let q = sql::queries(&s.db, view, &filter);
    let frame = frame(view, p);
    let db = &s.db;
    let body = match view {
        View::Shots => stream::merged(db, q, lk, frame, write_shot),
        View::Assets => stream::merged(db, q, lk, frame, write_asset),
        View::Sequences | View::Episodes | View::Scenes => {
            stream::merged(db, q, lk, frame, write_plain)
        }
        View::Edits => stream::merged(db, q, lk, frame, write_edit),
        View::Concepts => stream::merged(db, q, lk, frame, write_concept),
        View::Linked => stream::merged(db, q, lk, frame, write_linked),
    };
    Ok(Answer {
        body,
        ndjson: p.stream,
    })
}

/// `GET /data/entities/{id}/entities-linked/with-tasks`: the concepts linked
/// to an entity, in the concept row shape (their tasks carry `assigner_id`
/// but neither `data` nor `is_subscribed`). 404 for an unknown entity; the
/// caller must be able to read the entity, and, as for the concept view,
/// not be a client or a vendor of its project.
pub async fn entities_linked(s: &Session, entity_id: Uuid) -> Result<Body> {
    let e = super::readable(s, entity_id, None).await?;
    if !crate::guard::actor(s)?.is_admin() {
        check_role(View::Linked, crate::guard::role_in(s, Some(e.project_id))?)?;
    }
    let types = tusk_schema::kinds::load(&s.db).await?;
    let filter = sql::Filter {
        types: view_types(&types, View::Linked),
        linked_to: Some(entity_id),
        ..Default::default()
    };
    let lk = Lookups {
        concept_links: grouped(
            s.db()
                .fetch_all(&sql::concept_links(&s.db, View::Linked, &filter))
                .await?,
        ),
        ..Default::default()
    };
    let q = sql::queries(&s.db, View::Linked, &filter);
    Ok(stream::merged(&s.db, q, lk, Frame::array(), write_linked))
}

/// A body's bytes (GraphQL fields answer the same JSON as the routes).
pub async fn body_bytes(body: Body) -> Result<Vec<u8>> {
    stream::bytes(body).await
}
