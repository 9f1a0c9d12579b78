//! `hardware_item_department_link`: Which hardware a department uses.

use crate::models::prelude::*;

/// Which hardware a department uses.
#[model(table = "hardware_item_department_link", pk = "department_id, hardware_item_id, id")]
#[index(name = "hardware_item_department_link_uc", columns = "hardware_item_id, department_id", unique)]
pub struct HardwareItemDepartmentLink {
    #[col(fk = "department", index)]
    pub department_id: Uuid,
    #[col(fk = "hardware_item", index)]
    pub hardware_item_id: Uuid,
}
