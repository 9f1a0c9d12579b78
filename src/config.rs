//! Command line and configuration. Every option is a flag and an
//! environment variable; Zou's variable names are accepted where Zou has
//! one (`DATABASE_URL`, `DB_HOST`…, `SECRET_KEY`, `KV_HOST`…).

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "tusk",
    version,
    about = "Production tracking server speaking Zou's API (Kitsu, gazu), GraphQL-first"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the API (the default).
    Serve,
    /// Create or upgrade the database schema.
    InitDb,
    /// Load the base data `zou init-data` creates (statuses, types…).
    InitData,
    /// Create an administrator.
    CreateAdmin {
        email: String,
        #[arg(long, env = "ADMIN_PASSWORD")]
        password: String,
    },
    /// Print the GraphQL schema (SDL).
    ExportSchema,
    /// Print every REST route served, one `METHOD /path` a line.
    Routes,
    /// Developer tools.
    #[command(subcommand)]
    Dev(Dev),
}

#[derive(Subcommand, Debug)]
pub enum Dev {
    /// Print the DDL the table descriptions imply (`sqlite` or `postgres`).
    Ddl { dialect: String },
}

#[derive(Args, Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    #[arg(
        long,
        env = "TUSK_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: String,
    /// Where the SQLite database, the secret key and files are kept.
    #[arg(long, env = "TUSK_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,
    /// `sqlite:…` or `postgres://…`. Default: SQLite in the data dir.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Zou's Postgres settings, used when DATABASE_URL is not set.
    #[arg(long, env = "DB_HOST", global = true)]
    pub db_host: Option<String>,
    #[arg(long, env = "DB_PORT", default_value = "5432", global = true)]
    pub db_port: u16,
    #[arg(long, env = "DB_USERNAME", default_value = "postgres", global = true)]
    pub db_username: String,
    #[arg(
        long,
        env = "DB_PASSWORD",
        default_value = "",
        global = true,
        hide_env_values = true
    )]
    pub db_password: String,
    #[arg(long, env = "DB_DATABASE", default_value = "zoudb", global = true)]
    pub db_database: String,
    /// Database connections per instance.
    #[arg(long, env = "TUSK_DB_POOL_SIZE", default_value = "16", global = true)]
    pub db_pool_size: u32,
    /// Signs tokens. Default: generated once and kept in the data dir.
    #[arg(long, env = "SECRET_KEY", global = true, hide_env_values = true)]
    pub secret_key: Option<String>,
    /// Redis for revoked tokens (shared by several instances). Default: the database.
    #[arg(long, env = "KV_HOST", global = true)]
    pub kv_host: Option<String>,
    #[arg(long, env = "KV_PORT", default_value = "6379", global = true)]
    pub kv_port: u16,
    /// The first administrator, created when none exists.
    #[arg(long, env = "ADMIN_EMAIL", global = true)]
    pub admin_email: Option<String>,
    #[arg(
        long = "admin-password",
        env = "ADMIN_PASSWORD",
        global = true,
        hide_env_values = true
    )]
    pub admin_password: Option<String>,
    /// Where uploaded files live (Zou's PREVIEW_FOLDER). Default: `<data dir>/previews`.
    #[arg(long, env = "PREVIEW_FOLDER", global = true)]
    pub preview_folder: Option<PathBuf>,
    /// Log filter (`info`, `tusk=debug`…).
    #[arg(long, env = "TUSK_LOG", default_value = "info", global = true)]
    pub log: String,
}

impl Config {
    /// The database URL: `DATABASE_URL`, else Zou's `DB_*`, else SQLite in
    /// the data dir.
    pub fn database_url(&self) -> String {
        if let Some(u) = &self.database_url {
            return u.clone();
        }
        if let Some(host) = &self.db_host {
            let auth = if self.db_password.is_empty() {
                self.db_username.clone()
            } else {
                format!("{}:{}", self.db_username, self.db_password)
            };
            return format!(
                "postgres://{auth}@{host}:{}/{}",
                self.db_port, self.db_database
            );
        }
        format!("sqlite:{}", self.data_dir.join("tusk.db").display())
    }

    /// Where uploaded files live.
    pub fn files_dir(&self) -> PathBuf {
        self.preview_folder
            .clone()
            .unwrap_or_else(|| self.data_dir.join("previews"))
    }

    pub fn kv_url(&self) -> Option<String> {
        self.kv_host
            .as_ref()
            .map(|h| format!("redis://{h}:{}/0", self.kv_port))
    }

    /// The secret key: configured, or read from (or written to) the data dir.
    pub fn secret_key(&self) -> std::io::Result<String> {
        if let Some(k) = &self.secret_key {
            return Ok(k.clone());
        }
        std::fs::create_dir_all(&self.data_dir)?;
        let path = self.data_dir.join("secret_key");
        if let Ok(k) = std::fs::read_to_string(&path) {
            if !k.trim().is_empty() {
                return Ok(k.trim().to_owned());
            }
        }
        let key = random_hex(32);
        write_private(&path, &key)?;
        Ok(key)
    }
}

pub fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut b = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Write a file readable by its owner only.
fn write_private(path: &std::path::Path, content: &str) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(path)?;
        f.write_all(content.as_bytes())
    }
    #[cfg(not(unix))]
    {
        std::fs::write(path, content)
    }
}
