//! `tusk`: see `tusk --help`.

use clap::Parser;
use tusk::config::{Cli, Command, Dev};
use tusk_db::Dialect;

/// mimalloc for Rust's allocations; with its `override` feature (Cargo.toml)
/// it also replaces `malloc` for the C code linked in, SQLite above all:
/// sqlx copies every value SQLite reads on its worker thread and frees it
/// on a runtime thread, and glibc's allocator spent a third of a big list's
/// time on those cross-thread frees (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long an idle thread of tokio's blocking pool waits for work before
/// it exits (tokio's default is 10 s).
///
/// SQLite's big reads step their statement on that pool (`tusk_db::direct`).
/// The pool hands each job to the thread that has waited longest, so after
/// a burst (eight with-tasks views at once leave ~25 threads) every read
/// lands on a thread that has not run for a while, and reads got slow for
/// as long as the threads stayed: a project's 10,000 shots, one request at
/// a time, went from 37 to 22 requests/s on the big production, with the
/// machine half idle, until ten quiet seconds let the threads go. Thirty
/// idle threads made at start-up did the same, with no big request before;
/// a pool capped at six threads did too. Threads that leave after 50 ms
/// keep the pool at what the load uses, so the next read finds a thread
/// that ran moments ago; starting a thread when one is missing costs tens
/// of microseconds (docs/benchmarks.md).
const BLOCKING_KEEP_ALIVE: std::time::Duration = std::time::Duration::from_millis(50);

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(&cli.config.log)
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_keep_alive(BLOCKING_KEEP_ALIVE)
        .build()?;
    rt.block_on(run(cli))
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = cli.config;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => tusk::serve(&config).await,
        Command::InitDb => {
            let db = tusk_db::Db::connect(&config.database_url(), 2)
                .await
                .map_err(|e| anyhow::anyhow!(e.message()))?;
            tusk_db::migrate::run(&db)
                .await
                .map_err(|e| anyhow::anyhow!(e.message()))?;
            eprintln!("Database and tables created.");
            Ok(())
        }
        Command::InitData => {
            let db = tusk_db::Db::connect(&config.database_url(), 2)
                .await
                .map_err(|e| anyhow::anyhow!(e.message()))?;
            tusk_db::migrate::run(&db)
                .await
                .map_err(|e| anyhow::anyhow!(e.message()))?;
            let n = tusk_resolvers::seed::init_data(&db)
                .await
                .map_err(|e| anyhow::anyhow!(e.message()))?;
            eprintln!("Base data initialized ({n} rows created).");
            Ok(())
        }
        Command::CreateAdmin { email, password } => {
            let mut c = config.clone();
            c.admin_email = Some(email.clone());
            c.admin_password = Some(password.clone());
            let db = tusk_db::Db::connect(&config.database_url(), 2)
                .await
                .map_err(|e| anyhow::anyhow!(e.message()))?;
            tusk_db::migrate::run(&db)
                .await
                .map_err(|e| anyhow::anyhow!(e.message()))?;
            let app = tusk_resolvers::App::new(
                db,
                tusk_resolvers::Settings::new(config.secret_key()?),
                tusk_resolvers::Kv::Database,
            );
            tusk_resolvers::seed::create_admin(&app, &email, &password)
                .await
                .map_err(|e| anyhow::anyhow!(e.message()))?;
            eprintln!("Admin {email} created.");
            Ok(())
        }
        Command::ExportSchema => {
            print!("{}", tusk_resolvers::gql::sdl());
            Ok(())
        }
        Command::Routes => {
            for r in tusk_rest_compat::routes() {
                println!("{r}");
            }
            Ok(())
        }
        Command::Dev(Dev::Ddl { dialect }) => {
            let d = match dialect.as_str() {
                "sqlite" => Dialect::Sqlite,
                "postgres" | "postgresql" => Dialect::Postgres,
                other => anyhow::bail!("unknown dialect {other} (sqlite or postgres)"),
            };
            print!("{}", tusk::ddl(d));
            Ok(())
        }
    }
}
