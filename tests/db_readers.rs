//! The two ways a statement's rows are read give the same rows.
//!
//! `Db::fetch_all` reads through sqlx. `Db::fetch_chunks` (the big lists
//! and the with-tasks views) reads SQLite in place instead
//! (`db/src/direct.rs`): rusqlite steps the statement on a pooled
//! connection and each value is decoded where SQLite holds it. On SQLite
//! these tests hold the second to the first, value for value, over every
//! column type and the odd values a database imported from elsewhere may
//! hold; on Postgres both are sqlx (the same assertions, one reader).

mod support;

use chrono::{NaiveDate, NaiveDateTime};
use futures::StreamExt;
use serde_json::{json, Value};
use support::FreshDb;
use tusk_db::sql_row;
use tusk_db::types::List;
use tusk_db::{Db, Dialect, SqlValue};
use uuid::Uuid;

sql_row!(
    #[derive(Debug, Clone, PartialEq)]
    struct Every {
        id: Uuid,
        name: String,
        note: Option<String>,
        n: i32,
        big: Option<i64>,
        x: Option<f64>,
        flag: bool,
        maybe: Option<bool>,
        at: Option<NaiveDateTime>,
        day: Option<NaiveDate>,
        data: Option<Value>,
        tags: Option<List<String>>,
        raw: Option<Vec<u8>>,
        other: Option<Uuid>,
    }
);

const DDL_SQLITE: &str = "CREATE TABLE every (id BLOB PRIMARY KEY, name TEXT NOT NULL, note TEXT, \
    n INTEGER NOT NULL, big INTEGER, x REAL, flag INTEGER NOT NULL, maybe INTEGER, at TEXT, day TEXT, \
    data TEXT, tags TEXT, raw BLOB, other BLOB)";
const DDL_PG: &str = "CREATE TABLE every (id uuid PRIMARY KEY, name text NOT NULL, note text, \
    n integer NOT NULL, big bigint, x double precision, flag boolean NOT NULL, maybe boolean, \
    at timestamp, day date, data jsonb, tags varchar[], raw bytea, other uuid)";

const SELECT: &str =
    "SELECT id, name, note, n, big, x, flag, maybe, at, day, data, tags, raw, other FROM every";

fn t(s: &str) -> NaiveDateTime {
    tusk_db::value::parse_datetime(s).unwrap()
}

/// Datetimes around the edges of Postgres's binary format (microseconds
/// from 2000-01-01, which `Column` decodes by hand): before its epoch,
/// on it, the first and last years, microseconds.
const AT: [Option<&str>; 7] = [
    Some("2024-02-01 10:30:00.123450"),
    Some("1999-12-31 23:59:59.999999"),
    Some("0001-01-01 00:00:00"),
    None,
    Some("9999-12-31 23:59:59.999999"),
    Some("2000-01-01 00:00:00"),
    Some("1969-07-20 20:17:40.000001"),
];

/// Rows written through bound parameters (as Tusk writes them).
fn rows() -> Vec<Every> {
    (0..7)
        .map(|i| Every {
            id: Uuid::from_u128(0x1000 + i),
            name: format!("row {i} \"quoted\" é"),
            note: (i % 2 == 0).then(|| format!("note {i}")),
            n: -3 + i as i32,
            big: (i % 3 != 0).then_some(1 << 40),
            x: (i % 2 == 1).then_some(0.25 * i as f64),
            flag: i % 2 == 0,
            maybe: match i % 3 {
                0 => None,
                1 => Some(true),
                _ => Some(false),
            },
            at: AT[i as usize].map(t),
            day: (i != 4).then(|| NaiveDate::from_ymd_opt(2024, 3, 1 + i as u32).unwrap()),
            data: (i != 5).then(|| json!({"i": i, "list": [1, "two"], "nested": {"ok": true}})),
            tags: (i != 6).then(|| List(vec![format!("t{i}"), "x".into()])),
            raw: (i == 2).then(|| vec![0, 1, 2, 255]),
            other: (i % 2 == 1).then(|| Uuid::from_u128(0xabc + i)),
        })
        .collect()
}

async fn table() -> (FreshDb, Db) {
    let fresh = FreshDb::new().await;
    let db = Db::connect(&fresh.url, 4).await.unwrap();
    let ddl = match db.dialect() {
        Dialect::Sqlite => DDL_SQLITE,
        Dialect::Postgres => DDL_PG,
    };
    db.execute_script(ddl).await.unwrap();
    (fresh, db)
}

async fn insert(db: &Db, r: &Every) {
    let mut q = db.sql("INSERT INTO every VALUES ");
    q.bind_list([
        SqlValue::Uuid(Some(r.id)),
        SqlValue::Text(Some(r.name.clone())),
        SqlValue::Text(r.note.clone()),
        SqlValue::Int(Some(r.n)),
        SqlValue::BigInt(r.big),
        SqlValue::Float(r.x),
        SqlValue::Bool(Some(r.flag)),
        SqlValue::Bool(r.maybe),
        SqlValue::Timestamp(r.at),
        SqlValue::Date(r.day),
        SqlValue::Json(r.data.clone()),
        SqlValue::TextArray(r.tags.clone().map(|l| l.0)),
        SqlValue::Bytes(r.raw.clone()),
        SqlValue::Uuid(r.other),
    ]);
    db.clone().execute(&q).await.unwrap();
}

/// Every row of `sql` as `fetch_chunks` reads them, in chunks of `chunk`.
async fn chunked<M: tusk_db::FromSqlRow>(
    db: &Db,
    sql: tusk_db::sql::Sql,
    chunk: usize,
) -> tusk_db::Result<Vec<M>> {
    let mut out = Vec::new();
    let mut rx = db.fetch_chunks::<M>(sql, chunk);
    while let Some(c) = rx.next().await {
        let c = c?;
        assert!(
            !c.is_empty() && c.len() <= chunk,
            "chunks of 1..={chunk} rows"
        );
        out.extend(c);
    }
    Ok(out)
}

#[tokio::test]
async fn both_readers_read_every_column_type_alike() {
    let (_fresh, db) = table().await;
    let written = rows();
    for r in &written {
        insert(&db, r).await;
    }
    let mut q = db.sql(SELECT);
    q.push(" WHERE n >= ").bind(SqlValue::Int(Some(-2)));
    q.push(" ORDER BY n");
    let by_sqlx: Vec<Every> = db.clone().fetch_all(&q).await.unwrap();
    let in_place: Vec<Every> = chunked(&db, q, 4).await.unwrap();
    // What was written, minus the first row (the bound filter).
    assert_eq!(by_sqlx, written[1..].to_vec());
    assert_eq!(in_place, by_sqlx);
}

#[tokio::test]
async fn sqlite_values_written_elsewhere_read_as_sqlx_reads_them() {
    let (_fresh, db) = table().await;
    if db.dialect() != Dialect::Sqlite {
        return; // Postgres types admit none of these.
    }
    // A datetime with a `T` and a zone, a number in a text column, a
    // whole number in a real column, text in a boolean column.
    db.execute_script(
        "INSERT INTO every (id, name, n, flag, at, x, note, maybe) VALUES \
         (x'00000000000000000000000000000001', 42, '7', 1, '2024-05-06T07:08:09Z', 3, 12.5, '1')",
    )
    .await
    .unwrap();
    let q = db.sql(SELECT);
    let by_sqlx: Vec<Every> = db.clone().fetch_all(&q).await.unwrap();
    let in_place: Vec<Every> = chunked(&db, q, 8).await.unwrap();
    assert_eq!(in_place, by_sqlx);
    let r = &in_place[0];
    assert_eq!((r.name.as_str(), r.n, r.x), ("42", 7, Some(3.0)));
    assert_eq!(r.at, Some(t("2024-05-06 07:08:09")));
    assert_eq!(r.note.as_deref(), Some("12.5"));
}

#[tokio::test]
async fn a_failing_read_ends_its_stream_with_an_error() {
    let (_fresh, db) = table().await;
    // A null where the row has none: an error, not a panic nor a default.
    db.execute_script(&format!(
        "INSERT INTO every (id, name, n, flag) VALUES ({}, 'a', 1, {})",
        match db.dialect() {
            Dialect::Sqlite => "x'00000000000000000000000000000002'",
            Dialect::Postgres => "'00000000-0000-0000-0000-000000000002'",
        },
        match db.dialect() {
            Dialect::Sqlite => "1",
            Dialect::Postgres => "true",
        }
    ))
    .await
    .unwrap();
    let q = db.sql(
        "SELECT id, NULL, note, n, big, x, flag, maybe, at, day, data, tags, raw, other FROM every",
    );
    assert!(chunked::<Every>(&db, q, 8).await.is_err());
    // A statement the database refuses.
    let q = db.sql("SELECT id FROM no_such_table");
    assert!(chunked::<Every>(&db, q, 8).await.is_err());
    // The pool is still usable afterwards (the connections went back).
    let q = db.sql(SELECT);
    for _ in 0..6 {
        assert_eq!(chunked::<Every>(&db, q.clone(), 8).await.unwrap().len(), 1);
    }
}

/// The SQLite Tusk is built with (sqlx's bundled one, flags in
/// `.cargo/config.toml`) has neither process-wide mutex that made
/// concurrent reads on different connections queue: memory statistics
/// (every allocation) and the page cache shared by all connections
/// (`ENABLE_MEMORY_MANAGEMENT`, every page fetch). A build that loses the
/// flags still works, only slower on big concurrent reads: this catches
/// it. Runs on a SQLite file whatever database the suite is on.
#[tokio::test]
async fn the_bundled_sqlite_has_no_process_wide_mutexes() {
    let dir = std::env::temp_dir().join(format!("t{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut db = Db::connect(&format!("sqlite:{}", dir.join("o.db").display()), 1)
        .await
        .unwrap();
    let q = db.sql("SELECT compile_options FROM pragma_compile_options");
    let options: Vec<String> = db
        .fetch_all::<(String,)>(&q)
        .await
        .unwrap()
        .into_iter()
        .map(|(o,)| o)
        .collect();
    db.close().await;
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        options.iter().any(|o| o == "THREADSAFE=1"),
        "the options are read: {options:?}"
    );
    assert!(
        options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"),
        "memory statistics off: {options:?}"
    );
    assert!(
        !options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"),
        "one page cache per connection: {options:?}"
    );
}

sql_row!(
    struct AsJson {
        id: Uuid,
        data: Option<tusk_db::Json>,
    }
);

sql_row!(
    struct AsValue {
        id: Uuid,
        data: Option<Value>,
    }
);

/// A JSON column kept as its text (`tusk_db::Json`, the models' JSON
/// columns) answers byte for byte what its parsed value answers, read
/// either way, on either database: Postgres hands `jsonb` back as
/// `{"a": 1, …}` (whitespace dropped by a scan), floats and escapes
/// `serde_json` writes otherwise go through the value.
#[tokio::test]
async fn json_kept_as_text_writes_what_its_value_writes() {
    let (_fresh, db) = table().await;
    let datas = [
        json!({"frame_in": 1001, "frame_out": 1028, "fps": 24, "camera": "cam_1"}),
        json!({"x": 1.5, "esc": "a\"b\\c\n\u{1}é/✓", "list": [1, -2, null, true, {"z": []}]}),
        json!({"big": 12345678901234567890u64, "neg": -9223372036854775808i64, "e": 1e300}),
        json!([]),
        json!("just text"),
        json!(0),
    ];
    let template = rows()[0].clone();
    for (i, d) in datas.iter().enumerate() {
        let mut r = template.clone();
        r.id = Uuid::from_u128(0x2000 + i as u128);
        r.data = Some(d.clone());
        insert(&db, &r).await;
    }
    let mut r = template.clone();
    r.id = Uuid::from_u128(0x3000);
    r.data = None;
    insert(&db, &r).await;

    let q = db.sql("SELECT id, data FROM every ORDER BY id");
    let values: Vec<AsValue> = db.clone().fetch_all(&q).await.unwrap();
    let by_sqlx: Vec<AsJson> = db.clone().fetch_all(&q).await.unwrap();
    let in_place: Vec<AsJson> = chunked(&db, q, 3).await.unwrap();
    assert_eq!(values.len(), datas.len() + 1);
    for read in [&by_sqlx, &in_place] {
        assert_eq!(read.len(), values.len());
        for (j, v) in read.iter().zip(&values) {
            assert_eq!(j.id, v.id);
            assert_eq!(
                serde_json::to_string(&j.data).unwrap(),
                serde_json::to_string(&v.data).unwrap()
            );
            assert_eq!(j.data.as_ref().map(tusk_db::Json::value), v.data);
        }
    }
    // The values themselves came back (Postgres may reorder an object's
    // keys, as `jsonb` does).
    for (v, d) in values.iter().zip(&datas) {
        assert_eq!(v.data.as_ref(), Some(d));
    }
    assert_eq!(values.last().unwrap().data, None);
}
