//! Zou's permission checks for hand-written routes, built on the same
//! policy as the model engine (`tusk_db::policy`), so REST and GraphQL
//! decide alike.
//!
//! Admins pass every check without a lookup, as in Zou (the service then
//! answers 404 for a missing project where Zou does). For anyone else the
//! project must exist (404), then the role the caller has in it applies:
//! the per-project override when on the team, the global role otherwise.

use std::sync::Arc;
use tusk_db::policy::{self, Actor, Role, RowFacts, Rule};
use tusk_db::{Error, Result, Session};
use tusk_schema::Project;
use uuid::Uuid;

/// The authenticated caller.
pub fn actor(s: &Session) -> Result<&Arc<Actor>> {
    s.principal.actor()
}

/// The project, or 404.
pub async fn project(s: &Session, id: Uuid) -> Result<Project> {
    tusk_db::engine::find::<Project>(&mut s.db(), id)
        .await?
        .ok_or_else(Error::not_found)
}

/// Apply `rule` in project `id`.
pub async fn in_project(s: &Session, id: Uuid, rule: Rule) -> Result<()> {
    if actor(s)?.is_admin() {
        return Ok(());
    }
    project(s, id).await?;
    policy::check(
        &s.principal,
        rule,
        RowFacts {
            project_id: Some(id),
            person_id: None,
        },
    )
}

/// On the project's team (admins always are).
pub async fn member(s: &Session, id: Uuid) -> Result<()> {
    in_project(s, id, Rule::ProjectMember).await
}

/// Manager rights in the project.
pub async fn manager(s: &Session, id: Uuid) -> Result<()> {
    in_project(s, id, Rule::ProjectManager).await
}

/// Admin only.
pub fn admin(s: &Session) -> Result<()> {
    policy::check(&s.principal, Rule::Admin, RowFacts::default())
}

/// Global manager or admin.
pub fn manager_global(s: &Session) -> Result<()> {
    policy::check(&s.principal, Rule::ManagerGlobal, RowFacts::default())
}

/// The role that applies to the caller in `project` (global role when the
/// project is unknown or the caller is not on its team).
pub fn role_in(s: &Session, project: Option<Uuid>) -> Result<Role> {
    let a = actor(s)?;
    Ok(project.and_then(|p| a.project_role(p)).unwrap_or(a.role))
}

/// Refuse vendors (in `project`, when given).
pub fn no_vendor(s: &Session, project: Option<Uuid>) -> Result<()> {
    if role_in(s, project)? == Role::Vendor {
        return Err(Error::forbidden());
    }
    Ok(())
}

/// Refuse clients (in `project`, when given).
pub fn no_client(s: &Session, project: Option<Uuid>) -> Result<()> {
    if role_in(s, project)? == Role::Client {
        return Err(Error::forbidden());
    }
    Ok(())
}
