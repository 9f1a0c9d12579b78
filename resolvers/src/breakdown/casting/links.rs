//! `GET /data/projects/{p}/entity-links`: every casting link of the
//! project (shot, episode and asset links), for its managers.

use serde_json::{json, Map, Value};
use tusk_db::{Error, Model, Result, Session, SqlValue};
use tusk_schema::EntityLink;
use uuid::Uuid;

/// Paging of the list, as Zou reads it from the query string.
#[derive(Debug, Clone, Copy, Default)]
pub struct Paging {
    pub page: Option<i64>,
    pub limit: Option<i64>,
}

/// The keys Zou answers without `page` (no `updated_at`).
const SHORT_KEYS: &[&str] = &[
    "id",
    "entity_in_id",
    "entity_out_id",
    "nb_occurences",
    "label",
    "data",
    "created_at",
    "type",
];

fn short(m: &Map<String, Value>) -> Value {
    Value::Object(
        SHORT_KEYS
            .iter()
            .map(|k| (k.to_string(), m.get(*k).cloned().unwrap_or(Value::Null)))
            .collect(),
    )
}

/// The project's links, oldest first: a plain list of short rows (`limit`
/// truncates it), or with `page` Zou's envelope of whole rows (manager of
/// the project; 404 for an unknown project). Two statements at most.
pub async fn project_links(s: &Session, project: Uuid, paging: Paging) -> Result<Value> {
    crate::guard::manager(s, project).await?;
    crate::guard::project(s, project).await?;
    let mut db = s.db();
    let from = |db: &tusk_db::Db, head: &str| {
        let mut q = db.sql(head);
        q.push(" FROM \"entity_link\" l JOIN \"entity\" e ON e.\"id\" = l.\"entity_in_id\" WHERE e.\"project_id\" = ")
            .bind(SqlValue::Uuid(Some(project)));
        q
    };
    let select = format!(
        "SELECT {}",
        <EntityLink as Model>::META.select_list(Some("l"))
    );
    let mut q = from(&db, &select);
    q.push(" ORDER BY l.\"created_at\", l.\"id\"");
    let page = paging.page.filter(|p| *p >= 1);
    let limit = match page {
        Some(_) => Some(paging.limit.filter(|l| *l > 0).unwrap_or(100)),
        None => paging.limit.filter(|l| *l >= 0),
    };
    let offset = page.map(|p| (p - 1) * limit.unwrap_or(100));
    if let Some(l) = limit {
        q.push(" LIMIT ").bind(SqlValue::BigInt(Some(l)));
    }
    if let Some(o) = offset {
        q.push(" OFFSET ").bind(SqlValue::BigInt(Some(o)));
    }
    let rows: Vec<EntityLink> = db.fetch_all(&q).await?;
    let maps: Vec<Map<String, Value>> = rows
        .iter()
        .map(tusk_db::zou::json_map)
        .collect::<Result<_>>()?;
    let Some(page) = page else {
        return Ok(Value::Array(maps.iter().map(short).collect()));
    };
    let limit = limit.unwrap_or(100);
    let q = from(&db, "SELECT COUNT(*)");
    let total = db.fetch_scalar::<i64>(&q).await?;
    let nb_pages = if total == 0 {
        0
    } else {
        (total + limit - 1) / limit
    };
    Ok(json!({
        "data": maps,
        "total": total,
        "nb_pages": nb_pages,
        "limit": limit,
        "offset": offset.unwrap_or(0),
        "page": page,
    }))
}

/// Parse `page` and `limit` as Zou's lists do.
pub fn paging(query: &[(String, String)]) -> Result<Paging> {
    let mut p = Paging::default();
    for (k, v) in query {
        let n = || {
            v.trim()
                .parse::<i64>()
                .map_err(|_| Error::Invalid(format!("{k} must be an integer.")))
        };
        match k.as_str() {
            "page" => p.page = Some(n()?),
            "limit" => p.limit = Some(n()?),
            _ => {}
        }
    }
    Ok(p)
}
