//! The breakdown's GraphQL roots: [`BreakdownFieldsQuery`] and
//! [`BreakdownFieldsMutation`] merge the fields of each feature module, and the
//! entity mutations live here. Each field calls the same service as its
//! REST route, so permissions and events agree. Reads of the tree go
//! through the typed views (`project { episodes { sequences { shots … } } } }`,
//! `shots(filter…)`, in `tusk_schema::views`).

use super::entities::{self, Deleted, NewEntity};
use super::Kind;
use async_graphql::{Context, InputObject, Json, MergedObject, Object, SimpleObject, ID};
use serde_json::Value;
use tusk_db::{Error, Session};
use tusk_schema::views::{Asset, Concept, Edit, Episode, Scene, Sequence, Shot};
use tusk_schema::Task;
use uuid::Uuid;

type R<T> = async_graphql::Result<T>;

/// Every breakdown query field.
#[derive(MergedObject, Default)]
pub struct BreakdownFieldsQuery(
    super::with_tasks::gql::WithTasksQuery,
    super::casting::gql::CastingQuery,
    super::stats::gql::StatsQuery,
);

/// Every breakdown mutation.
#[derive(MergedObject, Default)]
pub struct BreakdownFieldsMutation(
    EntitiesMutation,
    super::casting::gql::CastingMutation,
    super::instances::gql::InstancesMutation,
    super::stats::gql::StatsMutation,
);

fn session<'a>(ctx: &'a Context<'_>) -> R<&'a Session> {
    ctx.data::<Session>()
}

fn uuid(id: &ID) -> R<Uuid> {
    Ok(tusk_db::value::parse_uuid(id.as_str())?)
}

fn opt_uuid(id: &Option<ID>) -> R<Option<Uuid>> {
    id.as_ref().map(uuid).transpose()
}

/// What every new entity has: a name, and optionally a description and
/// custom `data`.
#[derive(InputObject)]
pub struct NewEntityInput {
    pub name: String,
    pub description: Option<String>,
    pub data: Option<Json<Value>>,
}

impl NewEntityInput {
    fn into_new(self, kind: Kind) -> R<NewEntity> {
        let data = match self.data {
            Some(Json(Value::Object(m))) => Some(Value::Object(m)),
            Some(Json(Value::Null)) | None => None,
            Some(_) => return Err(Error::bad_request("data must be an object").into()),
        };
        let default_description = matches!(
            kind,
            Kind::Episode | Kind::Sequence | Kind::Edit | Kind::Asset
        )
        .then(String::new);
        Ok(NewEntity {
            name: self.name,
            description: self.description.or(default_description),
            data,
            ..NewEntity::default()
        })
    }
}

/// How `removeEntity` went: canceled (it has tasks) or removed.
#[derive(SimpleObject)]
pub struct EntityRemoval {
    pub id: ID,
    /// `true` when the entity was only marked canceled.
    pub canceled: bool,
}

#[derive(Default)]
pub struct EntitiesMutation;

async fn create(
    ctx: &Context<'_>,
    project: &ID,
    kind: Kind,
    new: NewEntity,
) -> R<tusk_schema::Entity> {
    let s = session(ctx)?;
    Ok(entities::create(s, uuid(project)?, kind, new).await?.entity)
}

#[Object]
impl EntitiesMutation {
    /// Create an episode (or answer the existing one of that name).
    async fn create_episode(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        input: NewEntityInput,
    ) -> R<Episode> {
        Ok(Episode(
            create(
                ctx,
                &project_id,
                Kind::Episode,
                input.into_new(Kind::Episode)?,
            )
            .await?,
        ))
    }

    /// Create a sequence, in an episode for TV shows.
    async fn create_sequence(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        episode_id: Option<ID>,
        input: NewEntityInput,
    ) -> R<Sequence> {
        let mut new = input.into_new(Kind::Sequence)?;
        new.parent_id = opt_uuid(&episode_id)?;
        Ok(Sequence(
            create(ctx, &project_id, Kind::Sequence, new).await?,
        ))
    }

    /// Create a shot in a sequence.
    async fn create_shot(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        sequence_id: Option<ID>,
        nb_frames: Option<i32>,
        input: NewEntityInput,
    ) -> R<Shot> {
        let mut new = input.into_new(Kind::Shot)?;
        new.parent_id = opt_uuid(&sequence_id)?;
        new.nb_frames = nb_frames;
        Ok(Shot(create(ctx, &project_id, Kind::Shot, new).await?))
    }

    /// Create a scene in a sequence (Zou keeps neither its description nor
    /// its data).
    async fn create_scene(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        sequence_id: Option<ID>,
        name: String,
    ) -> R<Scene> {
        let new = NewEntity {
            name,
            parent_id: opt_uuid(&sequence_id)?,
            ..NewEntity::default()
        };
        Ok(Scene(create(ctx, &project_id, Kind::Scene, new).await?))
    }

    /// Create an edit, in an episode for TV shows.
    async fn create_edit(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        episode_id: Option<ID>,
        input: NewEntityInput,
    ) -> R<Edit> {
        let mut new = input.into_new(Kind::Edit)?;
        new.parent_id = opt_uuid(&episode_id)?;
        if let Some(ep) = new.parent_id {
            super::find(session(ctx)?, ep, Some(Kind::Episode)).await?;
        }
        Ok(Edit(create(ctx, &project_id, Kind::Edit, new).await?))
    }

    /// Create a concept, linked to the given entities.
    async fn create_concept(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        linked_entity_ids: Option<Vec<ID>>,
        input: NewEntityInput,
    ) -> R<Concept> {
        let mut new = input.into_new(Kind::Concept)?;
        new.concept_links = linked_entity_ids
            .unwrap_or_default()
            .iter()
            .map(uuid)
            .collect::<R<_>>()?;
        Ok(Concept(create(ctx, &project_id, Kind::Concept, new).await?))
    }

    /// Create an asset of an asset type (never idempotent), from an
    /// episode when given.
    async fn create_asset(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        asset_type_id: ID,
        episode_id: Option<ID>,
        is_shared: Option<bool>,
        input: NewEntityInput,
    ) -> R<Asset> {
        let mut new = input.into_new(Kind::Asset)?;
        new.source_id = opt_uuid(&episode_id)?;
        new.is_shared = is_shared;
        let s = session(ctx)?;
        Ok(Asset(
            entities::create_asset(s, uuid(&project_id)?, uuid(&asset_type_id)?, new).await?,
        ))
    }

    /// Remove an entity as Zou's delete routes do: one with tasks is only
    /// canceled unless `force`; sequences and episodes that still hold
    /// entities refuse unless `force`.
    async fn remove_entity(
        &self,
        ctx: &Context<'_>,
        id: ID,
        force: Option<bool>,
    ) -> R<EntityRemoval> {
        let s = session(ctx)?;
        let e = super::find(s, uuid(&id)?, None).await?;
        let kind = Kind::of(&e).unwrap_or(Kind::Asset);
        let outcome = entities::delete(s, e.id, kind, force.unwrap_or(false)).await?;
        Ok(EntityRemoval {
            id,
            canceled: outcome == Deleted::Canceled,
        })
    }

    /// Delete entities of a project at once (canceled ones for good); the
    /// ids deleted or canceled.
    async fn delete_entities(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        ids: Vec<ID>,
        force: Option<bool>,
    ) -> R<Vec<ID>> {
        let ids: Vec<Uuid> = ids.iter().map(uuid).collect::<R<_>>()?;
        let done = entities::delete_entities(
            session(ctx)?,
            uuid(&project_id)?,
            &ids,
            force.unwrap_or(false),
        )
        .await?;
        Ok(done.into_iter().map(|u| ID(u.to_string())).collect())
    }

    /// Create an entity's tasks for these task types (all the project's
    /// task types for its kind when none are given); the new tasks.
    async fn create_entity_tasks(
        &self,
        ctx: &Context<'_>,
        entity_id: ID,
        task_type_ids: Option<Vec<ID>>,
    ) -> R<Vec<Task>> {
        let types = task_type_ids
            .map(|v| v.iter().map(uuid).collect::<R<Vec<_>>>())
            .transpose()?;
        let (created, _) = entities::create_tasks(session(ctx)?, uuid(&entity_id)?, types).await?;
        Ok(created.into_iter().map(|(t, _)| t).collect())
    }
}
