//! `day_off`: Absence period of a person (date .. end_date).

use crate::models::prelude::*;

/// Absence period of a person (date .. end_date).
#[model(table = "day_off", rest = "day-offs")]
#[index(name = "day_off_uc", columns = "person_id, date", unique)]
pub struct DayOff {
    pub date: NaiveDate,
    pub end_date: NaiveDate,
    pub description: Option<String>,
    #[col(fk = "person", index)]
    pub person_id: Option<Uuid>,
}
