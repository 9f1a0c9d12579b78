//! Budgets of a production: versioned budgets (the revision increments per
//! project), their staffing entries, and time spent per department and
//! person by month. Every route needs a manager of the project (time spent
//! per month: an admin), as in Zou.
//!
//! Amounts are parsed as exact decimals ([`Amount`]): a salary that is not a
//! finite number is refused with 400 before anything is written. Monthly
//! exceptions are whole amounts; values of 0 or less are dropped, as Zou
//! does.

use crate::guard;
use crate::route::NonEmpty;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use tusk_db::engine::{self, assignments};
use tusk_db::events::NewEvent;
use tusk_db::{Error, Model, Result, Session, SqlValue};
use tusk_schema::{Budget, BudgetEntry};
use uuid::Uuid;

/// A money amount, parsed exactly from a JSON number or a numeric string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount(pub Decimal);

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let bad = || {
            serde::de::Error::custom(
                "Input should be a valid number, unable to parse string as a number",
            )
        };
        let v = Value::deserialize(d)?;
        let text = match &v {
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.trim().to_owned(),
            _ => return Err(bad()),
        };
        let dec = Decimal::from_str_exact(&text)
            .or_else(|_| Decimal::from_scientific(&text))
            .map_err(|_| bad())?;
        Ok(Amount(dec))
    }
}

impl Amount {
    /// The value stored in Zou's float column (exact for cents up to 2^53).
    pub fn stored(self) -> f64 {
        self.0.to_f64().unwrap_or(0.0)
    }
}

/// `POST …/budgets`.
#[derive(Debug, Deserialize)]
pub struct NewBudget {
    pub name: NonEmpty,
    #[serde(default = "usd")]
    pub currency: Option<String>,
}
fn usd() -> Option<String> {
    Some("USD".into())
}

/// `PUT …/budgets/{id}`.
#[derive(Debug, Deserialize)]
pub struct BudgetChanges {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
}

/// A currency is a 3-letter code (Zou's column is `varchar(3)`).
fn currency(c: Option<String>) -> Result<Option<String>> {
    match c {
        Some(c) if c.chars().count() > 3 => Err(crate::route::validation(
            "currency",
            "String should have at most 3 characters",
        )),
        c => Ok(c),
    }
}

/// A budget entry as sent to create it or to replace it (`PUT` replaces
/// every field, as Zou does: what is omitted is cleared).
#[derive(Debug, Deserialize)]
pub struct EntrySchema {
    #[serde(default)]
    pub department_id: Option<NonEmpty>,
    #[serde(default)]
    pub person_id: Option<String>,
    #[serde(default)]
    pub start_date: Option<String>,
    #[serde(default)]
    pub months_duration: Option<crate::route::LaxInt>,
    #[serde(default)]
    pub daily_salary: Option<Amount>,
    #[serde(default)]
    pub position: Option<String>,
    #[serde(default)]
    pub seniority: Option<String>,
    #[serde(default)]
    pub exceptions: Option<Map<String, Value>>,
}

/// Zou's cleaning of monthly exceptions: null clears them, values of 0 or
/// less are dropped, the rest must be whole amounts.
pub fn clean_exceptions(e: Option<Map<String, Value>>) -> Result<Value> {
    let mut out = Map::new();
    for (month, v) in e.unwrap_or_default() {
        let n = match &v {
            Value::Null => continue,
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        }
        .filter(|n| n.is_finite())
        .ok_or_else(|| crate::route::validation("exceptions", "Input should be a valid number"))?;
        let n = n.trunc() as i64;
        if n > 0 {
            out.insert(month, json!(n));
        }
    }
    Ok(Value::Object(out))
}

fn date(field: &str, s: &str) -> Result<SqlValue> {
    chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d")
        .map(|d| SqlValue::Date(Some(d)))
        .map_err(|_| crate::route::validation(field, "Input should be a valid date"))
}

fn id(field: &str, s: &str) -> Result<Uuid> {
    tusk_db::value::parse_hyphenated(s)
        .ok_or_else(|| crate::route::validation(field, "Input should be a valid UUID"))
}

async fn record(
    s: &Session,
    tx: &mut tusk_db::Tx,
    name: &str,
    data: Value,
    project: Option<Uuid>,
) -> Result<tusk_db::events::Event> {
    let data = match data {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    s.record(tx, NewEvent::new(name, data, project)).await
}

fn json_one<M: Model>(row: &M) -> Result<Value> {
    Ok(Value::Object(tusk_db::zou::json_map(row)?))
}

/// Budgets of the project (by revision).
pub async fn list(s: &Session, project: Uuid) -> Result<Vec<Budget>> {
    guard::manager(s, project).await?;
    let mut db = s.db();
    let mut q = db.sql("SELECT ");
    q.push(&<Budget as Model>::META.select_list(None))
        .push(" FROM \"budget\" WHERE \"project_id\" = ")
        .bind(SqlValue::Uuid(Some(project)))
        .push(" ORDER BY \"revision\"");
    db.fetch_all(&q).await
}

/// Zou lists budgets and entries in their short form (no audit keys).
fn present<M: Model>(row: &M) -> Result<Value> {
    let mut m = tusk_db::zou::json_map(row)?;
    for k in ["created_at", "updated_at", "type"] {
        m.remove(k);
    }
    Ok(Value::Object(m))
}

pub async fn list_json(s: &Session, project: Uuid) -> Result<Vec<Value>> {
    list(s, project).await?.iter().map(present).collect()
}

/// A budget of the project (404 when it belongs to another).
pub async fn get(s: &Session, project: Uuid, id: Uuid) -> Result<Budget> {
    guard::manager(s, project).await?;
    match engine::find::<Budget>(&mut s.db(), id).await? {
        Some(b) if b.project_id == Some(project) => Ok(b),
        _ => Err(Error::not_found()),
    }
}

pub async fn get_json(s: &Session, project: Uuid, id: Uuid) -> Result<Value> {
    json_one(&get(s, project, id).await?)
}

/// Create a budget: the next revision of the project.
pub async fn create(s: &Session, project: Uuid, b: NewBudget) -> Result<Budget> {
    guard::manager(s, project).await?;
    let mut tx = s.db.begin().await?;
    let mut q = tx.sql("SELECT CAST(COALESCE(MAX(\"revision\"), 0) AS BIGINT) FROM \"budget\" WHERE \"project_id\" = ");
    q.bind(SqlValue::Uuid(Some(project)));
    let last = tx.fetch_scalar::<i64>(&q).await?;
    let meta = <Budget as Model>::META;
    let values = assignments(
        meta,
        vec![
            ("project_id", SqlValue::Uuid(Some(project))),
            ("name", SqlValue::Text(Some(b.name.0))),
            ("currency", SqlValue::Text(currency(b.currency)?)),
            ("revision", SqlValue::Int(Some(last as i32 + 1))),
        ],
    );
    let row: Budget = engine::insert(&mut tx, &values).await?;
    let ev = record(
        s,
        &mut tx,
        "budget:create",
        json!({"budget_id": row.id.to_string()}),
        Some(project),
    )
    .await?;
    s.commit(tx, vec![ev]).await?;
    Ok(row)
}

pub async fn update(s: &Session, project: Uuid, id: Uuid, c: BudgetChanges) -> Result<Budget> {
    get(s, project, id).await?;
    let meta = <Budget as Model>::META;
    let mut pairs = vec![];
    if let Some(n) = c.name {
        pairs.push(("name", SqlValue::Text(Some(n))));
    }
    if let Some(cur) = currency(c.currency)? {
        pairs.push(("currency", SqlValue::Text(Some(cur))));
    }
    let mut tx = s.db.begin().await?;
    let row: Budget = engine::update_in_tx(&mut tx, id, &assignments(meta, pairs)).await?;
    let ev = record(
        s,
        &mut tx,
        "budget:update",
        json!({"budget_id": id.to_string()}),
        Some(project),
    )
    .await?;
    s.commit(tx, vec![ev]).await?;
    Ok(row)
}

/// Delete a budget with its entries.
pub async fn delete(s: &Session, project: Uuid, id: Uuid) -> Result<()> {
    get(s, project, id).await?;
    let mut tx = s.db.begin().await?;
    for table in ["budget_entry", "budget"] {
        let mut q = tx.sql("DELETE FROM ");
        q.ident(table)
            .push(if table == "budget" {
                " WHERE \"id\" = "
            } else {
                " WHERE \"budget_id\" = "
            })
            .bind(SqlValue::Uuid(Some(id)));
        tx.execute(&q).await?;
    }
    let ev = record(
        s,
        &mut tx,
        "budget:delete",
        json!({"budget_id": id.to_string()}),
        Some(project),
    )
    .await?;
    s.commit(tx, vec![ev]).await
}

/// Entries of a budget of the project.
/// Entries of a budget of the project (none for an unknown budget, as Zou
/// answers).
pub async fn entries(s: &Session, project: Uuid, budget: Uuid) -> Result<Vec<BudgetEntry>> {
    guard::manager(s, project).await?;
    let mut db = s.db();
    let mut q = db.sql("SELECT ");
    q.push(&<BudgetEntry as Model>::META.select_list(Some("e")))
        .push(" FROM \"budget_entry\" e JOIN \"budget\" b ON b.\"id\" = e.\"budget_id\" WHERE e.\"budget_id\" = ")
        .bind(SqlValue::Uuid(Some(budget)))
        .push(" AND b.\"project_id\" = ")
        .bind(SqlValue::Uuid(Some(project)))
        .push(" ORDER BY e.\"created_at\"");
    db.fetch_all(&q).await
}

pub async fn entries_json(s: &Session, project: Uuid, budget: Uuid) -> Result<Vec<Value>> {
    entries(s, project, budget)
        .await?
        .iter()
        .map(present)
        .collect()
}

pub async fn entry(s: &Session, project: Uuid, budget: Uuid, id: Uuid) -> Result<BudgetEntry> {
    get(s, project, budget).await?;
    match engine::find::<BudgetEntry>(&mut s.db(), id).await? {
        Some(e) if e.budget_id == budget => Ok(e),
        _ => Err(Error::not_found()),
    }
}

pub async fn entry_json(s: &Session, project: Uuid, budget: Uuid, id: Uuid) -> Result<Value> {
    json_one(&entry(s, project, budget, id).await?)
}

fn entry_event(budget: Uuid, entry: Uuid) -> Value {
    json!({"budget_id": budget.to_string(), "budget_entry_id": entry.to_string()})
}

/// The columns of an entry from its schema; `replace` clears what is
/// omitted (a `PUT`), otherwise the table defaults apply (a `POST`).
fn entry_values(e: EntrySchema, replace: bool) -> Result<Vec<(&'static str, SqlValue)>> {
    let department = e
        .department_id
        .ok_or_else(|| crate::route::missing("department_id"))?;
    let mut pairs = vec![
        (
            "department_id",
            SqlValue::Uuid(Some(id("department_id", &department.0)?)),
        ),
        (
            "person_id",
            SqlValue::Uuid(
                e.person_id
                    .as_deref()
                    .map(|p| id("person_id", p))
                    .transpose()?,
            ),
        ),
        (
            "start_date",
            date(
                "start_date",
                &e.start_date
                    .ok_or_else(|| crate::route::missing("start_date"))?,
            )?,
        ),
        (
            "months_duration",
            SqlValue::Int(Some(
                e.months_duration
                    .ok_or_else(|| crate::route::missing("months_duration"))?
                    .0,
            )),
        ),
        (
            "daily_salary",
            SqlValue::Float(Some(
                e.daily_salary
                    .ok_or_else(|| crate::route::missing("daily_salary"))?
                    .stored(),
            )),
        ),
    ];
    if replace || e.position.is_some() {
        pairs.push(("position", SqlValue::Text(e.position)));
    }
    if replace || e.seniority.is_some() {
        pairs.push(("seniority", SqlValue::Text(e.seniority)));
    }
    // Exceptions are ignored on creation, as in Zou.
    let exceptions = if replace {
        clean_exceptions(e.exceptions)?
    } else {
        json!({})
    };
    pairs.push(("exceptions", SqlValue::Json(Some(exceptions))));
    Ok(pairs)
}

pub async fn create_entry(
    s: &Session,
    project: Uuid,
    budget: Uuid,
    e: EntrySchema,
) -> Result<BudgetEntry> {
    get(s, project, budget).await?;
    let meta = <BudgetEntry as Model>::META;
    let mut pairs = entry_values(e, false)?;
    pairs.push(("budget_id", SqlValue::Uuid(Some(budget))));
    let mut tx = s.db.begin().await?;
    let row: BudgetEntry = engine::insert(&mut tx, &assignments(meta, pairs)).await?;
    let ev = record(
        s,
        &mut tx,
        "budget-entry:create",
        entry_event(budget, row.id),
        Some(project),
    )
    .await?;
    s.commit(tx, vec![ev]).await?;
    Ok(row)
}

/// Replace every field of an entry (Zou's `PUT`).
pub async fn replace_entry(
    s: &Session,
    project: Uuid,
    budget: Uuid,
    entry_id: Uuid,
    e: EntrySchema,
) -> Result<BudgetEntry> {
    entry(s, project, budget, entry_id).await?;
    let meta = <BudgetEntry as Model>::META;
    let pairs = entry_values(e, true)?;
    let mut tx = s.db.begin().await?;
    let row: BudgetEntry =
        engine::update_in_tx(&mut tx, entry_id, &assignments(meta, pairs)).await?;
    let ev = record(
        s,
        &mut tx,
        "budget-entry:update",
        entry_event(budget, entry_id),
        Some(project),
    )
    .await?;
    s.commit(tx, vec![ev]).await?;
    Ok(row)
}

pub async fn delete_entry(s: &Session, project: Uuid, budget: Uuid, entry_id: Uuid) -> Result<()> {
    entry(s, project, budget, entry_id).await?;
    let mut tx = s.db.begin().await?;
    let mut q = tx.sql("DELETE FROM \"budget_entry\" WHERE \"id\" = ");
    q.bind(SqlValue::Uuid(Some(entry_id)));
    tx.execute(&q).await?;
    let ev = record(
        s,
        &mut tx,
        "budget-entry:delete",
        entry_event(budget, entry_id),
        Some(project),
    )
    .await?;
    s.commit(tx, vec![ev]).await
}

/// Time spent on the project by department and person, per month
/// (`{department: {total, person: {total, "YYYY-MM": minutes}}}`), summed
/// in integers by the database. Admin only, as in Zou.
pub async fn month_time_spents(s: &Session, project: Uuid) -> Result<Value> {
    guard::admin(s)?;
    let mut db = s.db();
    // Durations are floats in Zou's table: each group brings back its
    // durations as text (both databases print the shortest exact form) and
    // they are added as decimals, so 0.1 + 0.2 minutes is 0.3, never
    // 0.30000000000000004 nor a truncated 0.
    let (month, durations) = match db.dialect() {
        tusk_db::Dialect::Postgres => (
            "to_char(ts.\"date\", 'YYYY-MM')",
            "string_agg(CAST(ts.\"duration\" AS TEXT), ',')",
        ),
        tusk_db::Dialect::Sqlite => (
            "substr(ts.\"date\", 1, 7)",
            "group_concat(CAST(ts.\"duration\" AS TEXT), ',')",
        ),
    };
    let mut q = db.sql("SELECT tt.\"department_id\", ts.\"person_id\", ");
    q.push(month)
        .push(", ")
        .push(durations)
        .push(" FROM \"time_spent\" ts JOIN \"task\" t ON t.\"id\" = ts.\"task_id\" JOIN \"task_type\" tt ON tt.\"id\" = t.\"task_type_id\" JOIN \"department\" d ON d.\"id\" = tt.\"department_id\" WHERE t.\"project_id\" = ")
        .bind(SqlValue::Uuid(Some(project)))
        .push(" GROUP BY tt.\"department_id\", ts.\"person_id\", ")
        .push(month)
        .push(" ORDER BY 3");
    let rows = db
        .fetch_all::<(Uuid, Uuid, String, Option<String>)>(&q)
        .await?;
    // Totals by department, by person in it, and by month for the person.
    let mut totals: Vec<DepartmentTotal> = Vec::new();
    for (dep, person, month, list) in rows {
        let minutes = list
            .unwrap_or_default()
            .split(',')
            .filter_map(|x| exact(x.trim()))
            .fold(Decimal::ZERO, |a, b| a + b);
        let (dep, person) = (dep.to_string(), person.to_string());
        let d = match totals.iter().position(|x| x.0 == dep) {
            Some(i) => &mut totals[i],
            None => {
                totals.push((dep, Decimal::ZERO, Vec::new()));
                totals.last_mut().expect("just pushed")
            }
        };
        d.1 += minutes;
        let p = match d.2.iter().position(|x| x.0 == person) {
            Some(i) => &mut d.2[i],
            None => {
                d.2.push((person, Decimal::ZERO, Vec::new()));
                d.2.last_mut().expect("just pushed")
            }
        };
        p.1 += minutes;
        match p.2.iter_mut().find(|m| m.0 == month) {
            Some(m) => m.1 += minutes,
            None => p.2.push((month, minutes)),
        }
    }
    let mut out = Map::new();
    for (dep, total, people) in totals {
        let mut d = Map::new();
        d.insert("total".into(), number(total));
        for (person, total, months) in people {
            let mut p = Map::new();
            p.insert("total".into(), number(total));
            for (month, minutes) in months {
                p.insert(month, number(minutes));
            }
            d.insert(person, Value::Object(p));
        }
        out.insert(dep, Value::Object(d));
    }
    Ok(Value::Object(out))
}

/// Minutes by month.
type MonthTotals = Vec<(String, Decimal)>;
/// A person's total and months.
type PersonTotal = (String, Decimal, MonthTotals);
/// A department's total and people.
type DepartmentTotal = (String, Decimal, Vec<PersonTotal>);

/// A decimal read from the text of a float (`0.1`, `1e-07`, `inf` refused).
fn exact(text: &str) -> Option<Decimal> {
    Decimal::from_str_exact(text)
        .or_else(|_| Decimal::from_scientific(text))
        .ok()
}

/// A decimal as a JSON number: an integer when whole, else the float whose
/// shortest form is the decimal's digits.
pub fn number(d: Decimal) -> Value {
    let d = d.normalize();
    if d.scale() == 0 {
        if let Ok(i) = i64::try_from(d) {
            return json!(i);
        }
    }
    d.to_string()
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}
