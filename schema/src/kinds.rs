//! Entity kinds: which entity types are shots, sequences… and which are
//! asset types. An entity's kind decides its REST `type` (`Asset`, `Shot`…)
//! and its event names (`asset:new`, `shot:update`…).
//!
//! Entity types are few and their names rarely change, so their kinds are
//! cached in memory; every request that serializes or writes entities
//! refreshes the cache with one small query first.

use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};
use tusk_db::{Db, Result};
use uuid::Uuid;

/// The entity types that are not asset types.
pub const TEMPORAL: &[&str] = &[
    "Shot",
    "Sequence",
    "Episode",
    "Scene",
    "Edit",
    "Concept",
    "ConceptFolder",
];

static KINDS: LazyLock<RwLock<HashMap<Uuid, &'static str>>> = LazyLock::new(Default::default);

/// The kind of an entity type name.
pub fn kind_of_name(name: &str) -> &'static str {
    TEMPORAL
        .iter()
        .find(|t| **t == name)
        .copied()
        .unwrap_or("Asset")
}

/// The kind of an entity type, from the cache ("Asset" when unknown).
pub fn kind(entity_type_id: Uuid) -> &'static str {
    KINDS
        .read()
        .ok()
        .and_then(|k| k.get(&entity_type_id).copied())
        .unwrap_or("Asset")
}

/// Reload the cache from the database.
pub async fn refresh(db: &Db) -> Result<()> {
    let mut db = db.clone();
    let q = db.sql("SELECT \"id\", \"name\" FROM \"entity_type\"");
    let rows = db.fetch_all::<(Uuid, String)>(&q).await?;
    if let Ok(mut k) = KINDS.write() {
        for (id, name) in rows {
            k.insert(id, kind_of_name(&name));
        }
    }
    Ok(())
}
