//! `entity_type`: Type of entity: asset types plus the reserved temporal types Shot, Sequence, Episode, Scene, Edit, Concept.

use crate::models::prelude::*;

/// Type of entity: asset types plus the reserved temporal types Shot, Sequence, Episode, Scene, Edit, Concept.
#[model(table = "entity_type", rest = "entity-types")]
#[many(name = "task_types", link = "task_type_asset_type_link", this = "asset_type_id", other = "task_type_id", target = "task_type")]
pub struct EntityType {
    #[col(len = 30, unique_index)]
    pub name: String,
    #[col(len = 20)]
    pub short_name: Option<String>,
    pub description: Option<String>,
    #[col(default = "false")]
    pub archived: Option<bool>,
}
