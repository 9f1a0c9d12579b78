//! `budget`: Versioned budget of a production (revision auto-increments per project).

use crate::models::prelude::*;

/// Versioned budget of a production (revision auto-increments per project).
#[model(table = "budget", rest = "budgets")]
pub struct Budget {
    #[col(fk = "project", index)]
    pub project_id: Option<Uuid>,
    #[col(default = "1")]
    pub revision: i32,
    #[col(len = 255)]
    pub name: String,
    #[col(len = 3)]
    pub currency: Option<String>,
}
