//! `salary_scale`: Salary grid cell per department x position x seniority (rows auto-created on listing).

use crate::models::prelude::*;

/// Salary grid cell per department x position x seniority (rows auto-created on listing).
#[model(table = "salary_scale", hooks, rest = "salary-scales")]
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

impl tusk_db::Hooks for SalaryScale {
    /// Listing the scales makes the missing cells of the grid (department
    /// × position × seniority), as Zou does.
    async fn before_list(s: &tusk_db::Session) -> tusk_db::Result<()> {
        crate::extra::fill_salary_grid(s).await
    }

    /// The grid is made by listing it; rows cannot be created.
    async fn before_create(
        _s: &tusk_db::Session,
        _tx: &mut tusk_db::Tx,
        _values: &mut tusk_db::Assignments,
    ) -> tusk_db::Result<()> {
        Err(tusk_db::Error::Invalid("Salary scales cannot be created".into()))
    }
}
