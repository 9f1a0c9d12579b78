//! The project's status automations after a comment (Zou's
//! `_run_status_automation`).
//!
//! An automation of the project applies when it is not archived, the task
//! has its input task type and (now) its input status, and the entity is
//! of its kind (`asset`: any asset type; otherwise the entity type's name).
//! A "status" automation whose output task type comes before the input one
//! in the project's order is skipped (no cycles backwards); otherwise the
//! first task of the output type on the entity (by name) gets a comment
//! "Change triggered by <type> set to <status>" carrying the output status.
//! A "ready_for" automation sets the asset's `ready_for` to the output task
//! type (`asset:update`, twice, as Zou announces it) and refreshes the
//! casting stats of the shots casting it.
//!
//! Not done: `import_last_revision` (copying the last preview revision to
//! the new comment) needs the preview files, which Tusk does not serve yet.

use super::{id_json, uuid, NewComment, TaskCtx, Writer};
use serde_json::json;
use std::collections::HashMap;
use tusk_db::{Error, Model, Result, SqlValue};
use tusk_schema::{StatusAutomation, TaskStatus};
use uuid::Uuid;

impl Writer<'_> {
    pub(super) async fn run_automations(
        &mut self,
        ctx: &TaskCtx,
        status: &TaskStatus,
        person: Option<Uuid>,
        depth: u8,
    ) -> Result<()> {
        let Some(project) = ctx.project() else {
            return Ok(());
        };
        for a in self.project_automations(project).await? {
            if a.archived == Some(true)
                || ctx.task.task_type_id != a.in_task_type_id
                || ctx.task.task_status_id != a.in_task_status_id
            {
                continue;
            }
            let wanted = a.entity_type.clone().unwrap_or_default().to_lowercase();
            let fits = if wanted == "asset" {
                ctx.is_asset()
            } else {
                ctx.entity_type.to_lowercase() == wanted
            };
            if !fits {
                continue;
            }
            let priorities = self.priorities(project, &capitalize(&wanted)).await?;
            let priority =
                |t: Option<Uuid>| t.and_then(|t| priorities.get(&t).copied()).unwrap_or(0);
            if a.out_field_type != "ready_for"
                && priority(a.in_task_type_id) > priority(a.out_task_type_id)
            {
                continue;
            }
            if a.out_field_type == "status" {
                self.status_automation(ctx, status, &a, person, depth)
                    .await?;
            } else if a.out_field_type == "ready_for" {
                self.ready_for_automation(ctx, &a, project).await?;
            }
        }
        Ok(())
    }

    async fn status_automation(
        &mut self,
        ctx: &TaskCtx,
        status: &TaskStatus,
        a: &StatusAutomation,
        person: Option<Uuid>,
        depth: u8,
    ) -> Result<()> {
        let (Some(entity), Some(out_type)) = (ctx.task.entity_id, a.out_task_type_id) else {
            return Ok(());
        };
        let mut q = self
            .tx
            .sql("SELECT \"id\" FROM \"task\" WHERE \"entity_id\" = ");
        q.bind(uuid(entity))
            .push(" AND \"task_type_id\" = ")
            .bind(uuid(out_type))
            .push(" ORDER BY \"name\", \"id\" LIMIT 1");
        let Some((target,)) = self.tx.fetch_optional::<(Uuid,)>(&q).await? else {
            return Ok(());
        };
        let out_status = self
            .status(a.out_task_status_id.ok_or_else(Error::not_found)?)
            .await?;
        let target = self
            .task_ctx(target, true)
            .await?
            .ok_or_else(Error::not_found)?;
        // The trigger: the task's type and (current) status.
        let trigger = match a.in_task_status_id {
            Some(id) if id != status.id => self.status(id).await?.name,
            _ => status.name.clone(),
        };
        let text = format!(
            "Change triggered by {} set to {trigger}",
            ctx.task_type_name
        );
        self.create(NewComment {
            ctx: target,
            status_text: out_status.id.to_string(),
            status: out_status,
            author: person.unwrap_or(self.actor),
            automation_person: person,
            text,
            checklist: Vec::new(),
            links: Vec::new(),
            created_at: None,
            for_client: false,
            file: None,
            with_hashtags: true,
            depth: depth + 1,
        })
        .await?;
        Ok(())
    }

    async fn ready_for_automation(
        &mut self,
        ctx: &TaskCtx,
        a: &StatusAutomation,
        project: Uuid,
    ) -> Result<()> {
        let Some(asset) = ctx.task.entity_id.filter(|_| ctx.is_asset()) else {
            return Ok(());
        };
        let mut q = self.tx.sql("UPDATE \"entity\" SET \"ready_for\" = ");
        q.bind(SqlValue::Uuid(a.out_task_type_id))
            .push(", \"updated_at\" = ")
            .bind(SqlValue::Timestamp(Some(tusk_db::fmt::now())))
            .push(" WHERE \"id\" = ")
            .bind(uuid(asset));
        self.tx.execute(&q).await?;
        let data = json!({"ready_for": a.out_task_type_id.map(|u| u.to_string())});
        for _ in 0..2 {
            self.emit(
                "asset:update",
                vec![("asset_id", id_json(asset)), ("data", data.clone())],
                Some(project),
                true,
            )
            .await?;
        }
        self.refresh_casting_stats(asset, project).await
    }

    /// Zou's `refresh_casting_stats`: for each shot casting the asset, its
    /// count of live links (fixed and announced when it drifted), and for
    /// each of its tasks the number of cast assets ready for the task's
    /// type (`task:update-casting-stats`, published only). Set-based: one
    /// statement per step, one update per distinct count.
    async fn refresh_casting_stats(&mut self, asset: Uuid, project: Uuid) -> Result<()> {
        let mut q = self.tx.sql(
            "SELECT s.\"id\", s.\"nb_entities_out\" FROM \"entity_link\" l \
             JOIN \"entity\" s ON s.\"id\" = l.\"entity_in_id\" \
             JOIN \"entity\" sq ON sq.\"id\" = s.\"parent_id\" \
             LEFT JOIN \"entity\" ep ON ep.\"id\" = sq.\"parent_id\" \
             WHERE s.\"canceled\" = ",
        );
        q.bind(SqlValue::Bool(Some(false)))
            .push(" AND l.\"entity_out_id\" = ")
            .bind(uuid(asset))
            .push(" ORDER BY ep.\"name\", sq.\"name\", s.\"name\"");
        let shots = self.tx.fetch_all::<(Uuid, Option<i32>)>(&q).await?;
        if shots.is_empty() {
            return Ok(());
        }
        let shot_ids: Vec<Uuid> = shots.iter().map(|s| s.0).collect();
        // The cast assets of those shots.
        let mut q = self.tx.sql(
            "SELECT l.\"entity_in_id\", a.\"canceled\", a.\"is_shared\", a.\"project_id\", a.\"ready_for\" \
             FROM \"entity_link\" l JOIN \"entity\" a ON a.\"id\" = l.\"entity_out_id\" WHERE l.\"entity_in_id\"",
        );
        q.in_uuids(&shot_ids);
        type Cast = (Uuid, Option<bool>, bool, Uuid, Option<Uuid>);
        let casting = self.tx.fetch_all::<Cast>(&q).await?;
        let mut q = self
            .tx
            .sql("SELECT \"id\", \"entity_id\", \"task_type_id\", \"project_id\" FROM \"task\" WHERE \"entity_id\"");
        q.in_uuids(&shot_ids)
            .push(" ORDER BY \"created_at\", \"id\"");
        let tasks = self
            .tx
            .fetch_all::<(Uuid, Uuid, Option<Uuid>, Option<Uuid>)>(&q)
            .await?;
        let priorities = self.priorities(project, "Shot").await?;
        let now = SqlValue::Timestamp(Some(tusk_db::fmt::now()));
        let mut by_count: HashMap<i32, Vec<Uuid>> = HashMap::new();
        let mut announced: Vec<(Uuid, i32)> = Vec::new();
        for (shot, nb_out) in &shots {
            let cast: Vec<&Cast> = casting.iter().filter(|c| c.0 == *shot).collect();
            let live = cast.iter().filter(|c| c.1 != Some(true)).count() as i32;
            if *nb_out != Some(live) {
                let mut q = self.tx.sql("UPDATE \"entity\" SET \"nb_entities_out\" = ");
                q.bind(SqlValue::Int(Some(live)))
                    .push(", \"updated_at\" = ")
                    .bind(now.clone())
                    .push(" WHERE \"id\" = ")
                    .bind(uuid(*shot));
                self.tx.execute(&q).await?;
                self.emit(
                    "shot:casting-update",
                    vec![
                        ("shot_id", id_json(*shot)),
                        ("nb_entities_out", json!(live)),
                        ("added_asset_ids", json!([])),
                        ("removed_asset_ids", json!([])),
                    ],
                    Some(project),
                    true,
                )
                .await?;
            }
            for (task, _, task_type, task_project) in tasks.iter().filter(|t| t.1 == *shot) {
                let task_priority = task_type
                    .and_then(|t| priorities.get(&t).copied())
                    .filter(|p| *p != 0)
                    .unwrap_or(0);
                let ready = cast
                    .iter()
                    .filter(|(_, canceled, shared, asset_project, ready_for)| {
                        if *canceled == Some(true) {
                            false
                        } else if *shared && Some(*asset_project) != *task_project {
                            true
                        } else if let Some(rf) = ready_for {
                            let ready_priority = priorities
                                .get(rf)
                                .copied()
                                .filter(|p| *p != 0)
                                .unwrap_or(-1);
                            task_priority <= ready_priority
                        } else {
                            false
                        }
                    })
                    .count() as i32;
                by_count.entry(ready).or_default().push(*task);
                announced.push((*task, ready));
            }
        }
        let mut counts: Vec<&i32> = by_count.keys().collect();
        counts.sort();
        for n in counts {
            let mut q = self.tx.sql("UPDATE \"task\" SET \"nb_assets_ready\" = ");
            q.bind(SqlValue::Int(Some(*n)))
                .push(", \"updated_at\" = ")
                .bind(now.clone())
                .push(" WHERE \"id\"")
                .in_uuids(&by_count[n]);
            self.tx.execute(&q).await?;
        }
        for (task, n) in announced {
            self.emit(
                "task:update-casting-stats",
                vec![("task_id", id_json(task)), ("nb_assets_ready", json!(n))],
                Some(project),
                false,
            )
            .await?;
        }
        Ok(())
    }

    /// The project's automations (read once per request).
    async fn project_automations(&mut self, project: Uuid) -> Result<Vec<StatusAutomation>> {
        if let Some(list) = self.automations.get(&project) {
            return Ok(list.clone());
        }
        let mut q = self.tx.sql("SELECT ");
        q.push(&<StatusAutomation as Model>::META.select_list(Some("a")))
            .push(" FROM \"status_automation\" a JOIN \"project_status_automation_link\" l ON l.\"status_automation_id\" = a.\"id\" WHERE l.\"project_id\" = ")
            .bind(uuid(project))
            .push(" ORDER BY a.\"created_at\", a.\"id\"");
        let list = self.tx.fetch_all::<StatusAutomation>(&q).await?;
        self.automations.insert(project, list.clone());
        Ok(list)
    }

    /// Priorities of the project's task types for `for_entity` (`Asset`,
    /// `Shot`…), a missing or null priority left out (Zou reads it as 0).
    async fn priorities(&mut self, project: Uuid, for_entity: &str) -> Result<HashMap<Uuid, i32>> {
        let key = (project, for_entity.to_owned());
        if let Some(m) = self.priorities.get(&key) {
            return Ok(m.clone());
        }
        let mut q = self.tx.sql(
            "SELECT l.\"task_type_id\", l.\"priority\" FROM \"project_task_type_link\" l \
             JOIN \"task_type\" t ON t.\"id\" = l.\"task_type_id\" WHERE l.\"project_id\" = ",
        );
        q.bind(uuid(project))
            .push(" AND t.\"for_entity\" = ")
            .bind(SqlValue::Text(Some(for_entity.to_owned())));
        let map: HashMap<Uuid, i32> = self
            .tx
            .fetch_all::<(Uuid, Option<i32>)>(&q)
            .await?
            .into_iter()
            .filter_map(|(t, p)| p.map(|p| (t, p)))
            .collect();
        self.priorities.insert(key, map.clone());
        Ok(map)
    }
}

/// Python's `str.capitalize`: first letter upper case, the rest lower.
fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}
