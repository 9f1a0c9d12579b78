//! `entity_version`: History snapshot of an entity's data (shot frame range/name changes).

use crate::models::prelude::*;

/// History snapshot of an entity's data (shot frame range/name changes).
#[model(table = "entity_version")]
pub struct EntityVersion {
    #[col(len = 160)]
    pub name: String,
    pub data: Option<Json>,
    #[col(fk = "entity", index)]
    pub entity_id: Option<Uuid>,
    #[col(fk = "person", index)]
    pub person_id: Option<Uuid>,
}
