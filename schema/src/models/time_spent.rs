//! `time_spent`: Minutes a person spent on a task on a given date (one row per task/person/date).

use crate::models::prelude::*;

/// Minutes a person spent on a task on a given date (one row per task/person/date).
#[model(table = "time_spent", hooks, rules = RULES, rest = "time-spents")]
#[index(name = "time_spent_uc", columns = "person_id, task_id, date", unique)]
pub struct TimeSpent {
    pub duration: f64,
    pub date: NaiveDate,
    #[col(fk = "task", index)]
    pub task_id: Option<Uuid>,
    #[col(fk = "person", index)]
    pub person_id: Option<Uuid>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::Admin,
    get: Rule::Admin,
    create: Rule::Admin,
    update: Rule::Admin,
    delete: Rule::Custom,
    list_scope: ListScope::None,
    project: ProjectOf::Via("task_id", "task"),
    vendor: VendorScope::None,
};

impl tusk_db::Hooks for TimeSpent {
    async fn check(
        s: &tusk_db::Session,
        action: tusk_db::policy::Action,
        row: Option<&Self>,
        _values: Option<&tusk_db::Assignments>,
    ) -> tusk_db::Result<()> {
        match (action, row) {
            (tusk_db::policy::Action::Delete, Some(ts)) => crate::extra::time_spent_delete_check(s, ts).await,
            _ => Err(tusk_db::Error::forbidden()),
        }
    }
}
