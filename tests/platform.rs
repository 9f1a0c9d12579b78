//! The index blueprint, prefixes and trailing slashes, error bodies,
//! security headers, the GraphQL endpoint (limits, error codes, checked-in
//! SDL, offline playground, subscriptions) and first start.

mod support;

use axum::body::Body;
use axum::http::Request;
use serde_json::{json, Value};
use support::TestApp;

#[tokio::test]
async fn index_routes_answer_like_zou() {
    let t = TestApp::new().await;
    let r = t.call("GET", "/", None, None).await;
    assert_eq!(
        (r.status(), r.json()),
        (200, json!({"api": "Zou", "version": "1.0.97"}))
    );
    let status = t.call("GET", "/status", None, None).await.json();
    assert_eq!(status["name"], "Zou");
    assert_eq!(status["database-up"], true);
    let keys = support::keys(&status);
    assert_eq!(
        keys,
        [
            "database-up",
            "event-stream-up",
            "indexer-up",
            "job-queue-up",
            "key-value-store-up",
            "name",
            "version"
        ]
    );
    let r = t.call("GET", "/status.txt", None, None).await;
    assert_eq!(r.headers["content-type"], "text");
    assert!(r
        .text
        .starts_with("name: Zou\nversion: 1.0.97\ndatabase-up: up\n"));
    let res = t.call("GET", "/status/resources", None, None).await.json();
    assert!(res["cpu"]["loadavg"].get("last 1 min").is_some());
    assert_eq!(res["jobs"], json!({"running_jobs": 0}));
    let influx = t.call("GET", "/status/influx", None, None).await.json();
    assert_eq!(influx["database-up"], 1);
    assert!(influx["time"].is_f64());
    let r = t.call("GET", "/status/test-event", None, None).await;
    assert_eq!(r.json(), json!({"success": true}));
    let config = t.call("GET", "/config", None, None).await.json();
    assert_eq!(config["default_locale"], "en_US");
    assert_eq!(config["default_timezone"], "Europe/Paris");
    assert_eq!(config["enforce_2fa"], false);
    // /stats is for admins.
    let r = t.call("GET", "/stats", None, None).await;
    assert_eq!(r.status(), 401);
    let (_, artist) = t.person("user", "artist@example.com").await;
    let r = t.get("/stats", &artist).await;
    assert_eq!(r.status(), 403);
    assert_eq!(r.json()["message"], tusk_db::error::FORBIDDEN);
    let r = t.get("/stats", &t.admin).await;
    assert_eq!(
        r.json(),
        json!({"number_of_video_previews": 0, "number_of_picture_previews": 0, "number_of_model_previews": 0, "number_of_comments": 0})
    );
}

#[tokio::test]
async fn routes_are_served_at_root_and_under_api_with_or_without_slash() {
    let t = TestApp::new().await;
    for path in [
        "/",
        "/api",
        "/api/",
        "/status/",
        "/api/status",
        "/api/config/",
    ] {
        let r = t.call("GET", path, None, None).await;
        assert_eq!(r.status(), 200, "{path}");
    }
    for path in [
        "/data/task-status",
        "/data/task-status/",
        "/api/data/task-status",
        "/api/data/task-status/",
    ] {
        let r = t.get(path, &t.admin).await;
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.json().as_array().unwrap().len(), 9, "{path}");
    }
    let r = t
        .call(
            "POST",
            "/api/auth/login",
            None,
            Some(json!({"email": support::ADMIN_EMAIL, "password": support::ADMIN_PASSWORD})),
        )
        .await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn unknown_routes_methods_and_ids_get_zou_errors() {
    let t = TestApp::new().await;
    let r = t.call("GET", "/nonexistent/route", None, None).await;
    assert_eq!(r.status(), 404);
    assert_eq!(
        r.json(),
        json!({"error": true, "message": tusk_db::error::NOT_FOUND})
    );
    let r = t.call("DELETE", "/status", None, None).await;
    assert_eq!(r.status(), 405);
    assert_eq!(
        r.json(),
        json!({"error": true, "message": "The method is not allowed for the requested URL."})
    );
    let r = t.get("/data/projects/not-a-uuid", &t.admin).await;
    assert_eq!(
        (r.status(), r.json()),
        (
            400,
            json!({"error": true, "message": "Malformed ID.", "data": null})
        )
    );
    let r = t
        .get(
            &format!("/data/projects/{}", uuid::Uuid::new_v4()),
            &t.admin,
        )
        .await;
    assert_eq!(
        (r.status(), r.json()),
        (
            404,
            json!({"error": true, "message": tusk_db::error::NOT_FOUND})
        )
    );
    // The token is checked before the id.
    let r = t.call("GET", "/data/projects/not-a-uuid", None, None).await;
    assert_eq!(r.status(), 401);
    // Wrong content type and malformed JSON on writes.
    let req = Request::builder()
        .method("POST")
        .uri("/data/studios")
        .header("authorization", format!("Bearer {}", t.admin))
        .body(Body::from("name=x"))
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(r.status(), 415);
    let req = Request::builder()
        .method("POST")
        .uri("/data/studios")
        .header("authorization", format!("Bearer {}", t.admin))
        .header("content-type", "application/json")
        .body(Body::from("{oops"))
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json()["message"],
        "The browser (or proxy) sent a request that this server could not understand."
    );
}

#[tokio::test]
async fn every_response_has_zou_security_headers() {
    let t = TestApp::new().await;
    for r in [
        t.call("GET", "/", None, None).await,
        t.call("GET", "/nope", None, None).await,
        t.call("GET", "/graphql", None, None).await,
        t.get("/data/projects", &t.admin).await,
    ] {
        assert_eq!(r.headers["x-content-type-options"], "nosniff");
        assert_eq!(r.headers["x-frame-options"], "SAMEORIGIN");
        assert_eq!(
            r.headers["content-security-policy"],
            "frame-ancestors 'self'"
        );
        assert_eq!(
            r.headers["referrer-policy"],
            "strict-origin-when-cross-origin"
        );
    }
}

#[tokio::test]
async fn playground_is_served_offline() {
    let t = TestApp::new().await;
    let r = t.call("GET", "/graphql", None, None).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = r.text;
    // Every resource the page loads is on this host.
    let mut refs = Vec::new();
    for attr in ["src=\"", "href=\""] {
        for part in html.split(attr).skip(1) {
            refs.push(part.split('"').next().unwrap().to_owned());
        }
    }
    assert!(refs.len() >= 4, "{refs:?}");
    for r in &refs {
        assert!(
            r.starts_with('/') && !r.starts_with("//"),
            "external resource {r}"
        );
        let asset = t.call("GET", r, None, None).await;
        assert_eq!(asset.status(), 200, "{r}");
        assert!(asset.text.len() > 1000, "{r} is the real asset");
    }
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no absolute URL in the page"
    );
    // Also under /api.
    assert_eq!(
        t.call("GET", "/api/graphql", None, None).await.status(),
        200
    );
}

#[tokio::test]
async fn checked_in_sdl_matches_the_schema() {
    let sdl = tusk_resolvers::gql::sdl();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/schema.graphql");
    if std::env::var("UPDATE_SCHEMA").is_ok() {
        std::fs::write(path, &sdl).unwrap();
    }
    let checked_in = std::fs::read_to_string(path).expect("schema/schema.graphql");
    assert!(
        checked_in == sdl,
        "schema/schema.graphql is out of date: run `UPDATE_SCHEMA=1 cargo test --test platform` or `tusk export-schema > schema/schema.graphql`"
    );
    // The REST-internal fields stay out of the published schema.
    assert!(!sdl.contains("_rest"));
    assert!(sdl.contains("type Task "));
    assert!(sdl.contains("input TaskFilter"));
}

#[tokio::test]
async fn graphql_limits_and_error_codes() {
    let t = TestApp::new().await;
    // Too deep.
    let deep = format!(
        "{{ entities {{ edges {{ node {} id {} }} }} }}",
        "parent { ".repeat(20),
        "}".repeat(20)
    );
    let deep = deep.as_str();
    let (v, _) = t.gql(Some(&t.admin), deep, json!({})).await;
    let msg = v["errors"][0]["message"].as_str().unwrap();
    assert!(msg.contains("too deep") || msg.contains("depth"), "{msg}");
    // A filter on an unknown field is a validation error.
    let (v, _) = t
        .gql(
            Some(&t.admin),
            "{ tasks(filter: {nope: {eq: 1}}) { totalCount } }",
            json!({}),
        )
        .await;
    assert!(
        v["errors"][0]["message"].as_str().unwrap().contains("nope"),
        "{v}"
    );
    // Errors carry extensions.code.
    let (v, _) = t.gql(None, "{ projects { totalCount } }", json!({})).await;
    assert_eq!(v["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    let (_, artist) = t.person("user", "artist@example.com").await;
    let (v, _) = t
        .gql(Some(&artist), "{ salaryScales { totalCount } }", json!({}))
        .await;
    assert_eq!(v["errors"][0]["extensions"]["code"], "FORBIDDEN");
    let (v, _) = t
        .gql(
            Some(&t.admin),
            "{ project(id: \"nope\") { id } }",
            json!({}),
        )
        .await;
    assert_eq!(v["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    // Too complex: many aliased lists.
    let mut q = String::from("{");
    for i in 0..400 {
        q.push_str(&format!(" a{i}: tasks(first: 10000) {{ edges {{ node {{ id name project {{ id name }} taskType {{ id name }} }} }} }}"));
    }
    q.push('}');
    let (v, _) = t.gql(Some(&t.admin), &q, json!({})).await;
    let msg = v["errors"][0]["message"].as_str().unwrap_or("");
    assert!(msg.contains("complex"), "{v}");
}

#[tokio::test]
async fn subscription_streams_new_events_over_websocket_protocol() {
    use futures::StreamExt;
    let t = TestApp::new().await;
    let session = t
        .built
        .app
        .session(&tusk_resolvers::Credentials {
            authorization: Some(format!("Bearer {}", t.admin)),
            ..Default::default()
        })
        .await;
    let schema = tusk_resolvers::gql::build(t.built.app.clone());
    let req = tusk_resolvers::gql::with_session(
        async_graphql::Request::new("subscription { events { name data } }"),
        session,
        Default::default(),
    );
    let mut stream = schema.execute_stream(req);
    // Let the subscription start, then write.
    let next = tokio::spawn(async move { stream.next().await });
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let r = t
        .post(
            "/data/studios",
            &t.admin,
            json!({"name": "Paris", "color": "#000000"}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let resp = tokio::time::timeout(std::time::Duration::from_secs(5), next)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let data: Value = resp.data.into_json().unwrap();
    assert_eq!(data["events"]["name"], "studio:new");
    assert_eq!(data["events"]["data"]["studio_id"], r.json()["id"]);
}

#[tokio::test]
async fn first_start_seeds_zou_init_data() {
    let t = TestApp::new().await;
    let names = |c: &str| {
        let c = c.to_owned();
        let t = &t;
        async move {
            let mut v: Vec<String> = t
                .get(&format!("/data/{c}"), &t.admin)
                .await
                .json()
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["name"].as_str().unwrap().to_owned())
                .collect();
            v.sort();
            v
        }
    };
    assert_eq!(names("project-status").await, ["Closed", "Open"]);
    assert_eq!(
        names("entity-types").await,
        [
            "Character",
            "Concept",
            "ConceptFolder",
            "Edit",
            "Environment",
            "Episode",
            "FX",
            "Prop",
            "Scene",
            "Sequence",
            "Shot"
        ]
    );
    assert_eq!(
        names("departments").await,
        [
            "Animation",
            "Compositing",
            "Concept",
            "FX",
            "Layout",
            "Modeling"
        ]
    );
    assert_eq!(names("task-types").await.len(), 13);
    let statuses = t.get("/data/task-status", &t.admin).await.json();
    let statuses = statuses.as_array().unwrap();
    assert_eq!(statuses.len(), 9);
    let todo = statuses.iter().find(|s| s["short_name"] == "todo").unwrap();
    assert_eq!(todo["is_default"], true);
    let neutral = statuses
        .iter()
        .find(|s| s["short_name"] == "neutral")
        .unwrap();
    assert_eq!(
        (
            neutral["is_default"].clone(),
            neutral["for_concept"].clone()
        ),
        (json!(true), json!(true))
    );
    // Seeding again creates nothing.
    assert_eq!(
        tusk_resolvers::seed::init_data(&t.built.app.db)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn first_start_without_admin_settings_generates_a_password() {
    let db = support::FreshDb::new().await;
    let mut config = support::config_for(&db);
    config.admin_email = None;
    config.admin_password = None;
    config.secret_key = None;
    let built = tusk::build(&config).await.unwrap();
    let (email, password) = built.generated_admin.clone().expect("a generated admin");
    assert_eq!(email, "admin@example.com");
    assert!(password.len() >= 16);
    // The secret key was generated and kept in the data dir.
    let key = std::fs::read_to_string(config.data_dir.join("secret_key")).unwrap();
    assert!(key.len() >= 32);
    use tower::ServiceExt;
    let req = Request::builder()
        .method("POST")
        .uri("/auth/login")
        .header("content-type", "application/json")
        .body(Body::from(
            json!({"email": email, "password": password}).to_string(),
        ))
        .unwrap();
    let res = built.service.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    // A second start keeps the admin and the key.
    let again = tusk::build(&config).await.unwrap();
    assert!(again.generated_admin.is_none());
    assert_eq!(
        std::fs::read_to_string(config.data_dir.join("secret_key")).unwrap(),
        key
    );
}

/// SQLite plans with statistics from the first start: `build` runs
/// `ANALYZE` (the server also reruns it hourly), so the planner knows
/// which index narrows a query most. On Postgres autovacuum keeps them and
/// Tusk leaves it alone.
#[tokio::test]
async fn first_start_gathers_the_planners_statistics() {
    let t = TestApp::new().await;
    let db = t.built.app.db.clone();
    if t.is_postgres() {
        tusk_db::migrate::analyze(&db).await.unwrap();
        return;
    }
    // init-data's task types and statuses are there, with their indexes.
    let stats = "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'task_type'";
    assert!(t.count(stats).await > 0, "no statistics for task_type");
    // No project at the first start: nothing to sample. Projects made
    // since are covered by the next refresh.
    let project_stats = "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'project'";
    assert_eq!(t.count(project_stats).await, 0);
    for name in ["Stats A", "Stats B", "Stats C"] {
        let r = t
            .post("/data/projects", &t.admin, json!({"name": name}))
            .await;
        assert_eq!(r.status(), 201, "{}", r.json());
    }
    tusk_db::migrate::analyze(&db).await.unwrap();
    assert!(
        t.count(project_stats).await > 0,
        "no statistics for project after the refresh"
    );
}
