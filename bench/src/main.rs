//! `tusk-bench`: see `tusk-bench --help` and `bench/run.sh`.

use clap::{Parser, Subcommand};
use std::time::Duration;
use tusk_bench::{driver, load, report, scenarios, Production, Size};

#[derive(Parser)]
#[command(about = "Tusk's big-production benchmark: dataset, load driver, report")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Fill a fresh Tusk database (SQLite file or PostgreSQL database) with a production.
    Seed {
        /// big (10,000 shots, 150,000 tasks), small (200 shots), tiny, or E×S×H (2x10x50).
        #[arg(long, default_value = "big")]
        size: String,
        /// sqlite:path/to/tusk.db or postgres://…
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
    },
    /// Write the same production as a psql script for Zou's PostgreSQL database.
    ZouSql {
        #[arg(long, default_value = "big")]
        size: String,
        /// Where to write it (standard output when absent).
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// The ids and counts the load driver uses, as JSON.
    Manifest {
        #[arg(long, default_value = "big")]
        size: String,
    },
    /// Measure a running server (Tusk or Zou) loaded with the production.
    Run {
        #[arg(long, default_value = "big")]
        size: String,
        /// Where the server answers (Tusk: http://127.0.0.1:8080, Zou: http://127.0.0.1:5000).
        #[arg(long)]
        base_url: String,
        /// The run's name in the report.
        #[arg(long)]
        label: String,
        /// Concurrencies, comma-separated.
        #[arg(long, default_value = "1,8", value_delimiter = ',')]
        concurrency: Vec<usize>,
        /// Seconds per scenario and concurrency.
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
        /// Requests per scenario and concurrency, at least.
        #[arg(long, default_value_t = 5)]
        min_requests: usize,
        /// Only these scenarios (by name, repeatable).
        #[arg(long)]
        only: Vec<String>,
        /// The server is Zou: skip what only Tusk answers (GraphQL).
        #[arg(long)]
        zou: bool,
        /// The server's process id, for its peak memory (children included).
        #[arg(long)]
        pid: Option<u32>,
        /// Write the measures as JSON here.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// Markdown tables of runs side by side; the last run is the reference (Zou).
    Report { runs: Vec<std::path::PathBuf> },
}

fn size(s: &str) -> anyhow::Result<Size> {
    Size::parse(s).map_err(anyhow::Error::msg)
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(run(cli.command))
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Seed {
            size: s,
            database_url,
        } => {
            let production = Production::new(size(&s)?);
            let db = tusk_db::Db::connect(&database_url, 2)
                .await
                .map_err(|e| anyhow::anyhow!(e.message()))?;
            let start = std::time::Instant::now();
            let counts = load::seed(&db, &production).await?;
            db.close().await;
            let total: usize = counts.iter().map(|(_, n)| n).sum();
            for (table, n) in counts {
                eprintln!("{table:>26} {n:>8}");
            }
            eprintln!("{total} rows in {:.1} s", start.elapsed().as_secs_f64());
        }
        Command::ZouSql { size: s, out } => {
            let production = Production::new(size(&s)?);
            let counts = match out {
                Some(path) => {
                    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
                    let c = load::zou_script(&mut f, &production)?;
                    std::io::Write::flush(&mut f)?;
                    c
                }
                None => load::zou_script(&mut std::io::stdout().lock(), &production)?,
            };
            let total: usize = counts.iter().map(|(_, n)| n).sum();
            eprintln!("{total} rows");
        }
        Command::Manifest { size: s } => {
            let m = Production::new(size(&s)?).manifest();
            println!("{}", serde_json::to_string_pretty(&m)?);
        }
        Command::Run {
            size: s,
            base_url,
            label,
            concurrency,
            seconds,
            min_requests,
            only,
            zou,
            pid,
            out,
        } => {
            let m = Production::new(size(&s)?).manifest();
            let plan = driver::Plan {
                base_url,
                concurrency,
                duration: Duration::from_secs_f64(seconds),
                min_requests,
                only,
                zou,
                pid,
            };
            let report = driver::run(&plan, &label, &m, &scenarios::all()).await?;
            let failed: usize = report.measures.iter().map(|m| m.errors).sum();
            if let Some(path) = out {
                std::fs::write(path, serde_json::to_vec_pretty(&report)?)?;
            }
            if let Some(rss) = report.peak_rss_mib {
                eprintln!("{label}: peak RSS {rss:.0} MiB");
            }
            if failed > 0 {
                anyhow::bail!("{failed} answers were wrong");
            }
        }
        Command::Report { runs } => {
            let mut reports = Vec::new();
            for path in runs {
                reports.push(serde_json::from_slice(&std::fs::read(&path)?)?);
            }
            print!("{}", report::markdown(&reports));
        }
    }
    Ok(())
}
