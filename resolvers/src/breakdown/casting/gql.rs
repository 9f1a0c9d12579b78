//! GraphQL fields for casting: read and replace an entity's casting (one
//! or several at once), share assets, delete a project's entity link. Each
//! calls the same service as its REST route, so permissions, events and the
//! episode roll-up are the same.

use super::input::{CastEntry, CastingInput, LABEL_MAX};
use super::{shared, views, write};
use async_graphql::{Context, InputObject, Object, SimpleObject, ID};
use tusk_db::{Error, Session};
use tusk_schema::{Entity, EntityLink};
use uuid::Uuid;

type R<T> = async_graphql::Result<T>;

fn session<'a>(ctx: &'a Context<'_>) -> R<&'a Session> {
    ctx.data::<Session>()
}

fn uuid(id: &ID) -> R<Uuid> {
    Ok(tusk_db::value::parse_uuid(id.as_str())?)
}

/// One asset an entity casts.
#[derive(SimpleObject, Debug, Clone)]
pub struct CastingEntry {
    pub asset_id: ID,
    pub asset_name: String,
    pub asset_type_name: String,
    /// The task type the asset is ready for.
    pub ready_for: Option<ID>,
    /// The asset's own episode.
    pub episode_id: Option<ID>,
    pub preview_file_id: Option<ID>,
    pub nb_occurences: Option<i32>,
    pub label: String,
    pub is_shared: bool,
    /// The asset's project (another one for a shared asset).
    pub project_id: ID,
}

impl From<&views::CastRow> for CastingEntry {
    fn from(r: &views::CastRow) -> Self {
        let id = |u: Uuid| ID(u.to_string());
        CastingEntry {
            asset_id: id(r.asset_id),
            asset_name: r.asset_name.clone(),
            asset_type_name: r.asset_type_name.clone(),
            ready_for: r.ready_for.map(id),
            episode_id: r.episode_id.map(id),
            preview_file_id: r.preview_file_id.map(id),
            nb_occurences: r.nb_occurences,
            label: r.label().to_owned(),
            is_shared: r.is_shared,
            project_id: id(r.project_id),
        }
    }
}

/// The casting of one entity.
#[derive(SimpleObject, Debug, Clone)]
pub struct EntityCasting {
    pub entity_id: ID,
    pub casting: Vec<CastingEntry>,
}

/// One asset to cast.
#[derive(InputObject, Debug, Clone)]
pub struct CastingInputEntry {
    pub asset_id: ID,
    #[graphql(default = 1)]
    pub nb_occurences: i32,
    /// At most 80 characters.
    #[graphql(default)]
    pub label: String,
}

/// The whole casting of one entity.
#[derive(InputObject, Debug, Clone)]
pub struct EntityCastingInput {
    pub entity_id: ID,
    pub casting: Vec<CastingInputEntry>,
}

fn casting_input(entries: &[CastingInputEntry]) -> R<CastingInput> {
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        if e.label.chars().count() > LABEL_MAX {
            return Err(
                Error::Invalid(format!("A label has at most {LABEL_MAX} characters")).into(),
            );
        }
        out.push(CastEntry {
            asset_id: uuid(&e.asset_id)?,
            nb_occurences: e.nb_occurences,
            label: e.label.clone(),
        });
    }
    Ok(CastingInput::from_entries(out))
}

/// The casting of `ids`, in that order (one statement).
async fn castings(s: &Session, ids: &[Uuid]) -> R<Vec<EntityCasting>> {
    let rows = views::rows(s, &views::Scope::Entities(ids.to_vec())).await?;
    Ok(ids
        .iter()
        .map(|id| EntityCasting {
            entity_id: ID(id.to_string()),
            casting: rows
                .iter()
                .filter(|r| r.entity_id == *id)
                .map(CastingEntry::from)
                .collect(),
        })
        .collect())
}

#[derive(Default)]
pub struct CastingQuery;

#[Object]
impl CastingQuery {
    /// What a shot, episode or asset casts, by asset type then name (team
    /// members but vendors). `projectId`, when given, must own the entity.
    async fn entity_casting(
        &self,
        ctx: &Context<'_>,
        entity_id: ID,
        project_id: Option<ID>,
    ) -> R<Vec<CastingEntry>> {
        let s = session(ctx)?;
        let id = uuid(&entity_id)?;
        let project = match project_id {
            Some(p) => uuid(&p)?,
            None => crate::breakdown::find(s, id, None).await?.project_id,
        };
        let rows = views::entity_casting(s, project, id).await?;
        Ok(rows.iter().map(CastingEntry::from).collect())
    }

    /// Shared assets of other projects that a project's shots (of one
    /// episode, when given) cast.
    async fn shared_assets_used(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        episode_id: Option<ID>,
    ) -> R<Vec<Entity>> {
        let s = session(ctx)?;
        let episode = episode_id.as_ref().map(uuid).transpose()?;
        Ok(shared::shared_used(s, uuid(&project_id)?, episode).await?)
    }
}

#[derive(Default)]
pub struct CastingMutation;

#[Object]
impl CastingMutation {
    /// Replace the casting of a shot, episode or asset (managers of its
    /// project). A shot's episode casts its assets too; an episode's assets
    /// that leave it leave its shots. Answers the new casting.
    async fn update_casting(
        &self,
        ctx: &Context<'_>,
        entity_id: ID,
        casting: Vec<CastingInputEntry>,
        project_id: Option<ID>,
    ) -> R<Vec<CastingEntry>> {
        let s = session(ctx)?;
        let id = uuid(&entity_id)?;
        let input = casting_input(&casting)?;
        let project = match project_id {
            Some(p) => uuid(&p)?,
            None => crate::breakdown::find(s, id, None).await?.project_id,
        };
        write::set_entity_casting(s, project, id, &input).await?;
        Ok(castings(s, &[id]).await?.remove(0).casting)
    }

    /// Replace the casting of several entities of a project at once: all
    /// or nothing. Answers their new casting.
    async fn update_castings(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        castings: Vec<EntityCastingInput>,
    ) -> R<Vec<EntityCasting>> {
        let s = session(ctx)?;
        let mut items = Vec::with_capacity(castings.len());
        for c in &castings {
            items.push((uuid(&c.entity_id)?, casting_input(&c.casting)?));
        }
        write::set_castings(s, uuid(&project_id)?, &items).await?;
        let ids: Vec<Uuid> = items.iter().map(|(id, _)| *id).collect();
        self::castings(s, &ids).await
    }

    /// Share assets with other projects, or stop sharing them: the given
    /// assets, or every asset of a project (of one asset type). Managers of
    /// the assets' projects.
    async fn share_assets(
        &self,
        ctx: &Context<'_>,
        asset_ids: Option<Vec<ID>>,
        project_id: Option<ID>,
        asset_type_id: Option<ID>,
        #[graphql(default = true)] is_shared: bool,
    ) -> R<Vec<Entity>> {
        let s = session(ctx)?;
        match (asset_ids, project_id) {
            (Some(ids), None) => {
                let ids: Vec<Uuid> = ids.iter().map(uuid).collect::<R<_>>()?;
                Ok(shared::share_assets(s, &ids, is_shared).await?)
            }
            (None, Some(p)) => {
                let t = asset_type_id.as_ref().map(uuid).transpose()?;
                Ok(shared::share_project_assets(s, uuid(&p)?, t, is_shared).await?)
            }
            _ => Err(Error::Invalid("Give either assetIds or projectId".into()).into()),
        }
    }

    /// Delete one casting link of a project (managers), with the episode
    /// roll-up a casting change runs. Answers the deleted link.
    /// (`deleteEntityLink` is the generic, admin-only row delete.)
    async fn delete_project_entity_link(
        &self,
        ctx: &Context<'_>,
        project_id: ID,
        entity_link_id: ID,
    ) -> R<EntityLink> {
        let s = session(ctx)?;
        Ok(write::delete_entity_link(s, uuid(&project_id)?, uuid(&entity_link_id)?).await?)
    }
}
