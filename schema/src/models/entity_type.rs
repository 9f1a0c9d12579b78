//! `entity_type`: Type of entity: asset types plus the reserved temporal types Shot, Sequence, Episode, Scene, Edit, Concept.

use crate::models::prelude::*;

/// Type of entity: asset types plus the reserved temporal types Shot, Sequence, Episode, Scene, Edit, Concept.
#[model(table = "entity_type", hooks, event = "asset-type", rules = RULES, rest = "entity-types")]
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

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::LoggedIn,
    get: Rule::LoggedIn,
    create: Rule::Admin,
    update: Rule::Admin,
    delete: Rule::Admin,
    list_scope: ListScope::None,
    project: ProjectOf::None,
    vendor: VendorScope::None,
};

impl tusk_db::Hooks for EntityType {
    async fn before_create(
        _s: &tusk_db::Session,
        tx: &mut tusk_db::Tx,
        values: &mut tusk_db::Assignments,
    ) -> tusk_db::Result<()> {
        let name = values.iter().find(|(c, _)| c.name == "name").map(|(_, v)| v.clone());
        if let Some(name) = name {
            let mut q = tx.sql("SELECT COUNT(*) FROM \"entity_type\" WHERE \"name\" = ");
            q.bind(name);
            if tx.fetch_scalar::<i64>(&q).await? > 0 {
                return Err(tusk_db::Error::Invalid("Entity type with this name already exists".into()));
            }
        }
        Ok(())
    }
}
