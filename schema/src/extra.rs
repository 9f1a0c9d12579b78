//! Hand-written additions to generated types: computed JSON keys and
//! GraphQL fields that a description alone cannot express.

use serde::ser::SerializeMap;

/// Zou adds `full_name` ("first last", trimmed) to every person.
pub fn person_json<S: SerializeMap>(
    p: &crate::Person,
    map: &mut S,
    keep: &dyn Fn(&str) -> bool,
) -> Result<(), S::Error> {
    if keep("full_name") {
        map.serialize_entry("full_name", &p.full_name())?;
    }
    Ok(())
}

impl crate::Person {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }
}

/// GraphQL fields of a person beyond its columns.
pub struct PersonExtra<'a>(pub &'a crate::Person);

#[async_graphql::Object]
impl PersonExtra<'_> {
    /// "First Last", trimmed.
    async fn full_name(&self) -> String {
        self.0.full_name()
    }
}
