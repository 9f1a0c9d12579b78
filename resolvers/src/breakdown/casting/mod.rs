//! Casting: Zou's `entity_link` rows (an entity — shot, episode, asset —
//! uses an asset `nb_occurences` times, with a label), the episode roll-up,
//! shared assets and the project's entity links.
//!
//! - [`write`]: replacing the casting of one entity or of several (one
//!   transaction), the episode roll-up and roll-down, deleting one link;
//! - [`views`]: the casting of one entity, the bulk views (per sequence,
//!   episode, asset type), `cast-in`;
//! - [`shared`]: sharing assets with other projects, and the shared assets
//!   a project uses;
//! - [`links`]: the project's entity links;
//! - [`rest`] and [`gql`]: the REST handlers and the GraphQL fields, both
//!   calling the services above, so that permissions agree.
//!
//! Who may do what (observed on Zou 1.0.97): reading any casting view needs
//! a team member who is not a vendor (in the path's project, or the asset's);
//! writing needs a manager of the project. When the path names a project
//! that does not own the entity (or does not exist), Zou answers 403, even
//! to an admin.

pub mod gql;
pub mod links;
pub mod rest;
pub mod shared;
pub mod views;
pub mod write;

mod input;
pub use input::{CastEntry, CastingInput};

use tusk_db::policy::Rule;
use tusk_db::{Error, Result, Session};
use uuid::Uuid;

/// What a casting route wants to do in a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Team member, not a vendor.
    Read,
    /// Manager of the project.
    Write,
}

/// Zou's project check of the casting routes: admins pass; anyone else
/// must have the access in `project` (a project that does not exist has no
/// team, so that is a 403 as in Zou, not a 404).
pub fn access(s: &Session, project: Uuid, what: Access) -> Result<()> {
    let rule = match what {
        Access::Read => Rule::ProjectMemberNoVendor,
        Access::Write => Rule::ProjectManager,
    };
    tusk_db::policy::check(
        &s.principal,
        rule,
        tusk_db::policy::RowFacts {
            project_id: Some(project),
            person_id: None,
        },
    )
}

/// The entity a `/data/projects/{p}/entities/{id}/…` route names: the
/// caller must have `what` in `p`, the entity must exist (404) and belong to
/// `p` (403 otherwise, admins included).
pub async fn entity_in_project(
    s: &Session,
    project: Uuid,
    id: Uuid,
    what: Access,
) -> Result<tusk_schema::Entity> {
    access(s, project, what)?;
    let e = super::find(s, id, None).await?;
    if e.project_id != project {
        return Err(Error::forbidden());
    }
    Ok(e)
}

/// The asset a `/data/assets/{id}/…` route names (404 when it is not an
/// asset), with `what` checked in the asset's project.
pub async fn asset(s: &Session, id: Uuid, what: Access) -> Result<tusk_schema::Entity> {
    let e = super::find(s, id, Some(super::Kind::Asset)).await?;
    access(s, e.project_id, what)?;
    Ok(e)
}

/// Entity type names that are not asset types, as a SQL list (trusted,
/// static text).
pub(crate) fn temporal_sql_list() -> String {
    let names: Vec<String> = tusk_schema::kinds::TEMPORAL
        .iter()
        .map(|n| format!("'{n}'"))
        .collect();
    format!("({})", names.join(", "))
}

pub(crate) use tusk_db::sql_row;

/// `x.canceled` is not true (the column is nullable).
pub(crate) fn not_canceled(alias: &str) -> String {
    format!("COALESCE(\"{alias}\".\"canceled\", FALSE) = FALSE")
}
