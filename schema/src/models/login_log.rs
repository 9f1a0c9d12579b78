//! `login_log`: Login audit row (person, IP, origin web/script).

use crate::models::prelude::*;

/// Login audit row (person, IP, origin web/script).
#[model(table = "login_log")]
pub struct LoginLog {
    #[col(fk = "person", index)]
    pub person_id: Uuid,
    #[col(len = 50)]
    pub ip_address: Option<String>,
    #[col(len = 255, choices = "web, script")]
    pub origin: Option<String>,
}
