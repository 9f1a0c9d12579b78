//! The `commentTask` mutation: the same service as the REST route.

use super::CommentInput;
use crate::app::App;
use async_graphql::{Context, InputObject, Json, Object, ID};
use serde_json::Value;
use tusk_db::{Error, Session};
use tusk_schema::Comment;

type R<T> = async_graphql::Result<T>;

/// A comment on a task, possibly changing its status.
#[derive(InputObject)]
pub struct CommentTaskInput {
    /// The status the task takes (its current one to only comment).
    pub task_status_id: ID,
    /// The text; `@Full Name` and `@Department` mention, `#tasktype` (or
    /// `#all`) copies the comment to the entity's other tasks.
    pub comment: Option<String>,
    /// The author (managers only; ignored for others).
    pub person_id: Option<ID>,
    /// The comment's date, `YYYY-MM-DD HH:MM:SS` (managers only). An older
    /// date than the task's last comment recomputes the task from its
    /// history instead of changing its status.
    pub created_at: Option<String>,
    /// Checklist items (any JSON values).
    pub checklist: Option<Vec<Json<Value>>>,
    pub links: Option<Vec<String>>,
    /// Visible to clients (managers only).
    pub for_client: Option<bool>,
}

#[derive(Default)]
pub struct CommentsMutation;

#[Object]
impl CommentsMutation {
    /// Comment a task, with a status change when `taskStatusId` differs
    /// from the task's status; notifies its assignees and subscribers and
    /// runs the project's status automations (Zou's
    /// `POST /actions/tasks/{id}/comment`).
    async fn comment_task(
        &self,
        ctx: &Context<'_>,
        task_id: ID,
        input: CommentTaskInput,
    ) -> R<Comment> {
        let s = ctx.data::<Session>()?;
        let app = ctx.data::<App>()?;
        let task =
            tusk_db::value::parse_hyphenated(task_id.as_str()).ok_or_else(Error::not_found)?;
        let input = CommentInput {
            task_status_id: input.task_status_id.to_string(),
            text: input.comment.unwrap_or_default(),
            person_id: input.person_id.map(|p| p.to_string()).unwrap_or_default(),
            created_at: input.created_at.unwrap_or_default(),
            checklist: input
                .checklist
                .unwrap_or_default()
                .into_iter()
                .map(|j| j.0)
                .collect(),
            links: input.links.unwrap_or_default(),
            for_client: input.for_client.unwrap_or(false),
        };
        Ok(super::post(s, &app.storage, task, input, None)
            .await?
            .comment)
    }
}
