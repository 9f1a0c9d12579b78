//! `department_link`: M2M: person membership in departments.

use crate::models::prelude::*;

/// M2M: person membership in departments.
#[model(table = "department_link", link, pk = "person_id, department_id")]
#[index(name = "department_link_uc", columns = "person_id, department_id", unique)]
pub struct DepartmentLink {
    #[col(fk = "person", index, pk)]
    pub person_id: Uuid,
    #[col(fk = "department", index, pk)]
    pub department_id: Uuid,
}
