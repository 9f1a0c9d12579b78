//! `attachment_file`: File attached to a comment, a comment reply, or a chat message (binary kept in file storage).

use crate::models::prelude::*;

/// File attached to a comment, a comment reply, or a chat message (binary kept in file storage).
#[model(table = "attachment_file", hooks, rules = RULES, rest = "attachment-files")]
#[belongs_to(name = "comment", target = "comment", column = "comment_id")]
#[belongs_to(name = "chat_message", target = "chat_message", column = "chat_message_id")]
pub struct AttachmentFile {
    #[col(len = 250)]
    pub name: Option<String>,
    #[col(default = "1")]
    pub size: Option<i64>,
    #[col(len = 6)]
    pub extension: Option<String>,
    #[col(len = 255)]
    pub mimetype: Option<String>,
    #[col(fk = "comment", index)]
    pub comment_id: Option<Uuid>,
    pub reply_id: Option<Uuid>,
    #[col(fk = "chat_message", index)]
    pub chat_message_id: Option<Uuid>,
}

/// Who may do what (Zou's profile, `docs/zou-reference/crud-permissions.md`).
const RULES: Rules = Rules {
    list: Rule::Admin,
    get: Rule::Custom,
    create: Rule::Admin,
    update: Rule::Admin,
    delete: Rule::Admin,
    list_scope: ListScope::None,
    project: ProjectOf::None,
    vendor: VendorScope::None,
};

impl tusk_db::Hooks for AttachmentFile {
    /// Readable by whoever may read the comment it is attached to.
    async fn check(
        s: &tusk_db::Session,
        action: tusk_db::policy::Action,
        row: Option<&Self>,
        _values: Option<&tusk_db::Assignments>,
    ) -> tusk_db::Result<()> {
        crate::extra::attachment_check(s, action, row).await
    }
}
