//! REST-through-GraphQL list cost: `GET /data/tasks` (a wide model) for
//! 10,000 and 100,000 rows, against fetching the same rows with one SQL
//! query and serializing them with serde. Reports wall time and the
//! process's peak memory; each case runs in its own process so that peaks
//! are per case.
//!
//! ```text
//! cargo bench --bench rest_list                 # all cases, SQLite
//! cargo bench --bench rest_list -- one rest 100000
//! TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench rest_list
//! ```

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use std::time::Instant;
use tower::ServiceExt;
use tusk_db::{Db, SqlValue};
use uuid::Uuid;

const ROUNDS: usize = 5;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_owned)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// A fresh database with `rows` tasks (and the entities and task types
/// they need), written with multi-row inserts.
async fn seeded(rows: usize) -> (tusk::Built, String) {
    let dir = std::env::temp_dir().join(format!("tusk-bench-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = match std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        None => format!("sqlite:{}", dir.join("bench.db").display()),
        Some(base) => {
            let schema = format!("b{}", Uuid::new_v4().simple());
            let admin = Db::connect(&base, 1).await.unwrap();
            admin
                .execute_script(&format!("CREATE SCHEMA \"{schema}\""))
                .await
                .unwrap();
            let sep = if base.contains('?') { '&' } else { '?' };
            format!("{base}{sep}options=-c%20search_path%3D{schema}")
        }
    };
    let config = tusk::config::Config {
        bind: "127.0.0.1:0".into(),
        data_dir: dir,
        database_url: Some(url),
        db_host: None,
        db_port: 5432,
        db_username: "postgres".into(),
        db_password: String::new(),
        db_database: "zoudb".into(),
        db_pool_size: 4,
        secret_key: Some("bench".into()),
        kv_host: None,
        kv_port: 6379,
        admin_email: Some("admin@example.com".into()),
        admin_password: Some("benchpassword".into()),
        log: "warn".into(),
        preview_folder: None,
    };
    let built = tusk::build(&config).await.unwrap();
    let db = built.app.db.clone();
    let now = tusk_db::fmt::now();
    let project = Uuid::new_v4();
    let mut tx = db.begin().await.unwrap();
    let mut q = tx.sql("INSERT INTO project (id, name, production_style, revision_padding, created_at, updated_at) VALUES (");
    q.bind(SqlValue::Uuid(Some(project)))
        .push(", 'Bench', '2d3d', 0, ");
    q.bind(SqlValue::Timestamp(Some(now)))
        .push(", ")
        .bind(SqlValue::Timestamp(Some(now)))
        .push(")");
    tx.execute(&q).await.unwrap();
    let q = tx.sql("SELECT id FROM entity_type WHERE name = 'Prop'");
    let prop: Uuid = tx.fetch_scalar(&q).await.unwrap();
    let q = tx.sql("SELECT id FROM task_status WHERE short_name = 'todo'");
    let todo: Uuid = tx.fetch_scalar(&q).await.unwrap();
    let types: Vec<Uuid> = (0..10).map(|_| Uuid::new_v4()).collect();
    for (i, tt) in types.iter().enumerate() {
        let mut q =
            tx.sql("INSERT INTO task_type (id, name, for_entity, created_at, updated_at) VALUES (");
        q.bind(SqlValue::Uuid(Some(*tt)))
            .push(", ")
            .bind(SqlValue::Text(Some(format!("Bench{i}"))));
        q.push(", 'Asset', ")
            .bind(SqlValue::Timestamp(Some(now)))
            .push(", ")
            .bind(SqlValue::Timestamp(Some(now)))
            .push(")");
        tx.execute(&q).await.unwrap();
    }
    let entities: Vec<Uuid> = (0..rows.div_ceil(10)).map(|_| Uuid::new_v4()).collect();
    for chunk in entities.chunks(200) {
        let mut q = tx.sql("INSERT INTO entity (id, name, status, is_shared, project_id, entity_type_id, created_at, updated_at) VALUES ");
        for (i, e) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.push("(")
                .bind(SqlValue::Uuid(Some(*e)))
                .push(", ")
                .bind(SqlValue::Text(Some(e.to_string())));
            q.push(", 'running', ")
                .bind(SqlValue::Bool(Some(false)))
                .push(", ");
            q.bind(SqlValue::Uuid(Some(project)))
                .push(", ")
                .bind(SqlValue::Uuid(Some(prop)))
                .push(", ");
            q.bind(SqlValue::Timestamp(Some(now)))
                .push(", ")
                .bind(SqlValue::Timestamp(Some(now)))
                .push(")");
        }
        tx.execute(&q).await.unwrap();
    }
    let pairs: Vec<(Uuid, Uuid)> = entities
        .iter()
        .flat_map(|e| types.iter().map(move |t| (*e, *t)))
        .take(rows)
        .collect();
    for chunk in pairs.chunks(100) {
        let mut q = tx.sql("INSERT INTO task (id, name, difficulty, project_id, task_type_id, task_status_id, entity_id, description, data, start_date, created_at, updated_at) VALUES ");
        for (i, (e, t)) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.push("(")
                .bind(SqlValue::Uuid(Some(Uuid::new_v4())))
                .push(", 'main', 3, ");
            q.bind(SqlValue::Uuid(Some(project)))
                .push(", ")
                .bind(SqlValue::Uuid(Some(*t)))
                .push(", ");
            q.bind(SqlValue::Uuid(Some(todo)))
                .push(", ")
                .bind(SqlValue::Uuid(Some(*e)))
                .push(", ");
            q.bind(SqlValue::Text(Some("A task of the benchmark".into())))
                .push(", ");
            q.bind(SqlValue::Json(Some(
                serde_json::json!({"difficulty": "hard", "frames": 42}),
            )))
            .push(", ");
            q.bind(SqlValue::Timestamp(Some(now))).push(", ");
            q.bind(SqlValue::Timestamp(Some(now)))
                .push(", ")
                .bind(SqlValue::Timestamp(Some(now)))
                .push(")");
        }
        tx.execute(&q).await.unwrap();
    }
    tx.commit().await.unwrap();
    let r = built
        .service
        .clone()
        .oneshot(
            Request::builder()
                .method("POST")
                .uri("/auth/login")
                .header("content-type", "application/json")
                .body(Body::from(
                    r#"{"email":"admin@example.com","password":"benchpassword"}"#,
                ))
                .unwrap(),
        )
        .await
        .unwrap();
    let body = r.into_body().collect().await.unwrap().to_bytes();
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let token = v["access_token"].as_str().unwrap().to_owned();
    (built, token)
}

/// Whole `GET /data/tasks` through the router: returns (bytes, rows).
async fn rest(built: &tusk::Built, token: &str) -> (usize, usize) {
    let req = Request::builder()
        .uri("/data/tasks")
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let res = built.service.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let mut body = res.into_body();
    let (mut bytes, mut commas) = (0usize, 0usize);
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.unwrap().into_data() {
            bytes += data.len();
            commas += data.windows(9).filter(|w| w == b",{\"name\":").count();
        }
    }
    (bytes, commas + 1)
}

/// The baseline: one query, rows into structs, serde to bytes.
async fn direct(built: &tusk::Built) -> (usize, usize) {
    let mut db = built.app.db.clone();
    let meta = <tusk_schema::Task as tusk_db::Model>::META;
    let mut q = db.sql("SELECT ");
    q.push(&meta.select_list(None)).push(" FROM task");
    let rows: Vec<tusk_schema::Task> = db.fetch_all(&q).await.unwrap();
    let bytes = serde_json::to_vec(&rows).unwrap();
    (bytes.len(), rows.len())
}

async fn one(mode: &str, rows: usize) {
    let (built, token) = seeded(rows).await;
    let base = peak_rss_mib();
    let mut times = Vec::new();
    let mut out = (0, 0);
    for _ in 0..ROUNDS {
        let t0 = Instant::now();
        out = match mode {
            "rest" => rest(&built, &token).await,
            _ => direct(&built).await,
        };
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    assert_eq!(out.1, rows, "{mode} returned {} rows", out.1);
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "{mode:>6} {rows:>7} rows: median {:>8.1} ms, {:>6.1} MiB of JSON, peak RSS {:>6.1} MiB (+{:.1} over the seeded process)",
        times[ROUNDS / 2],
        out.0 as f64 / 1048576.0,
        peak_rss_mib(),
        peak_rss_mib() - base
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    if args.get(1).map(String::as_str) == Some("one") {
        let mode = args.get(2).cloned().unwrap_or_else(|| "rest".into());
        let rows: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(10_000);
        rt.block_on(one(&mode, rows));
        return;
    }
    if args.iter().any(|a| a == "--test" || a == "--list") {
        return; // `cargo test --benches` smoke: nothing to list.
    }
    // Each case in its own process, so that peak memory is per case.
    let exe = std::env::current_exe().unwrap();
    for rows in [10_000usize, 100_000] {
        for mode in ["direct", "rest"] {
            let status = std::process::Command::new(&exe)
                .args(["one", mode, &rows.to_string()])
                .status()
                .unwrap();
            assert!(status.success());
        }
    }
}
