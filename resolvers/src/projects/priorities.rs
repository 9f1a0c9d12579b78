//! Ordering task types, globally and per project (three routes of Zou's
//! `crud` blueprint: `/actions/task-types/reorder`,
//! `/actions/projects/{p}/task-type-links/reorder` and
//! `/actions/projects/{p}/task-status-links/reorder`).
//!
//! There is no capture of these routes: they follow `behaviours.md` ("task
//! types (with priority, reorderable)", task statuses with priority and
//! `roles_for_board`), `routes.tsv` for permissions (admin for the global
//! order, manager of the project for the links) and Zou's public tests for
//! the shape: the body names an ordered id list, each listed row gets its
//! 1-based position as priority, and the answer lists the rows changed.
//! Ids that name no row (or no link of the project) are skipped but still
//! take their position; only the priority changes (board roles are kept).
//! The link reorders announce `project:update` (clients read links through
//! the project); the global one announces nothing, as in Zou.
//!
//! Where Zou would crash (a malformed id in the list), Tusk answers 400 and
//! changes nothing: each reorder is one transaction.

use crate::guard;
use serde_json::{Map, Value};
use tusk_db::events::NewEvent;
use tusk_db::{Error, Model, Result, Session, SqlValue};
use tusk_schema::{ProjectTaskStatusLink, ProjectTaskTypeLink, TaskType};
use uuid::Uuid;

/// Zou's answer for a body without the expected id list.
fn wrong_body(key: &str) -> Error {
    Error::Invalid(format!(
        "Request body must be a JSON object with a '{key}' list."
    ))
}

/// The ordered ids of `body[key]`: a list of id strings (or `{id}`
/// objects); anything else is Zou's 400, a malformed id 400 too.
pub fn id_list(body: &Value, key: &str) -> Result<Vec<Uuid>> {
    let Some(items) = body.get(key).and_then(Value::as_array) else {
        return Err(wrong_body(key));
    };
    items
        .iter()
        .map(|v| {
            let raw = match v {
                Value::String(s) => s.as_str(),
                Value::Object(o) => o.get("id").and_then(Value::as_str).unwrap_or(""),
                _ => "",
            };
            tusk_db::value::parse_hyphenated(raw).ok_or_else(Error::malformed_id)
        })
        .collect()
}

/// `(id, priority)` for each id in order, 1-based.
fn positions(ids: &[Uuid]) -> Vec<(Uuid, i32)> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| (*id, i as i32 + 1))
        .collect()
}

/// Set the studio-wide priority of task types (admins): each listed task
/// type gets its position; answers the task types changed, in list order.
pub async fn reorder_task_types(s: &Session, ids: &[Uuid]) -> Result<Vec<TaskType>> {
    guard::admin(s)?;
    let now = SqlValue::Timestamp(Some(tusk_db::fmt::now()));
    let mut tx = s.db.begin().await?;
    for (id, priority) in positions(ids) {
        let mut q = tx.sql("UPDATE \"task_type\" SET \"priority\" = ");
        q.bind(SqlValue::Int(Some(priority)))
            .push(", \"updated_at\" = ")
            .bind(now.clone())
            .push(" WHERE \"id\" = ")
            .bind(SqlValue::Uuid(Some(id)));
        tx.execute(&q).await?;
    }
    s.commit(tx, vec![]).await?;
    let rows: Vec<TaskType> = select_in(s, ids).await?;
    Ok(in_order(rows, ids, |t| t.id))
}

async fn select_in<M: Model>(s: &Session, ids: &[Uuid]) -> Result<Vec<M>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut db = s.db();
    let mut q = db.sql("SELECT ");
    q.push(&M::META.select_list(None))
        .push(" FROM ")
        .ident(M::META.table)
        .push(" WHERE \"id\"")
        .in_uuids(ids);
    db.fetch_all(&q).await
}

/// Rows ordered as `ids` lists their keys.
fn in_order<M>(rows: Vec<M>, ids: &[Uuid], key: impl Fn(&M) -> Uuid) -> Vec<M> {
    let mut rows: Vec<Option<M>> = rows.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(rows.len());
    for id in ids {
        if let Some(slot) = rows
            .iter_mut()
            .find(|r| r.as_ref().is_some_and(|r| key(r) == *id))
        {
            out.extend(slot.take());
        }
    }
    out
}

/// A link table of a project: which column names the linked row.
#[derive(Clone, Copy)]
enum LinkTable {
    TaskType,
    TaskStatus,
}

impl LinkTable {
    fn table(self) -> &'static str {
        match self {
            LinkTable::TaskType => "project_task_type_link",
            LinkTable::TaskStatus => "project_task_status_link",
        }
    }
    fn column(self) -> &'static str {
        match self {
            LinkTable::TaskType => "task_type_id",
            LinkTable::TaskStatus => "task_status_id",
        }
    }
}

/// Set the priority of a project's links; one `project:update`.
async fn reorder_links(s: &Session, project: Uuid, ids: &[Uuid], links: LinkTable) -> Result<()> {
    guard::manager(s, project).await?;
    let now = SqlValue::Timestamp(Some(tusk_db::fmt::now()));
    let mut tx = s.db.begin().await?;
    for (id, priority) in positions(ids) {
        let mut q = tx.sql("UPDATE ");
        q.ident(links.table())
            .push(" SET \"priority\" = ")
            .bind(SqlValue::Int(Some(priority)))
            .push(", \"updated_at\" = ")
            .bind(now.clone())
            .push(" WHERE \"project_id\" = ")
            .bind(SqlValue::Uuid(Some(project)))
            .push(" AND ")
            .ident(links.column())
            .push(" = ")
            .bind(SqlValue::Uuid(Some(id)));
        tx.execute(&q).await?;
    }
    let ev = s
        .record(
            &mut tx,
            NewEvent::new("project:update", Map::new(), Some(project)),
        )
        .await?;
    s.commit(tx, vec![ev]).await
}

async fn links_of<M: Model>(
    s: &Session,
    project: Uuid,
    ids: &[Uuid],
    links: LinkTable,
) -> Result<Vec<M>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut db = s.db();
    let mut q = db.sql("SELECT ");
    q.push(&M::META.select_list(None))
        .push(" FROM ")
        .ident(links.table())
        .push(" WHERE \"project_id\" = ")
        .bind(SqlValue::Uuid(Some(project)))
        .push(" AND ")
        .ident(links.column())
        .in_uuids(ids);
    db.fetch_all(&q).await
}

/// Order the task types of a project (managers of the project): answers
/// the links changed, in list order.
pub async fn reorder_task_type_links(
    s: &Session,
    project: Uuid,
    ids: &[Uuid],
) -> Result<Vec<ProjectTaskTypeLink>> {
    reorder_links(s, project, ids, LinkTable::TaskType).await?;
    let rows = links_of(s, project, ids, LinkTable::TaskType).await?;
    Ok(in_order(rows, ids, |l: &ProjectTaskTypeLink| {
        l.task_type_id
    }))
}

/// Order the task statuses of a project (managers of the project); board
/// roles are kept. Answers the links changed, in list order.
pub async fn reorder_task_status_links(
    s: &Session,
    project: Uuid,
    ids: &[Uuid],
) -> Result<Vec<ProjectTaskStatusLink>> {
    reorder_links(s, project, ids, LinkTable::TaskStatus).await?;
    let rows = links_of(s, project, ids, LinkTable::TaskStatus).await?;
    Ok(in_order(rows, ids, |l: &ProjectTaskStatusLink| {
        l.task_status_id
    }))
}

/// Rows as Zou serializes them (no relations).
pub fn json_of<M: Model>(rows: &[M]) -> Result<Vec<Value>> {
    rows.iter()
        .map(|r| tusk_db::zou::json_map(r).map(Value::Object))
        .collect()
}
