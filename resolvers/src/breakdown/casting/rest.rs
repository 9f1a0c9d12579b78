//! REST handlers of the casting routes (Zou's `breakdown` and `assets`
//! blueprints): parse the request, call the service, answer Zou's JSON.

use super::input::{self, id_field};
use super::{links, shared, views, write};
use crate::rest::RestReply;
use crate::route::{Ctx, LaxBool, Req};
use serde_json::Value;
use tusk_db::{Error, Result};
use uuid::Uuid;

fn ok(v: &impl serde::Serialize) -> Result<RestReply> {
    RestReply::ok(200, v)
}

fn entries(rows: &[views::CastRow]) -> Vec<Value> {
    rows.iter().map(views::CastRow::entry_json).collect()
}

// --- one entity --------------------------------------------------------------

pub async fn entity_casting(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let rows = views::entity_casting(c.s, r.id("project_id")?, r.id("entity_id")?).await?;
    ok(&entries(&rows))
}

/// Zou answers the body it was sent, extra keys included.
pub async fn set_entity_casting(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let project = r.id("project_id")?;
    let entity = r.id("entity_id")?;
    super::access(c.s, project, super::Access::Write)?;
    let items = match &r.body {
        Value::Null => return Err(input::no_json_body()),
        Value::Array(a) => a,
        _ => return Err(Error::bad_request("Request body must be a JSON array")),
    };
    let casting = input::parse_project_casting(items, "")?;
    write::set_entity_casting(c.s, project, entity, &casting).await?;
    ok(&r.body)
}

pub async fn asset_casting(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let rows = views::asset_casting(c.s, r.id("asset_id")?).await?;
    ok(&entries(&rows))
}

/// The asset route answers the entries normalised (`label` always set).
pub async fn set_asset_casting(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let asset = r.id("asset_id")?;
    let Value::Array(items) = &r.body else {
        return Err(Error::Invalid("Request body must be a JSON array.".into()));
    };
    let (casting, echo) = input::parse_asset_casting(items)?;
    write::set_asset_casting(c.s, asset, &casting).await?;
    ok(&echo)
}

/// The message of every malformed batch body.
const BATCH_SHAPE: &str = "Request body must be a JSON object mapping entity ids to casting arrays";

/// `{entity_id: [casting…], …}`; answers the body.
pub async fn set_castings(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let project = r.id("project_id")?;
    super::access(c.s, project, super::Access::Write)?;
    let obj = match &r.body {
        Value::Null => return Err(input::no_json_body()),
        Value::Object(o) => o,
        _ => return Err(Error::bad_request(BATCH_SHAPE)),
    };
    if obj.values().any(|v| !v.is_array()) {
        return Err(Error::bad_request(BATCH_SHAPE));
    }
    let mut items = Vec::with_capacity(obj.len());
    for (k, v) in obj {
        // A key that is not an id names no entity: Zou's 404.
        let id = tusk_db::value::parse_hyphenated(k).ok_or_else(Error::not_found)?;
        let list = v.as_array().map(Vec::as_slice).unwrap_or(&[]);
        items.push((id, input::parse_project_casting(list, k)?));
    }
    write::set_castings(c.s, project, &items).await?;
    ok(&r.body)
}

// --- bulk views ----------------------------------------------------------------

pub async fn sequence_casting(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    ok(&views::sequence_casting(c.s, r.id("project_id")?, r.id("sequence_id")?).await?)
}

pub async fn all_sequences_casting(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    ok(&views::all_sequences_casting(c.s, r.id("project_id")?).await?)
}

pub async fn episode_sequences_casting(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let project = r.id("project_id")?;
    // An episode that does not exist casts nothing: Zou answers `{}`.
    let episode = r.id("episode_id").unwrap_or(Uuid::nil());
    ok(&views::episode_sequences_casting(c.s, project, episode).await?)
}

pub async fn episodes_casting(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    ok(&views::episodes_casting(c.s, r.id("project_id")?).await?)
}

pub async fn asset_type_casting(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    ok(&views::asset_type_casting(c.s, r.id("project_id")?, r.id("asset_type_id")?).await?)
}

pub async fn cast_in(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    ok(&views::cast_in(c.s, r.id("asset_id")?).await?)
}

// --- shared assets ---------------------------------------------------------------

/// `is_shared` of a share body: `true` when missing (Zou's default).
fn is_shared(body: &Value) -> Result<bool> {
    match body.get("is_shared") {
        None | Some(Value::Null) => Ok(true),
        Some(v) => crate::route::parse_value::<LaxBool>(v.clone())
            .map(|b| b.0)
            .map_err(|_| {
                crate::route::validation(
                    "is_shared",
                    "Input should be a valid boolean, unable to interpret input",
                )
            }),
    }
}

pub async fn share_assets(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let body = r.payload();
    let ids: Vec<Uuid> = match body.get("asset_ids") {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, v)| id_field(v, &format!("asset_ids.{i}")))
            .collect::<Result<_>>()?,
        Some(_) => {
            return Err(crate::route::validation(
                "asset_ids",
                "Input should be a valid list",
            ))
        }
    };
    let shared_flag = is_shared(&body)?;
    let rows = shared::share_assets(c.s, &ids, shared_flag).await?;
    ok(&shared::rows_json(c.s, &rows).await?)
}

pub async fn share_project_assets(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let project = r.id("project_id")?;
    let flag = is_shared(&r.payload())?;
    let rows = shared::share_project_assets(c.s, project, None, flag).await?;
    ok(&shared::rows_json(c.s, &rows).await?)
}

pub async fn share_asset_type_assets(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let project = r.id("project_id")?;
    let asset_type = r.id("asset_type_id")?;
    let flag = is_shared(&r.payload())?;
    let rows = shared::share_project_assets(c.s, project, Some(asset_type), flag).await?;
    ok(&shared::rows_json(c.s, &rows).await?)
}

pub async fn shared_used(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let rows = shared::shared_used(c.s, r.id("project_id")?, None).await?;
    ok(&shared::rows_json(c.s, &rows).await?)
}

pub async fn episode_shared_used(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let project = r.id("project_id")?;
    let episode = r.id("episode_id").unwrap_or(Uuid::nil());
    let rows = shared::shared_used(c.s, project, Some(episode)).await?;
    ok(&shared::rows_json(c.s, &rows).await?)
}

// --- entity links ------------------------------------------------------------------

pub async fn project_links(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let paging = links::paging(&r.query)?;
    ok(&links::project_links(c.s, r.id("project_id")?, paging).await?)
}

/// Answers the deleted link (200, not 204).
pub async fn delete_link(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let row = write::delete_entity_link(c.s, r.id("project_id")?, r.id("entity_link_id")?).await?;
    ok(&Value::Object(tusk_db::zou::json_map(&row)?))
}
