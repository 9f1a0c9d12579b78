//! `project_preview_background_file_link`: M2M: preview backgrounds enabled on a project.

use crate::models::prelude::*;

/// M2M: preview backgrounds enabled on a project.
#[model(table = "project_preview_background_file_link", link, pk = "project_id, preview_background_file_id")]
#[index(name = "ix_project_preview_background_file_link_preview_backgro_080b", columns = "preview_background_file_id")]
pub struct ProjectPreviewBackgroundFileLink {
    #[col(fk = "project", index, pk)]
    pub project_id: Uuid,
    #[col(fk = "preview_background_file", pk)]
    pub preview_background_file_id: Uuid,
}
