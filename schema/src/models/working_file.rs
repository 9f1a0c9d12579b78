//! `working_file`: Versioned work file of a task (revision per name), produced with a software.

use crate::models::prelude::*;

/// Versioned work file of a task (revision per name), produced with a software.
#[model(table = "working_file", rules = RULES, rest = "working-files")]
#[index(name = "working_file_uc", columns = "name, task_id, entity_id, revision", unique)]
#[has_many(name = "outputs", target = "output_file", column = "source_file_id", rest)]
pub struct WorkingFile {
    #[col(index)]
    pub shotgun_id: Option<i32>,
    #[col(len = 250)]
    pub name: Option<String>,
    pub description: Option<String>,
    pub comment: Option<String>,
    pub revision: Option<i32>,
    pub size: Option<i32>,
    pub checksum: Option<i32>,
    #[col(len = 400)]
    pub path: Option<String>,
    pub data: Option<Json>,
    #[col(fk = "task", index)]
    pub task_id: Option<Uuid>,
    #[col(fk = "entity", index)]
    pub entity_id: Option<Uuid>,
    #[col(fk = "person", index)]
    pub person_id: Option<Uuid>,
    #[col(fk = "software", index)]
    pub software_id: Option<Uuid>,
    #[col(len = 255, default = "'neutral'")]
    pub validation_status: String,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::NoVendor,
    get: Rule::ProjectMember,
    create: Rule::Admin,
    update: Rule::TaskActor,
    delete: Rule::Admin,
    list_scope: ListScope::OwnProjects,
    project: ProjectOf::Via("task_id", "task"),
    vendor: VendorScope::TaskColumn("task_id"),
};
