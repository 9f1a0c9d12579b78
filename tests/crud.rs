//! Zou's generic CRUD semantics (`behaviours.md` §4, `docs/zou-reference/
//! crud.md` §1): lists, pages, filters, relations, fields, writes, errors,
//! the event log, transactions and concurrent writes.

mod support;

use axum::body::Body;
use axum::http::Request;
use serde_json::{json, Value};
use support::TestApp;

async fn post_id(t: &TestApp, path: &str, body: Value) -> String {
    let r = t.post(path, &t.admin, body).await;
    assert_eq!(r.status(), 201, "{path}: {}", r.text);
    r.json()["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn lists_pages_fields_and_relations() {
    let t = TestApp::new().await;
    for name in ["Alpha", "Beta", "Gamma"] {
        post_id(
            &t,
            "/data/studios",
            json!({"name": name, "color": "#000000"}),
        )
        .await;
    }
    // A bare array by default.
    let all = t.get("/data/studios", &t.admin).await.json();
    assert_eq!(all.as_array().unwrap().len(), 3);
    // A page: Zou's envelope, newest change first.
    let beta = all
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "Beta")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    t.put(
        &format!("/data/studios/{beta}"),
        &t.admin,
        json!({"color": "#111111"}),
    )
    .await;
    let page = t.get("/data/studios?page=1&limit=2", &t.admin).await.json();
    assert_eq!(
        support::keys(&page),
        ["data", "limit", "nb_pages", "offset", "page", "total"]
    );
    assert_eq!(
        (
            page["total"].clone(),
            page["nb_pages"].clone(),
            page["limit"].clone()
        ),
        (json!(3), json!(2), json!(2))
    );
    assert_eq!(page["data"][0]["name"], "Beta");
    let past = t.get("/data/studios?page=9&limit=2", &t.admin).await.json();
    assert_eq!(
        (
            past["data"].clone(),
            past["total"].clone(),
            past["offset"].clone()
        ),
        (json!([]), json!(3), json!(16))
    );
    let r = t.get("/data/studios?page=abc", &t.admin).await;
    assert_eq!(
        (r.status(), r.json()),
        (
            400,
            json!({"error": true, "message": "page must be an integer.", "data": null})
        )
    );
    // fields= keeps those keys plus id and type.
    let f = t.get("/data/studios?fields=name", &t.admin).await.json();
    assert_eq!(support::keys(&f[0]), ["id", "name", "type"]);
    // Relations only on demand in lists, by default on GET one.
    let dept = t.id_by_name("departments", "Modeling").await;
    let person = post_id(
        &t,
        "/data/persons",
        json!({"first_name": "A", "last_name": "B", "departments": [dept]}),
    )
    .await;
    let plain = t
        .get(&format!("/data/persons?id={person}"), &t.admin)
        .await
        .json();
    assert!(plain[0].get("departments").is_none());
    let rel = t
        .get(
            &format!("/data/persons?id={person}&relations=true"),
            &t.admin,
        )
        .await
        .json();
    assert_eq!(rel[0]["departments"], json!([dept]));
    let one = t
        .get(&format!("/data/persons/{person}"), &t.admin)
        .await
        .json();
    assert_eq!(one["departments"], json!([dept]));
    let no = t
        .get(&format!("/data/persons/{person}?relations=false"), &t.admin)
        .await
        .json();
    assert!(no.get("departments").is_none());
}

#[tokio::test]
async fn query_string_filters() {
    let t = TestApp::new().await;
    let p1 = post_id(
        &t,
        "/data/projects",
        json!({"name": "Proj One", "production_type": "tvshow"}),
    )
    .await;
    let p2 = post_id(&t, "/data/projects", json!({"name": "Other"})).await;
    let n = |v: Value| v.as_array().unwrap().len();
    assert_eq!(
        n(t.get("/data/projects?production_type=tvshow", &t.admin)
            .await
            .json()),
        1
    );
    // name: case-insensitive LIKE with % wildcards.
    assert_eq!(
        n(t.get("/data/projects?name=PROJ%25", &t.admin).await.json()),
        1
    );
    assert_eq!(
        n(t.get("/data/projects?name=proj%20one", &t.admin)
            .await
            .json()),
        1
    );
    // A JSON list is IN.
    let list = format!("/data/projects?id=[\"{p1}\",\"{p2}\"]").replace('"', "%22");
    assert_eq!(n(t.get(&list, &t.admin).await.json()), 2);
    // Booleans, unknown keys, malformed values.
    assert_eq!(
        n(t.get("/data/projects?is_clients_isolated=false", &t.admin)
            .await
            .json()),
        2
    );
    assert_eq!(
        n(t.get("/data/projects?not_a_column=1", &t.admin)
            .await
            .json()),
        2
    );
    let r = t.get("/data/projects?id=not-a-uuid", &t.admin).await;
    assert_eq!(
        (r.status(), r.json()),
        (
            400,
            json!({"error": true, "message": "Invalid UUID value: not-a-uuid", "data": null})
        )
    );
    let r = t
        .get("/data/projects?is_clients_isolated=maybe", &t.admin)
        .await;
    assert_eq!(
        r.json(),
        json!({"error": true, "message": "Invalid boolean value: maybe", "data": null})
    );
    let r = t.get("/data/projects?id=[abc", &t.admin).await;
    assert_eq!(
        r.json(),
        json!({"error": true, "message": "Malformed list filter for field id.", "data": null})
    );
    let r = t.get("/data/projects?max_retakes=abc", &t.admin).await;
    assert_eq!(r.status(), 400);
    // Many-to-many keys filter by link.
    let prop = t.id_by_name("entity-types", "Prop").await;
    let modeling = t.id_by_name("task-types", "Modeling").await;
    let (artist, _) = t.person("user", "artist@example.com").await;
    let asset = post_id(
        &t,
        "/data/entities",
        json!({"name": "A", "project_id": p1, "entity_type_id": prop}),
    )
    .await;
    let asset2 = post_id(
        &t,
        "/data/entities",
        json!({"name": "B", "project_id": p1, "entity_type_id": prop}),
    )
    .await;
    post_id(&t, "/data/tasks", json!({"project_id": p1, "entity_id": asset, "task_type_id": modeling, "assignees": [artist]})).await;
    post_id(
        &t,
        "/data/tasks",
        json!({"project_id": p1, "entity_id": asset2, "task_type_id": modeling}),
    )
    .await;
    assert_eq!(
        n(t.get(&format!("/data/tasks?assignees={artist}"), &t.admin)
            .await
            .json()),
        1
    );
    // Secret columns cannot be filtered.
    let r = t.get("/data/persons?password=x", &t.admin).await;
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn writes_and_their_errors() {
    let t = TestApp::new().await;
    // id, created_at and updated_at in a body are ignored.
    let fixed = "11111111-1111-4111-8111-111111111111";
    let r = t
        .post("/data/studios", &t.admin, json!({"id": fixed, "name": "S", "color": "#000000", "created_at": "2000-01-01T00:00:00"}))
        .await;
    assert_eq!(r.status(), 201);
    let v = r.json();
    assert_ne!(v["id"], fixed);
    assert_ne!(v["created_at"], "2000-01-01T00:00:00");
    let id = v["id"].as_str().unwrap().to_owned();
    // Errors without the `error` key, as Zou's CRUD answers them.
    let r = t
        .post(
            "/data/studios",
            &t.admin,
            json!({"name": "S", "color": "#000000"}),
        )
        .await;
    assert_eq!(
        (r.status(), r.json()),
        (
            400,
            json!({"message": "A record with the same unique values already exists."})
        )
    );
    let r = t
        .post("/data/studios", &t.admin, json!({"name": "T"}))
        .await;
    assert_eq!(
        (r.status(), r.json()),
        (400, json!({"message": "A required field is missing."}))
    );
    let r = t
        .post(
            "/data/studios",
            &t.admin,
            json!({"name": "T", "color": "#000000", "nope": 1}),
        )
        .await;
    assert_eq!(
        r.json(),
        json!({"message": "'nope' is an invalid keyword argument for Studio"})
    );
    let r = t
        .post(
            "/data/persons",
            &t.admin,
            json!({"first_name": "a", "last_name": "b", "studio_id": uuid::Uuid::new_v4()}),
        )
        .await;
    assert_eq!(
        (r.status(), r.json()),
        (
            400,
            json!({"message": "The change conflicts with records referencing this one."})
        )
    );
    // Relations accept ids or {id} objects.
    let d1 = t.id_by_name("departments", "Modeling").await;
    let d2 = t.id_by_name("departments", "Animation").await;
    let r = t
        .post(
            "/data/persons",
            &t.admin,
            json!({"first_name": "a", "last_name": "b", "departments": [d1, {"id": d2}]}),
        )
        .await;
    assert_eq!(r.json()["departments"].as_array().unwrap().len(), 2);
    // PUT: protected fields ignored, dates checked, no relations in the answer.
    let r = t
        .put(
            &format!("/data/studios/{id}"),
            &t.admin,
            json!({"id": fixed, "color": "#222222"}),
        )
        .await;
    assert_eq!(
        (
            r.status(),
            r.json()["id"].clone(),
            r.json()["color"].clone()
        ),
        (200, json!(id), json!("#222222"))
    );
    let p = post_id(&t, "/data/projects", json!({"name": "P"})).await;
    let other = post_id(&t, "/data/projects", json!({"name": "Q"})).await;
    let prop = t.id_by_name("entity-types", "Prop").await;
    let asset = post_id(
        &t,
        "/data/entities",
        json!({"name": "A", "project_id": p, "entity_type_id": prop}),
    )
    .await;
    let r = t
        .put(
            &format!("/data/entities/{asset}"),
            &t.admin,
            json!({"project_id": other, "description": "d"}),
        )
        .await;
    assert_eq!(
        (
            r.json()["project_id"].clone(),
            r.json()["description"].clone()
        ),
        (json!(p), json!("d"))
    );
    let r = t
        .put(
            &format!("/data/projects/{p}"),
            &t.admin,
            json!({"start_date": "2024-13-45"}),
        )
        .await;
    assert_eq!(
        (r.status(), r.json()),
        (
            400,
            json!({"error": true, "message": "Invalid date format for 'start_date': '2024-13-45'. Expected an ISO 8601 date or datetime.", "data": null})
        )
    );
    let r = t
        .put(
            &format!("/data/projects/{p}"),
            &t.admin,
            json!({"start_date": "2024-02-03T10:11:12"}),
        )
        .await;
    assert_eq!(r.json()["start_date"], "2024-02-03");
    assert!(
        r.json().get("team").is_none(),
        "PUT answers without relations"
    );
    // DELETE: 204, refused while referenced, 404 afterwards.
    let r = t
        .delete(&format!("/data/entity-types/{prop}"), &t.admin)
        .await;
    assert_eq!(
        (r.status(), r.json()),
        (
            400,
            json!({"message": "The change conflicts with records referencing this one."})
        )
    );
    let r = t.delete(&format!("/data/studios/{id}"), &t.admin).await;
    assert_eq!((r.status(), r.text.as_str()), (204, ""));
    assert_eq!(
        t.delete(&format!("/data/studios/{id}"), &t.admin)
            .await
            .status(),
        404
    );
    // Projects must be closed before they are deleted.
    let r = t.delete(&format!("/data/projects/{other}"), &t.admin).await;
    assert_eq!(
        (r.status(), r.json()),
        (
            400,
            json!({"error": true, "message": "Only closed projects can be deleted"})
        )
    );
    let closed = t.id_by_name("project-status", "Closed").await;
    t.put(
        &format!("/data/projects/{other}"),
        &t.admin,
        json!({"project_status_id": closed}),
    )
    .await;
    assert_eq!(
        t.delete(&format!("/data/projects/{other}"), &t.admin)
            .await
            .status(),
        204
    );
}

#[tokio::test]
async fn per_model_answers() {
    let t = TestApp::new().await;
    let p = post_id(&t, "/data/projects", json!({"name": "P"})).await;
    let one = t.get(&format!("/data/projects/{p}"), &t.admin).await.json();
    assert_eq!(one["project_status_name"], "Open");
    assert_eq!(one["descriptors"], json!([]));
    // Entities are typed by kind, and their events too.
    let shot_type = t.id_by_name("entity-types", "Shot").await;
    let r = t
        .post(
            "/data/entities",
            &t.admin,
            json!({"name": "SH01", "project_id": p, "entity_type_id": shot_type}),
        )
        .await;
    assert_eq!(r.json()["type"], "Entity");
    let shot = r.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(
        t.get(&format!("/data/entities/{shot}"), &t.admin)
            .await
            .json()["type"],
        "Shot"
    );
    let ev = t.get("/data/events/last?limit=1", &t.admin).await.json();
    assert_eq!(ev[0]["name"], "shot:new");
    assert_eq!(ev[0]["data"]["shot_id"], json!(shot));
    assert_eq!(ev[0]["data"]["project_id"], json!(p));
    // A bot gets a token that works, and only the latest one.
    let r = t
        .post(
            "/data/persons",
            &t.admin,
            json!({"first_name": "Bot", "last_name": "One", "is_bot": true}),
        )
        .await;
    let bot = r.json();
    let token = bot["access_token"].as_str().expect("bot token").to_owned();
    let me = t.get("/auth/authenticated", &token).await;
    assert_eq!(me.status(), 200);
    assert_eq!(me.json()["user"]["is_bot"], true);
    let id = bot["id"].as_str().unwrap();
    let r = t
        .put(
            &format!("/data/persons/{id}"),
            &t.admin,
            json!({"expiration_date": "2099-01-01"}),
        )
        .await;
    let renewed = r.json()["access_token"]
        .as_str()
        .expect("renewed token")
        .to_owned();
    assert_eq!(
        t.get("/auth/authenticated", &token).await.json(),
        json!({"msg": "Token has been revoked"})
    );
    assert_eq!(t.get("/auth/authenticated", &renewed).await.status(), 200);
    // Bots cannot use person-only routes.
    assert_eq!(t.get("/auth/logout", &renewed).await.status(), 403);
    // Non-admins see persons in Zou's minimal form, never secrets.
    let (_, artist) = t.person("user", "artist@example.com").await;
    let rows = t.get("/data/persons", &artist).await.json();
    for row in rows.as_array().unwrap() {
        assert_eq!(
            support::keys(row),
            [
                "active",
                "departments",
                "desktop_login",
                "first_name",
                "full_name",
                "has_avatar",
                "id",
                "is_bot",
                "last_name",
                "role",
                "studio_id",
                "type"
            ]
        );
    }
    // A person created with a password can log in with it.
    t.post("/data/persons", &t.admin, json!({"first_name": "P", "last_name": "W", "email": "pw@example.com", "password": "secret1234"}))
        .await;
    t.login("pw@example.com", "secret1234").await;
    let r = t
        .post(
            "/data/persons",
            &t.admin,
            json!({"first_name": "P", "last_name": "X", "email": "PW@example.com"}),
        )
        .await;
    assert_eq!(
        (r.status(), r.json()),
        (
            400,
            json!({"error": true, "message": "Email already in use.", "data": null})
        )
    );
    // Task type and status links are upserts that announce a project update.
    let tt = t.id_by_name("task-types", "Modeling").await;
    let a = t
        .post(
            "/data/task-type-links",
            &t.admin,
            json!({"project_id": p, "task_type_id": tt, "priority": 1}),
        )
        .await;
    let b = t
        .post(
            "/data/task-type-links",
            &t.admin,
            json!({"project_id": p, "task_type_id": tt, "priority": 5}),
        )
        .await;
    assert_eq!(a.json()["id"], b.json()["id"]);
    assert_eq!(b.json()["priority"], 5);
    let one = t.get(&format!("/data/projects/{p}"), &t.admin).await.json();
    assert_eq!(one["task_types_priority"][&tt], 5);
    assert_eq!(one["task_types"], json!([tt]));
}

#[tokio::test]
async fn every_write_records_its_event_in_the_same_transaction() {
    let t = TestApp::new().await;
    let before = t.count("SELECT COUNT(*) FROM api_event").await;
    let id = post_id(
        &t,
        "/data/studios",
        json!({"name": "S", "color": "#000000"}),
    )
    .await;
    t.put(
        &format!("/data/studios/{id}"),
        &t.admin,
        json!({"color": "#111111"}),
    )
    .await;
    t.delete(&format!("/data/studios/{id}"), &t.admin).await;
    let events = t.get("/data/events/last?limit=3", &t.admin).await.json();
    let names: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["studio:delete", "studio:update", "studio:new"]);
    assert_eq!(events[0]["data"], json!({"studio_id": id}));
    assert_eq!(t.count("SELECT COUNT(*) FROM api_event").await, before + 3);
    // A refused write records nothing and leaves nothing.
    let r = t
        .post("/data/studios", &t.admin, json!({"name": "T"}))
        .await;
    assert_eq!(r.status(), 400);
    let prop = t.id_by_name("entity-types", "Prop").await;
    assert_eq!(
        t.delete(&format!("/data/entity-types/{prop}"), &t.admin)
            .await
            .status(),
        204
    );
    let p = post_id(&t, "/data/projects", json!({"name": "Open one"})).await;
    let n = t.count("SELECT COUNT(*) FROM api_event").await;
    assert_eq!(
        t.delete(&format!("/data/projects/{p}"), &t.admin)
            .await
            .status(),
        400
    );
    assert_eq!(t.count("SELECT COUNT(*) FROM api_event").await, n);
    assert_eq!(
        t.get(&format!("/data/projects/{p}"), &t.admin)
            .await
            .status(),
        200
    );
    // Filters of /data/events/last, the names, the login logs.
    // (Zou files project events without their project column.)
    post_id(&t, "/data/entities", json!({"name": "E", "project_id": p, "entity_type_id": t.id_by_name("entity-types", "Character").await})).await;
    let evs = t
        .get(&format!("/data/events/last?project_id={p}"), &t.admin)
        .await
        .json();
    assert_eq!(evs.as_array().unwrap().len(), 1);
    assert_eq!(evs[0]["name"], "asset:new");
    let evs = t
        .get("/data/events/last?name_prefixes=studio&limit=10", &t.admin)
        .await
        .json();
    assert_eq!(evs.as_array().unwrap().len(), 3);
    let names = t.get("/data/events/names", &t.admin).await.json();
    assert!(names.as_array().unwrap().contains(&json!("studio:new")));
    let logs = t
        .get("/data/events/login-logs/last?limit=1", &t.admin)
        .await
        .json();
    assert_eq!(
        support::keys(&logs[0]),
        ["created_at", "id", "ip_address", "origin", "person_id"]
    );
    let (_, artist) = t.person("user", "artist@example.com").await;
    assert_eq!(t.get("/data/events/last", &artist).await.status(), 403);
    assert_eq!(
        t.get("/data/events/login-logs/last", &artist)
            .await
            .status(),
        403
    );
    let r = t.get("/data/events/last?limit=abc", &t.admin).await;
    assert_eq!(
        r.json(),
        json!({"error": true, "message": "Wrong value for parameter limit.", "data": null})
    );
}

#[tokio::test]
async fn graphql_event_feed_resumes_from_a_cursor() {
    let t = TestApp::new().await;
    let first = t
        .gql_ok(
            Some(&t.admin),
            "{ events(first: 10000) { edges { cursor } } }",
            json!({}),
        )
        .await;
    let cursor = first["events"]["edges"]
        .as_array()
        .unwrap()
        .last()
        .map(|e| e["cursor"].clone())
        .unwrap_or(Value::Null);
    post_id(
        &t,
        "/data/studios",
        json!({"name": "S1", "color": "#000000"}),
    )
    .await;
    post_id(
        &t,
        "/data/studios",
        json!({"name": "S2", "color": "#000000"}),
    )
    .await;
    let next = t
        .gql_ok(
            Some(&t.admin),
            "query($c: String) { events(after: $c) { edges { node { name data } } } }",
            json!({"c": cursor}),
        )
        .await;
    let names: Vec<&str> = next["events"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["studio:new", "studio:new"]);
}

#[tokio::test]
async fn graphql_crud_filters_and_cursors() {
    let t = TestApp::new().await;
    for i in 0..7 {
        post_id(&t, "/data/projects", json!({"name": format!("P{i}"), "data": {"budget": i * 10, "genre": if i % 2 == 0 { "drama" } else { "comedy" }}})).await;
    }
    let q = r#"query($f: ProjectFilter, $after: String) {
        projects(filter: $f, first: 2, after: $after, orderBy: {field: NAME}) {
          totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }"#;
    let mut names = Vec::new();
    let mut after = Value::Null;
    loop {
        let d = t
            .gql_ok(Some(&t.admin), q, json!({"f": null, "after": after}))
            .await;
        assert_eq!(d["projects"]["totalCount"], 7);
        for e in d["projects"]["edges"].as_array().unwrap() {
            names.push(e["node"]["name"].as_str().unwrap().to_owned());
        }
        if d["projects"]["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = d["projects"]["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(names, ["P0", "P1", "P2", "P3", "P4", "P5", "P6"]);
    let count = |f: Value| {
        let t = &t;
        async move {
            let d = t
                .gql_ok(
                    Some(&t.admin),
                    "query($f: ProjectFilter) { projects(filter: $f) { totalCount } }",
                    json!({"f": f}),
                )
                .await;
            d["projects"]["totalCount"].as_i64().unwrap()
        }
    };
    assert_eq!(count(json!({"name": {"startsWith": "p"}})).await, 7);
    assert_eq!(count(json!({"name": {"in": ["P1", "P2"]}})).await, 2);
    assert_eq!(
        count(json!({"or": [{"name": {"eq": "P1"}}, {"name": {"eq": "P6"}}]})).await,
        2
    );
    assert_eq!(count(json!({"not": {"name": {"contains": "1"}}})).await, 6);
    assert_eq!(
        count(json!({"data": [{"key": "genre", "eq": "drama"}]})).await,
        4
    );
    assert_eq!(
        count(json!({"data": [{"key": "budget", "gte": 30}]})).await,
        4
    );
    assert_eq!(count(json!({"and": [{"data": [{"key": "budget", "lt": 30}]}, {"data": [{"key": "genre", "eq": "comedy"}]}]})).await, 1);
    assert_eq!(count(json!({"description": {"isNull": true}})).await, 7);
    // updatedSince: only what changed.
    let since = chrono::Utc::now().naive_utc() + chrono::Duration::seconds(1);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let p3 = t.get("/data/projects?name=P3", &t.admin).await.json()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    t.put(
        &format!("/data/projects/{p3}"),
        &t.admin,
        json!({"description": "changed"}),
    )
    .await;
    let d = t
        .gql_ok(
            Some(&t.admin),
            "query($s: NaiveDateTime) { projects(updatedSince: $s) { edges { node { name } } } }",
            json!({"s": since.format("%Y-%m-%dT%H:%M:%S").to_string()}),
        )
        .await;
    assert_eq!(d["projects"]["edges"], json!([{"node": {"name": "P3"}}]));
    // Mutations run the same engine.
    let d = t
        .gql_ok(
            Some(&t.admin),
            r##"mutation { createStudio(input: {name: "GQL", color: "#123456"}) { id name } }"##,
            json!({}),
        )
        .await;
    let sid = d["createStudio"]["id"].as_str().unwrap().to_owned();
    let d = t
        .gql_ok(
            Some(&t.admin),
            "mutation($id: ID!) { updateStudio(id: $id, input: {archived: true}) { archived } }",
            json!({"id": sid}),
        )
        .await;
    assert_eq!(d["updateStudio"]["archived"], true);
    let d = t
        .gql_ok(
            Some(&t.admin),
            "mutation($id: ID!) { deleteStudio(id: $id) }",
            json!({"id": sid}),
        )
        .await;
    assert_eq!(d["deleteStudio"], json!(sid));
    let (_, artist) = t.person("user", "artist@example.com").await;
    let (v, _) = t
        .gql(
            Some(&artist),
            r##"mutation { createStudio(input: {name: "X", color: "#000000"}) { id } }"##,
            json!({}),
        )
        .await;
    assert_eq!(v["errors"][0]["extensions"]["code"], "FORBIDDEN");
}

#[tokio::test]
async fn concurrent_updates_of_one_row_all_land() {
    let t = TestApp::new().await;
    let p = post_id(&t, "/data/projects", json!({"name": "P"})).await;
    let fields = [
        "code",
        "description",
        "fps",
        "ratio",
        "resolution",
        "homepage",
        "production_type",
        "production_style",
    ];
    let values = [
        "C1",
        "desc",
        "24",
        "2.35",
        "2048x858",
        "shots",
        "featurefilm",
        "3d",
    ];
    let mut handles = Vec::new();
    let service = t.built.service.clone();
    for (f, v) in fields.iter().zip(values) {
        let req = Request::builder()
            .method("PUT")
            .uri(format!("/data/projects/{p}"))
            .header("authorization", format!("Bearer {}", t.admin))
            .header("content-type", "application/json")
            .body(Body::from(json!({ *f: v }).to_string()))
            .unwrap();
        let svc = service.clone();
        handles.push(tokio::spawn(async move {
            use tower::ServiceExt;
            svc.oneshot(req).await.unwrap().status().as_u16()
        }));
    }
    for h in handles {
        assert_eq!(h.await.unwrap(), 200);
    }
    let row = t.get(&format!("/data/projects/{p}"), &t.admin).await.json();
    for (f, v) in fields.iter().zip(values) {
        assert_eq!(row[*f], v, "update of {f} was lost");
    }
    assert_eq!(
        t.count("SELECT COUNT(*) FROM api_event WHERE name = 'project:update'")
            .await,
        fields.len() as i64
    );
}

#[tokio::test]
async fn bad_input_never_answers_500() {
    let t = TestApp::new().await;
    let bodies = [
        "null",
        "[]",
        "\"x\"",
        "{\"name\": {\"deep\": [1,2,3]}}",
        "{\"name\": 1e400}",
        "{\"fps\": 99999999999999999999}",
        "{\"name\": \"\\u0000\"}",
        "{\"project_status_id\": 12}",
        "{\"project_status_id\": {\"id\": \"nope\"}}",
        "{\"team\": [\"nope\"]}",
        "{\"start_date\": 5}",
        "{\"data\": \"not an object\"}",
    ];
    for path in [
        "/data/projects",
        "/data/tasks",
        "/data/persons",
        "/data/entities",
    ] {
        for b in bodies {
            let req = Request::builder()
                .method("POST")
                .uri(path)
                .header("authorization", format!("Bearer {}", t.admin))
                .header("content-type", "application/json")
                .body(Body::from(b))
                .unwrap();
            let r = t.send(req).await;
            assert!(
                r.status() < 500,
                "POST {path} {b}: {} {}",
                r.status(),
                r.text
            );
        }
    }
    for q in [
        "?page=-1",
        "?limit=-5&page=1",
        "?id=%5B%5D",
        "?name=%25%25",
        "?created_at=yesterday",
        "?data=%7B",
    ] {
        let r = t.get(&format!("/data/projects{q}"), &t.admin).await;
        assert!(r.status() < 500, "GET {q}: {} {}", r.status(), r.text);
    }
}
