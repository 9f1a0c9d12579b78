//! `project_asset_type_link`: M2M: asset types enabled on a project.

use crate::models::prelude::*;

/// M2M: asset types enabled on a project.
#[model(table = "project_asset_type_link", link, pk = "project_id, asset_type_id")]
pub struct ProjectAssetTypeLink {
    #[col(fk = "project", index, pk)]
    pub project_id: Uuid,
    #[col(fk = "entity_type", index, pk)]
    pub asset_type_id: Uuid,
}
