//! `attachment_file`: File attached to a comment, a comment reply, or a chat message (binary kept in file storage).

use crate::models::prelude::*;

/// File attached to a comment, a comment reply, or a chat message (binary kept in file storage).
#[model(table = "attachment_file", rest = "attachment-files")]
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
