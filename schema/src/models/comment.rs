//! `comment`: Comment on a task (object_type 'Task'); may carry a status change, checklist, replies (JSON list), pinning, client visibility, links.

use crate::models::prelude::*;

/// Comment on a task (object_type 'Task'); may carry a status change, checklist, replies (JSON list), pinning, client visibility, links.
#[model(table = "comment", hooks, rules = RULES, rest = "comments")]
#[many(name = "previews", link = "comment_preview_link", this = "comment", other = "preview_file", target = "preview_file")]
#[many(name = "mentions", link = "comment_mentions", this = "comment", other = "person", target = "person")]
#[many(name = "department_mentions", link = "comment_department_mentions", this = "comment", other = "department", target = "department")]
#[many(name = "acknowledgements", link = "comment_acknoledgments", this = "comment", other = "person", target = "person")]
#[has_many(name = "attachment_files", target = "attachment_file", column = "comment_id", rest)]
pub struct Comment {
    pub shotgun_id: Option<i32>,
    #[col(index)]
    pub object_id: Uuid,
    #[col(len = 80, index)]
    pub object_type: String,
    pub text: Option<String>,
    pub data: Option<Json>,
    #[col(default = "'[]'")]
    pub replies: Option<Json>,
    #[col(default = "'[]'")]
    pub checklist: Option<Json>,
    pub pinned: Option<bool>,
    pub links: Option<List<String>>,
    #[col(fk = "task_status", index)]
    pub task_status_id: Option<Uuid>,
    #[col(fk = "person", index)]
    pub person_id: Uuid,
    #[col(fk = "person", index)]
    pub editor_id: Option<Uuid>,
    #[col(fk = "preview_file", index)]
    pub preview_file_id: Option<Uuid>,
    #[col(default = "false")]
    pub for_client: Option<bool>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::Admin,
    get: Rule::Custom,
    create: Rule::Admin,
    update: Rule::Custom,
    delete: Rule::Custom,
    list_scope: ListScope::None,
    project: ProjectOf::Via("object_id", "task"),
    vendor: VendorScope::TaskColumn("object_id"),
};

impl tusk_db::Hooks for Comment {
    /// Who may read, edit and delete a comment (Zou's rules): managers of
    /// the project; the author, while on the team; other members may read,
    /// except clients (unless the comment is for clients), and vendors only
    /// on their tasks.
    async fn check(
        s: &tusk_db::Session,
        action: tusk_db::policy::Action,
        row: Option<&Self>,
        _values: Option<&tusk_db::Assignments>,
    ) -> tusk_db::Result<()> {
        crate::extra::comment_check(s, action, row).await
    }

    async fn before_update(
        s: &tusk_db::Session,
        _tx: &mut tusk_db::Tx,
        _old: &Self,
        values: &mut tusk_db::Assignments,
    ) -> tusk_db::Result<()> {
        values.push((tusk_db::filter::col(<Self as tusk_db::Model>::META, "editor_id"), tusk_db::SqlValue::Uuid(s.actor_id())));
        Ok(())
    }

    fn event(&self, action: &str) -> tusk_db::events::NewEvent {
        let mut data = serde_json::Map::new();
        data.insert("task_id".into(), Value::String(self.object_id.to_string()));
        data.insert("person_id".into(), Value::String(self.person_id.to_string()));
        data.insert("comment_id".into(), Value::String(self.id.to_string()));
        data.insert("for_client".into(), Value::Bool(self.for_client.unwrap_or(false)));
        // Zou's `comment:new` has no project; later events resolve it.
        tusk_db::events::NewEvent::new(format!("comment:{action}"), data, None)
    }

    async fn get_extra(s: &tusk_db::Session, row: &Self) -> tusk_db::Result<serde_json::Map<String, Value>> {
        crate::extra::comment_extra(s, row).await
    }
}
