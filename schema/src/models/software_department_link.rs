//! `software_department_link`: Which software a department uses.

use crate::models::prelude::*;

/// Which software a department uses.
#[model(table = "software_department_link", pk = "department_id, software_id, id")]
#[index(name = "software_department_link_uc", columns = "department_id, software_id", unique)]
pub struct SoftwareDepartmentLink {
    #[col(fk = "department", index)]
    pub department_id: Uuid,
    #[col(fk = "software", index)]
    pub software_id: Uuid,
}
