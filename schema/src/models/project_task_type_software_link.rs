//! `project_task_type_software_link`.

use crate::models::prelude::*;

#[model(table = "project_task_type_software_link", pk = "project_id, task_type_id, software_id, id")]
#[index(name = "project_task_type_software_uc", columns = "project_id, task_type_id, software_id", unique)]
pub struct ProjectTaskTypeSoftwareLink {
    #[col(fk = "project", on_delete = "CASCADE", index)]
    pub project_id: Uuid,
    #[col(fk = "task_type", on_delete = "CASCADE", index)]
    pub task_type_id: Uuid,
    #[col(fk = "software", on_delete = "CASCADE", index)]
    pub software_id: Uuid,
}
