//! `schedule_item`: Planning bar (start/end/man-days) per project + task type, optionally per object (asset type/sequence/episode/edit).

use crate::models::prelude::*;

/// Planning bar (start/end/man-days) per project + task type, optionally per object (asset type/sequence/episode/edit).
#[model(table = "schedule_item", rest = "schedule-items")]
#[index(name = "schedule_item_uc", columns = "project_id, task_type_id, object_id", unique)]
pub struct ScheduleItem {
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub man_days: Option<i32>,
    #[col(fk = "project", index)]
    pub project_id: Option<Uuid>,
    #[col(fk = "task_type", index)]
    pub task_type_id: Option<Uuid>,
    #[col(index)]
    pub object_id: Option<Uuid>,
}
