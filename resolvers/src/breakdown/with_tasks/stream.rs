//! Merging the entity, task and assignee streams of a view into the answer,
//! one chunk of entities at a time (`sql` explains the ranks).
//!
//! Each statement is read by `Db::fetch_chunks` (a background reader into
//! a bounded channel); rows are serialized as soon as an entity and its
//! tasks are complete, so memory stays flat whatever the size of the
//! project, and the first bytes leave before the last rows are read.

use super::rows::{with_assignees, EntityRow, Lookups, Ranked, TaskFull, TaskRow};
use super::sql::Queries;
use bytes::Bytes;
use futures::StreamExt;
use std::collections::HashMap;
use std::sync::Arc;
use tokio_stream::wrappers::ReceiverStream;
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

/// Reads one of the rank-ordered streams, handing out the rows of one rank
/// at a time.
struct Cursor<T> {
    rx: ReceiverStream<Result<Vec<T>>>,
    buf: std::vec::IntoIter<T>,
    head: Option<T>,
    done: bool,
}

impl<T: Ranked + Send + 'static> Cursor<T> {
    fn new(rx: ReceiverStream<Result<Vec<T>>>) -> Self {
        Cursor {
            rx,
            buf: Vec::new().into_iter(),
            head: None,
            done: false,
        }
    }

    async fn fill(&mut self) -> Result<()> {
        while self.head.is_none() {
            if let Some(x) = self.buf.next() {
                self.head = Some(x);
                return Ok(());
            }
            if self.done {
                return Ok(());
            }
            match self.rx.next().await {
                Some(Ok(chunk)) => self.buf = chunk.into_iter(),
                Some(Err(e)) => return Err(e),
                None => self.done = true,
            }
        }
        Ok(())
    }

    /// The rows of rank `rk` (rows of a lower rank, which no entity
    /// claims, are skipped).
    async fn take(&mut self, rk: i64) -> Result<Vec<T>> {
        let mut out = Vec::new();
        loop {
            self.fill().await?;
            match self.head.take() {
                Some(h) if h.rank() < rk => {}
                Some(h) if h.rank() == rk => out.push(h),
                other => {
                    self.head = other;
                    return Ok(out);
                }
            }
        }
    }
}

/// Writes one entity with its tasks (as an array when `compact`).
pub(crate) type Writer<E> =
    fn(&mut Vec<u8>, &E, &[TaskFull], &Lookups, bool) -> serde_json::Result<()>;

struct State<E: EntityRow> {
    entities: ReceiverStream<Result<Vec<E>>>,
    tasks: Cursor<TaskRow>,
    lk: Arc<Lookups>,
    frame: Frame,
    write: Writer<E>,
    opened: bool,
    first: bool,
}

impl<E: EntityRow + Send + 'static> State<E> {
    async fn chunk(&mut self, rows: Vec<E>) -> Result<Bytes> {
        let mut buf = Vec::with_capacity(rows.len() * 1024);
        for e in rows {
            let tasks = with_assignees(self.tasks.take(e.rank()).await?);
            if !self.first {
                buf.extend_from_slice(self.frame.sep);
            }
            self.first = false;
            (self.write)(&mut buf, &e, &tasks, &self.lk, self.frame.compact)?;
            buf.extend_from_slice(self.frame.end);
        }
        Ok(Bytes::from(buf))
    }
}

/// Entities read per chunk (one chunk of output each).
const ENTITY_CHUNK: usize = 256;
/// Task rows read per chunk.
const TASK_CHUNK: usize = 2048;

/// Start the two statements and answer their merge, framed by `frame`.
pub(crate) fn merged<E: EntityRow + Send + 'static>(
    db: &Db,
    q: Queries,
    lk: Lookups,
    frame: Frame,
    write: Writer<E>,
) -> Body {
    let state = State {
        entities: db.fetch_chunks::<E>(q.entities, ENTITY_CHUNK),
        tasks: Cursor::new(db.fetch_chunks::<TaskRow>(q.tasks, TASK_CHUNK)),
        lk: Arc::new(lk),
        frame,
        write,
        opened: false,
        first: true,
    };
    let stream = futures::stream::unfold(Some(state), |st| async move {
        let mut st = st?;
        if !st.opened {
            st.opened = true;
            let open = Bytes::from(std::mem::take(&mut st.frame.open));
            return Some((Ok(open), Some(st)));
        }
        match st.entities.next().await {
            None => Some((Ok(Bytes::from_static(st.frame.close)), None)),
            Some(Err(e)) => Some((Err(e), None)),
            Some(Ok(rows)) => match st.chunk(rows).await {
                Ok(b) => Some((Ok(b), Some(st))),
                Err(e) => Some((Err(e), None)),
            },
        }
    });
    Body::Stream(stream.boxed())
}

/// Read a whole (small) result: the two statements one after the other,
/// merged in memory. For detail GETs and other one-entity answers.
pub(crate) async fn collect<E: EntityRow>(db: &Db, q: Queries) -> Result<Vec<(E, Vec<TaskFull>)>> {
    let mut db = db.clone();
    let entities: Vec<E> = db.fetch_all(&q.entities).await?;
    let tasks: Vec<TaskRow> = db.fetch_all(&q.tasks).await?;
    let mut tasks_of: HashMap<i64, Vec<TaskRow>> = HashMap::new();
    for t in tasks {
        tasks_of.entry(t.rk).or_default().push(t);
    }
    Ok(entities
        .into_iter()
        .map(|e| {
            let t = tasks_of.remove(&e.rank()).unwrap_or_default();
            (e, with_assignees(t))
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
