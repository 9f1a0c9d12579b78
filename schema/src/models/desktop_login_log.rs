//! `desktop_login_log`: Timestamped desktop-tool login of a person (feeds presence logs).

use crate::models::prelude::*;

/// Timestamped desktop-tool login of a person (feeds presence logs).
#[model(table = "desktop_login_log")]
pub struct DesktopLoginLog {
    #[col(fk = "person", index)]
    pub person_id: Uuid,
    pub date: NaiveDateTime,
}
