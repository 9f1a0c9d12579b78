//! Reading casting: one entity's, the bulk views Kitsu's breakdown page
//! loads, and where an asset is cast.
//!
//! Every view is one SQL statement over `entity_link` joined to the assets
//! and their types (plus the permission checks), whatever the number of
//! shots or assets. Canceled assets are left out, as in Zou; entries come
//! by asset type name, then asset name.

use super::{access, not_canceled, sql_row, Access};
use crate::breakdown::{find, Kind};
use serde_json::{json, Map, Value};
use tusk_db::{Error, Result, Session, SqlValue};
use uuid::Uuid;

sql_row! {
    /// One casting link with what the views show of its asset.
    #[derive(Debug, Clone)]
    pub struct CastRow {
        pub entity_id: Uuid,
        pub asset_id: Uuid,
        pub asset_name: String,
        pub asset_type_name: String,
        pub ready_for: Option<Uuid>,
        pub episode_id: Option<Uuid>,
        pub preview_file_id: Option<Uuid>,
        pub nb_occurences: Option<i32>,
        pub label: Option<String>,
        pub is_shared: bool,
        pub project_id: Uuid,
        pub sequence_name: Option<String>,
    }
}

impl CastRow {
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or("")
    }

    /// The entry of `GET …/entities/{id}/casting`.
    pub fn entry_json(&self) -> Value {
        json!({
            "asset_id": self.asset_id.to_string(),
            "asset_name": self.asset_name,
            "asset_type_name": self.asset_type_name,
            "ready_for": self.ready_for.map(|u| u.to_string()),
            "episode_id": self.episode_id.map(|u| u.to_string()),
            "preview_file_id": self.preview_file_id.map(|u| u.to_string()),
            "nb_occurences": self.nb_occurences,
            "label": self.label(),
            "is_shared": self.is_shared,
            "project_id": self.project_id.to_string(),
        })
    }

    /// The entry of the bulk views (`name` repeats `asset_name`).
    fn bulk_json(&self, shape: Shape) -> Value {
        let mut m = Map::new();
        m.insert("asset_id".into(), json!(self.asset_id.to_string()));
        m.insert("name".into(), json!(self.asset_name));
        m.insert("asset_name".into(), json!(self.asset_name));
        m.insert("asset_type_name".into(), json!(self.asset_type_name));
        if shape == Shape::Sequence {
            m.insert("sequence_name".into(), json!(self.sequence_name));
        }
        m.insert(
            "preview_file_id".into(),
            json!(self.preview_file_id.map(|u| u.to_string())),
        );
        m.insert("nb_occurences".into(), json!(self.nb_occurences));
        m.insert("label".into(), json!(self.label()));
        if shape != Shape::AssetType {
            m.insert("is_shared".into(), json!(self.is_shared));
            m.insert("project_id".into(), json!(self.project_id.to_string()));
        }
        Value::Object(m)
    }
}

/// Entry shapes of the bulk views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Per shot, with `sequence_name`.
    Sequence,
    /// Per shot, episode or asset, without `sequence_name`.
    Episode,
    /// Per parent asset, without `is_shared` and `project_id`.
    AssetType,
}

/// Which links a view reads (by their `entity_in`, aliased `i`).
pub enum Scope {
    /// The links of these entities.
    Entities(Vec<Uuid>),
    /// Shots of a sequence (in a project).
    Sequence { project: Uuid, sequence: Uuid },
    /// Every shot of the project that is in a sequence.
    AllSequences { project: Uuid },
    /// Shots of the sequences of an episode.
    Episode { project: Uuid, episode: Uuid },
    /// Every entity of the project (shots, episodes, assets).
    Project { project: Uuid },
    /// Assets of one type in the project (asset-in-asset casting).
    AssetType { project: Uuid, asset_type: Uuid },
}

/// The casting links in `scope`, by asset type name then asset name (one
/// statement).
pub async fn rows(s: &Session, scope: &Scope) -> Result<Vec<CastRow>> {
    let mut db = s.db();
    let mut q = db.sql("SELECT l.\"entity_in_id\", a.\"id\", a.\"name\", at.\"name\", a.\"ready_for\", a.\"source_id\", a.\"preview_file_id\", l.\"nb_occurences\", l.\"label\", a.\"is_shared\", a.\"project_id\", sq.\"name\" FROM \"entity_link\" l JOIN \"entity\" a ON a.\"id\" = l.\"entity_out_id\" JOIN \"entity_type\" at ON at.\"id\" = a.\"entity_type_id\" JOIN \"entity\" i ON i.\"id\" = l.\"entity_in_id\" JOIN \"entity_type\" it ON it.\"id\" = i.\"entity_type_id\" LEFT JOIN \"entity\" sq ON sq.\"id\" = i.\"parent_id\" WHERE ");
    q.push(&not_canceled("a"));
    let project = |q: &mut tusk_db::sql::Sql, p: &Uuid| {
        q.push(" AND i.\"project_id\" = ")
            .bind(SqlValue::Uuid(Some(*p)));
    };
    match scope {
        Scope::Entities(ids) => {
            q.push(" AND l.\"entity_in_id\"").in_uuids(ids);
        }
        Scope::Sequence {
            project: p,
            sequence,
        } => {
            project(&mut q, p);
            q.push(" AND it.\"name\" = 'Shot' AND i.\"parent_id\" = ")
                .bind(SqlValue::Uuid(Some(*sequence)));
        }
        Scope::AllSequences { project: p } => {
            project(&mut q, p);
            q.push(" AND it.\"name\" = 'Shot' AND sq.\"id\" IS NOT NULL");
        }
        Scope::Episode {
            project: p,
            episode,
        } => {
            project(&mut q, p);
            q.push(" AND it.\"name\" = 'Shot' AND sq.\"parent_id\" = ")
                .bind(SqlValue::Uuid(Some(*episode)));
        }
        Scope::Project { project: p } => project(&mut q, p),
        Scope::AssetType {
            project: p,
            asset_type,
        } => {
            project(&mut q, p);
            q.push(" AND i.\"entity_type_id\" = ")
                .bind(SqlValue::Uuid(Some(*asset_type)));
        }
    }
    q.push(" ORDER BY at.\"name\", a.\"name\", i.\"name\", l.\"entity_in_id\"");
    db.fetch_all(&q).await
}

/// `GET /data/projects/{p}/entities/{id}/casting`: what a shot, episode or
/// asset of `p` casts (team members but vendors; 403 when `p` does not
/// own the entity).
pub async fn entity_casting(s: &Session, project: Uuid, entity: Uuid) -> Result<Vec<CastRow>> {
    let e = super::entity_in_project(s, project, entity, Access::Read).await?;
    rows(s, &Scope::Entities(vec![e.id])).await
}

/// `GET /data/assets/{id}/casting`: the assets an asset is made of.
pub async fn asset_casting(s: &Session, asset: Uuid) -> Result<Vec<CastRow>> {
    let e = super::asset(s, asset, Access::Read).await?;
    rows(s, &Scope::Entities(vec![e.id])).await
}

/// Rows grouped by the entity that casts them, in order of first
/// appearance, as a JSON object.
fn grouped(rows: &[CastRow], shape: Shape) -> Value {
    let mut out = Map::new();
    for r in rows {
        let key = r.entity_id.to_string();
        let v = out.entry(key).or_insert_with(|| Value::Array(vec![]));
        if let Value::Array(a) = v {
            a.push(r.bulk_json(shape));
        }
    }
    Value::Object(out)
}

/// `GET /data/projects/{p}/sequences/{s}/casting`: casting of the shots of
/// a sequence, keyed by shot id (404 for an unknown sequence).
pub async fn sequence_casting(s: &Session, project: Uuid, sequence: Uuid) -> Result<Value> {
    access(s, project, Access::Read)?;
    find(s, sequence, Some(Kind::Sequence)).await?;
    let rows = rows(s, &Scope::Sequence { project, sequence }).await?;
    Ok(grouped(&rows, Shape::Sequence))
}

/// `GET /data/projects/{p}/sequences/all/casting`: every shot of the
/// project that is in a sequence, keyed by shot id.
pub async fn all_sequences_casting(s: &Session, project: Uuid) -> Result<Value> {
    access(s, project, Access::Read)?;
    let rows = rows(s, &Scope::AllSequences { project }).await?;
    Ok(grouped(&rows, Shape::Sequence))
}

/// `GET /data/projects/{p}/episodes/{e}/sequences/all/casting`: the shots
/// of an episode (an unknown episode gives `{}`).
pub async fn episode_sequences_casting(s: &Session, project: Uuid, episode: Uuid) -> Result<Value> {
    access(s, project, Access::Read)?;
    let rows = rows(s, &Scope::Episode { project, episode }).await?;
    Ok(grouped(&rows, Shape::Sequence))
}

/// `GET /data/projects/{p}/episodes/casting`: Zou keys it by every entity
/// of the project that casts something (shots, episodes, assets), without
/// `sequence_name`.
pub async fn episodes_casting(s: &Session, project: Uuid) -> Result<Value> {
    access(s, project, Access::Read)?;
    let rows = rows(s, &Scope::Project { project }).await?;
    Ok(grouped(&rows, Shape::Episode))
}

/// `GET /data/projects/{p}/asset-types/{t}/casting`: asset-in-asset
/// casting of the project's assets of type `t`, keyed by parent asset (404
/// for an unknown type).
pub async fn asset_type_casting(s: &Session, project: Uuid, asset_type: Uuid) -> Result<Value> {
    access(s, project, Access::Read)?;
    let mut db = s.db();
    let mut q = db.sql("SELECT COUNT(*) FROM \"entity_type\" WHERE \"id\" = ");
    q.bind(SqlValue::Uuid(Some(asset_type)));
    if db.fetch_scalar::<i64>(&q).await? == 0 {
        return Err(Error::not_found());
    }
    let rows = rows(
        s,
        &Scope::AssetType {
            project,
            asset_type,
        },
    )
    .await?;
    Ok(grouped(&rows, Shape::AssetType))
}

sql_row! {
    struct ShotIn {
        shot_id: Uuid,
        shot_name: String,
        sequence_name: String,
        episode_id: Option<Uuid>,
        episode_name: Option<String>,
        preview_file_id: Option<Uuid>,
        nb_occurences: Option<i32>,
    }
}

/// `GET /data/assets/{id}/cast-in`: the shots that cast an asset (with
/// their sequence and episode, by episode, sequence and shot name), then
/// the assets that contain it. Episode links are not listed. Two
/// statements.
pub async fn cast_in(s: &Session, asset: Uuid) -> Result<Vec<Value>> {
    let a = super::asset(s, asset, Access::Read).await?;
    let mut db = s.db();
    let mut q = db.sql("SELECT sh.\"id\", sh.\"name\", sq.\"name\", ep.\"id\", ep.\"name\", sh.\"preview_file_id\", l.\"nb_occurences\" FROM \"entity_link\" l JOIN \"entity\" sh ON sh.\"id\" = l.\"entity_in_id\" JOIN \"entity_type\" st ON st.\"id\" = sh.\"entity_type_id\" JOIN \"entity\" sq ON sq.\"id\" = sh.\"parent_id\" LEFT JOIN \"entity\" ep ON ep.\"id\" = sq.\"parent_id\" WHERE st.\"name\" = 'Shot' AND ");
    q.push(&not_canceled("sh"))
        .push(" AND l.\"entity_out_id\" = ")
        .bind(SqlValue::Uuid(Some(a.id)))
        .push(" ORDER BY ep.\"name\" ASC NULLS FIRST, sq.\"name\", sh.\"name\", sh.\"id\"");
    let shots: Vec<ShotIn> = db.fetch_all(&q).await?;
    let mut q = db.sql("SELECT pa.\"id\", pa.\"name\", pt.\"name\", pa.\"preview_file_id\", l.\"nb_occurences\" FROM \"entity_link\" l JOIN \"entity\" pa ON pa.\"id\" = l.\"entity_in_id\" JOIN \"entity_type\" pt ON pt.\"id\" = pa.\"entity_type_id\" WHERE pt.\"name\" NOT IN ");
    q.push(&super::temporal_sql_list())
        .push(" AND ")
        .push(&not_canceled("pa"))
        .push(" AND l.\"entity_out_id\" = ")
        .bind(SqlValue::Uuid(Some(a.id)))
        .push(" ORDER BY pt.\"name\", pa.\"name\", pa.\"id\"");
    /// An asset casting this one: id, name, type name, preview, occurrences.
    type AssetIn = (Uuid, String, String, Option<Uuid>, Option<i32>);
    let parents: Vec<AssetIn> = db.fetch_all(&q).await?;
    let id = |u: Option<Uuid>| u.map(|u| u.to_string());
    let mut out: Vec<Value> = shots
        .into_iter()
        .map(|r| {
            json!({
                "shot_id": r.shot_id.to_string(),
                "shot_name": r.shot_name,
                "sequence_name": r.sequence_name,
                "episode_id": id(r.episode_id),
                "episode_name": r.episode_name,
                "preview_file_id": id(r.preview_file_id),
                "nb_occurences": r.nb_occurences,
            })
        })
        .collect();
    out.extend(
        parents
            .into_iter()
            .map(|(pid, name, type_name, preview, nb)| {
                json!({
                    "asset_id": pid.to_string(),
                    "asset_name": name,
                    "asset_type_name": type_name,
                    "preview_file_id": id(preview),
                    "nb_occurences": nb,
                })
            }),
    );
    Ok(out)
}
