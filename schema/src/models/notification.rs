//! `notification`: Per-person notification (comment, mention, assignation, reply, reply-mention, playlist-ready).

use crate::models::prelude::*;

/// Per-person notification (comment, mention, assignation, reply, reply-mention, playlist-ready).
#[model(table = "notification", rest = "notifications")]
#[index(name = "notification_uc", columns = "person_id, author_id, comment_id, reply_id, playlist_id, type", unique)]
pub struct Notification {
    #[col(default = "false")]
    pub read: bool,
    #[col(default = "false")]
    pub change: bool,
    #[col(len = 255, choices = "comment, mention, assignation, reply, reply-mention, playlist-ready", json = "notification_type")]
    pub r#type: String,
    #[col(fk = "person", index)]
    pub person_id: Uuid,
    #[col(fk = "person", index)]
    pub author_id: Uuid,
    #[col(fk = "comment", index)]
    pub comment_id: Option<Uuid>,
    #[col(fk = "task", index)]
    pub task_id: Option<Uuid>,
    #[col(fk = "playlist", index)]
    pub playlist_id: Option<Uuid>,
    #[col(index)]
    pub reply_id: Option<Uuid>,
}
