//! `chat_participant`: M2M: people who joined an entity chat.

use crate::models::prelude::*;

/// M2M: people who joined an entity chat.
#[model(table = "chat_participant", link, pk = "chat_id, person_id")]
pub struct ChatParticipant {
    #[col(fk = "chat", pk)]
    pub chat_id: Uuid,
    #[col(fk = "person", pk)]
    pub person_id: Uuid,
}
