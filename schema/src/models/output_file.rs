//! `output_file`: Published (exported) file of an entity or asset instance, versioned by revision, typed by output type.

use crate::models::prelude::*;

/// Published (exported) file of an entity or asset instance, versioned by revision, typed by output type.
#[model(table = "output_file", hooks, rules = RULES, rest = "output-files")]
#[index(name = "output_file_uc", columns = "name, entity_id, asset_instance_id, output_type_id, task_type_id, temporal_entity_id, representation, revision", unique)]
#[belongs_to(name = "source_file", target = "working_file", column = "source_file_id")]
pub struct OutputFile {
    pub shotgun_id: Option<i32>,
    #[col(len = 250)]
    pub name: String,
    #[col(default = "false")]
    pub canceled: bool,
    pub size: Option<i32>,
    #[col(len = 32)]
    pub checksum: Option<String>,
    pub description: Option<String>,
    pub comment: Option<String>,
    #[col(len = 10)]
    pub extension: Option<String>,
    pub revision: i32,
    #[col(len = 20, index)]
    pub representation: Option<String>,
    #[col(default = "1")]
    pub nb_elements: Option<i32>,
    #[col(len = 40)]
    pub source: Option<String>,
    #[col(len = 400)]
    pub path: Option<String>,
    pub data: Option<Json>,
    #[col(fk = "file_status", index)]
    pub file_status_id: Uuid,
    #[col(fk = "entity", index)]
    pub entity_id: Option<Uuid>,
    #[col(fk = "asset_instance", index)]
    pub asset_instance_id: Option<Uuid>,
    #[col(fk = "output_type", index)]
    pub output_type_id: Option<Uuid>,
    #[col(fk = "task_type", index)]
    pub task_type_id: Option<Uuid>,
    #[col(fk = "person", index)]
    pub person_id: Option<Uuid>,
    #[col(fk = "working_file", index)]
    pub source_file_id: Option<Uuid>,
    #[col(fk = "entity", index)]
    pub temporal_entity_id: Option<Uuid>,
    #[col(len = 255)]
    pub quality: Option<String>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::NoVendor,
    get: Rule::ProjectMember,
    create: Rule::Admin,
    update: Rule::EntityAssigneeOrManager,
    delete: Rule::Admin,
    list_scope: ListScope::OwnProjects,
    project: ProjectOf::Via("entity_id", "entity"),
    vendor: VendorScope::EntityColumn("entity_id"),
};

/// The events of an output file name the project of its entity.
impl tusk_db::Hooks for OutputFile {
    const EVENT_PROJECT: bool = true;
}
