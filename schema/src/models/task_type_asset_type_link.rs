//! `task_type_asset_type_link`: M2M: task types applicable to an asset type.

use crate::models::prelude::*;

/// M2M: task types applicable to an asset type.
#[model(table = "task_type_asset_type_link", link, pk = "asset_type_id, task_type_id")]
#[index(name = "task_type_asset_type_link_uc", columns = "asset_type_id, task_type_id", unique)]
pub struct TaskTypeAssetTypeLink {
    #[col(fk = "entity_type", index, pk)]
    pub asset_type_id: Uuid,
    #[col(fk = "task_type", index, pk)]
    pub task_type_id: Uuid,
}
