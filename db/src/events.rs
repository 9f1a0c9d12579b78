//! The event log: every write records a Zou event (`<model>:new|update|delete`)
//! in `api_event`, inside the write's own transaction, and publishes it on an
//! in-process bus once committed. GraphQL subscriptions and the change feed
//! read the bus and the table.

use crate::error::Result;
use crate::pool::Tx;
use crate::value::SqlValue;
use chrono::NaiveDateTime;
use serde_json::{Map, Value};
use tokio::sync::broadcast;
use uuid::Uuid;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Event {
    pub id: Uuid,
    pub name: String,
    pub data: Value,
    pub project_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    #[serde(serialize_with = "crate::fmt::ser_datetime")]
    pub created_at: NaiveDateTime,
}

/// A pending event, recorded by a transaction.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub name: String,
    pub data: Map<String, Value>,
    pub project_id: Option<Uuid>,
    /// `false` for Zou's non-persisted events (published only).
    pub persist: bool,
}

impl NewEvent {
    pub fn new(
        name: impl Into<String>,
        data: Map<String, Value>,
        project_id: Option<Uuid>,
    ) -> Self {
        NewEvent {
            name: name.into(),
            data,
            project_id,
            persist: true,
        }
    }
}

/// The in-process event bus. Cheap to clone.
#[derive(Clone)]
pub struct EventBus {
    tx: broadcast::Sender<Event>,
}

impl Default for EventBus {
    fn default() -> Self {
        EventBus {
            tx: broadcast::channel(4096).0,
        }
    }
}

impl EventBus {
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.tx.subscribe()
    }
    pub fn publish(&self, e: Event) {
        // No subscriber is not an error.
        let _ = self.tx.send(e);
    }
}

/// Insert the event row in `tx`; returns the event to publish after commit.
pub async fn record(tx: &mut Tx, user_id: Option<Uuid>, e: NewEvent) -> Result<Event> {
    let id = Uuid::new_v4();
    let now = crate::fmt::now();
    let mut data = e.data;
    if let Some(p) = e.project_id {
        data.insert("project_id".into(), Value::String(p.to_string()));
    }
    let name = e.name.to_lowercase();
    let data = Value::Object(data);
    if e.persist {
        let mut s = tx.sql(
            "INSERT INTO \"api_event\" (\"id\", \"created_at\", \"updated_at\", \"name\", \"user_id\", \"project_id\", \"data\") VALUES (",
        );
        s.bind(SqlValue::Uuid(Some(id))).push(", ");
        s.bind(SqlValue::Timestamp(Some(now))).push(", ");
        s.bind(SqlValue::Timestamp(Some(now))).push(", ");
        s.bind(SqlValue::Text(Some(name.clone()))).push(", ");
        s.bind(SqlValue::Uuid(user_id)).push(", ");
        s.bind(SqlValue::Uuid(e.project_id)).push(", ");
        s.bind(SqlValue::Json(Some(data.clone()))).push(")");
        tx.execute(&s).await?;
    }
    Ok(Event {
        id,
        name,
        data,
        project_id: e.project_id,
        user_id,
        created_at: now,
    })
}
