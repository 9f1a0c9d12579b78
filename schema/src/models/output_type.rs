//! `output_type`: Category of output files (cache, texture, ...).

use crate::models::prelude::*;

/// Category of output files (cache, texture, ...).
#[model(table = "output_type", rest = "output-types")]
pub struct OutputType {
    #[col(len = 40, unique_index)]
    pub name: String,
    #[col(len = 20)]
    pub short_name: String,
}
