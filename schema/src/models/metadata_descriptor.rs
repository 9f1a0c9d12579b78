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
    pub choices: Option<Json>,
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
    /// `field_name` defaults to the slug of the name.
    async fn before_create(
        _s: &tusk_db::Session,
        _tx: &mut tusk_db::Tx,
        values: &mut tusk_db::Assignments,
    ) -> tusk_db::Result<()> {
        use tusk_db::AssignmentsExt;
        if values.text("field_name").is_none_or(str::is_empty) {
            if let Some(name) = values.text("name").map(crate::extra::field_name_of) {
                values.set(<Self as tusk_db::Model>::META, "field_name", tusk_db::SqlValue::Text(Some(name)));
            }
        }
        Ok(())
    }

    /// A new name gives a new field name; the stored values move with it.
    async fn before_update(
        _s: &tusk_db::Session,
        tx: &mut tusk_db::Tx,
        old: &Self,
        values: &mut tusk_db::Assignments,
    ) -> tusk_db::Result<()> {
        use tusk_db::AssignmentsExt;
        let meta = <Self as tusk_db::Model>::META;
        let name = values.text("name").map(str::to_owned).filter(|n| !n.is_empty());
        let field = match (values.text("field_name"), &name) {
            (Some(f), _) if !f.is_empty() => Some(f.to_owned()),
            (_, Some(n)) if *n != old.name => Some(crate::extra::field_name_of(n)),
            _ => None,
        };
        if let Some(f) = &field {
            values.set(meta, "field_name", tusk_db::SqlValue::Text(Some(f.clone())));
        }
        let new_name = name.clone().unwrap_or_else(|| old.name.clone());
        let new_field = field.clone().unwrap_or_else(|| old.field_name.clone());
        if new_name != old.name || new_field != old.field_name {
            if new_name.chars().count() > 120 || new_field.chars().count() > 120 {
                return Err(tusk_db::Error::Invalid("Metadata descriptor name is too long.".into()));
            }
            let mut q = tx.sql("SELECT COUNT(*) FROM \"metadata_descriptor\" WHERE \"id\" <> ");
            q.bind(tusk_db::SqlValue::Uuid(Some(old.id)))
                .push(" AND \"project_id\" = ")
                .bind(tusk_db::SqlValue::Uuid(Some(old.project_id)))
                .push(" AND \"entity_type\" = ")
                .bind(tusk_db::SqlValue::Text(Some(old.entity_type.clone())))
                .push(" AND (\"name\" = ")
                .bind(tusk_db::SqlValue::Text(Some(new_name)))
                .push(" OR \"field_name\" = ")
                .bind(tusk_db::SqlValue::Text(Some(new_field.clone())))
                .push(")");
            if let Some(tt) = old.task_type_id {
                q.push(" AND \"task_type_id\" = ").bind(tusk_db::SqlValue::Uuid(Some(tt)));
            }
            if tx.fetch_scalar::<i64>(&q).await? > 0 {
                return Err(tusk_db::Error::Invalid("Metadata descriptor already exists.".into()));
            }
        }
        if new_field != old.field_name {
            crate::extra::rename_data_key(tx, old, &old.field_name, &new_field).await?;
        }
        Ok(())
    }

    /// Deleting a descriptor strips its values from the rows that hold one.
    async fn before_delete(_s: &tusk_db::Session, tx: &mut tusk_db::Tx, row: &Self) -> tusk_db::Result<()> {
        crate::extra::strip_data_key(tx, row, &row.field_name).await
    }

    /// Zou lists descriptors with their departments.
    fn list_relations(_s: &tusk_db::Session) -> bool {
        true
    }

    /// Clients only see the descriptors meant for them.
    async fn list_scope(s: &tusk_db::Session) -> tusk_db::Result<Option<tusk_db::filter::Pred>> {
        Ok(crate::extra::is_client(&s.principal).then(|| crate::extra::for_client(<Self as tusk_db::Model>::META)))
    }
}
