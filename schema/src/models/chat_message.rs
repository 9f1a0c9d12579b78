//! `chat_message`: Message posted in an entity chat.

use crate::models::prelude::*;

/// Message posted in an entity chat.
#[model(table = "chat_message", rest = "chat-messages")]
#[has_many(name = "attachment_files", target = "attachment_file", column = "chat_message_id", rest)]
pub struct ChatMessage {
    #[col(fk = "chat", index)]
    pub chat_id: Uuid,
    #[col(fk = "person", index)]
    pub person_id: Uuid,
    pub text: Option<String>,
}
