//! `entity_link`: Casting/breakdown link: entity_in (shot/episode/asset) uses entity_out (asset) nb_occurences times, with optional label.

use crate::models::prelude::*;

/// Casting/breakdown link: entity_in (shot/episode/asset) uses entity_out (asset) nb_occurences times, with optional label.
#[model(table = "entity_link", rest = "entity-links", pk = "entity_in_id, entity_out_id, id", extra = crate::views::EntityLinkFields, prefetch_extra)]
#[index(name = "entity_link_uc", columns = "entity_in_id, entity_out_id", unique)]
pub struct EntityLink {
    #[col(fk = "entity", index)]
    pub entity_in_id: Uuid,
    #[col(fk = "entity", index)]
    pub entity_out_id: Uuid,
    pub data: Option<Json>,
    #[col(default = "1")]
    pub nb_occurences: Option<i32>,
    #[col(len = 80, default = "''")]
    pub label: Option<String>,
}
