//! `project_person_link`: Project team membership, with optional per-project role override.

use crate::models::prelude::*;

/// Project team membership, with optional per-project role override.
#[model(table = "project_person_link", link, pk = "project_id, person_id")]
pub struct ProjectPersonLink {
    #[col(fk = "project", index, pk)]
    pub project_id: Uuid,
    #[col(fk = "person", index, pk)]
    pub person_id: Uuid,
    pub shotgun_id: Option<i32>,
    #[col(len = 255, choices = "user, admin, supervisor, manager, client, vendor")]
    pub role: Option<String>,
}
