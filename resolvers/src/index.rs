//! The index blueprint: `/`, `/status`, `/status.txt`, `/status/resources`,
//! `/status/influx`, `/status/test-event`, `/stats`, `/config`.

use crate::app::{App, Kv};
use crate::rest::{count_where, RestReply};
use serde_json::{json, Map, Value};
use tusk_db::events::NewEvent;
use tusk_db::zou::Body;
use tusk_db::{Error, Result, Session};

async fn database_up(s: &Session) -> bool {
    let mut db = s.db();
    let q = db.sql("SELECT 1");
    db.fetch_scalar::<i32>(&q).await.is_ok()
}

async fn kv_up(app: &App) -> bool {
    match &app.kv {
        Kv::Database => true,
        Kv::Redis(c) => {
            let mut c = c.clone();
            redis::cmd("PING")
                .query_async::<String>(&mut c)
                .await
                .is_ok()
        }
    }
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Machine load, read from /proc (zeros where unavailable).
fn resources() -> Value {
    let load: Vec<f64> = read("/proc/loadavg")
        .split_whitespace()
        .take(3)
        .filter_map(|x| x.parse().ok())
        .collect();
    let mut mem: Map<String, Value> = Map::new();
    let meminfo = read("/proc/meminfo");
    let field = |name: &str| -> u64 {
        meminfo
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .map(|kb| kb * 1024)
            .unwrap_or(0)
    };
    let (total, available) = (field("MemTotal:"), field("MemAvailable:"));
    let used = total.saturating_sub(available);
    mem.insert("total".into(), json!(total));
    mem.insert("used".into(), json!(used));
    mem.insert("available".into(), json!(available));
    let pct = if total > 0 {
        (used as f64 / total as f64 * 1000.0).round() / 10.0
    } else {
        0.0
    };
    mem.insert("percent".into(), json!(pct));
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let per_core = load.first().copied().unwrap_or(0.0) / cpus as f64 * 100.0;
    let percent: Vec<f64> = (0..cpus)
        .map(|_| (per_core.min(100.0) * 10.0).round() / 10.0)
        .collect();
    let l = |i: usize| load.get(i).copied().unwrap_or(0.0);
    json!({
        "date": chrono::Utc::now().naive_utc().format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
        "cpu": {"percent": percent, "loadavg": {"last 1 min": l(0), "last 5 min": l(1), "last 10 min": l(2)}},
        "memory": mem,
        "jobs": {"running_jobs": 0},
    })
}

/// The answer of one index route.
pub async fn answer(app: &App, s: &Session, route: &str) -> Result<RestReply> {
    let version = &app.settings.zou_version;
    Ok(match route {
        "" => RestReply::json(200, &json!({"api": "Zou", "version": version})),
        "status" => {
            let (db, kv) = (database_up(s).await, kv_up(app).await);
            RestReply::json(
                200,
                &json!({"name": "Zou", "version": version, "database-up": db, "key-value-store-up": kv,
                        "event-stream-up": true, "job-queue-up": false, "indexer-up": false}),
            )
        }
        "status.txt" => {
            let (db, kv) = (database_up(s).await, kv_up(app).await);
            let up = |b: bool| if b { "up" } else { "down" };
            let text = format!(
                "name: Zou\nversion: {version}\ndatabase-up: {}\nevent-stream-up: up\nkey-value-store-up: {}\njob-queue-up: down\nindexer-up: down\n",
                up(db),
                up(kv)
            );
            RestReply::file("text", Body::Full(text.into_bytes()))
        }
        "status/resources" => RestReply::json(200, &resources()),
        "status/influx" => {
            let (db, kv) = (database_up(s).await, kv_up(app).await);
            let t = chrono::Utc::now().timestamp_micros() as f64 / 1e6;
            RestReply::json(
                200,
                &json!({"database-up": db as i32, "key-value-store-up": kv as i32, "event-stream-up": 1,
                        "job-queue-up": 0, "indexer-up": 0, "time": t}),
            )
        }
        "status/test-event" => {
            let mut e = NewEvent::new("main:test", Map::new(), None);
            e.persist = false;
            let mut tx = s.db.begin().await?;
            let ev = s.record(&mut tx, e).await?;
            s.commit(tx, vec![ev]).await?;
            RestReply::json(200, &json!({"success": true}))
        }
        "stats" => {
            if !s.principal.actor()?.is_admin() {
                return Err(Error::forbidden());
            }
            let ext = |list: &[&str]| {
                list.iter()
                    .map(|e| format!("'{e}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let videos = ext(&["mp4", "mov", "avi", "mkv", "m4v", "webm", "wmv"]);
            let pictures = ext(&["png", "jpg", "jpeg", "jpe"]);
            let models = ext(&["obj", "glb", "gltf", "fbx", "blend"]);
            let n = |list: &str| format!("\"extension\" IN ({list})");
            RestReply::json(
                200,
                &json!({
                    "number_of_video_previews": count_where(s, "preview_file", &n(&videos), vec![]).await?,
                    "number_of_picture_previews": count_where(s, "preview_file", &n(&pictures), vec![]).await?,
                    "number_of_model_previews": count_where(s, "preview_file", &n(&models), vec![]).await?,
                    "number_of_comments": count_where(s, "comment", "", vec![]).await?,
                }),
            )
        }
        "config" => {
            let mut db = s.db();
            let dark = crate::auth::organisation(&mut db)
                .await
                .ok()
                .and_then(|o| o.dark_theme_by_default)
                .unwrap_or(false);
            RestReply::json(
                200,
                &json!({
                    "is_self_hosted": true, "crisp_token": "", "dark_theme_by_default": dark,
                    "indexer_configured": false, "saml_enabled": false, "saml_idp_name": "",
                    "oidc_enabled": false, "oidc_idp_name": "",
                    "default_locale": app.settings.default_locale,
                    "default_timezone": app.settings.default_timezone,
                    "enforce_2fa": false, "movie_highdef_bitrate": 28, "movie_lowdef_bitrate": 6,
                    "preview_accounts_enabled": true,
                }),
            )
        }
        _ => return Err(Error::not_found()),
    })
}
