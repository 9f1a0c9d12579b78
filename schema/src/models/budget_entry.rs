//! `budget_entry`: One staffing line of a budget (department, optional person, start, duration in months, daily salary, position, seniority, per-month exceptions).

use crate::models::prelude::*;

/// One staffing line of a budget (department, optional person, start, duration in months, daily salary, position, seniority, per-month exceptions).
#[model(table = "budget_entry", rules = RULES, rest = "budget-entries")]
pub struct BudgetEntry {
    #[col(fk = "budget", index)]
    pub budget_id: Uuid,
    #[col(fk = "department", index)]
    pub department_id: Uuid,
    #[col(fk = "person", index)]
    pub person_id: Option<Uuid>,
    pub start_date: NaiveDate,
    pub months_duration: i32,
    pub daily_salary: f64,
    #[col(len = 255, default = "'artist'", choices = "supervisor, lead, artist")]
    pub position: Option<String>,
    #[col(len = 255, default = "'mid'", choices = "senior, mid, junior")]
    pub seniority: Option<String>,
    pub exceptions: Option<Json>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::Admin,
    get: Rule::Admin,
    create: Rule::Admin,
    update: Rule::Admin,
    delete: Rule::Admin,
    list_scope: ListScope::None,
    project: ProjectOf::Via("budget_id", "budget"),
    vendor: VendorScope::None,
};
