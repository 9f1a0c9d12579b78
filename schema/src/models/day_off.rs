//! `day_off`: Absence period of a person (date .. end_date).

use crate::models::prelude::*;

/// Absence period of a person (date .. end_date).
#[model(table = "day_off", hooks, rules = RULES, rest = "day-offs")]
#[index(name = "day_off_uc", columns = "person_id, date", unique)]
pub struct DayOff {
    pub date: NaiveDate,
    pub end_date: NaiveDate,
    pub description: Option<String>,
    #[col(fk = "person", index)]
    pub person_id: Option<Uuid>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::Admin,
    get: Rule::Custom,
    create: Rule::Custom,
    update: Rule::Custom,
    delete: Rule::Custom,
    list_scope: ListScope::None,
    project: ProjectOf::None,
    vendor: VendorScope::None,
};

impl tusk_db::Hooks for DayOff {
    /// One's own day offs; managers and supervisors read those of the
    /// persons they share a project with.
    async fn check(
        s: &tusk_db::Session,
        action: tusk_db::policy::Action,
        row: Option<&Self>,
        values: Option<&tusk_db::Assignments>,
    ) -> tusk_db::Result<()> {
        let person = match (row, values) {
            (Some(r), _) => r.person_id,
            (None, Some(v)) => v.iter().find(|(c, _)| c.name == "person_id").and_then(|(_, x)| x.as_uuid()),
            _ => None,
        };
        crate::extra::day_off_check(s, action, person).await
    }

    /// Non-admins cannot move a day off to someone else.
    async fn before_update(
        s: &tusk_db::Session,
        _tx: &mut tusk_db::Tx,
        _old: &Self,
        values: &mut tusk_db::Assignments,
    ) -> tusk_db::Result<()> {
        if !s.principal.is_admin() {
            values.retain(|(c, _)| c.name != "person_id");
        }
        Ok(())
    }
}
