//! Shared assets: an asset marked `is_shared` may be cast by the shots of
//! other projects. Zou's share actions write no event.

use super::{access, Access};
use crate::breakdown::refresh_kinds;
use serde_json::Value;
use tusk_db::{Error, Model, Result, Session, SqlValue};
use tusk_schema::Entity;
use uuid::Uuid;

fn select(db: &tusk_db::Db) -> tusk_db::sql::Sql {
    let mut q = db.sql("SELECT ");
    q.push(&<Entity as Model>::META.select_list(Some("a")))
        .push(" FROM \"entity\" a JOIN \"entity_type\" at ON at.\"id\" = a.\"entity_type_id\" WHERE at.\"name\" NOT IN ")
        .push(&super::temporal_sql_list());
    q
}

/// Entities as Zou's plain rows (`type` is their kind).
pub async fn rows_json(s: &Session, rows: &[Entity]) -> Result<Vec<Value>> {
    refresh_kinds(s).await?;
    rows.iter()
        .map(|e| Ok(Value::Object(tusk_db::zou::json_map(e)?)))
        .collect()
}

async fn set_shared(s: &Session, ids: &[Uuid], shared: bool) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut tx = s.db.begin().await?;
    let mut q = tx.sql("UPDATE \"entity\" SET \"is_shared\" = ");
    q.bind(SqlValue::Bool(Some(shared)))
        .push(", \"updated_at\" = ")
        .bind(SqlValue::Timestamp(Some(tusk_db::fmt::now())))
        .push(" WHERE \"id\"")
        .in_uuids(ids);
    tx.execute(&q).await?;
    tx.commit().await
}

/// `POST /actions/assets/share`: set `is_shared` on the given assets
/// (manager of each asset's project; 404 when one is not an asset) and
/// answer them, in the order given.
pub async fn share_assets(s: &Session, ids: &[Uuid], shared: bool) -> Result<Vec<Entity>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut db = s.db();
    let mut q = select(&db);
    q.push(" AND a.\"id\"").in_uuids(ids);
    let found: Vec<Entity> = db.fetch_all(&q).await?;
    let mut wanted: Vec<Uuid> = Vec::new();
    for id in ids {
        let e = found
            .iter()
            .find(|e| e.id == *id)
            .ok_or_else(Error::not_found)?;
        access(s, e.project_id, Access::Write)?;
        if !wanted.contains(id) {
            wanted.push(*id);
        }
    }
    set_shared(s, &wanted, shared).await?;
    let mut q = select(&db);
    q.push(" AND a.\"id\"").in_uuids(&wanted);
    let rows: Vec<Entity> = db.fetch_all(&q).await?;
    Ok(wanted
        .iter()
        .filter_map(|id| rows.iter().find(|e| e.id == *id).cloned())
        .collect())
}

/// `POST /actions/projects/{p}[/asset-types/{t}]/assets/share`: set
/// `is_shared` on every asset of the project (of the type) and answer them
/// by name (manager of the project; an unknown project or type gives `[]`).
pub async fn share_project_assets(
    s: &Session,
    project: Uuid,
    asset_type: Option<Uuid>,
    shared: bool,
) -> Result<Vec<Entity>> {
    access(s, project, Access::Write)?;
    let mut db = s.db();
    let mut q = select(&db);
    q.push(" AND a.\"project_id\" = ")
        .bind(SqlValue::Uuid(Some(project)));
    if let Some(t) = asset_type {
        q.push(" AND a.\"entity_type_id\" = ")
            .bind(SqlValue::Uuid(Some(t)));
    }
    q.push(" ORDER BY a.\"name\", a.\"id\"");
    let rows: Vec<Entity> = db.fetch_all(&q).await?;
    let ids: Vec<Uuid> = rows.iter().map(|e| e.id).collect();
    set_shared(s, &ids, shared).await?;
    if ids.is_empty() {
        return Ok(rows);
    }
    db.fetch_all(&q).await
}

/// `GET /data/projects/{p}[/episodes/{e}]/assets/shared-used`: shared
/// assets of other projects that the project's shots (of the episode)
/// cast, by name. Open to every team member, vendors included.
pub async fn shared_used(s: &Session, project: Uuid, episode: Option<Uuid>) -> Result<Vec<Entity>> {
    tusk_db::policy::check(
        &s.principal,
        tusk_db::policy::Rule::ProjectMember,
        tusk_db::policy::RowFacts {
            project_id: Some(project),
            person_id: None,
        },
    )?;
    let mut db = s.db();
    let mut q = select(&db);
    q.push(" AND a.\"is_shared\" = ")
        .bind(SqlValue::Bool(Some(true)))
        .push(" AND a.\"project_id\" <> ")
        .bind(SqlValue::Uuid(Some(project)))
        .push(" AND a.\"id\" IN (SELECT l.\"entity_out_id\" FROM \"entity_link\" l JOIN \"entity\" sh ON sh.\"id\" = l.\"entity_in_id\" JOIN \"entity_type\" st ON st.\"id\" = sh.\"entity_type_id\"");
    if episode.is_some() {
        q.push(" JOIN \"entity\" sq ON sq.\"id\" = sh.\"parent_id\"");
    }
    q.push(" WHERE st.\"name\" = 'Shot' AND sh.\"project_id\" = ")
        .bind(SqlValue::Uuid(Some(project)));
    if let Some(e) = episode {
        q.push(" AND sq.\"parent_id\" = ")
            .bind(SqlValue::Uuid(Some(e)));
    }
    q.push(") ORDER BY a.\"name\", a.\"id\"");
    db.fetch_all(&q).await
}
