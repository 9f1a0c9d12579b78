//! Zou's generic CRUD semantics (`/data/<collection>`), for any table.
//!
//! `behaviours.md` §4–5: bare arrays or a page envelope, query-string
//! filters, `relations=true`, `fields=`, bodies parsed against the column
//! kinds, relations given as ids or `{id}` objects, and the JSON shape of a
//! row. The REST façade reaches these through GraphQL (the hidden `_rest`
//! fields), so permissions are the engine's, whatever the entry point.

use crate::engine::{self, Assignments, Hooks, ListQuery, Order, Session};
use crate::error::{Error, Result};
use crate::filter::{self, Pred};
use crate::model::{ManyToMany, Model, TableMeta};
use crate::out::{MapOut, Out, Raw};
use crate::pool::{Db, FromSqlRow};
use crate::value::SqlValue;
use bytes::Bytes;
use futures::future::BoxFuture;
use futures::stream::BoxStream;
use futures::StreamExt;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::marker::PhantomData;
use uuid::Uuid;

/// Relation id lists from a request body: which relation, which ids.
pub type Links = Vec<(&'static ManyToMany, Vec<Uuid>)>;

/// A response body: bytes already written, or a stream of chunks.
pub enum Body {
    Full(Vec<u8>),
    Stream(BoxStream<'static, Result<Bytes>>),
}

/// Zou's list options, parsed from the query string.
#[derive(Debug, Default, Clone)]
pub struct ListParams {
    pub page: Option<i64>,
    pub limit: Option<i64>,
    pub relations: bool,
    pub fields: Option<Vec<String>>,
    pub filter: Option<Pred>,
    /// The project the list is filtered on (`project_id=`), if any.
    pub project: Option<Uuid>,
}

fn truthy(v: &str) -> bool {
    matches!(v.to_ascii_lowercase().as_str(), "true" | "1" | "yes" | "on")
}

/// Parse a query string the way Zou's CRUD lists do. Unknown keys are
/// ignored; filters on columns are typed; malformed values are a 400.
pub fn parse_list_params(
    meta: &'static TableMeta,
    params: &[(String, String)],
    dialect: crate::pool::Dialect,
) -> Result<ListParams> {
    let mut p = ListParams::default();
    let mut preds = Vec::new();
    for (k, v) in params {
        match k.as_str() {
            "page" => {
                let n: i64 = v
                    .trim()
                    .parse()
                    .map_err(|_| Error::Invalid("page must be an integer.".into()))?;
                p.page = Some(n);
            }
            "limit" => {
                let n: i64 = v
                    .trim()
                    .parse()
                    .map_err(|_| Error::Invalid("limit must be an integer.".into()))?;
                p.limit = Some(n);
            }
            "relations" => p.relations = truthy(v),
            "fields" => {
                p.fields = Some(
                    v.split(',')
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty())
                        .collect(),
                )
            }
            _ => {
                if k == "project_id" {
                    p.project = crate::value::parse_hyphenated(v.trim());
                }
                if let Some(col) = meta.column(k) {
                    preds.push(filter::rest_filter(meta, col, v)?);
                } else if k == "project_id"
                    && matches!(meta.rules.project, crate::policy::ProjectOf::Via(..))
                {
                    // Not a column of the table, but Zou narrows the rows
                    // to the project anyway (schedule version task links).
                    let project = crate::value::parse_uuid(v.trim())?;
                    preds.push(crate::policy::project_pred(meta, dialect, &[project]));
                } else if let Some(rel) = meta.many.iter().find(|m| m.name == k) {
                    let ids: Vec<SqlValue> = parse_id_list(v)?
                        .into_iter()
                        .map(|u| SqlValue::Uuid(Some(u)))
                        .collect();
                    preds.push(Pred::LinkedTo {
                        link_table: rel.link_table,
                        this: rel.this,
                        other: rel.other,
                        ids,
                    });
                }
            }
        }
    }
    if !preds.is_empty() {
        p.filter = Some(Pred::and(preds));
    }
    Ok(p)
}

fn parse_id_list(v: &str) -> Result<Vec<Uuid>> {
    let v = v.trim();
    if v.starts_with('[') {
        let items: Vec<String> =
            serde_json::from_str(v).map_err(|_| Error::bad_request("Wrong id list"))?;
        items.iter().map(|s| crate::value::parse_uuid(s)).collect()
    } else {
        Ok(vec![crate::value::parse_uuid(v)?])
    }
}

/// A row as Zou serializes it, with optional relations and field selection.
/// Relation values of one row, by name, as Zou serializes them.
pub type Rels = Vec<(&'static str, Value)>;

pub struct ZouRow<'a, M> {
    pub row: &'a M,
    pub relations: Option<&'a [(&'static str, Value)]>,
    pub fields: Option<&'a HashSet<String>>,
    /// Extra keys computed by the caller (e.g. `project_status_name`).
    pub extra: Option<&'a Map<String, Value>>,
    pub type_override: Option<&'a str>,
}

impl<M: Model> ZouRow<'_, M> {
    /// The object's keys, in Zou's order.
    fn write<O: Out>(&self, out: &mut O) -> std::result::Result<(), O::Error> {
        let keep = |k: &str| match self.fields {
            Some(f) => f.contains(k) || k == "id",
            None => true,
        };
        self.row.write_fields(out, &keep)?;
        out.put("type", self.type_override.unwrap_or(self.row.zou_type()))?;
        if let Some(extra) = self.extra {
            for (k, v) in extra {
                if keep(k) {
                    out.put(k, v)?;
                }
            }
        }
        if let Some(rels) = self.relations {
            for (name, ids) in rels {
                if keep(name) {
                    out.put(name, ids)?;
                }
            }
        }
        Ok(())
    }

    /// The object, appended to `buf` as JSON: byte for byte what
    /// `serde_json` writes for it, faster (`crate::out::Raw`).
    pub fn write_json(&self, buf: &mut Vec<u8>) -> serde_json::Result<()> {
        buf.push(b'{');
        self.write(&mut Raw::new(buf))?;
        buf.push(b'}');
        Ok(())
    }
}

impl<M: Model> serde::Serialize for ZouRow<'_, M> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        self.write(&mut MapOut(&mut map))?;
        map.end()
    }
}

/// Serialize one row.
pub fn row_json<M: Model>(row: &M, relations: Option<&[(&'static str, Value)]>) -> Result<Vec<u8>> {
    Ok(serde_json::to_vec(&ZouRow {
        row,
        relations,
        fields: None,
        extra: None,
        type_override: None,
    })?)
}

/// Rows of `M` by id, serialized without relations (many-to-one relations
/// of other tables use it).
pub async fn rows_json<M: Model>(db: Db, ids: Vec<Uuid>) -> Result<HashMap<Uuid, Value>> {
    let mut db = db;
    let meta = M::META;
    let mut q = db.sql("SELECT ");
    q.push(&meta.select_list(None))
        .push(" FROM ")
        .ident(meta.table)
        .push(" WHERE \"id\"")
        .in_uuids(&ids);
    let rows: Vec<M> = db.fetch_all(&q).await?;
    let mut out = HashMap::new();
    for r in rows {
        out.insert(r.id(), serde_json::to_value(&r)?);
    }
    Ok(out)
}

/// The keys to keep: those asked for (`fields=`) among those visible.
fn keep_set(
    asked: Option<Vec<String>>,
    visible: Option<&'static [&'static str]>,
) -> Option<HashSet<String>> {
    match (asked, visible) {
        (None, None) => None,
        (Some(a), None) => Some(a.into_iter().collect()),
        (None, Some(v)) => Some(v.iter().map(|k| k.to_string()).collect()),
        (Some(a), Some(v)) => Some(a.into_iter().filter(|k| v.contains(&k.as_str())).collect()),
    }
}

/// Which rows relations are loaded for.
pub enum RowSet<'a> {
    /// Rows matching a predicate (a whole list).
    Pred(&'a Pred),
    Ids(&'a [Uuid]),
}

fn render_rows(q: &mut crate::sql::Sql, meta: &TableMeta, rows: &RowSet) {
    q.push(" IN (SELECT ")
        .qualified(meta.table, "id")
        .push(" FROM ")
        .ident(meta.table);
    match rows {
        RowSet::Ids(ids) => {
            q.push(" WHERE ").qualified(meta.table, "id").in_uuids(ids);
        }
        RowSet::Pred(pred) => {
            if !matches!(pred, Pred::True) {
                q.push(" WHERE ");
                pred.render(q, meta.table);
            }
        }
    }
    q.push(")");
}

/// The relations Zou serializes for every row of `rows`: many-to-many and
/// one-to-many id lists, many-to-one objects. One statement per relation
/// (plus one per many-to-one target), whatever the number of rows.
pub async fn relations<M: Model>(s: &Session, rows: RowSet<'_>) -> Result<HashMap<Uuid, Rels>> {
    relations_of::<M>(s, rows, true).await
}

/// `relations`, or only the many-to-one objects (which Zou's list rows
/// always carry) when `lists` is false.
pub async fn relations_of<M: Model>(
    s: &Session,
    rows: RowSet<'_>,
    lists: bool,
) -> Result<HashMap<Uuid, Rels>> {
    let all = relations_all::<M>(s, rows, lists).await?;
    if lists {
        return Ok(all);
    }
    let keep: Vec<&str> = M::META
        .rest_relations
        .iter()
        .filter(|r| matches!(r, crate::model::RestRelation::ManyToOne { .. }))
        .map(|r| r.name())
        .collect();
    Ok(all
        .into_iter()
        .map(|(k, v)| (k, v.into_iter().filter(|(n, _)| keep.contains(n)).collect()))
        .collect())
}

async fn relations_all<M: Model>(
    s: &Session,
    rows: RowSet<'_>,
    with_lists: bool,
) -> Result<HashMap<Uuid, Rels>> {
    let meta = M::META;
    let n = meta.many.len() + meta.rest_relations.len();
    let n_many = meta.many.len();
    let mut lists: HashMap<Uuid, Vec<Vec<Uuid>>> = HashMap::new();
    let mut objects: HashMap<Uuid, Vec<Option<Value>>> = HashMap::new();
    let mut db = s.db();
    let push = |lists: &mut HashMap<Uuid, Vec<Vec<Uuid>>>, i: usize, this: Uuid, other: Uuid| {
        lists.entry(this).or_insert_with(|| vec![Vec::new(); n])[i].push(other);
    };
    for (i, m) in meta.many.iter().enumerate() {
        if !with_lists {
            break;
        }
        let mut q = db.sql("SELECT ");
        q.ident(m.this)
            .push(", ")
            .ident(m.other)
            .push(" FROM ")
            .ident(m.link_table);
        q.push(" WHERE ").ident(m.this);
        render_rows(&mut q, meta, &rows);
        for (this, other) in db.fetch_all::<(Uuid, Uuid)>(&q).await? {
            push(&mut lists, i, this, other);
        }
    }
    for (j, r) in meta.rest_relations.iter().enumerate() {
        let i = n_many + j;
        match r {
            crate::model::RestRelation::OneToMany { .. } if !with_lists => {}
            crate::model::RestRelation::OneToMany { table, column, .. } => {
                let mut q = db.sql("SELECT ");
                q.ident(column)
                    .push(", \"id\" FROM ")
                    .ident(table)
                    .push(" WHERE ")
                    .ident(column);
                render_rows(&mut q, meta, &rows);
                for (this, other) in db.fetch_all::<(Uuid, Uuid)>(&q).await? {
                    push(&mut lists, i, this, other);
                }
            }
            crate::model::RestRelation::ManyToOne { column, load, .. } => {
                let mut q = db.sql("SELECT \"id\", ");
                q.ident(column)
                    .push(" FROM ")
                    .ident(meta.table)
                    .push(" WHERE \"id\"");
                render_rows(&mut q, meta, &rows);
                let pairs = db.fetch_all::<(Uuid, Option<Uuid>)>(&q).await?;
                let targets: Vec<Uuid> = pairs.iter().filter_map(|p| p.1).collect();
                let loaded = if targets.is_empty() {
                    HashMap::new()
                } else {
                    load(db.clone(), targets).await?
                };
                for (this, target) in pairs {
                    let v = target.and_then(|t| loaded.get(&t).cloned());
                    objects.entry(this).or_insert_with(|| vec![None; n])[i] = v;
                }
            }
        }
    }
    let mut ids: Vec<Uuid> = lists.keys().chain(objects.keys()).copied().collect();
    ids.sort();
    ids.dedup();
    let mut out = HashMap::new();
    for id in ids {
        out.insert(id, rels_of(meta, lists.get(&id), objects.get(&id)));
    }
    Ok(out)
}

fn rels_of(
    meta: &TableMeta,
    lists: Option<&Vec<Vec<Uuid>>>,
    objects: Option<&Vec<Option<Value>>>,
) -> Rels {
    let n_many = meta.many.len();
    meta.many
        .iter()
        .map(|m| m.name)
        .chain(meta.rest_relations.iter().map(|r| r.name()))
        .enumerate()
        .map(|(i, name)| {
            let is_object = i >= n_many
                && matches!(
                    meta.rest_relations[i - n_many],
                    crate::model::RestRelation::ManyToOne { .. }
                );
            let v = if is_object {
                objects.and_then(|o| o[i].clone()).unwrap_or(Value::Null)
            } else {
                let ids = lists.map(|l| l[i].clone()).unwrap_or_default();
                Value::from(ids.iter().map(|u| u.to_string()).collect::<Vec<_>>())
            };
            (name, v)
        })
        .collect()
}

/// The relations of a row that has none: empty lists and nulls.
pub fn empty_relations(meta: &TableMeta) -> Rels {
    rels_of(meta, None, None)
}

fn has_relations(meta: &TableMeta) -> bool {
    !meta.many.is_empty() || !meta.rest_relations.is_empty()
}

/// `GET /data/<collection>`.
pub async fn list<M: Hooks>(s: &Session, p: ListParams) -> Result<Body> {
    let meta = M::META;
    M::before_list(s).await?;
    let pred = engine::list_pred_in::<M>(s, p.filter.clone(), p.project).await?;
    let fields = keep_set(p.fields.clone(), M::visible_keys(s, false));
    let with_lists = p.relations || M::list_relations(s);
    let has_objects = meta
        .rest_relations
        .iter()
        .any(|r| matches!(r, crate::model::RestRelation::ManyToOne { .. }));
    let rels = if (with_lists && has_relations(meta)) || has_objects {
        Some(relations_of::<M>(s, RowSet::Pred(&pred), with_lists).await?)
    } else {
        None
    };
    let empty: Rels = if with_lists {
        empty_relations(meta)
    } else {
        empty_relations(meta)
            .into_iter()
            .filter(|(_, v)| v.is_null())
            .collect()
    };
    M::prepare(s, &[]).await?;

    if let Some(page) = p.page.filter(|n| *n >= 1) {
        // Zou's envelope, ordered by last change.
        let limit = p.limit.filter(|l| *l > 0).unwrap_or(100);
        let offset = (page - 1) * limit;
        let order = ["updated_at", "created_at"]
            .iter()
            .filter_map(|c| meta.column(c))
            .map(|c| Order {
                column: c,
                desc: true,
            })
            .chain(meta.column("id").map(|c| Order {
                column: c,
                desc: false,
            }))
            .collect();
        let q = ListQuery {
            filter: None,
            order,
            limit: Some(limit),
            offset: Some(offset),
        };
        let sql = engine::list_sql(meta, &s.db, &pred, &q);
        let rows: Vec<M> = s.db().fetch_all(&sql).await?;
        let total = engine::count(&s.db, meta, &pred).await?;
        let nb_pages = if total == 0 {
            0
        } else {
            (total + limit - 1) / limit
        };
        let data: Vec<ZouRow<M>> = rows
            .iter()
            .map(|r| ZouRow {
                row: r,
                relations: rels
                    .as_ref()
                    .map(|m| m.get(&r.id()).map(|v| v.as_slice()).unwrap_or(&empty)),
                fields: fields.as_ref(),
                extra: None,
                type_override: None,
            })
            .collect();
        let body = serde_json::json!({
            "data": data,
            "total": total,
            "nb_pages": nb_pages,
            "limit": limit,
            "offset": offset,
            "page": page,
        });
        return Ok(Body::Full(serde_json::to_vec(&body)?));
    }

    // A bare array, streamed from the database.
    let sql = engine::list_sql(meta, &s.db, &pred, &ListQuery::default());
    Ok(stream_array::<M, _>(&s.db, sql, move |buf, r| {
        let rel = rels
            .as_ref()
            .map(|m| m.get(&r.id()).map(|v| v.as_slice()).unwrap_or(&empty));
        ZouRow {
            row: r,
            relations: rel,
            fields: fields.as_ref(),
            extra: None,
            type_override: None,
        }
        .write_json(buf)
    }))
}

/// Rows read per chunk of a streamed list (one chunk of output each).
const LIST_CHUNK: usize = 512;

/// A JSON array of the rows `sql` selects, each written by `write`,
/// streamed: rows are read and serialized a chunk at a time while the
/// previous chunk is sent, so memory stays flat whatever the number of rows.
pub fn stream_array<M, W>(db: &Db, sql: crate::sql::Sql, mut write: W) -> Body
where
    M: FromSqlRow,
    W: FnMut(&mut Vec<u8>, &M) -> serde_json::Result<()> + Send + 'static,
{
    let mut first = true;
    let rows = db
        .fetch_chunks::<M>(sql, LIST_CHUNK)
        .map(move |chunk| -> Result<Bytes> {
            let rows = chunk?;
            let mut buf = Vec::with_capacity(rows.len() * 512 + 1);
            for r in &rows {
                buf.push(if first { b'[' } else { b',' });
                first = false;
                write(&mut buf, r)?;
            }
            Ok(Bytes::from(buf))
        });
    // `[` opens the array with its first row: close with `]`, or answer
    // `[]` when there was none.
    let opened = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let seen = opened.clone();
    let stream = rows
        .inspect(move |c| {
            if matches!(c, Ok(b) if !b.is_empty()) {
                seen.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        })
        .chain(futures::stream::once(async move {
            Ok(Bytes::from_static(
                if opened.load(std::sync::atomic::Ordering::Relaxed) {
                    b"]"
                } else {
                    b"[]"
                },
            ))
        }));
    Body::Stream(stream.boxed())
}

/// `GET /data/<collection>/<id>` (relations on unless `relations=false`).
pub async fn get<M: Hooks>(s: &Session, id: Uuid, relations: bool) -> Result<Vec<u8>> {
    let row = engine::get::<M>(s, id).await?;
    M::prepare(s, std::slice::from_ref(&row)).await?;
    let rels = if relations {
        Some(row_relations::<M>(s, id).await?)
    } else {
        None
    };
    let extra = M::get_extra(s, &row).await?;
    let fields = keep_set(None, M::visible_keys(s, true));
    Ok(serde_json::to_vec(&ZouRow {
        row: &row,
        relations: rels.as_deref(),
        fields: fields.as_ref(),
        extra: Some(&extra),
        type_override: None,
    })?)
}

async fn row_relations<M: Model>(s: &Session, id: Uuid) -> Result<Rels> {
    let mut map = relations::<M>(s, RowSet::Ids(&[id])).await?;
    Ok(map.remove(&id).unwrap_or_else(|| empty_relations(M::META)))
}

/// Split a Zou JSON body into column assignments and relation id lists.
/// `id`, `created_at` and `updated_at` are dropped. Unknown keys are a 400
/// on create (`strict`) and ignored on update, as in Zou.
pub fn parse_body(
    meta: &'static TableMeta,
    body: &Value,
    strict: bool,
) -> Result<(Assignments, Links)> {
    parse_body_with(meta, body, strict, &[])
}

/// `parse_body`, keeping the `writable` secret columns as raw text (for
/// the table's hooks to transform, e.g. hash a password).
pub fn parse_body_with(
    meta: &'static TableMeta,
    body: &Value,
    strict: bool,
    writable: &[&str],
) -> Result<(Assignments, Links)> {
    let obj = body.as_object().ok_or_else(|| {
        Error::CrudBadRequest(format!(
            "{}.create() argument after ** must be a mapping, not {}",
            meta.gql_name,
            match body {
                Value::Array(_) => "list",
                Value::String(_) => "str",
                Value::Number(_) => "int",
                Value::Bool(_) => "bool",
                _ => "NoneType",
            }
        ))
    })?;
    let mut values = Vec::new();
    let mut links = Vec::new();
    for (k, v) in obj {
        if matches!(k.as_str(), "id" | "created_at" | "updated_at")
            || (k == "type" && !meta.has_column("type"))
        {
            continue;
        }
        if let Some(col) = meta.column(k) {
            if col.secret {
                if writable.contains(&k.as_str()) {
                    if let Some(text) = v.as_str() {
                        values.push((col, SqlValue::Text(Some(text.to_owned()))));
                    }
                }
                continue;
            }
            values.push((col, col.kind.parse_json(col.name, v)?));
        } else if let Some(rel) = meta.many.iter().find(|m| m.name == k) {
            let items = match v {
                Value::Array(a) => a.clone(),
                Value::Null => vec![],
                other => vec![other.clone()],
            };
            let mut ids = Vec::new();
            for it in items {
                let s = match &it {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_owned),
                    _ => None,
                };
                match s.and_then(|s| Uuid::parse_str(&s).ok()) {
                    Some(u) => ids.push(u),
                    None => {
                        return Err(Error::CrudBadRequest(format!("Wrong value for field {k}.")))
                    }
                }
            }
            links.push((rel, ids));
        } else if strict {
            return Err(Error::CrudBadRequest(format!(
                "'{k}' is an invalid keyword argument for {}",
                meta.gql_name
            )));
        }
    }
    Ok((values, links))
}

/// Replace the links of `id` through `rel` with `ids` (unknown ids are
/// dropped, as Zou does).
pub async fn set_links(
    tx: &mut crate::pool::Tx,
    rel: &ManyToMany,
    id: Uuid,
    ids: &[Uuid],
) -> Result<()> {
    let mut del = tx.sql("DELETE FROM ");
    del.ident(rel.link_table)
        .push(" WHERE ")
        .ident(rel.this)
        .push(" = ")
        .bind(SqlValue::Uuid(Some(id)));
    tx.execute(&del).await?;
    if ids.is_empty() {
        return Ok(());
    }
    let mut ins = tx.sql("INSERT INTO ");
    ins.ident(rel.link_table)
        .push(" (")
        .ident(rel.this)
        .push(", ")
        .ident(rel.other);
    if rel.link_audit {
        ins.push(", \"id\", \"created_at\", \"updated_at\"");
    }
    ins.push(") SELECT ")
        .bind(SqlValue::Uuid(Some(id)))
        .push(", \"id\"");
    if rel.link_audit {
        // Link rows with their own id (entity_link, project_task_type_link…).
        let now = SqlValue::Timestamp(Some(crate::fmt::now()));
        let new_id = match tx.dialect() {
            crate::pool::Dialect::Postgres => "gen_random_uuid()",
            crate::pool::Dialect::Sqlite => "randomblob(16)",
        };
        ins.push(", ")
            .push(new_id)
            .push(", ")
            .bind(now.clone())
            .push(", ")
            .bind(now);
    }
    // Unknown ids are dropped, as Zou does.
    ins.push(" FROM ")
        .ident(rel.target_table)
        .push(" WHERE \"id\"")
        .in_uuids(ids);
    tx.execute(&ins).await?;
    Ok(())
}

/// `POST /data/<collection>`: 201 with the new row and its relations.
pub async fn create<M: Hooks>(s: &Session, body: Value) -> Result<Vec<u8>> {
    let (values, links) = parse_body_with(M::META, &body, true, M::WRITABLE_SECRETS)?;
    let row = engine::create_with::<M>(s, values, |tx, row| {
        Box::pin(async move {
            for (rel, ids) in &links {
                set_links(tx, rel, row.id(), ids).await?;
            }
            Ok(())
        })
    })
    .await?;
    M::prepare(s, std::slice::from_ref(&row)).await?;
    let rels = if M::POST_RELATIONS {
        Some(row_relations::<M>(s, row.id()).await?)
    } else {
        None
    };
    Ok(serde_json::to_vec(&ZouRow {
        row: &row,
        relations: rels.as_deref(),
        fields: None,
        extra: None,
        type_override: M::POST_TYPE,
    })?)
}

/// `PUT /data/<collection>/<id>`: 200 with the row, without relations.
pub async fn update<M: Hooks>(s: &Session, id: Uuid, body: Value) -> Result<Vec<u8>> {
    let (values, links) = parse_body_with(M::META, &body, false, M::WRITABLE_SECRETS)?;
    let row = engine::update_with::<M>(s, id, values, |tx, row| {
        Box::pin(async move {
            for (rel, ids) in &links {
                set_links(tx, rel, row.id(), ids).await?;
            }
            Ok(())
        })
    })
    .await?;
    M::prepare(s, std::slice::from_ref(&row)).await?;
    row_json(&row, None)
}

/// Object-safe access to the generic operations of one table, so that the
/// REST façade can dispatch on a collection name.
pub trait ModelOps: Send + Sync {
    fn meta(&self) -> &'static TableMeta;
    fn list<'a>(
        &'a self,
        s: &'a Session,
        params: &'a [(String, String)],
    ) -> BoxFuture<'a, Result<Body>>;
    fn get<'a>(
        &'a self,
        s: &'a Session,
        id: Uuid,
        relations: bool,
    ) -> BoxFuture<'a, Result<Vec<u8>>>;
    fn create<'a>(&'a self, s: &'a Session, body: Value) -> BoxFuture<'a, Result<Vec<u8>>>;
    fn update<'a>(
        &'a self,
        s: &'a Session,
        id: Uuid,
        body: Value,
    ) -> BoxFuture<'a, Result<Vec<u8>>>;
    fn delete<'a>(&'a self, s: &'a Session, id: Uuid) -> BoxFuture<'a, Result<()>>;
}

pub struct Ops<M>(PhantomData<fn() -> M>);

impl<M> Ops<M> {
    pub const NEW: Ops<M> = Ops(PhantomData);
}

impl<M: Hooks> ModelOps for Ops<M> {
    fn meta(&self) -> &'static TableMeta {
        M::META
    }
    fn list<'a>(
        &'a self,
        s: &'a Session,
        params: &'a [(String, String)],
    ) -> BoxFuture<'a, Result<Body>> {
        Box::pin(
            async move { list::<M>(s, parse_list_params(M::META, params, s.db.dialect())?).await },
        )
    }
    fn get<'a>(
        &'a self,
        s: &'a Session,
        id: Uuid,
        relations: bool,
    ) -> BoxFuture<'a, Result<Vec<u8>>> {
        Box::pin(get::<M>(s, id, relations))
    }
    fn create<'a>(&'a self, s: &'a Session, body: Value) -> BoxFuture<'a, Result<Vec<u8>>> {
        Box::pin(create::<M>(s, body))
    }
    fn update<'a>(
        &'a self,
        s: &'a Session,
        id: Uuid,
        body: Value,
    ) -> BoxFuture<'a, Result<Vec<u8>>> {
        Box::pin(update::<M>(s, id, body))
    }
    fn delete<'a>(&'a self, s: &'a Session, id: Uuid) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move { engine::delete::<M>(s, id).await.map(|_| ()) })
    }
}

/// Rows as Zou JSON objects, for hand-written routes that add keys of
/// their own: with their relations (one statement per relation, whatever
/// the number of rows) when `relations`, narrowed to `keys` when given.
pub async fn json_maps<M: Model>(
    s: &Session,
    rows: &[M],
    relations: bool,
    keys: Option<&[&str]>,
) -> Result<Vec<Map<String, Value>>> {
    let rels = if relations && !rows.is_empty() {
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id()).collect();
        relations_all::<M>(s, RowSet::Ids(&ids), true).await?
    } else {
        HashMap::new()
    };
    let fields: Option<HashSet<String>> = keys.map(|k| k.iter().map(|k| k.to_string()).collect());
    let empty = empty_relations(M::META);
    rows.iter()
        .map(|row| {
            let v = serde_json::to_value(ZouRow {
                row,
                relations: if relations {
                    Some(rels.get(&row.id()).map(Vec::as_slice).unwrap_or(&empty))
                } else {
                    None
                },
                fields: fields.as_ref(),
                extra: None,
                type_override: None,
            })?;
            match v {
                Value::Object(m) => Ok(m),
                _ => Ok(Map::new()),
            }
        })
        .collect()
}

/// One row as a Zou JSON object (no relations).
pub fn json_map<M: Model>(row: &M) -> Result<Map<String, Value>> {
    match serde_json::to_value(ZouRow {
        row,
        relations: None,
        fields: None,
        extra: None,
        type_override: None,
    })? {
        Value::Object(m) => Ok(m),
        _ => Ok(Map::new()),
    }
}
