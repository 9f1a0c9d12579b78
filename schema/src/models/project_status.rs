//! `project_status`: Project status (reserved names 'Open' and 'Closed').

use crate::models::prelude::*;

/// Project status (reserved names 'Open' and 'Closed').
#[model(table = "project_status", rest = "project-status")]
pub struct ProjectStatus {
    #[col(len = 20, unique_index)]
    pub name: String,
    #[col(len = 7)]
    pub color: String,
}
