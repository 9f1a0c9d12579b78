//! Entity kinds as GraphQL types: `Asset`, `Shot`, `Sequence`, `Episode`,
//! `Scene`, `Edit`, `Concept` are typed views of the `entity` table.
//!
//! Each view has every field of `Entity` (flattened) plus the relations of
//! its kind (`Shot.sequence`, `Sequence.shots`, `Episode.sequences`…), and
//! root fields `shot(id)`/`shots(…)` and so on, connections filtered to the
//! kind. Relations are prefetched for a whole page at once, like the
//! generated ones.

use crate::models::entity::{EntityFilter, EntityOrderBy};
use crate::{kinds, Entity};
use async_graphql::{Context, Lookahead, Object};
use futures::future::BoxFuture;
use tusk_db::connection::{self, Page, TotalCount};
use tusk_db::filter::Pred;
use tusk_db::loaders::{self, Loaders, Prefetch};
use tusk_db::sql::Sql;
use tusk_db::{Session, SqlValue};

/// `entity_type_id` in the types of `kind`.
fn kind_pred(s: &Session, kind: &str) -> Pred {
    let mut q = Sql::new(s.db.dialect());
    q.qualified("entity", "entity_type_id")
        .push(" IN (SELECT \"id\" FROM \"entity_type\" WHERE \"name\"");
    if kind == "Asset" {
        q.push(" NOT IN ")
            .bind_list(
                kinds::TEMPORAL
                    .iter()
                    .map(|k| SqlValue::Text(Some((*k).to_owned()))),
            )
            .push(")");
    } else {
        q.push(" = ")
            .bind(SqlValue::Text(Some(kind.to_owned())))
            .push(")");
    }
    Pred::Raw(q)
}

fn rows_of_kind(rows: &[Entity], kind: &str) -> Vec<Entity> {
    rows.iter().filter(|e| e.kind() == kind).cloned().collect()
}

type ViewPrefetch = for<'a> fn(
    &'a Loaders,
    &'a Lookahead<'a>,
    &'a [Entity],
) -> BoxFuture<'a, async_graphql::Result<()>>;

/// Prefetch the relations a view adds, for a page of rows: its entity
/// fields, its parent (as the parent's view) and its children (as theirs),
/// recursively, one statement per relation and level.
fn prefetch_view<'a>(
    loaders: &'a Loaders,
    look: &'a Lookahead<'a>,
    rows: &'a [Entity],
    parent: Option<(&'static str, ViewPrefetch)>,
    children: Option<(&'static str, ViewPrefetch)>,
) -> BoxFuture<'a, async_graphql::Result<()>> {
    Box::pin(async move {
        if rows.is_empty() || !look.exists() {
            return Ok(());
        }
        Entity::prefetch(loaders, look, rows).await?;
        if let Some((f, then)) = parent {
            let sub = look.field(f);
            if sub.exists() {
                let parents: Vec<Entity> =
                    loaders::load_ids(loaders, rows.iter().filter_map(|r| r.parent_id)).await?;
                then(loaders, &sub, &parents).await?;
            }
        }
        if let Some((f, then)) = children {
            let sub = look.field(f);
            if sub.exists() {
                let kids: Vec<Entity> =
                    loaders::load_column(loaders, "parent_id", rows.iter().map(|r| r.id)).await?;
                then(loaders, &sub, &kids).await?;
            }
        }
        Ok(())
    })
}

macro_rules! view {
    (
        $(#[$doc:meta])*
        $name:ident, $kind:literal, one = $one:literal, list = $list:literal, query = $query:ident,
        parent = $parent:tt, children = $children:tt
        { $($extra:tt)* }
    ) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name(pub Entity);

        impl $name {
            fn prefetch<'a>(
                loaders: &'a Loaders,
                look: &'a Lookahead<'a>,
                rows: &'a [Entity],
            ) -> BoxFuture<'a, async_graphql::Result<()>> {
                prefetch_view(loaders, look, rows, view!(@rel $parent), view!(@rel $children))
            }
        }

        #[Object]
        impl $name {
            #[graphql(flatten)]
            async fn entity(&self) -> &Entity {
                &self.0
            }
            /// The kind of entity this is.
            async fn kind(&self) -> &'static str {
                $kind
            }
            $($extra)*
        }

        #[derive(Default)]
        pub struct $query;

        #[Object]
        impl $query {
            #[doc = concat!("One ", $kind, " by id, or null.")]
            #[graphql(name = $one)]
            async fn one(&self, ctx: &Context<'_>, id: async_graphql::ID) -> async_graphql::Result<Option<$name>> {
                let s = ctx.data::<Session>()?;
                let id = tusk_db::value::parse_uuid(id.as_str())?;
                let Some(e) = connection::resolve_one::<Entity>(ctx, s, id).await? else { return Ok(None) };
                if e.kind() != $kind {
                    return Ok(None);
                }
                if let Ok(l) = ctx.data::<Loaders>() {
                    $name::prefetch(l, &ctx.look_ahead(), std::slice::from_ref(&e)).await?;
                }
                Ok(Some($name(e)))
            }

            #[doc = concat!("The ", $kind, " entities the caller may see: filtered, ordered, paged.")]
            #[graphql(name = $list, complexity = "(first.or(last).unwrap_or(100).max(1) as usize) * child_complexity")]
            #[allow(clippy::too_many_arguments)]
            async fn list(
                &self,
                ctx: &Context<'_>,
                filter: Option<EntityFilter>,
                order_by: Option<EntityOrderBy>,
                updated_since: Option<chrono::NaiveDateTime>,
                first: Option<i32>,
                after: Option<String>,
                last: Option<i32>,
                before: Option<String>,
            ) -> async_graphql::Result<async_graphql::connection::Connection<String, $name, TotalCount>> {
                let s = ctx.data::<Session>()?;
                let pred = filter.map(|f| f.to_pred()).transpose()?;
                let pred = Pred::and(vec![kind_pred(s, $kind), pred.unwrap_or(Pred::True)]);
                let order = order_by.map(|o| (o.field.column(), o.direction == connection::OrderDirection::Desc));
                let page = Page { first, after, last, before, updated_since };
                kinds::refresh(&s.db).await?;
                let conn = connection::resolve_as(ctx, s, Some(pred), order, page, $name).await?;
                if let Ok(l) = ctx.data::<Loaders>() {
                    let rows: Vec<Entity> = conn.edges.iter().map(|e| e.node.0.clone()).collect();
                    let look = ctx.look_ahead();
                    $name::prefetch(l, &look.field("edges").field("node"), &rows).await?;
                    $name::prefetch(l, &look.field("nodes"), &rows).await?;
                }
                Ok(conn)
            }
        }
    };
    (@rel none) => { None };
    (@rel ($f:literal, $v:ident)) => { Some(($f, $v::prefetch as ViewPrefetch)) };
}

view!(
    /// An asset: a prop, character, environment… (any non-temporal type).
    Asset, "Asset", one = "asset", list = "assets", query = AssetQuery, parent = none, children = none {
        /// The asset type (an entity type).
        async fn asset_type(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<crate::EntityType>> {
            loaders::by_id::<crate::EntityType>(ctx, Some(self.0.entity_type_id)).await
        }
    }
);

view!(
    /// A shot, in a sequence.
    Shot, "Shot", one = "shot", list = "shots", query = ShotQuery, parent = ("sequence", Sequence), children = none {
        async fn sequence(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Sequence>> {
            Ok(loaders::by_id::<Entity>(ctx, self.0.parent_id).await?.map(Sequence))
        }
    }
);

view!(
    /// A sequence of shots, in an episode for TV shows.
    Sequence, "Sequence", one = "sequence", list = "sequences", query = SequenceQuery, parent = ("episode", Episode),
    children = ("shots", Shot) {
        async fn episode(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Episode>> {
            Ok(loaders::by_id::<Entity>(ctx, self.0.parent_id).await?.map(Episode))
        }
        /// Its shots, by name.
        async fn shots(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Shot>> {
            let rows = loaders::by_column::<Entity>(ctx, "parent_id", self.0.id).await?;
            Ok(rows_of_kind(&rows, "Shot").into_iter().map(Shot).collect())
        }
    }
);

view!(
    /// An episode of a TV show.
    Episode, "Episode", one = "episode", list = "episodes", query = EpisodeQuery, parent = none,
    children = ("sequences", Sequence) {
        /// Its sequences, by name.
        async fn sequences(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Sequence>> {
            let rows = loaders::by_column::<Entity>(ctx, "parent_id", self.0.id).await?;
            Ok(rows_of_kind(&rows, "Sequence").into_iter().map(Sequence).collect())
        }
    }
);

view!(
    /// A scene, in a sequence.
    Scene, "Scene", one = "scene", list = "scenes", query = SceneQuery, parent = ("sequence", Sequence), children = none {
        async fn sequence(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Sequence>> {
            Ok(loaders::by_id::<Entity>(ctx, self.0.parent_id).await?.map(Sequence))
        }
    }
);

view!(
    /// An edit, in an episode for TV shows.
    Edit, "Edit", one = "edit", list = "edits", query = EditQuery, parent = ("episode", Episode), children = none {
        async fn episode(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Episode>> {
            Ok(loaders::by_id::<Entity>(ctx, self.0.parent_id).await?.map(Episode))
        }
    }
);

view!(
    /// A concept (artwork illustrating assets or shots).
    Concept, "Concept", one = "concept", list = "concepts", query = ConceptQuery, parent = none, children = none {}
);

/// The root fields of the entity kinds.
#[derive(async_graphql::MergedObject, Default)]
pub struct ViewQuery(
    AssetQuery,
    ShotQuery,
    SequenceQuery,
    EpisodeQuery,
    SceneQuery,
    EditQuery,
    ConceptQuery,
);

// ---------------------------------------------------------------------------
// The breakdown of a project, and casting links as typed views

/// The project's entities of `kind`, by name (one statement for all the
/// projects of a page, shared by the kinds: see [`prefetch_project`]).
async fn project_entities(
    ctx: &Context<'_>,
    project: uuid::Uuid,
    kind: &str,
) -> async_graphql::Result<Vec<Entity>> {
    let s = ctx.data::<Session>()?;
    kinds::refresh(&s.db).await?;
    let all = loaders::by_column::<Entity>(ctx, "project_id", project).await?;
    let mut rows = rows_of_kind(&all, kind);
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(rows)
}

/// GraphQL fields of a project listing its breakdown.
pub struct ProjectBreakdown<'a>(pub &'a crate::Project);

#[Object]
impl ProjectBreakdown<'_> {
    /// Its episodes, by name.
    async fn episodes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Episode>> {
        Ok(project_entities(ctx, self.0.id, "Episode")
            .await?
            .into_iter()
            .map(Episode)
            .collect())
    }
    /// Its sequences, by name.
    async fn sequences(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Sequence>> {
        Ok(project_entities(ctx, self.0.id, "Sequence")
            .await?
            .into_iter()
            .map(Sequence)
            .collect())
    }
    /// Its shots, by name.
    async fn shots(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Shot>> {
        Ok(project_entities(ctx, self.0.id, "Shot")
            .await?
            .into_iter()
            .map(Shot)
            .collect())
    }
    /// Its scenes, by name.
    async fn scenes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Scene>> {
        Ok(project_entities(ctx, self.0.id, "Scene")
            .await?
            .into_iter()
            .map(Scene)
            .collect())
    }
    /// Its edits, by name.
    async fn edits(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Edit>> {
        Ok(project_entities(ctx, self.0.id, "Edit")
            .await?
            .into_iter()
            .map(Edit)
            .collect())
    }
    /// Its concepts, by name.
    async fn concepts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Concept>> {
        Ok(project_entities(ctx, self.0.id, "Concept")
            .await?
            .into_iter()
            .map(Concept)
            .collect())
    }
    /// Its assets, by name.
    async fn assets(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Asset>> {
        Ok(project_entities(ctx, self.0.id, "Asset")
            .await?
            .into_iter()
            .map(Asset)
            .collect())
    }
}

/// Prefetch the breakdown fields a query selects under a page of projects:
/// one statement loads the entities of all of them, then each kind's view
/// prefetches its own relations.
pub fn prefetch_project<'a>(
    loaders: &'a Loaders,
    look: &'a Lookahead<'a>,
    rows: &'a [crate::Project],
) -> BoxFuture<'a, async_graphql::Result<()>> {
    Box::pin(async move {
        const FIELDS: [(&str, &str); 7] = [
            ("episodes", "Episode"),
            ("sequences", "Sequence"),
            ("shots", "Shot"),
            ("scenes", "Scene"),
            ("edits", "Edit"),
            ("concepts", "Concept"),
            ("assets", "Asset"),
        ];
        if !FIELDS.iter().any(|(f, _)| look.field(f).exists()) {
            return Ok(());
        }
        let all: Vec<Entity> =
            loaders::load_column(loaders, "project_id", rows.iter().map(|p| p.id)).await?;
        // Sorted by kind below, so the kinds first (as every request that
        // reads entities does): on a server that just started, every
        // entity would otherwise be an asset, no shot prefetched, and each
        // shot's tasks a batch of their own.
        kinds::refresh(&loaders.loader().session().db).await?;
        for (field, kind) in FIELDS {
            let sub = look.field(field);
            if !sub.exists() {
                continue;
            }
            let of_kind: Vec<Entity> = all.iter().filter(|e| e.kind() == kind).cloned().collect();
            let prefetch: ViewPrefetch = match kind {
                "Episode" => Episode::prefetch,
                "Sequence" => Sequence::prefetch,
                "Shot" => Shot::prefetch,
                "Scene" => Scene::prefetch,
                "Edit" => Edit::prefetch,
                "Concept" => Concept::prefetch,
                _ => Asset::prefetch,
            };
            prefetch(loaders, &sub, &of_kind).await?;
        }
        Ok(())
    })
}

/// GraphQL fields of a casting link (`entity_link`) as typed views.
pub struct EntityLinkFields<'a>(pub &'a crate::EntityLink);

#[Object]
impl EntityLinkFields<'_> {
    /// The asset cast (the link's `entity_out`). An `Entity`, not the
    /// `Asset` view: a view flattens `Entity`, which reaches this field, and
    /// a flattened type must be complete before it is copied.
    async fn asset(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Entity>> {
        loaders::by_id::<Entity>(ctx, Some(self.0.entity_out_id)).await
    }
    /// The shot (or episode, asset…) casting it (the link's `entity_in`).
    async fn cast_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Entity>> {
        loaders::by_id::<Entity>(ctx, Some(self.0.entity_in_id)).await
    }
}

/// Prefetch what the typed link fields select, for a page of links.
pub fn prefetch_links<'a>(
    loaders: &'a Loaders,
    look: &'a Lookahead<'a>,
    rows: &'a [crate::EntityLink],
) -> BoxFuture<'a, async_graphql::Result<()>> {
    Box::pin(async move {
        let asset = look.field("asset");
        if asset.exists() {
            let out: Vec<Entity> =
                loaders::load_ids(loaders, rows.iter().map(|l| l.entity_out_id)).await?;
            Entity::prefetch(loaders, &asset, &out).await?;
        }
        let by = look.field("castBy");
        if by.exists() {
            let ins: Vec<Entity> =
                loaders::load_ids(loaders, rows.iter().map(|l| l.entity_in_id)).await?;
            Entity::prefetch(loaders, &by, &ins).await?;
        }
        Ok(())
    })
}

impl tusk_db::loaders::PrefetchExtra for crate::EntityLink {
    fn prefetch_extra<'a>(
        loaders: &'a Loaders,
        look: &'a Lookahead<'a>,
        rows: &'a [Self],
    ) -> BoxFuture<'a, async_graphql::Result<()>> {
        prefetch_links(loaders, look, rows)
    }
}
