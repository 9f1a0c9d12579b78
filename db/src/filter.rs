//! The filter language: a predicate tree, its GraphQL inputs, and its SQL.
//!
//! GraphQL clients write `filter: {name: {startsWith: "SH"}, or: [...]}`;
//! REST query strings become the same tree (see `rest.rs`). Every leaf
//! compares one described column (or one key of a JSON column) with bound
//! values: no input ever reaches the SQL text.

use crate::error::{Error, Result};
use crate::model::{Column, TableMeta};
use crate::pool::Dialect;
use crate::sql::Sql;
use crate::value::{Kind, SqlValue};
use async_graphql::{InputObject, Json, MaybeUndefined, ID};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
}

impl Op {
    fn sql(self) -> &'static str {
        match self {
            Op::Eq => " = ",
            Op::Ne => " <> ",
            Op::Lt => " < ",
            Op::Lte => " <= ",
            Op::Gt => " > ",
            Op::Gte => " >= ",
        }
    }
}

/// A predicate over the rows of one table.
#[derive(Debug, Clone)]
pub enum Pred {
    True,
    False,
    And(Vec<Pred>),
    Or(Vec<Pred>),
    Not(Box<Pred>),
    Cmp(&'static Column, Op, SqlValue),
    In(&'static Column, Vec<SqlValue>),
    IsNull(&'static Column, bool),
    /// Case-insensitive LIKE pattern (backslash escapes wildcards).
    Like(&'static Column, String),
    /// A key of a JSON column compared as text (`eq`, `ne`, `like`) or as a
    /// number (`lt`…`gte`).
    JsonKey(&'static Column, String, JsonTest),
    /// `column IN (SELECT other FROM link WHERE this = ?)`: rows linked, through
    /// a many-to-many table, to one of the given ids.
    LinkedTo {
        link_table: &'static str,
        this: &'static str,
        other: &'static str,
        ids: Vec<SqlValue>,
    },
    /// A fragment built by trusted code (policy scopes), already rendered for
    /// the dialect, referring to the table by its name.
    Raw(Sql),
}

#[derive(Debug, Clone)]
pub enum JsonTest {
    Text(Op, String),
    Number(Op, f64),
    Like(String),
    In(Vec<String>),
    Exists(bool),
}

impl Pred {
    pub fn and(preds: Vec<Pred>) -> Pred {
        let mut v: Vec<Pred> = preds
            .into_iter()
            .filter(|p| !matches!(p, Pred::True))
            .collect();
        if v.iter().any(|p| matches!(p, Pred::False)) {
            return Pred::False;
        }
        match v.len() {
            0 => Pred::True,
            1 => v.pop().unwrap_or(Pred::True),
            _ => Pred::And(v),
        }
    }

    /// Render as SQL for `table` (columns are qualified with the table name).
    pub fn render(&self, sql: &mut Sql, table: &str) {
        match self {
            Pred::True => {
                sql.push("1=1");
            }
            Pred::False => {
                sql.push("1=0");
            }
            Pred::And(ps) | Pred::Or(ps) => {
                let sep = if matches!(self, Pred::And(_)) {
                    " AND "
                } else {
                    " OR "
                };
                if ps.is_empty() {
                    sql.push(if matches!(self, Pred::And(_)) {
                        "1=1"
                    } else {
                        "1=0"
                    });
                    return;
                }
                sql.push("(");
                for (i, p) in ps.iter().enumerate() {
                    if i > 0 {
                        sql.push(sep);
                    }
                    p.render(sql, table);
                }
                sql.push(")");
            }
            Pred::Not(p) => {
                sql.push("NOT (");
                p.render(sql, table);
                sql.push(")");
            }
            Pred::Cmp(c, op, v) => {
                if v.is_null() {
                    // `= NULL` never matches in SQL; Zou's `?x=null` never
                    // arrives here (it is parsed as IsNull).
                    sql.push(if *op == Op::Ne { "1=1" } else { "1=0" });
                    return;
                }
                sql.qualified(table, c.name).push(op.sql()).bind(v.clone());
            }
            Pred::In(c, vs) => {
                sql.qualified(table, c.name)
                    .push(" IN ")
                    .bind_list(vs.iter().cloned());
            }
            Pred::IsNull(c, is) => {
                sql.qualified(table, c.name)
                    .push(if *is { " IS NULL" } else { " IS NOT NULL" });
            }
            Pred::Like(c, pattern) => {
                sql.qualified(table, c.name);
                let op = sql.ilike();
                sql.push(op).bind(SqlValue::Text(Some(pattern.clone())));
                like_escape_clause(sql);
            }
            Pred::JsonKey(c, key, test) => render_json_key(sql, table, c, key, test),
            Pred::LinkedTo {
                link_table,
                this,
                other,
                ids,
            } => {
                sql.qualified(table, "id")
                    .push(" IN (SELECT ")
                    .ident(this)
                    .push(" FROM ");
                sql.ident(link_table)
                    .push(" WHERE ")
                    .ident(other)
                    .push(" IN ");
                sql.bind_list(ids.iter().cloned()).push(")");
            }
            Pred::Raw(frag) => {
                sql.push("(");
                sql.append(frag);
                sql.push(")");
            }
        }
    }
}

/// SQLite's LIKE has no escape character unless told; Postgres uses `\`.
fn like_escape_clause(sql: &mut Sql) {
    if sql.dialect == Dialect::Sqlite {
        sql.push(" ESCAPE '\\'");
    }
}

fn json_text(sql: &mut Sql, table: &str, c: &Column, key: &str) {
    match sql.dialect {
        Dialect::Postgres => {
            sql.push("(").qualified(table, c.name).push(" ->> ");
            sql.bind(SqlValue::Text(Some(key.to_owned()))).push(")");
        }
        Dialect::Sqlite => {
            sql.push("CAST(");
            sqlite_extract(sql, table, c, key);
            sql.push(" AS TEXT)");
        }
    }
}

/// SQLite: the SQL value under `key` of a JSON column. The key is
/// compared with the object's keys (`json_each`), never written into a JSON
/// path, so any key is exact: quotes, dots, brackets, `$`…
fn sqlite_extract(sql: &mut Sql, table: &str, c: &Column, key: &str) {
    sqlite_each(sql, table, c, key, "value");
}

/// SQLite: the JSON type of the value under `key` (see [`sqlite_extract`]).
fn sqlite_type(sql: &mut Sql, table: &str, c: &Column, key: &str) {
    sqlite_each(sql, table, c, key, "type");
}

fn sqlite_each(sql: &mut Sql, table: &str, c: &Column, key: &str, what: &str) {
    sql.push("(SELECT je.")
        .push(what)
        .push(" FROM json_each(")
        .qualified(table, c.name)
        .push(") je WHERE je.key = ");
    sql.bind(SqlValue::Text(Some(key.to_owned()))).push(")");
}

fn render_json_key(sql: &mut Sql, table: &str, c: &Column, key: &str, test: &JsonTest) {
    match test {
        JsonTest::Text(op, v) => {
            json_text(sql, table, c, key);
            sql.push(op.sql()).bind(SqlValue::Text(Some(v.clone())));
        }
        JsonTest::Like(p) => {
            json_text(sql, table, c, key);
            let op = sql.ilike();
            sql.push(op).bind(SqlValue::Text(Some(p.clone())));
            like_escape_clause(sql);
        }
        JsonTest::In(vs) => {
            json_text(sql, table, c, key);
            sql.push(" IN ")
                .bind_list(vs.iter().map(|v| SqlValue::Text(Some(v.clone()))));
        }
        JsonTest::Exists(e) => {
            json_text(sql, table, c, key);
            sql.push(if *e { " IS NOT NULL" } else { " IS NULL" });
        }
        // Numbers compare as numbers, and so do texts holding a plain
        // decimal number (Kitsu stores metadata typed in forms as text);
        // anything else never matches.
        JsonTest::Number(op, n) => match sql.dialect {
            Dialect::Postgres => {
                let value = |sql: &mut Sql, arrow: &str| {
                    sql.qualified(table, c.name).push(arrow);
                    sql.bind(SqlValue::Text(Some(key.to_owned())));
                };
                sql.push("(CASE WHEN jsonb_typeof(");
                value(sql, " -> ");
                sql.push(") = 'number' THEN (");
                value(sql, " ->> ");
                sql.push(")::double precision WHEN jsonb_typeof(");
                value(sql, " -> ");
                sql.push(") = 'string' AND (");
                value(sql, " ->> ");
                sql.push(") ~ ")
                    .bind(SqlValue::Text(Some(DECIMAL_TEXT.to_owned())));
                sql.push(" THEN trim(");
                value(sql, " ->> ");
                sql.push(")::double precision END)")
                    .push(op.sql())
                    .bind(SqlValue::Float(Some(*n)));
            }
            Dialect::Sqlite => {
                let extract = |sql: &mut Sql| sqlite_extract(sql, table, c, key);
                let trimmed = |sql: &mut Sql| {
                    sql.push("trim(");
                    extract(sql);
                    sql.push(")");
                };
                let unsigned = |sql: &mut Sql| {
                    sql.push("ltrim(");
                    trimmed(sql);
                    sql.push(", '+-')");
                };
                sql.push("(CASE WHEN ");
                sqlite_type(sql, table, c, key);
                sql.push(" IN ('integer', 'real') THEN ");
                extract(sql);
                // Text: at most one sign, then digits with at most one point.
                sql.push(" WHEN ");
                sqlite_type(sql, table, c, key);
                sql.push(" = 'text' AND length(");
                trimmed(sql);
                sql.push(") - length(");
                unsigned(sql);
                sql.push(") <= 1 AND ");
                unsigned(sql);
                sql.push(" NOT IN ('', '.') AND NOT (");
                unsigned(sql);
                sql.push(" GLOB '*[^0-9.]*') AND NOT (");
                unsigned(sql);
                sql.push(" GLOB '*.*.*') THEN CAST(");
                trimmed(sql);
                sql.push(" AS REAL) END)");
                sql.push(op.sql()).bind(SqlValue::Float(Some(*n)));
            }
        },
    }
}

/// A text holding a plain decimal number (Postgres regular expression).
const DECIMAL_TEXT: &str = r"^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)\s*$";

// ---------------------------------------------------------------------------
// GraphQL filter inputs, one per column kind. The per-model filter input
// generated by `#[model]` has one optional field of these types per column,
// plus `and`, `or` and `not`.

fn leaf(col: &'static Column, preds: &mut Vec<Pred>, op: Op, v: Option<SqlValue>) {
    if let Some(v) = v {
        preds.push(Pred::Cmp(col, op, v));
    }
}

fn null_test(col: &'static Column, preds: &mut Vec<Pred>, is_null: Option<bool>) {
    if let Some(n) = is_null {
        preds.push(Pred::IsNull(col, n));
    }
}

/// Conversion of one column filter into predicates.
pub trait ColumnFilter {
    fn to_pred(&self, col: &'static Column) -> Result<Pred>;
}

fn parse_id(id: &ID) -> Result<SqlValue> {
    Ok(SqlValue::Uuid(Some(crate::value::parse_uuid(id.as_str())?)))
}

/// Filter on an id or a foreign key.
#[derive(InputObject, Default, Debug, Clone)]
pub struct IdFilter {
    pub eq: Option<ID>,
    pub ne: Option<ID>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<ID>>,
    pub not_in: Option<Vec<ID>>,
    pub is_null: Option<bool>,
}

impl ColumnFilter for IdFilter {
    fn to_pred(&self, col: &'static Column) -> Result<Pred> {
        let mut p = Vec::new();
        leaf(
            col,
            &mut p,
            Op::Eq,
            self.eq.as_ref().map(parse_id).transpose()?,
        );
        leaf(
            col,
            &mut p,
            Op::Ne,
            self.ne.as_ref().map(parse_id).transpose()?,
        );
        if let Some(v) = &self.in_ {
            p.push(Pred::In(
                col,
                v.iter().map(parse_id).collect::<Result<_>>()?,
            ));
        }
        if let Some(v) = &self.not_in {
            p.push(Pred::Not(Box::new(Pred::In(
                col,
                v.iter().map(parse_id).collect::<Result<_>>()?,
            ))));
        }
        null_test(col, &mut p, self.is_null);
        Ok(Pred::and(p))
    }
}

fn text(v: &Option<String>) -> Option<SqlValue> {
    v.as_ref().map(|s| SqlValue::Text(Some(s.clone())))
}

/// Escape LIKE wildcards so that `contains`/`startsWith` match literally.
fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[derive(InputObject, Default, Debug, Clone)]
pub struct StringFilter {
    pub eq: Option<String>,
    pub ne: Option<String>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<String>>,
    pub not_in: Option<Vec<String>>,
    pub lt: Option<String>,
    pub lte: Option<String>,
    pub gt: Option<String>,
    pub gte: Option<String>,
    /// Case-insensitive substring match.
    pub contains: Option<String>,
    /// Case-insensitive prefix match.
    pub starts_with: Option<String>,
    /// Case-insensitive SQL LIKE pattern (`%` and `_` wildcards), as Zou's
    /// `name` filter.
    pub like: Option<String>,
    pub is_null: Option<bool>,
}

impl ColumnFilter for StringFilter {
    fn to_pred(&self, col: &'static Column) -> Result<Pred> {
        let mut p = Vec::new();
        leaf(col, &mut p, Op::Eq, text(&self.eq));
        leaf(col, &mut p, Op::Ne, text(&self.ne));
        leaf(col, &mut p, Op::Lt, text(&self.lt));
        leaf(col, &mut p, Op::Lte, text(&self.lte));
        leaf(col, &mut p, Op::Gt, text(&self.gt));
        leaf(col, &mut p, Op::Gte, text(&self.gte));
        if let Some(v) = &self.in_ {
            p.push(Pred::In(
                col,
                v.iter().map(|s| SqlValue::Text(Some(s.clone()))).collect(),
            ));
        }
        if let Some(v) = &self.not_in {
            p.push(Pred::Not(Box::new(Pred::In(
                col,
                v.iter().map(|s| SqlValue::Text(Some(s.clone()))).collect(),
            ))));
        }
        if let Some(s) = &self.contains {
            p.push(Pred::Like(col, format!("%{}%", like_escape(s))));
        }
        if let Some(s) = &self.starts_with {
            p.push(Pred::Like(col, format!("{}%", like_escape(s))));
        }
        if let Some(s) = &self.like {
            p.push(Pred::Like(col, s.clone()));
        }
        null_test(col, &mut p, self.is_null);
        Ok(Pred::and(p))
    }
}

macro_rules! ordered_filter {
    ($name:ident, $t:ty, $variant:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(InputObject, Default, Debug, Clone)]
        pub struct $name {
            pub eq: Option<$t>,
            pub ne: Option<$t>,
            #[graphql(name = "in")]
            pub in_: Option<Vec<$t>>,
            pub not_in: Option<Vec<$t>>,
            pub lt: Option<$t>,
            pub lte: Option<$t>,
            pub gt: Option<$t>,
            pub gte: Option<$t>,
            pub is_null: Option<bool>,
        }

        impl ColumnFilter for $name {
            fn to_pred(&self, col: &'static Column) -> Result<Pred> {
                let mut p = Vec::new();
                let v = |x: &Option<$t>| x.clone().map(|x| SqlValue::$variant(Some(x.into())));
                leaf(col, &mut p, Op::Eq, v(&self.eq));
                leaf(col, &mut p, Op::Ne, v(&self.ne));
                leaf(col, &mut p, Op::Lt, v(&self.lt));
                leaf(col, &mut p, Op::Lte, v(&self.lte));
                leaf(col, &mut p, Op::Gt, v(&self.gt));
                leaf(col, &mut p, Op::Gte, v(&self.gte));
                if let Some(xs) = &self.in_ {
                    p.push(Pred::In(
                        col,
                        xs.iter()
                            .map(|x| SqlValue::$variant(Some(x.clone().into())))
                            .collect(),
                    ));
                }
                if let Some(xs) = &self.not_in {
                    p.push(Pred::Not(Box::new(Pred::In(
                        col,
                        xs.iter()
                            .map(|x| SqlValue::$variant(Some(x.clone().into())))
                            .collect(),
                    ))));
                }
                null_test(col, &mut p, self.is_null);
                Ok(Pred::and(p))
            }
        }
    };
}

ordered_filter!(IntFilter, i32, Int, "Filter on an integer column.");
ordered_filter!(BigIntFilter, i64, BigInt, "Filter on a big integer column.");
ordered_filter!(FloatFilter, f64, Float, "Filter on a decimal column.");
ordered_filter!(
    DateTimeFilter,
    NaiveDateTime,
    Timestamp,
    "Filter on a datetime column (naive UTC)."
);
ordered_filter!(DateFilter, NaiveDate, Date, "Filter on a date column.");

#[derive(InputObject, Default, Debug, Clone)]
pub struct BoolFilter {
    pub eq: Option<bool>,
    pub ne: Option<bool>,
    pub is_null: Option<bool>,
}

impl ColumnFilter for BoolFilter {
    fn to_pred(&self, col: &'static Column) -> Result<Pred> {
        let mut p = Vec::new();
        leaf(
            col,
            &mut p,
            Op::Eq,
            self.eq.map(|b| SqlValue::Bool(Some(b))),
        );
        leaf(
            col,
            &mut p,
            Op::Ne,
            self.ne.map(|b| SqlValue::Bool(Some(b))),
        );
        null_test(col, &mut p, self.is_null);
        Ok(Pred::and(p))
    }
}

/// Filter on one key of a JSON column, such as a metadata field stored in
/// `data`: `{key: "difficulty", gte: 3}`.
#[derive(InputObject, Default, Debug, Clone)]
pub struct JsonFilter {
    pub key: String,
    pub eq: Option<Json<Value>>,
    pub ne: Option<Json<Value>>,
    #[graphql(name = "in")]
    pub in_: Option<Vec<String>>,
    pub lt: Option<f64>,
    pub lte: Option<f64>,
    pub gt: Option<f64>,
    pub gte: Option<f64>,
    pub contains: Option<String>,
    pub starts_with: Option<String>,
    /// True: the key is set (and not null); false: it is missing or null.
    pub exists: Option<bool>,
}

fn json_scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

impl JsonFilter {
    pub fn to_pred(&self, col: &'static Column) -> Result<Pred> {
        let mut p = Vec::new();
        let k = || self.key.clone();
        let push_text = |p: &mut Vec<Pred>, op, v: &Json<Value>| {
            p.push(Pred::JsonKey(
                col,
                k(),
                JsonTest::Text(op, json_scalar_text(&v.0)),
            ))
        };
        if let Some(v) = &self.eq {
            push_text(&mut p, Op::Eq, v);
        }
        if let Some(v) = &self.ne {
            push_text(&mut p, Op::Ne, v);
        }
        if let Some(v) = &self.in_ {
            p.push(Pred::JsonKey(col, k(), JsonTest::In(v.clone())));
        }
        for (op, n) in [
            (Op::Lt, self.lt),
            (Op::Lte, self.lte),
            (Op::Gt, self.gt),
            (Op::Gte, self.gte),
        ] {
            if let Some(n) = n {
                p.push(Pred::JsonKey(col, k(), JsonTest::Number(op, n)));
            }
        }
        if let Some(s) = &self.contains {
            p.push(Pred::JsonKey(
                col,
                k(),
                JsonTest::Like(format!("%{}%", like_escape(s))),
            ));
        }
        if let Some(s) = &self.starts_with {
            p.push(Pred::JsonKey(
                col,
                k(),
                JsonTest::Like(format!("{}%", like_escape(s))),
            ));
        }
        if let Some(e) = self.exists {
            p.push(Pred::JsonKey(col, k(), JsonTest::Exists(e)));
        }
        Ok(Pred::and(p))
    }
}

/// Helper for the generated filter inputs.
pub fn json_filters(col: &'static Column, fs: &[JsonFilter]) -> Result<Pred> {
    Ok(Pred::and(
        fs.iter().map(|f| f.to_pred(col)).collect::<Result<_>>()?,
    ))
}

/// Look up a column the generated code knows exists.
pub fn col(meta: &'static TableMeta, name: &str) -> &'static Column {
    meta.column(name)
        .unwrap_or_else(|| panic!("no column {name} in {}", meta.table))
}

/// A value of an update input: absent, null, or set.
pub fn maybe<T: Clone>(v: &MaybeUndefined<T>) -> Option<Option<T>> {
    match v {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(x) => Some(Some(x.clone())),
    }
}

/// Parse a Zou REST filter value for `col`: JSON list → IN, `name` → ILIKE,
/// `null` → IS NULL, else typed equality.
pub fn rest_filter(meta: &'static TableMeta, col: &'static Column, raw: &str) -> Result<Pred> {
    if col.secret {
        return Err(Error::bad_request(format!(
            "Filtering on {} is not allowed",
            col.name
        )));
    }
    let raw_trim = raw.trim();
    if raw_trim.starts_with('[') {
        let items: Vec<Value> = serde_json::from_str(raw_trim).map_err(|_| {
            Error::Invalid(format!("Malformed list filter for field {}.", col.name))
        })?;
        let values = items
            .iter()
            .map(|v| match v {
                Value::String(s) => col.kind.parse_str(col.name, s),
                other => col.kind.parse_json(col.name, other),
            })
            .collect::<Result<Vec<_>>>()?;
        return Ok(Pred::In(col, values));
    }
    if raw_trim == "null" || raw_trim == "None" {
        return Ok(Pred::IsNull(col, true));
    }
    if col.name == "name" && matches!(col.kind, Kind::Text(_)) {
        return Ok(Pred::Like(col, raw.to_owned()));
    }
    let _ = meta;
    Ok(Pred::Cmp(col, Op::Eq, col.kind.parse_str(col.name, raw)?))
}
