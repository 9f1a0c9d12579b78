//! The load driver: runs each scenario against a server over HTTP at a
//! given concurrency, checks every answer, and measures requests per
//! second, latency percentiles, SQL statements per request (Tusk's
//! `X-Tusk-Sql-Statements`) and the server's peak memory.

use crate::dataset::Manifest;
use crate::scenarios::{check, Req, Scenario};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How a run goes.
#[derive(Debug, Clone)]
pub struct Plan {
    pub base_url: String,
    pub concurrency: Vec<usize>,
    /// Each (scenario, concurrency) runs this long…
    pub duration: Duration,
    /// …and at least this many requests.
    pub min_requests: usize,
    /// Scenarios to run (all when empty), by name.
    pub only: Vec<String>,
    /// Skip the scenarios only Tusk answers (for Zou).
    pub zou: bool,
    /// The server's process; its children count too (gunicorn's workers).
    pub pid: Option<u32>,
}

/// One scenario at one concurrency.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Measure {
    pub scenario: String,
    pub concurrency: usize,
    pub requests: usize,
    pub errors: usize,
    pub first_error: Option<String>,
    pub seconds: f64,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Rows in each answer.
    pub rows: usize,
    /// SQL statements per request (min, max), when the server says.
    pub statements: Option<(u64, u64)>,
    pub bytes: usize,
    pub big_read: bool,
}

/// A whole run against one server.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub label: String,
    pub base_url: String,
    pub size: String,
    pub measures: Vec<Measure>,
    /// Peak resident memory of the server (and its children), in MiB.
    pub peak_rss_mib: Option<f64>,
}

struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
}

struct Answer {
    status: u16,
    statements: Option<u64>,
}

impl Client {
    /// Send `req` and receive its answer's body into `body` (cleared
    /// first). Each worker keeps one buffer for all its requests: the big
    /// answers are tens of megabytes, and receiving each into fresh memory
    /// (what `Response::bytes` does: its chunks, then one copy of them)
    /// costs the client page faults and copies on the two cores the server
    /// runs on, and shows in the server's latency.
    async fn send(&self, req: &Req, body: &mut Vec<u8>) -> Result<Answer, String> {
        let url = format!("{}{}", self.base, req.path);
        let method =
            reqwest::Method::from_bytes(req.method.as_bytes()).map_err(|e| e.to_string())?;
        let mut b = self.http.request(method, url);
        if !self.token.is_empty() && req.path != "/auth/login" {
            b = b.bearer_auth(&self.token);
        }
        if let Some(body) = &req.body {
            b = b
                .header("content-type", "application/json")
                .body(serde_json::to_vec(body).map_err(|e| e.to_string())?);
        }
        let mut res = b.send().await.map_err(|e| format!("{}: {e}", req.path))?;
        let status = res.status().as_u16();
        let statements = res
            .headers()
            .get("x-tusk-sql-statements")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        body.clear();
        while let Some(chunk) = res
            .chunk()
            .await
            .map_err(|e| format!("{}: {e}", req.path))?
        {
            body.extend_from_slice(&chunk);
        }
        Ok(Answer { status, statements })
    }
}

/// Log in as the manifest's administrator.
async fn login(http: &reqwest::Client, base: &str, m: &Manifest) -> anyhow::Result<String> {
    let res = http
        .post(format!("{base}/auth/login"))
        .header("content-type", "application/json")
        .body(serde_json::to_vec(
            &serde_json::json!({"email": m.admin_email, "password": m.admin_password}),
        )?)
        .send()
        .await?;
    let status = res.status();
    let v: serde_json::Value = serde_json::from_slice(&res.bytes().await?)?;
    v["access_token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("login failed ({status}): {v}"))
}

/// Run every scenario of `scenarios` the plan selects, at each concurrency.
pub async fn run(
    plan: &Plan,
    label: &str,
    m: &Manifest,
    scenarios: &[Scenario],
) -> anyhow::Result<Report> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(900))
        .pool_max_idle_per_host(64)
        .build()?;
    let base = plan.base_url.trim_end_matches('/').to_owned();
    let token = login(&http, &base, m).await?;
    let client = Arc::new(Client {
        http,
        base: base.clone(),
        token,
    });
    let mut measures = Vec::new();
    for sc in scenarios {
        if plan.zou && sc.tusk_only {
            continue;
        }
        if !plan.only.is_empty() && !plan.only.iter().any(|o| o == sc.name) {
            continue;
        }
        for &c in &plan.concurrency {
            let measure = measure(&client, plan, m, sc, c).await?;
            eprintln!(
                "{label:>12} {:<22} c={c:<2} {:>8.1} req/s  p50 {:>9.1} ms  p99 {:>9.1} ms  rows {:>6}  sql {:?}{}",
                sc.name,
                measure.rps,
                measure.p50_ms,
                measure.p99_ms,
                measure.rows,
                measure.statements,
                if measure.errors > 0 {
                    format!("  ERRORS {} ({})", measure.errors, measure.first_error.as_deref().unwrap_or(""))
                } else {
                    String::new()
                }
            );
            measures.push(measure);
        }
    }
    Ok(Report {
        label: label.into(),
        base_url: base,
        size: m.size.clone(),
        measures,
        peak_rss_mib: plan.pid.and_then(peak_rss_mib),
    })
}

/// One request's latency and the SQL statements it ran (Tusk's header).
type Sample = (Duration, Option<u64>);

/// One scenario at concurrency `c`: a checked warm-up request, then `c`
/// workers sending requests one after the other until the plan's duration
/// and minimum count are both reached.
async fn measure(
    client: &Arc<Client>,
    plan: &Plan,
    m: &Manifest,
    sc: &Scenario,
    c: usize,
) -> anyhow::Result<Measure> {
    let mut warm_body = Vec::new();
    let warm = client
        .send(&(sc.request)(m, 999_983), &mut warm_body)
        .await
        .map_err(|e| anyhow::anyhow!(e))?;
    let rows = check(sc, m, warm.status, &warm_body).map_err(|e| anyhow::anyhow!(e))?;
    let bytes = warm_body.len();
    let next = Arc::new(AtomicUsize::new(0));
    let samples: Arc<Mutex<Vec<Sample>>> = Arc::default();
    let errors: Arc<Mutex<Vec<String>>> = Arc::default();
    let start = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..c {
        let (client, next, samples, errors) = (
            client.clone(),
            next.clone(),
            samples.clone(),
            errors.clone(),
        );
        let (m, sc, request) = (m.clone(), *sc, sc.request);
        let (duration, min) = (plan.duration, plan.min_requests);
        workers.push(tokio::spawn(async move {
            let mut body = Vec::with_capacity(bytes + bytes / 8);
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= min && start.elapsed() >= duration {
                    break;
                }
                let req = request(&m, i);
                let t0 = Instant::now();
                let res = client.send(&req, &mut body).await;
                let took = t0.elapsed();
                match res {
                    Ok(a) => {
                        if let Err(e) = check(&sc, &m, a.status, &body) {
                            errors.lock().unwrap().push(e);
                        }
                        samples.lock().unwrap().push((took, a.statements));
                    }
                    Err(e) => errors.lock().unwrap().push(e),
                }
            }
        }));
    }
    for w in workers {
        w.await?;
    }
    let seconds = start.elapsed().as_secs_f64();
    let samples = std::mem::take(&mut *samples.lock().unwrap());
    let errors = std::mem::take(&mut *errors.lock().unwrap());
    let mut lat: Vec<f64> = samples.iter().map(|(d, _)| d.as_secs_f64() * 1e3).collect();
    lat.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| -> f64 {
        if lat.is_empty() {
            return 0.0;
        }
        let k = ((p * lat.len() as f64).ceil() as usize).clamp(1, lat.len()) - 1;
        lat[k]
    };
    let stmts: Vec<u64> = samples
        .iter()
        .filter_map(|(_, s)| *s)
        .chain(warm.statements)
        .collect();
    Ok(Measure {
        scenario: sc.name.into(),
        concurrency: c,
        requests: samples.len(),
        errors: errors.len(),
        first_error: errors.first().cloned(),
        seconds,
        rps: samples.len() as f64 / seconds,
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        max_ms: lat.last().copied().unwrap_or(0.0),
        rows,
        statements: stmts
            .iter()
            .min()
            .zip(stmts.iter().max())
            .map(|(a, b)| (*a, *b)),
        bytes,
        big_read: sc.big_read,
    })
}

/// Peak resident memory (`VmHWM`) of a process and its children, in MiB.
pub fn peak_rss_mib(pid: u32) -> Option<f64> {
    let hwm = |pid: u32| -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    };
    let mut total = hwm(pid)?;
    let children =
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
    for child in children.split_whitespace().filter_map(|c| c.parse().ok()) {
        total += hwm(child).unwrap_or(0);
    }
    Some(total as f64 / 1024.0)
}
