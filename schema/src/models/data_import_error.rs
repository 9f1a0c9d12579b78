//! `data_import_error`: Stored error payload from an external import (Shotgun/CSV).

use crate::models::prelude::*;

/// Stored error payload from an external import (Shotgun/CSV).
#[model(table = "data_import_error")]
pub struct DataImportError {
    pub event_data: Json,
    #[col(pg_type = "import_source_enum", choices = "csv, shotgun")]
    pub source: Option<String>,
}
