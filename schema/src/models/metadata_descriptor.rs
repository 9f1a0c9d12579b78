//! `metadata_descriptor`: Custom field definition for a project and an entity type (stored in the entity/task/project 'data' JSON under field_name).

use crate::models::prelude::*;

/// Custom field definition for a project and an entity type (stored in the entity/task/project 'data' JSON under field_name).
#[model(table = "metadata_descriptor", hooks, rules = RULES, rest = "metadata-descriptors")]
#[index(name = "metadata_descriptor_task_type_uc", columns = "project_id, entity_type, task_type_id, name", unique, predicate = "task_type_id IS NOT NULL")]
#[index(name = "metadata_descriptor_task_type_uc2", columns = "project_id, entity_type, task_type_id, field_name", unique, predicate = "task_type_id IS NOT NULL")]
#[index(name = "metadata_descriptor_uc", columns = "project_id, entity_type, name", unique, predicate = "task_type_id IS NULL")]
#[index(name = "metadata_descriptor_uc2", columns = "project_id, entity_type, field_name", unique, predicate = "task_type_id IS NULL")]
#[many(name = "departments", link = "department_metadata_descriptor_link", this = "metadata_descriptor_id", other = "department_id", target = "department")]
pub struct MetadataDescriptor {
    #[col(fk = "project", index)]
    pub project_id: Uuid,
    #[col(len = 60, index)]
    pub entity_type: String,
    #[col(len = 120)]
    pub name: String,
    #[col(len = 255, choices = "string, number, list, taglist, boolean, checklist, date, url, textarea, person")]
    pub data_type: Option<String>,
    #[col(len = 120)]
    pub field_name: String,
    pub choices: Option<Value>,
    #[col(index, default = "false")]
    pub for_client: Option<bool>,
    pub position: Option<i32>,
    #[col(fk = "task_type", index)]
    pub task_type_id: Option<Uuid>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::LoggedIn,
    get: Rule::Admin,
    create: Rule::Admin,
    update: Rule::Admin,
    delete: Rule::Admin,
    list_scope: ListScope::OwnProjects,
    project: ProjectOf::Column("project_id"),
    vendor: VendorScope::None,
};

impl tusk_db::Hooks for MetadataDescriptor {
    /// Zou lists descriptors with their departments.
    fn list_relations(_s: &tusk_db::Session) -> bool {
        true
    }

    /// Clients only see the descriptors meant for them.
    async fn list_scope(s: &tusk_db::Session) -> tusk_db::Result<Option<tusk_db::filter::Pred>> {
        Ok(crate::extra::is_client(&s.principal).then(|| crate::extra::for_client(<Self as tusk_db::Model>::META)))
    }
}
