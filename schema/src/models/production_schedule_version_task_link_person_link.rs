//! `production_schedule_version_task_link_person_link`: M2M: assignees of a task inside a schedule version.

use crate::models::prelude::*;

/// M2M: assignees of a task inside a schedule version.
#[model(table = "production_schedule_version_task_link_person_link", link, pk = "production_schedule_version_task_link_id, person_id")]
pub struct ProductionScheduleVersionTaskLinkPersonLink {
    #[col(fk = "production_schedule_version_task_link", on_delete = "CASCADE", pk)]
    pub production_schedule_version_task_link_id: Uuid,
    #[col(fk = "person", on_delete = "CASCADE", pk)]
    pub person_id: Uuid,
}
