//! `search_filter`: Saved search query for a list view, personal or shared.

use crate::models::prelude::*;

/// Saved search query for a list view, personal or shared.
#[model(table = "search_filter", rest = "search-filters")]
pub struct SearchFilter {
    #[col(len = 80, index)]
    pub list_type: String,
    #[col(len = 80)]
    pub entity_type: Option<String>,
    #[col(len = 200)]
    pub name: String,
    #[col(len = 500)]
    pub search_query: String,
    #[col(default = "false")]
    pub is_shared: bool,
    #[col(fk = "department", index)]
    pub department_id: Option<Uuid>,
    #[col(fk = "search_filter_group", index)]
    pub search_filter_group_id: Option<Uuid>,
    #[col(fk = "person", index)]
    pub person_id: Option<Uuid>,
    #[col(fk = "project", index)]
    pub project_id: Option<Uuid>,
}
