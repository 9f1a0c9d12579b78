//! Episode stats, retake stats, quotas and `set-shot-nb-frames` (see
//! [`super`]).
//!
//! Every figure is aggregated by the database (`GROUP BY`): a request runs
//! the same few statements whatever the number of shots, tasks or time
//! spents. Only the spreading of a task without time spent over its working
//! days, and the nesting of the answers, happen here.
//!
//! A shot's frames are its `nb_frames`, or, when that is empty, the length
//! of the range `data.frame_in`..`data.frame_out` (Zou counts 100 frames
//! for a shot of `{"frame_in": 1, "frame_out": 100}` without `nb_frames`).

use super::entity_type_id;
use crate::guard;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};
use tusk_db::policy::Role;
use tusk_db::{Dialect, Error, Model, Result, Session, SqlValue};
use tusk_schema::Entity;
use uuid::Uuid;

/// SQL for the frames of entity `e` (trusted text, no values).
fn frames_sql(d: Dialect) -> &'static str {
    match d {
        Dialect::Postgres => {
            "CAST(COALESCE(NULLIF(e.\"nb_frames\", 0), CASE WHEN jsonb_typeof(e.\"data\"->'frame_in') = 'number' \
             AND jsonb_typeof(e.\"data\"->'frame_out') = 'number' THEN CAST(e.\"data\"->>'frame_out' AS NUMERIC) \
             - CAST(e.\"data\"->>'frame_in' AS NUMERIC) + 1 END, 0) AS BIGINT)"
        }
        Dialect::Sqlite => {
            "CAST(COALESCE(NULLIF(e.\"nb_frames\", 0), CASE WHEN json_type(e.\"data\", '$.frame_in') IN ('integer', 'real') \
             AND json_type(e.\"data\", '$.frame_out') IN ('integer', 'real') THEN json_extract(e.\"data\", '$.frame_out') \
             - json_extract(e.\"data\", '$.frame_in') + 1 END, 0) AS BIGINT)"
        }
    }
}

fn uuid(v: Uuid) -> SqlValue {
    SqlValue::Uuid(Some(v))
}

/// The project's frame rate (`fps` is text in Zou; 25 when unset).
fn fps_of(p: &tusk_schema::Project) -> f64 {
    p.fps
        .as_deref()
        .and_then(|f| f.trim().parse::<f64>().ok())
        .filter(|f| *f > 0.0)
        .unwrap_or(25.0)
}

// ---------------------------------------------------------------------------
// set-shot-nb-frames

/// `POST /actions/projects/{p}/task-types/{tt}/set-shot-nb-frames`: every
/// shot of the project with a preview on a task of that type gets
/// `nb_frames` = the duration of its latest preview × the project's fps
/// (rounded). Answers `[{id, nb_frames}]` of the shots set, by name;
/// managers only; no event, as in Zou. One UPDATE whatever the number of
/// shots.
pub async fn set_shot_nb_frames(
    s: &Session,
    project: Uuid,
    task_type: Uuid,
) -> Result<Vec<(Uuid, Option<i32>)>> {
    guard::manager(s, project).await?;
    let p = guard::project(s, project).await?;
    let shot_type = entity_type_id(s, "Shot").await?;
    let mut db = s.db();
    let latest = "FROM \"preview_file\" pf JOIN \"task\" t ON t.\"id\" = pf.\"task_id\" \
                  WHERE t.\"entity_id\" = \"entity\".\"id\" AND t.\"task_type_id\" = ";
    let mut q = db.sql(
        "UPDATE \"entity\" SET \"nb_frames\" = (SELECT CAST(ROUND(CAST(COALESCE(pf.\"duration\", 0) * ",
    );
    q.bind(SqlValue::Float(Some(fps_of(&p))))
        .push(" AS NUMERIC)) AS INTEGER) ")
        .push(latest)
        .bind(uuid(task_type))
        .push(" ORDER BY pf.\"revision\" DESC, pf.\"created_at\" DESC LIMIT 1), \"updated_at\" = ")
        .bind(SqlValue::Timestamp(Some(tusk_db::fmt::now())))
        .push(" WHERE \"project_id\" = ")
        .bind(uuid(project))
        .push(" AND \"entity_type_id\" = ")
        .bind(uuid(shot_type))
        .push(" AND EXISTS (SELECT 1 ")
        .push(latest)
        .bind(uuid(task_type))
        .push(") RETURNING \"id\", \"name\", \"nb_frames\"");
    let mut rows = db.fetch_all::<(Uuid, String, Option<i32>)>(&q).await?;
    rows.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(rows.into_iter().map(|(id, _, n)| (id, n)).collect())
}

// ---------------------------------------------------------------------------
// Episode stats

/// The episode-stats restriction for the caller: vendors count only the
/// tasks assigned to them.
fn vendor_filter(s: &Session, project: Uuid) -> Result<Option<Uuid>> {
    let actor = guard::actor(s)?;
    Ok(
        (!actor.is_admin() && guard::role_in(s, Some(project))? == Role::Vendor)
            .then_some(actor.id),
    )
}

/// The task rows of a project's episodes: tasks of the entities whose
/// parent's parent is an episode (shots and scenes), aggregated by
/// `select` (grouped by its first `groups` columns).
fn episode_tasks_sql(
    s: &Session,
    project: Uuid,
    vendor: Option<Uuid>,
    select: &str,
    groups: usize,
) -> tusk_db::sql::Sql {
    let db = s.db();
    let mut q = db.sql("SELECT ");
    q.push(select)
        .push(" FROM \"task\" t JOIN \"entity\" e ON e.\"id\" = t.\"entity_id\" \
                JOIN \"entity\" sq ON sq.\"id\" = e.\"parent_id\" \
                JOIN \"entity\" ep ON ep.\"id\" = sq.\"parent_id\" \
                JOIN \"task_status\" ts ON ts.\"id\" = t.\"task_status_id\" WHERE t.\"project_id\" = ")
        .bind(uuid(project));
    if let Some(v) = vendor {
        q.push(
            " AND t.\"id\" IN (SELECT \"task_id\" FROM \"task_person_link\" WHERE \"person_id\" = ",
        )
        .bind(uuid(v))
        .push(")");
    }
    let cols: Vec<String> = (1..=groups).map(|i| i.to_string()).collect();
    q.push(" GROUP BY ").push(&cols.join(", "));
    q.push(" ORDER BY ").push(&cols.join(", "));
    q
}

fn add_counts(m: &mut Map<String, Value>, count: i64, frames: i64, drawings: i64) {
    for (k, v) in [("count", count), ("frames", frames), ("drawings", drawings)] {
        let old = m.get(k).and_then(Value::as_i64).unwrap_or(0);
        m.insert(k.into(), json!(old + v));
    }
}

fn child<'a>(m: &'a mut Map<String, Value>, k: &str) -> &'a mut Map<String, Value> {
    let v = m
        .entry(k.to_owned())
        .or_insert_with(|| Value::Object(Map::new()));
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    v.as_object_mut().expect("an object")
}

/// `GET /data/projects/{p}/episodes/stats`: per episode (and `"all"`), per
/// task type (and `"all"`), per task status: `{name, color, count, frames,
/// drawings}` of the tasks of the episodes' shots and scenes. Any team
/// member; vendors count their own tasks only.
pub async fn episode_stats(s: &Session, project: Uuid) -> Result<Value> {
    guard::member(s, project).await?;
    guard::project(s, project).await?;
    let vendor = vendor_filter(s, project)?;
    let select = format!(
        "ep.\"id\", t.\"task_type_id\", t.\"task_status_id\", COUNT(*), CAST(SUM({}) AS BIGINT), \
         CAST(SUM(COALESCE(t.\"nb_drawings\", 0)) AS BIGINT)",
        frames_sql(s.db.dialect())
    );
    let q = episode_tasks_sql(s, project, vendor, &select, 3);
    let mut db = s.db();
    let rows = db
        .fetch_all::<(Uuid, Option<Uuid>, Uuid, i64, i64, i64)>(&q)
        .await?;
    let sq = db.sql("SELECT \"id\", \"short_name\", \"color\" FROM \"task_status\"");
    let statuses: HashMap<Uuid, (String, String)> = db
        .fetch_all::<(Uuid, String, String)>(&sq)
        .await?
        .into_iter()
        .map(|(id, n, c)| (id, (n, c)))
        .collect();
    let mut out = Map::new();
    for (ep, tt, st, count, frames, drawings) in rows {
        let tt = tt.map(|t| t.to_string()).unwrap_or_else(|| "None".into());
        let (name, color) = statuses.get(&st).cloned().unwrap_or_default();
        for e in [ep.to_string(), "all".into()] {
            for t in [tt.clone(), "all".into()] {
                let cell = child(child(child(&mut out, &e), &t), &st.to_string());
                if cell.is_empty() {
                    cell.insert("name".into(), json!(name));
                    cell.insert("color".into(), json!(color));
                }
                add_counts(cell, count, frames, drawings);
            }
        }
    }
    Ok(Value::Object(out))
}

/// Done, retake and other figures of a group of tasks.
#[derive(Default, Clone, Copy)]
struct Split {
    done: [i64; 3],
    retake: [i64; 3],
    other: [i64; 3],
}

impl Split {
    fn add(&mut self, kind: i32, n: [i64; 3]) {
        let cell = match kind {
            1 => &mut self.done,
            2 => &mut self.retake,
            _ => &mut self.other,
        };
        for (c, v) in cell.iter_mut().zip(n) {
            *c += v;
        }
    }
    fn json_into(&self, m: &mut Map<String, Value>) {
        let f = |c: [i64; 3]| json!({"count": c[0], "frames": c[1], "drawings": c[2]});
        m.insert("done".into(), f(self.done));
        m.insert("retake".into(), f(self.retake));
        m.insert("other".into(), f(self.other));
    }
}

/// Grouped task rows of one (episode, task type) cell of the retake stats:
/// (status kind, retake count, [count, frames, drawings]).
type RetakeRows = Vec<(i32, i32, [i64; 3])>;

fn retake_cell(rows: &RetakeRows, with_evolution: bool) -> Value {
    let mut total = Split::default();
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(0);
    for (kind, _, n) in rows {
        total.add(*kind, *n);
    }
    let mut evolution = Map::new();
    if with_evolution {
        // Round `i`: tasks retaken more than `i` times count as retakes,
        // the others as their current status says.
        for i in 1..=max {
            let mut round = Split::default();
            for (kind, rc, n) in rows {
                round.add(if *rc > i { 2 } else { *kind }, *n);
            }
            let mut m = Map::new();
            round.json_into(&mut m);
            evolution.insert(i.to_string(), Value::Object(m));
        }
    }
    let mut m = Map::new();
    m.insert("max_retake_count".into(), json!(max));
    m.insert("evolution".into(), Value::Object(evolution));
    total.json_into(&mut m);
    Value::Object(m)
}

/// `GET /data/projects/{p}/episodes/retake-stats`: per episode (and
/// `"all"`), per task type (and `"all"`): `max_retake_count`, the done /
/// retake / other figures, and their `evolution` per retake round (empty
/// for the `"all"` episode, as in Zou). Team members but clients; vendors
/// count their own tasks only.
pub async fn episode_retake_stats(s: &Session, project: Uuid) -> Result<Value> {
    guard::member(s, project).await?;
    guard::no_client(s, Some(project))?;
    guard::project(s, project).await?;
    let vendor = vendor_filter(s, project)?;
    let select = format!(
        "ep.\"id\", t.\"task_type_id\", CASE WHEN ts.\"is_done\" THEN 1 WHEN ts.\"is_retake\" THEN 2 ELSE 0 END, \
         COALESCE(t.\"retake_count\", 0), COUNT(*), CAST(SUM({}) AS BIGINT), \
         CAST(SUM(COALESCE(t.\"nb_drawings\", 0)) AS BIGINT)",
        frames_sql(s.db.dialect())
    );
    let q = episode_tasks_sql(s, project, vendor, &select, 4);
    let rows = s
        .db()
        .fetch_all::<(Uuid, Option<Uuid>, i32, i32, i64, i64, i64)>(&q)
        .await?;
    // (episode, task type) → rows, keys in first-seen order.
    let mut cells: Vec<((String, String), RetakeRows)> = Vec::new();
    for (ep, tt, kind, rc, count, frames, drawings) in rows {
        let tt = tt.map(|t| t.to_string()).unwrap_or_else(|| "None".into());
        for e in ["all".to_string(), ep.to_string()] {
            for t in ["all".to_string(), tt.clone()] {
                let key = (e.clone(), t);
                let pos = match cells.iter().position(|c| c.0 == key) {
                    Some(p) => p,
                    None => {
                        cells.push((key, Vec::new()));
                        cells.len() - 1
                    }
                };
                cells[pos].1.push((kind, rc, [count, frames, drawings]));
            }
        }
    }
    let mut out = Map::new();
    for ((e, t), rows) in cells {
        let v = retake_cell(&rows, e != "all");
        child(&mut out, &e).insert(t, v);
    }
    Ok(Value::Object(out))
}

// ---------------------------------------------------------------------------
// Quotas

/// How quotas count a shot (Zou's `count_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum CountMode {
    /// Done at the first feedback request (`end_date`), frames weighted by
    /// the time each person spent (Zou's default).
    Weighted,
    /// Done at approval (`done_date`), weighted.
    WeightedDone,
    /// Done at the first feedback request, credited whole to the assignees
    /// on that day.
    Feedback,
    /// Done at approval, credited whole to the assignees on that day.
    Done,
}

impl CountMode {
    /// Parse `count_mode` (absent: weighted); Zou's 400 (typo included)
    /// otherwise.
    pub fn parse(v: Option<&str>) -> Result<CountMode> {
        Ok(match v {
            None | Some("weighted") => CountMode::Weighted,
            Some("weighteddone") => CountMode::WeightedDone,
            Some("feedback") => CountMode::Feedback,
            Some("done") => CountMode::Done,
            Some(_) => {
                return Err(Error::Invalid(
                    "count_mode must be equal to weighted, weigtheddone, feedback, or done".into(),
                ))
            }
        })
    }
    fn weighted(self) -> bool {
        matches!(self, CountMode::Weighted | CountMode::WeightedDone)
    }
    /// The task column that says when the shot counts as done.
    fn end_column(self) -> &'static str {
        match self {
            CountMode::Weighted | CountMode::Feedback => "end_date",
            CountMode::WeightedDone | CountMode::Done => "done_date",
        }
    }
}

/// What a quota computation looks at.
#[derive(Debug, Clone, Default)]
pub struct QuotaScope {
    pub project: Option<Uuid>,
    pub task_type: Option<Uuid>,
    pub person: Option<Uuid>,
    pub studio: Option<Uuid>,
    /// Days `[from, to)`, when the computation is for one period.
    pub period: Option<(NaiveDate, NaiveDate)>,
}

/// A share of a shot credited to a person on a day.
#[derive(Debug, Clone)]
struct Credit {
    person: Uuid,
    task_type: Uuid,
    entity: Uuid,
    day: NaiveDate,
    count: f64,
    frames: f64,
    drawings: f64,
}

/// The filters of a quota query on task `t`, entity `e`, the credited
/// person column `person` (and `p`, the person, when a studio is given).
fn scope_sql(q: &mut tusk_db::sql::Sql, scope: &QuotaScope, shot_type: Uuid, person: &str) {
    q.push(" WHERE e.\"entity_type_id\" = ")
        .bind(uuid(shot_type));
    if let Some(p) = scope.project {
        q.push(" AND t.\"project_id\" = ").bind(uuid(p));
    }
    if let Some(tt) = scope.task_type {
        q.push(" AND t.\"task_type_id\" = ").bind(uuid(tt));
    }
    if let Some(p) = scope.person {
        q.push(" AND ").push(person).push(" = ").bind(uuid(p));
    }
    if let Some(st) = scope.studio {
        q.push(" AND p.\"studio_id\" = ").bind(uuid(st));
    }
}

fn studio_join(q: &mut tusk_db::sql::Sql, scope: &QuotaScope, person: &str) {
    if scope.studio.is_some() {
        q.push(" JOIN \"person\" p ON p.\"id\" = ").push(person);
    }
}

fn midnight(d: NaiveDate) -> SqlValue {
    SqlValue::Timestamp(d.and_hms_opt(0, 0, 0))
}

/// The credits of `scope`, grouped by the database per (person, task type,
/// shot, day): three statements whatever the data.
async fn credits(s: &Session, scope: &QuotaScope, mode: CountMode) -> Result<Vec<Credit>> {
    let shot_type = entity_type_id(s, "Shot").await?;
    let d = s.db.dialect();
    let frames = frames_sql(d);
    let end = mode.end_column();
    let mut db = s.db();
    let mut out = Vec::new();
    if mode.weighted() {
        // Time spents: each counts its share of the task's total time.
        let ratio = "CAST(ts.\"duration\" AS DOUBLE PRECISION) / tot.\"total\"";
        let mut q =
            db.sql("SELECT ts.\"person_id\", t.\"task_type_id\", t.\"entity_id\", ts.\"date\", ");
        q.push(&format!(
            "SUM({ratio}), SUM({ratio} * {frames}), SUM({ratio} * COALESCE(t.\"nb_drawings\", 0))"
        ))
        .push(
            " FROM \"time_spent\" ts JOIN \"task\" t ON t.\"id\" = ts.\"task_id\" \
             JOIN \"entity\" e ON e.\"id\" = t.\"entity_id\" \
             JOIN (SELECT \"task_id\", SUM(\"duration\") AS \"total\" FROM \"time_spent\"",
        );
        if let Some(p) = scope.project {
            q.push(" WHERE \"task_id\" IN (SELECT \"id\" FROM \"task\" WHERE \"project_id\" = ")
                .bind(uuid(p))
                .push(")");
        }
        q.push(" GROUP BY \"task_id\") tot ON tot.\"task_id\" = t.\"id\"");
        studio_join(&mut q, scope, "ts.\"person_id\"");
        scope_sql(&mut q, scope, shot_type, "ts.\"person_id\"");
        q.push(" AND tot.\"total\" > 0 AND t.")
            .ident(end)
            .push(" IS NOT NULL");
        if let Some((from, to)) = scope.period {
            q.push(" AND ts.\"date\" >= ")
                .bind(SqlValue::Date(Some(from)))
                .push(" AND ts.\"date\" < ")
                .bind(SqlValue::Date(Some(to)));
        }
        q.push(" GROUP BY 1, 2, 3, 4");
        let rows = db
            .fetch_all::<(
                Option<Uuid>,
                Option<Uuid>,
                Option<Uuid>,
                NaiveDate,
                f64,
                f64,
                f64,
            )>(&q)
            .await?;
        for (person, tt, entity, day, count, frames, drawings) in rows {
            if let (Some(person), Some(task_type), Some(entity)) = (person, tt, entity) {
                out.push(Credit {
                    person,
                    task_type,
                    entity,
                    day,
                    count,
                    frames,
                    drawings,
                });
            }
        }
        // Tasks without time spent: spread over their working days.
        let mut q = db.sql("SELECT tl.\"person_id\", t.\"task_type_id\", t.\"entity_id\", t.\"real_start_date\", t.");
        q.ident(end)
            .push(&format!(
                ", {frames}, CAST(COALESCE(t.\"nb_drawings\", 0) AS BIGINT)"
            ))
            .push(
                " FROM \"task\" t JOIN \"entity\" e ON e.\"id\" = t.\"entity_id\" \
                 JOIN \"task_person_link\" tl ON tl.\"task_id\" = t.\"id\"",
            );
        studio_join(&mut q, scope, "tl.\"person_id\"");
        scope_sql(&mut q, scope, shot_type, "tl.\"person_id\"");
        q.push(" AND t.").ident(end).push(" IS NOT NULL");
        q.push(" AND NOT EXISTS (SELECT 1 FROM \"time_spent\" x WHERE x.\"task_id\" = t.\"id\")");
        if let Some((from, to)) = scope.period {
            q.push(" AND t.")
                .ident(end)
                .push(" >= ")
                .bind(midnight(from));
            q.push(" AND COALESCE(t.\"real_start_date\", t.")
                .ident(end)
                .push(") < ")
                .bind(midnight(to));
        }
        let rows = db
            .fetch_all::<(
                Uuid,
                Option<Uuid>,
                Option<Uuid>,
                Option<NaiveDateTime>,
                NaiveDateTime,
                i64,
                i64,
            )>(&q)
            .await?;
        for (person, tt, entity, start, end, frames, drawings) in rows {
            let (Some(task_type), Some(entity)) = (tt, entity) else {
                continue;
            };
            let days = working_days(start.map(|d| d.date()), end.date());
            let n = days.len() as f64;
            for day in days {
                if scope
                    .period
                    .is_some_and(|(from, to)| day < from || day >= to)
                {
                    continue;
                }
                out.push(Credit {
                    person,
                    task_type,
                    entity,
                    day,
                    count: 1.0 / n,
                    frames: frames as f64 / n,
                    drawings: drawings as f64 / n,
                });
            }
        }
    } else {
        // Raw: the whole shot to each assignee, on the day it counted.
        let mut q =
            db.sql("SELECT tl.\"person_id\", t.\"task_type_id\", t.\"entity_id\", SUBSTR(CAST(t.");
        q.ident(end)
            .push(&format!(
                " AS TEXT), 1, 10), COUNT(*), CAST(SUM({frames}) AS BIGINT), \
                 CAST(SUM(COALESCE(t.\"nb_drawings\", 0)) AS BIGINT)"
            ))
            .push(
                " FROM \"task\" t JOIN \"entity\" e ON e.\"id\" = t.\"entity_id\" \
                 JOIN \"task_person_link\" tl ON tl.\"task_id\" = t.\"id\"",
            );
        studio_join(&mut q, scope, "tl.\"person_id\"");
        scope_sql(&mut q, scope, shot_type, "tl.\"person_id\"");
        q.push(" AND t.").ident(end).push(" IS NOT NULL");
        if let Some((from, to)) = scope.period {
            q.push(" AND t.")
                .ident(end)
                .push(" >= ")
                .bind(midnight(from));
            q.push(" AND t.").ident(end).push(" < ").bind(midnight(to));
        }
        q.push(" GROUP BY 1, 2, 3, 4");
        let rows = db
            .fetch_all::<(Uuid, Option<Uuid>, Option<Uuid>, String, i64, i64, i64)>(&q)
            .await?;
        for (person, tt, entity, day, count, frames, drawings) in rows {
            let (Some(task_type), Some(entity)) = (tt, entity) else {
                continue;
            };
            let Ok(day) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") else {
                continue;
            };
            out.push(Credit {
                person,
                task_type,
                entity,
                day,
                count: count as f64,
                frames: frames as f64,
                drawings: drawings as f64,
            });
        }
    }
    Ok(out)
}

/// The working days (Monday to Friday) from `start` (or `end`) to `end`,
/// both included; `end` alone when there is none.
fn working_days(start: Option<NaiveDate>, end: NaiveDate) -> Vec<NaiveDate> {
    let start = start.filter(|s| *s <= end).unwrap_or(end);
    let days: Vec<NaiveDate> = start
        .iter_days()
        .take_while(|d| *d <= end)
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .collect();
    if days.is_empty() {
        vec![end]
    } else {
        days
    }
}

/// Zou's week key: the calendar year and the ISO week number.
fn week_key(d: NaiveDate) -> String {
    format!("{}-{}", d.year(), d.iso_week().week())
}

/// The period keys of a day, and the key its `entries` are counted under.
fn period_keys(d: NaiveDate) -> [(&'static str, String, Option<String>); 4] {
    let year = d.year().to_string();
    let month = format!("{:04}-{:02}", d.year(), d.month());
    [
        ("day", d.format("%Y-%m-%d").to_string(), Some(month.clone())),
        ("week", week_key(d), Some(year.clone())),
        ("month", month, Some(year.clone())),
        ("year", year, None),
    ]
}

/// The sums of one period key: (frames, count, drawings), and the key its
/// `entries` are counted under.
type Cell = ([f64; 3], Option<String>);

/// Sums of one person (or task type, or the total) per period key.
#[derive(Default)]
struct Tally {
    /// period → key → sums.
    periods: BTreeMap<&'static str, BTreeMap<String, Cell>>,
}

impl Tally {
    fn add(&mut self, c: &Credit) {
        for (period, key, parent) in period_keys(c.day) {
            let cell = self
                .periods
                .entry(period)
                .or_default()
                .entry(key)
                .or_insert(([0.0; 3], parent));
            cell.0[0] += c.frames;
            cell.0[1] += c.count;
            cell.0[2] += c.drawings;
        }
    }

    /// Zou's shape: `{day|week|month|year: {frames, seconds, count,
    /// entries, drawings}}`; counts are floats in the weighted modes.
    fn json(&self, fps: f64, weighted: bool) -> Value {
        let mut out = Map::new();
        for period in ["day", "week", "month", "year"] {
            let cells = self.periods.get(period);
            let mut frames = Map::new();
            let mut seconds = Map::new();
            let mut count = Map::new();
            let mut drawings = Map::new();
            let mut entries: BTreeMap<String, i64> = BTreeMap::new();
            for (key, ([f, c, d], parent)) in cells.into_iter().flatten() {
                frames.insert(key.clone(), json!(f.round_ties_even() as i64));
                seconds.insert(key.clone(), json!(f / fps));
                count.insert(
                    key.clone(),
                    if weighted {
                        json!(c)
                    } else {
                        json!(c.round() as i64)
                    },
                );
                drawings.insert(key.clone(), json!(d.round_ties_even() as i64));
                if let Some(p) = parent {
                    *entries.entry(p.clone()).or_default() += 1;
                }
            }
            let mut m = Map::new();
            m.insert("frames".into(), Value::Object(frames));
            m.insert("seconds".into(), Value::Object(seconds));
            m.insert("count".into(), Value::Object(count));
            if period != "year" {
                m.insert(
                    "entries".into(),
                    Value::Object(entries.into_iter().map(|(k, v)| (k, json!(v))).collect()),
                );
            }
            m.insert("drawings".into(), Value::Object(drawings));
            out.insert(period.into(), Value::Object(m));
        }
        Value::Object(out)
    }
}

/// Tallies of `credits` keyed by `key`, plus `"total"` (nothing at all
/// when there are no credits).
fn tallies(credits: &[Credit], key: impl Fn(&Credit) -> Uuid, fps: f64, weighted: bool) -> Value {
    let mut by: BTreeMap<String, Tally> = BTreeMap::new();
    let mut total = Tally::default();
    for c in credits {
        by.entry(key(c).to_string()).or_default().add(c);
        total.add(c);
    }
    let mut out = Map::new();
    if credits.is_empty() {
        return Value::Object(out);
    }
    for (k, t) in by {
        out.insert(k, t.json(fps, weighted));
    }
    out.insert("total".into(), total.json(fps, weighted));
    Value::Object(out)
}

/// Quota readers: team members but clients.
async fn quota_reader(s: &Session, project: Uuid) -> Result<tusk_schema::Project> {
    guard::member(s, project).await?;
    guard::no_client(s, Some(project))?;
    guard::project(s, project).await
}

/// `GET /data/projects/{p}/quotas/{task_type_id}`: the shots each person
/// finished with that task type, per day, week, month and year, plus
/// `"total"`. Team members but clients (vendors see every person, as in
/// Zou).
pub async fn project_quotas(
    s: &Session,
    project: Uuid,
    task_type: Uuid,
    mode: CountMode,
    studio: Option<Uuid>,
) -> Result<Value> {
    let p = quota_reader(s, project).await?;
    let scope = QuotaScope {
        project: Some(project),
        task_type: Some(task_type),
        studio,
        ..Default::default()
    };
    let credits = credits(s, &scope, mode).await?;
    Ok(tallies(&credits, |c| c.person, fps_of(&p), mode.weighted()))
}

/// `GET /data/projects/{p}/quotas/persons/{person_id}`: one person's quotas
/// per task type, plus `"total"`. Managers and supervisors may read
/// anyone's; other members (not clients) only their own.
pub async fn person_quotas(
    s: &Session,
    project: Uuid,
    person: Uuid,
    task_type: Option<Uuid>,
    mode: CountMode,
    studio: Option<Uuid>,
) -> Result<Value> {
    let p = quota_reader(s, project).await?;
    tusk_db::engine::find::<tusk_schema::Person>(&mut s.db(), person)
        .await?
        .ok_or_else(Error::not_found)?;
    let actor = guard::actor(s)?;
    if actor.id != person && !guard::role_in(s, Some(project))?.is_supervisor() {
        return Err(Error::forbidden());
    }
    let scope = QuotaScope {
        project: Some(project),
        task_type,
        person: Some(person),
        studio,
        ..Default::default()
    };
    let credits = credits(s, &scope, mode).await?;
    Ok(tallies(
        &credits,
        |c| c.task_type,
        fps_of(&p),
        mode.weighted(),
    ))
}

/// A period of `quota-shots`.
#[derive(Debug, Clone, Copy)]
pub enum Period {
    Month(i32, u32),
    Week(i32, u32),
    Day(i32, u32, u32),
}

impl Period {
    /// The days `[from, to)`, or Zou's 400 for a month, week or day that
    /// does not exist.
    pub fn range(self) -> Result<(NaiveDate, NaiveDate)> {
        let bad = || Error::Invalid("Invalid month or year.".into());
        if !(1..=9998).contains(&match self {
            Period::Month(y, _) | Period::Week(y, _) | Period::Day(y, _, _) => y,
        }) {
            return Err(bad());
        }
        match self {
            Period::Month(y, m) => {
                let from = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?;
                let to = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)
                }
                .ok_or_else(bad)?;
                Ok((from, to))
            }
            Period::Week(y, w) => {
                let from = NaiveDate::from_isoywd_opt(y, w, Weekday::Mon).ok_or_else(bad)?;
                Ok((from, from + chrono::Duration::days(7)))
            }
            Period::Day(y, m, d) => {
                let from = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad)?;
                Ok((from, from + chrono::Duration::days(1)))
            }
        }
    }
}

/// A shot counted in a person's quota, with its weight.
pub struct QuotaShot {
    pub shot: Entity,
    pub full_name: String,
    /// The share of the shot credited in the period.
    pub weight: f64,
}

/// `GET /data/persons/{id}/quota-shots/{month|week|day}/…`: the shots the
/// person finished in the period (across projects, or in `project`), with
/// `full_name` and `weight`, by full name. The person themself, admins, or
/// a manager of the `project` given.
pub async fn quota_shots(
    s: &Session,
    person: Uuid,
    period: Period,
    project: Option<Uuid>,
    task_type: Option<Uuid>,
    mode: CountMode,
) -> Result<Vec<QuotaShot>> {
    tusk_db::engine::find::<tusk_schema::Person>(&mut s.db(), person)
        .await?
        .ok_or_else(Error::not_found)?;
    let actor = guard::actor(s)?;
    if actor.id != person && !actor.is_admin() {
        match project {
            Some(p) => guard::manager(s, p).await?,
            None => return Err(Error::forbidden()),
        }
    }
    let range = period.range()?;
    let scope = QuotaScope {
        project,
        task_type,
        person: Some(person),
        period: Some(range),
        ..Default::default()
    };
    let credits = credits(s, &scope, mode).await?;
    let mut weights: HashMap<Uuid, f64> = HashMap::new();
    for c in &credits {
        *weights.entry(c.entity).or_default() += c.count;
    }
    if weights.is_empty() {
        return Ok(vec![]);
    }
    let ids: Vec<Uuid> = weights.keys().copied().collect();
    let mut db = s.db();
    let mut q = db.sql("SELECT ");
    q.push(&<Entity as Model>::META.select_list(None))
        .push(" FROM \"entity\" WHERE \"id\"")
        .in_uuids(&ids);
    let shots: Vec<Entity> = db.fetch_all(&q).await?;
    let mut q = db.sql(
        "SELECT e.\"id\", sq.\"name\", ep.\"name\" FROM \"entity\" e \
         LEFT JOIN \"entity\" sq ON sq.\"id\" = e.\"parent_id\" \
         LEFT JOIN \"entity\" ep ON ep.\"id\" = sq.\"parent_id\" WHERE e.\"id\"",
    );
    q.in_uuids(&ids);
    let names: HashMap<Uuid, (Option<String>, Option<String>)> = db
        .fetch_all::<(Uuid, Option<String>, Option<String>)>(&q)
        .await?
        .into_iter()
        .map(|(id, sq, ep)| (id, (sq, ep)))
        .collect();
    let mut out: Vec<QuotaShot> = shots
        .into_iter()
        .map(|shot| {
            let (sq, ep) = names.get(&shot.id).cloned().unwrap_or_default();
            let full_name = [ep, sq, Some(shot.name.clone())]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" / ");
            let weight = weights.get(&shot.id).copied().unwrap_or(0.0);
            QuotaShot {
                shot,
                full_name,
                weight,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        a.full_name
            .cmp(&b.full_name)
            .then(a.shot.id.cmp(&b.shot.id))
    });
    Ok(out)
}

/// A quota shot as Zou answers it: the plain row (`"type": "Entity"`) with
/// `full_name` and `weight` (a float in the weighted modes).
pub fn quota_shot_json(q: &QuotaShot, mode: CountMode) -> Result<Value> {
    let mut v = super::instances::entity_json(&q.shot)?;
    if let Value::Object(m) = &mut v {
        m.insert("full_name".into(), json!(q.full_name));
        m.insert(
            "weight".into(),
            if mode.weighted() {
                json!(q.weight)
            } else {
                json!(q.weight.round() as i64)
            },
        );
    }
    Ok(v)
}

// ---------------------------------------------------------------------------
// REST handlers

/// REST handlers of the stats, quota and nb-frames routes.
pub mod rest {
    use super::{CountMode, Period};
    use crate::rest::RestReply;
    use crate::route::{Ctx, Req};
    use serde_json::json;
    use tusk_db::{Error, Result};
    use uuid::Uuid;

    fn ok(v: &impl serde::Serialize) -> Result<RestReply> {
        RestReply::ok(200, v)
    }

    pub async fn set_shot_nb_frames(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        let bad = || Error::Invalid("Invalid project or task type id".into());
        let project = r.id_or("project_id", bad)?;
        let task_type = r.id_or("task_type_id", bad)?;
        let rows = super::set_shot_nb_frames(c.s, project, task_type).await?;
        let out: Vec<_> = rows
            .into_iter()
            .map(|(id, n)| json!({"id": id.to_string(), "nb_frames": n}))
            .collect();
        ok(&out)
    }

    pub async fn episode_stats(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        ok(&super::episode_stats(c.s, r.id("project_id")?).await?)
    }

    pub async fn episode_retake_stats(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        ok(&super::episode_retake_stats(c.s, r.id("project_id")?).await?)
    }

    /// An optional id of the query string: a malformed one is Zou's 400.
    fn query_id(r: &Req, name: &str) -> Result<Option<Uuid>> {
        match r.arg(name).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => tusk_db::value::parse_hyphenated(v)
                .map(Some)
                .ok_or_else(|| Error::Invalid(format!("Invalid UUID value: {v}"))),
        }
    }

    pub async fn project_quotas(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        let project = r.id("project_id")?;
        let task_type = r.id("task_type_id")?;
        let mode = CountMode::parse(r.arg("count_mode"))?;
        let studio = query_id(&r, "studio_id")?;
        ok(&super::project_quotas(c.s, project, task_type, mode, studio).await?)
    }

    pub async fn person_quotas(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        let project = r.id("project_id")?;
        let person = r.id("person_id")?;
        let mode = CountMode::parse(r.arg("count_mode"))?;
        let task_type = query_id(&r, "task_type_id")?;
        let studio = query_id(&r, "studio_id")?;
        ok(&super::person_quotas(c.s, project, person, task_type, mode, studio).await?)
    }

    /// A number of the path (Flask's `int` converter: anything else is a
    /// 404).
    fn int(r: &Req, name: &str) -> Result<i64> {
        let raw = r.param(name)?;
        if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::not_found());
        }
        raw.parse::<i64>().map_err(|_| Error::not_found())
    }

    async fn quota_shots(c: Ctx<'_>, r: Req, period: Result<Period>) -> Result<RestReply> {
        let person = r.id("person_id")?;
        let period = period?;
        let mode = CountMode::parse(r.arg("count_mode"))?;
        let project = query_id(&r, "project_id")?;
        let task_type = query_id(&r, "task_type_id")?;
        let rows = super::quota_shots(c.s, person, period, project, task_type, mode).await?;
        let out = rows
            .iter()
            .map(|q| super::quota_shot_json(q, mode))
            .collect::<Result<Vec<_>>>()?;
        ok(&out)
    }

    /// Path numbers as the period wants them (out of range: Zou's 400).
    fn small(v: i64) -> Result<u32> {
        u32::try_from(v).map_err(|_| Error::Invalid("Invalid month or year.".into()))
    }
    fn year(v: i64) -> Result<i32> {
        i32::try_from(v).map_err(|_| Error::Invalid("Invalid month or year.".into()))
    }

    pub async fn month_quota_shots(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        let p = (|| {
            Ok(Period::Month(
                year(int(&r, "year")?)?,
                small(int(&r, "month")?)?,
            ))
        })();
        quota_shots(c, r, p).await
    }

    pub async fn week_quota_shots(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        let p = (|| {
            Ok(Period::Week(
                year(int(&r, "year")?)?,
                small(int(&r, "week")?)?,
            ))
        })();
        quota_shots(c, r, p).await
    }

    pub async fn day_quota_shots(c: Ctx<'_>, r: Req) -> Result<RestReply> {
        let p = (|| {
            Ok(Period::Day(
                year(int(&r, "year")?)?,
                small(int(&r, "month")?)?,
                small(int(&r, "day")?)?,
            ))
        })();
        quota_shots(c, r, p).await
    }
}

// ---------------------------------------------------------------------------
// GraphQL

/// GraphQL fields of the stats, quotas and `setShotNbFrames`; each calls
/// the same service as its REST route, so permissions agree. Stats and
/// quotas are answered as JSON, in Zou's shape.
pub mod gql {
    use super::CountMode;
    use crate::breakdown::instances::gql::uuid;
    use async_graphql::{Context, Json, Object, SimpleObject, ID};
    use serde_json::Value;
    use tusk_db::Session;

    type R<T> = async_graphql::Result<T>;

    fn session<'a>(ctx: &'a Context<'_>) -> R<&'a Session> {
        ctx.data::<Session>()
    }

    fn opt(id: &Option<ID>) -> R<Option<uuid::Uuid>> {
        id.as_ref().map(uuid).transpose()
    }

    /// A shot whose frame count `setShotNbFrames` set.
    #[derive(SimpleObject)]
    pub struct ShotNbFrames {
        pub id: ID,
        pub nb_frames: Option<i32>,
    }

    #[derive(Default)]
    pub struct StatsQuery;

    #[Object]
    impl StatsQuery {
        /// Task counts, frames and drawings per episode, task type and
        /// status (`"all"` keys sum them), as Zou's `episodes/stats`.
        async fn episode_stats(&self, ctx: &Context<'_>, project_id: ID) -> R<Json<Value>> {
            Ok(Json(
                super::episode_stats(session(ctx)?, uuid(&project_id)?).await?,
            ))
        }

        /// Done, retake and other figures per episode and task type, with
        /// their evolution per retake round, as Zou's `episodes/retake-stats`.
        async fn episode_retake_stats(&self, ctx: &Context<'_>, project_id: ID) -> R<Json<Value>> {
            Ok(Json(
                super::episode_retake_stats(session(ctx)?, uuid(&project_id)?).await?,
            ))
        }

        /// Shots finished per person and period for a task type, as Zou's
        /// `quotas/{task_type_id}`.
        async fn project_quotas(
            &self,
            ctx: &Context<'_>,
            project_id: ID,
            task_type_id: ID,
            #[graphql(default_with = "CountMode::Weighted")] count_mode: CountMode,
            studio_id: Option<ID>,
        ) -> R<Json<Value>> {
            Ok(Json(
                super::project_quotas(
                    session(ctx)?,
                    uuid(&project_id)?,
                    uuid(&task_type_id)?,
                    count_mode,
                    opt(&studio_id)?,
                )
                .await?,
            ))
        }

        /// One person's quotas per task type, as Zou's `quotas/persons/{id}`.
        async fn person_quotas(
            &self,
            ctx: &Context<'_>,
            project_id: ID,
            person_id: ID,
            task_type_id: Option<ID>,
            #[graphql(default_with = "CountMode::Weighted")] count_mode: CountMode,
            studio_id: Option<ID>,
        ) -> R<Json<Value>> {
            Ok(Json(
                super::person_quotas(
                    session(ctx)?,
                    uuid(&project_id)?,
                    uuid(&person_id)?,
                    opt(&task_type_id)?,
                    count_mode,
                    opt(&studio_id)?,
                )
                .await?,
            ))
        }
    }

    #[derive(Default)]
    pub struct StatsMutation;

    #[Object]
    impl StatsMutation {
        /// Set the frames of every shot of the project from the duration of
        /// its latest preview on a task of that type (managers).
        async fn set_shot_nb_frames(
            &self,
            ctx: &Context<'_>,
            project_id: ID,
            task_type_id: ID,
        ) -> R<Vec<ShotNbFrames>> {
            let rows =
                super::set_shot_nb_frames(session(ctx)?, uuid(&project_id)?, uuid(&task_type_id)?)
                    .await?;
            Ok(rows
                .into_iter()
                .map(|(id, nb_frames)| ShotNbFrames {
                    id: ID(id.to_string()),
                    nb_frames,
                })
                .collect())
        }
    }
}
