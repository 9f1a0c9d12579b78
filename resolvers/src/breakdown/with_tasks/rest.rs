//! REST handlers of the with-tasks views and the detail GETs that embed
//! their rows (registered in `rest-compat/src/breakdown/with_tasks.rs`).

use super::{Params, View};
use crate::rest::RestReply;
use crate::route::{Ctx, Req};
use tusk_db::Result;

async fn list(c: Ctx<'_>, r: Req, view: View) -> Result<RestReply> {
    let p = Params::parse(view, |k| r.arg(k))?;
    let answer = super::view(c.s, view, &p).await?;
    let mut reply = RestReply::body(200, answer.body);
    if answer.ndjson {
        reply.content_type = "application/x-ndjson";
    }
    Ok(reply)
}

/// `GET /data/shots/with-tasks`.
pub async fn shots(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    list(c, r, View::Shots).await
}

/// `GET /data/assets/with-tasks`.
pub async fn assets(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    list(c, r, View::Assets).await
}

/// `GET /data/sequences/with-tasks`.
pub async fn sequences(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    list(c, r, View::Sequences).await
}

/// `GET /data/episodes/with-tasks`.
pub async fn episodes(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    list(c, r, View::Episodes).await
}

/// `GET /data/scenes/with-tasks`.
pub async fn scenes(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    list(c, r, View::Scenes).await
}

/// `GET /data/edits/with-tasks`.
pub async fn edits(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    list(c, r, View::Edits).await
}

/// `GET /data/concepts/with-tasks`.
pub async fn concepts(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    list(c, r, View::Concepts).await
}

/// `GET /data/entities/{entity_id}/entities-linked/with-tasks`.
pub async fn entities_linked(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    let body = super::entities_linked(c.s, r.id("entity_id")?).await?;
    Ok(RestReply::body(200, body))
}

/// `GET /data/shots/{shot_id}`.
pub async fn shot(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    Ok(RestReply::bytes(
        200,
        super::shot(c.s, r.id("shot_id")?).await?,
    ))
}

/// `GET /data/assets/{asset_id}` (a malformed id is a 404; Zou crashes).
pub async fn asset(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    Ok(RestReply::bytes(
        200,
        super::asset(c.s, r.id("asset_id")?).await?,
    ))
}

/// `GET /data/edits/{edit_id}` (a malformed id is a 404; Zou crashes).
pub async fn edit(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    Ok(RestReply::bytes(
        200,
        super::edit(c.s, r.id("edit_id")?).await?,
    ))
}

/// `GET /data/concepts/{concept_id}` (a malformed id is a 404; Zou crashes).
pub async fn concept(c: Ctx<'_>, r: Req) -> Result<RestReply> {
    Ok(RestReply::bytes(
        200,
        super::concept(c.s, r.id("concept_id")?).await?,
    ))
}
