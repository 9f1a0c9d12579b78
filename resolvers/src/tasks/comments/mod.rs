//! Commenting a task, with or without a status change (Zou's
//! `POST /actions/tasks/{task_id}/comment`, `CommentTaskResource`, and the
//! `commentTask` mutation).
//!
//! What one comment does, in Zou's order, in one transaction (a refused
//! request writes nothing; Zou commits each step on its own):
//!
//! 1. permission ([`access`]): a task actor (admin, manager or client of the
//!    project, assignee, supervisor of the task type's department, creator
//!    of the entity); failing that, someone mentioned in the task's
//!    conversation who keeps the current status. Artists and clients may
//!    only use the statuses allowed for their role. Only managers choose
//!    the author, the date and `for_client`;
//! 2. the retake cap of the project (or of the entity's `max_retakes`);
//! 3. the comment row, its @mentions (team members by full name, and
//!    departments), its attachment, and `comment:new`;
//! 4. hashtags: `#rigging` (or `#all`) copies the comment to the entity's
//!    other tasks of those types, each keeping its status;
//! 5. the status change ([`status`]): the task takes the comment's status
//!    and dates when the comment is the newest one, otherwise its fields
//!    are recomputed from the whole history;
//! 6. notifications for assignees and subscribers (minus the author),
//!    mention notifications, and the news row ([`followers`]);
//! 7. the project's status automations ([`automations`]).
//!
//! Every step's statements are set-based: the number of SQL statements a
//! comment runs does not depend on how many people follow the task.

mod access;
mod automations;
mod followers;
pub mod gql;
pub mod input;
pub mod rest;
mod status;

pub use input::CommentInput;

use crate::breakdown::instances::jsonb_map;
use crate::route::Upload;
use crate::storage::Storage;
use chrono::NaiveDateTime;
use serde_json::Value;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use tusk_db::events::{Event, NewEvent};
use tusk_db::{Error, Model, Result, Session, SqlValue, Tx};
use tusk_schema::{AttachmentFile, Comment, Person, StatusAutomation, Task, TaskStatus};
use uuid::Uuid;

/// Deepest chain of comments automations may post (an automation's
/// comment running another automation…). Zou has no limit, and a cycle of
/// automations recurses until it crashes; Tusk stops there.
const MAX_AUTOMATION_DEPTH: u8 = 8;

/// A posted comment and what its answer embeds.
#[derive(Debug, Clone)]
pub struct Posted {
    pub comment: Comment,
    pub task_status: TaskStatus,
    pub author: Person,
    /// The author's departments, when the author was named in the request
    /// (Zou then serializes the person with its relations).
    pub author_departments: Option<Vec<Uuid>>,
    pub mentions: Vec<Uuid>,
    pub department_mentions: Vec<Uuid>,
    pub attachments: Vec<AttachmentFile>,
}

impl Posted {
    /// The answer as Zou serializes it: the comment with its relation id
    /// lists (`previews`, `mentions`, `department_mentions`,
    /// `acknowledgements`, `attachment_files`), its `task_status` and its
    /// author (`person`, without secrets). Attachments made by this request
    /// are `{id, name, extension, size}` objects, as Zou appends them.
    pub fn zou_json(&self) -> Result<Value> {
        let mut m = tusk_db::zou::json_map(&self.comment)?;
        let ids = |v: &[Uuid]| Value::from(v.iter().map(|u| u.to_string()).collect::<Vec<_>>());
        m.insert("previews".into(), Value::Array(Vec::new()));
        m.insert("mentions".into(), ids(&self.mentions));
        m.insert("department_mentions".into(), ids(&self.department_mentions));
        m.insert("acknowledgements".into(), Value::Array(Vec::new()));
        let files: Vec<Value> = self
            .attachments
            .iter()
            .map(|a| {
                serde_json::json!({"id": a.id.to_string(), "name": a.name,
                                   "extension": a.extension, "size": a.size})
            })
            .collect();
        m.insert("attachment_files".into(), Value::Array(files));
        m.insert(
            "task_status".into(),
            Value::Object(tusk_db::zou::json_map(&self.task_status)?),
        );
        let mut person = tusk_db::zou::json_map(&self.author)?;
        if let Some(deps) = &self.author_departments {
            person.insert("departments".into(), ids(deps));
        }
        m.insert("person".into(), Value::Object(person));
        Ok(Value::Object(m))
    }
}

/// Post a comment on `task` as the session's caller (REST and GraphQL).
pub async fn post(
    s: &Session,
    storage: &Storage,
    task: Uuid,
    input: CommentInput,
    file: Option<Upload>,
) -> Result<Posted> {
    let actor = crate::guard::actor(s)?.clone();
    let mut w = Writer::begin(s, storage, actor.id).await?;
    let ctx = w.task_ctx(task, true).await?.ok_or_else(Error::not_found)?;
    let granted = access::check(&mut w, &actor, &ctx, &input.task_status_id).await?;
    let (person_id, created_at, for_client) = if granted.manager {
        (
            input.person_id.as_str(),
            input.created_at.as_str(),
            input.for_client,
        )
    } else {
        ("", "", false)
    };
    // The author: the person named by a manager, or the caller.
    let (author, author_departments, named) = if person_id.is_empty() {
        (w.person(actor.id).await?, None, None)
    } else {
        let id = Uuid::parse_str(person_id).map_err(|_| Error::not_found())?;
        let p = w.person(id).await?;
        let deps = w.departments_of(id).await?;
        (p, Some(deps), Some(id))
    };
    let task_status = match granted.status {
        Some(st) => st,
        None => w.status_by_text(&input.task_status_id).await?,
    };
    let created = w
        .create(NewComment {
            ctx,
            status: task_status.clone(),
            status_text: input.task_status_id.clone(),
            author: author.id,
            automation_person: named,
            text: input.text,
            checklist: input.checklist,
            links: input.links,
            created_at: parse_created_at(created_at),
            for_client,
            file,
            with_hashtags: true,
            depth: 0,
        })
        .await?;
    w.commit().await?;
    Ok(Posted {
        comment: created.comment,
        task_status,
        author,
        author_departments,
        mentions: created.mentions,
        department_mentions: created.department_mentions,
        attachments: created.attachments,
    })
}

/// A manager's creation date: `YYYY-MM-DD HH:MM:SS`, or with a `T`; any
/// other text means now (Zou ignores what it cannot parse).
fn parse_created_at(s: &str) -> Option<NaiveDateTime> {
    if s.is_empty() {
        return None;
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()
}

/// A datetime as Zou's serializer writes it: to the second. Zou compares
/// and copies comment dates in that form.
fn to_second(t: NaiveDateTime) -> NaiveDateTime {
    use chrono::Timelike;
    t.with_nanosecond(0).unwrap_or(t)
}

fn uuid(v: Uuid) -> SqlValue {
    SqlValue::Uuid(Some(v))
}

fn id_json(v: Uuid) -> Value {
    Value::String(v.to_string())
}

fn opt_id_json(v: Option<Uuid>) -> Value {
    v.map(id_json).unwrap_or(Value::Null)
}

/// A task and what a comment on it needs to know about its entity, task
/// type and project.
#[derive(Debug, Clone)]
pub(crate) struct TaskCtx {
    pub task: Task,
    /// The entity type's name (`Character`, `Shot`, `Concept`…).
    pub entity_type: String,
    pub entity_parent: Option<Uuid>,
    pub entity_created_by: Option<Uuid>,
    pub entity_data: Option<Value>,
    pub task_type_name: String,
    pub task_type_department: Option<Uuid>,
    pub project_max_retakes: Option<i32>,
}

impl TaskCtx {
    /// Entity types that are not asset types (Zou's "temporal" types).
    const NOT_ASSETS: [&'static str; 7] = [
        "Shot",
        "Sequence",
        "Episode",
        "Edit",
        "Scene",
        "Concept",
        "ConceptFolder",
    ];

    pub fn is_asset(&self) -> bool {
        !Self::NOT_ASSETS.contains(&self.entity_type.as_str())
    }

    pub fn is_concept(&self) -> bool {
        self.entity_type == "Concept"
    }

    pub fn project(&self) -> Option<Uuid> {
        self.task.project_id
    }
}

/// One comment to write (the request's, or one a hashtag or an automation
/// posts).
pub(crate) struct NewComment {
    pub ctx: TaskCtx,
    pub status: TaskStatus,
    /// The status id as the request wrote it (it goes as is in `comment:new`).
    pub status_text: String,
    pub author: Uuid,
    /// The person named by a manager's request, who also authors the
    /// comments of status automations (the caller otherwise).
    pub automation_person: Option<Uuid>,
    pub text: String,
    pub checklist: Vec<Value>,
    pub links: Vec<String>,
    pub created_at: Option<NaiveDateTime>,
    pub for_client: bool,
    pub file: Option<Upload>,
    pub with_hashtags: bool,
    pub depth: u8,
}

/// A written comment and the relations written with it.
pub(crate) struct Created {
    pub comment: Comment,
    pub mentions: Vec<Uuid>,
    pub department_mentions: Vec<Uuid>,
    pub attachments: Vec<AttachmentFile>,
}

type Boxed<'b, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'b>>;

/// The transaction of a comment request, the events it recorded, and what
/// it has already read.
pub(crate) struct Writer<'a> {
    pub s: &'a Session,
    storage: &'a Storage,
    pub tx: Tx,
    events: Vec<Event>,
    /// The caller.
    pub actor: Uuid,
    statuses: HashMap<Uuid, TaskStatus>,
    automations: HashMap<Uuid, Vec<StatusAutomation>>,
    priorities: HashMap<(Uuid, String), HashMap<Uuid, i32>>,
    /// Team members' names and departments' names, for @mentions.
    team_names: HashMap<Uuid, Vec<(Uuid, String)>>,
    department_names: Option<Vec<(Uuid, String)>>,
}

impl<'a> Writer<'a> {
    async fn begin(s: &'a Session, storage: &'a Storage, actor: Uuid) -> Result<Writer<'a>> {
        Ok(Writer {
            s,
            storage,
            tx: s.db.begin().await?,
            events: Vec::new(),
            actor,
            statuses: HashMap::new(),
            automations: HashMap::new(),
            priorities: HashMap::new(),
            team_names: HashMap::new(),
            department_names: None,
        })
    }

    async fn commit(self) -> Result<()> {
        self.s.commit(self.tx, self.events).await
    }

    /// Record an event (its data in Postgres `jsonb` key order, with the
    /// project); `persist: false` only publishes it, as Zou does for
    /// `notification:new`.
    pub async fn emit(
        &mut self,
        name: &str,
        data: Vec<(&str, Value)>,
        project: Option<Uuid>,
        persist: bool,
    ) -> Result<()> {
        let mut data = data;
        if let Some(p) = project {
            data.push(("project_id", id_json(p)));
        }
        let mut e = NewEvent::new(name, jsonb_map(data), project);
        e.persist = persist;
        let ev = self.s.record(&mut self.tx, e).await?;
        self.events.push(ev);
        Ok(())
    }

    /// The task `id` with its context, locked for the rest of the
    /// transaction on Postgres (SQLite has a single writer already).
    pub async fn task_ctx(&mut self, id: Uuid, lock: bool) -> Result<Option<TaskCtx>> {
        let mut q = self.tx.sql("SELECT ");
        q.push(&<Task as Model>::META.select_list(None))
            .push(" FROM \"task\" WHERE \"id\" = ")
            .bind(uuid(id));
        if lock && self.tx.dialect() == tusk_db::Dialect::Postgres {
            q.push(" FOR UPDATE");
        }
        let Some(task) = self.tx.fetch_optional::<Task>(&q).await? else {
            return Ok(None);
        };
        let mut q = self.tx.sql(
            "SELECT et.\"name\", e.\"parent_id\", e.\"created_by\", e.\"data\", tt.\"name\", tt.\"department_id\", p.\"max_retakes\" \
             FROM \"task\" t LEFT JOIN \"entity\" e ON e.\"id\" = t.\"entity_id\" \
             LEFT JOIN \"entity_type\" et ON et.\"id\" = e.\"entity_type_id\" \
             LEFT JOIN \"task_type\" tt ON tt.\"id\" = t.\"task_type_id\" \
             LEFT JOIN \"project\" p ON p.\"id\" = t.\"project_id\" WHERE t.\"id\" = ",
        );
        q.bind(uuid(id));
        type Row = (
            Option<String>,
            Option<Uuid>,
            Option<Uuid>,
            Option<Value>,
            Option<String>,
            Option<Uuid>,
            Option<i32>,
        );
        let (et, parent, created_by, data, tt, dept, max_retakes) =
            self.tx.fetch_one::<Row>(&q).await?;
        Ok(Some(TaskCtx {
            task,
            entity_type: et.unwrap_or_default(),
            entity_parent: parent,
            entity_created_by: created_by,
            entity_data: data,
            task_type_name: tt.unwrap_or_default(),
            task_type_department: dept,
            project_max_retakes: max_retakes,
        }))
    }

    /// A task status by id, or Zou's 404.
    pub async fn status(&mut self, id: Uuid) -> Result<TaskStatus> {
        if let Some(st) = self.statuses.get(&id) {
            return Ok(st.clone());
        }
        let mut q = self.tx.sql("SELECT ");
        q.push(&<TaskStatus as Model>::META.select_list(None))
            .push(" FROM \"task_status\" WHERE \"id\" = ")
            .bind(uuid(id));
        let st = self
            .tx
            .fetch_optional::<TaskStatus>(&q)
            .await?
            .ok_or_else(Error::not_found)?;
        self.statuses.insert(id, st.clone());
        Ok(st)
    }

    /// A task status by the id a request sent: any form of UUID Zou's
    /// column type reads, else 404.
    pub async fn status_by_text(&mut self, raw: &str) -> Result<TaskStatus> {
        let id = Uuid::parse_str(raw).map_err(|_| Error::not_found())?;
        self.status(id).await
    }

    /// A person by id, or Zou's 404.
    async fn person(&mut self, id: Uuid) -> Result<Person> {
        let mut q = self.tx.sql("SELECT ");
        q.push(&<Person as Model>::META.select_list(None))
            .push(" FROM \"person\" WHERE \"id\" = ")
            .bind(uuid(id));
        self.tx
            .fetch_optional::<Person>(&q)
            .await?
            .ok_or_else(Error::not_found)
    }

    async fn departments_of(&mut self, person: Uuid) -> Result<Vec<Uuid>> {
        let mut q = self
            .tx
            .sql("SELECT \"department_id\" FROM \"department_link\" WHERE \"person_id\" = ");
        q.bind(uuid(person));
        Ok(self
            .tx
            .fetch_all::<(Uuid,)>(&q)
            .await?
            .into_iter()
            .map(|r| r.0)
            .collect())
    }

    /// Write one comment and everything it brings (steps 2 to 7 of the
    /// module documentation). Hashtags and automations post further
    /// comments through this same function.
    pub fn create<'b>(&'b mut self, c: NewComment) -> Boxed<'b, Created> {
        Box::pin(async move {
            check_retake_cap(&c.ctx, &c.status)?;
            let created = self.insert_comment(&c).await?;
            if c.with_hashtags {
                self.hashtags(&c).await?;
            }
            let mut ctx = c.ctx;
            let changed = self
                .apply_status(&mut ctx, &c.status, &created.comment)
                .await?;
            self.notify(&ctx, &created, changed).await?;
            if c.depth < MAX_AUTOMATION_DEPTH {
                self.run_automations(&ctx, &c.status, c.automation_person, c.depth)
                    .await?;
            }
            Ok(created)
        })
    }

    /// The comment row, its mentions and attachment, and `comment:new`.
    async fn insert_comment(&mut self, c: &NewComment) -> Result<Created> {
        let project = c.ctx.project();
        let (mentions, department_mentions) = match project {
            Some(p) if c.text.contains('@') => self.mentions(p, &c.text).await?,
            _ => (Vec::new(), Vec::new()),
        };
        let mut values = vec![
            ("object_id", uuid(c.ctx.task.id)),
            ("object_type", SqlValue::Text(Some("Task".into()))),
            ("text", SqlValue::Text(Some(c.text.clone()))),
            ("replies", SqlValue::Json(Some(Value::Array(Vec::new())))),
            (
                "checklist",
                SqlValue::Json(Some(Value::Array(c.checklist.clone()))),
            ),
            ("links", SqlValue::TextArray(Some(c.links.clone()))),
            ("task_status_id", uuid(c.status.id)),
            ("person_id", uuid(c.author)),
            ("for_client", SqlValue::Bool(Some(c.for_client))),
        ];
        if let Some(at) = c.created_at {
            values.push(("created_at", SqlValue::Timestamp(Some(at))));
        }
        let values = tusk_db::engine::assignments(<Comment as Model>::META, values);
        let comment: Comment = tusk_db::engine::insert(&mut self.tx, &values).await?;
        self.link("comment_mentions", "person", comment.id, &mentions)
            .await?;
        self.link(
            "comment_department_mentions",
            "department",
            comment.id,
            &department_mentions,
        )
        .await?;
        let mut attachments = Vec::new();
        if let Some(f) = &c.file {
            attachments.push(self.attach(comment.id, f).await?);
        }
        self.emit(
            "comment:new",
            vec![
                ("comment_id", id_json(comment.id)),
                ("task_id", id_json(c.ctx.task.id)),
                ("task_status_id", Value::String(c.status_text.clone())),
                ("person_id", id_json(comment.person_id)),
                (
                    "for_client",
                    Value::Bool(comment.for_client.unwrap_or(false)),
                ),
            ],
            project,
            true,
        )
        .await?;
        Ok(Created {
            comment,
            mentions,
            department_mentions,
            attachments,
        })
    }

    /// Rows `(comment, other)` of a link table, in one statement.
    async fn link(&mut self, table: &str, other: &str, comment: Uuid, ids: &[Uuid]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut q = self.tx.sql("INSERT INTO ");
        q.ident(table)
            .push(" (\"comment\", ")
            .ident(other)
            .push(") VALUES ");
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.bind_list([uuid(comment), uuid(*id)]);
        }
        self.tx.execute(&q).await?;
        Ok(())
    }

    /// Who the text mentions: members of the project's team (not preview
    /// accounts) written `@Full Name`, and departments written `@Name`,
    /// each followed by a space or the end of the text.
    async fn mentions(&mut self, project: Uuid, text: &str) -> Result<(Vec<Uuid>, Vec<Uuid>)> {
        if !self.team_names.contains_key(&project) {
            let mut q = self.tx.sql(
                "SELECT p.\"id\", p.\"first_name\", p.\"last_name\" FROM \"person\" p \
                 JOIN \"project_person_link\" l ON l.\"person_id\" = p.\"id\" \
                 WHERE p.\"preview_project_id\" IS NULL AND l.\"project_id\" = ",
            );
            q.bind(uuid(project)).push(" ORDER BY p.\"id\"");
            let rows = self.tx.fetch_all::<(Uuid, String, String)>(&q).await?;
            let names = rows
                .into_iter()
                .map(|(id, first, last)| (id, zou_full_name(&first, &last)))
                .collect();
            self.team_names.insert(project, names);
        }
        if self.department_names.is_none() {
            let q = self
                .tx
                .sql("SELECT \"id\", \"name\" FROM \"department\" ORDER BY \"id\"");
            self.department_names = Some(self.tx.fetch_all::<(Uuid, String)>(&q).await?);
        }
        let people = self.team_names[&project]
            .iter()
            .filter(|(_, name)| is_mentioned(text, name))
            .map(|(id, _)| *id)
            .collect();
        let departments = self
            .department_names
            .iter()
            .flatten()
            .filter(|(_, name)| is_mentioned(text, name))
            .map(|(id, _)| *id)
            .collect();
        Ok((people, departments))
    }

    /// Store an uploaded file as the comment's attachment (Zou's
    /// `create_attachment`): a row with its name, lower-case extension,
    /// type and size, and the bytes in file storage (written before the
    /// transaction commits: a failed request may leave an unreferenced
    /// file, never a row without its file).
    async fn attach(&mut self, comment: Uuid, f: &Upload) -> Result<AttachmentFile> {
        let extension: String = f
            .file_name
            .rsplit('.')
            .next()
            .unwrap_or("")
            .to_lowercase()
            .chars()
            // The column holds 6 characters (Zou crashes beyond).
            .take(6)
            .collect();
        let mimetype = f
            .content_type
            .as_deref()
            .map(|c| c.split(';').next().unwrap_or("").trim().to_lowercase())
            .unwrap_or_default();
        let name: String = f.file_name.chars().take(250).collect();
        let values = tusk_db::engine::assignments(
            <AttachmentFile as Model>::META,
            vec![
                ("name", SqlValue::Text(Some(name))),
                ("size", SqlValue::BigInt(Some(f.bytes.len() as i64))),
                ("extension", SqlValue::Text(Some(extension))),
                ("mimetype", SqlValue::Text(Some(mimetype))),
                ("comment_id", uuid(comment)),
            ],
        );
        let row: AttachmentFile = tusk_db::engine::insert(&mut self.tx, &values).await?;
        self.storage
            .put("files", "attachments", row.id, "bin", f.bytes.clone())
            .await?;
        Ok(row)
    }

    /// Copy the comment to the entity's other tasks its hashtags name
    /// (`#all`: every other task type), each keeping its status, with a
    /// line saying where it comes from. Those copies run no hashtags.
    async fn hashtags(&mut self, c: &NewComment) -> Result<()> {
        let tags = hashtags(&c.text);
        let Some(entity) = c.ctx.task.entity_id.filter(|_| !tags.is_empty()) else {
            return Ok(());
        };
        let own = c.ctx.task_type_name.to_lowercase();
        let mut q = self.tx.sql(
            "SELECT t.\"id\", tt.\"name\", t.\"task_status_id\" FROM \"task\" t \
             JOIN \"task_type\" tt ON tt.\"id\" = t.\"task_type_id\" WHERE t.\"entity_id\" = ",
        );
        q.bind(uuid(entity))
            .push(" ORDER BY t.\"created_at\", t.\"id\"");
        let tasks = self
            .tx
            .fetch_all::<(Uuid, String, Option<Uuid>)>(&q)
            .await?;
        let all = tags.iter().any(|t| t == "all");
        let text = format!("{}\n\n____\nFrom {} task", c.text, c.ctx.task_type_name);
        for (id, type_name, status) in tasks {
            let name = type_name.to_lowercase();
            let wanted = if all {
                name != own
            } else {
                name != own && tags.contains(&name)
            };
            if !wanted {
                continue;
            }
            let status = self.status(status.ok_or_else(Error::not_found)?).await?;
            let ctx = self
                .task_ctx(id, true)
                .await?
                .ok_or_else(Error::not_found)?;
            self.create(NewComment {
                ctx,
                status_text: status.id.to_string(),
                status,
                author: c.author,
                automation_person: Some(c.author),
                text: text.clone(),
                checklist: Vec::new(),
                links: Vec::new(),
                created_at: None,
                for_client: false,
                file: None,
                with_hashtags: false,
                depth: c.depth,
            })
            .await?;
        }
        Ok(())
    }
}

/// Zou's `Person.full_name`: both names with a space when both are set,
/// else whichever is.
fn zou_full_name(first: &str, last: &str) -> String {
    if !first.is_empty() && !last.is_empty() {
        format!("{first} {last}")
    } else {
        format!("{first}{last}")
    }
}

/// Does `text` contain `@name` followed by a space or the end of the text
/// (Python's `$`, which also matches before a final newline)?
fn is_mentioned(text: &str, name: &str) -> bool {
    let needle = format!("@{name}");
    text.match_indices(&needle).any(|(i, _)| {
        let after = &text[i + needle.len()..];
        after.is_empty() || after == "\n" || after.starts_with(' ')
    })
}

/// The hashtags of a text, lower-cased without `#` (`#` followed by ASCII
/// letters, possibly none); only `all` when it is among them.
fn hashtags(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('#') {
        let after = &rest[i + 1..];
        let end = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        let tag = after[..end].to_lowercase();
        if !tags.contains(&tag) {
            tags.push(tag);
        }
        rest = &after[end..];
    }
    if tags.iter().any(|t| t == "all") {
        return vec!["all".into()];
    }
    tags
}

/// Zou's retake cap: a retake status is refused when the task already had
/// as many retakes as the entity's `max_retakes` (or the project's, when
/// the entity sets none) allows; a project without a cap has none.
fn check_retake_cap(ctx: &TaskCtx, status: &TaskStatus) -> Result<()> {
    if status.is_retake != Some(true) {
        return Ok(());
    }
    let project_max = ctx.project_max_retakes.unwrap_or(0);
    if project_max <= 0 {
        return Ok(());
    }
    let entity_max = ctx
        .entity_data
        .as_ref()
        .and_then(|d| d.get("max_retakes"))
        .and_then(python_int)
        .filter(|n| *n != 0);
    let max = entity_max.unwrap_or(project_max as i64);
    if max > 0 && ctx.task.retake_count.unwrap_or(0) as i64 >= max {
        return Err(Error::Invalid(
            "No more retakes allowed on this task".into(),
        ));
    }
    Ok(())
}

/// `int(value)` as Python reads a JSON value (a value it cannot read is
/// ignored: Zou crashes on it).
fn python_int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.trunc() as i64)),
        Value::Bool(b) => Some(*b as i64),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_need_a_space_or_the_end() {
        assert!(is_mentioned("@artist Test please", "artist Test"));
        assert!(is_mentioned("hi @artist Test", "artist Test"));
        assert!(is_mentioned("hi @artist Test\n", "artist Test"));
        assert!(!is_mentioned("@artist Testx", "artist Test"));
        assert!(!is_mentioned("@artist Test\nmore", "artist Test"));
        assert!(is_mentioned(
            "@artist Testx and @artist Test",
            "artist Test"
        ));
    }

    #[test]
    fn hashtag_lists() {
        assert_eq!(
            hashtags("Fix #Rigging and #shading #rigging"),
            vec!["rigging", "shading"]
        );
        assert_eq!(hashtags("#rigging #ALL"), vec!["all"]);
        assert_eq!(hashtags("no tags"), Vec::<String>::new());
        assert_eq!(hashtags("# lone"), vec![""]);
    }

    #[test]
    fn created_at_forms() {
        assert!(parse_created_at("2020-01-01 10:00:00").is_some());
        assert!(parse_created_at("2020-01-01T10:00:00").is_some());
        assert!(parse_created_at("yesterday").is_none());
        assert!(parse_created_at("2020-01-01T10:00:00.5").is_none());
    }
}
