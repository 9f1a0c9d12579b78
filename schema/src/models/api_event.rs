//! `api_event`: Persisted event log: one row per emitted event (name, payload, actor, project).

use crate::models::prelude::*;

/// Persisted event log: one row per emitted event (name, payload, actor, project).
#[model(table = "api_event", rules = RULES, rest = "events")]
#[index(name = "ix_api_event_created_at", columns = "created_at")]
#[index(name = "ix_api_event_project_id_created_at", columns = "project_id, created_at")]
pub struct ApiEvent {
    #[col(len = 80, index)]
    pub name: String,
    #[col(fk = "person", index)]
    pub user_id: Option<Uuid>,
    #[col(fk = "project", index)]
    pub project_id: Option<Uuid>,
    pub data: Option<Json>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::Admin,
    get: Rule::Admin,
    create: Rule::Admin,
    update: Rule::Admin,
    delete: Rule::Admin,
    list_scope: ListScope::None,
    project: ProjectOf::Column("project_id"),
    vendor: VendorScope::None,
};
