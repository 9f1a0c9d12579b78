//! Merging the entity, task and assignee statements of a view into the
//! answer, one chunk of entities at a time.
//!
//! Each statement is read by `Db::fetch_chunks` (a background reader into
//! a bounded channel), side by side (on SQLite the tasks in two halves,
//! and the assignees after the others: `sqlite_links`): the tasks and
//! assignees are
//! indexed by entity and task as their rows arrive (the task rows of a
//! view, about 300 bytes each, are held where they were decoded), the
//! entities kept in their chunks. Then the entities are written out in
//! order, a chunk at a time on the blocking pool, each with its tasks
//! (looked up, ordered and written by the chunk's writer), so the answer
//! itself is never held whole.

use super::rows::{
    group_assignees, group_tasks, AssigneeRow, EntityRow, IdMap, Lookups, TaskFull, TaskGroups,
    TaskIndex, TaskRow,
};
use super::sql::{self, Queries};
use bytes::Bytes;
use futures::StreamExt;
use std::sync::Arc;
use tokio_stream::wrappers::ReceiverStream;
use tusk_db::sql::Sql;
use tusk_db::zou::Body;
use tusk_db::{Db, Result};

/// How rows are framed on the wire.
pub(crate) struct Frame {
    /// Bytes before the first row.
    pub open: Vec<u8>,
    /// Between two rows.
    pub sep: &'static [u8],
    /// After every row.
    pub end: &'static [u8],
    /// After the last row.
    pub close: &'static [u8],
    /// Rows are arrays (`compact=true`).
    pub compact: bool,
}

impl Frame {
    /// A JSON array of objects.
    pub fn array() -> Frame {
        Frame {
            open: b"[".to_vec(),
            sep: b",",
            end: b"",
            close: b"]",
            compact: false,
        }
    }

    /// Zou's compact object: the header's keys, then `"rows":[…]}`.
    pub fn compact(header: &[u8]) -> Frame {
        let mut open = header.strip_suffix(b"}").unwrap_or(header).to_vec();
        open.extend_from_slice(b",\"rows\":[");
        Frame {
            open,
            sep: b",",
            end: b"",
            close: b"]}",
            compact: true,
        }
    }

    /// NDJSON: the header line, then one line per row.
    pub fn ndjson(header: &[u8], compact: bool) -> Frame {
        let mut open = header.to_vec();
        open.push(b'\n');
        Frame {
            open,
            sep: b"",
            end: b"\n",
            close: b"",
            compact,
        }
    }
}

/// Writes one entity with its tasks (as an array when `compact`).
pub(crate) type Writer<E> =
    fn(&mut Vec<u8>, &E, &[TaskFull<'_>], &Lookups, bool) -> serde_json::Result<()>;

/// A statement's rows, in chunks, as `Db::fetch_chunks` reads them.
type Rows<T> = ReceiverStream<Result<Vec<T>>>;

/// The statements of a view, until they are read: the entities, the tasks
/// (on SQLite in two halves: `sql::Queries::task_halves`), the assignees.
type Pending<E> = (Rows<E>, Vec<Rows<TaskRow>>, Assignees);

/// How a view's assignees are read.
enum Assignees {
    /// Postgres: the assignee statement, side by side with the others.
    Started(Rows<AssigneeRow>),
    /// SQLite: once the tasks are in (`sqlite_links`), these two halves of
    /// the assignee statement, or a scan of every link in two halves.
    Deferred([Sql; 2]),
}

/// SQLite scans every link rather than seek the view's when the database
/// holds at most this many links per task of the view.
///
/// SQLite has no hash join: the assignee statement seeks each of the view's
/// tasks in `task_person_link`'s key, ~2 µs a task on this machine (100,000
/// tasks of 10,000 shots: ~200 ms of one core, a third of the view's CPU,
/// and the answer cannot start before the last link is in). Reading the
/// table's 150,000 links in its order and keeping the view's tasks' (a
/// hash lookup each) takes ~25 ms. A scan reads every project's links, so
/// it is chosen when the links are few enough against the view's tasks
/// that it costs less than the seeks (~0.2 µs a link against ~2 µs a
/// task); 4 leaves a wide margin.
const SCAN_LINKS_PER_TASK: usize = 4;

/// The assignees of the view's `tasks`, on SQLite (`Assignees::Deferred`):
/// every link, kept for the view's tasks, when the database holds at most
/// `SCAN_LINKS_PER_TASK` per task of the view (`sql::links_bound`: one
/// seek to the table's end); otherwise the view's own links (`seek`).
/// Either way in two halves on two connections, side by side (the table's
/// rowids, or the entities' ids: `sql::Queries::assignee_halves`): with
/// the entities and tasks read, both cores are free. Three statements
/// either way. Read once the tasks are in, when their connections are
/// back in the pool: nothing is held while waiting.
async fn sqlite_links(
    db: &Db,
    tasks: &TaskIndex,
    seek: [Sql; 2],
) -> Result<IdMap<Vec<(i64, uuid::Uuid)>>> {
    let bound: i64 = db.clone().fetch_scalar(&sql::links_bound(db)).await?;
    let n = tasks.len();
    let scan =
        usize::try_from(bound).unwrap_or(usize::MAX) <= n.saturating_mul(SCAN_LINKS_PER_TASK);
    let keep = scan.then(|| tasks.ids());
    let halves = if scan {
        [false, true].map(|upper| sql::all_links(db, bound / 2, upper))
    } else {
        seek
    };
    let rows =
        futures::stream::select_all(halves.map(|q| db.fetch_chunks::<AssigneeRow>(q, TASK_CHUNK)));
    fold(rows, |acc, mut rows: Vec<AssigneeRow>| {
        if let Some(keep) = &keep {
            rows.retain(|r| keep.contains(&r.task));
        }
        group_assignees(acc, rows);
    })
    .await
}

/// Read a whole statement, folding each chunk of rows into `acc` as it
/// arrives (kept as chunks, or grouped: `rows::group_tasks`, …).
async fn fold<T, A: Default>(
    mut rx: impl futures::Stream<Item = Result<Vec<T>>> + Unpin,
    add: impl Fn(&mut A, Vec<T>),
) -> Result<A> {
    let mut acc = A::default();
    while let Some(chunk) = rx.next().await {
        add(&mut acc, chunk?);
    }
    Ok(acc)
}

/// A chunk of entities, to be written with their tasks.
struct Job<E> {
    rows: Vec<E>,
    /// Every task of the view (shared by the chunks).
    groups: Arc<TaskGroups>,
    /// The first chunk of the answer (no separator before it).
    first: bool,
}

/// How a chunk's rows are written.
struct Layout<E> {
    sep: &'static [u8],
    end: &'static [u8],
    compact: bool,
    write: Writer<E>,
}

// Copy whatever `E` is (the derive would ask `E: Copy`).
impl<E> Clone for Layout<E> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E> Copy for Layout<E> {}

impl<E: EntityRow> Layout<E> {
    fn chunk(self, job: Job<E>, lk: &Lookups) -> Result<Bytes> {
        let tasks: Vec<Vec<TaskFull>> = job.rows.iter().map(|e| job.groups.of(e.id())).collect();
        // About what a row of shots/with-tasks takes: fewer reallocations.
        let n_tasks: usize = tasks.iter().map(Vec::len).sum();
        let mut buf = Vec::with_capacity(job.rows.len() * 1024 + n_tasks * 700);
        for (k, (e, tasks)) in job.rows.iter().zip(&tasks).enumerate() {
            if k > 0 || !job.first {
                buf.extend_from_slice(self.sep);
            }
            (self.write)(&mut buf, e, tasks, lk, self.compact)?;
            buf.extend_from_slice(self.end);
        }
        Ok(Bytes::from(buf))
    }
}

/// Reads the view's three statements side by side, then hands out each
/// chunk of entities with their tasks.
///
/// Each statement is drained as it arrives, none waits for another while
/// it holds a connection: a request holding one connection while it waits
/// for a second could deadlock concurrent requests once they exhaust the
/// pool. (SQLite's assignees start once the others are done and their
/// connections returned: `sqlite_links`.)
struct Reader<E: EntityRow> {
    /// Runs SQLite's assignee statements (`sqlite_links`), counted ahead.
    later: Db,
    pending: Option<Pending<E>>,
    /// The entities, in the view's order and in their chunks.
    entities: std::vec::IntoIter<Vec<E>>,
    groups: Arc<TaskGroups>,
    first: bool,
}

impl<E: EntityRow + Send + 'static> Reader<E> {
    /// The next chunk of entities with their tasks (`None` after the last).
    async fn next_job(&mut self) -> Option<Result<Job<E>>> {
        if let Some((entities, tasks, assignees)) = self.pending.take() {
            let entities = fold(entities, Vec::push);
            let tasks = fold(futures::stream::select_all(tasks), group_tasks);
            let read = match assignees {
                Assignees::Started(rows) => {
                    futures::try_join!(entities, tasks, fold(rows, group_assignees))
                }
                Assignees::Deferred(seek) => {
                    let later = &self.later;
                    async move {
                        let (entities, tasks) = futures::try_join!(entities, tasks)?;
                        let assignees = sqlite_links(later, &tasks, seek).await?;
                        Ok((entities, tasks, assignees))
                    }
                    .await
                }
            };
            match read {
                Ok((entities, tasks, assignees)) => {
                    self.entities = entities.into_iter();
                    self.groups = Arc::new(TaskGroups { tasks, assignees });
                }
                Err(e) => return Some(Err(e)),
            }
        }
        let rows = self.entities.next()?;
        let first = std::mem::replace(&mut self.first, false);
        Some(Ok(Job {
            rows,
            groups: self.groups.clone(),
            first,
        }))
    }
}

/// Entities read per chunk (one chunk of output each).
const ENTITY_CHUNK: usize = 256;
/// Task and assignee rows read per chunk.
const TASK_CHUNK: usize = 4096;
/// Chunks written at once, on the blocking pool (their order is kept): a
/// big answer is mostly serialization, which then uses every core.
const WRITERS: usize = 2;

/// Read the entities, tasks and assignees side by side, then answer the entities,
/// in order, each with its tasks, framed by `frame`.
pub(crate) fn merged<E: EntityRow + Send + 'static>(
    db: &Db,
    q: Queries,
    lk: Lookups,
    frame: Frame,
    write: Writer<E>,
) -> Body {
    let assignees = match q.assignee_halves {
        // SQLite: `sqlite_links`'s three statements, counted in the
        // request's number although they start after the answer's headers.
        Some(halves) => {
            db.count_ahead(3);
            Assignees::Deferred(halves)
        }
        None => Assignees::Started(db.fetch_chunks::<AssigneeRow>(q.assignees, TASK_CHUNK)),
    };
    let reader = Reader {
        later: db.for_request(),
        pending: Some((
            db.fetch_chunks::<E>(q.entities, ENTITY_CHUNK),
            match q.task_halves {
                Some(halves) => halves.into(),
                None => vec![q.tasks],
            }
            .into_iter()
            .map(|q| db.fetch_chunks::<TaskRow>(q, TASK_CHUNK))
            .collect(),
            assignees,
        )),
        entities: Vec::new().into_iter(),
        groups: Arc::default(),
        first: true,
    };
    let lk = Arc::new(lk);
    let layout = Layout {
        sep: frame.sep,
        end: frame.end,
        compact: frame.compact,
        write,
    };
    let jobs = futures::stream::unfold(reader, |mut r| async move {
        r.next_job().await.map(|job| (job, r))
    });
    let chunks = jobs
        .map(move |job| {
            let lk = lk.clone();
            async move {
                let job = job?;
                tokio::task::spawn_blocking(move || layout.chunk(job, &lk))
                    .await
                    .map_err(tusk_db::Error::internal)?
            }
        })
        .buffered(WRITERS);
    let open = futures::stream::once(futures::future::ready(Ok(Bytes::from(frame.open))));
    let close = futures::stream::once(futures::future::ready(Ok(Bytes::from_static(frame.close))));
    // An error ends the answer where it happened.
    let body = open
        .chain(chunks)
        .chain(close)
        .scan(false, |failed, item: Result<Bytes>| {
            let out = (!*failed).then_some(item);
            *failed |= matches!(out, Some(Err(_)));
            futures::future::ready(out)
        });
    Body::Stream(body.boxed())
}

/// Read a whole (small) result: the three statements one after the other.
/// For detail GETs and other one-entity answers (`TaskGroups::of` gives
/// each entity's tasks).
pub(crate) async fn collect<E: EntityRow>(db: &Db, q: Queries) -> Result<(Vec<E>, TaskGroups)> {
    let mut db = db.clone();
    let entities: Vec<E> = db.fetch_all(&q.entities).await?;
    let mut groups = TaskGroups::default();
    group_tasks(&mut groups.tasks, db.fetch_all(&q.tasks).await?);
    group_assignees(&mut groups.assignees, db.fetch_all(&q.assignees).await?);
    Ok((entities, groups))
}

/// Collect a body into bytes (GraphQL fields answer the same rows as JSON).
pub(crate) async fn bytes(body: Body) -> Result<Vec<u8>> {
    match body {
        Body::Full(b) => Ok(b),
        Body::Stream(mut s) => {
            let mut out = Vec::new();
            while let Some(chunk) = s.next().await {
                out.extend_from_slice(&chunk?);
            }
            Ok(out)
        }
    }
}
