//! `chat`: Chat room attached to an entity (object_id = entity id).

use crate::models::prelude::*;

/// Chat room attached to an entity (object_id = entity id).
#[model(table = "chat", rest = "chats")]
#[many(name = "participants", link = "chat_participant", this = "chat_id", other = "person_id", target = "person")]
pub struct Chat {
    #[col(index)]
    pub object_id: Uuid,
    #[col(len = 80, index, default = "'entity'")]
    pub object_type: String,
    pub last_message: Option<NaiveDateTime>,
}
