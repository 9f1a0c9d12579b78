//! `entity_concept_link`: Link between a concept and the entity it relates to.

use crate::models::prelude::*;

/// Link between a concept and the entity it relates to.
#[model(table = "entity_concept_link", pk = "entity_in_id, entity_out_id, id")]
pub struct EntityConceptLink {
    #[col(fk = "entity")]
    pub entity_in_id: Uuid,
    #[col(fk = "entity")]
    pub entity_out_id: Uuid,
}
