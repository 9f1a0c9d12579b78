//! `playlist`: Review playlist of a production (shots JSON = ordered list of entity/preview refs).

use crate::models::prelude::*;

/// Review playlist of a production (shots JSON = ordered list of entity/preview refs).
#[model(table = "playlist", rules = RULES, rest = "playlists")]
#[index(name = "playlist_uc", columns = "name, project_id, episode_id", unique)]
#[has_many(name = "build_jobs", target = "build_job", column = "playlist_id", rest)]
pub struct Playlist {
    #[col(len = 80)]
    pub name: String,
    pub shots: Option<Value>,
    #[col(fk = "project", index)]
    pub project_id: Option<Uuid>,
    #[col(fk = "entity", index)]
    pub episode_id: Option<Uuid>,
    #[col(fk = "task_type", index)]
    pub task_type_id: Option<Uuid>,
    #[col(index, default = "false")]
    pub for_client: Option<bool>,
    #[col(len = 10, index, default = "'shot'")]
    pub for_entity: Option<String>,
    #[col(default = "false")]
    pub is_for_all: Option<bool>,
    #[col(fk = "person", index)]
    pub created_by: Option<Uuid>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::NoVendor,
    get: Rule::ProjectMemberNoVendor,
    create: Rule::ProjectSupervisor,
    update: Rule::ProjectManager,
    delete: Rule::ProjectManager,
    list_scope: ListScope::OwnProjects,
    project: ProjectOf::Column("project_id"),
    vendor: VendorScope::None,
};
