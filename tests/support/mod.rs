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
                        let _ = db
                            .execute_script(&format!("DROP SCHEMA \"{schema}\" CASCADE"))
                            .await;
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
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Res {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub text: String,
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
        let db = FreshDb::new().await;
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
    }
}
