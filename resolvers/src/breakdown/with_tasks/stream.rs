//! Merging the entity, task and assignee statements of a view into the
//! answer, one chunk of entities at a time.
//!
//! Each statement is read by `Db::fetch_chunks` (a background reader into
//! a bounded channel): tasks and assignees side by side, then the
//! entities. The tasks and assignees are grouped by entity in memory (the
//! task rows of a view, about 300 bytes each); the entities then stream
//! out in order, each written with its tasks as soon as it is read, so the
//! answer itself is never held whole.

use super::rows::{tasks_by_entity, EntityRow, Lookups, TaskFull, TaskRow};
use super::sql::Queries;
use bytes::Bytes;
use futures::StreamExt;
use std::collections::HashMap;
use std::sync::Arc;
use tokio_stream::wrappers::ReceiverStream;
use tusk_db::zou::Body;
use tusk_db::{Db, Result};
use uuid::Uuid;

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
    fn(&mut Vec<u8>, &E, &[TaskFull], &Lookups, bool) -> serde_json::Result<()>;

/// A statement's rows, in chunks, as `Db::fetch_chunks` reads them.
type Rows<T> = ReceiverStream<Result<Vec<T>>>;

/// The task and assignee statements of a view.
type Pending = (Rows<TaskRow>, Rows<(Uuid, Uuid)>);

/// Read a whole statement's rows.
async fn all<T>(mut rx: Rows<T>) -> Result<Vec<T>> {
    let mut out = Vec::new();
    while let Some(chunk) = rx.next().await {
        out.extend(chunk?);
    }
    Ok(out)
}

/// A chunk of entities with their tasks, to be written.
struct Job<E> {
    rows: Vec<E>,
    tasks: Vec<Vec<TaskFull>>,
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

impl<E> Layout<E> {
    fn chunk(self, job: Job<E>, lk: &Lookups) -> Result<Bytes> {
        // About what a row of shots/with-tasks takes: fewer reallocations.
        let n_tasks: usize = job.tasks.iter().map(Vec::len).sum();
        let mut buf = Vec::with_capacity(job.rows.len() * 1024 + n_tasks * 700);
        for (k, (e, tasks)) in job.rows.iter().zip(&job.tasks).enumerate() {
            if k > 0 || !job.first {
                buf.extend_from_slice(self.sep);
            }
            (self.write)(&mut buf, e, tasks, lk, self.compact)?;
            buf.extend_from_slice(self.end);
        }
        Ok(Bytes::from(buf))
    }
}

/// Reads the view: tasks and assignees first, then the entities, handing
/// out each chunk of entities with their tasks.
struct Reader<E: EntityRow> {
    db: Db,
    /// The entity statement, started once the tasks are read: a request
    /// then never holds a connection while it waits for another (no
    /// deadlock when concurrent requests exhaust the pool).
    entity_sql: Option<tusk_db::sql::Sql>,
    entities: Option<Rows<E>>,
    /// The task and assignee statements, until they are read.
    pending: Option<Pending>,
    tasks: HashMap<Uuid, Vec<TaskFull>>,
    first: bool,
}

impl<E: EntityRow + Send + 'static> Reader<E> {
    /// The next chunk of entities with their tasks (`None` after the last).
    async fn next_job(&mut self) -> Option<Result<Job<E>>> {
        if let Some((tasks, assignees)) = self.pending.take() {
            match futures::try_join!(all(tasks), all(assignees)) {
                Ok((tasks, assignees)) => self.tasks = tasks_by_entity(tasks, assignees),
                Err(e) => return Some(Err(e)),
            }
        }
        if let Some(sql) = self.entity_sql.take() {
            self.entities = Some(self.db.fetch_chunks::<E>(sql, ENTITY_CHUNK));
        }
        let rows = match self.entities.as_mut()?.next().await? {
            Ok(rows) => rows,
            Err(e) => return Some(Err(e)),
        };
        let tasks = rows
            .iter()
            .map(|e| self.tasks.remove(&e.id()).unwrap_or_default())
            .collect();
        let first = std::mem::replace(&mut self.first, false);
        Some(Ok(Job { rows, tasks, first }))
    }
}

/// Entities read per chunk (one chunk of output each).
const ENTITY_CHUNK: usize = 256;
/// Task and assignee rows read per chunk.
const TASK_CHUNK: usize = 4096;
/// Chunks written at once, on the blocking pool (their order is kept): a
/// big answer is mostly serialization, which then uses every core.
const WRITERS: usize = 2;

/// Read the tasks and assignees side by side, then answer the entities,
/// in order, each with its tasks, framed by `frame`.
pub(crate) fn merged<E: EntityRow + Send + 'static>(
    db: &Db,
    q: Queries,
    lk: Lookups,
    frame: Frame,
    write: Writer<E>,
) -> Body {
    let reader = Reader {
        db: db.clone(),
        entity_sql: Some(q.entities),
        entities: None,
        pending: Some((
            db.fetch_chunks::<TaskRow>(q.tasks, TASK_CHUNK),
            db.fetch_chunks::<(Uuid, Uuid)>(q.assignees, TASK_CHUNK),
        )),
        tasks: HashMap::new(),
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

/// Read a whole (small) result: the three statements one after the other,
/// merged in memory. For detail GETs and other one-entity answers.
pub(crate) async fn collect<E: EntityRow>(db: &Db, q: Queries) -> Result<Vec<(E, Vec<TaskFull>)>> {
    let mut db = db.clone();
    let entities: Vec<E> = db.fetch_all(&q.entities).await?;
    let tasks: Vec<TaskRow> = db.fetch_all(&q.tasks).await?;
    let assignees: Vec<(Uuid, Uuid)> = db.fetch_all(&q.assignees).await?;
    let mut tasks_of = tasks_by_entity(tasks, assignees);
    Ok(entities
        .into_iter()
        .map(|e| {
            let t = tasks_of.remove(&e.id()).unwrap_or_default();
            (e, t)
        })
        .collect())
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
