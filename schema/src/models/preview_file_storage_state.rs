//! `preview_file_storage_state`.

use crate::models::prelude::*;

#[model(table = "preview_file_storage_state")]
#[index(name = "ix_preview_file_storage_state_bucket_prefix_state", columns = "bucket, prefix, state")]
#[index(name = "preview_file_storage_state_uc", columns = "preview_file_id, bucket, prefix", unique)]
pub struct PreviewFileStorageState {
    #[col(fk = "preview_file", on_delete = "CASCADE", index)]
    pub preview_file_id: Uuid,
    #[col(len = 20)]
    pub bucket: String,
    #[col(len = 40)]
    pub prefix: String,
    #[col(len = 255)]
    pub state: String,
}
