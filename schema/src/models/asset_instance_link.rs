//! `asset_instance_link`: M2M: which shot (entity) uses which asset instance (instance casting).

use crate::models::prelude::*;

/// M2M: which shot (entity) uses which asset instance (instance casting).
#[model(table = "asset_instance_link", link, pk = "entity_id, asset_instance_id")]
pub struct AssetInstanceLink {
    #[col(fk = "entity", pk)]
    pub entity_id: Uuid,
    #[col(fk = "asset_instance", pk)]
    pub asset_instance_id: Uuid,
}
