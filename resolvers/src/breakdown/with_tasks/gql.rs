//! GraphQL fields of the with-tasks views and detail rows. They call the
//! same services as the REST routes (same permissions, same rows) and
//! answer Zou's JSON as a `JSON` scalar.

use super::{Params, View};
use async_graphql::{Context, Json, Object, ID};
use serde_json::Value;
use tusk_db::{Error, Session};
use uuid::Uuid;

type R<T> = async_graphql::Result<T>;

fn session<'a>(ctx: &'a Context<'_>) -> R<&'a Session> {
    ctx.data::<Session>()
}

fn parse_json(bytes: &[u8]) -> R<Json<Value>> {
    Ok(Json(
        serde_json::from_slice(bytes).map_err(Error::internal)?,
    ))
}

fn id(raw: &ID) -> R<Uuid> {
    Ok(tusk_db::value::parse_hyphenated(raw.as_str()).ok_or_else(Error::not_found)?)
}

async fn view(
    ctx: &Context<'_>,
    view: View,
    project_id: Option<ID>,
    episode_id: Option<ID>,
    compact: bool,
) -> R<Json<Value>> {
    let mut p = Params::parse(view, |k| match k {
        "project_id" => project_id.as_ref().map(|i| i.as_str()),
        "episode_id" => episode_id.as_ref().map(|i| i.as_str()),
        _ => None,
    })?;
    p.compact = compact && view.has_forms();
    let answer = super::view(session(ctx)?, view, &p).await?;
    parse_json(&super::body_bytes(answer.body).await?)
}

#[derive(Default)]
pub struct WithTasksQuery;

#[Object]
impl WithTasksQuery {
    /// Shots with their tasks, as Zou's `GET /data/shots/with-tasks`
    /// (`compact`: Zou's compact object of field lists and rows).
    async fn shots_with_tasks(
        &self,
        ctx: &Context<'_>,
        project_id: Option<ID>,
        episode_id: Option<ID>,
        #[graphql(default)] compact: bool,
    ) -> R<Json<Value>> {
        view(ctx, View::Shots, project_id, episode_id, compact).await
    }

    /// Assets with their tasks, as `GET /data/assets/with-tasks`.
    async fn assets_with_tasks(
        &self,
        ctx: &Context<'_>,
        project_id: Option<ID>,
        episode_id: Option<ID>,
        #[graphql(default)] compact: bool,
    ) -> R<Json<Value>> {
        view(ctx, View::Assets, project_id, episode_id, compact).await
    }

    /// Sequences with their tasks, as `GET /data/sequences/with-tasks`.
    async fn sequences_with_tasks(
        &self,
        ctx: &Context<'_>,
        project_id: Option<ID>,
        episode_id: Option<ID>,
    ) -> R<Json<Value>> {
        view(ctx, View::Sequences, project_id, episode_id, false).await
    }

    /// Episodes with their tasks, as `GET /data/episodes/with-tasks`.
    async fn episodes_with_tasks(
        &self,
        ctx: &Context<'_>,
        project_id: Option<ID>,
        episode_id: Option<ID>,
    ) -> R<Json<Value>> {
        view(ctx, View::Episodes, project_id, episode_id, false).await
    }

    /// Scenes with their tasks, as `GET /data/scenes/with-tasks`.
    async fn scenes_with_tasks(
        &self,
        ctx: &Context<'_>,
        project_id: Option<ID>,
        episode_id: Option<ID>,
    ) -> R<Json<Value>> {
        view(ctx, View::Scenes, project_id, episode_id, false).await
    }

    /// Edits with their tasks, as `GET /data/edits/with-tasks`.
    async fn edits_with_tasks(
        &self,
        ctx: &Context<'_>,
        project_id: Option<ID>,
        episode_id: Option<ID>,
    ) -> R<Json<Value>> {
        view(ctx, View::Edits, project_id, episode_id, false).await
    }

    /// Concepts with their tasks, as `GET /data/concepts/with-tasks`.
    async fn concepts_with_tasks(
        &self,
        ctx: &Context<'_>,
        project_id: Option<ID>,
    ) -> R<Json<Value>> {
        view(ctx, View::Concepts, project_id, None, false).await
    }

    /// Concepts linked to an entity, with their tasks, as
    /// `GET /data/entities/{id}/entities-linked/with-tasks`.
    async fn entities_linked_with_tasks(&self, ctx: &Context<'_>, entity_id: ID) -> R<Json<Value>> {
        let body = super::entities_linked(session(ctx)?, id(&entity_id)?).await?;
        parse_json(&super::body_bytes(body).await?)
    }

    /// A shot with its tasks and relations, as `GET /data/shots/{id}`.
    async fn shot_with_tasks(&self, ctx: &Context<'_>, id: ID) -> R<Json<Value>> {
        parse_json(&super::shot(session(ctx)?, self::id(&id)?).await?)
    }

    /// An asset with its tasks and relations, as `GET /data/assets/{id}`.
    async fn asset_with_tasks(&self, ctx: &Context<'_>, id: ID) -> R<Json<Value>> {
        parse_json(&super::asset(session(ctx)?, self::id(&id)?).await?)
    }

    /// An edit with its tasks, as `GET /data/edits/{id}`.
    async fn edit_with_tasks(&self, ctx: &Context<'_>, id: ID) -> R<Json<Value>> {
        parse_json(&super::edit(session(ctx)?, self::id(&id)?).await?)
    }

    /// A concept with its tasks and relations, as `GET /data/concepts/{id}`.
    async fn concept_with_tasks(&self, ctx: &Context<'_>, id: ID) -> R<Json<Value>> {
        parse_json(&super::concept(session(ctx)?, self::id(&id)?).await?)
    }
}
