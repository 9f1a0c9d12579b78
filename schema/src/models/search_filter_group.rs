//! `search_filter_group`: Folder/group of saved search filters.

use crate::models::prelude::*;

/// Folder/group of saved search filters.
#[model(table = "search_filter_group", rest = "search-filter-groups")]
pub struct SearchFilterGroup {
    #[col(len = 80, index)]
    pub list_type: String,
    #[col(len = 80)]
    pub entity_type: Option<String>,
    #[col(len = 200)]
    pub name: String,
    #[col(len = 8)]
    pub color: String,
    #[col(default = "false")]
    pub is_shared: bool,
    #[col(fk = "person", index)]
    pub person_id: Option<Uuid>,
    #[col(fk = "project", index)]
    pub project_id: Option<Uuid>,
    #[col(fk = "department", index)]
    pub department_id: Option<Uuid>,
}
