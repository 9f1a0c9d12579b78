//! `preview_file`: Uploaded review media (picture, movie or other file) for a task revision; tracks processing status, annotations, validation.

use crate::models::prelude::*;

/// Uploaded review media (picture, movie or other file) for a task revision; tracks processing status, annotations, validation.
#[model(table = "preview_file", rules = RULES, rest = "preview-files")]
#[index(name = "preview_uc", columns = "name, task_id, revision", unique)]
#[many(name = "comments", link = "comment_preview_link", this = "preview_file", other = "comment", target = "comment")]
pub struct PreviewFile {
    #[col(len = 250)]
    pub name: Option<String>,
    #[col(len = 250)]
    pub original_name: Option<String>,
    #[col(default = "1")]
    pub revision: Option<i32>,
    #[col(default = "1")]
    pub position: Option<i32>,
    #[col(len = 6)]
    pub extension: Option<String>,
    pub description: Option<String>,
    #[col(len = 400)]
    pub path: Option<String>,
    #[col(len = 40)]
    pub source: Option<String>,
    #[col(default = "0")]
    pub file_size: Option<i64>,
    #[col(len = 255, default = "'processing'", choices = "processing, ready, broken, missing")]
    pub status: String,
    #[col(len = 255, default = "'neutral'", choices = "validated, rejected, neutral")]
    pub validation_status: String,
    pub annotations: Option<Json>,
    #[col(default = "0")]
    pub width: Option<i32>,
    #[col(default = "0")]
    pub height: Option<i32>,
    #[col(default = "0")]
    pub duration: Option<f64>,
    #[col(fk = "task", index)]
    pub task_id: Option<Uuid>,
    #[col(fk = "person", index)]
    pub person_id: Option<Uuid>,
    #[col(fk = "output_file", index)]
    pub source_file_id: Option<Uuid>,
    #[col(unique)]
    pub shotgun_id: Option<i32>,
    #[col(default = "false")]
    pub is_movie: Option<bool>,
    #[col(len = 600)]
    pub url: Option<String>,
    #[col(len = 600)]
    pub uploaded_movie_url: Option<String>,
    #[col(len = 150)]
    pub uploaded_movie_name: Option<String>,
    pub data: Option<Json>,
    pub token_in: Option<i32>,
    pub token_out: Option<i32>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::LoggedIn,
    get: Rule::ProjectMember,
    create: Rule::Admin,
    update: Rule::TaskActorNoClient,
    delete: Rule::ProjectManager,
    list_scope: ListScope::OwnProjects,
    project: ProjectOf::Via("task_id", "task"),
    vendor: VendorScope::TaskColumn("task_id"),
};
