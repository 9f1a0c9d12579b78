//! The typed rows the with-tasks queries read, and how each view writes
//! them: key for key in Zou's order, as JSON objects or (compact) as arrays
//! in the order of the compact header's field lists.
//!
//! Rows are decoded straight from the database into these structs and
//! serialized by serde from them: no `serde_json::Value` per row (only the
//! `data` columns, small objects, are JSON values).

use chrono::NaiveDateTime;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

use tusk_db::out::raw_id;
use tusk_db::sql_row;

/// An entity row of a view: its id is how its tasks are found.
pub(crate) trait EntityRow: tusk_db::FromSqlRow {
    fn id(&self) -> Uuid;
}

macro_rules! entity_rows {
    ($($t:ty),*) => {$(impl EntityRow for $t { fn id(&self) -> Uuid { self.id } })*};
}

sql_row!(
    /// One task of an entity of the view (`sql::TASK_COLUMNS`).
    pub(crate) struct TaskRow {
        pub entity_id: Uuid,
        pub id: Uuid,
        pub task_type_id: Option<Uuid>,
        pub task_status_id: Option<Uuid>,
        pub duration: Option<f64>,
        pub estimation: Option<f64>,
        pub priority: Option<i32>,
        pub difficulty: i32,
        pub retake_count: Option<i32>,
        pub start_date: Option<NaiveDateTime>,
        pub due_date: Option<NaiveDateTime>,
        pub end_date: Option<NaiveDateTime>,
        pub done_date: Option<NaiveDateTime>,
        pub real_start_date: Option<NaiveDateTime>,
        pub last_comment_date: Option<NaiveDateTime>,
        pub last_preview_file_id: Option<Uuid>,
        pub nb_assets_ready: Option<i32>,
        pub nb_drawings: Option<i32>,
        pub data: Option<Value>,
        pub assigner_id: Option<Uuid>,
        pub created_at: Option<NaiveDateTime>,
    }
);

sql_row!(
    /// A shot with its sequence, episode and project names (`shots/with-tasks`).
    pub(crate) struct ShotRow {
        pub id: Uuid,
        pub name: String,
        pub description: Option<String>,
        pub canceled: Option<bool>,
        pub nb_frames: Option<i32>,
        pub nb_entities_out: Option<i32>,
        pub is_casting_standby: Option<bool>,
        pub project_id: Uuid,
        pub entity_type_id: Uuid,
        pub parent_id: Option<Uuid>,
        pub source_id: Option<Uuid>,
        pub preview_file_id: Option<Uuid>,
        pub data: Option<Value>,
        pub project_name: String,
        pub sequence_name: Option<String>,
        pub episode_id: Option<Uuid>,
        pub episode_name: Option<String>,
    }
);

sql_row!(
    /// An asset with its type name (`assets/with-tasks`).
    pub(crate) struct AssetRow {
        pub id: Uuid,
        pub name: String,
        pub preview_file_id: Option<Uuid>,
        pub description: Option<String>,
        pub entity_type_id: Uuid,
        pub asset_type_name: String,
        pub canceled: Option<bool>,
        pub ready_for: Option<Uuid>,
        pub source_id: Option<Uuid>,
        pub is_casting_standby: Option<bool>,
        pub is_shared: bool,
        pub data: Option<Value>,
    }
);

sql_row!(
    /// A sequence, an episode or a scene (`…/with-tasks`, one row shape).
    pub(crate) struct PlainRow {
        pub id: Uuid,
        pub name: String,
        pub status: String,
        pub parent_id: Option<Uuid>,
        pub description: Option<String>,
        pub preview_file_id: Option<Uuid>,
        pub canceled: Option<bool>,
        pub data: Option<Value>,
    }
);

sql_row!(
    /// An edit with its episode and project names (`edits/with-tasks`).
    pub(crate) struct EditRow {
        pub id: Uuid,
        pub name: String,
        pub description: Option<String>,
        pub canceled: Option<bool>,
        pub entity_type_id: Uuid,
        pub parent_id: Option<Uuid>,
        pub episode_name: Option<String>,
        pub preview_file_id: Option<Uuid>,
        pub project_id: Uuid,
        pub project_name: String,
        pub source_id: Option<Uuid>,
        pub nb_entities_out: Option<i32>,
        pub data: Option<Value>,
    }
);

sql_row!(
    /// A concept with its project name and preview status
    /// (`concepts/with-tasks`, `entities-linked/with-tasks`).
    pub(crate) struct ConceptRow {
        pub id: Uuid,
        pub name: String,
        pub description: Option<String>,
        pub canceled: Option<bool>,
        pub entity_type_id: Uuid,
        pub nb_frames: Option<i32>,
        pub parent_id: Option<Uuid>,
        pub preview_file_id: Option<Uuid>,
        pub preview_file_status: Option<String>,
        pub project_id: Uuid,
        pub project_name: String,
        pub source_id: Option<Uuid>,
        pub nb_entities_out: Option<i32>,
        pub is_casting_standby: Option<bool>,
        pub data: Option<Value>,
        pub updated_at: NaiveDateTime,
        pub created_at: NaiveDateTime,
        pub created_by: Option<Uuid>,
    }
);

entity_rows!(ShotRow, AssetRow, PlainRow, EditRow, ConceptRow);

/// A task with its assignees, as it is written (the row stays where it
/// was read: `TaskGroups`).
pub(crate) struct TaskFull<'a> {
    pub row: &'a TaskRow,
    pub assignees: Vec<Uuid>,
}

/// A map keyed by id, with a fast hash (foldhash): grouping a big view
/// hashes each of its 100,000 tasks and assignees, where SipHash showed.
pub(crate) type IdMap<V> = HashMap<Uuid, V, foldhash::fast::RandomState>;

/// A view's task rows, kept in the chunks they were read in (in no
/// order), and where each entity's are.
///
/// Rows are never moved once decoded: a task row is a few hundred bytes,
/// and moving the 100,000 of a big view into per-entity lists, then into
/// the answer's order, was a tenth of the view's time, on the one thread
/// that hands out the entities.
#[derive(Default)]
pub(crate) struct TaskIndex {
    chunks: Vec<Vec<TaskRow>>,
    /// Each entity's tasks: `(chunk, row)` in `chunks`.
    by_entity: IdMap<Vec<(u32, u32)>>,
}

impl TaskIndex {
    /// How many tasks the view has.
    pub fn len(&self) -> usize {
        self.chunks.iter().map(Vec::len).sum()
    }

    /// The ids of the view's tasks.
    pub fn ids(&self) -> std::collections::HashSet<Uuid, foldhash::fast::RandomState> {
        self.chunks.iter().flatten().map(|t| t.id).collect()
    }
}

/// Add a chunk of task rows (in any order).
pub(crate) fn group_tasks(ix: &mut TaskIndex, rows: Vec<TaskRow>) {
    let chunk = ix.chunks.len() as u32;
    for (i, row) in rows.iter().enumerate() {
        ix.by_entity
            .entry(row.entity_id)
            .or_default()
            .push((chunk, i as u32));
    }
    ix.chunks.push(rows);
}

sql_row!(
    /// An assignee of a task, with its rank in the task's list
    /// (`sql::assignee_rank`).
    pub(crate) struct AssigneeRow {
        pub task: Uuid,
        pub person: Uuid,
        pub rank: i64,
    }
);

/// Add assignee rows (in any order) to their tasks' lists, each list kept
/// in rank order (a task has one or two).
pub(crate) fn group_assignees(by_task: &mut IdMap<Vec<(i64, Uuid)>>, rows: Vec<AssigneeRow>) {
    for AssigneeRow { task, person, rank } in rows {
        let list = by_task.entry(task).or_default();
        let at = list.partition_point(|x| *x <= (rank, person));
        list.insert(at, (rank, person));
    }
}

/// The tasks of a view's entities and their assignees, as their rows
/// arrived (`sql::queries` reads them in no order). Read-only once read:
/// the answer's writers share it.
#[derive(Default)]
pub(crate) struct TaskGroups {
    pub tasks: TaskIndex,
    /// Each task's `(rank, person)`s, in rank order.
    pub assignees: IdMap<Vec<(i64, Uuid)>>,
}

impl TaskGroups {
    /// An entity's tasks, in creation order, with their assignees.
    pub fn of(&self, entity: Uuid) -> Vec<TaskFull<'_>> {
        let Some(at) = self.tasks.by_entity.get(&entity) else {
            return Vec::new();
        };
        let mut tasks: Vec<TaskFull> = at
            .iter()
            .map(|&(chunk, i)| {
                let row = &self.tasks.chunks[chunk as usize][i as usize];
                let assignees = self
                    .assignees
                    .get(&row.id)
                    .map(|ranked| ranked.iter().map(|(_, person)| *person).collect())
                    .unwrap_or_default();
                TaskFull { row, assignees }
            })
            .collect();
        tasks.sort_unstable_by(|a, b| {
            (a.row.created_at, a.row.id).cmp(&(b.row.created_at, b.row.id))
        });
        tasks
    }
}

/// What the rows are written with besides their own columns.
#[derive(Default)]
pub(crate) struct Lookups {
    /// Tasks the caller is subscribed to (`is_subscribed`).
    pub subscribed: HashSet<Uuid>,
    /// Episodes casting each asset (`casting_episode_ids`).
    pub casting: HashMap<Uuid, Vec<Uuid>>,
    /// Entities each concept is linked to (`entity_concept_links`).
    pub concept_links: HashMap<Uuid, Vec<Uuid>>,
    /// Written for a client: tasks show their status and type, but the
    /// studio side (who, how long, when, how hard) is blanked, keys kept.
    pub client: bool,
}

// --- writing ----------------------------------------------------------------

/// Where a row's fields go: a JSON object (key and value) or, for the
/// compact form, a JSON array (values in the header's field order).
///
/// Two kinds: through serde (`Obj`, `Arr`: any serializer) and straight
/// into the answer's bytes (`Raw`, how the views write their rows). The
/// `put_*` methods are the hot values of a big view (a task's ids and
/// its task list), which `Raw` writes without serde.
pub(crate) trait Out {
    type Error: serde::ser::Error;
    const COMPACT: bool;
    fn put<T: ?Sized + Serialize>(&mut self, key: &'static str, v: &T) -> Result<(), Self::Error>;

    fn put_id(&mut self, key: &'static str, v: &Uuid) -> Result<(), Self::Error> {
        self.put(key, v)
    }
    fn put_opt_id(&mut self, key: &'static str, v: &Option<Uuid>) -> Result<(), Self::Error> {
        self.put(key, v)
    }
    fn put_ids(&mut self, key: &'static str, v: &[Uuid]) -> Result<(), Self::Error> {
        self.put(key, v)
    }
    fn put_tasks(&mut self, key: &'static str, v: &Tasks<'_>) -> Result<(), Self::Error> {
        self.put(key, v)
    }
}

/// Writes a row straight into the answer's bytes: the keys are static
/// names that need no escaping, ids are hex, and a task list is written
/// task by task the same way; other values go through serde_json. A big
/// view writes two million task values: serde's escaping of every key and
/// id was a tenth of its time.
pub(crate) struct Raw<'a, const COMPACT: bool> {
    buf: &'a mut Vec<u8>,
    first: bool,
}

impl<const C: bool> Raw<'_, C> {
    fn key(&mut self, key: &'static str) {
        debug_assert!(!key.contains(['"', '\\']));
        if !std::mem::replace(&mut self.first, false) {
            self.buf.push(b',');
        }
        if !C {
            self.buf.push(b'"');
            self.buf.extend_from_slice(key.as_bytes());
            self.buf.extend_from_slice(b"\":");
        }
    }
}

impl<const C: bool> Out for Raw<'_, C> {
    type Error = serde_json::Error;
    const COMPACT: bool = C;
    fn put<T: ?Sized + Serialize>(&mut self, key: &'static str, v: &T) -> serde_json::Result<()> {
        self.key(key);
        serde_json::to_writer(&mut *self.buf, v)
    }
    fn put_id(&mut self, key: &'static str, v: &Uuid) -> serde_json::Result<()> {
        self.key(key);
        raw_id(self.buf, v);
        Ok(())
    }
    fn put_opt_id(&mut self, key: &'static str, v: &Option<Uuid>) -> serde_json::Result<()> {
        self.key(key);
        match v {
            Some(id) => raw_id(self.buf, id),
            None => self.buf.extend_from_slice(b"null"),
        }
        Ok(())
    }
    fn put_ids(&mut self, key: &'static str, v: &[Uuid]) -> serde_json::Result<()> {
        self.key(key);
        self.buf.push(b'[');
        for (i, id) in v.iter().enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            raw_id(self.buf, id);
        }
        self.buf.push(b']');
        Ok(())
    }
    fn put_tasks(&mut self, key: &'static str, v: &Tasks<'_>) -> serde_json::Result<()> {
        self.key(key);
        self.buf.push(b'[');
        for (i, t) in v.tasks.iter().enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            write_row(self.buf, &v.item(t), C)?;
        }
        self.buf.push(b']');
        Ok(())
    }
}

struct MapOut<M>(M);
impl<M: SerializeMap> Out for MapOut<M> {
    type Error = M::Error;
    const COMPACT: bool = false;
    fn put<T: ?Sized + Serialize>(&mut self, key: &'static str, v: &T) -> Result<(), M::Error> {
        self.0.serialize_entry(key, v)
    }
}

struct SeqOut<M>(M);
impl<M: SerializeSeq> Out for SeqOut<M> {
    type Error = M::Error;
    const COMPACT: bool = true;
    fn put<T: ?Sized + Serialize>(&mut self, _key: &'static str, v: &T) -> Result<(), M::Error> {
        self.0.serialize_element(v)
    }
}

/// Something written field by field.
pub(crate) trait Fields {
    fn fields<O: Out>(&self, o: &mut O) -> Result<(), O::Error>;
}

/// Write as a JSON object.
pub(crate) struct Obj<'a, T>(pub &'a T);
impl<T: Fields> Serialize for Obj<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = MapOut(s.serialize_map(None)?);
        self.0.fields(&mut o)?;
        o.0.end()
    }
}

/// Write as a JSON array (compact rows).
pub(crate) struct Arr<'a, T>(pub &'a T);
impl<T: Fields> Serialize for Arr<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = SeqOut(s.serialize_seq(None)?);
        self.0.fields(&mut o)?;
        o.0.end()
    }
}

/// Write `row` into `buf` as an object, or as an array when `compact`.
pub(crate) fn write_row<T: Fields>(
    buf: &mut Vec<u8>,
    row: &T,
    compact: bool,
) -> serde_json::Result<()> {
    if compact {
        buf.push(b'[');
        row.fields(&mut Raw::<true> { buf, first: true })?;
        buf.push(b']');
    } else {
        buf.push(b'{');
        row.fields(&mut Raw::<false> { buf, first: true })?;
        buf.push(b'}');
    }
    Ok(())
}

/// A datetime as Zou writes it (`2024-01-15T10:30:00`), or null.
pub(crate) struct Dt<'a>(pub &'a Option<NaiveDateTime>);
impl Serialize for Dt<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        tusk_db::fmt::ser_opt_datetime(self.0, s)
    }
}

/// An id, or the string `"None"` when null (Zou stringifies the null of
/// `ready_for` and `episode_id` in some views).
pub(crate) struct NoneStr(pub Option<Uuid>);
impl Serialize for NoneStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Some(u) => u.serialize(s),
            None => s.serialize_str("None"),
        }
    }
}

/// An id, or `""` when null (`preview_file_id` of some views).
pub(crate) struct EmptyStr(pub Option<Uuid>);
impl Serialize for EmptyStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Some(u) => u.serialize(s),
            None => s.serialize_str(""),
        }
    }
}

/// Text, or `""` when null (`episode_name` of a shot without episode).
pub(crate) struct OrEmpty<'a>(pub &'a Option<String>);
impl Serialize for OrEmpty<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.as_deref().unwrap_or(""))
    }
}

/// A JSON value with object keys in Postgres jsonb order (shorter keys
/// first, then bytewise), as Zou answers `data` whatever the database.
pub(crate) struct Jsonb<'a>(pub &'a Value);
impl Serialize for Jsonb<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(m) => {
                let mut items: Vec<(&String, &Value)> = m.iter().collect();
                items.sort_by(|a, b| {
                    a.0.len()
                        .cmp(&b.0.len())
                        .then_with(|| a.0.as_bytes().cmp(b.0.as_bytes()))
                });
                let mut map = s.serialize_map(Some(items.len()))?;
                for (k, v) in items {
                    map.serialize_entry(k, &Jsonb(v))?;
                }
                map.end()
            }
            Value::Array(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for v in a {
                    seq.serialize_element(&Jsonb(v))?;
                }
                seq.end()
            }
            v => v.serialize(s),
        }
    }
}

/// A `data` column in jsonb order (null stays null).
pub(crate) struct Data<'a>(pub &'a Option<Value>);
impl Serialize for Data<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(v) => Jsonb(v).serialize(s),
            None => s.serialize_none(),
        }
    }
}

/// `data[key]` (shots copy `fps`, `frame_in`, `frame_out` from their data to
/// the top of the row), or null.
pub(crate) struct DataKey<'a>(pub &'a Option<Value>, pub &'static str);
impl Serialize for DataKey<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.as_ref().and_then(|d| d.get(self.1)) {
            Some(v) => Jsonb(v).serialize(s),
            None => s.serialize_none(),
        }
    }
}

/// A list of ids (`[]` when there is none).
pub(crate) struct Ids<'a>(pub Option<&'a Vec<Uuid>>);
impl Serialize for Ids<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(v) => v.serialize(s),
            None => s.serialize_seq(Some(0))?.end(),
        }
    }
}

// --- tasks ------------------------------------------------------------------

/// The keys of a task object; each view has its own set and order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TaskKey {
    Id,
    Duration,
    DueDate,
    EndDate,
    DoneDate,
    EntityId,
    Estimation,
    IsSubscribed,
    LastCommentDate,
    LastPreviewFileId,
    NbAssetsReady,
    Priority,
    RealStartDate,
    RetakeCount,
    StartDate,
    Difficulty,
    NbDrawings,
    TaskStatusId,
    TaskTypeId,
    Assignees,
    AssignerId,
    Data,
}

impl TaskKey {
    pub fn name(self) -> &'static str {
        use TaskKey::*;
        match self {
            Id => "id",
            Duration => "duration",
            DueDate => "due_date",
            EndDate => "end_date",
            DoneDate => "done_date",
            EntityId => "entity_id",
            Estimation => "estimation",
            IsSubscribed => "is_subscribed",
            LastCommentDate => "last_comment_date",
            LastPreviewFileId => "last_preview_file_id",
            NbAssetsReady => "nb_assets_ready",
            Priority => "priority",
            RealStartDate => "real_start_date",
            RetakeCount => "retake_count",
            StartDate => "start_date",
            Difficulty => "difficulty",
            NbDrawings => "nb_drawings",
            TaskStatusId => "task_status_id",
            TaskTypeId => "task_type_id",
            Assignees => "assignees",
            AssignerId => "assigner_id",
            Data => "data",
        }
    }
}

use TaskKey as K;

/// Task keys of the shot view (and shot detail).
pub(crate) const SHOT_TASK: &[TaskKey] = &[
    K::Id,
    K::Duration,
    K::DueDate,
    K::EndDate,
    K::DoneDate,
    K::EntityId,
    K::Estimation,
    K::IsSubscribed,
    K::LastCommentDate,
    K::LastPreviewFileId,
    K::NbAssetsReady,
    K::Priority,
    K::RealStartDate,
    K::RetakeCount,
    K::StartDate,
    K::Difficulty,
    K::NbDrawings,
    K::TaskStatusId,
    K::TaskTypeId,
    K::Assignees,
    K::Data,
];

/// Task keys of the asset view (and asset detail).
pub(crate) const ASSET_TASK: &[TaskKey] = &[
    K::Id,
    K::DueDate,
    K::DoneDate,
    K::Duration,
    K::EntityId,
    K::Estimation,
    K::EndDate,
    K::IsSubscribed,
    K::LastCommentDate,
    K::LastPreviewFileId,
    K::Priority,
    K::RealStartDate,
    K::RetakeCount,
    K::StartDate,
    K::Difficulty,
    K::TaskStatusId,
    K::TaskTypeId,
    K::Assignees,
    K::Data,
];

/// Task keys of the sequence, episode and scene views.
pub(crate) const PLAIN_TASK: &[TaskKey] = &[
    K::Id,
    K::Estimation,
    K::EntityId,
    K::EndDate,
    K::DueDate,
    K::DoneDate,
    K::Duration,
    K::LastCommentDate,
    K::LastPreviewFileId,
    K::Priority,
    K::RealStartDate,
    K::RetakeCount,
    K::StartDate,
    K::Difficulty,
    K::TaskStatusId,
    K::TaskTypeId,
    K::Data,
    K::IsSubscribed,
    K::Assignees,
];

/// Task keys of the edit view (and edit detail).
pub(crate) const EDIT_TASK: &[TaskKey] = &[
    K::Id,
    K::Duration,
    K::DueDate,
    K::EntityId,
    K::EndDate,
    K::Estimation,
    K::LastCommentDate,
    K::LastPreviewFileId,
    K::NbAssetsReady,
    K::Priority,
    K::RealStartDate,
    K::RetakeCount,
    K::StartDate,
    K::TaskStatusId,
    K::TaskTypeId,
    K::Data,
    K::IsSubscribed,
    K::Assignees,
];

/// Task keys of the concept view (and concept detail).
pub(crate) const CONCEPT_TASK: &[TaskKey] = &[
    K::Id,
    K::Duration,
    K::DueDate,
    K::EndDate,
    K::EntityId,
    K::Estimation,
    K::LastCommentDate,
    K::NbAssetsReady,
    K::Priority,
    K::RealStartDate,
    K::RetakeCount,
    K::StartDate,
    K::TaskStatusId,
    K::TaskTypeId,
    K::Data,
    K::IsSubscribed,
    K::Assignees,
];

/// Task keys of `entities-linked/with-tasks` (no `data`, no
/// `is_subscribed`, but `assigner_id`).
pub(crate) const LINKED_TASK: &[TaskKey] = &[
    K::Id,
    K::Duration,
    K::DueDate,
    K::EndDate,
    K::EntityId,
    K::Estimation,
    K::LastCommentDate,
    K::NbAssetsReady,
    K::Priority,
    K::RealStartDate,
    K::RetakeCount,
    K::StartDate,
    K::TaskStatusId,
    K::TaskTypeId,
    K::AssignerId,
    K::Assignees,
];

/// One task, written with a view's keys.
struct TaskItem<'a> {
    t: &'a TaskFull<'a>,
    entity_id: Uuid,
    keys: &'static [TaskKey],
    subscribed: bool,
    client: bool,
}

/// The value a client reads for a task key Zou blanks for clients
/// (`entities_service.CLIENT_BLANK_TASK_VALUES`), or `None` for a key
/// clients read as it is.
fn client_blank(k: TaskKey) -> Option<Value> {
    match k {
        K::Assignees => Some(Value::Array(vec![])),
        K::AssignerId
        | K::Difficulty
        | K::DoneDate
        | K::DueDate
        | K::EndDate
        | K::LastCommentDate
        | K::RealStartDate
        | K::StartDate => Some(Value::Null),
        K::Duration
        | K::Estimation
        | K::NbAssetsReady
        | K::NbDrawings
        | K::Priority
        | K::RetakeCount => Some(Value::from(0)),
        _ => None,
    }
}

impl Fields for TaskItem<'_> {
    fn fields<O: Out>(&self, o: &mut O) -> Result<(), O::Error> {
        let r = &self.t.row;
        for k in self.keys {
            let key = k.name();
            if self.client {
                if let Some(blank) = client_blank(*k) {
                    o.put(key, &blank)?;
                    continue;
                }
            }
            match k {
                K::Id => o.put_id(key, &r.id)?,
                K::Duration => o.put(key, &r.duration)?,
                K::DueDate => o.put(key, &Dt(&r.due_date))?,
                K::EndDate => o.put(key, &Dt(&r.end_date))?,
                K::DoneDate => o.put(key, &Dt(&r.done_date))?,
                K::EntityId => o.put_id(key, &self.entity_id)?,
                K::Estimation => o.put(key, &r.estimation)?,
                K::IsSubscribed => o.put(key, &self.subscribed)?,
                K::LastCommentDate => o.put(key, &Dt(&r.last_comment_date))?,
                K::LastPreviewFileId => o.put_opt_id(key, &r.last_preview_file_id)?,
                K::NbAssetsReady => o.put(key, &r.nb_assets_ready)?,
                K::Priority => o.put(key, &r.priority)?,
                K::RealStartDate => o.put(key, &Dt(&r.real_start_date))?,
                K::RetakeCount => o.put(key, &r.retake_count)?,
                K::StartDate => o.put(key, &Dt(&r.start_date))?,
                K::Difficulty => o.put(key, &r.difficulty)?,
                K::NbDrawings => o.put(key, &r.nb_drawings)?,
                K::TaskStatusId => o.put_opt_id(key, &r.task_status_id)?,
                K::TaskTypeId => o.put_opt_id(key, &r.task_type_id)?,
                K::Assignees => o.put_ids(key, &self.t.assignees)?,
                K::AssignerId => o.put_opt_id(key, &r.assigner_id)?,
                K::Data => o.put(key, &Data(&r.data))?,
            }
        }
        Ok(())
    }
}

/// The task list of an entity: objects, or arrays in compact rows.
pub(crate) struct Tasks<'a> {
    pub tasks: &'a [TaskFull<'a>],
    pub entity_id: Uuid,
    pub keys: &'static [TaskKey],
    pub lk: &'a Lookups,
    pub compact: bool,
}

impl<'a> Tasks<'a> {
    fn item(&self, t: &'a TaskFull<'a>) -> TaskItem<'a> {
        TaskItem {
            t,
            entity_id: self.entity_id,
            keys: self.keys,
            subscribed: self.lk.subscribed.contains(&t.row.id),
            client: self.lk.client,
        }
    }
}

impl Serialize for Tasks<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.tasks.len()))?;
        for t in self.tasks {
            let item = self.item(t);
            if self.compact {
                seq.serialize_element(&Arr(&item))?;
            } else {
                seq.serialize_element(&Obj(&item))?;
            }
        }
        seq.end()
    }
}

/// The names of a task key list (compact headers).
pub(crate) fn key_names(keys: &[TaskKey]) -> Vec<&'static str> {
    keys.iter().map(|k| k.name()).collect()
}

// --- entity rows ------------------------------------------------------------

/// An entity row with its tasks, as one view writes it.
pub(crate) struct Item<'a, E> {
    pub e: &'a E,
    pub tasks: &'a [TaskFull<'a>],
    pub lk: &'a Lookups,
}

impl<E> Item<'_, E> {
    fn tasks<O: Out>(&self, id: Uuid, keys: &'static [TaskKey]) -> Tasks<'_> {
        Tasks {
            tasks: self.tasks,
            entity_id: id,
            keys,
            lk: self.lk,
            compact: O::COMPACT,
        }
    }
}

/// Keys of a shot row in the compact header (`type` before `tasks`; the
/// object form has `tasks` then `type`).
pub(crate) const SHOT_FIELDS: &[&str] = &[
    "canceled",
    "data",
    "description",
    "entity_type_id",
    "episode_id",
    "episode_name",
    "fps",
    "frame_in",
    "frame_out",
    "id",
    "name",
    "nb_frames",
    "parent_id",
    "preview_file_id",
    "project_id",
    "project_name",
    "sequence_id",
    "sequence_name",
    "source_id",
    "nb_entities_out",
    "is_casting_standby",
    "type",
    "tasks",
];

impl Fields for Item<'_, ShotRow> {
    fn fields<O: Out>(&self, o: &mut O) -> Result<(), O::Error> {
        let e = self.e;
        o.put("canceled", &e.canceled)?;
        o.put("data", &Data(&e.data))?;
        o.put("description", &e.description)?;
        o.put("entity_type_id", &e.entity_type_id)?;
        o.put("episode_id", &e.episode_id)?;
        o.put("episode_name", &OrEmpty(&e.episode_name))?;
        o.put("fps", &DataKey(&e.data, "fps"))?;
        o.put("frame_in", &DataKey(&e.data, "frame_in"))?;
        o.put("frame_out", &DataKey(&e.data, "frame_out"))?;
        o.put("id", &e.id)?;
        o.put("name", &e.name)?;
        o.put("nb_frames", &e.nb_frames)?;
        o.put("parent_id", &e.parent_id)?;
        o.put("preview_file_id", &e.preview_file_id)?;
        o.put("project_id", &e.project_id)?;
        o.put("project_name", &e.project_name)?;
        o.put("sequence_id", &e.parent_id)?;
        o.put("sequence_name", &e.sequence_name)?;
        o.put("source_id", &e.source_id)?;
        o.put("nb_entities_out", &e.nb_entities_out)?;
        o.put("is_casting_standby", &e.is_casting_standby)?;
        let tasks = self.tasks::<O>(e.id, SHOT_TASK);
        if O::COMPACT {
            o.put("type", "Shot")?;
            o.put_tasks("tasks", &tasks)
        } else {
            o.put_tasks("tasks", &tasks)?;
            o.put("type", "Shot")
        }
    }
}

/// Keys of an asset row in the compact header.
pub(crate) const ASSET_FIELDS: &[&str] = &[
    "id",
    "name",
    "preview_file_id",
    "description",
    "asset_type_name",
    "asset_type_id",
    "canceled",
    "ready_for",
    "episode_id",
    "casting_episode_ids",
    "is_casting_standby",
    "is_shared",
    "data",
    "tasks",
];

impl Fields for Item<'_, AssetRow> {
    fn fields<O: Out>(&self, o: &mut O) -> Result<(), O::Error> {
        let e = self.e;
        o.put("id", &e.id)?;
        o.put("name", &e.name)?;
        o.put("preview_file_id", &EmptyStr(e.preview_file_id))?;
        o.put("description", &e.description)?;
        o.put("asset_type_name", &e.asset_type_name)?;
        o.put("asset_type_id", &e.entity_type_id)?;
        o.put("canceled", &e.canceled)?;
        o.put("ready_for", &NoneStr(e.ready_for))?;
        o.put("episode_id", &EmptyStr(e.source_id))?;
        o.put("casting_episode_ids", &Ids(self.lk.casting.get(&e.id)))?;
        o.put("is_casting_standby", &e.is_casting_standby)?;
        o.put("is_shared", &e.is_shared)?;
        o.put("data", &Data(&e.data))?;
        o.put_tasks("tasks", &self.tasks::<O>(e.id, ASSET_TASK))
    }
}

impl Fields for Item<'_, PlainRow> {
    fn fields<O: Out>(&self, o: &mut O) -> Result<(), O::Error> {
        let e = self.e;
        o.put("id", &e.id)?;
        o.put("name", &e.name)?;
        o.put("status", &e.status)?;
        o.put("episode_id", &NoneStr(e.parent_id))?;
        o.put("description", &e.description)?;
        o.put("frame_in", &DataKey(&e.data, "frame_in"))?;
        o.put("frame_out", &DataKey(&e.data, "frame_out"))?;
        o.put("fps", &DataKey(&e.data, "fps"))?;
        o.put("preview_file_id", &EmptyStr(e.preview_file_id))?;
        o.put("canceled", &e.canceled)?;
        o.put("data", &Data(&e.data))?;
        o.put_tasks("tasks", &self.tasks::<O>(e.id, PLAIN_TASK))
    }
}

impl Fields for Item<'_, EditRow> {
    fn fields<O: Out>(&self, o: &mut O) -> Result<(), O::Error> {
        let e = self.e;
        o.put("canceled", &e.canceled)?;
        o.put("data", &Data(&e.data))?;
        o.put("description", &e.description)?;
        o.put("entity_type_id", &e.entity_type_id)?;
        o.put("episode_id", &e.parent_id)?;
        o.put("episode_name", &OrEmpty(&e.episode_name))?;
        o.put("id", &e.id)?;
        o.put("name", &e.name)?;
        o.put("parent_id", &e.parent_id)?;
        o.put("preview_file_id", &e.preview_file_id)?;
        o.put("project_id", &e.project_id)?;
        o.put("project_name", &e.project_name)?;
        o.put("source_id", &e.source_id)?;
        o.put("nb_entities_out", &e.nb_entities_out)?;
        o.put_tasks("tasks", &self.tasks::<O>(e.id, EDIT_TASK))?;
        o.put("type", "Edit")
    }
}

/// A concept row, as `concepts/with-tasks` (with `preview_file_status`)
/// or `entities-linked/with-tasks` (without, and other task keys) writes it.
pub(crate) struct ConceptItem<'a> {
    pub item: Item<'a, ConceptRow>,
    pub linked: bool,
}

impl Fields for ConceptItem<'_> {
    fn fields<O: Out>(&self, o: &mut O) -> Result<(), O::Error> {
        let e = self.item.e;
        o.put("canceled", &e.canceled)?;
        o.put("data", &Data(&e.data))?;
        o.put("description", &e.description)?;
        o.put("entity_type_id", &e.entity_type_id)?;
        o.put("fps", &DataKey(&e.data, "fps"))?;
        o.put("frame_in", &DataKey(&e.data, "frame_in"))?;
        o.put("frame_out", &DataKey(&e.data, "frame_out"))?;
        o.put("id", &e.id)?;
        o.put("name", &e.name)?;
        o.put("nb_frames", &e.nb_frames)?;
        o.put("parent_id", &e.parent_id)?;
        o.put("preview_file_id", &e.preview_file_id)?;
        if !self.linked {
            o.put("preview_file_status", &e.preview_file_status)?;
        }
        o.put("project_id", &e.project_id)?;
        o.put("project_name", &e.project_name)?;
        o.put("source_id", &e.source_id)?;
        o.put("nb_entities_out", &e.nb_entities_out)?;
        o.put("is_casting_standby", &e.is_casting_standby)?;
        let keys = if self.linked {
            LINKED_TASK
        } else {
            CONCEPT_TASK
        };
        o.put_tasks("tasks", &self.item.tasks::<O>(e.id, keys))?;
        o.put(
            "entity_concept_links",
            &Ids(self.item.lk.concept_links.get(&e.id)),
        )?;
        o.put("type", "Concept")?;
        o.put("updated_at", &Dt(&Some(e.updated_at)))?;
        o.put("created_at", &Dt(&Some(e.created_at)))?;
        o.put("created_by", &e.created_by)
    }
}
