//! `milestone`: Named date on a production schedule, optionally per task type.

use crate::models::prelude::*;

/// Named date on a production schedule, optionally per task type.
#[model(table = "milestone", rest = "milestones")]
pub struct Milestone {
    pub date: Option<NaiveDate>,
    #[col(len = 40)]
    pub name: String,
    #[col(fk = "project", index)]
    pub project_id: Option<Uuid>,
    #[col(fk = "task_type", index)]
    pub task_type_id: Option<Uuid>,
}
