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

/// A database's entity types, as [`load`] read them.
#[derive(Debug, Default)]
pub struct EntityTypes {
    /// `(id, name)`, in no order.
    rows: Vec<(Uuid, String)>,
}

impl EntityTypes {
    /// The ids of the types of a kind (`"Shot"`…; `"Asset"`: every asset
    /// type), none when the database has no such type.
    pub fn of_kind(&self, kind: &str) -> Vec<Uuid> {
        self.rows
            .iter()
            .filter(|(_, name)| kind_of_name(name) == kind)
            .map(|(id, _)| *id)
            .collect()
    }

    /// The id of the type named `name`.
    pub fn named(&self, name: &str) -> Option<Uuid> {
        self.rows.iter().find(|(_, n)| n == name).map(|(id, _)| *id)
    }

    /// Every type's id.
    pub fn all(&self) -> Vec<Uuid> {
        self.rows.iter().map(|(id, _)| *id).collect()
    }
}

/// Read the database's entity types, refreshing the cache on the way.
///
/// Lists filter entities by these ids (`entity_type_id IN (…)`) rather
/// than by joining `entity_type` on its names: SQLite planned the join of
/// the asset types (`name NOT IN (…)`) poorly, and a project's 5,000
/// assets came 81 → 100 requests/s on SQLite, 59 → 66 on Postgres
/// (`docs/benchmarks.md`).
pub async fn load(db: &Db) -> Result<EntityTypes> {
    let mut db = db.clone();
    let q = db.sql("SELECT \"id\", \"name\" FROM \"entity_type\"");
    let rows = db.fetch_all::<(Uuid, String)>(&q).await?;
    if let Ok(mut k) = KINDS.write() {
        for (id, name) in &rows {
            k.insert(*id, kind_of_name(name));
        }
    }
    Ok(EntityTypes { rows })
}

/// Reload the cache from the database.
pub async fn refresh(db: &Db) -> Result<()> {
    load(db).await.map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_kind_is_every_type_not_temporal() {
        let id = |n: u128| Uuid::from_u128(n);
        let types = EntityTypes {
            rows: vec![
                (id(1), "Shot".into()),
                (id(2), "Character".into()),
                (id(3), "ConceptFolder".into()),
                (id(4), "Props".into()),
                (id(5), "Episode".into()),
            ],
        };
        assert_eq!(types.of_kind("Asset"), vec![id(2), id(4)]);
        assert_eq!(types.of_kind("Shot"), vec![id(1)]);
        assert_eq!(types.of_kind("Sequence"), Vec::<Uuid>::new());
        assert_eq!(types.named("Episode"), Some(id(5)));
        assert_eq!(types.named("Asset"), None);
        assert_eq!(types.all().len(), 5);
    }
}
