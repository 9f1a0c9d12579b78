//! The generic engine: list, get, create, update and delete any described
//! table, with permissions, transactions and the event log.
//!
//! Both the generated GraphQL fields and the REST façade (through GraphQL)
//! end here, so the rules applied are the same whatever the entry point.

use crate::error::{Error, Result};
use crate::events::{self, Event, EventBus, NewEvent};
use crate::filter::Pred;
use crate::model::{Column, Model, TableMeta};
use crate::policy::{self, Action, Principal, RowFacts, Rule};
use crate::pool::{Db, Tx};
use crate::sql::Sql;
use crate::value::SqlValue;
use serde_json::{Map, Value};

use std::future::Future;
use std::sync::Arc;
use uuid::Uuid;

/// Everything a request carries: its database handle (with its own
/// statement counter), its caller, and the event bus.
#[derive(Clone)]
pub struct Session {
    pub db: Db,
    pub principal: Principal,
    pub bus: EventBus,
    /// Events committed by this request, published when it ends.
    pub published: Arc<std::sync::Mutex<Vec<Event>>>,
}

impl Session {
    pub fn new(db: Db, principal: Principal, bus: EventBus) -> Self {
        Session {
            db,
            principal,
            bus,
            published: Arc::default(),
        }
    }

    pub fn actor_id(&self) -> Option<Uuid> {
        match &self.principal {
            Principal::Actor(a) => Some(a.id),
            _ => None,
        }
    }

    /// A database handle that counts into this request's counter.
    pub fn db(&self) -> Db {
        self.db.clone()
    }

    /// Commit `tx` and publish the events it recorded.
    pub async fn commit(&self, tx: Tx, events: Vec<Event>) -> Result<()> {
        tx.commit().await?;
        for e in events {
            self.bus.publish(e.clone());
            if let Ok(mut p) = self.published.lock() {
                p.push(e);
            }
        }
        Ok(())
    }

    /// Record an event in `tx` under this session's user.
    pub async fn record(&self, tx: &mut Tx, e: NewEvent) -> Result<Event> {
        events::record(tx, self.actor_id(), e).await
    }
}

/// Column values to write.
pub type Assignments = Vec<(&'static Column, SqlValue)>;

/// Assignments from `(column, value)` pairs of `meta` (unknown columns are
/// a programming error and panic in debug builds).
pub fn assignments(meta: &'static TableMeta, pairs: Vec<(&str, SqlValue)>) -> Assignments {
    pairs
        .into_iter()
        .filter_map(|(name, v)| {
            let col = meta.column(name);
            debug_assert!(col.is_some(), "{} has no column {name}", meta.table);
            col.map(|c| (c, v))
        })
        .collect()
}

/// Reading and changing [`Assignments`] by column name (for hooks).
pub trait AssignmentsExt {
    /// The value assigned to `name`, if any.
    fn get(&self, name: &str) -> Option<&SqlValue>;
    /// The text assigned to `name`, if any (and not null).
    fn text(&self, name: &str) -> Option<&str>;
    /// Assign `value` to `name` (replacing an earlier assignment).
    fn set(&mut self, meta: &'static TableMeta, name: &str, value: SqlValue);
}

impl AssignmentsExt for Assignments {
    fn get(&self, name: &str) -> Option<&SqlValue> {
        self.iter().find(|(c, _)| c.name == name).map(|(_, v)| v)
    }
    fn text(&self, name: &str) -> Option<&str> {
        match AssignmentsExt::get(self, name) {
            Some(SqlValue::Text(Some(s))) => Some(s.as_str()),
            _ => None,
        }
    }
    fn set(&mut self, meta: &'static TableMeta, name: &str, value: SqlValue) {
        let Some(col) = meta.column(name) else { return };
        self.retain(|(c, _)| c.name != name);
        self.push((col, value));
    }
}

/// Per-table behaviour beyond the generic engine. Every method has a
/// default; `#[model(hooks)]` lets a table implement the trait by hand.
pub trait Hooks: Model {
    /// Decide a `Rule::Custom` permission (and add checks to others).
    fn check(
        _s: &Session,
        _action: Action,
        _row: Option<&Self>,
        _values: Option<&Assignments>,
    ) -> impl Future<Output = Result<()>> + Send {
        async { Err(Error::forbidden()) }
    }

    /// Adjust or validate the values of a new row.
    fn before_create(
        _s: &Session,
        _tx: &mut Tx,
        _values: &mut Assignments,
    ) -> impl Future<Output = Result<()>> + Send {
        async { Ok(()) }
    }

    /// Write what a new row brings with it, in its transaction (a tv show's
    /// first episode…).
    fn after_create(
        _s: &Session,
        _tx: &mut Tx,
        _row: &Self,
    ) -> impl Future<Output = Result<()>> + Send {
        async { Ok(()) }
    }

    /// Adjust or validate an update of `old`.
    fn before_update(
        _s: &Session,
        _tx: &mut Tx,
        _old: &Self,
        _values: &mut Assignments,
    ) -> impl Future<Output = Result<()>> + Send {
        async { Ok(()) }
    }

    /// Refuse or prepare a deletion.
    fn before_delete(
        _s: &Session,
        _tx: &mut Tx,
        _row: &Self,
    ) -> impl Future<Output = Result<()>> + Send {
        async { Ok(()) }
    }

    /// The type Zou answers a POST with, when it differs from the row's
    /// (entities answer `Entity`).
    const POST_TYPE: Option<&'static str> = None;
    /// Whether list rows carry the relations without `relations=true`
    /// (for this caller).
    fn list_relations(_s: &Session) -> bool {
        false
    }
    /// Whether the POST answer carries the relations.
    const POST_RELATIONS: bool = true;
    /// Columns identifying a row for Zou's upserting POST (link tables).
    const UPSERT: &'static [&'static str] = &[];
    /// Whether events name the row's project even when it is not a column
    /// of the row (resolved through `ProjectOf`).
    const EVENT_PROJECT: bool = false;

    /// Secret columns a REST body may set (the person's password, hashed by
    /// the table's hooks).
    const WRITABLE_SECRETS: &'static [&'static str] = &[];

    /// Work to do before a REST list (Zou fills the salary grid).
    fn before_list(_s: &Session) -> impl Future<Output = Result<()>> + Send {
        async { Ok(()) }
    }

    /// A predicate narrowing lists for this caller, beyond the rules'.
    fn list_scope(_s: &Session) -> impl Future<Output = Result<Option<Pred>>> + Send {
        async { Ok(None) }
    }

    /// The keys of Zou's JSON this caller may see (`None`: all); `one` for
    /// GET one.
    fn visible_keys(_s: &Session, _one: bool) -> Option<&'static [&'static str]> {
        None
    }

    /// Load what serializing `rows` needs (caches), before it starts.
    fn prepare(_s: &Session, _rows: &[Self]) -> impl Future<Output = Result<()>> + Send {
        async { Ok(()) }
    }

    /// Keys GET one adds to the row (Zou's computed fields).
    fn get_extra(
        _s: &Session,
        _row: &Self,
    ) -> impl Future<Output = Result<Map<String, Value>>> + Send {
        async { Ok(Map::new()) }
    }

    /// The event a write emits: name and payload. Zou's default is
    /// `<event>:<action>` with `{<event_with_underscores>_id: id}`, plus the
    /// project id when the row has one.
    fn event(&self, action: &str) -> NewEvent {
        let mut data = Map::new();
        data.insert(
            format!("{}_id", Self::META.event.replace('-', "_")),
            Value::String(self.id().to_string()),
        );
        NewEvent::new(
            format!("{}:{}", Self::META.event, action),
            data,
            self.project_id(),
        )
    }
}

/// Ordering of a list.
#[derive(Debug, Clone, Copy)]
pub struct Order {
    pub column: &'static Column,
    pub desc: bool,
}

/// A list request, as the engine understands it.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub filter: Option<Pred>,
    pub order: Vec<Order>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

fn select_from(meta: &TableMeta, db: &Db) -> Sql {
    let mut s = db.sql("SELECT ");
    s.push(&meta.select_list(Some(meta.table)))
        .push(" FROM ")
        .ident(meta.table);
    s
}

fn order_sql(s: &mut Sql, meta: &TableMeta, order: &[Order]) {
    if order.is_empty() {
        return;
    }
    s.push(" ORDER BY ");
    for (i, o) in order.iter().enumerate() {
        if i > 0 {
            s.push(", ");
        }
        s.qualified(meta.table, o.column.name);
        // The same NULL placement in both dialects.
        s.push(if o.desc {
            " DESC NULLS LAST"
        } else {
            " ASC NULLS FIRST"
        });
    }
}

/// Check a permission, deferring `Custom` rules to the table's hook.
pub async fn authorize<M: Hooks>(
    s: &Session,
    action: Action,
    row: Option<&M>,
    values: Option<&Assignments>,
    facts: RowFacts,
) -> Result<()> {
    let rule = M::META.rules.rule(action);
    if rule == Rule::Custom {
        // Custom rules still require a caller, and admins pass.
        if let Principal::Actor(a) = &s.principal {
            if a.is_admin() {
                return Ok(());
            }
        }
        s.principal.actor()?;
        return M::check(s, action, row, values).await;
    }
    if matches!(
        rule,
        Rule::TaskActor | Rule::TaskActorNoClient | Rule::EntityAssigneeOrManager
    ) {
        let lookup = |c: &str| match (row, values) {
            (Some(r), _) => r.get(c),
            (None, Some(v)) => v
                .iter()
                .find(|(col, _)| col.name == c)
                .map(|(_, x)| x.clone()),
            _ => None,
        };
        return policy::check_with_db(&mut s.db(), &s.principal, M::META, rule, facts, &lookup)
            .await;
    }
    policy::check(&s.principal, rule, facts)
}

/// The permission-scoped predicate for listing `M`.
pub async fn list_pred<M: Hooks>(s: &Session, filter: Option<Pred>) -> Result<Pred> {
    list_pred_in::<M>(s, filter, None).await
}

/// `list_pred` for a list narrowed to one project (Zou lets some project
/// lists through only when they are filtered by project).
pub async fn list_pred_in<M: Hooks>(
    s: &Session,
    filter: Option<Pred>,
    project: Option<Uuid>,
) -> Result<Pred> {
    let facts = RowFacts {
        project_id: project,
        person_id: None,
    };
    authorize::<M>(s, Action::List, None, None, facts).await?;
    let scope = policy::list_scope(&s.principal, M::META, s.db.dialect())?;
    let own = M::list_scope(s).await?.unwrap_or(Pred::True);
    Ok(Pred::and(vec![scope, own, filter.unwrap_or(Pred::True)]))
}

/// The SELECT for a list (permission checks already applied in `pred`).
pub fn list_sql(meta: &TableMeta, db: &Db, pred: &Pred, q: &ListQuery) -> Sql {
    let mut s = select_from(meta, db);
    if !matches!(pred, Pred::True) {
        s.push(" WHERE ");
        pred.render(&mut s, meta.table);
    }
    order_sql(&mut s, meta, &q.order);
    if let Some(l) = q.limit {
        s.push(" LIMIT ").bind(SqlValue::BigInt(Some(l)));
    }
    if let Some(o) = q.offset {
        if q.limit.is_none() {
            s.push(" LIMIT -1");
        }
        s.push(" OFFSET ").bind(SqlValue::BigInt(Some(o)));
    }
    s
}

/// Rows of `M` the caller may see.
pub async fn list<M: Hooks>(s: &Session, q: ListQuery) -> Result<Vec<M>> {
    let pred = list_pred::<M>(s, q.filter.clone()).await?;
    let sql = list_sql(M::META, &s.db, &pred, &q);
    s.db().fetch_all(&sql).await
}

/// How many rows match (same scoping as `list`).
pub async fn count(db: &Db, meta: &TableMeta, pred: &Pred) -> Result<i64> {
    let mut s = db.sql("SELECT COUNT(*) FROM ");
    s.ident(meta.table);
    if !matches!(pred, Pred::True) {
        s.push(" WHERE ");
        pred.render(&mut s, meta.table);
    }
    db.clone().fetch_scalar::<i64>(&s).await
}

/// Fetch one row by id without any permission check.
pub async fn find<M: Model>(db: &mut Db, id: Uuid) -> Result<Option<M>> {
    let mut s = select_from(M::META, db);
    s.push(" WHERE ")
        .qualified(M::META.table, "id")
        .push(" = ")
        .bind(SqlValue::Uuid(Some(id)));
    db.fetch_optional(&s).await
}

async fn find_in_tx<M: Model>(tx: &mut Tx, id: Uuid) -> Result<Option<M>> {
    let mut s = tx.sql("SELECT ");
    s.push(&M::META.select_list(None))
        .push(" FROM ")
        .ident(M::META.table);
    s.push(" WHERE \"id\" = ").bind(SqlValue::Uuid(Some(id)));
    tx.fetch_optional(&s).await
}

fn not_found(_meta: &TableMeta) -> Error {
    Error::not_found()
}

/// The facts the policy needs about an existing row.
pub async fn facts_of<M: Model>(db: &mut Db, row: &M) -> Result<RowFacts> {
    let project_id = policy::project_of(db, M::META, &|c| row.get(c)).await?;
    Ok(RowFacts {
        project_id,
        person_id: row.get("person_id").and_then(|v| v.as_uuid()),
    })
}

async fn facts_of_values(db: &mut Db, meta: &TableMeta, values: &Assignments) -> Result<RowFacts> {
    let lookup = |c: &str| {
        values
            .iter()
            .find(|(col, _)| col.name == c)
            .map(|(_, v)| v.clone())
    };
    let project_id = policy::project_of(db, meta, &lookup).await?;
    Ok(RowFacts {
        project_id,
        person_id: lookup("person_id").and_then(|v| v.as_uuid()),
    })
}

/// One row the caller may read.
pub async fn get<M: Hooks>(s: &Session, id: Uuid) -> Result<M> {
    let mut db = s.db();
    let row = find::<M>(&mut db, id)
        .await?
        .ok_or_else(|| not_found(M::META))?;
    let facts = facts_of(&mut db, &row).await?;
    authorize::<M>(s, Action::Get, Some(&row), None, facts).await?;
    check_vendor_reach::<M>(s, &mut db, &row).await?;
    Ok(row)
}

/// Vendors may only read single rows that their list scope would show.
async fn check_vendor_reach<M: Model>(s: &Session, db: &mut Db, row: &M) -> Result<()> {
    let Principal::Actor(actor) = &s.principal else {
        return Ok(());
    };
    if actor.is_admin() || M::META.rules.vendor == policy::VendorScope::None {
        return Ok(());
    }
    let project = policy::project_of(db, M::META, &|c| row.get(c)).await?;
    let is_vendor_here = match project.and_then(|p| actor.project_role(p)) {
        Some(r) => r == policy::Role::Vendor,
        None => actor.role == policy::Role::Vendor,
    };
    if !is_vendor_here {
        return Ok(());
    }
    let scope = policy::list_scope(&s.principal, M::META, db.dialect())?;
    let mut sql = db.sql("SELECT COUNT(*) FROM ");
    sql.ident(M::META.table)
        .push(" WHERE ")
        .qualified(M::META.table, "id")
        .push(" = ");
    sql.bind(SqlValue::Uuid(Some(row.id()))).push(" AND ");
    scope.render(&mut sql, M::META.table);
    if db.fetch_scalar::<i64>(&sql).await? == 0 {
        return Err(Error::forbidden());
    }
    Ok(())
}

/// Columns a write may never set directly.
fn is_protected_on_update(c: &Column) -> bool {
    c.is_audit() || c.name == "project_id" || c.protected
}

/// The event of a write, with the project resolved when the table asks.
fn event_of<M: Hooks>(row: &M, action: &str, facts: RowFacts) -> NewEvent {
    let mut ev = row.event(action);
    if M::EVENT_PROJECT && ev.project_id.is_none() {
        ev.project_id = facts.project_id;
    }
    ev
}

/// The row whose `keys` columns equal those of `values` (for upserts).
async fn find_by<M: Model>(tx: &mut Tx, keys: &[&str], values: &Assignments) -> Result<Option<M>> {
    let mut s = tx.sql("SELECT ");
    s.push(&M::META.select_list(None))
        .push(" FROM ")
        .ident(M::META.table)
        .push(" WHERE 1=1");
    for k in keys {
        match values.iter().find(|(c, _)| c.name == *k) {
            Some((_, v)) if !v.is_null() => {
                s.push(" AND ").ident(k).push(" = ").bind(v.clone());
            }
            _ => return Ok(None),
        }
    }
    tx.fetch_optional(&s).await
}

/// Insert a row of `M` with `values`, inside `tx`, recording its event.
pub async fn insert<M: Model>(tx: &mut Tx, values: &Assignments) -> Result<M> {
    let now = crate::fmt::now();
    let meta = M::META;
    let mut s = tx.sql("INSERT INTO ");
    s.ident(meta.table).push(" (");
    let mut cols: Vec<&str> = Vec::new();
    let mut vals: Vec<SqlValue> = Vec::new();
    let explicit_id = values
        .iter()
        .find(|(c, _)| c.name == "id")
        .map(|(_, v)| v.clone());
    if meta.audit {
        cols.extend(["id", "created_at", "updated_at"]);
        vals.push(explicit_id.unwrap_or(SqlValue::Uuid(Some(Uuid::new_v4()))));
        let created = values
            .iter()
            .find(|(c, _)| c.name == "created_at")
            .map(|(_, v)| v.clone());
        vals.push(created.unwrap_or(SqlValue::Timestamp(Some(now))));
        vals.push(SqlValue::Timestamp(Some(now)));
    }
    for (c, v) in values {
        if meta.audit && c.is_audit() {
            continue;
        }
        cols.push(c.name);
        vals.push(v.clone());
    }
    for (i, c) in cols.iter().enumerate() {
        if i > 0 {
            s.push(", ");
        }
        s.ident(c);
    }
    if cols.is_empty() {
        s.push(") DEFAULT VALUES");
    } else {
        s.push(") VALUES ").bind_list(vals);
    }
    s.push(" RETURNING ").push(&meta.select_list(None));
    tx.fetch_one(&s).await
}

/// Create a row: permission, hooks, insert, event, all in one transaction.
pub async fn create<M: Hooks>(s: &Session, values: Assignments) -> Result<M> {
    create_with::<M>(s, values, |_, _| Box::pin(async { Ok(()) })).await
}

/// `create`, running `after` in the same transaction (e.g. to write links).
pub async fn create_with<M: Hooks>(
    s: &Session,
    values: Assignments,
    after: impl for<'t> FnOnce(&'t mut Tx, &'t M) -> futures::future::BoxFuture<'t, Result<()>> + Send,
) -> Result<M> {
    create_inner::<M>(s, values, after, true).await
}

/// `create_with` for a route that has already checked its own permission
/// (Zou's hand-written routes often allow more than the table's CRUD rule:
/// a manager may add metadata descriptors to a project, for instance).
pub async fn create_checked<M: Hooks>(
    s: &Session,
    values: Assignments,
    after: impl for<'t> FnOnce(&'t mut Tx, &'t M) -> futures::future::BoxFuture<'t, Result<()>> + Send,
) -> Result<M> {
    create_inner::<M>(s, values, after, false).await
}

async fn create_inner<M: Hooks>(
    s: &Session,
    mut values: Assignments,
    after: impl for<'t> FnOnce(&'t mut Tx, &'t M) -> futures::future::BoxFuture<'t, Result<()>> + Send,
    check: bool,
) -> Result<M> {
    let meta = M::META;
    values.retain(|(c, _)| !(meta.audit && c.is_audit()));
    // Zou records who created entities, playlists…
    if let (Some(col), Some(me)) = (meta.column("created_by"), s.actor_id()) {
        if !values.iter().any(|(c, _)| c.name == "created_by") {
            values.push((col, SqlValue::Uuid(Some(me))));
        }
    }
    let mut db = s.db();
    let facts = facts_of_values(&mut db, meta, &values).await?;
    if check {
        authorize::<M>(s, Action::Create, None, Some(&values), facts).await?;
    }
    let mut tx = s.db.begin().await?;
    M::before_create(s, &mut tx, &mut values).await?;
    let existing = match M::UPSERT {
        [] => None,
        keys => find_by::<M>(&mut tx, keys, &values).await?,
    };
    let row: M = match existing {
        Some(old) => update_in_tx(&mut tx, old.id(), &values).await?,
        None => insert(&mut tx, &values).await?,
    };
    after(&mut tx, &row).await?;
    M::after_create(s, &mut tx, &row).await?;
    let ev = s.record(&mut tx, event_of::<M>(&row, "new", facts)).await?;
    s.commit(tx, vec![ev]).await?;
    Ok(row)
}

/// Update a row: permission on the stored row, protected fields dropped,
/// hooks, update, event, all in one transaction.
pub async fn update<M: Hooks>(s: &Session, id: Uuid, values: Assignments) -> Result<M> {
    update_with::<M>(s, id, values, |_, _| Box::pin(async { Ok(()) })).await
}

/// `update`, running `after` in the same transaction.
pub async fn update_with<M: Hooks>(
    s: &Session,
    id: Uuid,
    values: Assignments,
    after: impl for<'t> FnOnce(&'t mut Tx, &'t M) -> futures::future::BoxFuture<'t, Result<()>> + Send,
) -> Result<M> {
    update_inner::<M>(s, id, values, after, true).await
}

/// `update_with` for a route that has already checked its own permission.
pub async fn update_checked<M: Hooks>(
    s: &Session,
    id: Uuid,
    values: Assignments,
    after: impl for<'t> FnOnce(&'t mut Tx, &'t M) -> futures::future::BoxFuture<'t, Result<()>> + Send,
) -> Result<M> {
    update_inner::<M>(s, id, values, after, false).await
}

async fn update_inner<M: Hooks>(
    s: &Session,
    id: Uuid,
    mut values: Assignments,
    after: impl for<'t> FnOnce(&'t mut Tx, &'t M) -> futures::future::BoxFuture<'t, Result<()>> + Send,
    check: bool,
) -> Result<M> {
    let meta = M::META;
    let mut db = s.db();
    let old = find::<M>(&mut db, id)
        .await?
        .ok_or_else(|| not_found(meta))?;
    let facts = facts_of(&mut db, &old).await?;
    if check {
        authorize::<M>(s, Action::Update, Some(&old), Some(&values), facts).await?;
        check_vendor_reach::<M>(s, &mut db, &old).await?;
    }
    values.retain(|(c, _)| !is_protected_on_update(c));
    let mut tx = s.db.begin().await?;
    M::before_update(s, &mut tx, &old, &mut values).await?;
    let row: M = update_in_tx(&mut tx, id, &values).await?;
    after(&mut tx, &row).await?;
    let ev = s
        .record(&mut tx, event_of::<M>(&row, "update", facts))
        .await?;
    s.commit(tx, vec![ev]).await?;
    Ok(row)
}

/// `UPDATE … SET … RETURNING …` inside a transaction (no permission check).
pub async fn update_in_tx<M: Model>(tx: &mut Tx, id: Uuid, values: &Assignments) -> Result<M> {
    let meta = M::META;
    if values.is_empty() && !meta.audit {
        return find_in_tx(tx, id).await?.ok_or_else(|| not_found(meta));
    }
    let mut s = tx.sql("UPDATE ");
    s.ident(meta.table).push(" SET ");
    let mut first = true;
    for (c, v) in values {
        if c.is_audit() {
            continue;
        }
        if !first {
            s.push(", ");
        }
        first = false;
        s.ident(c.name).push(" = ").bind(v.clone());
    }
    if meta.audit {
        if !first {
            s.push(", ");
        }
        s.push("\"updated_at\" = ")
            .bind(SqlValue::Timestamp(Some(crate::fmt::now())));
    }
    s.push(" WHERE \"id\" = ").bind(SqlValue::Uuid(Some(id)));
    s.push(" RETURNING ").push(&meta.select_list(None));
    tx.fetch_optional(&s).await?.ok_or_else(|| not_found(meta))
}

/// Delete a row: permission, hooks, delete, event, in one transaction.
pub async fn delete<M: Hooks>(s: &Session, id: Uuid) -> Result<M> {
    delete_inner::<M>(s, id, true).await
}

/// `delete` for a route that has already checked its own permission.
pub async fn delete_checked<M: Hooks>(s: &Session, id: Uuid) -> Result<M> {
    delete_inner::<M>(s, id, false).await
}

async fn delete_inner<M: Hooks>(s: &Session, id: Uuid, check: bool) -> Result<M> {
    let meta = M::META;
    let mut db = s.db();
    let row = find::<M>(&mut db, id)
        .await?
        .ok_or_else(|| not_found(meta))?;
    let facts = facts_of(&mut db, &row).await?;
    if check {
        authorize::<M>(s, Action::Delete, Some(&row), None, facts).await?;
        check_vendor_reach::<M>(s, &mut db, &row).await?;
    }
    let mut tx = s.db.begin().await?;
    M::before_delete(s, &mut tx, &row).await?;
    let mut sql = tx.sql("DELETE FROM ");
    sql.ident(meta.table)
        .push(" WHERE \"id\" = ")
        .bind(SqlValue::Uuid(Some(id)));
    tx.execute(&sql).await?;
    let ev = s
        .record(&mut tx, event_of::<M>(&row, "delete", facts))
        .await?;
    s.commit(tx, vec![ev]).await?;
    Ok(row)
}
