//! `budget_entry`: One staffing line of a budget (department, optional person, start, duration in months, daily salary, position, seniority, per-month exceptions).

use crate::models::prelude::*;

/// One staffing line of a budget (department, optional person, start, duration in months, daily salary, position, seniority, per-month exceptions).
#[model(table = "budget_entry", rest = "budget-entries")]
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
    pub exceptions: Option<Value>,
}
