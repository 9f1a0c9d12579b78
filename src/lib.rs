//! The `tusk` binary's library: configuration and the assembly of the
//! server from its crates (db ← schema ← resolvers ← rest-compat ← here).
//! Integration tests build the same application through [`build`].

#![recursion_limit = "256"]

pub mod config;

use axum::serve::ListenerExt;
use config::Config;

use tusk_db::{ddl, migrate, Db, Dialect};
use tusk_resolvers::{gql, seed, App, Kv, Settings};

/// A ready application: state and HTTP service.
pub struct Built {
    pub app: App,
    pub service: tower_http::normalize_path::NormalizePath<axum::Router>,
    /// Set when the first administrator was created with a random password.
    pub generated_admin: Option<(String, String)>,
}

/// Connect, migrate, seed an empty database, make sure an admin exists,
/// and assemble the HTTP application.
pub async fn build(config: &Config) -> anyhow::Result<Built> {
    let db = Db::connect(&config.database_url(), config.db_pool_size)
        .await
        .map_err(err)?;
    migrate::run(&db).await.map_err(err)?;
    if is_empty(&db).await? {
        seed::init_data(&db).await.map_err(err)?;
    }
    migrate::analyze(&db).await.map_err(err)?;
    let kv = match config.kv_url() {
        Some(url) => Kv::redis(&url).await.map_err(err)?,
        None => Kv::Database,
    };
    let mut settings = Settings::new(config.secret_key()?);
    settings.files_dir = Some(config.files_dir());
    let app = App::new(db, settings, kv);
    let generated_admin = ensure_admin(&app, config).await?;
    let schema = gql::build(app.clone());
    let service = tusk_rest_compat::app(tusk_rest_compat::RestState {
        app: app.clone(),
        schema,
    });
    Ok(Built {
        app,
        service,
        generated_admin,
    })
}

fn err(e: tusk_db::Error) -> anyhow::Error {
    anyhow::anyhow!(e.message())
}

async fn is_empty(db: &Db) -> anyhow::Result<bool> {
    let mut db = db.clone();
    let q = db.sql("SELECT COUNT(*) FROM \"project_status\"");
    Ok(db.fetch_scalar::<i64>(&q).await.map_err(err)? == 0)
}

/// Create the first administrator when there is none: from ADMIN_EMAIL and
/// ADMIN_PASSWORD, or admin@example.com with a random password (returned,
/// to be printed once).
pub async fn ensure_admin(app: &App, config: &Config) -> anyhow::Result<Option<(String, String)>> {
    if seed::has_admin(&app.db).await.map_err(err)? {
        return Ok(None);
    }
    let email = config
        .admin_email
        .clone()
        .unwrap_or_else(|| "admin@example.com".into());
    let (password, generated) = match &config.admin_password {
        Some(p) => (p.clone(), false),
        None => (config::random_hex(12), true),
    };
    seed::create_admin(app, &email, &password)
        .await
        .map_err(err)?;
    Ok(generated.then_some((email, password)))
}

/// The DDL the table descriptions imply.
pub fn ddl(dialect: Dialect) -> String {
    let preamble: &[&str] = &["CREATE TYPE import_source_enum AS ENUM ('csv', 'shotgun')"];
    ddl::schema(tusk_schema::ALL, dialect, preamble)
}

/// Run the server until Ctrl-C.
pub async fn serve(config: &Config) -> anyhow::Result<()> {
    let built = build(config).await?;
    if let Some((email, password)) = &built.generated_admin {
        eprintln!("Created the first administrator: {email} / password: {password}");
        eprintln!("(printed once; set ADMIN_EMAIL and ADMIN_PASSWORD to choose them)");
    }
    // TCP_NODELAY on every connection: a streamed answer is written in
    // pieces, and without it the kernel holds a short last piece (the
    // closing bracket, the chunked encoding's end) until the client
    // acknowledges the previous one, which clients delay by up to 40 ms
    // (Nagle's algorithm against delayed ACKs). It showed as a 40–45 ms
    // tail on every kind of answer in the benchmark (docs/benchmarks.md).
    let listener = tokio::net::TcpListener::bind(&config.bind)
        .await?
        .tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::warn!("cannot set TCP_NODELAY on a connection: {e}");
            }
        });
    tracing::info!(bind = %config.bind, database = %redact(&config.database_url()), "tusk listening");
    // The planner's statistics, refreshed every hour (see `migrate::analyze`).
    let db = built.app.db.clone();
    tokio::spawn(async move {
        let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
        hourly.tick().await; // the first tick is now: `build` just ran it
        loop {
            hourly.tick().await;
            if let Err(e) = migrate::analyze(&db).await {
                tracing::warn!(
                    "refreshing the planner's statistics failed: {}",
                    e.message()
                );
            }
        }
    });
    let service = axum::ServiceExt::<axum::extract::Request>::into_make_service_with_connect_info::<
        std::net::SocketAddr,
    >(built.service);
    axum::serve(listener, service)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    built.app.db.close().await;
    Ok(())
}

/// A database URL without its password, for logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{}:***{}", &url[..s + 3], user, &url[at..])
        }
        _ => url.to_owned(),
    }
}
