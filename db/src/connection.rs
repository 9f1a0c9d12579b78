//! Relay connections with keyset cursors, for every described table.
//!
//! `first`/`after` page forward and `last`/`before` page backward over a
//! stable order (the chosen column, then `id`). A cursor encodes the order
//! value and the id of a row, so a page never skips or repeats rows when
//! others are inserted meanwhile. `totalCount` is computed only when asked.

use crate::engine::{self, Hooks, Order, Session};
use crate::error::{Error, Result};
use crate::filter::{Op, Pred};
use crate::loaders::{Loaders, Prefetch};
use crate::model::{Column, TableMeta};
use crate::pool::Dialect;
use crate::sql::Sql;
use crate::value::SqlValue;
use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Enum, Object, OutputType};
use base64::Engine as _;
use chrono::NaiveDateTime;
use serde_json::Value;

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug, Default)]
pub enum OrderDirection {
    #[default]
    Asc,
    Desc,
}

/// The `totalCount` of a connection, counted only when selected.
pub struct TotalCount {
    meta: &'static TableMeta,
    pred: Pred,
    session: Session,
}

#[Object]
impl TotalCount {
    /// Number of rows matching the filter (all pages).
    async fn total_count(&self) -> async_graphql::Result<i64> {
        Ok(engine::count(&self.session.db, self.meta, &self.pred).await?)
    }
}

pub type Conn<M> = Connection<String, M, TotalCount>;

/// Arguments common to every list field.
#[derive(Default)]
pub struct Page {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
    pub updated_since: Option<NaiveDateTime>,
}

/// Largest page a client may ask for.
pub const MAX_PAGE: i64 = 10_000;

fn encode_cursor(v: &SqlValue, id: uuid::Uuid) -> String {
    let json = serde_json::json!([v.to_json(), id.to_string()]);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json.to_string())
}

fn decode_cursor(col: &Column, c: &str) -> Result<(SqlValue, uuid::Uuid)> {
    let bad = || Error::bad_request("Malformed cursor");
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(c)
        .map_err(|_| bad())?;
    let v: Value = serde_json::from_slice(&raw).map_err(|_| bad())?;
    let arr = v.as_array().filter(|a| a.len() == 2).ok_or_else(bad)?;
    let id = arr[1]
        .as_str()
        .and_then(|s| uuid::Uuid::parse_str(s).ok())
        .ok_or_else(bad)?;
    let value = col.kind.parse_json(col.name, &arr[0]).map_err(|_| bad())?;
    Ok((value, id))
}

/// Rows strictly after (`forward`) or before the cursor in the order.
fn keyset(
    dialect: Dialect,
    meta: &TableMeta,
    o: Order,
    v: SqlValue,
    id: uuid::Uuid,
    forward: bool,
) -> Pred {
    // Moving "forward" in a DESC order means smaller values.
    let greater = forward != o.desc;
    let (op, id_op) = if greater {
        (Op::Gt, " > ")
    } else {
        (Op::Lt, " < ")
    };
    let idv = SqlValue::Uuid(Some(id));
    let t = meta.table;
    let mut s = Sql::new(dialect);
    if o.column.name == "id" {
        s.qualified(t, "id").push(id_op).bind(idv);
        return Pred::Raw(s);
    }
    let c = o.column.name;
    // NULLs come first in ASC and last in DESC (see engine::order_sql).
    if v.is_null() {
        if greater {
            // Past the NULL block: the NULLs after this id, then every value.
            s.push("((")
                .qualified(t, c)
                .push(" IS NULL AND ")
                .qualified(t, "id")
                .push(id_op);
            s.bind(idv)
                .push(") OR ")
                .qualified(t, c)
                .push(" IS NOT NULL)");
        } else {
            s.push("(")
                .qualified(t, c)
                .push(" IS NULL AND ")
                .qualified(t, "id")
                .push(id_op);
            s.bind(idv).push(")");
        }
    } else {
        let opsql = if op == Op::Gt { " > " } else { " < " };
        s.push("(")
            .qualified(t, c)
            .push(opsql)
            .bind(v.clone())
            .push(" OR (");
        s.qualified(t, c)
            .push(" = ")
            .bind(v)
            .push(" AND ")
            .qualified(t, "id")
            .push(id_op);
        s.bind(idv).push(")");
        if !greater {
            // Going towards the NULL block.
            s.push(" OR ").qualified(t, c).push(" IS NULL");
        }
        s.push(")");
    }
    Pred::Raw(s)
}

/// Resolve a connection of `M`: scoped, filtered, ordered, paged, and with
/// the relations the query selects prefetched in one batch per relation.
pub async fn resolve<M: Hooks + Prefetch + OutputType>(
    ctx: &Context<'_>,
    s: &Session,
    filter: Option<Pred>,
    order: Option<(&'static Column, bool)>,
    page: Page,
) -> async_graphql::Result<Conn<M>> {
    resolve_as(ctx, s, filter, order, page, |m| m).await
}

/// `resolve`, answering each row as a view `V` of it (entity kinds).
pub async fn resolve_as<M: Hooks + Prefetch, V: OutputType>(
    ctx: &Context<'_>,
    s: &Session,
    filter: Option<Pred>,
    order: Option<(&'static Column, bool)>,
    page: Page,
    view: impl Fn(M) -> V,
) -> async_graphql::Result<Connection<String, V, TotalCount>> {
    let meta = M::META;
    let id_col = meta.column("id").ok_or_else(|| Error::internal("no id"))?;
    let (col, desc) = order.unwrap_or((id_col, false));
    let o = Order { column: col, desc };
    let mut preds = vec![engine::list_pred::<M>(s, filter).await?];
    if let Some(since) = page.updated_since {
        if let Some(u) = meta.column("updated_at") {
            preds.push(Pred::Cmp(u, Op::Gte, SqlValue::Timestamp(Some(since))));
        }
    }
    let base = Pred::and(preds);
    let mut page_preds = vec![base.clone()];
    let dialect = s.db.dialect();
    if let Some(a) = &page.after {
        let (v, id) = decode_cursor(col, a)?;
        page_preds.push(keyset(dialect, meta, o, v, id, true));
    }
    if let Some(b) = &page.before {
        let (v, id) = decode_cursor(col, b)?;
        page_preds.push(keyset(dialect, meta, o, v, id, false));
    }
    let backward = page.last.is_some() && page.first.is_none();
    let want = page.first.or(page.last).map(|n| n as i64).unwrap_or(100);
    if want < 0 {
        return Err(Error::bad_request("first and last must be positive").into());
    }
    let want = want.min(MAX_PAGE);
    let mut order_terms = vec![o];
    if col.name != "id" {
        order_terms.push(Order {
            column: id_col,
            desc,
        });
    }
    if backward {
        for t in &mut order_terms {
            t.desc = !t.desc;
        }
    }
    let q = engine::ListQuery {
        filter: None,
        order: order_terms,
        limit: Some(want + 1),
        offset: None,
    };
    let pred = Pred::and(page_preds);
    let sql = engine::list_sql(meta, &s.db, &pred, &q);
    let mut rows: Vec<M> = s.db().fetch_all(&sql).await?;
    let more = rows.len() as i64 > want;
    rows.truncate(want as usize);
    if backward {
        rows.reverse();
    }
    if let Ok(loaders) = ctx.data::<Loaders>() {
        let look = ctx.look_ahead();
        M::prefetch(loaders, &look.field("edges").field("node"), &rows).await?;
        M::prefetch(loaders, &look.field("nodes"), &rows).await?;
    }
    let (has_prev, has_next) = if backward {
        (more, page.before.is_some())
    } else {
        (page.after.is_some(), more)
    };
    let mut conn = Connection::with_additional_fields(
        has_prev,
        has_next,
        TotalCount {
            meta,
            pred: base,
            session: s.clone(),
        },
    );
    conn.edges.extend(rows.into_iter().map(|r| {
        let v = r.get(col.name).unwrap_or(SqlValue::Text(None));
        Edge::new(encode_cursor(&v, r.id()), view(r))
    }));
    Ok(conn)
}

/// Resolve a single row by id with its selected relations prefetched.
pub async fn resolve_one<M: Hooks + Prefetch>(
    ctx: &Context<'_>,
    s: &Session,
    id: uuid::Uuid,
) -> async_graphql::Result<Option<M>> {
    match engine::get::<M>(s, id).await {
        Ok(row) => {
            if let Ok(loaders) = ctx.data::<Loaders>() {
                M::prefetch(loaders, &ctx.look_ahead(), std::slice::from_ref(&row)).await?;
            }
            Ok(Some(row))
        }
        Err(Error::NotFound(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
