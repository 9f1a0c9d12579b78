//! `playlist_share_link`: Public share token for a playlist (expiry, optional password, comment permission).

use crate::models::prelude::*;

/// Public share token for a playlist (expiry, optional password, comment permission).
#[model(table = "playlist_share_link")]
#[index(name = "ix_playlist_share_link_playlist_active", columns = "playlist_id, is_active")]
pub struct PlaylistShareLink {
    #[col(len = 64, unique_index)]
    pub token: String,
    #[col(fk = "playlist", index)]
    pub playlist_id: Uuid,
    #[col(fk = "person", index)]
    pub created_by: Uuid,
    pub expiration_date: Option<NaiveDateTime>,
    #[col(default = "true")]
    pub is_active: bool,
    #[col(default = "true")]
    pub can_comment: bool,
    #[col(len = 255, secret)]
    pub password: Option<String>,
}
