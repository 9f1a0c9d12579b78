//! `salary_scale`: Salary grid cell per department x position x seniority (rows auto-created on listing).

use crate::models::prelude::*;

/// Salary grid cell per department x position x seniority (rows auto-created on listing).
#[model(table = "salary_scale", rest = "salary-scales")]
pub struct SalaryScale {
    #[col(fk = "department", on_delete = "CASCADE", index)]
    pub department_id: Uuid,
    #[col(len = 255, default = "'artist'", choices = "supervisor, lead, artist")]
    pub position: Option<String>,
    #[col(len = 255, default = "'mid'", choices = "senior, mid, junior")]
    pub seniority: Option<String>,
    #[col(default = "0")]
    pub salary: i32,
}
