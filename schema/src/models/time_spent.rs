//! `time_spent`: Minutes a person spent on a task on a given date (one row per task/person/date).

use crate::models::prelude::*;

/// Minutes a person spent on a task on a given date (one row per task/person/date).
#[model(table = "time_spent", rest = "time-spents")]
#[index(name = "time_spent_uc", columns = "person_id, task_id, date", unique)]
pub struct TimeSpent {
    pub duration: f64,
    pub date: NaiveDate,
    #[col(fk = "task", index)]
    pub task_id: Option<Uuid>,
    #[col(fk = "person", index)]
    pub person_id: Option<Uuid>,
}
