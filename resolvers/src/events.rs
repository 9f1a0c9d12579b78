//! Reading the event log the REST way (`/data/events/last`,
//! `/data/events/names`, `/data/events/login-logs/last`).

use serde_json::{json, Value};
use tusk_db::policy::Role;
use tusk_db::{Error, Result, Session, SqlValue};
use uuid::Uuid;

fn param<'a>(params: &'a [(String, String)], k: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(key, _)| key == k)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

fn limit(params: &[(String, String)], default: i64) -> Result<i64> {
    match param(params, "limit") {
        None => Ok(default),
        Some(v) => v
            .parse::<i64>()
            .map(|n| n.clamp(1, 1000))
            .map_err(|_| Error::Invalid("Wrong value for parameter limit.".into())),
    }
}

fn date(params: &[(String, String)], k: &str) -> Result<Option<chrono::NaiveDateTime>> {
    param(params, k)
        .map(|v| {
            tusk_db::value::parse_datetime(v)
                .ok_or_else(|| Error::Invalid(format!("Wrong value for parameter {k}.")))
        })
        .transpose()
}

fn list_of(v: Option<&str>) -> Vec<String> {
    v.map(|s| {
        s.split(',')
            .map(|x| x.trim().to_owned())
            .filter(|x| !x.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

/// `GET /data/events/last`: newest first, managers (their projects) and
/// admins (everything).
pub async fn last(s: &Session, params: &[(String, String)]) -> Result<Value> {
    let actor = s.principal.actor()?;
    let scope: Option<Vec<Uuid>> = if actor.is_admin() {
        None
    } else {
        let managed: Vec<Uuid> = actor
            .projects
            .keys()
            .copied()
            .filter(|p| actor.project_role(*p).is_some_and(Role::is_manager))
            .collect();
        if managed.is_empty() && !actor.role.is_manager() {
            return Err(Error::forbidden());
        }
        Some(managed)
    };
    let mut db = s.db();
    let mut q = db.sql("SELECT \"id\", \"created_at\", \"name\", \"user_id\", \"project_id\", \"data\" FROM \"api_event\" WHERE 1=1");
    if let Some(t) = date(params, "after")? {
        q.push(" AND \"created_at\" > ")
            .bind(SqlValue::Timestamp(Some(t)));
    }
    if let Some(t) = date(params, "before")? {
        q.push(" AND \"created_at\" < ")
            .bind(SqlValue::Timestamp(Some(t)));
    }
    if let Some(c) = param(params, "cursor_event_id") {
        let id = tusk_db::value::parse_uuid(c)?;
        q.push(" AND \"created_at\" < (SELECT \"created_at\" FROM \"api_event\" WHERE \"id\" = ");
        q.bind(SqlValue::Uuid(Some(id))).push(")");
    }
    if let Some(p) = param(params, "project_id") {
        q.push(" AND \"project_id\" = ")
            .bind(SqlValue::Uuid(Some(tusk_db::value::parse_uuid(p)?)));
    }
    if let Some(n) = param(params, "name") {
        q.push(" AND \"name\" = ")
            .bind(SqlValue::Text(Some(n.to_owned())));
    }
    let prefixes = list_of(param(params, "name_prefixes"));
    let suffixes = list_of(param(params, "name_suffixes"));
    let mut likes: Vec<String> = prefixes.iter().map(|p| format!("{p}%")).collect();
    likes.extend(suffixes.iter().map(|p| format!("%{p}")));
    if !likes.is_empty() {
        q.push(" AND (");
        for (i, l) in likes.into_iter().enumerate() {
            if i > 0 {
                q.push(" OR ");
            }
            q.push("\"name\" LIKE ").bind(SqlValue::Text(Some(l)));
        }
        q.push(")");
    }
    let persons = list_of(param(params, "person_ids"));
    if !persons.is_empty() {
        let ids: Vec<Uuid> = persons
            .iter()
            .map(|p| tusk_db::value::parse_uuid(p))
            .collect::<Result<_>>()?;
        q.push(" AND \"user_id\"").in_uuids(&ids);
    }
    if param(params, "only_files").is_some_and(|v| v == "true") {
        q.push(" AND (\"name\" LIKE 'preview-file:%' OR \"name\" LIKE 'working-file:%' OR \"name\" LIKE 'output-file:%')");
    }
    if let Some(projects) = &scope {
        q.push(" AND \"project_id\"").in_uuids(projects);
    }
    q.push(" ORDER BY \"created_at\" DESC, \"id\" DESC LIMIT ")
        .bind(SqlValue::BigInt(Some(limit(params, 100)?)));
    type Row = (
        Uuid,
        chrono::NaiveDateTime,
        String,
        Option<Uuid>,
        Option<Uuid>,
        Option<Value>,
    );
    let rows = db.fetch_all::<Row>(&q).await?;
    Ok(Value::Array(
        rows.into_iter()
            .map(|(id, at, name, user, project, data)| {
                json!({"id": id.to_string(), "created_at": tusk_db::fmt::datetime(&at), "name": name,
                       "user_id": user.map(|u| u.to_string()), "project_id": project.map(|p| p.to_string()),
                       "data": data})
            })
            .collect(),
    ))
}

/// `GET /data/events/names`: the distinct event names (global managers).
pub async fn names(s: &Session) -> Result<Value> {
    let actor = s.principal.actor()?;
    if !actor.role.is_manager() {
        return Err(Error::forbidden());
    }
    let mut db = s.db();
    let q = db.sql("SELECT DISTINCT \"name\" FROM \"api_event\" ORDER BY \"name\"");
    let names: Vec<String> = db
        .fetch_all::<(String,)>(&q)
        .await?
        .into_iter()
        .map(|r| r.0)
        .collect();
    Ok(json!(names))
}

/// `GET /data/events/login-logs/last` (admins).
pub async fn login_logs(s: &Session, params: &[(String, String)]) -> Result<Value> {
    if !s.principal.actor()?.is_admin() {
        return Err(Error::forbidden());
    }
    let mut db = s.db();
    let mut q = db.sql("SELECT \"id\", \"created_at\", \"ip_address\", \"person_id\", \"origin\" FROM \"login_log\" WHERE 1=1");
    if let Some(t) = date(params, "after")? {
        q.push(" AND \"created_at\" > ")
            .bind(SqlValue::Timestamp(Some(t)));
    }
    if let Some(t) = date(params, "before")? {
        q.push(" AND \"created_at\" < ")
            .bind(SqlValue::Timestamp(Some(t)));
    }
    q.push(" ORDER BY \"created_at\" DESC, \"id\" DESC LIMIT ")
        .bind(SqlValue::BigInt(Some(limit(params, 100)?)));
    type Row = (
        Uuid,
        chrono::NaiveDateTime,
        Option<String>,
        Uuid,
        Option<String>,
    );
    let rows = db.fetch_all::<Row>(&q).await?;
    Ok(Value::Array(
        rows.into_iter()
            .map(|(id, at, ip, person, origin)| {
                json!({"id": id.to_string(), "created_at": tusk_db::fmt::datetime(&at), "ip_address": ip,
                       "person_id": person.to_string(), "origin": origin})
            })
            .collect(),
    ))
}
