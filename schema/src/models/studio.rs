//! `studio`: Studio/site a person belongs to (multi-studio setups).

use crate::models::prelude::*;

/// Studio/site a person belongs to (multi-studio setups).
#[model(table = "studio", rest = "studios")]
pub struct Studio {
    #[col(len = 80, unique)]
    pub name: String,
    #[col(len = 7)]
    pub color: String,
    #[col(default = "false")]
    pub archived: Option<bool>,
}
