//! `task_person_link`: M2M: task assignees.

use crate::models::prelude::*;

/// M2M: task assignees.
#[model(table = "task_person_link", link, pk = "task_id, person_id")]
pub struct TaskPersonLink {
    #[col(fk = "task", pk)]
    pub task_id: Uuid,
    #[col(fk = "person", index, pk)]
    pub person_id: Uuid,
}
