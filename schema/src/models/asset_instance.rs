//! `asset_instance`: A numbered occurrence of an asset placed in a scene/shot (or inside another asset) for layout/publishing.

use crate::models::prelude::*;

/// A numbered occurrence of an asset placed in a scene/shot (or inside another asset) for layout/publishing.
#[model(table = "asset_instance", rules = RULES, rest = "asset-instances")]
#[index(name = "asset_instance_uc", columns = "asset_id, target_asset_id, scene_id, number", unique)]
#[many(name = "shots", link = "asset_instance_link", this = "asset_instance_id", other = "entity_id", target = "entity")]
pub struct AssetInstance {
    #[col(fk = "entity", index)]
    pub asset_id: Uuid,
    #[col(len = 80)]
    pub name: Option<String>,
    pub number: Option<i32>,
    #[col(len = 200)]
    pub description: Option<String>,
    #[col(default = "true")]
    pub active: Option<bool>,
    pub data: Option<Json>,
    #[col(fk = "entity", index)]
    pub scene_id: Option<Uuid>,
    #[col(fk = "entity", index)]
    pub target_asset_id: Option<Uuid>,
    #[col(fk = "entity", index)]
    pub entity_id: Option<Uuid>,
    #[col(fk = "entity_type", index)]
    pub entity_type_id: Option<Uuid>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::Admin,
    get: Rule::ProjectMember,
    create: Rule::Admin,
    update: Rule::ProjectMember,
    delete: Rule::Admin,
    list_scope: ListScope::None,
    project: ProjectOf::Via("asset_id", "entity"),
    vendor: VendorScope::EntityColumn("asset_id"),
};
