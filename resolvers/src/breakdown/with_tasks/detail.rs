//! The detail GETs that embed with-tasks rows: `GET /data/shots/{id}`,
//! `/data/assets/{id}`, `/data/edits/{id}`, `/data/concepts/{id}`
//! (breakdown.md §2.2). Each is one entity: a handful of statements.

use super::rows::{
    write_row, AssetRow, ConceptItem, ConceptRow, Data, Dt, EditRow, EmptyStr, Fields, Ids, Item,
    Lookups, NoneStr, Out, ShotRow, TaskFull, TaskGroups, Tasks, ASSET_TASK,
};
use super::{sql, stream, subscribed, View};
use crate::breakdown::{readable, Kind};
use tusk_db::{Error, Result, Session};
use tusk_schema::Entity;
use uuid::Uuid;

/// The relation lists of one entity.
#[derive(Default)]
struct Rels {
    entities_out: Vec<Uuid>,
    entity_concept_links: Vec<Uuid>,
    instance_casting: Vec<Uuid>,
    entities_in: Vec<Uuid>,
}

async fn relations(s: &Session, id: Uuid) -> Result<Rels> {
    let rows: Vec<(i32, Uuid, Option<chrono::NaiveDateTime>)> =
        s.db().fetch_all(&sql::relations(&s.db, id)).await?;
    let mut r = Rels::default();
    for (which, other, _) in rows {
        match which {
            0 => r.entities_out.push(other),
            1 => r.entity_concept_links.push(other),
            2 => r.instance_casting.push(other),
            _ => r.entities_in.push(other),
        }
    }
    Ok(r)
}

/// The entity's with-tasks row (read as the view reads it, without the
/// vendor narrowing: the caller may read the entity, and sees all its tasks).
/// `TaskGroups::of` gives its tasks.
async fn row<E: super::rows::EntityRow>(
    s: &Session,
    view: View,
    e: &Entity,
) -> Result<(E, TaskGroups)> {
    let f = sql::Filter {
        types: vec![e.entity_type_id],
        only: Some(e.id),
        ..Default::default()
    };
    let (mut rows, groups) = stream::collect::<E>(&s.db, sql::queries(&s.db, view, &f)).await?;
    let row = rows.pop().ok_or_else(Error::not_found)?;
    Ok((row, groups))
}

/// Keys every detail adds after its with-tasks keys.
fn entity_keys<O: Out>(o: &mut O, e: &Entity) -> std::result::Result<(), O::Error> {
    o.put("code", &e.code)?;
    o.put("shotgun_id", &e.shotgun_id)?;
    o.put("is_shared", &e.is_shared)?;
    o.put("status", &e.status)?;
    o.put("ready_for", &e.ready_for)
}

struct ShotDetail<'a> {
    item: Item<'a, ShotRow>,
    e: &'a Entity,
    rels: &'a Rels,
}

impl Fields for ShotDetail<'_> {
    fn fields<O: Out>(&self, o: &mut O) -> std::result::Result<(), O::Error> {
        self.item.fields(o)?;
        entity_keys(o, self.e)?;
        o.put("created_by", &self.e.created_by)?;
        o.put("entities_out", &self.rels.entities_out)?;
        o.put("entity_concept_links", &self.rels.entity_concept_links)?;
        o.put("instance_casting", &self.rels.instance_casting)?;
        o.put("created_at", &Dt(&Some(self.e.created_at)))?;
        o.put("updated_at", &Dt(&Some(self.e.updated_at)))?;
        o.put("entities_in", &self.rels.entities_in)
    }
}

fn json<T: Fields>(v: &T) -> Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(2048);
    write_row(&mut buf, v, false)?;
    Ok(buf)
}

/// `GET /data/shots/{id}`: the shot's with-tasks row (all its tasks, even
/// for a vendor), then the rest of its columns and its relation lists.
pub async fn shot(s: &Session, id: Uuid) -> Result<Vec<u8>> {
    let e = readable(s, id, Some(Kind::Shot)).await?;
    let (row, groups) = row::<ShotRow>(s, View::Shots, &e).await?;
    let tasks = groups.of(row.id);
    let lk = Lookups {
        subscribed: subscribed(s, crate::guard::actor(s)?.id).await?,
        ..Default::default()
    };
    let rels = relations(s, id).await?;
    json(&ShotDetail {
        item: Item {
            e: &row,
            tasks: &tasks,
            lk: &lk,
        },
        e: &e,
        rels: &rels,
    })
}

/// `GET /data/edits/{id}`: exactly the edit's with-tasks row.
pub async fn edit(s: &Session, id: Uuid) -> Result<Vec<u8>> {
    let e = readable(s, id, Some(Kind::Edit)).await?;
    let (row, groups) = row::<EditRow>(s, View::Edits, &e).await?;
    let tasks = groups.of(row.id);
    let lk = Lookups {
        subscribed: subscribed(s, crate::guard::actor(s)?.id).await?,
        ..Default::default()
    };
    json(&Item {
        e: &row,
        tasks: &tasks,
        lk: &lk,
    })
}

struct ConceptDetail<'a> {
    item: ConceptItem<'a>,
    e: &'a Entity,
    rels: &'a Rels,
}

impl Fields for ConceptDetail<'_> {
    fn fields<O: Out>(&self, o: &mut O) -> std::result::Result<(), O::Error> {
        self.item.fields(o)?;
        entity_keys(o, self.e)?;
        o.put("entities_out", &self.rels.entities_out)?;
        o.put("instance_casting", &self.rels.instance_casting)?;
        o.put("entities_in", &self.rels.entities_in)
    }
}

/// `GET /data/concepts/{id}`: the concept's with-tasks row, then the rest
/// of its columns and relation lists. Clients and vendors may not read
/// concepts.
pub async fn concept(s: &Session, id: Uuid) -> Result<Vec<u8>> {
    let e = readable(s, id, Some(Kind::Concept)).await?;
    if !crate::guard::actor(s)?.is_admin() {
        super::check_role(
            View::Concepts,
            crate::guard::role_in(s, Some(e.project_id))?,
        )?;
    }
    let (row, groups) = row::<ConceptRow>(s, View::Concepts, &e).await?;
    let tasks = groups.of(row.id);
    let rels = relations(s, id).await?;
    let mut lk = Lookups {
        subscribed: subscribed(s, crate::guard::actor(s)?.id).await?,
        ..Default::default()
    };
    lk.concept_links
        .insert(id, rels.entity_concept_links.clone());
    json(&ConceptDetail {
        item: ConceptItem {
            item: Item {
                e: &row,
                tasks: &tasks,
                lk: &lk,
            },
            linked: false,
        },
        e: &e,
        rels: &rels,
    })
}

struct AssetDetail<'a> {
    e: &'a Entity,
    row: &'a AssetRow,
    tasks: &'a [TaskFull<'a>],
    lk: &'a Lookups,
    rels: &'a Rels,
    project_name: &'a str,
}

impl Fields for AssetDetail<'_> {
    fn fields<O: Out>(&self, o: &mut O) -> std::result::Result<(), O::Error> {
        let e = self.e;
        o.put("id", &e.id)?;
        o.put("name", &e.name)?;
        o.put("code", &e.code)?;
        o.put("description", &e.description)?;
        o.put("shotgun_id", &e.shotgun_id)?;
        o.put("canceled", &e.canceled)?;
        o.put("nb_entities_out", &e.nb_entities_out)?;
        o.put("is_casting_standby", &e.is_casting_standby)?;
        o.put("is_shared", &e.is_shared)?;
        o.put("status", &e.status)?;
        o.put("project_id", &e.project_id)?;
        o.put("entity_type_id", &e.entity_type_id)?;
        o.put("parent_id", &e.parent_id)?;
        o.put("preview_file_id", &EmptyStr(e.preview_file_id))?;
        o.put("data", &Data(&e.data.as_ref().map(tusk_db::Json::value)))?;
        // The asset view's row overrides the columns: a null `ready_for`
        // reads as the string "None" there.
        o.put("ready_for", &NoneStr(e.ready_for))?;
        o.put("created_by", &e.created_by)?;
        o.put("entities_out", &self.rels.entities_out)?;
        o.put("entity_concept_links", &self.rels.entity_concept_links)?;
        o.put("instance_casting", &self.rels.instance_casting)?;
        o.put("created_at", &Dt(&Some(e.created_at)))?;
        o.put("updated_at", &Dt(&Some(e.updated_at)))?;
        o.put("entities_in", &self.rels.entities_in)?;
        o.put("type", "Asset")?;
        o.put("project_name", self.project_name)?;
        o.put("asset_type_id", &e.entity_type_id)?;
        o.put("asset_type_name", &self.row.asset_type_name)?;
        o.put("episode_id", &EmptyStr(e.source_id))?;
        o.put("casting_episode_ids", &Ids(self.lk.casting.get(&e.id)))?;
        o.put_tasks(
            "tasks",
            &Tasks {
                tasks: self.tasks,
                entity_id: e.id,
                keys: ASSET_TASK,
                lk: self.lk,
                compact: false,
            },
        )
    }
}

/// `GET /data/assets/{id}`: the asset's columns (no `nb_frames`, no
/// `source_id`; `preview_file_id` is `""` when null) and relation lists,
/// then its project and type names, its episode (`source_id`, or `""`),
/// the episodes casting it and its tasks in the asset view's shape.
pub async fn asset(s: &Session, id: Uuid) -> Result<Vec<u8>> {
    let e = readable(s, id, Some(Kind::Asset)).await?;
    let (row, groups) = row::<AssetRow>(s, View::Assets, &e).await?;
    let tasks = groups.of(row.id);
    let types = tusk_schema::kinds::load(&s.db).await?;
    let lk = Lookups {
        subscribed: subscribed(s, crate::guard::actor(s)?.id).await?,
        casting: super::casting(s, &types, None, None, Some(id)).await?,
        ..Default::default()
    };
    let rels = relations(s, id).await?;
    let project = crate::guard::project(s, e.project_id).await?;
    json(&AssetDetail {
        e: &e,
        row: &row,
        tasks: &tasks,
        lk: &lk,
        rels: &rels,
        project_name: &project.name,
    })
}
