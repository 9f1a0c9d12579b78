//! The task's status and dates after a comment (Zou's
//! `_manage_status_change`, `update_task` and `reset_task_data`).
//!
//! The newest comment (dates compared to the second, as Zou compares their
//! serialized form) sets the task's status and `last_comment_date`. When it
//! changes the status: a retake counts one more retake, the first
//! work-in-progress status stamps `real_start_date`, a feedback request
//! stamps `end_date` (other statuses but done clear it), a done status
//! stamps `done_date` (others clear it). A back-dated comment changes no
//! status: the task is recomputed from its whole history instead, so
//! importing old comments cannot rewind it.

use super::{id_json, opt_id_json, to_second, uuid, TaskCtx, Writer};
use chrono::NaiveDateTime;
use serde_json::Value;
use tusk_db::{Model, Result, SqlValue};
use tusk_schema::{Comment, Task, TaskStatus};

impl Writer<'_> {
    /// Apply the comment's status to its task; true when the status
    /// changed. `ctx.task` is the task afterwards.
    pub(super) async fn apply_status(
        &mut self,
        ctx: &mut TaskCtx,
        status: &TaskStatus,
        comment: &Comment,
    ) -> Result<bool> {
        let created = to_second(comment.created_at);
        let is_last = ctx
            .task
            .last_comment_date
            .is_none_or(|last| to_second(last) <= created);
        if !is_last {
            self.reset_task(ctx).await?;
            return Ok(false);
        }
        let task = &ctx.task;
        let previous = task.task_status_id;
        let changed = previous != Some(status.id);
        let now = SqlValue::Timestamp(Some(tusk_db::fmt::now()));
        let mut values = vec![
            ("task_status_id", uuid(status.id)),
            ("last_comment_date", SqlValue::Timestamp(Some(created))),
        ];
        if changed {
            if status.is_retake == Some(true) {
                values.push((
                    "retake_count",
                    SqlValue::Int(Some(task.retake_count.unwrap_or(0) + 1)),
                ));
            }
            if status.is_wip == Some(true) && task.real_start_date.is_none() {
                values.push(("real_start_date", now.clone()));
            }
            if status.is_feedback_request == Some(true) {
                values.push(("end_date", now.clone()));
            } else if status.is_done != Some(true) {
                values.push(("end_date", SqlValue::Timestamp(None)));
            }
            let done = if status.is_done == Some(true) {
                now
            } else {
                SqlValue::Timestamp(None)
            };
            values.push(("done_date", done));
        }
        let values = tusk_db::engine::assignments(<Task as Model>::META, values);
        let task: Task = tusk_db::engine::update_in_tx(&mut self.tx, task.id, &values).await?;
        let project = task.project_id;
        self.emit(
            "task:update",
            vec![("task_id", id_json(task.id))],
            project,
            true,
        )
        .await?;
        if changed {
            let change = vec![
                ("task_id", id_json(task.id)),
                ("new_task_status_id", id_json(status.id)),
                ("previous_task_status_id", opt_id_json(previous)),
                ("person_id", id_json(comment.person_id)),
            ];
            self.emit("task:status-changed", change.clone(), project, true)
                .await?;
            if status.is_feedback_request == Some(true) {
                let mut review = change;
                review.push(("comment_id", id_json(comment.id)));
                self.emit("task:to-review", review, project, true).await?;
            }
        }
        ctx.task = task;
        Ok(changed)
    }

    /// Recompute the task from its comments, oldest first: the last one's
    /// status and date, a retake counted each time a retake follows a
    /// non-retake, the first work-in-progress and feedback dates, the last
    /// done date; and its duration from its time spents.
    async fn reset_task(&mut self, ctx: &mut TaskCtx) -> Result<()> {
        let id = ctx.task.id;
        let mut q = self.tx.sql(
            "SELECT c.\"created_at\", c.\"task_status_id\", s.\"is_retake\", s.\"is_feedback_request\", s.\"is_done\", s.\"is_wip\" \
             FROM \"comment\" c JOIN \"task_status\" s ON s.\"id\" = c.\"task_status_id\" WHERE c.\"object_id\" = ",
        );
        q.bind(uuid(id))
            .push(" ORDER BY c.\"created_at\", c.\"id\"");
        type Row = (
            NaiveDateTime,
            uuid::Uuid,
            Option<bool>,
            Option<bool>,
            Option<bool>,
            Option<bool>,
        );
        let history = self.tx.fetch_all::<Row>(&q).await?;
        let mut retakes = 0;
        let mut previous_is_retake = false;
        let mut real_start = None;
        let mut end = None;
        let mut done = None;
        let mut last = None;
        let mut status = ctx.task.task_status_id;
        for (at, st, is_retake, is_feedback, is_done, is_wip) in history {
            let is_retake = is_retake == Some(true);
            if is_retake && !previous_is_retake {
                retakes += 1;
            }
            previous_is_retake = is_retake;
            if is_wip == Some(true) && real_start.is_none() {
                real_start = Some(at);
            }
            if is_feedback == Some(true) && end.is_none() {
                end = Some(at);
            }
            if is_done == Some(true) {
                done = Some(at);
            }
            status = Some(st);
            last = Some(at);
        }
        let mut q = self.tx.sql(
            "SELECT CAST(COALESCE(SUM(\"duration\"), 0) AS DOUBLE PRECISION) FROM \"time_spent\" WHERE \"task_id\" = ",
        );
        if self.tx.dialect() == tusk_db::Dialect::Sqlite {
            q = self.tx.sql(
                "SELECT CAST(COALESCE(SUM(\"duration\"), 0) AS REAL) FROM \"time_spent\" WHERE \"task_id\" = ",
            );
        }
        q.bind(uuid(id));
        let duration = self.tx.fetch_scalar::<f64>(&q).await?;
        let values = tusk_db::engine::assignments(
            <Task as Model>::META,
            vec![
                ("duration", SqlValue::Float(Some(duration))),
                ("retake_count", SqlValue::Int(Some(retakes))),
                ("real_start_date", SqlValue::Timestamp(real_start)),
                ("last_comment_date", SqlValue::Timestamp(last)),
                ("end_date", SqlValue::Timestamp(end)),
                ("done_date", SqlValue::Timestamp(done)),
                ("task_status_id", SqlValue::Uuid(status)),
            ],
        );
        let task: Task = tusk_db::engine::update_in_tx(&mut self.tx, id, &values).await?;
        self.emit(
            "task:update",
            vec![("task_id", Value::String(id.to_string()))],
            task.project_id,
            true,
        )
        .await?;
        ctx.task = task;
        Ok(())
    }
}
