//! The command line, mirroring Zou's: routes, export-schema, init-db,
//! init-data, create-admin, and options as flags or environment variables.

mod support;

use std::process::Command;

fn tusk(args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tusk"));
    c.args(args).env("TUSK_LOG", "warn");
    for k in [
        "DATABASE_URL",
        "DB_HOST",
        "SECRET_KEY",
        "ADMIN_PASSWORD",
        "ADMIN_EMAIL",
        "KV_HOST",
    ] {
        c.env_remove(k);
    }
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().unwrap()
}

#[test]
fn routes_lists_every_served_route() {
    let out = tusk(&["routes"], &[]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for r in [
        "GET /",
        "GET /status",
        "GET /config",
        "POST /auth/login",
        "GET /auth/refresh-token",
        "GET /data/projects",
        "POST /data/projects",
        "GET /data/projects/{instance_id}",
        "PUT /data/tasks/{instance_id}",
        "DELETE /data/task-types/{instance_id}",
        "POST /data/task-type-links",
        "POST /graphql",
    ] {
        assert!(lines.contains(&r), "missing {r}");
    }
    for l in &lines {
        let (m, p) = l.split_once(' ').unwrap();
        assert!(["GET", "POST", "PUT", "DELETE"].contains(&m), "{l}");
        assert!(p.starts_with('/'), "{l}");
    }
}

#[test]
fn export_schema_prints_the_checked_in_sdl() {
    let out = tusk(&["export-schema"], &[]);
    assert!(out.status.success());
    let checked_in = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/schema.graphql"
    ))
    .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), checked_in);
}

#[tokio::test]
async fn init_db_init_data_and_create_admin() {
    let db = support::FreshDb::new().await;
    let env = [("DATABASE_URL", db.url.as_str()), ("SECRET_KEY", "k")];
    let out = tusk(&["init-db"], &env);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = tusk(&["init-data"], &env);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = tusk(
        &[
            "create-admin",
            "boss@example.com",
            "--password",
            "longenough",
        ],
        &env,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Twice is refused.
    let out = tusk(
        &[
            "create-admin",
            "boss@example.com",
            "--password",
            "longenough",
        ],
        &env,
    );
    assert!(!out.status.success());
    let conn = tusk_db::Db::connect(&db.url, 1).await.unwrap();
    let mut c = conn.clone();
    let q = c.sql("SELECT COUNT(*) FROM task_status");
    assert_eq!(c.fetch_scalar::<i64>(&q).await.unwrap(), 9);
    let q =
        c.sql("SELECT COUNT(*) FROM person WHERE role = 'admin' AND email = 'boss@example.com'");
    assert_eq!(c.fetch_scalar::<i64>(&q).await.unwrap(), 1);
    conn.close().await;
}

#[test]
fn zou_database_variables_select_postgres() {
    let cfg = tusk::config::Config {
        db_host: Some("db.example".into()),
        db_port: 5433,
        db_username: "zou".into(),
        db_password: "pw".into(),
        db_database: "zoudb".into(),
        ..support::config_for_test()
    };
    assert_eq!(
        cfg.database_url(),
        "postgres://zou:pw@db.example:5433/zoudb"
    );
    assert_eq!(
        tusk::redact(&cfg.database_url()),
        "postgres://zou:***@db.example:5433/zoudb"
    );
    let sqlite = support::config_for_test();
    assert!(sqlite.database_url().starts_with("sqlite:"));
    let help = String::from_utf8(tusk(&["--help"], &[]).stdout).unwrap();
    for var in [
        "TUSK_BIND",
        "TUSK_DATA_DIR",
        "DATABASE_URL",
        "DB_HOST",
        "SECRET_KEY",
        "KV_HOST",
    ] {
        assert!(help.contains(var), "--help names {var}");
    }
}
