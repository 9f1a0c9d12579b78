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
