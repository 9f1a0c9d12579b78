//! `entity`: Single table for every production entity: assets (any asset type), shots, sequences, episodes, scenes, edits, concepts. Type given by entity_type_id.

use crate::models::prelude::*;

/// Single table for every production entity: assets (any asset type), shots, sequences, episodes, scenes, edits, concepts. Type given by entity_type_id.
#[model(table = "entity", hooks, zou_type = kind, rules = RULES, rest = "entities", extra = crate::metadata::EntityFields, prefetch_extra)]
#[index(name = "entity_uc", columns = "name, project_id, entity_type_id, parent_id", unique)]
#[index(name = "ix_entity_entity_type_parent", columns = "entity_type_id, parent_id")]
#[index(name = "ix_entity_entity_type_project", columns = "entity_type_id, project_id")]
#[index(name = "ix_entity_project_type_status", columns = "project_id, entity_type_id, status")]
// Tusk's own (migrations/*/0003): a project's entity lists read in their order.
#[index(name = "tusk_ix_entity_project_type_name", columns = "project_id, entity_type_id, name, created_at")]
#[index(name = "tusk_ix_entity_project_name", columns = "project_id, name, created_at, entity_type_id")]
#[many(name = "entities_out", link = "entity_link", this = "entity_in_id", other = "entity_out_id", target = "entity", audit)]
#[many(name = "entity_concept_links", link = "entity_concept_link", this = "entity_in_id", other = "entity_out_id", target = "entity", audit)]
#[many(name = "instance_casting", link = "asset_instance_link", this = "entity_id", other = "asset_instance_id", target = "asset_instance")]
#[has_many(name = "tasks", target = "task", column = "entity_id")]
#[has_many(name = "children", target = "entity", column = "parent_id")]
#[has_many(name = "casting", target = "entity_link", column = "entity_in_id")]
#[has_many(name = "cast_in", target = "entity_link", column = "entity_out_id")]
#[many(name = "entities_in", link = "entity_link", this = "entity_out_id", other = "entity_in_id", target = "entity", audit)]
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
    pub data: Option<Json>,
    #[col(fk = "task_type")]
    pub ready_for: Option<Uuid>,
    #[col(fk = "person", index)]
    pub created_by: Option<Uuid>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::LoggedIn,
    get: Rule::ProjectMember,
    create: Rule::ProjectManager,
    update: Rule::ProjectManager,
    delete: Rule::ProjectManager,
    list_scope: ListScope::OwnProjects,
    project: ProjectOf::Column("project_id"),
    vendor: VendorScope::Entity,
};

/// An entity is answered and announced as its kind (`Asset`, `Shot`…),
/// except in the answer to `POST /data/entities`, which says `Entity`.
impl tusk_db::Hooks for Entity {
    const POST_TYPE: Option<&'static str> = Some("Entity");

    async fn prepare(s: &tusk_db::Session, _rows: &[Self]) -> tusk_db::Result<()> {
        crate::kinds::refresh(&s.db).await
    }

    async fn before_create(
        s: &tusk_db::Session,
        _tx: &mut tusk_db::Tx,
        _values: &mut tusk_db::Assignments,
    ) -> tusk_db::Result<()> {
        crate::kinds::refresh(&s.db).await
    }

    async fn before_update(
        s: &tusk_db::Session,
        _tx: &mut tusk_db::Tx,
        _old: &Self,
        _values: &mut tusk_db::Assignments,
    ) -> tusk_db::Result<()> {
        crate::kinds::refresh(&s.db).await
    }

    async fn before_delete(s: &tusk_db::Session, _tx: &mut tusk_db::Tx, _row: &Self) -> tusk_db::Result<()> {
        crate::kinds::refresh(&s.db).await
    }

    fn event(&self, action: &str) -> tusk_db::events::NewEvent {
        let kind = crate::kinds::kind(self.entity_type_id).to_lowercase();
        let mut data = serde_json::Map::new();
        data.insert(format!("{kind}_id"), serde_json::Value::String(self.id.to_string()));
        tusk_db::events::NewEvent::new(format!("{kind}:{action}"), data, Some(self.project_id))
    }
}

impl Entity {
    /// `Asset`, `Shot`, `Sequence`…
    pub fn kind(&self) -> &'static str {
        crate::kinds::kind(self.entity_type_id)
    }
}
