//! `playlist`: Review playlist of a production (shots JSON = ordered list of entity/preview refs).

use crate::models::prelude::*;

/// Review playlist of a production (shots JSON = ordered list of entity/preview refs).
#[model(table = "playlist", hooks, rules = RULES, rest = "playlists")]
#[index(name = "playlist_uc", columns = "name, project_id, episode_id", unique)]
#[has_many(name = "build_jobs", target = "build_job", column = "playlist_id", rest)]
pub struct Playlist {
    #[col(len = 80)]
    pub name: String,
    pub shots: Option<Json>,
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
    get: Rule::Custom,
    create: Rule::ProjectSupervisor,
    update: Rule::ProjectManager,
    delete: Rule::ProjectManager,
    list_scope: ListScope::OwnProjects,
    project: ProjectOf::Column("project_id"),
    vendor: VendorScope::None,
};

impl tusk_db::Hooks for Playlist {
    /// Clients only see the playlists meant for them.
    async fn list_scope(s: &tusk_db::Session) -> tusk_db::Result<Option<tusk_db::filter::Pred>> {
        Ok(crate::extra::is_client(&s.principal).then(|| crate::extra::for_client(<Self as tusk_db::Model>::META)))
    }

    /// Members but vendors read playlists; clients only those for them.
    async fn check(
        s: &tusk_db::Session,
        action: tusk_db::policy::Action,
        row: Option<&Self>,
        _values: Option<&tusk_db::Assignments>,
    ) -> tusk_db::Result<()> {
        let actor = s.principal.actor()?;
        let (tusk_db::policy::Action::Get, Some(p)) = (action, row) else { return Err(tusk_db::Error::forbidden()) };
        match p.project_id.and_then(|id| actor.project_role(id)) {
            None | Some(tusk_db::policy::Role::Vendor) => Err(tusk_db::Error::forbidden()),
            Some(tusk_db::policy::Role::Client) if p.for_client != Some(true) => Err(tusk_db::Error::forbidden()),
            Some(_) => Ok(()),
        }
    }
}
