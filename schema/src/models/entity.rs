//! `entity`: Single table for every production entity: assets (any asset type), shots, sequences, episodes, scenes, edits, concepts. Type given by entity_type_id.

use crate::models::prelude::*;

/// Single table for every production entity: assets (any asset type), shots, sequences, episodes, scenes, edits, concepts. Type given by entity_type_id.
#[model(table = "entity", rest = "entities")]
#[index(name = "entity_uc", columns = "name, project_id, entity_type_id, parent_id", unique)]
#[index(name = "ix_entity_entity_type_parent", columns = "entity_type_id, parent_id")]
#[index(name = "ix_entity_entity_type_project", columns = "entity_type_id, project_id")]
#[index(name = "ix_entity_project_type_status", columns = "project_id, entity_type_id, status")]
#[many(name = "entities_out", link = "entity_link", this = "entity_in_id", other = "entity_out_id", target = "entity")]
#[many(name = "entity_concept_links", link = "entity_concept_link", this = "entity_in_id", other = "entity_out_id", target = "entity")]
#[many(name = "instance_casting", link = "asset_instance_link", this = "entity_id", other = "asset_instance_id", target = "asset_instance")]
#[many(name = "entities_in", link = "entity_link", this = "entity_out_id", other = "entity_in_id", target = "entity")]
pub struct Entity {
    #[col(len = 160)]
    pub name: String,
    #[col(len = 160)]
    pub code: Option<String>,
    pub description: Option<String>,
    pub shotgun_id: Option<i32>,
    #[col(default = "false")]
    pub canceled: Option<bool>,
    pub nb_frames: Option<i32>,
    #[col(default = "0")]
    pub nb_entities_out: Option<i32>,
    #[col(default = "false")]
    pub is_casting_standby: Option<bool>,
    #[col(default = "false")]
    pub is_shared: bool,
    #[col(len = 255, index, default = "'running'", choices = "standby, running, complete, canceled")]
    pub status: String,
    #[col(fk = "project", index)]
    pub project_id: Uuid,
    #[col(fk = "entity_type", index)]
    pub entity_type_id: Uuid,
    #[col(fk = "entity", index)]
    pub parent_id: Option<Uuid>,
    #[col(fk = "entity", index)]
    pub source_id: Option<Uuid>,
    #[col(fk = "preview_file")]
    pub preview_file_id: Option<Uuid>,
    pub data: Option<Value>,
    #[col(fk = "task_type")]
    pub ready_for: Option<Uuid>,
    #[col(fk = "person", index)]
    pub created_by: Option<Uuid>,
}
