//! Batched loading of relations (async-graphql DataLoader).
//!
//! One [`EngineLoader`] per request serves every table and every kind of key:
//! - [`ById<M>`]: the row of `M` with this id (foreign keys);
//! - [`ByColumn<M>`]: the rows of `M` whose column equals this id
//!   (one-to-many, scoped to what the caller may list);
//! - [`Linked<M>`]: the rows of `M` linked to this id through a
//!   many-to-many table (scoped too).
//!
//! A batch is always one SQL statement with one array parameter, whatever
//! its size. To make batching deterministic (not dependent on DataLoader's
//! timer), list resolvers *prefetch*: they look ahead at the selection and
//! load the relations of all their rows with a single `load_many`, which
//! fills the cache the per-row resolvers then read. See `prefetch`.

use crate::engine::Session;
use crate::error::Result;
use crate::filter::Pred;
use crate::model::{ManyToMany, Model};
use crate::policy;
use crate::pool::FromSqlRow;
use crate::value::SqlValue;
use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::sync::Arc;
use uuid::Uuid;

pub struct EngineLoader {
    session: Session,
}

impl EngineLoader {
    /// The request's session (for prefetchers that read beyond the loaders).
    pub fn session(&self) -> &Session {
        &self.session
    }
}

pub type Loaders = DataLoader<EngineLoader, HashMapCache>;

/// The per-request loader.
pub fn new_loaders(session: Session) -> Loaders {
    DataLoader::with_cache(
        EngineLoader { session },
        tokio::spawn,
        HashMapCache::default(),
    )
    .max_batch_size(usize::MAX / 2)
}

macro_rules! key_type {
    ($(#[$m:meta])* $name:ident { $($f:ident : $t:ty),* }) => {
        $(#[$m])*
        pub struct $name<M> { $(pub $f: $t,)* _m: PhantomData<fn() -> M> }
        impl<M> $name<M> {
            pub fn new($($f: $t),*) -> Self { $name { $($f,)* _m: PhantomData } }
        }
        impl<M> Clone for $name<M> {
            fn clone(&self) -> Self { $name { $($f: self.$f.clone(),)* _m: PhantomData } }
        }
        impl<M> PartialEq for $name<M> {
            fn eq(&self, o: &Self) -> bool { true $(&& self.$f == o.$f)* }
        }
        impl<M> Eq for $name<M> {}
        impl<M> Hash for $name<M> {
            fn hash<H: Hasher>(&self, h: &mut H) { $(self.$f.hash(h);)* }
        }
    };
}

key_type!(
    /// The row of `M` with this id.
    ById { id: Uuid }
);
key_type!(
    /// Rows of `M` whose `column` equals `id`.
    ByColumn { column: &'static str, id: Uuid }
);
key_type!(
    /// Rows of `M` linked to `id` through the link table of `rel`.
    Linked { rel: RelKey, id: Uuid }
);

/// Identifies a many-to-many relation (its link table and columns).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct RelKey {
    pub link_table: &'static str,
    pub this: &'static str,
    pub other: &'static str,
}

impl From<&'static ManyToMany> for RelKey {
    fn from(m: &'static ManyToMany) -> Self {
        RelKey {
            link_table: m.link_table,
            this: m.this,
            other: m.other,
        }
    }
}

/// A row preceded by the key it was loaded for.
struct Keyed<M>(Uuid, M);

impl<M: Model> FromSqlRow for Keyed<M> {
    fn from_sqlite(row: &sqlx::sqlite::SqliteRow) -> std::result::Result<Self, sqlx::Error> {
        use sqlx::Row;
        Ok(Keyed(row.try_get(0)?, M::decode_sqlite_at(row, 1)?))
    }
    fn from_pg(row: &sqlx::postgres::PgRow) -> std::result::Result<Self, sqlx::Error> {
        use sqlx::Row;
        Ok(Keyed(row.try_get(0)?, M::decode_pg_at(row, 1)?))
    }
    const IN_PLACE: bool = true;
    fn from_sqlite_ref(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Keyed(
            crate::Column::from_sqlite_ref(row, 0)?,
            M::decode_sqlite_ref_at(row, 1)?,
        ))
    }
}

fn scope<M: Model>(s: &Session) -> Result<Pred> {
    match &s.principal {
        policy::Principal::Actor(_) => policy::list_scope(&s.principal, M::META, s.db.dialect()),
        _ => Ok(Pred::False),
    }
}

impl<M: Model> Loader<ById<M>> for EngineLoader {
    type Value = M;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[ById<M>],
    ) -> std::result::Result<HashMap<ById<M>, M>, Self::Error> {
        let ids: Vec<Uuid> = keys.iter().map(|k| k.id).collect();
        let meta = M::META;
        let mut db = self.session.db();
        let mut s = db.sql("SELECT ");
        s.push(&meta.select_list(None))
            .push(" FROM ")
            .ident(meta.table)
            .push(" WHERE \"id\"");
        s.in_uuids(&ids);
        let rows: Vec<M> = db.fetch_all(&s).await?;
        Ok(rows.into_iter().map(|r| (ById::new(r.id()), r)).collect())
    }
}

impl<M: Model> Loader<ByColumn<M>> for EngineLoader {
    type Value = Arc<Vec<M>>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[ByColumn<M>],
    ) -> std::result::Result<HashMap<ByColumn<M>, Arc<Vec<M>>>, Self::Error> {
        let meta = M::META;
        let scope = scope::<M>(&self.session)?;
        let mut by_col: HashMap<&'static str, Vec<Uuid>> = HashMap::new();
        for k in keys {
            by_col.entry(k.column).or_default().push(k.id);
        }
        let mut out: HashMap<ByColumn<M>, Vec<M>> =
            keys.iter().map(|k| (k.clone(), Vec::new())).collect();
        let db = self.session.db();
        for (column, ids) in by_col {
            let mut s = db.sql("SELECT ");
            s.qualified(meta.table, column).push(", ");
            s.push(&meta.select_list(Some(meta.table)))
                .push(" FROM ")
                .ident(meta.table);
            s.push(" WHERE ")
                .qualified(meta.table, column)
                .in_uuids(&ids);
            if !matches!(scope, Pred::True) {
                s.push(" AND ");
                scope.render(&mut s, meta.table);
            }
            order_by_default(&mut s, meta);
            for Keyed(key, row) in db.fetch_big::<Keyed<M>>(s).await? {
                if let Some(v) = out.get_mut(&ByColumn::new(column, key)) {
                    v.push(row);
                }
            }
        }
        Ok(out.into_iter().map(|(k, v)| (k, Arc::new(v))).collect())
    }
}

impl<M: Model> Loader<Linked<M>> for EngineLoader {
    type Value = Arc<Vec<M>>;
    type Error = async_graphql::Error;

    async fn load(
        &self,
        keys: &[Linked<M>],
    ) -> std::result::Result<HashMap<Linked<M>, Arc<Vec<M>>>, Self::Error> {
        let meta = M::META;
        let scope = scope::<M>(&self.session)?;
        let mut by_rel: HashMap<RelKey, Vec<Uuid>> = HashMap::new();
        for k in keys {
            by_rel.entry(k.rel).or_default().push(k.id);
        }
        let mut out: HashMap<Linked<M>, Vec<M>> =
            keys.iter().map(|k| (k.clone(), Vec::new())).collect();
        let db = self.session.db();
        for (rel, ids) in by_rel {
            // The links first, as id pairs, in the rows' order; then each
            // linked row once. One statement returning the whole row per
            // link sent the same 500 persons 100,000 times over for a
            // 10,000-shot tree's assignees (58 columns each).
            let mut s = db.sql("SELECT l.");
            s.ident(rel.this).push(", l.").ident(rel.other);
            s.push(" FROM ")
                .ident(rel.link_table)
                .push(" l JOIN ")
                .ident(meta.table);
            s.push(" ON ")
                .qualified(meta.table, "id")
                .push(" = l.")
                .ident(rel.other);
            s.push(" WHERE l.").ident(rel.this).in_uuids(&ids);
            if !matches!(scope, Pred::True) {
                s.push(" AND ");
                scope.render(&mut s, meta.table);
            }
            order_by_default(&mut s, meta);
            let links: Vec<LinkPair> = db.fetch_big(s).await?;
            let mut others: Vec<Uuid> = links.iter().map(|l| l.other).collect();
            others.sort_unstable();
            others.dedup();
            // Always run, even with no link: a request's statements do not
            // depend on the data.
            let mut s = db.sql("SELECT ");
            s.push(&meta.select_list(Some(meta.table)))
                .push(" FROM ")
                .ident(meta.table)
                .push(" WHERE ")
                .qualified(meta.table, "id")
                .in_uuids(&others);
            let rows: HashMap<Uuid, M> = db
                .fetch_big::<M>(s)
                .await?
                .into_iter()
                .map(|r| (r.id(), r))
                .collect();
            for LinkPair { this, other } in links {
                if let (Some(v), Some(row)) =
                    (out.get_mut(&Linked::new(rel, this)), rows.get(&other))
                {
                    v.push(row.clone());
                }
            }
        }
        Ok(out.into_iter().map(|(k, v)| (k, Arc::new(v))).collect())
    }
}

crate::sql_row!(
    /// A link of a many-to-many relation: the row it is read for, the row
    /// it links to.
    struct LinkPair {
        this: Uuid,
        other: Uuid,
    }
);

/// Relation lists come back in a stable order: by name when the table has
/// one, then by id.
fn order_by_default(s: &mut crate::sql::Sql, meta: &crate::model::TableMeta) {
    s.push(" ORDER BY ");
    if meta.has_column("name") {
        s.qualified(meta.table, "name").push(", ");
    }
    if meta.audit {
        s.qualified(meta.table, "id");
    } else {
        s.push("1");
    }
}

/// The request's loader, from the GraphQL context.
pub fn loaders<'a>(ctx: &'a async_graphql::Context<'_>) -> async_graphql::Result<&'a Loaders> {
    ctx.data::<Loaders>()
}

/// Resolve a foreign key.
pub async fn by_id<M: Model>(
    ctx: &async_graphql::Context<'_>,
    id: Option<Uuid>,
) -> async_graphql::Result<Option<M>> {
    match id {
        None => Ok(None),
        Some(id) => loaders(ctx)?.load_one(ById::<M>::new(id)).await,
    }
}

/// Resolve a one-to-many relation: the loader's cached list itself, not
/// a copy (async-graphql answers an `Arc<Vec<M>>` as the list it holds;
/// a 10,000-shot tree would otherwise copy each of its 100,000 tasks).
pub async fn by_column<M: Model>(
    ctx: &async_graphql::Context<'_>,
    column: &'static str,
    id: Uuid,
) -> async_graphql::Result<Arc<Vec<M>>> {
    Ok(loaders(ctx)?
        .load_one(ByColumn::<M>::new(column, id))
        .await?
        .unwrap_or_default())
}

/// Resolve a many-to-many relation (the cached list, as [`by_column`]).
pub async fn linked<M: Model>(
    ctx: &async_graphql::Context<'_>,
    rel: &'static ManyToMany,
    id: Uuid,
) -> async_graphql::Result<Arc<Vec<M>>> {
    Ok(loaders(ctx)?
        .load_one(Linked::<M>::new(rel.into(), id))
        .await?
        .unwrap_or_default())
}

pub fn values_of(ids: &[Uuid]) -> Vec<SqlValue> {
    ids.iter().map(|u| SqlValue::Uuid(Some(*u))).collect()
}

/// Prefetching of the relations a query selects under a list of rows.
/// Implemented by `#[model]`: for each relation of the table that the
/// lookahead selects, load it for all rows at once, then recurse.
pub trait Prefetch: Model {
    fn prefetch<'a>(
        loaders: &'a Loaders,
        look: &'a async_graphql::Lookahead<'a>,
        rows: &'a [Self],
    ) -> futures::future::BoxFuture<'a, async_graphql::Result<()>>;
}

/// Load `keys` (those not cached yet) straight away and feed the cache, so
/// that the per-row resolvers find them without another statement.
async fn load_now<K, V>(loaders: &Loaders, keys: Vec<K>) -> async_graphql::Result<Vec<V>>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    EngineLoader: Loader<K, Value = V, Error = async_graphql::Error>,
    V: Send + Sync + Clone + 'static,
{
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let uniq: Vec<K> = {
        let set: std::collections::HashSet<K> = keys.into_iter().collect();
        set.into_iter().collect()
    };
    let map = loaders.loader().load(&uniq).await?;
    let values: Vec<V> = map.values().cloned().collect();
    loaders.feed_many(map).await;
    Ok(values)
}

/// Prefetch a foreign key relation (`field` of the lookahead).
pub async fn prefetch_fk<T: Prefetch>(
    loaders: &Loaders,
    look: async_graphql::Lookahead<'_>,
    ids: impl Iterator<Item = Uuid>,
) -> async_graphql::Result<()> {
    if !look.exists() {
        return Ok(());
    }
    let rows: Vec<T> = load_now(loaders, ids.map(ById::<T>::new).collect()).await?;
    T::prefetch(loaders, &look, &rows).await
}

/// Prefetch a one-to-many relation.
pub async fn prefetch_column<T: Prefetch>(
    loaders: &Loaders,
    look: async_graphql::Lookahead<'_>,
    column: &'static str,
    ids: impl Iterator<Item = Uuid>,
) -> async_graphql::Result<()> {
    if !look.exists() {
        return Ok(());
    }
    let lists: Vec<Arc<Vec<T>>> = load_now(
        loaders,
        ids.map(|id| ByColumn::<T>::new(column, id)).collect(),
    )
    .await?;
    let rows: Vec<T> = lists.iter().flat_map(|v| v.iter().cloned()).collect();
    T::prefetch(loaders, &look, &rows).await
}

/// Prefetch a many-to-many relation.
pub async fn prefetch_linked<T: Prefetch>(
    loaders: &Loaders,
    look: async_graphql::Lookahead<'_>,
    rel: &'static ManyToMany,
    ids: impl Iterator<Item = Uuid>,
) -> async_graphql::Result<()> {
    if !look.exists() {
        return Ok(());
    }
    let key: RelKey = rel.into();
    let lists: Vec<Arc<Vec<T>>> =
        load_now(loaders, ids.map(|id| Linked::<T>::new(key, id)).collect()).await?;
    T::prefetch(loaders, &look, &distinct(&lists)).await
}

/// Each row of `lists` once: the rows of a many-to-many relation repeat
/// (500 persons assigned across 100,000 tasks), and what they relate to
/// depends on the row alone.
fn distinct<T: Model>(lists: &[Arc<Vec<T>>]) -> Vec<T> {
    let mut seen = std::collections::HashSet::new();
    lists
        .iter()
        .flat_map(|v| v.iter())
        .filter(|r| seen.insert(r.id()))
        .cloned()
        .collect()
}

/// Prefetching for relations written by hand (beyond the described ones).
/// `#[model(prefetch_extra)]` lets a table implement it.
pub trait PrefetchExtra: Model {
    fn prefetch_extra<'a>(
        _loaders: &'a Loaders,
        _look: &'a async_graphql::Lookahead<'a>,
        _rows: &'a [Self],
    ) -> futures::future::BoxFuture<'a, async_graphql::Result<()>> {
        Box::pin(async { Ok(()) })
    }
}

/// Load (and cache) the rows of `T` whose `column` is one of `ids`, in one
/// statement; for prefetchers that recurse with their own logic.
pub async fn load_column<T: Model>(
    loaders: &Loaders,
    column: &'static str,
    ids: impl Iterator<Item = Uuid>,
) -> async_graphql::Result<Vec<T>> {
    let lists: Vec<Arc<Vec<T>>> = load_now(
        loaders,
        ids.map(|id| ByColumn::<T>::new(column, id)).collect(),
    )
    .await?;
    Ok(lists.iter().flat_map(|v| v.iter().cloned()).collect())
}

/// Load (and cache) the rows of `T` with these ids, in one statement.
pub async fn load_ids<T: Model>(
    loaders: &Loaders,
    ids: impl Iterator<Item = Uuid>,
) -> async_graphql::Result<Vec<T>> {
    load_now(loaders, ids.map(ById::<T>::new).collect()).await
}

/// Load (and cache) the rows of `T` linked to each of `ids` through `rel`,
/// in one statement; each row once.
pub async fn load_linked<T: Model>(
    loaders: &Loaders,
    rel: &'static ManyToMany,
    ids: impl Iterator<Item = Uuid>,
) -> async_graphql::Result<Vec<T>> {
    let key: RelKey = rel.into();
    let lists: Vec<Arc<Vec<T>>> =
        load_now(loaders, ids.map(|id| Linked::<T>::new(key, id)).collect()).await?;
    Ok(distinct(&lists))
}
