//! `hardware_item`: Studio hardware inventory item with monthly cost.

use crate::models::prelude::*;

/// Studio hardware inventory item with monthly cost.
#[model(table = "hardware_item", rest = "hardware-items")]
pub struct HardwareItem {
    #[col(len = 40, unique)]
    pub name: String,
    #[col(len = 20)]
    pub short_name: String,
    #[col(default = "false")]
    pub archived: Option<bool>,
    #[col(default = "0")]
    pub monthly_cost: Option<i32>,
    #[col(default = "0")]
    pub inventory_amount: Option<i32>,
}
