//! `project_template_preview_background_file_link`: M2M: preview backgrounds of a project template.

use crate::models::prelude::*;

/// M2M: preview backgrounds of a project template.
#[model(table = "project_template_preview_background_file_link", link, pk = "project_template_id, preview_background_file_id")]
#[index(name = "ix_project_template_preview_background_file_link_previe_393c", columns = "preview_background_file_id")]
#[index(name = "ix_project_template_preview_background_file_link_projec_ab7b", columns = "project_template_id")]
pub struct ProjectTemplatePreviewBackgroundFileLink {
    #[col(fk = "project_template", pk)]
    pub project_template_id: Uuid,
    #[col(fk = "preview_background_file", pk)]
    pub preview_background_file_id: Uuid,
}
