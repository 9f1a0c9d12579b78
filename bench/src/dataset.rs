//! The production the benchmark runs on, as a pure function of its size.
//!
//! Every id, name, date and status is derived from the row's index by a
//! hash ([`id`], [`pick`]): the same size gives the same rows on every
//! machine, for Tusk and for Zou, and the load driver can name any shot,
//! sequence or task without reading the database ([`Production::manifest`]).
//!
//! Rows are produced table by table, in foreign-key order
//! ([`Production::tables`]), with every column of Zou's table filled:
//! what the generator does not set gets the column's default from the
//! model description, so both databases receive identical rows.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use tusk_db::model::Column;
use tusk_db::{Kind, SqlValue, TableMeta};
use uuid::Uuid;

/// How big a production is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Size {
    pub name: String,
    pub episodes: usize,
    pub sequences_per_episode: usize,
    pub shots_per_sequence: usize,
    pub assets: usize,
    /// Tasks of every shot and of every asset (at most 10).
    pub tasks_per_entity: usize,
    /// Persons besides the administrator.
    pub persons: usize,
    /// Assets cast in each shot.
    pub cast_per_shot: usize,
    /// About this many comments, each changing its task's status.
    pub comments: usize,
}

impl Size {
    /// 10 episodes × 20 sequences × 50 shots, 5,000 assets, 150,000 tasks.
    pub fn big() -> Size {
        Size {
            name: "big".into(),
            episodes: 10,
            sequences_per_episode: 20,
            shots_per_sequence: 50,
            assets: 5_000,
            tasks_per_entity: 10,
            persons: 500,
            cast_per_shot: 5,
            comments: 100_000,
        }
    }

    /// About 200 shots: the CI smoke run.
    pub fn small() -> Size {
        Size {
            name: "small".into(),
            episodes: 2,
            sequences_per_episode: 4,
            shots_per_sequence: 25,
            assets: 100,
            tasks_per_entity: 10,
            persons: 50,
            cast_per_shot: 5,
            comments: 2_000,
        }
    }

    /// The smallest production with every kind of row: statement counts
    /// measured on it must equal those of the bigger ones.
    pub fn tiny() -> Size {
        Size {
            name: "tiny".into(),
            episodes: 1,
            sequences_per_episode: 2,
            shots_per_sequence: 6,
            assets: 12,
            tasks_per_entity: 10,
            persons: 12,
            cast_per_shot: 5,
            comments: 100,
        }
    }

    /// `big`, `small`, `tiny`, or `E×S×H` shots with the other counts
    /// scaled from `big` (`2x10x50`).
    pub fn parse(s: &str) -> Result<Size, String> {
        match s {
            "big" => return Ok(Size::big()),
            "small" => return Ok(Size::small()),
            "tiny" => return Ok(Size::tiny()),
            _ => {}
        }
        let parts: Vec<usize> = s
            .split('x')
            .map(|p| p.parse::<usize>())
            .collect::<Result<_, _>>()
            .map_err(|_| format!("unknown size {s:?} (big, small, tiny or E×S×H like 2x10x50)"))?;
        let [e, sq, sh] = parts[..] else {
            return Err(format!("unknown size {s:?} (E×S×H has three numbers)"));
        };
        if e == 0 || sq == 0 || sh == 0 {
            return Err("every count of a size must be at least 1".into());
        }
        let shots = e * sq * sh;
        Ok(Size {
            name: s.into(),
            episodes: e,
            sequences_per_episode: sq,
            shots_per_sequence: sh,
            assets: (shots / 2).max(12),
            tasks_per_entity: 10,
            persons: (shots / 20).max(12),
            cast_per_shot: 5,
            comments: shots * 10,
        })
    }

    pub fn sequences(&self) -> usize {
        self.episodes * self.sequences_per_episode
    }
    pub fn shots(&self) -> usize {
        self.sequences() * self.shots_per_sequence
    }
    pub fn tasks(&self) -> usize {
        (self.shots() + self.assets) * self.tasks_per_entity
    }
}

// --- deterministic ids and choices -------------------------------------------

/// What an id names; part of the hash, so ids of different tables never meet.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
pub enum Tag {
    ProjectStatus = 1,
    EntityType,
    Department,
    TaskType,
    TaskStatus,
    Person,
    Project,
    Descriptor,
    Entity,
    Task,
    EntityLink,
    Comment,
    ProjectTaskType,
    ProjectTaskStatus,
}

fn mix(mut x: u64) -> u64 {
    // splitmix64's finalizer: a cheap, well-spread hash.
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The id of row `i` of what `tag` names: a valid version-4 UUID.
pub fn id(tag: Tag, i: u64) -> Uuid {
    let hi = mix((tag as u64) << 48 ^ i);
    let lo = mix(hi ^ 0x5bd1_e995 ^ i);
    uuid::Builder::from_random_bytes(((hi as u128) << 64 | lo as u128).to_be_bytes()).into_uuid()
}

/// A number in `0..n` chosen for row `i` (`salt` tells choices apart).
pub fn pick(i: u64, salt: u64, n: usize) -> usize {
    (mix(i.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ salt.wrapping_mul(0x9E37_79B9)) % n as u64)
        as usize
}

/// When the production starts: every date is an offset from it.
pub fn epoch() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 1, 5)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .unwrap_or_default()
}

// --- reference data ------------------------------------------------------------

/// The administrator every dataset has (Zou's reference server's).
pub const ADMIN_EMAIL: &str = "admin@example.com";
pub const ADMIN_PASSWORD: &str = "mysecretpassword";

/// Entity types, as `zou init-data` names them (the first four are asset types).
pub const ENTITY_TYPES: &[&str] = &[
    "Character",
    "Environment",
    "FX",
    "Prop",
    "Episode",
    "Sequence",
    "Shot",
    "Scene",
    "Edit",
    "Concept",
    "ConceptFolder",
];
const ASSET_TYPES: usize = 4;

pub const DEPARTMENTS: &[(&str, &str)] = &[
    ("Modeling", "#78909C"),
    ("Animation", "#009688"),
    ("FX", "#26C6DA"),
    ("Compositing", "#F06292"),
    ("Concept", "#8D6E63"),
    ("Layout", "#7CB342"),
];

/// `(name, for_entity, department)`: `zou init-data`'s task types, then
/// more of them so that every shot and asset can have ten tasks.
pub const TASK_TYPES: &[(&str, &str, usize)] = &[
    ("Storyboard", "Shot", 4),
    ("Layout", "Shot", 5),
    ("Animation", "Shot", 1),
    ("Lighting", "Shot", 3),
    ("FX", "Shot", 2),
    ("Rendering", "Shot", 3),
    ("Compositing", "Shot", 3),
    ("Previz", "Shot", 5),
    ("Matchmove", "Shot", 5),
    ("Cleanup", "Shot", 3),
    ("Concept", "Asset", 4),
    ("Modeling", "Asset", 0),
    ("Shading", "Asset", 0),
    ("Rigging", "Asset", 1),
    ("Texturing", "Asset", 0),
    ("Grooming", "Asset", 0),
    ("Lookdev", "Asset", 3),
    ("Sculpting", "Asset", 0),
    ("Cloth", "Asset", 2),
    ("Blendshapes", "Asset", 1),
    ("Edit", "Edit", 3),
    ("Concept", "Concept", 4),
];
const SHOT_TASK_TYPES: usize = 0; // first index of the shot task types
const ASSET_TASK_TYPES: usize = 10;

/// `(name, short name, color, flag)`: `zou init-data`'s statuses.
pub const TASK_STATUSES: &[(&str, &str, &str, &str)] = &[
    ("Todo", "todo", "#f5f5f5", "is_default"),
    ("Work In Progress", "wip", "#3273dc", "is_wip"),
    (
        "Waiting For Approval",
        "wfa",
        "#ab26ff",
        "is_feedback_request",
    ),
    ("Retake", "retake", "#ff3860", "is_retake"),
    ("Done", "done", "#22d160", "is_done"),
    ("Ready To Start", "ready", "#fbc02d", ""),
    ("Neutral", "neutral", "#CCCCCC", "is_default"),
    ("Approved", "approved", "#66BB6A", ""),
    ("Rejected", "rejected", "#E81123", ""),
];
pub const TODO: usize = 0;
pub const WIP: usize = 1;
pub const WFA: usize = 2;
pub const RETAKE: usize = 3;
pub const DONE: usize = 4;
pub const READY: usize = 5;

/// The task type the benchmark lists the tasks of (a shot task type).
pub const LISTED_TASK_TYPE: usize = 2; // Animation

// --- rows ----------------------------------------------------------------------

/// Rows of one table, every column filled, in the table's column order.
pub struct Batch {
    pub meta: &'static TableMeta,
    pub rows: Vec<Vec<SqlValue>>,
}

/// Builds complete rows of one table: a template with every column's
/// default, then the generator's values set by column position.
struct Table {
    meta: &'static TableMeta,
    template: Vec<SqlValue>,
    rows: Vec<Vec<SqlValue>>,
}

impl Table {
    fn new(meta: &'static TableMeta) -> Table {
        let template = meta
            .columns
            .iter()
            .map(|c| match c.name {
                "created_at" | "updated_at" => SqlValue::Timestamp(Some(epoch())),
                _ => default_value(c),
            })
            .collect();
        Table {
            meta,
            template,
            rows: Vec::new(),
        }
    }

    /// The position of a column; a name the table lacks is a bug.
    fn col(&self, name: &str) -> usize {
        self.meta
            .column_index(name)
            .unwrap_or_else(|| panic!("{} has no column {name}", self.meta.table))
    }

    fn row(&self) -> Vec<SqlValue> {
        self.template.clone()
    }

    fn push(&mut self, row: Vec<SqlValue>) {
        self.rows.push(row);
    }

    fn done(self) -> Batch {
        Batch {
            meta: self.meta,
            rows: self.rows,
        }
    }
}

/// A column's default (its `#[col(default)]`, valid SQL of both
/// dialects), as the value Zou's Python default would have written.
pub fn default_value(c: &Column) -> SqlValue {
    let null = SqlValue::null(c.kind);
    let Some(d) = c.default else { return null };
    let unquoted = d
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .map(|s| s.replace("''", "'"));
    match c.kind {
        Kind::Text(_) => SqlValue::Text(Some(unquoted.unwrap_or_else(|| d.to_owned()))),
        Kind::Int => d.parse().map(|v| SqlValue::Int(Some(v))).unwrap_or(null),
        Kind::BigInt => d.parse().map(|v| SqlValue::BigInt(Some(v))).unwrap_or(null),
        Kind::Float => d.parse().map(|v| SqlValue::Float(Some(v))).unwrap_or(null),
        Kind::Bool => SqlValue::Bool(Some(matches!(d, "true" | "1"))),
        Kind::Json => unquoted
            .and_then(|s| serde_json::from_str(&s).ok())
            .map(|v| SqlValue::Json(Some(v)))
            .unwrap_or(null),
        Kind::TextArray => SqlValue::TextArray(Some(
            d.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        )),
        _ => null,
    }
}

fn uuid(u: Uuid) -> SqlValue {
    SqlValue::Uuid(Some(u))
}
fn opt_uuid(u: Option<Uuid>) -> SqlValue {
    SqlValue::Uuid(u)
}
fn text(s: impl Into<String>) -> SqlValue {
    SqlValue::Text(Some(s.into()))
}
fn int(i: i64) -> SqlValue {
    SqlValue::Int(Some(i as i32))
}
fn float(f: f64) -> SqlValue {
    SqlValue::Float(Some(f))
}
fn boolean(b: bool) -> SqlValue {
    SqlValue::Bool(Some(b))
}
fn ts(t: NaiveDateTime) -> SqlValue {
    SqlValue::Timestamp(Some(t))
}
fn opt_ts(t: Option<NaiveDateTime>) -> SqlValue {
    SqlValue::Timestamp(t)
}
fn json_value(v: Value) -> SqlValue {
    SqlValue::Json(Some(v))
}

// --- the production ------------------------------------------------------------

/// A shot's or an asset's task, and what its comments made of it.
pub struct TaskPlan {
    pub index: usize,
    pub entity: usize,
    pub task_type: usize,
    /// Statuses of its comments, oldest first (empty: still "Todo").
    pub statuses: Vec<usize>,
    pub assignees: Vec<usize>,
}

impl TaskPlan {
    /// When its first comment was posted; the others follow a day apart.
    fn first_comment(&self) -> NaiveDateTime {
        epoch()
            + Duration::days(20 + (self.index % 200) as i64)
            + Duration::minutes((self.index % 600) as i64)
    }

    pub fn comment_date(&self, k: usize) -> NaiveDateTime {
        self.first_comment() + Duration::hours(26 * k as i64)
    }

    pub fn status(&self) -> usize {
        self.statuses.last().copied().unwrap_or(TODO)
    }
}

/// The whole production of a size.
pub struct Production {
    pub size: Size,
}

/// Ids and counts the load driver needs, and what each answer must hold.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Manifest {
    pub size: String,
    pub project_id: Uuid,
    pub admin_email: String,
    pub admin_password: String,
    pub sequences: Vec<Uuid>,
    pub shots: Vec<Uuid>,
    /// Tasks of shots, one per shot (for the writes).
    pub shot_tasks: Vec<Uuid>,
    pub listed_task_type: Uuid,
    /// "Ready To Start": no generated comment sets it, so a comment with
    /// it changes the status of any task it has not been posted on yet.
    pub status_ready: Uuid,
    pub nb_shots: usize,
    pub nb_assets: usize,
    pub nb_persons: usize,
    pub nb_tasks: usize,
    pub shots_per_sequence: usize,
    pub tasks_per_entity: usize,
}

/// The tables a production fills, in the order they are written.
pub const TABLES: &[&str] = &[
    "project_status",
    "entity_type",
    "department",
    "task_type",
    "task_status",
    "person",
    "department_link",
    "project",
    "project_person_link",
    "project_task_type_link",
    "project_task_status_link",
    "project_asset_type_link",
    "metadata_descriptor",
    "entity",
    "task",
    "task_person_link",
    "entity_link",
    "comment",
];

fn meta(table: &str) -> &'static TableMeta {
    tusk_schema::ALL
        .iter()
        .copied()
        .find(|m| m.table == table)
        .unwrap_or_else(|| panic!("no table {table}"))
}

impl Production {
    pub fn new(size: Size) -> Production {
        Production { size }
    }

    // Entities are numbered episodes, sequences, shots, then assets.
    fn sequence_entity(&self, s: usize) -> usize {
        self.size.episodes + s
    }
    fn shot_entity(&self, k: usize) -> usize {
        self.size.episodes + self.size.sequences() + k
    }
    fn asset_entity(&self, a: usize) -> usize {
        self.shot_entity(self.size.shots()) + a
    }
    fn entity_id(&self, e: usize) -> Uuid {
        id(Tag::Entity, e as u64)
    }
    pub fn project_id(&self) -> Uuid {
        id(Tag::Project, 0)
    }
    pub fn admin_id(&self) -> Uuid {
        id(Tag::Person, 0)
    }
    fn person_id(&self, p: usize) -> Uuid {
        id(Tag::Person, 1 + p as u64)
    }
    fn task_type_id(&self, t: usize) -> Uuid {
        id(Tag::TaskType, t as u64)
    }
    fn status_id(&self, s: usize) -> Uuid {
        id(Tag::TaskStatus, s as u64)
    }
    fn entity_type_id(&self, name: &str) -> Uuid {
        let i = ENTITY_TYPES.iter().position(|n| *n == name).unwrap_or(0);
        id(Tag::EntityType, i as u64)
    }

    /// The episode an asset was made for (`source_id`), or none for the
    /// main pack (every other asset).
    fn asset_episode(&self, a: usize) -> Option<usize> {
        (a % 2 == 1).then(|| (a / 2) % self.size.episodes)
    }

    /// The assets cast in shot `k`: some of its episode's, some recurring
    /// ones of the main pack, all different.
    pub fn casting(&self, k: usize) -> Vec<usize> {
        let size = &self.size;
        let episode = k / (size.sequences_per_episode * size.shots_per_sequence);
        let recurring = (size.assets / 2).clamp(1, 100);
        let mut out: Vec<usize> = Vec::with_capacity(size.cast_per_shot);
        let mut salt = 0;
        while out.len() < size.cast_per_shot.min(size.assets) && salt < 64 {
            let a = if out.len().is_multiple_of(2) {
                // One of the episode's own assets (odd indexes).
                let per_episode = (size.assets / 2).div_ceil(size.episodes).max(1);
                let j = pick(k as u64, salt, per_episode);
                (2 * (j * size.episodes + episode) + 1).min(size.assets - 1)
            } else {
                2 * pick(k as u64, salt, recurring)
            };
            salt += 1;
            if !out.contains(&a) {
                out.push(a);
            }
        }
        out
    }

    /// Task `t` (shots' tasks first, then assets'): its entity, type,
    /// assignees and the statuses its comments set.
    pub fn task(&self, t: usize) -> TaskPlan {
        let size = &self.size;
        let per = size.tasks_per_entity;
        let shot_tasks = size.shots() * per;
        let (entity, task_type) = if t < shot_tasks {
            (self.shot_entity(t / per), SHOT_TASK_TYPES + t % per)
        } else {
            let a = (t - shot_tasks) / per;
            (
                self.asset_entity(a),
                ASSET_TASK_TYPES + (t - shot_tasks) % per,
            )
        };
        let assignees = match pick(t as u64, 1, 10) {
            0 => vec![],
            1 => {
                let a = pick(t as u64, 2, size.persons);
                let b = (a + 1 + pick(t as u64, 3, size.persons - 1)) % size.persons;
                vec![a, b]
            }
            _ => vec![pick(t as u64, 2, size.persons)],
        };
        // About `comments` comments: a share of the tasks get one to four.
        let share = (size.comments as f64 / size.tasks() as f64 / 2.5 * 1000.0) as usize;
        let n = if pick(t as u64, 4, 1000) < share {
            1 + pick(t as u64, 5, 4)
        } else {
            0
        };
        let path: &[usize] = if pick(t as u64, 6, 2) == 0 {
            &[WIP, WFA, DONE, WFA]
        } else {
            &[WIP, WFA, RETAKE, WIP]
        };
        TaskPlan {
            index: t,
            entity,
            task_type,
            statuses: path[..n].to_vec(),
            assignees,
        }
    }

    pub fn manifest(&self) -> Manifest {
        let size = &self.size;
        let per = size.tasks_per_entity;
        Manifest {
            size: size.name.clone(),
            project_id: self.project_id(),
            admin_email: ADMIN_EMAIL.into(),
            admin_password: ADMIN_PASSWORD.into(),
            sequences: (0..size.sequences())
                .map(|s| self.entity_id(self.sequence_entity(s)))
                .collect(),
            shots: (0..size.shots())
                .map(|k| self.entity_id(self.shot_entity(k)))
                .collect(),
            // A shot task of every shot, of a type other than the listed one.
            shot_tasks: (0..size.shots())
                .map(|k| id(Tag::Task, (k * per + (LISTED_TASK_TYPE + 1) % per) as u64))
                .collect(),
            listed_task_type: self.task_type_id(SHOT_TASK_TYPES + LISTED_TASK_TYPE),
            status_ready: self.status_id(READY),
            nb_shots: size.shots(),
            nb_assets: size.assets,
            nb_persons: size.persons + 1,
            nb_tasks: size.tasks(),
            shots_per_sequence: size.shots_per_sequence,
            tasks_per_entity: per,
        }
    }

    /// Every table's rows, in foreign-key order; `password` is the
    /// administrator's hash (argon2id for Tusk, bcrypt for Zou).
    pub fn tables<'a>(&'a self, password: &'a [u8]) -> impl Iterator<Item = Batch> + 'a {
        TABLES.iter().map(move |t| self.table(t, password))
    }

    /// The rows of one table.
    pub fn table(&self, table: &str, password: &[u8]) -> Batch {
        let mut t = Table::new(meta(table));
        match table {
            "project_status" => self.project_statuses(&mut t),
            "entity_type" => self.entity_types(&mut t),
            "department" => self.departments(&mut t),
            "task_type" => self.task_types(&mut t),
            "task_status" => self.task_statuses(&mut t),
            "person" => self.persons(&mut t, password),
            "department_link" => self.department_links(&mut t),
            "project" => self.project(&mut t),
            "project_person_link" => self.team(&mut t),
            "project_task_type_link" => self.project_task_types(&mut t),
            "project_task_status_link" => self.project_task_statuses(&mut t),
            "project_asset_type_link" => self.project_asset_types(&mut t),
            "metadata_descriptor" => self.descriptors(&mut t),
            "entity" => self.entities(&mut t),
            "task" => self.tasks(&mut t),
            "task_person_link" => self.assignations(&mut t),
            "entity_link" => self.entity_links(&mut t),
            "comment" => self.comments(&mut t),
            other => panic!("the dataset does not fill {other}"),
        }
        t.done()
    }

    fn project_statuses(&self, t: &mut Table) {
        let (i, name, color) = (t.col("id"), t.col("name"), t.col("color"));
        for (k, n) in ["Open", "Closed"].into_iter().enumerate() {
            let mut r = t.row();
            r[i] = uuid(id(Tag::ProjectStatus, k as u64));
            r[name] = text(n);
            r[color] = text("#000000");
            t.push(r);
        }
    }

    fn entity_types(&self, t: &mut Table) {
        let (i, name) = (t.col("id"), t.col("name"));
        for (k, n) in ENTITY_TYPES.iter().enumerate() {
            let mut r = t.row();
            r[i] = uuid(id(Tag::EntityType, k as u64));
            r[name] = text(*n);
            t.push(r);
        }
    }

    fn departments(&self, t: &mut Table) {
        let (i, name, color) = (t.col("id"), t.col("name"), t.col("color"));
        for (k, (n, c)) in DEPARTMENTS.iter().enumerate() {
            let mut r = t.row();
            r[i] = uuid(id(Tag::Department, k as u64));
            r[name] = text(*n);
            r[color] = text(*c);
            t.push(r);
        }
    }

    fn task_types(&self, t: &mut Table) {
        let (i, name, short, color, priority, for_entity, dept) = (
            t.col("id"),
            t.col("name"),
            t.col("short_name"),
            t.col("color"),
            t.col("priority"),
            t.col("for_entity"),
            t.col("department_id"),
        );
        for (k, (n, e, d)) in TASK_TYPES.iter().enumerate() {
            let mut r = t.row();
            r[i] = uuid(self.task_type_id(k));
            r[name] = text(*n);
            r[short] = text("");
            r[color] = text(DEPARTMENTS[*d].1);
            r[priority] = int(1 + (k % 10) as i64);
            r[for_entity] = text(*e);
            r[dept] = uuid(id(Tag::Department, *d as u64));
            t.push(r);
        }
    }

    fn task_statuses(&self, t: &mut Table) {
        let (i, name, short, color, concept) = (
            t.col("id"),
            t.col("name"),
            t.col("short_name"),
            t.col("color"),
            t.col("for_concept"),
        );
        for (k, (n, s, c, flag)) in TASK_STATUSES.iter().enumerate() {
            let mut r = t.row();
            r[i] = uuid(self.status_id(k));
            r[name] = text(*n);
            r[short] = text(*s);
            r[color] = text(*c);
            r[concept] = boolean(k >= 6);
            if !flag.is_empty() {
                let f = t.col(flag);
                r[f] = boolean(true);
            }
            t.push(r);
        }
    }

    fn persons(&self, t: &mut Table, password: &[u8]) {
        let (i, first, last, email, role, pw, desktop, phone, created) = (
            t.col("id"),
            t.col("first_name"),
            t.col("last_name"),
            t.col("email"),
            t.col("role"),
            t.col("password"),
            t.col("desktop_login"),
            t.col("phone"),
            t.col("created_at"),
        );
        let mut r = t.row();
        r[i] = uuid(self.admin_id());
        r[first] = text("Super");
        r[last] = text("Admin");
        r[email] = text(ADMIN_EMAIL);
        r[role] = text("admin");
        r[pw] = SqlValue::Bytes(Some(password.to_vec()));
        r[desktop] = text("");
        r[phone] = text("");
        t.push(r);
        for p in 0..self.size.persons {
            let mut r = t.row();
            r[i] = uuid(self.person_id(p));
            r[first] = text(["Ada", "Bo", "Chen", "Dara", "Eli", "Femi", "Gus"][p % 7]);
            r[last] = text(format!("Artist{p:04}"));
            r[email] = text(format!("artist{p:04}@bench.example.com"));
            r[role] = text(self.person_role(p));
            r[desktop] = text(format!("artist{p:04}"));
            r[created] = ts(epoch() + Duration::minutes(p as i64));
            t.push(r);
        }
    }

    fn person_role(&self, p: usize) -> &'static str {
        match p % 50 {
            0 => "manager",
            1..=5 => "supervisor",
            7 => "client",
            _ => "user",
        }
    }

    fn department_links(&self, t: &mut Table) {
        let (person, dept) = (t.col("person_id"), t.col("department_id"));
        for p in 0..self.size.persons {
            let mut r = t.row();
            r[person] = uuid(self.person_id(p));
            r[dept] = uuid(id(Tag::Department, (p % DEPARTMENTS.len()) as u64));
            t.push(r);
        }
    }

    fn project(&self, t: &mut Table) {
        let mut r = t.row();
        for (c, v) in [
            ("id", uuid(self.project_id())),
            ("name", text(format!("Bench {}", self.size.name))),
            ("code", text("BENCH")),
            ("description", text("Generated by tusk-bench")),
            ("fps", text("24")),
            ("production_type", text("tvshow")),
            ("production_style", text("3d")),
            ("nb_episodes", int(self.size.episodes as i64)),
            ("project_status_id", uuid(id(Tag::ProjectStatus, 0))),
            ("start_date", SqlValue::Date(Some(epoch().date()))),
            (
                "end_date",
                SqlValue::Date(Some((epoch() + Duration::days(540)).date())),
            ),
            ("data", json_value(json!({}))),
        ] {
            let k = t.col(c);
            r[k] = v;
        }
        t.push(r);
    }

    fn team(&self, t: &mut Table) {
        let (project, person) = (t.col("project_id"), t.col("person_id"));
        for p in 0..self.size.persons {
            let mut r = t.row();
            r[project] = uuid(self.project_id());
            r[person] = uuid(self.person_id(p));
            t.push(r);
        }
    }

    /// Task types the project uses: those its shots and assets have.
    fn used_task_types(&self) -> Vec<usize> {
        let per = self.size.tasks_per_entity;
        (SHOT_TASK_TYPES..SHOT_TASK_TYPES + per)
            .chain(ASSET_TASK_TYPES..ASSET_TASK_TYPES + per)
            .collect()
    }

    fn project_task_types(&self, t: &mut Table) {
        let (i, project, tt, priority) = (
            t.col("id"),
            t.col("project_id"),
            t.col("task_type_id"),
            t.col("priority"),
        );
        for (k, ty) in self.used_task_types().into_iter().enumerate() {
            let mut r = t.row();
            r[i] = uuid(id(Tag::ProjectTaskType, k as u64));
            r[project] = uuid(self.project_id());
            r[tt] = uuid(self.task_type_id(ty));
            r[priority] = int(1 + (k % self.size.tasks_per_entity) as i64);
            t.push(r);
        }
    }

    fn project_task_statuses(&self, t: &mut Table) {
        let (i, project, st, priority) = (
            t.col("id"),
            t.col("project_id"),
            t.col("task_status_id"),
            t.col("priority"),
        );
        for k in [TODO, WIP, WFA, RETAKE, DONE, READY] {
            let mut r = t.row();
            r[i] = uuid(id(Tag::ProjectTaskStatus, k as u64));
            r[project] = uuid(self.project_id());
            r[st] = uuid(self.status_id(k));
            r[priority] = int(1 + k as i64);
            t.push(r);
        }
    }

    fn project_asset_types(&self, t: &mut Table) {
        let (project, at) = (t.col("project_id"), t.col("asset_type_id"));
        for name in &ENTITY_TYPES[..ASSET_TYPES] {
            let mut r = t.row();
            r[project] = uuid(self.project_id());
            r[at] = uuid(self.entity_type_id(name));
            t.push(r);
        }
    }

    fn descriptors(&self, t: &mut Table) {
        let cols = (
            t.col("id"),
            t.col("project_id"),
            t.col("entity_type"),
            t.col("name"),
            t.col("field_name"),
            t.col("data_type"),
            t.col("choices"),
            t.col("position"),
        );
        for (k, (kind, name, field, ty, choices)) in [
            (
                "Shot",
                "Difficulty",
                "difficulty",
                "list",
                json!(["easy", "medium", "hard"]),
            ),
            ("Shot", "Camera", "camera", "string", json!([])),
            (
                "Asset",
                "Complexity",
                "complexity",
                "list",
                json!(["low", "mid", "high"]),
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let mut r = t.row();
            r[cols.0] = uuid(id(Tag::Descriptor, k as u64));
            r[cols.1] = uuid(self.project_id());
            r[cols.2] = text(kind);
            r[cols.3] = text(name);
            r[cols.4] = text(field);
            r[cols.5] = text(ty);
            r[cols.6] = json_value(choices);
            r[cols.7] = int(k as i64 + 1);
            t.push(r);
        }
    }

    fn entities(&self, t: &mut Table) {
        let size = &self.size;
        let c = (
            t.col("id"),
            t.col("name"),
            t.col("project_id"),
            t.col("entity_type_id"),
            t.col("parent_id"),
            t.col("source_id"),
            t.col("nb_frames"),
            t.col("nb_entities_out"),
            t.col("data"),
            t.col("description"),
            t.col("created_by"),
            t.col("created_at"),
        );
        let mut entity = |e: usize,
                          name: String,
                          kind: &str,
                          parent: Option<usize>,
                          source: Option<usize>,
                          nb_frames: Option<i64>,
                          out: i64,
                          data: Value| {
            let mut r = t.row();
            r[c.0] = uuid(self.entity_id(e));
            r[c.1] = text(name);
            r[c.2] = uuid(self.project_id());
            r[c.3] = uuid(self.entity_type_id(kind));
            r[c.4] = opt_uuid(parent.map(|p| self.entity_id(p)));
            r[c.5] = opt_uuid(source.map(|p| self.entity_id(p)));
            r[c.6] = SqlValue::Int(nb_frames.map(|n| n as i32));
            r[c.7] = int(out);
            r[c.8] = json_value(data);
            r[c.9] = text("");
            r[c.10] = uuid(self.admin_id());
            r[c.11] = ts(epoch() + Duration::seconds(e as i64));
            t.push(r);
        };
        let episodes_casting = self.episode_casting();
        for (ep, cast) in episodes_casting.iter().enumerate().take(size.episodes) {
            entity(
                ep,
                format!("E{:02}", ep + 1),
                "Episode",
                None,
                None,
                None,
                cast.len() as i64,
                json!({}),
            );
        }
        for s in 0..size.sequences() {
            let ep = s / size.sequences_per_episode;
            entity(
                self.sequence_entity(s),
                format!("SQ{:03}", s % size.sequences_per_episode + 1),
                "Sequence",
                Some(ep),
                None,
                None,
                0,
                json!({}),
            );
        }
        for k in 0..size.shots() {
            let s = k / size.shots_per_sequence;
            let frames = 24 + pick(k as u64, 10, 120) as i64;
            let frame_in = 1001;
            entity(
                self.shot_entity(k),
                format!("SH{:04}", (k % size.shots_per_sequence + 1) * 10),
                "Shot",
                Some(self.sequence_entity(s)),
                None,
                Some(frames),
                self.casting(k).len() as i64,
                json!({
                    "frame_in": frame_in,
                    "frame_out": frame_in + frames - 1,
                    "fps": 24,
                    "difficulty": (["easy", "medium", "hard"][pick(k as u64, 11, 3)]),
                    "camera": format!("cam_{}", pick(k as u64, 12, 4)),
                }),
            );
        }
        for a in 0..size.assets {
            let kind = ENTITY_TYPES[pick(a as u64, 20, ASSET_TYPES)];
            entity(
                self.asset_entity(a),
                format!("{kind}{a:05}"),
                kind,
                None,
                self.asset_episode(a),
                None,
                0,
                json!({"complexity": (["low", "mid", "high"][pick(a as u64, 21, 3)])}),
            );
        }
    }

    /// The assets each episode casts: those of its shots (Zou rolls a
    /// shot's casting up into its episode).
    fn episode_casting(&self) -> Vec<BTreeSet<usize>> {
        let size = &self.size;
        let per_episode = size.sequences_per_episode * size.shots_per_sequence;
        let mut out = vec![BTreeSet::new(); size.episodes];
        for k in 0..size.shots() {
            out[k / per_episode].extend(self.casting(k));
        }
        out
    }

    fn tasks(&self, t: &mut Table) {
        let c = (
            t.col("id"),
            t.col("name"),
            t.col("project_id"),
            t.col("entity_id"),
            t.col("task_type_id"),
            t.col("task_status_id"),
            t.col("assigner_id"),
            t.col("priority"),
            t.col("estimation"),
            t.col("retake_count"),
            t.col("real_start_date"),
            t.col("end_date"),
            t.col("done_date"),
            t.col("last_comment_date"),
            t.col("due_date"),
            t.col("created_at"),
        );
        let c2 = (t.col("updated_at"), t.col("start_date"));
        for k in 0..self.size.tasks() {
            let p = self.task(k);
            let first = |s: usize| {
                p.statuses
                    .iter()
                    .position(|x| *x == s)
                    .map(|i| p.comment_date(i))
            };
            let last_done = p
                .statuses
                .iter()
                .rposition(|x| *x == DONE)
                .filter(|_| p.status() == DONE)
                .map(|i| p.comment_date(i));
            let created = epoch() + Duration::seconds(k as i64 / 10);
            let start = epoch() + Duration::days(14 + (k % 300) as i64);
            let mut r = t.row();
            r[c.0] = uuid(id(Tag::Task, k as u64));
            r[c.1] = text("main");
            r[c.2] = uuid(self.project_id());
            r[c.3] = uuid(self.entity_id(p.entity));
            r[c.4] = uuid(self.task_type_id(p.task_type));
            r[c.5] = uuid(self.status_id(p.status()));
            r[c.6] = uuid(self.admin_id());
            r[c.7] = int((pick(k as u64, 30, 8) == 0) as i64);
            r[c.8] = float(60.0 * (1 + pick(k as u64, 31, 40)) as f64);
            r[c.9] = int(p.statuses.iter().filter(|s| **s == RETAKE).count() as i64);
            r[c.10] = opt_ts(first(WIP));
            r[c.11] = opt_ts(first(WFA));
            r[c.12] = opt_ts(last_done);
            r[c.13] = opt_ts(p.statuses.len().checked_sub(1).map(|i| p.comment_date(i)));
            r[c.14] = ts(start + Duration::days(10));
            r[c.15] = ts(created);
            r[c2.0] = ts(created);
            r[c2.1] = ts(start);
            t.push(r);
        }
    }

    fn assignations(&self, t: &mut Table) {
        let (task, person) = (t.col("task_id"), t.col("person_id"));
        for k in 0..self.size.tasks() {
            for p in self.task(k).assignees {
                let mut r = t.row();
                r[task] = uuid(id(Tag::Task, k as u64));
                r[person] = uuid(self.person_id(p));
                t.push(r);
            }
        }
    }

    fn entity_links(&self, t: &mut Table) {
        let c = (
            t.col("id"),
            t.col("entity_in_id"),
            t.col("entity_out_id"),
            t.col("nb_occurences"),
            t.col("label"),
            t.col("created_at"),
        );
        let mut n = 0u64;
        let mut link = |t: &mut Table, from: usize, to: usize, nb: i64| {
            let mut r = t.row();
            r[c.0] = uuid(id(Tag::EntityLink, n));
            r[c.1] = uuid(self.entity_id(from));
            r[c.2] = uuid(self.entity_id(to));
            r[c.3] = int(nb);
            r[c.4] = text("");
            r[c.5] = ts(epoch() + Duration::days(7) + Duration::seconds(n as i64));
            t.push(r);
            n += 1;
        };
        for k in 0..self.size.shots() {
            for a in self.casting(k) {
                let nb = 1 + pick(k as u64 ^ (a as u64) << 20, 40, 3) as i64;
                link(t, self.shot_entity(k), self.asset_entity(a), nb);
            }
        }
        for (ep, assets) in self.episode_casting().into_iter().enumerate() {
            for a in assets {
                link(t, ep, self.asset_entity(a), 1);
            }
        }
    }

    fn comments(&self, t: &mut Table) {
        let c = (
            t.col("id"),
            t.col("object_id"),
            t.col("object_type"),
            t.col("text"),
            t.col("task_status_id"),
            t.col("person_id"),
            t.col("created_at"),
            t.col("updated_at"),
        );
        const TEXTS: &[&str] = &[
            "Started, first pass on the way.",
            "Ready for review, see the latest version.",
            "Approved, thanks!",
            "Please fix the timing at the start of the shot.",
        ];
        for k in 0..self.size.tasks() {
            let p = self.task(k);
            for (i, status) in p.statuses.iter().enumerate() {
                let author = match (*status, p.assignees.first()) {
                    (WIP | WFA, Some(a)) => self.person_id(*a),
                    _ => self.admin_id(),
                };
                let date = p.comment_date(i);
                let mut r = t.row();
                r[c.0] = uuid(id(Tag::Comment, (k * 8 + i) as u64));
                r[c.1] = uuid(id(Tag::Task, k as u64));
                r[c.2] = text("Task");
                r[c.3] = text(TEXTS[i % TEXTS.len()]);
                r[c.4] = uuid(self.status_id(*status));
                r[c.5] = uuid(author);
                r[c.6] = ts(date);
                r[c.7] = ts(date);
                t.push(r);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct() {
        assert_eq!(id(Tag::Task, 7), id(Tag::Task, 7));
        assert_ne!(id(Tag::Task, 7), id(Tag::Entity, 7));
        let ids: BTreeSet<Uuid> = (0..10_000).map(|i| id(Tag::Task, i)).collect();
        assert_eq!(ids.len(), 10_000);
        assert_eq!(id(Tag::Task, 1).get_version_num(), 4);
    }

    #[test]
    fn sizes_parse() {
        assert_eq!(Size::parse("big").unwrap().shots(), 10_000);
        assert_eq!(Size::parse("big").unwrap().tasks(), 150_000);
        assert_eq!(Size::parse("2x10x50").unwrap().shots(), 1_000);
        assert!(Size::parse("2x0x5").is_err());
        assert!(Size::parse("huge").is_err());
    }

    #[test]
    fn casting_is_distinct_and_in_range() {
        let p = Production::new(Size::small());
        for k in 0..p.size.shots() {
            let c = p.casting(k);
            assert_eq!(c.len(), 5);
            let set: BTreeSet<_> = c.iter().collect();
            assert_eq!(set.len(), 5);
            assert!(c.iter().all(|a| *a < p.size.assets));
        }
    }

    #[test]
    fn comments_are_about_as_many_as_asked() {
        let p = Production::new(Size::big());
        let n: usize = (0..p.size.tasks()).map(|t| p.task(t).statuses.len()).sum();
        assert!((95_000..105_000).contains(&n), "{n} comments");
    }
}
