//! `task`: Unit of work: entity x task type, with status, assignees, dates, estimation, duration, retake count.

use crate::models::prelude::*;

/// Unit of work: entity x task type, with status, assignees, dates, estimation, duration, retake count.
#[model(table = "task", rules = RULES, rest = "tasks")]
#[index(name = "ix_task_entity_project", columns = "entity_id, project_id")]
#[index(name = "task_uc", columns = "name, project_id, task_type_id, entity_id", unique)]
#[has_many(name = "comments", target = "comment", column = "object_id")]
#[many(name = "assignees", link = "task_person_link", this = "task_id", other = "person_id", target = "person")]
pub struct Task {
    #[col(len = 80, default = "'main'")]
    pub name: String,
    pub description: Option<String>,
    #[col(default = "0")]
    pub priority: Option<i32>,
    #[col(default = "3")]
    pub difficulty: i32,
    #[col(default = "0")]
    pub duration: Option<f64>,
    #[col(default = "0")]
    pub estimation: Option<f64>,
    #[col(default = "0")]
    pub completion_rate: Option<i32>,
    #[col(default = "0")]
    pub retake_count: Option<i32>,
    #[col(default = "0")]
    pub sort_order: Option<i32>,
    pub start_date: Option<NaiveDateTime>,
    pub due_date: Option<NaiveDateTime>,
    pub real_start_date: Option<NaiveDateTime>,
    pub end_date: Option<NaiveDateTime>,
    pub done_date: Option<NaiveDateTime>,
    pub last_comment_date: Option<NaiveDateTime>,
    #[col(default = "0")]
    pub nb_assets_ready: Option<i32>,
    pub data: Option<Json>,
    #[col(default = "0")]
    pub nb_drawings: Option<i32>,
    pub shotgun_id: Option<i32>,
    pub last_preview_file_id: Option<Uuid>,
    #[col(fk = "project", index)]
    pub project_id: Option<Uuid>,
    #[col(fk = "task_type", index)]
    pub task_type_id: Option<Uuid>,
    #[col(fk = "task_status", index)]
    pub task_status_id: Option<Uuid>,
    #[col(fk = "entity", index)]
    pub entity_id: Option<Uuid>,
    #[col(fk = "person", index)]
    pub assigner_id: Option<Uuid>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::LoggedIn,
    get: Rule::ProjectMember,
    create: Rule::ProjectManager,
    update: Rule::ProjectSupervisor,
    delete: Rule::ProjectManager,
    list_scope: ListScope::OwnProjects,
    project: ProjectOf::Column("project_id"),
    vendor: VendorScope::Task,
};
