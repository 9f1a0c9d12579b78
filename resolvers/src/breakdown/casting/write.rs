//! Changing casting: one entity, several at once, or one link deleted.
//!
//! Zou replaces the whole casting of an entity (its links are deleted and
//! recreated from the body, each announced with `entity-link:new`, even an
//! unchanged one), keeps `nb_entities_out` equal to the number of links,
//! and announces `<kind>:casting-update` with the diff against the previous
//! casting (the asset ids the body names, sorted).
//!
//! The episode roll-up: a shot whose sequence is in an episode also casts
//! its assets into the episode (a link with `nb_occurences` 1, the shot
//! entry's label and `data {"auto": true}`, announced only as
//! `asset:update`); when an asset leaves the last shot of the episode that
//! cast it, the episode link goes too (`episode:casting-update`, then
//! `asset:update`). Replacing an episode's casting removes the assets that
//! left it from every shot of the episode.
//!
//! Every change runs in one transaction with its events: a request that
//! fails changes nothing (Zou crashes half-way on bad input).

use super::input::CastingInput;
use super::{access, Access};
use crate::breakdown::{find, refresh_kinds, Kind};
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};
use tusk_db::events::{Event, NewEvent};
use tusk_db::{Error, Model, Result, Session, SqlValue, Tx};
use tusk_schema::{Entity, EntityLink};
use uuid::Uuid;

fn uuid(v: Uuid) -> SqlValue {
    SqlValue::Uuid(Some(v))
}

fn ids_json(ids: &[Uuid]) -> Value {
    Value::Array(ids.iter().map(|i| Value::String(i.to_string())).collect())
}

/// Zou's diff: `(added, removed)` between the previous assets and those the
/// body names, each sorted and without duplicates.
pub fn diff(prev: &[Uuid], named: &[Uuid]) -> (Vec<Uuid>, Vec<Uuid>) {
    let p: HashSet<Uuid> = prev.iter().copied().collect();
    let n: HashSet<Uuid> = named.iter().copied().collect();
    let mut added: Vec<Uuid> = n.difference(&p).copied().collect();
    let mut removed: Vec<Uuid> = p.difference(&n).copied().collect();
    // Zou sorts the ids as text.
    added.sort_by_key(|u| u.to_string());
    removed.sort_by_key(|u| u.to_string());
    (added, removed)
}

/// The event prefix of an entity (`shot`, `episode`, `asset`…).
fn prefix(e: &Entity) -> String {
    match Kind::of(e) {
        Some(k) => k.event_prefix().to_owned(),
        None => e.kind().to_lowercase(),
    }
}

/// A write in progress: its transaction and the events it recorded.
pub struct Writer<'a> {
    s: &'a Session,
    tx: Tx,
    events: Vec<Event>,
}

impl<'a> Writer<'a> {
    pub async fn begin(s: &'a Session) -> Result<Writer<'a>> {
        Ok(Writer {
            s,
            tx: s.db.begin().await?,
            events: Vec::new(),
        })
    }

    /// Commit and publish the events.
    pub async fn commit(self) -> Result<()> {
        self.s.commit(self.tx, self.events).await
    }

    async fn record(&mut self, name: &str, data: Map<String, Value>, project: Uuid) -> Result<()> {
        let ev = self
            .s
            .record(&mut self.tx, NewEvent::new(name, data, Some(project)))
            .await?;
        self.events.push(ev);
        Ok(())
    }

    async fn asset_update(&mut self, asset: Uuid, project: Uuid) -> Result<()> {
        let mut d = Map::new();
        d.insert("asset_id".into(), Value::String(asset.to_string()));
        self.record("asset:update", d, project).await
    }

    async fn casting_update(
        &mut self,
        prefix: &str,
        id: Uuid,
        project: Uuid,
        added: &[Uuid],
        removed: &[Uuid],
        nb: i64,
    ) -> Result<()> {
        let mut d = Map::new();
        d.insert(format!("{prefix}_id"), Value::String(id.to_string()));
        d.insert("added_asset_ids".into(), ids_json(added));
        d.insert("removed_asset_ids".into(), ids_json(removed));
        d.insert("nb_entities_out".into(), json!(nb));
        self.record(&format!("{prefix}:casting-update"), d, project)
            .await
    }

    /// The links of `entity`: (link id, asset id), oldest first.
    async fn links(&mut self, entity: Uuid) -> Result<Vec<(Uuid, Uuid)>> {
        let mut q = self
            .tx
            .sql("SELECT \"id\", \"entity_out_id\" FROM \"entity_link\" WHERE \"entity_in_id\" = ");
        q.bind(uuid(entity))
            .push(" ORDER BY \"created_at\", \"id\"");
        self.tx.fetch_all(&q).await
    }

    /// Which of `ids` are entities.
    async fn existing(&mut self, ids: &[Uuid]) -> Result<HashSet<Uuid>> {
        if ids.is_empty() {
            return Ok(HashSet::new());
        }
        let mut q = self.tx.sql("SELECT \"id\" FROM \"entity\" WHERE \"id\"");
        q.in_uuids(ids);
        Ok(self
            .tx
            .fetch_all::<(Uuid,)>(&q)
            .await?
            .into_iter()
            .map(|r| r.0)
            .collect())
    }

    async fn insert_link(
        &mut self,
        entity_in: Uuid,
        entity_out: Uuid,
        nb: i32,
        label: &str,
        data: Option<Value>,
    ) -> Result<Uuid> {
        let id = Uuid::new_v4();
        let now = SqlValue::Timestamp(Some(tusk_db::fmt::now()));
        let mut q = self.tx.sql("INSERT INTO \"entity_link\" (\"id\", \"created_at\", \"updated_at\", \"entity_in_id\", \"entity_out_id\", \"nb_occurences\", \"label\", \"data\") VALUES ");
        q.bind_list([
            uuid(id),
            now.clone(),
            now,
            uuid(entity_in),
            uuid(entity_out),
            SqlValue::Int(Some(nb)),
            SqlValue::Text(Some(label.to_owned())),
            SqlValue::Json(data),
        ]);
        self.tx.execute(&q).await?;
        Ok(id)
    }

    async fn update_link(&mut self, id: Uuid, nb: i32, label: &str) -> Result<()> {
        let mut q = self
            .tx
            .sql("UPDATE \"entity_link\" SET \"nb_occurences\" = ");
        q.bind(SqlValue::Int(Some(nb)))
            .push(", \"label\" = ")
            .bind(SqlValue::Text(Some(label.to_owned())))
            .push(", \"updated_at\" = ")
            .bind(SqlValue::Timestamp(Some(tusk_db::fmt::now())))
            .push(" WHERE \"id\" = ")
            .bind(uuid(id));
        self.tx.execute(&q).await?;
        Ok(())
    }

    async fn delete_links_of(&mut self, entity: Uuid) -> Result<()> {
        let mut q = self
            .tx
            .sql("DELETE FROM \"entity_link\" WHERE \"entity_in_id\" = ");
        q.bind(uuid(entity));
        self.tx.execute(&q).await?;
        Ok(())
    }

    /// Set `nb_entities_out` of `ids` to their number of links.
    async fn refresh_counts(&mut self, ids: &[Uuid]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut q = self.tx.sql(
            "UPDATE \"entity\" SET \"nb_entities_out\" = (SELECT COUNT(*) FROM \"entity_link\" l WHERE l.\"entity_in_id\" = \"entity\".\"id\") WHERE \"id\"",
        );
        q.in_uuids(ids);
        self.tx.execute(&q).await?;
        Ok(())
    }

    async fn count(&mut self, entity: Uuid) -> Result<i64> {
        let mut q = self
            .tx
            .sql("SELECT COUNT(*) FROM \"entity_link\" WHERE \"entity_in_id\" = ");
        q.bind(uuid(entity));
        self.tx.fetch_scalar::<i64>(&q).await
    }

    /// The episode of a shot (its sequence's parent), if any.
    async fn episode_of(&mut self, shot: &Entity) -> Result<Option<Uuid>> {
        let Some(seq) = shot.parent_id else {
            return Ok(None);
        };
        let mut q = self.tx.sql("SELECT ep.\"id\" FROM \"entity\" sq JOIN \"entity\" ep ON ep.\"id\" = sq.\"parent_id\" JOIN \"entity_type\" et ON et.\"id\" = ep.\"entity_type_id\" WHERE et.\"name\" = 'Episode' AND sq.\"id\" = ");
        q.bind(uuid(seq));
        Ok(self.tx.fetch_optional::<(Uuid,)>(&q).await?.map(|r| r.0))
    }

    /// Links from the shots of `episode` to any of `assets`: (link id,
    /// shot id, asset id), shot by shot (sequence then shot name).
    async fn shot_links_in_episode(
        &mut self,
        episode: Uuid,
        assets: &[Uuid],
    ) -> Result<Vec<(Uuid, Uuid, Uuid)>> {
        if assets.is_empty() {
            return Ok(vec![]);
        }
        let mut q = self.tx.sql("SELECT l.\"id\", l.\"entity_in_id\", l.\"entity_out_id\" FROM \"entity_link\" l JOIN \"entity\" sh ON sh.\"id\" = l.\"entity_in_id\" JOIN \"entity_type\" st ON st.\"id\" = sh.\"entity_type_id\" JOIN \"entity\" sq ON sq.\"id\" = sh.\"parent_id\" WHERE st.\"name\" = 'Shot' AND sq.\"parent_id\" = ");
        q.bind(uuid(episode))
            .push(" AND l.\"entity_out_id\"")
            .in_uuids(assets)
            .push(" ORDER BY sq.\"name\", sh.\"name\", sh.\"id\"");
        self.tx.fetch_all(&q).await
    }

    /// Write `input` as the whole casting of `e` (any kind).
    pub async fn set_casting(&mut self, e: &Entity, input: &CastingInput) -> Result<()> {
        if Kind::of(e) == Some(Kind::Episode) {
            return self.set_episode_casting(e, input).await;
        }
        let prev: Vec<Uuid> = self.links(e.id).await?.into_iter().map(|l| l.1).collect();
        self.delete_links_of(e.id).await?;
        let wanted: Vec<Uuid> = input.entries.iter().map(|c| c.asset_id).collect();
        let exists = self.existing(&wanted).await?;
        let episode = if Kind::of(e) == Some(Kind::Shot) {
            self.episode_of(e).await?
        } else {
            None
        };
        let mut in_episode: HashSet<Uuid> = match episode {
            Some(ep) => self.links(ep).await?.into_iter().map(|l| l.1).collect(),
            None => HashSet::new(),
        };
        let mut written: HashMap<Uuid, Uuid> = HashMap::new();
        let mut episode_grew = false;
        for c in &input.entries {
            // Zou accepts an unknown asset but writes no link for it.
            if !exists.contains(&c.asset_id) {
                continue;
            }
            if let Some(ep) = episode {
                if in_episode.insert(c.asset_id) {
                    self.insert_link(ep, c.asset_id, 1, &c.label, Some(json!({"auto": true})))
                        .await?;
                    episode_grew = true;
                    self.asset_update(c.asset_id, e.project_id).await?;
                }
            }
            self.write_entry(e, c, &mut written).await?;
        }
        let mut touched = vec![e.id];
        if let (Some(ep), true) = (episode, episode_grew) {
            touched.push(ep);
        }
        self.refresh_counts(&touched).await?;
        let (added, removed) = diff(&prev, &input.named);
        self.casting_update(
            &prefix(e),
            e.id,
            e.project_id,
            &added,
            &removed,
            written.len() as i64,
        )
        .await?;
        if let Some(ep) = episode {
            self.roll_up_removal(ep, e.project_id, &removed, &in_episode)
                .await?;
        }
        Ok(())
    }

    /// Insert the link of one entry, or update it when the body named the
    /// asset before (`entity-link:update`).
    async fn write_entry(
        &mut self,
        e: &Entity,
        c: &super::CastEntry,
        written: &mut HashMap<Uuid, Uuid>,
    ) -> Result<bool> {
        let mut d = Map::new();
        if let Some(link) = written.get(&c.asset_id).copied() {
            self.update_link(link, c.nb_occurences, &c.label).await?;
            d.insert("entity_link_id".into(), Value::String(link.to_string()));
            d.insert("nb_occurences".into(), json!(c.nb_occurences));
            self.record("entity-link:update", d, e.project_id).await?;
            return Ok(false);
        }
        let link = self
            .insert_link(e.id, c.asset_id, c.nb_occurences, &c.label, None)
            .await?;
        written.insert(c.asset_id, link);
        d.insert("entity_link_id".into(), Value::String(link.to_string()));
        d.insert("entity_in_id".into(), Value::String(e.id.to_string()));
        d.insert(
            "entity_out_id".into(),
            Value::String(c.asset_id.to_string()),
        );
        d.insert("nb_occurences".into(), json!(c.nb_occurences));
        self.record("entity-link:new", d, e.project_id).await?;
        Ok(true)
    }

    /// After assets left a shot of `episode`: drop the episode links of
    /// those no other shot of the episode still casts.
    async fn roll_up_removal(
        &mut self,
        episode: Uuid,
        project: Uuid,
        removed: &[Uuid],
        in_episode: &HashSet<Uuid>,
    ) -> Result<()> {
        let candidates: Vec<Uuid> = removed
            .iter()
            .copied()
            .filter(|a| in_episode.contains(a))
            .collect();
        if candidates.is_empty() {
            return Ok(());
        }
        let still: HashSet<Uuid> = self
            .shot_links_in_episode(episode, &candidates)
            .await?
            .into_iter()
            .map(|l| l.2)
            .collect();
        let gone: Vec<Uuid> = candidates
            .into_iter()
            .filter(|a| !still.contains(a))
            .collect();
        if gone.is_empty() {
            return Ok(());
        }
        let mut q = self
            .tx
            .sql("DELETE FROM \"entity_link\" WHERE \"entity_in_id\" = ");
        q.bind(uuid(episode))
            .push(" AND \"entity_out_id\"")
            .in_uuids(&gone);
        self.tx.execute(&q).await?;
        self.refresh_counts(&[episode]).await?;
        let nb = self.count(episode).await?;
        self.casting_update("episode", episode, project, &[], &gone, nb)
            .await?;
        for a in &gone {
            self.asset_update(*a, project).await?;
        }
        Ok(())
    }

    /// Remove `assets` from every shot of `episode`. Zou announces each
    /// shot twice: once with empty diffs, then with the assets it lost.
    async fn roll_down(&mut self, episode: &Entity, assets: &[Uuid]) -> Result<()> {
        let links = self.shot_links_in_episode(episode.id, assets).await?;
        if links.is_empty() {
            return Ok(());
        }
        let mut shots: Vec<Uuid> = Vec::new();
        let mut lost: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for (_, shot, asset) in &links {
            if !lost.contains_key(shot) {
                shots.push(*shot);
            }
            lost.entry(*shot).or_default().push(*asset);
        }
        let link_ids: Vec<Uuid> = links.iter().map(|l| l.0).collect();
        let mut q = self.tx.sql("DELETE FROM \"entity_link\" WHERE \"id\"");
        q.in_uuids(&link_ids);
        self.tx.execute(&q).await?;
        self.refresh_counts(&shots).await?;
        let mut q = self
            .tx
            .sql("SELECT \"entity_in_id\", COUNT(*) FROM \"entity_link\" WHERE \"entity_in_id\"");
        q.in_uuids(&shots).push(" GROUP BY \"entity_in_id\"");
        let counts: HashMap<Uuid, i64> = self
            .tx
            .fetch_all::<(Uuid, i64)>(&q)
            .await?
            .into_iter()
            .collect();
        for shot in shots {
            let nb = counts.get(&shot).copied().unwrap_or(0);
            let mut gone = lost.remove(&shot).unwrap_or_default();
            gone.sort_by_key(|u| u.to_string());
            gone.dedup();
            self.casting_update("shot", shot, episode.project_id, &[], &[], nb)
                .await?;
            self.casting_update("shot", shot, episode.project_id, &[], &gone, nb)
                .await?;
        }
        Ok(())
    }

    /// An episode's casting: the assets that left it leave its shots too;
    /// its links are recreated (without `auto`), each announced with
    /// `entity-link:new` and `asset:update`.
    async fn set_episode_casting(&mut self, ep: &Entity, input: &CastingInput) -> Result<()> {
        let prev: Vec<Uuid> = self.links(ep.id).await?.into_iter().map(|l| l.1).collect();
        let (added, removed) = diff(&prev, &input.named);
        self.roll_down(ep, &removed).await?;
        self.delete_links_of(ep.id).await?;
        let wanted: Vec<Uuid> = input.entries.iter().map(|c| c.asset_id).collect();
        let exists = self.existing(&wanted).await?;
        let mut written: HashMap<Uuid, Uuid> = HashMap::new();
        for c in &input.entries {
            if !exists.contains(&c.asset_id) {
                continue;
            }
            if self.write_entry(ep, c, &mut written).await? {
                self.asset_update(c.asset_id, ep.project_id).await?;
            }
        }
        self.refresh_counts(&[ep.id]).await?;
        self.casting_update(
            "episode",
            ep.id,
            ep.project_id,
            &added,
            &removed,
            written.len() as i64,
        )
        .await
    }

    /// Delete one link, with the roll-up a casting change would run.
    async fn delete_link(&mut self, link: &EntityLink, e: &Entity) -> Result<()> {
        let mut q = self.tx.sql("DELETE FROM \"entity_link\" WHERE \"id\" = ");
        q.bind(uuid(link.id));
        self.tx.execute(&q).await?;
        self.refresh_counts(&[e.id]).await?;
        let removed = [link.entity_out_id];
        if Kind::of(e) == Some(Kind::Episode) {
            self.roll_down(e, &removed).await?;
        }
        let nb = self.count(e.id).await?;
        self.casting_update(&prefix(e), e.id, e.project_id, &[], &removed, nb)
            .await?;
        if Kind::of(e) == Some(Kind::Shot) {
            if let Some(ep) = self.episode_of(e).await? {
                let in_episode: HashSet<Uuid> =
                    self.links(ep).await?.into_iter().map(|l| l.1).collect();
                self.roll_up_removal(ep, e.project_id, &removed, &in_episode)
                    .await?;
            }
        }
        Ok(())
    }
}

/// `PUT /data/projects/{p}/entities/{id}/casting`: replace the casting of
/// one entity of project `p` (a manager of `p`; 403 when `p` does not own
/// it).
pub async fn set_entity_casting(
    s: &Session,
    project: Uuid,
    entity: Uuid,
    input: &CastingInput,
) -> Result<Entity> {
    let e = super::entity_in_project(s, project, entity, Access::Write).await?;
    let mut w = Writer::begin(s).await?;
    w.set_casting(&e, input).await?;
    w.commit().await?;
    Ok(e)
}

/// `PUT /data/assets/{id}/casting`: the assets an asset is made of
/// (manager of the asset's project).
pub async fn set_asset_casting(s: &Session, asset: Uuid, input: &CastingInput) -> Result<Entity> {
    let e = super::asset(s, asset, Access::Write).await?;
    let mut w = Writer::begin(s).await?;
    w.set_casting(&e, input).await?;
    w.commit().await?;
    Ok(e)
}

/// `PUT /data/projects/{p}/entities/casting`: several castings in one
/// transaction. Every entity is checked (404 unknown, 403 of another
/// project) before anything is written; then each gets the same treatment
/// and events as a single `PUT`, in the order given.
pub async fn set_castings(
    s: &Session,
    project: Uuid,
    items: &[(Uuid, CastingInput)],
) -> Result<Vec<Entity>> {
    access(s, project, Access::Write)?;
    refresh_kinds(s).await?;
    let ids: Vec<Uuid> = items.iter().map(|(id, _)| *id).collect();
    let found = entities(s, &ids).await?;
    let mut list = Vec::with_capacity(items.len());
    for id in &ids {
        let e = found.get(id).ok_or_else(Error::not_found)?;
        if e.project_id != project {
            return Err(Error::forbidden());
        }
        list.push(e.clone());
    }
    let mut w = Writer::begin(s).await?;
    for (e, (_, input)) in list.iter().zip(items) {
        w.set_casting(e, input).await?;
    }
    w.commit().await?;
    Ok(list)
}

/// Entities by id (one statement).
pub(crate) async fn entities(s: &Session, ids: &[Uuid]) -> Result<HashMap<Uuid, Entity>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut db = s.db();
    let mut q = db.sql("SELECT ");
    q.push(&<Entity as Model>::META.select_list(None))
        .push(" FROM \"entity\" WHERE \"id\"")
        .in_uuids(ids);
    Ok(db
        .fetch_all::<Entity>(&q)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect())
}

/// `DELETE /data/projects/{p}/entity-links/{id}`: delete one link (manager
/// of `p`; 403 when the link's entity is not of `p`) and answer it. The
/// entity's casting changes as if it had been `PUT` without that asset.
pub async fn delete_entity_link(s: &Session, project: Uuid, link: Uuid) -> Result<EntityLink> {
    access(s, project, Access::Write)?;
    let row = tusk_db::engine::find::<EntityLink>(&mut s.db(), link)
        .await?
        .ok_or_else(Error::not_found)?;
    let e = find(s, row.entity_in_id, None).await?;
    if e.project_id != project {
        return Err(Error::forbidden());
    }
    let mut w = Writer::begin(s).await?;
    w.delete_link(&row, &e).await?;
    w.commit().await?;
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_is_sorted_and_ignores_duplicates() {
        let a = Uuid::parse_str("00000000-0000-0000-0000-00000000000a").unwrap();
        let b = Uuid::parse_str("00000000-0000-0000-0000-00000000000b").unwrap();
        let c = Uuid::parse_str("00000000-0000-0000-0000-00000000000c").unwrap();
        let (added, removed) = diff(&[c, a], &[b, b, c]);
        assert_eq!(added, vec![b]);
        assert_eq!(removed, vec![a]);
    }
}
