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
}

fn truthy(v: &str) -> bool {
    matches!(v.to_ascii_lowercase().as_str(), "true" | "1" | "yes" | "on")
}

/// Parse a query string the way Zou's CRUD lists do. Unknown keys are
/// ignored; filters on columns are typed; malformed values are a 400.
pub fn parse_list_params(
    meta: &'static TableMeta,
    params: &[(String, String)],
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
                if let Some(col) = meta.column(k) {
                    preds.push(filter::rest_filter(meta, col, v)?);
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
pub struct ZouRow<'a, M> {
    pub row: &'a M,
    pub relations: Option<&'a [(&'static str, Vec<Uuid>)]>,
    pub fields: Option<&'a HashSet<String>>,
    /// Extra keys computed by the caller (e.g. `project_status_name`).
    pub extra: Option<&'a Map<String, Value>>,
}

impl<M: Model> serde::Serialize for ZouRow<'_, M> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        let keep = |k: &str| match self.fields {
            Some(f) => f.contains(k) || k == "id",
            None => true,
        };
        self.row.write_fields(&mut map, &keep)?;
        map.serialize_entry("type", self.row.zou_type())?;
        if let Some(extra) = self.extra {
            for (k, v) in extra {
                if keep(k) {
                    map.serialize_entry(k, v)?;
                }
            }
        }
        if let Some(rels) = self.relations {
            for (name, ids) in rels {
                if keep(name) {
                    map.serialize_entry(name, ids)?;
                }
            }
        }
        map.end()
    }
}

/// Serialize one row.
pub fn row_json<M: Model>(
    row: &M,
    relations: Option<&[(&'static str, Vec<Uuid>)]>,
) -> Result<Vec<u8>> {
    Ok(serde_json::to_vec(&ZouRow {
        row,
        relations,
        fields: None,
        extra: None,
    })?)
}

/// Relation id lists of every row matching `pred` (one statement per
/// relation, whatever the number of rows).
async fn relations_for_pred<M: Model>(
    s: &Session,
    pred: &Pred,
) -> Result<HashMap<Uuid, Vec<(&'static str, Vec<Uuid>)>>> {
    let meta = M::META;
    let mut out: HashMap<Uuid, Vec<(&'static str, Vec<Uuid>)>> = HashMap::new();
    let mut db = s.db();
    for (i, m) in meta.many.iter().enumerate() {
        let mut q = db.sql("SELECT ");
        q.ident(m.this)
            .push(", ")
            .ident(m.other)
            .push(" FROM ")
            .ident(m.link_table);
        q.push(" WHERE ")
            .ident(m.this)
            .push(" IN (SELECT ")
            .qualified(meta.table, "id");
        q.push(" FROM ").ident(meta.table);
        if !matches!(pred, Pred::True) {
            q.push(" WHERE ");
            pred.render(&mut q, meta.table);
        }
        q.push(")");
        for (this, other) in db.fetch_all::<(Uuid, Uuid)>(&q).await? {
            let entry = out
                .entry(this)
                .or_insert_with(|| meta.many.iter().map(|m| (m.name, Vec::new())).collect());
            entry[i].1.push(other);
        }
    }
    Ok(out)
}

fn empty_relations(meta: &TableMeta) -> Vec<(&'static str, Vec<Uuid>)> {
    meta.many.iter().map(|m| (m.name, Vec::new())).collect()
}

/// `GET /data/<collection>`.
pub async fn list<M: Hooks>(s: &Session, p: ListParams) -> Result<Body> {
    let meta = M::META;
    let pred = engine::list_pred::<M>(s, p.filter.clone()).await?;
    let fields: Option<HashSet<String>> = p.fields.clone().map(|f| f.into_iter().collect());
    let rels = if p.relations && !meta.many.is_empty() {
        Some(relations_for_pred::<M>(s, &pred).await?)
    } else {
        None
    };
    let empty = empty_relations(meta);

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
    let chunks = s.db.fetch_chunks::<M>(sql, 512);
    let rels = rels.map(std::sync::Arc::new);
    let mut first = true;
    let stream = chunks
        .map(move |chunk| -> Result<Bytes> {
            let rows = chunk?;
            let mut buf = Vec::with_capacity(rows.len() * 512 + 2);
            for r in &rows {
                buf.push(if first { b'[' } else { b',' });
                first = false;
                let rel = rels
                    .as_ref()
                    .map(|m| m.get(&r.id()).map(|v| v.as_slice()).unwrap_or(&empty));
                serde_json::to_writer(
                    &mut buf,
                    &ZouRow {
                        row: r,
                        relations: rel,
                        fields: fields.as_ref(),
                        extra: None,
                    },
                )?;
            }
            Ok(Bytes::from(buf))
        })
        .chain(futures::stream::once(async { Ok(Bytes::new()) }));
    // Close the array (or write `[]` for no rows) at the end.
    let opened = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let o2 = opened.clone();
    let stream = stream
        .map(move |c| {
            if let Ok(b) = &c {
                if !b.is_empty() {
                    o2.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }
            c
        })
        .filter(|c| futures::future::ready(!matches!(c, Ok(b) if b.is_empty())))
        .chain(futures::stream::once(async move {
            Ok(Bytes::from_static(
                if opened.load(std::sync::atomic::Ordering::Relaxed) {
                    b"]"
                } else {
                    b"[]"
                },
            ))
        }));
    Ok(Body::Stream(stream.boxed()))
}

/// `GET /data/<collection>/<id>` (relations on unless `relations=false`).
pub async fn get<M: Hooks>(s: &Session, id: Uuid, relations: bool) -> Result<Vec<u8>> {
    let row = engine::get::<M>(s, id).await?;
    let rels = if relations {
        Some(row_relations::<M>(s, id).await?)
    } else {
        None
    };
    row_json(&row, rels.as_deref())
}

async fn row_relations<M: Model>(s: &Session, id: Uuid) -> Result<Vec<(&'static str, Vec<Uuid>)>> {
    let mut db = s.db();
    let mut map = engine::relations::<M>(&mut db, &[id]).await?;
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
        if matches!(k.as_str(), "id" | "created_at" | "updated_at" | "type") {
            continue;
        }
        if let Some(col) = meta.column(k) {
            if col.secret {
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
    ins.push(") SELECT ")
        .bind(SqlValue::Uuid(Some(id)))
        .push(", \"id\" FROM ");
    ins.ident(rel.target_table)
        .push(" WHERE \"id\"")
        .in_uuids(ids);
    tx.execute(&ins).await?;
    Ok(())
}

/// `POST /data/<collection>`: 201 with the new row and its relations.
pub async fn create<M: Hooks>(s: &Session, body: Value) -> Result<Vec<u8>> {
    let (values, links) = parse_body(M::META, &body, true)?;
    let row = engine::create_with::<M>(s, values, |tx, row| {
        Box::pin(async move {
            for (rel, ids) in &links {
                set_links(tx, rel, row.id(), ids).await?;
            }
            Ok(())
        })
    })
    .await?;
    let rels = row_relations::<M>(s, row.id()).await?;
    row_json(&row, Some(&rels))
}

/// `PUT /data/<collection>/<id>`: 200 with the row, without relations.
pub async fn update<M: Hooks>(s: &Session, id: Uuid, body: Value) -> Result<Vec<u8>> {
    let (values, links) = parse_body(M::META, &body, false)?;
    let row = engine::update_with::<M>(s, id, values, |tx, row| {
        Box::pin(async move {
            for (rel, ids) in &links {
                set_links(tx, rel, row.id(), ids).await?;
            }
            Ok(())
        })
    })
    .await?;
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
        Box::pin(async move { list::<M>(s, parse_list_params(M::META, params)?).await })
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
