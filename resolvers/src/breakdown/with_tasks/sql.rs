//! The SQL of the with-tasks views: a constant number of statements per
//! view, whatever the number of rows.
//!
//! Each view is read by three statements (`super::stream`), side by side:
//!
//! 1. the entities, with the names of their parents and project joined, in
//!    the view's order;
//! 2. their tasks, in no order (the entity is in each row); on SQLite in
//!    two halves split on the entities' ids, read side by side;
//! 3. those tasks' assignees (`assignee_rank`); on SQLite, once the tasks
//!    are in, in two halves, and when the database holds few links per
//!    task of the view, every link instead (`all_links`,
//!    `stream::sqlite_links`).
//!
//! Tasks and assignees are grouped by entity in memory as they arrive;
//! then the entities are written out in order. Ordering the 100,000 task
//! rows of a big production in SQL (or, on Postgres, its 100,000
//! assignees), or aggregating each task's assignees with a correlated
//! subquery, cost more than the rest of the answer (measured in
//! `docs/benchmarks.md`): the database mostly only filters.
//! All values are bound; only the static text below enters the SQL.

use super::View;
use tusk_db::sql::Sql;
use tusk_db::{Db, SqlValue};
use uuid::Uuid;

/// Which entities a view lists.
#[derive(Debug, Clone, Default)]
pub(crate) struct Filter {
    /// `entity_type_id IN (…)`.
    pub types: Vec<Uuid>,
    /// `project_id IN (…)`; every project when `None`.
    pub projects: Option<Vec<Uuid>>,
    /// Zou's `episode_id` parameter (its meaning depends on the view).
    pub episode: Option<Uuid>,
    /// Only the entities (and tasks) a vendor reaches.
    pub vendor: Option<Vendor>,
    /// One entity (detail GETs).
    pub only: Option<Uuid>,
    /// Concepts linked to this entity (`entities-linked/with-tasks`).
    pub linked_to: Option<Uuid>,
}

/// A vendor only sees the entities around the tasks assigned to them, and
/// only those tasks.
#[derive(Debug, Clone)]
pub(crate) struct Vendor {
    pub person: Uuid,
    /// The narrowing applies in these projects only (a vendor by
    /// per-project role); in every project when `None`.
    pub projects: Option<Vec<Uuid>>,
}

/// How a view selects its entities: the joined tables, the order, and the
/// columns of its row type (`super::rows`).
struct Shape {
    from: &'static str,
    order: &'static str,
    columns: &'static str,
}

fn shape(view: View) -> Shape {
    match view {
        View::Shots => Shape {
            from: "entity e JOIN project p ON p.id = e.project_id \
                   LEFT JOIN entity sq ON sq.id = e.parent_id \
                   LEFT JOIN entity ep ON ep.id = sq.parent_id",
            order: "ep.name, sq.name, e.name, e.id",
            columns: "e.id, e.name, e.description, e.canceled, e.nb_frames, e.nb_entities_out, \
                      e.is_casting_standby, e.project_id, e.entity_type_id, e.parent_id, e.source_id, \
                      e.preview_file_id, e.data, p.name, sq.name, ep.id, ep.name",
        },
        View::Assets => Shape {
            from: "entity e JOIN entity_type et ON et.id = e.entity_type_id",
            order: "et.name, e.name, e.id",
            columns: "e.id, e.name, e.preview_file_id, e.description, e.entity_type_id, et.name, \
                      e.canceled, e.ready_for, e.source_id, e.is_casting_standby, e.is_shared, e.data",
        },
        View::Sequences | View::Episodes | View::Scenes => Shape {
            from: "entity e LEFT JOIN entity par ON par.id = e.parent_id",
            order: "par.name, e.name, e.id",
            columns: "e.id, e.name, e.status, e.parent_id, e.description, e.preview_file_id, \
                      e.canceled, e.data",
        },
        View::Edits => Shape {
            from: "entity e JOIN project p ON p.id = e.project_id \
                   LEFT JOIN entity ep ON ep.id = e.parent_id",
            order: "ep.name, e.name, e.id",
            columns: "e.id, e.name, e.description, e.canceled, e.entity_type_id, e.parent_id, ep.name, \
                      e.preview_file_id, e.project_id, p.name, e.source_id, e.nb_entities_out, e.data",
        },
        View::Concepts | View::Linked => Shape {
            from: "entity e JOIN project p ON p.id = e.project_id \
                   LEFT JOIN preview_file pf ON pf.id = e.preview_file_id",
            order: "e.created_at DESC, e.id",
            columns: "e.id, e.name, e.description, e.canceled, e.entity_type_id, e.nb_frames, \
                      e.parent_id, e.preview_file_id, pf.status, e.project_id, p.name, e.source_id, \
                      e.nb_entities_out, e.is_casting_standby, e.data, e.updated_at, e.created_at, \
                      e.created_by",
        },
    }
}

fn uuid(u: Uuid) -> SqlValue {
    SqlValue::Uuid(Some(u))
}

fn uuids(ids: &[Uuid]) -> impl Iterator<Item = SqlValue> + '_ {
    ids.iter().map(|u| uuid(*u))
}

/// The entities a vendor's tasks are on.
const VENDOR_ENTITIES: &str = "SELECT vt.entity_id FROM task vt \
     JOIN task_person_link vl ON vl.task_id = vt.id WHERE vl.person_id = ";

/// The WHERE clause of a view's entities (without `WHERE`).
fn conditions(db: &Db, view: View, f: &Filter) -> Sql {
    let mut w = db.sql("e.entity_type_id IN ");
    w.bind_list(uuids(&f.types));
    if let Some(projects) = &f.projects {
        w.push(" AND e.project_id IN ").bind_list(uuids(projects));
    }
    if let Some(ep) = f.episode {
        match view {
            // A shot's episode is its sequence's parent.
            View::Shots => {
                w.push(" AND sq.parent_id = ").bind(uuid(ep));
            }
            // Assets cast in the episode, or whose source is the episode.
            View::Assets => {
                w.push(" AND (e.source_id = ").bind(uuid(ep));
                w.push(" OR e.id IN (SELECT el.entity_out_id FROM entity_link el WHERE el.entity_in_id = ")
                    .bind(uuid(ep))
                    .push("))");
            }
            // Zou filters on the parent: nothing for episodes (no parent)
            // and scenes (their parent is a sequence).
            _ => {
                w.push(" AND e.parent_id = ").bind(uuid(ep));
            }
        }
    }
    if let Some(id) = f.only {
        w.push(" AND e.id = ").bind(uuid(id));
    }
    if let Some(id) = f.linked_to {
        w.push(
            " AND e.id IN (SELECT ecl.entity_in_id FROM entity_concept_link ecl WHERE ecl.entity_out_id = ",
        )
        .bind(uuid(id))
        .push(")");
    }
    if let Some(v) = &f.vendor {
        w.push(" AND (");
        if let Some(projects) = &v.projects {
            w.push("e.project_id NOT IN ")
                .bind_list(uuids(projects))
                .push(" OR ");
        }
        // Their entities; for sequences and episodes, also those containing
        // them (shown without the tasks).
        w.push("e.id IN (")
            .push(VENDOR_ENTITIES)
            .bind(uuid(v.person))
            .push(")");
        if matches!(view, View::Sequences | View::Episodes) {
            w.push(" OR e.id IN (SELECT vc.parent_id FROM entity vc WHERE vc.id IN (")
                .push(VENDOR_ENTITIES)
                .bind(uuid(v.person))
                .push("))");
        }
        if view == View::Episodes {
            w.push(
                " OR e.id IN (SELECT vp.parent_id FROM entity vp WHERE vp.id IN \
                 (SELECT vc.parent_id FROM entity vc WHERE vc.id IN (",
            )
            .push(VENDOR_ENTITIES)
            .bind(uuid(v.person))
            .push(")))");
        }
        w.push(")");
    }
    w
}

/// The three statements of a view.
pub(crate) struct Queries {
    pub entities: Sql,
    pub tasks: Sql,
    /// SQLite: the same tasks in two halves, split on the entities' ids,
    /// read side by side (`stream::merged`) on two connections and two
    /// cores: SQLite seeks each entity's tasks in `task.entity_id`'s index,
    /// and reading and decoding 100,000 task rows on one thread set the
    /// pace of the whole view (shots with-tasks of the big production:
    /// the rows in after ~210 ms → ~180 ms, the answer 15% sooner).
    /// Postgres hashes the view's entities and scans the task table: each
    /// half would scan it whole (its CPU +25%, the view slower).
    pub task_halves: Option<[Sql; 2]>,
    /// `(task, person, rank)`, in no order (`assignee_rank`).
    pub assignees: Sql,
    /// SQLite: the same links in two halves, split on the entities' ids,
    /// read side by side when the view seeks its links
    /// (`stream::sqlite_links`).
    pub assignee_halves: Option<[Sql; 2]>,
}

/// The middle of the id space: `e.id < SPLIT` is the first half. Ids are
/// random (version 4, Zou's and Tusk's), so the halves are even; SQLite
/// compares the blobs byte by byte.
const SPLIT: Uuid = Uuid::from_u128(1 << 127);

/// Task columns, in the order of `rows::TaskRow`.
const TASK_COLUMNS: &str =
    "t.entity_id, t.id, t.task_type_id, t.task_status_id, t.duration, t.estimation, \
     t.priority, t.difficulty, t.retake_count, t.start_date, t.due_date, t.end_date, t.done_date, \
     t.real_start_date, t.last_comment_date, t.last_preview_file_id, t.nb_assets_ready, \
     t.nb_drawings, t.data, t.assigner_id, t.created_at";

/// `t.entity_id IN (<the view's entities>)`, and the vendor's narrowing.
fn task_filter(db: &Db, sh: &Shape, cond: &Sql, f: &Filter) -> Sql {
    let mut q = db.sql("t.entity_id IN (SELECT e.id FROM ");
    q.push(sh.from)
        .push(" WHERE ")
        .append(cond)
        .push(")")
        .append(&vendor_tasks(db, f));
    q
}

/// The rank of an assignee in its task's list (the third column of the
/// assignee statement): SQLite keeps the order they were assigned in
/// (`rowid`); Postgres has no such order, all rank 0, then by person id.
/// Each task's one or two are sorted in memory (`rows::TaskGroups`):
/// sorting the whole statement's 100,000 rows in SQL cost a quarter of its
/// time on Postgres and a temporary B-tree on SQLite.
fn assignee_rank(db: &Db) -> &'static str {
    match db.dialect() {
        tusk_db::Dialect::Postgres => "CAST(0 AS BIGINT)",
        tusk_db::Dialect::Sqlite => "l.rowid",
    }
}

/// A vendor's tasks only (`AND …`).
fn vendor_tasks(db: &Db, f: &Filter) -> Sql {
    let mut w = db.sql("");
    if let Some(v) = &f.vendor {
        w.push(" AND (");
        if let Some(projects) = &v.projects {
            w.push("t.project_id NOT IN ")
                .bind_list(uuids(projects))
                .push(" OR ");
        }
        w.push("t.id IN (SELECT vl.task_id FROM task_person_link vl WHERE vl.person_id = ")
            .bind(uuid(v.person))
            .push("))");
    }
    w
}

/// The statements of `view` for the entities `f` selects.
pub(crate) fn queries(db: &Db, view: View, f: &Filter) -> Queries {
    let sh = shape(view);
    let cond = conditions(db, view, f);

    let mut entities = db.sql("SELECT ");
    entities
        .push(sh.columns)
        .push(" FROM ")
        .push(sh.from)
        .push(" WHERE ")
        .append(&cond)
        .push(" ORDER BY ")
        .push(sh.order);

    let tasks_of = |cond: &Sql| {
        let mut tasks = db.sql("SELECT ");
        tasks
            .push(TASK_COLUMNS)
            .push(" FROM task t WHERE ")
            .append(&task_filter(db, &sh, cond, f));
        tasks
    };
    // SQLite's halves: the view's condition and the entity's id below, or
    // from, the middle of the id space.
    let halves = (db.dialect() == tusk_db::Dialect::Sqlite).then(|| {
        ["<", ">="].map(|op| {
            let mut half = cond.clone();
            half.push(" AND e.id ").push(op).push(" ").bind(uuid(SPLIT));
            half
        })
    });
    Queries {
        entities,
        tasks: tasks_of(&cond),
        task_halves: halves.as_ref().map(|h| h.each_ref().map(tasks_of)),
        assignee_halves: halves
            .as_ref()
            .map(|h| h.each_ref().map(|half| assignees(db, &sh, half, f))),
        assignees: assignees(db, &sh, &cond, f),
    }
}

/// The links of the tasks of the entities `cond` selects.
fn assignees(db: &Db, sh: &Shape, cond: &Sql, f: &Filter) -> Sql {
    let mut assignees = db.sql("SELECT l.task_id, l.person_id, ");
    assignees.push(assignee_rank(db));
    match db.dialect() {
        // The links of the view's tasks, as a semi-join.
        tusk_db::Dialect::Postgres => {
            assignees
                .push(" FROM task_person_link l WHERE l.task_id IN (SELECT t.id FROM task t WHERE ")
                .append(&task_filter(db, sh, cond, f))
                .push(")");
        }
        // The same links, joined from the view's entities: SQLite then
        // seeks each entity's tasks and each task's links, instead of first
        // writing the view's 100,000 task ids into a temporary B-tree and
        // seeking the links from it (185 ms → 116 ms on the big
        // production; Postgres plans the semi-join 10% faster than the
        // join). Every join of `sh.from` is on a primary key: one row per
        // link, as with the semi-join.
        tusk_db::Dialect::Sqlite => {
            assignees
                .push(" FROM ")
                .push(sh.from)
                .push(
                    " JOIN task t ON t.entity_id = e.id \
                     JOIN task_person_link l ON l.task_id = t.id WHERE ",
                )
                .append(cond)
                .append(&vendor_tasks(db, f));
        }
    }
    assignees
}

/// Every assignee link of the database with a rowid up to `mid`, or
/// above it (`upper`), as the assignee statement reads them
/// (`assignee_rank`): SQLite's big views read the two halves side by side
/// and keep their tasks' links (`stream::sqlite_links`). Together the
/// halves hold each link once, whatever `mid`.
pub(crate) fn all_links(db: &Db, mid: i64, upper: bool) -> Sql {
    let mut q = db.sql("SELECT l.task_id, l.person_id, ");
    q.push(assignee_rank(db))
        .push(" FROM task_person_link l WHERE l.rowid ")
        .push(if upper { "> " } else { "<= " })
        .bind(SqlValue::BigInt(Some(mid)));
    q
}

/// At least the number of assignee links of the database, read from the
/// end of the table's rowid index whatever its size: `max(rowid)`, since a
/// link's rowid is one more than the greatest when it is written.
pub(crate) fn links_bound(db: &Db) -> Sql {
    db.sql("SELECT COALESCE(MAX(rowid), 0) FROM task_person_link")
}

/// The task ids the person is subscribed to.
pub(crate) fn subscriptions(db: &Db, person: Uuid) -> Sql {
    let mut q =
        db.sql("SELECT task_id FROM subscription WHERE task_id IS NOT NULL AND person_id = ");
    q.bind(uuid(person));
    q
}

/// `(asset, episode)` for every episode of `project` casting an asset
/// (only `episode` when given), by episode name.
pub(crate) fn casting_episodes(
    db: &Db,
    episode_type: Uuid,
    project: Option<Uuid>,
    episode: Option<Uuid>,
    asset: Option<Uuid>,
) -> Sql {
    let mut q = db.sql(
        "SELECT el.entity_out_id, el.entity_in_id FROM entity_link el \
         JOIN entity ep ON ep.id = el.entity_in_id WHERE ep.entity_type_id = ",
    );
    q.bind(uuid(episode_type));
    if let Some(p) = project {
        q.push(" AND ep.project_id = ").bind(uuid(p));
    }
    if let Some(e) = episode {
        q.push(" AND ep.id = ").bind(uuid(e));
    }
    if let Some(a) = asset {
        q.push(" AND el.entity_out_id = ").bind(uuid(a));
    }
    q.push(" ORDER BY ep.name, ep.id");
    q
}

/// `(concept, linked entity)` for the concepts of a view.
pub(crate) fn concept_links(db: &Db, view: View, f: &Filter) -> Sql {
    let sh = shape(view);
    let cond = conditions(db, view, f);
    let mut q = db.sql(
        "SELECT ecl.entity_in_id, ecl.entity_out_id FROM entity_concept_link ecl \
         WHERE ecl.entity_in_id IN (SELECT e.id FROM ",
    );
    q.push(sh.from)
        .push(" WHERE ")
        .append(&cond)
        .push(") ORDER BY ecl.created_at, ecl.entity_out_id");
    q
}

/// The relation lists of one entity, in one statement: `(which, id)` with
/// `which` 0 = entities_out, 1 = entity_concept_links, 2 = instance_casting,
/// 3 = entities_in.
pub(crate) fn relations(db: &Db, id: Uuid) -> Sql {
    let mut q = db.sql(
        "SELECT 0 AS w, entity_out_id AS r, created_at AS c FROM entity_link WHERE entity_in_id = ",
    );
    q.bind(uuid(id));
    q.push(" UNION ALL SELECT 1, entity_out_id, created_at FROM entity_concept_link WHERE entity_in_id = ")
        .bind(uuid(id));
    q.push(
        " UNION ALL SELECT 2, asset_instance_id, NULL FROM asset_instance_link WHERE entity_id = ",
    )
    .bind(uuid(id));
    q.push(" UNION ALL SELECT 3, entity_in_id, created_at FROM entity_link WHERE entity_out_id = ")
        .bind(uuid(id));
    q.push(" ORDER BY 1, 3");
    q
}
