//! `schedule_item`: Planning bar (start/end/man-days) per project + task type, optionally per object (asset type/sequence/episode/edit).

use crate::models::prelude::*;

/// Planning bar (start/end/man-days) per project + task type, optionally per object (asset type/sequence/episode/edit).
#[model(table = "schedule_item", rules = RULES, rest = "schedule-items")]
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

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::Admin,
    get: Rule::Admin,
    create: Rule::ProjectManager,
    update: Rule::ProjectSupervisor,
    delete: Rule::ProjectManager,
    list_scope: ListScope::None,
    project: ProjectOf::Column("project_id"),
    vendor: VendorScope::None,
};
