//! What every model description needs in scope.
pub use chrono::{NaiveDate, NaiveDateTime};
pub use serde_json::Value;
pub use tusk_db::policy::{ListScope, ProjectOf, Rule, Rules, VendorScope};
pub use tusk_db::types::List;
pub use tusk_db::Json;
pub use tusk_model_macro::model;
pub use uuid::Uuid;
