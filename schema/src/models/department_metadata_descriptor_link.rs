//! `department_metadata_descriptor_link`: M2M: departments allowed to see/edit a metadata descriptor.

use crate::models::prelude::*;

/// M2M: departments allowed to see/edit a metadata descriptor.
#[model(table = "department_metadata_descriptor_link", link, pk = "metadata_descriptor_id, department_id")]
#[index(name = "department_metadata_descriptor_link_uc", columns = "metadata_descriptor_id, department_id", unique)]
pub struct DepartmentMetadataDescriptorLink {
    #[col(fk = "metadata_descriptor", index, pk)]
    pub metadata_descriptor_id: Uuid,
    #[col(fk = "department", index, pk)]
    pub department_id: Uuid,
}
