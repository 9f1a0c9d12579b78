//! Who may comment a task, and with which status (Zou's
//! `check_task_action_access`, `check_task_mention_access` and
//! `check_task_status_access`, in the order `CommentTaskResource` calls
//! them).

use super::{TaskCtx, Writer};
use tusk_db::policy::{Actor, Role};
use tusk_db::{Error, Result, SqlValue};
use tusk_schema::TaskStatus;
use uuid::Uuid;

/// What the checks found out.
pub(super) struct Granted {
    /// Manager rights in the task's project (admins too): only they choose
    /// the author, the date and `for_client`.
    pub manager: bool,
    /// The status, when a check already loaded it.
    pub status: Option<TaskStatus>,
}

/// Decide whether the caller may post a comment carrying `status_text` on
/// the task.
pub(super) async fn check(
    w: &mut Writer<'_>,
    actor: &Actor,
    ctx: &TaskCtx,
    status_text: &str,
) -> Result<Granted> {
    let project = ctx.project();
    // The caller's role in the project: the team role, or none off the
    // team (admins always have theirs).
    let role = project.and_then(|p| actor.project_role(p));
    if !task_actor(w, actor, ctx, role).await? {
        mentioned_keeping_status(w, actor, ctx, role, status_text).await?;
    }
    let mut granted = Granted {
        manager: role.is_some_and(Role::is_manager),
        status: None,
    };
    // Artists (on the team) and clients may only use the statuses allowed
    // for them; a project may override what clients may use.
    let is_artist = !actor.is_admin() && role == Some(Role::User);
    let is_client = role == Some(Role::Client);
    if is_artist || is_client {
        let st = w.status_by_text(status_text).await?;
        if is_artist && st.is_artist_allowed != Some(true) {
            return Err(Error::forbidden());
        }
        if is_client && !client_allowed(w, project, &st).await? {
            return Err(Error::forbidden());
        }
        granted.status = Some(st);
    }
    Ok(granted)
}

/// Zou's task actor: admin; manager or client of the project; otherwise an
/// assignee, a supervisor of the task type's department (or of none), or
/// whoever created the entity.
async fn task_actor(
    w: &mut Writer<'_>,
    actor: &Actor,
    ctx: &TaskCtx,
    role: Option<Role>,
) -> Result<bool> {
    if actor.is_admin() {
        return Ok(true);
    }
    let Some(role) = role else {
        return Ok(false);
    };
    if matches!(role, Role::Manager | Role::Client) {
        return Ok(true);
    }
    let mut q =
        w.tx.sql("SELECT COUNT(*) FROM \"task_person_link\" WHERE \"task_id\" = ");
    q.bind(SqlValue::Uuid(Some(ctx.task.id)))
        .push(" AND \"person_id\" = ")
        .bind(SqlValue::Uuid(Some(actor.id)));
    if w.tx.fetch_scalar::<i64>(&q).await? > 0 {
        return Ok(true);
    }
    if role == Role::Supervisor
        && (actor.departments.is_empty()
            || ctx
                .task_type_department
                .is_some_and(|d| actor.departments.contains(&d)))
    {
        return Ok(true);
    }
    Ok(ctx.entity_created_by == Some(actor.id))
}

/// The fallback for someone who is not a task actor: a team member (not a
/// vendor) mentioned in the task's conversation may answer in it, as long
/// as the status stays what it is.
async fn mentioned_keeping_status(
    w: &mut Writer<'_>,
    actor: &Actor,
    ctx: &TaskCtx,
    role: Option<Role>,
    status_text: &str,
) -> Result<()> {
    if role.is_none() || role == Some(Role::Vendor) {
        return Err(Error::forbidden());
    }
    if !is_mentioned_on_task(w, actor, ctx.task.id).await? {
        return Err(Error::forbidden());
    }
    let current = ctx
        .task
        .task_status_id
        .map(|u| u.to_string())
        .unwrap_or_else(|| "None".into());
    if status_text.to_lowercase() != current.to_lowercase() {
        return Err(Error::forbidden());
    }
    Ok(())
}

/// Was the caller mentioned on the task: by name or through one of their
/// departments, in a comment or in a reply (replies keep their mentions in
/// the `replies` JSON)?
async fn is_mentioned_on_task(w: &mut Writer<'_>, actor: &Actor, task: Uuid) -> Result<bool> {
    let me = SqlValue::Uuid(Some(actor.id));
    let task_v = SqlValue::Uuid(Some(task));
    let mut q = w.tx.sql(
        "SELECT (SELECT COUNT(*) FROM \"comment_mentions\" m JOIN \"comment\" c ON c.\"id\" = m.\"comment\" WHERE c.\"object_id\" = ",
    );
    q.bind(task_v.clone())
        .push(" AND m.\"person\" = ")
        .bind(me)
        .push(")");
    if !actor.departments.is_empty() {
        q.push(" + (SELECT COUNT(*) FROM \"comment_department_mentions\" d JOIN \"comment\" c ON c.\"id\" = d.\"comment\" WHERE c.\"object_id\" = ")
            .bind(task_v.clone())
            .push(" AND d.\"department\"")
            .in_uuids(&actor.departments)
            .push(")");
    }
    if w.tx.fetch_scalar::<i64>(&q).await? > 0 {
        return Ok(true);
    }
    // Replies: narrow the comments by text, then read their JSON.
    let mut ids: Vec<String> = vec![actor.id.to_string()];
    ids.extend(actor.departments.iter().map(Uuid::to_string));
    let mut q =
        w.tx.sql("SELECT \"replies\" FROM \"comment\" WHERE \"object_id\" = ");
    q.bind(task_v).push(" AND (");
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            q.push(" OR ");
        }
        q.push("CAST(\"replies\" AS TEXT) LIKE ")
            .bind(SqlValue::Text(Some(format!("%{id}%"))));
    }
    q.push(")");
    let rows = w.tx.fetch_all::<(Option<serde_json::Value>,)>(&q).await?;
    let me = actor.id.to_string();
    let deps: Vec<String> = actor.departments.iter().map(Uuid::to_string).collect();
    let names = |reply: &serde_json::Value, key: &str, who: &str| {
        reply
            .get(key)
            .and_then(|v| v.as_array())
            .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(who)))
    };
    Ok(rows.iter().filter_map(|r| r.0.as_ref()).any(|replies| {
        replies.as_array().is_some_and(|list| {
            list.iter().any(|reply| {
                names(reply, "mentions", &me)
                    || deps.iter().any(|d| names(reply, "department_mentions", d))
            })
        })
    }))
}

/// May clients of the project set this status? The project's link decides
/// when it says, the status otherwise.
async fn client_allowed(
    w: &mut Writer<'_>,
    project: Option<Uuid>,
    st: &TaskStatus,
) -> Result<bool> {
    if let Some(p) = project {
        let mut q = w.tx.sql(
            "SELECT \"is_client_allowed\" FROM \"project_task_status_link\" WHERE \"project_id\" = ",
        );
        q.bind(SqlValue::Uuid(Some(p)))
            .push(" AND \"task_status_id\" = ")
            .bind(SqlValue::Uuid(Some(st.id)));
        if let Some((Some(allowed),)) = w.tx.fetch_optional::<(Option<bool>,)>(&q).await? {
            return Ok(allowed);
        }
    }
    Ok(st.is_client_allowed == Some(true))
}
