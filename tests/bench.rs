//! The benchmark's smoke run (`tusk-bench`, `docs/benchmarks.md`): the
//! generated production loads, every measured request answers with the
//! right status and row count, the SQL statements each one runs do not
//! grow with the production, and the script written for Zou loads the very
//! same rows.
//!
//! The big run itself (10,000 shots, 150,000 tasks, against Zou) is not a
//! test: `bench/run.sh` makes it, and `docs/benchmarks.md` records it.

mod support;

use std::collections::BTreeMap;
use support::{FreshDb, TestApp};
use tusk_bench::{dataset, load, scenarios, Production, Size};

/// Seed a fresh database with a production of `size`.
async fn seeded(size: Size) -> (FreshDb, Production) {
    let db = FreshDb::new().await;
    let production = Production::new(size);
    let handle = tusk_db::Db::connect(&db.url, 2).await.unwrap();
    let counts = load::seed(&handle, &production).await.unwrap();
    handle.close().await;
    let tasks = counts.iter().find(|(t, _)| *t == "task").unwrap().1;
    assert_eq!(tasks, production.size.tasks());
    (db, production)
}

/// Run every scenario three times through the router; the most
/// statements a request of each ran.
async fn run_all(size: Size) -> BTreeMap<&'static str, u64> {
    let (db, production) = seeded(size).await;
    let t = TestApp::on(db).await;
    let m = production.manifest();
    let mut statements = BTreeMap::new();
    for sc in scenarios::all() {
        for i in 0..3 {
            let req = (sc.request)(&m, i);
            let r = t
                .call(req.method, &req.path, Some(&t.admin), req.body.clone())
                .await;
            let rows = scenarios::check(&sc, &m, r.status(), &r.bytes)
                .unwrap_or_else(|e| panic!("{} ({}): {e}", sc.name, m.size));
            assert!(rows > 0, "{}: no rows", sc.name);
            let n = r.statements();
            let most = statements.entry(sc.name).or_insert(n);
            *most = (*most).max(n);
        }
    }
    statements
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_answers_right_in_as_many_statements_whatever_the_size() {
    let tiny = run_all(Size::tiny()).await;
    let small = run_all(Size::small()).await;
    assert_eq!(tiny.len(), scenarios::all().len());
    assert_eq!(
        tiny, small,
        "statements per request, tiny vs small production"
    );
}

#[tokio::test]
async fn a_database_is_seeded_once() {
    let (db, production) = seeded(Size::tiny()).await;
    let handle = tusk_db::Db::connect(&db.url, 2).await.unwrap();
    let again = load::seed(&handle, &production).await;
    assert!(again.unwrap_err().to_string().contains("not empty"));
    let mut h = handle.clone();
    let q = handle.sql("SELECT COUNT(*) FROM \"task\"");
    assert_eq!(
        h.fetch_scalar::<i64>(&q).await.unwrap() as usize,
        production.size.tasks()
    );
    handle.close().await;
}

/// The script written for Zou, loaded with `psql` into an empty copy of
/// Zou's schema, holds exactly the rows the generator seeded into Tusk
/// (but the administrator's password: bcrypt for Zou, argon2id for Tusk).
#[tokio::test]
async fn the_zou_script_loads_the_same_rows() {
    let (seeded_db, production) = seeded(Size::tiny()).await;
    let Some((base, seeded_schema)) = seeded_db.pg_schema() else {
        eprintln!("PostgreSQL only (TEST_DATABASE_URL): Zou's database is PostgreSQL");
        return;
    };
    let zou_db = FreshDb::new().await;
    let (_, zou_schema) = zou_db.pg_schema().unwrap();
    let handle = tusk_db::Db::connect(&zou_db.url, 2).await.unwrap();
    tusk_db::migrate::run(&handle).await.unwrap();
    let mut script = Vec::new();
    load::zou_script(&mut script, &production).unwrap();
    let path = std::env::temp_dir().join(format!("{zou_schema}.sql"));
    std::fs::write(&path, &script).unwrap();
    let out = std::process::Command::new("psql")
        .args(["-q", "-v", "ON_ERROR_STOP=1", "-f"])
        .arg(&path)
        .arg(base)
        .env("PGOPTIONS", format!("-c search_path={zou_schema}"))
        .output()
        .expect("psql");
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut h = handle.clone();
    for table in dataset::TABLES {
        let digest = |schema: &str| {
            let mut q = handle.sql("SELECT COUNT(*), md5(COALESCE(string_agg(r, ',' ORDER BY r), '')) FROM (SELECT (to_jsonb(t) - 'password')::text AS r FROM ");
            q.ident(schema).push(".").ident(table).push(" t) x");
            q
        };
        let a: (i64, String) = h.fetch_one(&digest(seeded_schema)).await.unwrap();
        let b: (i64, String) = h.fetch_one(&digest(zou_schema)).await.unwrap();
        assert!(a.0 > 0, "{table} is empty");
        assert_eq!(a, b, "{table} differs");
    }
    let q = handle.sql("SELECT substr(encode(password, 'escape'), 1, 4) FROM person WHERE email = 'admin@example.com'");
    assert_eq!(h.fetch_scalar::<String>(&q).await.unwrap(), "$2b$");
    handle.close().await;
}
