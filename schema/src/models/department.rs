//! `department`: Studio department (used for supervisor scoping, task types, budgets, metadata visibility).

use crate::models::prelude::*;

/// Studio department (used for supervisor scoping, task types, budgets, metadata visibility).
#[model(table = "department", rest = "departments")]
pub struct Department {
    #[col(len = 80, unique)]
    pub name: String,
    #[col(len = 7)]
    pub color: String,
    #[col(default = "false")]
    pub archived: Option<bool>,
}
