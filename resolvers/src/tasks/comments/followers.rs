//! Who hears of a comment (Zou's `_manage_subscriptions`,
//! `create_notifications_for_task_and_comment`,
//! `create_news_for_task_and_comment`).
//!
//! - a `comment` notification (`change`: did the status change) for each
//!   assignee, subscriber of the task and subscriber of the task type in
//!   the shot's sequence, the author excepted;
//! - a `mention` notification for each person mentioned by name or through
//!   a department (its members on the project's team), the author
//!   excepted. Zou gives two to someone mentioned both ways; Tusk one;
//! - each announced by a `notification:new` event, published only (not
//!   stored), as Zou does;
//! - a news row dated like the comment (to the second), with `news:new`,
//!   except on concepts.
//!
//! All notifications go in one statement, whatever their number.

use super::{id_json, to_second, uuid, Created, TaskCtx, Writer};
use serde_json::Value;
use tusk_db::{Result, SqlValue};
use uuid::Uuid;

impl Writer<'_> {
    pub(super) async fn notify(
        &mut self,
        ctx: &TaskCtx,
        created: &Created,
        changed: bool,
    ) -> Result<()> {
        let comment = &created.comment;
        let author = comment.person_id;
        let task = &ctx.task;
        let project = task.project_id;
        let mut rows: Vec<(Uuid, &str, bool)> = self
            .followers(ctx)
            .await?
            .into_iter()
            .filter(|p| *p != author)
            .map(|p| (p, "comment", changed))
            .collect();
        let mut mentioned: Vec<Uuid> = created.mentions.clone();
        if let (Some(p), false) = (project, created.department_mentions.is_empty()) {
            mentioned.extend(
                self.department_team(p, &created.department_mentions)
                    .await?,
            );
        }
        let mut seen = std::collections::HashSet::new();
        for person in mentioned {
            if person != author && seen.insert(person) {
                rows.push((person, "mention", false));
            }
        }
        if !rows.is_empty() {
            let now = SqlValue::Timestamp(Some(tusk_db::fmt::now()));
            let ids: Vec<Uuid> = rows.iter().map(|_| Uuid::new_v4()).collect();
            let mut q = self.tx.sql(
                "INSERT INTO \"notification\" (\"id\", \"created_at\", \"updated_at\", \"read\", \"change\", \"type\", \"person_id\", \"author_id\", \"comment_id\", \"task_id\", \"reply_id\", \"playlist_id\") VALUES ",
            );
            for (i, ((person, kind, change), id)) in rows.iter().zip(&ids).enumerate() {
                if i > 0 {
                    q.push(", ");
                }
                q.bind_list([
                    uuid(*id),
                    now.clone(),
                    now.clone(),
                    SqlValue::Bool(Some(false)),
                    SqlValue::Bool(Some(*change)),
                    SqlValue::Text(Some((*kind).to_owned())),
                    uuid(*person),
                    uuid(author),
                    uuid(comment.id),
                    uuid(task.id),
                    SqlValue::Uuid(None),
                    SqlValue::Uuid(None),
                ]);
            }
            self.tx.execute(&q).await?;
            for ((person, _, _), id) in rows.iter().zip(&ids) {
                self.emit(
                    "notification:new",
                    vec![
                        ("notification_id", id_json(*id)),
                        ("person_id", id_json(*person)),
                    ],
                    project,
                    false,
                )
                .await?;
            }
        }
        if !ctx.is_concept() {
            let id = Uuid::new_v4();
            let mut q = self.tx.sql(
                "INSERT INTO \"news\" (\"id\", \"created_at\", \"updated_at\", \"change\", \"author_id\", \"comment_id\", \"task_id\", \"preview_file_id\") VALUES ",
            );
            q.bind_list([
                uuid(id),
                SqlValue::Timestamp(Some(to_second(comment.created_at))),
                SqlValue::Timestamp(Some(tusk_db::fmt::now())),
                SqlValue::Bool(Some(changed)),
                uuid(author),
                uuid(comment.id),
                uuid(task.id),
                SqlValue::Uuid(comment.preview_file_id),
            ]);
            self.tx.execute(&q).await?;
            self.emit(
                "news:new",
                vec![
                    ("news_id", id_json(id)),
                    (
                        "task_status_id",
                        comment.task_status_id.map(id_json).unwrap_or(Value::Null),
                    ),
                    (
                        "task_type_id",
                        task.task_type_id.map(id_json).unwrap_or(Value::Null),
                    ),
                ],
                project,
                true,
            )
            .await?;
        }
        Ok(())
    }

    /// Assignees and subscribers of the task, and subscribers of its task
    /// type in its entity's parent (a shot's sequence), in one statement.
    async fn followers(&mut self, ctx: &TaskCtx) -> Result<Vec<Uuid>> {
        let task = &ctx.task;
        let mut q = self
            .tx
            .sql("SELECT \"person_id\" FROM \"task_person_link\" WHERE \"task_id\" = ");
        q.bind(uuid(task.id))
            .push(" UNION SELECT \"person_id\" FROM \"subscription\" WHERE \"task_id\" = ")
            .bind(uuid(task.id));
        if let (Some(parent), Some(task_type)) = (ctx.entity_parent, task.task_type_id) {
            q.push(" UNION SELECT \"person_id\" FROM \"subscription\" WHERE \"entity_id\" = ")
                .bind(uuid(parent))
                .push(" AND \"task_type_id\" = ")
                .bind(uuid(task_type));
        }
        let mut people: Vec<Uuid> = self
            .tx
            .fetch_all::<(Uuid,)>(&q)
            .await?
            .into_iter()
            .map(|r| r.0)
            .collect();
        people.sort();
        people.dedup();
        Ok(people)
    }

    /// Members of the project's team in each of `departments`, in the
    /// order of the departments.
    async fn department_team(&mut self, project: Uuid, departments: &[Uuid]) -> Result<Vec<Uuid>> {
        let mut q = self.tx.sql(
            "SELECT d.\"department_id\", d.\"person_id\" FROM \"department_link\" d \
             JOIN \"project_person_link\" l ON l.\"person_id\" = d.\"person_id\" WHERE l.\"project_id\" = ",
        );
        q.bind(uuid(project))
            .push(" AND d.\"department_id\"")
            .in_uuids(departments)
            .push(" ORDER BY d.\"person_id\"");
        let rows = self.tx.fetch_all::<(Uuid, Uuid)>(&q).await?;
        Ok(departments
            .iter()
            .flat_map(|d| rows.iter().filter(move |r| r.0 == *d).map(|r| r.1))
            .collect())
    }
}
