//! `task_type`: Department step (Modeling, Animation...) targeting an entity kind via for_entity.

use crate::models::prelude::*;

/// Department step (Modeling, Animation...) targeting an entity kind via for_entity.
#[model(table = "task_type", rules = RULES, rest = "task-types")]
#[index(name = "task_type_uc", columns = "name, for_entity, department_id", unique)]
pub struct TaskType {
    #[col(len = 40)]
    pub name: String,
    #[col(len = 20)]
    pub short_name: Option<String>,
    pub description: Option<String>,
    #[col(len = 7, default = "'#FFFFFF'")]
    pub color: Option<String>,
    #[col(default = "1")]
    pub priority: Option<i32>,
    #[col(len = 30, default = "'Asset'")]
    pub for_entity: Option<String>,
    #[col(default = "true")]
    pub allow_timelog: Option<bool>,
    #[col(default = "false")]
    pub archived: Option<bool>,
    #[col(index)]
    pub shotgun_id: Option<i32>,
    #[col(fk = "department", index)]
    pub department_id: Option<Uuid>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::LoggedIn,
    get: Rule::LoggedIn,
    create: Rule::Admin,
    update: Rule::Admin,
    delete: Rule::Admin,
    list_scope: ListScope::None,
    project: ProjectOf::None,
    vendor: VendorScope::None,
};
