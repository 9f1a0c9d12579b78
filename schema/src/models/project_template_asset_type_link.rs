//! `project_template_asset_type_link`: M2M: asset types of a project template.

use crate::models::prelude::*;

/// M2M: asset types of a project template.
#[model(table = "project_template_asset_type_link", link, pk = "project_template_id, asset_type_id")]
pub struct ProjectTemplateAssetTypeLink {
    #[col(fk = "project_template", index, pk)]
    pub project_template_id: Uuid,
    #[col(fk = "entity_type", index, pk)]
    pub asset_type_id: Uuid,
}
