//! Black-box test harness: a fresh database per test (a temporary SQLite
//! file, or a fresh schema in the Postgres of `TEST_DATABASE_URL`), the real
//! application built from it, and requests through the real router.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;
use tusk::config::Config;

pub const ADMIN_EMAIL: &str = "admin@example.com";
pub const ADMIN_PASSWORD: &str = "mysecretpassword";

/// Which database a test runs on.
pub fn postgres_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

fn random_name() -> String {
    format!("t{}", uuid::Uuid::new_v4().simple())
}

/// A fresh, empty database: its URL, and how to remove it.
pub struct FreshDb {
    pub url: String,
    dir: std::path::PathBuf,
    pg_schema: Option<(String, String)>,
}

impl FreshDb {
    pub async fn new() -> FreshDb {
        let dir = std::env::temp_dir().join(random_name());
        std::fs::create_dir_all(&dir).unwrap();
        match postgres_url() {
            None => FreshDb {
                url: format!("sqlite:{}", dir.join("tusk.db").display()),
                dir,
                pg_schema: None,
            },
            Some(base) => {
                let schema = random_name();
                let admin = tusk_db::Db::connect(&base, 1)
                    .await
                    .expect("connect TEST_DATABASE_URL");
                admin
                    .execute_script(&format!("CREATE SCHEMA \"{schema}\""))
                    .await
                    .unwrap();
                admin.close().await;
                let sep = if base.contains('?') { '&' } else { '?' };
                let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
                FreshDb {
                    url,
                    dir,
                    pg_schema: Some((base, schema)),
                }
            }
        }
    }
}

impl FreshDb {
    /// On Postgres: the server's URL and this database's schema.
    pub fn pg_schema(&self) -> Option<(&str, &str)> {
        self.pg_schema
            .as_ref()
            .map(|(base, schema)| (base.as_str(), schema.as_str()))
    }
}

impl Drop for FreshDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some((base, schema)) = self.pg_schema.take() {
            // Drop the schema from a plain thread: Drop cannot await.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    if let Ok(db) = tusk_db::Db::connect(&base, 1).await {
                        // A test that panicked mid-transaction leaves its
                        // connection idle in that transaction: end those that
                        // have been idle for a while, then drop.
                        let drop = format!("SET lock_timeout = '3s'; DROP SCHEMA \"{schema}\" CASCADE");
                        if db.execute_script(&drop).await.is_err() {
                            let _ = db
                                .execute_script(
                                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = 'idle in transaction' \
                                     AND state_change < now() - interval '2 seconds' AND datname = current_database()",
                                )
                                .await;
                            let _ = db.execute_script(&drop).await;
                        }
                        db.close().await;
                    }
                });
            })
            .join();
        }
    }
}

pub fn config_for(db: &FreshDb) -> Config {
    Config {
        bind: "127.0.0.1:0".into(),
        data_dir: db.dir.clone(),
        database_url: Some(db.url.clone()),
        db_host: None,
        db_port: 5432,
        db_username: "postgres".into(),
        db_password: String::new(),
        db_database: "zoudb".into(),
        db_pool_size: 8,
        secret_key: Some("test-secret-key".into()),
        kv_host: None,
        kv_port: 6379,
        admin_email: Some(ADMIN_EMAIL.into()),
        admin_password: Some(ADMIN_PASSWORD.into()),
        log: "warn".into(),
        preview_folder: None,
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Res {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub text: String,
    pub bytes: Vec<u8>,
}

impl Res {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|_| panic!("not JSON ({}): {}", self.status, self.text))
    }
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }
    /// SQL statements the request ran.
    pub fn statements(&self) -> u64 {
        self.headers
            .get("x-tusk-sql-statements")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("statement counter header")
    }
    pub fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect()
    }
}

/// The application under test.
pub struct TestApp {
    pub db: FreshDb,
    pub built: tusk::Built,
    pub admin: String,
}

impl TestApp {
    pub async fn new() -> TestApp {
        TestApp::on(FreshDb::new().await).await
    }

    /// The application over a database prepared beforehand (as the
    /// benchmark's dataset is), logged in as its administrator.
    pub async fn on(db: FreshDb) -> TestApp {
        let built = tusk::build(&config_for(&db)).await.expect("build app");
        let mut t = TestApp {
            db,
            built,
            admin: String::new(),
        };
        t.admin = t.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        t
    }

    pub fn is_postgres(&self) -> bool {
        self.db.pg_schema.is_some()
    }

    /// Send a request through the real router.
    pub async fn send(&self, req: Request<Body>) -> Res {
        let res = self.built.service.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Res {
            status,
            headers,
            text: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Res {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        let req = match body {
            Some(v) => b
                .header("content-type", "application/json")
                .body(Body::from(serde_json::to_vec(&v).unwrap()))
                .unwrap(),
            None => b.body(Body::empty()).unwrap(),
        };
        self.send(req).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Res {
        self.call("GET", path, Some(token), None).await
    }
    pub async fn post(&self, path: &str, token: &str, body: Value) -> Res {
        self.call("POST", path, Some(token), Some(body)).await
    }
    pub async fn put(&self, path: &str, token: &str, body: Value) -> Res {
        self.call("PUT", path, Some(token), Some(body)).await
    }
    pub async fn delete(&self, path: &str, token: &str) -> Res {
        self.call("DELETE", path, Some(token), None).await
    }

    /// Log in through `POST /auth/login`; returns the access token.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let r = self
            .call(
                "POST",
                "/auth/login",
                None,
                Some(json!({"email": email, "password": password})),
            )
            .await;
        assert_eq!(r.status(), 200, "login {email}: {}", r.text);
        r.json()["access_token"].as_str().unwrap().to_owned()
    }

    /// Run a GraphQL operation through `POST /graphql`.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> (Value, u64) {
        let r = self
            .call(
                "POST",
                "/graphql",
                token,
                Some(json!({"query": query, "variables": variables})),
            )
            .await;
        assert_eq!(r.status(), 200, "{}", r.text);
        (r.json(), r.statements())
    }

    /// GraphQL data, failing on errors.
    pub async fn gql_ok(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let (v, _) = self.gql(token, query, variables).await;
        assert!(v.get("errors").is_none(), "GraphQL errors: {v}");
        v["data"].clone()
    }

    /// Create a person with a role and a password; returns (id, token).
    pub async fn person(&self, role: &str, email: &str) -> (String, String) {
        let r = self
            .post(
                "/data/persons",
                &self.admin,
                json!({"first_name": role, "last_name": "Test", "email": email, "role": role}),
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text);
        let id = r.json()["id"].as_str().unwrap().to_owned();
        self.set_password(&id, "secret1234").await;
        let token = self.login(email, "secret1234").await;
        (id, token)
    }

    /// Set a person's password directly (argon2id).
    pub async fn set_password(&self, id: &str, password: &str) {
        let hash = tusk_resolvers::auth::passwords::hash(password)
            .await
            .unwrap();
        let mut db = self.built.app.db.clone();
        let mut q = db.sql("UPDATE \"person\" SET \"password\" = ");
        q.bind(tusk_db::SqlValue::Bytes(Some(hash)));
        q.push(" WHERE \"id\" = ")
            .bind(tusk_db::SqlValue::Uuid(Some(id.parse().unwrap())));
        db.execute(&q).await.unwrap();
    }

    /// The events recorded after the first `skip` ones: (name, data).
    pub async fn events_since(&self, skip: i64) -> Vec<(String, Value)> {
        let mut db = self.built.app.db.clone();
        let mut q = db.sql("SELECT \"name\", \"data\" FROM \"api_event\" ORDER BY \"created_at\", \"id\" LIMIT 100000 OFFSET ");
        q.bind(tusk_db::SqlValue::BigInt(Some(skip)));
        db.fetch_all::<(String, Option<Value>)>(&q)
            .await
            .unwrap()
            .into_iter()
            .map(|(n, d)| (n, d.unwrap_or(Value::Null)))
            .collect()
    }

    /// Run raw SQL returning one integer.
    pub async fn count(&self, sql: &str) -> i64 {
        let mut db = self.built.app.db.clone();
        let q = db.sql(sql);
        db.fetch_scalar::<i64>(&q).await.unwrap()
    }

    /// A row of the init data, by name.
    pub async fn id_by_name(&self, collection: &str, name: &str) -> String {
        let r = self.get(&format!("/data/{collection}"), &self.admin).await;
        r.json()
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == name)
            .unwrap_or_else(|| panic!("no {name} in {collection}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

/// Keys of a JSON object, sorted.
pub fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
    k.sort();
    k
}

/// A file of what the real Zou answered (`docs/zou-reference/`).
pub fn zou_reference(name: &str) -> Value {
    let path = format!("{}/docs/zou-reference/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{path}")))
        .unwrap()
}

/// A configuration with defaults, for tests that only inspect it.
pub fn config_for_test() -> Config {
    Config {
        bind: "127.0.0.1:0".into(),
        data_dir: std::env::temp_dir().join("tusk-config-test"),
        database_url: None,
        db_host: None,
        db_port: 5432,
        db_username: "postgres".into(),
        db_password: String::new(),
        db_database: "zoudb".into(),
        db_pool_size: 8,
        secret_key: None,
        kv_host: None,
        kv_port: 6379,
        admin_email: None,
        admin_password: None,
        log: "warn".into(),
        preview_folder: None,
    }
}

// ---------------------------------------------------------------------------
// Replaying captured Zou exchanges (`docs/zou-reference/*.json`).
//
// A capture entry is `{name, actor, method, path, request, status, body}`
// with placeholders: `<uuid:LABEL>` / `{LABEL}` for known ids, `<uuid>` for
// any id, `<datetime>` for any timestamp. A test builds the same fixture,
// names its ids with the same labels, replays the entry as the same actor
// and asserts Zou's status and body, key for key.

/// Labelled ids and the actors' tokens of a replay.
#[derive(Default, Clone)]
pub struct Ids {
    pub ids: std::collections::HashMap<String, String>,
    pub tokens: std::collections::HashMap<String, String>,
}

impl Ids {
    pub fn set(&mut self, label: &str, id: &str) {
        self.ids.insert(label.to_owned(), id.to_owned());
    }
    pub fn get(&self, label: &str) -> &str {
        self.ids
            .get(label)
            .unwrap_or_else(|| panic!("no id labelled {label}"))
    }
    /// Replace `<uuid:LABEL>` and `{LABEL}` by the labelled ids.
    pub fn fill(&self, s: &str) -> String {
        let mut out = s.to_owned();
        for (k, v) in &self.ids {
            out = out.replace(&format!("<uuid:{k}>"), v);
            out = out.replace(&format!("{{{k}}}"), v);
        }
        out.replace("<uuid:nil>", "00000000-0000-0000-0000-000000000000")
            .replace("{nil}", "00000000-0000-0000-0000-000000000000")
            // A timestamp a capture sent (its value was not kept).
            .replace("<datetime>", "2025-04-02T10:00:00")
    }
    pub fn fill_value(&self, v: &Value) -> Value {
        match v {
            Value::String(s) => Value::String(self.fill(s)),
            Value::Array(a) => Value::Array(a.iter().map(|x| self.fill_value(x)).collect()),
            Value::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, x)| (self.fill(k), self.fill_value(x)))
                    .collect(),
            ),
            v => v.clone(),
        }
    }
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36 && uuid::Uuid::parse_str(s).is_ok()
}

fn is_datetime(s: &str) -> bool {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").is_ok()
}

/// Does `actual` match the captured `expected`? Labels not yet known are
/// bound to what Tusk answered (ids of rows the exchange created).
pub fn zou_match(
    expected: &Value,
    actual: &Value,
    ids: &mut Ids,
    path: &str,
) -> Result<(), String> {
    match (expected, actual) {
        (Value::String(e), Value::String(a)) => {
            if e == "<uuid>" {
                return if is_uuid(a) {
                    Ok(())
                } else {
                    Err(format!("{path}: {a:?} is not an id"))
                };
            }
            if e == "<datetime>" {
                return if is_datetime(a) {
                    Ok(())
                } else {
                    Err(format!("{path}: {a:?} is not a datetime"))
                };
            }
            if let Some(label) = e.strip_prefix("<uuid:").and_then(|r| r.strip_suffix('>')) {
                if label == "nil" {
                    return if a == "00000000-0000-0000-0000-000000000000" {
                        Ok(())
                    } else {
                        Err(format!("{path}: {a} is not nil"))
                    };
                }
                return match ids.ids.get(label) {
                    Some(id) if id == a => Ok(()),
                    Some(id) => Err(format!("{path}: expected {label} ({id}), got {a}")),
                    None if is_uuid(a) => {
                        ids.set(label, a);
                        Ok(())
                    }
                    None => Err(format!("{path}: {a:?} is not an id (for {label})")),
                };
            }
            // Placeholders inside longer text (paths, messages).
            if e.contains("<uuid") {
                let filled = ids.fill(e);
                if filled.contains("<uuid>") {
                    let parts: Vec<&str> = filled.split("<uuid>").collect();
                    let re_ok = a.starts_with(parts[0]) && a.ends_with(parts[parts.len() - 1]);
                    return if re_ok {
                        Ok(())
                    } else {
                        Err(format!("{path}: {a:?} does not match {e:?}"))
                    };
                }
                return if filled == *a {
                    Ok(())
                } else {
                    Err(format!("{path}: expected {filled:?}, got {a:?}"))
                };
            }
            if e == a {
                Ok(())
            } else {
                Err(format!("{path}: expected {e:?}, got {a:?}"))
            }
        }
        (Value::Object(e), Value::Object(a)) => {
            let ek: std::collections::BTreeSet<String> = e.keys().map(|k| ids.fill(k)).collect();
            let ak: std::collections::BTreeSet<&String> = a.keys().collect();
            let ak: std::collections::BTreeSet<String> = ak.into_iter().cloned().collect();
            let unlabelled: Vec<&String> = e.keys().filter(|k| k.starts_with("<uuid")).collect();
            if unlabelled.is_empty() || ek.iter().all(|k| !k.starts_with("<uuid")) {
                if ek != ak {
                    let missing: Vec<_> = ek.difference(&ak).collect();
                    let extra: Vec<_> = ak.difference(&ek).collect();
                    return Err(format!(
                        "{path}: keys differ: missing {missing:?}, extra {extra:?}"
                    ));
                }
                for (k, v) in e {
                    let k = ids.fill(k);
                    zou_match(v, &a[&k], ids, &format!("{path}.{k}"))?;
                }
                Ok(())
            } else {
                // Keys are unknown ids: match values in key order.
                if e.len() != a.len() {
                    return Err(format!("{path}: {} keys, expected {}", a.len(), e.len()));
                }
                Ok(())
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!(
                    "{path}: {} items, expected {}: {}",
                    a.len(),
                    e.len(),
                    Value::Array(a.clone())
                ));
            }
            let mut trial = ids.clone();
            let in_order =
                e.iter().zip(a).enumerate().try_for_each(|(i, (x, y))| {
                    zou_match(x, y, &mut trial, &format!("{path}[{i}]"))
                });
            match in_order {
                Ok(()) => {
                    *ids = trial;
                    Ok(())
                }
                Err(err) => {
                    // Zou's order is not stable for some lists (a team's
                    // ids): retry as sets when every item names a known id.
                    let key = |v: &Value, ids: &Ids| -> Option<String> {
                        let s = match v {
                            Value::String(s) => s.clone(),
                            Value::Object(o) => o.get("id")?.as_str()?.to_owned(),
                            _ => return None,
                        };
                        let f = ids.fill(&s);
                        (!f.contains("<uuid")).then_some(f)
                    };
                    let mut es: Vec<(String, &Value)> = Vec::new();
                    let mut keyed = true;
                    for x in e {
                        match key(x, ids) {
                            Some(k) => es.push((k, x)),
                            None => {
                                keyed = false;
                                break;
                            }
                        }
                    }
                    if !keyed {
                        // Match each expected item with some unused item.
                        let mut used = vec![false; a.len()];
                        for x in e {
                            let mut found = false;
                            for (j, y) in a.iter().enumerate() {
                                if used[j] {
                                    continue;
                                }
                                let mut t = ids.clone();
                                if zou_match(x, y, &mut t, path).is_ok() {
                                    *ids = t;
                                    used[j] = true;
                                    found = true;
                                    break;
                                }
                            }
                            if !found {
                                return Err(err);
                            }
                        }
                        return Ok(());
                    }
                    let mut as_: Vec<(String, &Value)> = a
                        .iter()
                        .filter_map(|y| key(y, ids).map(|k| (k, y)))
                        .collect();
                    es.sort_by(|x, y| x.0.cmp(&y.0));
                    as_.sort_by(|x, y| x.0.cmp(&y.0));
                    if as_.len() != es.len() {
                        return Err(err);
                    }
                    for (i, ((_, x), (_, y))) in es.iter().zip(&as_).enumerate() {
                        zou_match(x, y, ids, &format!("{path}{{{i}}}"))?;
                    }
                    Ok(())
                }
            }
        }
        (e, a) if e == a => Ok(()),
        // Zou sends numbers as floats where Tusk may send integers.
        (Value::Number(e), Value::Number(a)) if e.as_f64() == a.as_f64() => Ok(()),
        (e, a) => Err(format!("{path}: expected {e}, got {a}")),
    }
}

/// A captured exchange file.
pub struct Capture(pub Vec<Value>);

impl Capture {
    pub fn load(file: &str) -> Capture {
        match zou_reference(file) {
            Value::Array(a) => Capture(a),
            _ => panic!("{file} is not a list"),
        }
    }
    /// The first entry named `name` (and made by `actor`, when given).
    pub fn entry(&self, name: &str, actor: Option<&str>) -> &Value {
        self.0
            .iter()
            .find(|e| e["name"] == name && actor.is_none_or(|a| e["actor"] == a))
            .unwrap_or_else(|| panic!("no captured entry {name:?} ({actor:?})"))
    }
    /// All entries named `name`.
    pub fn all(&self, name: &str) -> Vec<&Value> {
        self.0.iter().filter(|e| e["name"] == name).collect()
    }
}

/// A served picture matches what Zou served: PNG, size, where its opaque
/// pixels are (the fitted picture inside the transparent square), and the
/// centre pixel.
pub fn assert_picture(name: &str, expected: &Value, res: &Res) {
    let ct = res
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert_eq!(
        ct,
        expected["content_type"].as_str().unwrap(),
        "{name}: content type"
    );
    let im = image::load_from_memory_with_format(&res.bytes, image::ImageFormat::Png)
        .unwrap_or_else(|e| panic!("{name}: not a PNG: {e}"))
        .to_rgba8();
    let dims = &expected["png_width_height_bitdepth_colortype"];
    assert_eq!(
        im.width() as u64,
        dims[0].as_u64().unwrap(),
        "{name}: width"
    );
    assert_eq!(
        im.height() as u64,
        dims[1].as_u64().unwrap(),
        "{name}: height"
    );
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for (x, y, p) in im.enumerate_pixels() {
        if p[3] == 255 {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
    }
    let bbox: Vec<i64> = expected["opaque_bbox_x0y0x1y1"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    // Resampling may round an edge row differently from Pillow: allow one pixel.
    for (got, want) in [x0, y0, x1, y1].iter().zip(&bbox) {
        assert!(
            (*got as i64 - want).abs() <= 1,
            "{name}: opaque box {:?}, Zou's {bbox:?}",
            [x0, y0, x1, y1]
        );
    }
    let c = im.get_pixel(im.width() / 2, im.height() / 2);
    let want: Vec<u64> = expected["centre_rgba"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(
        c.0.iter().map(|v| *v as u64).collect::<Vec<_>>(),
        want,
        "{name}: centre pixel"
    );
}

/// A PNG of `w`×`h` filled with one colour.
pub fn png(w: u32, h: u32, rgba: [u8; 4]) -> Vec<u8> {
    let im = image::RgbaImage::from_pixel(w, h, image::Rgba(rgba));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(im)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

/// A multipart body with the given parts (`file` parts get a file name).
pub fn multipart(parts: &[(&str, Option<&str>, &str, Vec<u8>)]) -> (String, Vec<u8>) {
    let boundary = "tuskboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, file_name, ct, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file_name {
            Some(f) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: {ct}\r\n\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl TestApp {
    /// Replay a captured exchange and assert Zou's answer. A captured 500
    /// (a Zou crash) must be a 400 or 404 here.
    pub async fn replay(&self, entry: &Value, ids: &mut Ids) -> Res {
        let actor = entry["actor"].as_str().unwrap();
        let method = entry["method"].as_str().unwrap();
        let path = ids.fill(entry["path"].as_str().unwrap());
        let mut b = Request::builder().method(method).uri(&path);
        if actor != "anonymous" {
            let token = ids
                .tokens
                .get(actor)
                .unwrap_or_else(|| panic!("no token for {actor}"));
            b = b.header("authorization", format!("Bearer {token}"));
        }
        let req = match &entry["request"] {
            Value::Null => b.body(Body::empty()).unwrap(),
            Value::String(raw) => b
                .header("content-type", "application/json")
                .body(Body::from(raw.clone()))
                .unwrap(),
            Value::Object(o) if o.contains_key("multipart") => {
                let mut parts: Vec<(&str, Option<&str>, &str, Vec<u8>)> = Vec::new();
                let mp = o["multipart"].as_object().unwrap();
                for (name, v) in mp {
                    match v {
                        Value::Object(f) => {
                            let bytes = match f.get("png").and_then(Value::as_array) {
                                Some(wh) => png(
                                    wh[0].as_u64().unwrap() as u32,
                                    wh[1].as_u64().unwrap() as u32,
                                    [200, 30, 30, 255],
                                ),
                                None => b"hello world".to_vec(),
                            };
                            parts.push((
                                name.as_str(),
                                f["filename"].as_str(),
                                f["content_type"]
                                    .as_str()
                                    .unwrap_or("application/octet-stream"),
                                bytes,
                            ));
                        }
                        v => parts.push((
                            name.as_str(),
                            None,
                            "text/plain",
                            v.as_str().unwrap_or("").as_bytes().to_vec(),
                        )),
                    }
                }
                let (ct, body) = multipart(&parts);
                b.header("content-type", ct).body(Body::from(body)).unwrap()
            }
            v => b
                .header("content-type", "application/json")
                .body(Body::from(serde_json::to_vec(&ids.fill_value(v)).unwrap()))
                .unwrap(),
        };
        let before = self.count("SELECT COUNT(*) FROM \"api_event\"").await;
        let res = self.send(req).await;
        let name = entry["name"].as_str().unwrap_or("");
        // The events the exchange recorded, in order (`null`: not captured).
        if let Some(want) = entry["events"].as_array() {
            let got = self.events_since(before).await;
            let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
            let want_names: Vec<&str> = want
                .iter()
                .map(|e| e["name"].as_str().unwrap_or(""))
                .collect();
            assert_eq!(
                names, want_names,
                "{name} ({actor} {method} {path}): events"
            );
            for ((n, data), w) in got.iter().zip(want) {
                if let Err(e) = zou_match(&w["data"], data, ids, "$") {
                    panic!(
                        "{name}: event {n}: {e}\nexpected: {}\nactual:   {data}",
                        w["data"]
                    );
                }
            }
        }
        let want = entry["status"].as_u64().unwrap() as u16;
        if want == 500 {
            assert!(
                matches!(res.status(), 400 | 404),
                "{name} ({actor}): Zou crashed (500); Tusk must answer 400 or 404, got {}: {}",
                res.status(),
                res.text
            );
            return res;
        }
        assert_eq!(
            res.status(),
            want,
            "{name} ({actor} {method} {path}): {}",
            res.text
        );
        let expected = &entry["body"];
        if let Some(img) = expected.get("image") {
            assert_picture(name, img, &res);
            return res;
        }
        if want == 204 {
            return res;
        }
        let actual: Value = serde_json::from_str(&res.text)
            .unwrap_or_else(|_| panic!("{name}: not JSON: {}", res.text));
        if let Err(e) = zou_match(expected, &actual, ids, "$") {
            panic!(
                "{name} ({actor} {method} {path}): {e}\nexpected: {expected}\nactual:   {actual}"
            );
        }
        res
    }
}
