//! REST handler of `POST /actions/tasks/{task_id}/comment`.

use super::CommentInput;
use crate::rest::RestReply;
use crate::route::{Ctx, Req};
use tusk_db::Result;

/// `POST /actions/tasks/{task_id}/comment`: a token is required (401),
/// then the body is validated (400), then the task looked up (a malformed or unknown id is a 404, as
/// in Zou). A multipart body's first file becomes the comment's attachment.
/// Answers 201 with the comment as Zou serializes it.
pub async fn comment_task(c: Ctx<'_>, mut r: Req) -> Result<RestReply> {
    crate::guard::actor(c.s)?;
    let input = CommentInput::parse(&r.payload())?;
    let task = r.id("task_id")?;
    let file = r.upload.take();
    let posted = super::post(c.s, &c.app.storage, task, input, file).await?;
    RestReply::ok(201, &posted.zou_json()?)
}
