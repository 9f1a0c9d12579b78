//! Commenting a task (`POST /actions/tasks/{task_id}/comment` and the
//! `commentTask` mutation) against Zou's own answers.
//!
//! The fixture of `docs/zou-reference/comments.md` is built through HTTP,
//! then the 59 captured exchanges are replayed in order, as the same
//! actors, and everything Zou did is asserted: status and JSON (key for
//! key), stored events, published events (`notification:new`…), the
//! notifications, news and comments rows written, and the task afterwards.
//! A refused exchange must leave every table as it was. Further tests
//! cover what the capture cannot show: all-or-nothing writes, constant
//! statement counts, the GraphQL mutation, attachments in storage.

mod support;

use serde_json::{json, Value};
use support::{zou_match, Capture, Ids, Res, TestApp};

const ZERO: &str = "00000000-0000-0000-0000-000000000000";

async fn created(t: &TestApp, path: &str, body: Value) -> String {
    let r = t.post(path, &t.admin, body).await;
    assert!(matches!(r.status(), 200 | 201), "POST {path}: {}", r.text);
    r.json()["id"].as_str().unwrap().to_owned()
}

async fn ok(t: &TestApp, method: &str, path: &str, body: Value) -> Value {
    let r = t.call(method, path, Some(&t.admin), Some(body)).await;
    assert!(
        (200..300).contains(&r.status()),
        "{method} {path}: {}",
        r.text
    );
    if r.text.is_empty() {
        Value::Null
    } else {
        r.json()
    }
}

/// Every row of `collection` by name (`key`), labelled `<prefix><name>`.
async fn by_name(t: &TestApp, ids: &mut Ids, prefix: &str, collection: &str, key: &str) {
    let r = t.get(&format!("/data/{collection}"), &t.admin).await;
    for row in r.json().as_array().unwrap() {
        let name = row[key].as_str().unwrap_or_default();
        ids.set(&format!("{prefix}{name}"), row["id"].as_str().unwrap());
    }
}

/// A person with a role, departments and a token, on the team of `P` or not.
async fn person(t: &TestApp, ids: &mut Ids, label: &str, role: &str, deps: &[&str], team: bool) {
    let email = format!("{}@example.com", label.replace('_', "-"));
    let id = created(
        t,
        "/data/persons",
        json!({"first_name": label, "last_name": "Test", "email": email, "role": role}),
    )
    .await;
    t.set_password(&id, "secret1234").await;
    ids.set(label, &id);
    if !deps.is_empty() {
        let deps: Vec<&str> = deps.iter().map(|d| ids.get(&format!("dep:{d}"))).collect();
        ok(
            t,
            "PUT",
            &format!("/data/persons/{id}"),
            json!({"departments": deps}),
        )
        .await;
    }
    if team {
        let p = ids.get("P").to_owned();
        ok(
            t,
            "POST",
            &format!("/data/projects/{p}/team"),
            json!({"person_id": id}),
        )
        .await;
    }
    ids.tokens
        .insert(label.to_owned(), t.login(&email, "secret1234").await);
}

/// The capture's fixture (`comments.md` §1), built through HTTP.
async fn fixture(t: &TestApp) -> Ids {
    let mut ids = Ids::default();
    ids.set("zero", ZERO);
    ids.tokens.insert("admin".into(), t.admin.clone());
    let r = t.get("/auth/authenticated", &t.admin).await;
    ids.set("admin", r.json()["user"]["id"].as_str().unwrap());
    by_name(t, &mut ids, "status:", "task-status", "short_name").await;
    by_name(t, &mut ids, "type:", "entity-types", "name").await;
    by_name(t, &mut ids, "dep:", "departments", "name").await;
    let r = t.get("/data/task-types", &t.admin).await;
    for row in r.json().as_array().unwrap() {
        let label = format!(
            "tt:{}:{}",
            row["for_entity"].as_str().unwrap(),
            row["name"].as_str().unwrap()
        );
        ids.set(&label, row["id"].as_str().unwrap());
    }
    let lead = created(
        t,
        "/data/task-status",
        json!({"name": "Lead check", "short_name": "lead", "color": "#123456",
               "is_artist_allowed": false, "is_client_allowed": false}),
    )
    .await;
    ids.set("status:lead", &lead);
    let p = created(
        t,
        "/data/projects",
        json!({"name": "P", "production_type": "short"}),
    )
    .await;
    ids.set("P", &p);
    for tt in [
        "tt:Asset:Modeling",
        "tt:Asset:Rigging",
        "tt:Asset:Shading",
        "tt:Shot:Layout",
        "tt:Shot:Animation",
        "tt:Concept:Concept",
    ] {
        ok(
            t,
            "POST",
            &format!("/data/projects/{p}/settings/task-types"),
            json!({"task_type_id": ids.get(tt)}),
        )
        .await;
    }
    for st in [
        "todo", "wip", "wfa", "retake", "done", "neutral", "approved", "lead",
    ] {
        ok(
            t,
            "POST",
            &format!("/data/projects/{p}/settings/task-status"),
            json!({"task_status_id": ids.get(&format!("status:{st}"))}),
        )
        .await;
    }
    for at in ["Character", "Prop"] {
        ok(
            t,
            "POST",
            &format!("/data/projects/{p}/settings/asset-types"),
            json!({"asset_type_id": ids.get(&format!("type:{at}"))}),
        )
        .await;
    }
    for (label, role, deps, team) in [
        ("manager", "manager", &[][..], true),
        ("supervisor", "supervisor", &["Modeling"][..], true),
        ("supervisor_anim", "supervisor", &["Animation"][..], true),
        ("artist", "user", &["Modeling"][..], true),
        ("artist2", "user", &[][..], true),
        ("modeler", "user", &["Modeling"][..], true),
        ("client", "client", &[][..], true),
        ("vendor", "vendor", &[][..], true),
        ("vendor2", "vendor", &[][..], true),
        ("watcher", "user", &[][..], true),
        ("seqwatcher", "user", &[][..], true),
        ("artist_off", "user", &[][..], false),
    ] {
        person(t, &mut ids, label, role, deps, team).await;
    }
    for (name, ty, parent) in [
        ("Hero", "Character", None),
        ("Sword", "Prop", None),
        ("SQ01", "Sequence", None),
        ("SH010", "Shot", Some("SQ01")),
        ("CO01", "Concept", None),
    ] {
        let mut body = json!({"name": name, "project_id": p,
                              "entity_type_id": ids.get(&format!("type:{ty}"))});
        if let Some(parent) = parent {
            body["parent_id"] = json!(ids.get(parent));
        }
        let id = created(t, "/data/entities", body).await;
        ids.set(name, &id);
    }
    for (entity, tt, assignees, status) in [
        ("Hero", "tt:Asset:Modeling", &["artist"][..], "todo"),
        ("Hero", "tt:Asset:Rigging", &["artist2"][..], "todo"),
        ("Hero", "tt:Asset:Shading", &[][..], "todo"),
        ("Sword", "tt:Asset:Modeling", &[][..], "todo"),
        ("SH010", "tt:Shot:Layout", &["vendor"][..], "todo"),
        (
            "SH010",
            "tt:Shot:Animation",
            &["artist", "artist2"][..],
            "todo",
        ),
        ("CO01", "tt:Concept:Concept", &["artist"][..], "neutral"),
    ] {
        let assignees: Vec<&str> = assignees.iter().map(|a| ids.get(a)).collect();
        let id = created(
            t,
            "/data/tasks",
            json!({"name": "main", "project_id": p, "entity_id": ids.get(entity),
                   "task_type_id": ids.get(tt), "task_status_id": ids.get(&format!("status:{status}")),
                   "assignees": assignees}),
        )
        .await;
        let short = tt.rsplit(':').next().unwrap();
        ids.set(&format!("task:{entity}:{short}"), &id);
    }
    created(
        t,
        "/data/subscriptions",
        json!({"person_id": ids.get("watcher"), "task_id": ids.get("task:Hero:Modeling")}),
    )
    .await;
    created(
        t,
        "/data/subscriptions",
        json!({"person_id": ids.get("seqwatcher"), "entity_id": ids.get("SQ01"),
               "task_type_id": ids.get("tt:Shot:Animation")}),
    )
    .await;
    ids
}

/// Rows of a table and their count, to prove a refused request wrote
/// nothing.
async fn counts(t: &TestApp) -> Vec<i64> {
    let mut out = Vec::new();
    for table in [
        "comment",
        "notification",
        "news",
        "api_event",
        "attachment_file",
        "comment_mentions",
        "comment_department_mentions",
    ] {
        out.push(t.count(&format!("SELECT COUNT(*) FROM \"{table}\"")).await);
    }
    out
}

/// Match `actual` to `expected` (name, data) lists: the same names in the
/// same order; within a run of one name, items in any order (Zou walks a
/// Python set to notify, and unordered rows for casting stats).
fn match_events(what: &str, expected: &[Value], actual: &[(String, Value)], ids: &mut Ids) {
    let want: Vec<&str> = expected
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    let got: Vec<&str> = actual.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(got, want, "{what}: event names");
    let mut i = 0;
    while i < expected.len() {
        let mut j = i;
        while j < expected.len() && want[j] == want[i] {
            j += 1;
        }
        let mut used = vec![false; j - i];
        for e in &expected[i..j] {
            let mut found = false;
            for (k, (_, data)) in actual[i..j].iter().enumerate() {
                if used[k] {
                    continue;
                }
                let mut trial = ids.clone();
                if zou_match(&e["data"], data, &mut trial, "$").is_ok() {
                    *ids = trial;
                    used[k] = true;
                    found = true;
                    break;
                }
            }
            assert!(
                found,
                "{what}: no {} event matches {}\nactual: {:?}",
                want[i],
                e["data"],
                &actual[i..j]
            );
        }
        i = j;
    }
}

/// The rows of `collection` not in `before`, reduced to the keys of the
/// captured rows (`type` is the notification's `notification_type`).
async fn new_rows(t: &TestApp, collection: &str, before: &[String], keys: &[&str]) -> Vec<Value> {
    let r = t.get(&format!("/data/{collection}"), &t.admin).await;
    r.json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| !before.contains(&row["id"].as_str().unwrap().to_owned()))
        .map(|row| {
            let mut m = serde_json::Map::new();
            for k in keys {
                let v = match *k {
                    "type" if collection == "notifications" => row["notification_type"].clone(),
                    k => row[k].clone(),
                };
                m.insert((*k).to_owned(), v);
            }
            Value::Object(m)
        })
        .collect()
}

async fn row_ids(t: &TestApp, collection: &str) -> Vec<String> {
    let r = t.get(&format!("/data/{collection}"), &t.admin).await;
    r.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["id"].as_str().unwrap().to_owned())
        .collect()
}

fn keys_of(rows: &Value) -> Vec<String> {
    rows.as_array()
        .and_then(|a| a.first())
        .and_then(Value::as_object)
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

/// Zou gives two `mention` notifications to someone mentioned by name and
/// through a department; Tusk gives one (the only known difference of the
/// capture). Drop Zou's duplicates from what is expected.
fn one_mention_each(entry: &mut Value) {
    let Some(rows) = entry["notifications"].as_array().cloned() else {
        return;
    };
    let mut kept: Vec<Value> = Vec::new();
    for r in rows {
        if !kept.contains(&r) {
            kept.push(r);
        }
    }
    let mut per_person: std::collections::HashMap<String, usize> = Default::default();
    for r in &kept {
        *per_person
            .entry(r["person_id"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    let published: Vec<Value> = entry["published"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            if e["name"] != "notification:new" {
                return true;
            }
            let left = per_person
                .entry(e["data"]["person_id"].as_str().unwrap().to_owned())
                .or_default();
            if *left == 0 {
                return false;
            }
            *left -= 1;
            true
        })
        .cloned()
        .collect();
    entry["notifications"] = Value::Array(kept);
    entry["published"] = Value::Array(published);
}

/// Send a captured exchange as its actor and check everything Zou did.
async fn exchange(t: &TestApp, entry: &Value, ids: &mut Ids) -> Res {
    let mut entry = entry.clone();
    one_mention_each(&mut entry);
    let name = entry["name"].as_str().unwrap().to_owned();
    let actor = entry["actor"].as_str().unwrap();
    let path = ids.fill(entry["path"].as_str().unwrap());
    let token = ids.tokens[actor].clone();
    let mut b = axum::http::Request::builder()
        .method("POST")
        .uri(&path)
        .header("authorization", format!("Bearer {token}"));
    let body = match &entry["request"] {
        Value::Null => axum::body::Body::empty(),
        Value::Object(o) if o.contains_key("raw") => {
            b = b.header("content-type", o["content_type"].as_str().unwrap());
            axum::body::Body::from(ids.fill(o["raw"].as_str().unwrap()))
        }
        v => {
            b = b.header("content-type", "application/json");
            axum::body::Body::from(serde_json::to_vec(&ids.fill_value(v)).unwrap())
        }
    };
    let task_id = path
        .strip_prefix("/actions/tasks/")
        .and_then(|p| p.strip_suffix("/comment"))
        .unwrap()
        .to_owned();
    let task_before = t.get(&format!("/data/tasks/{task_id}"), &t.admin).await;
    let counts_before = counts(t).await;
    let before_events = t.count("SELECT COUNT(*) FROM \"api_event\"").await;
    let notifications_before = row_ids(t, "notifications").await;
    let news_before = row_ids(t, "news").await;
    let comments_before = row_ids(t, "comments").await;
    let mut bus = t.built.app.bus.subscribe();

    let res = t.send(b.body(body).unwrap()).await;

    let want = entry["status"].as_u64().unwrap() as u16;
    assert_eq!(res.status(), want, "{name}: {}", res.text);
    let stored = t.events_since(before_events).await;
    match_events(
        &format!("{name}: stored events"),
        entry["events"].as_array().unwrap(),
        &stored,
        ids,
    );
    let mut published = Vec::new();
    while let Ok(e) = bus.try_recv() {
        published.push((e.name, e.data));
    }
    match_events(
        &format!("{name}: published events"),
        entry["published"].as_array().unwrap(),
        &published,
        ids,
    );
    let actual: Value = serde_json::from_str(&res.text).unwrap();
    if let Err(e) = zou_match(&entry["body"], &actual, ids, "$") {
        panic!(
            "{name}: {e}\nexpected: {}\nactual:   {actual}",
            entry["body"]
        );
    }
    for (collection, key, before) in [
        ("notifications", "notifications", &notifications_before),
        ("news", "news", &news_before),
        ("comments", "comments", &comments_before),
    ] {
        let keys = keys_of(&entry[key]);
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let rows = Value::Array(new_rows(t, collection, before, &keys).await);
        if let Err(e) = zou_match(&entry[key], &rows, ids, key) {
            panic!("{name}: {e}\nexpected: {}\nactual:   {rows}", entry[key]);
        }
    }
    if let Some(want) = entry.get("task") {
        let r = t.get(&format!("/data/tasks/{task_id}"), &t.admin).await;
        let task = r.json();
        let got: serde_json::Map<String, Value> = want
            .as_object()
            .unwrap()
            .keys()
            .map(|k| (k.clone(), task[k].clone()))
            .collect();
        if let Err(e) = zou_match(want, &Value::Object(got.clone()), ids, "task") {
            panic!("{name}: {e}\nexpected: {want}\nactual:   {got:?}");
        }
    }
    if want >= 400 {
        assert_eq!(
            counts(t).await,
            counts_before,
            "{name}: a refusal wrote rows"
        );
        let after = t.get(&format!("/data/tasks/{task_id}"), &t.admin).await;
        assert_eq!(
            after.text, task_before.text,
            "{name}: a refusal changed the task"
        );
    }
    res
}

/// A set-up call of the capture (`aux`), as the admin.
async fn aux(t: &TestApp, entry: &Value, ids: &mut Ids) {
    let method = entry["method"].as_str().unwrap();
    let path = ids.fill(entry["path"].as_str().unwrap());
    let body = ids.fill_value(&entry["request"]);
    let answer = ok(t, method, &path, body).await;
    if let Some(label) = entry["body"]["id"]
        .as_str()
        .and_then(|s| s.strip_prefix("<uuid:"))
        .and_then(|s| s.strip_suffix('>'))
    {
        ids.set(label, answer["id"].as_str().unwrap());
    }
}

#[tokio::test]
async fn replays_zou_capture() {
    let t = TestApp::new().await;
    let mut ids = fixture(&t).await;
    let capture = Capture::load("comments.json");
    let mut replayed = 0;
    for entry in &capture.0 {
        if entry["aux"] == true {
            aux(&t, entry, &mut ids).await;
        } else {
            exchange(&t, entry, &mut ids).await;
            replayed += 1;
        }
    }
    assert_eq!(replayed, 59);
}

// ---------------------------------------------------------------------------
// Beyond the capture

/// The fixture's ids and a comment helper.
struct Env {
    t: TestApp,
    ids: Ids,
}

impl Env {
    async fn new() -> Env {
        let t = TestApp::new().await;
        let ids = fixture(&t).await;
        Env { t, ids }
    }

    fn id(&self, label: &str) -> String {
        self.ids.get(label).to_owned()
    }

    fn token(&self, actor: &str) -> String {
        self.ids.tokens[actor].clone()
    }

    async fn comment(&self, actor: &str, task: &str, body: Value) -> Res {
        let path = format!("/actions/tasks/{}/comment", self.id(task));
        self.t.post(&path, &self.token(actor), body).await
    }

    async fn task(&self, task: &str) -> Value {
        self.t
            .get(&format!("/data/tasks/{}", self.id(task)), &self.t.admin)
            .await
            .json()
    }

    fn status(&self, short: &str) -> String {
        self.id(&format!("status:{short}"))
    }
}

#[tokio::test]
async fn status_dates_follow_the_workflow() {
    let e = Env::new().await;
    let hm = "task:Hero:Modeling";
    let r = e
        .comment("artist", hm, json!({"task_status_id": e.status("wip")}))
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let t1 = e.task(hm).await;
    assert_eq!(t1["task_status_id"], json!(e.status("wip")));
    assert_eq!(t1["last_comment_date"], r.json()["created_at"]);
    let started = t1["real_start_date"].clone();
    assert!(started.is_string());
    assert!(t1["end_date"].is_null() && t1["done_date"].is_null());

    e.comment("artist", hm, json!({"task_status_id": e.status("wfa")}))
        .await;
    let t2 = e.task(hm).await;
    assert!(t2["end_date"].is_string());
    assert_eq!(t2["real_start_date"], started, "the start stays");

    e.comment("manager", hm, json!({"task_status_id": e.status("retake")}))
        .await;
    let t3 = e.task(hm).await;
    assert_eq!(t3["retake_count"], 1);
    assert!(t3["end_date"].is_null(), "a retake clears the end date");

    e.comment("manager", hm, json!({"task_status_id": e.status("retake")}))
        .await;
    assert_eq!(e.task(hm).await["retake_count"], 1, "no change, no count");

    e.comment("artist", hm, json!({"task_status_id": e.status("wfa")}))
        .await;
    let r = e
        .comment("manager", hm, json!({"task_status_id": e.status("done")}))
        .await;
    let t4 = e.task(hm).await;
    assert!(t4["done_date"].is_string());
    assert!(t4["end_date"].is_string(), "done keeps the feedback date");
    let last = r.json()["created_at"].clone();

    // A back-dated retake: the task keeps its status and last comment, and
    // is recomputed from its history (two separate retakes now).
    let r = e
        .comment(
            "manager",
            hm,
            json!({"task_status_id": e.status("retake"), "created_at": "2020-01-01 10:00:00"}),
        )
        .await;
    assert_eq!(r.status(), 201);
    assert_eq!(r.json()["created_at"], "2020-01-01T10:00:00");
    let t5 = e.task(hm).await;
    assert_eq!(t5["task_status_id"], json!(e.status("done")));
    assert_eq!(t5["last_comment_date"], last);
    assert_eq!(t5["retake_count"], 2);
    assert_eq!(t5["real_start_date"], started);

    // Back to work: the done date goes.
    e.comment("artist", hm, json!({"task_status_id": e.status("wip")}))
        .await;
    let t6 = e.task(hm).await;
    assert!(t6["done_date"].is_null() && t6["end_date"].is_null());
    assert_eq!(t6["real_start_date"], started);
}

#[tokio::test]
async fn a_request_failing_midway_writes_nothing() {
    // Rigging is in retake with as many retakes as the project allows: the
    // hashtag copy to it is refused after the comment itself was written,
    // and the whole request is undone (Zou keeps the first comment).
    let e = Env::new().await;
    let t = &e.t;
    ok(
        t,
        "PUT",
        &format!("/data/projects/{}", e.id("P")),
        json!({"max_retakes": 1}),
    )
    .await;
    let r = e
        .comment(
            "manager",
            "task:Hero:Rigging",
            json!({"task_status_id": e.status("retake")}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let before = counts(t).await;
    let task_before = e.task("task:Hero:Modeling").await;
    let r = e
        .comment(
            "manager",
            "task:Hero:Modeling",
            json!({"task_status_id": e.status("wip"), "comment": "see #rigging"}),
        )
        .await;
    assert_eq!(r.status(), 400, "{}", r.text);
    assert_eq!(
        r.json(),
        json!({"error": true, "message": "No more retakes allowed on this task", "data": null})
    );
    assert_eq!(counts(t).await, before);
    assert_eq!(e.task("task:Hero:Modeling").await, task_before);
}

/// A task with `n` assignees and `n` subscribers, commented by the admin.
async fn statements_for(n: usize) -> u64 {
    let e = Env::new().await;
    let t = &e.t;
    let p = e.id("P");
    let mut people = Vec::new();
    for i in 0..2 * n {
        let id = created(
            t,
            "/data/persons",
            json!({"first_name": format!("p{i}"), "last_name": "Crowd", "email": format!("p{i}@crowd.example.com")}),
        )
        .await;
        ok(
            t,
            "POST",
            &format!("/data/projects/{p}/team"),
            json!({"person_id": id}),
        )
        .await;
        people.push(id);
    }
    let task = created(
        t,
        "/data/tasks",
        json!({"name": "crowd", "project_id": p, "entity_id": e.id("SH010"),
               "task_type_id": e.id("tt:Shot:Animation"), "task_status_id": e.status("todo"),
               "assignees": people[..n]}),
    )
    .await;
    for person in &people[n..] {
        created(
            t,
            "/data/subscriptions",
            json!({"person_id": person, "task_id": task}),
        )
        .await;
    }
    let r = t
        .post(
            &format!("/actions/tasks/{task}/comment"),
            &t.admin,
            json!({"task_status_id": e.status("wfa"), "comment": "@p0 Crowd and @Modeling look"}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    // The assignees, the subscribers and the sequence's subscriber, and
    // the mentioned: p0 by name, the three members of Modeling on the team.
    let mut db = t.built.app.db.clone();
    let mut q = db.sql("SELECT COUNT(*) FROM \"notification\" WHERE \"comment_id\" = ");
    q.bind(tusk_db::SqlValue::Uuid(Some(
        r.json()["id"].as_str().unwrap().parse().unwrap(),
    )));
    assert_eq!(
        db.fetch_scalar::<i64>(&q).await.unwrap() as usize,
        2 * n + 5
    );
    r.statements()
}

#[tokio::test]
async fn statements_do_not_grow_with_followers() {
    let few = statements_for(2).await;
    let many = statements_for(30).await;
    eprintln!("one comment with a status change: {few} statements");
    assert_eq!(few, many, "2 vs 30 assignees and subscribers");
    assert!(few <= 30, "{few} statements for one comment");
}

#[tokio::test]
async fn graphql_mutation_does_what_rest_does() {
    let e = Env::new().await;
    let t = &e.t;
    let q = "mutation($task: ID!, $input: CommentTaskInput!) {
        commentTask(taskId: $task, input: $input) {
            id text objectId forClient taskStatus { shortName } person { id } mentions { id }
        }
    }";
    let before = t.count("SELECT COUNT(*) FROM \"api_event\"").await;
    let d = t
        .gql_ok(
            Some(&e.token("artist")),
            q,
            json!({"task": e.id("task:Hero:Modeling"),
                   "input": {"taskStatusId": e.status("wfa"), "comment": "@artist2 Test have a look",
                             "forClient": true, "personId": e.id("admin")}}),
        )
        .await;
    let c = &d["commentTask"];
    assert_eq!(c["text"], "@artist2 Test have a look");
    assert_eq!(c["taskStatus"]["shortName"], "wfa");
    assert_eq!(
        c["person"]["id"],
        json!(e.id("artist")),
        "not a manager: the caller"
    );
    assert_eq!(c["forClient"], false);
    assert_eq!(c["mentions"], json!([{"id": e.id("artist2")}]));
    let events: Vec<String> = t
        .events_since(before)
        .await
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        events,
        [
            "comment:new",
            "task:update",
            "task:status-changed",
            "task:to-review",
            "news:new"
        ]
    );
    let task = e.task("task:Hero:Modeling").await;
    assert_eq!(task["task_status_id"], json!(e.status("wfa")));
    assert!(task["end_date"].is_string());

    // Refusals answer like REST.
    let (v, _) = t
        .gql(
            Some(&e.token("artist2")),
            q,
            json!({"task": e.id("task:Hero:Rigging"), "input": {"taskStatusId": e.status("lead")}}),
        )
        .await;
    assert_eq!(v["errors"][0]["extensions"]["status"], 403, "{v}");
    let (v, _) = t
        .gql(
            Some(&t.admin),
            q,
            json!({"task": ZERO, "input": {"taskStatusId": e.status("wip")}}),
        )
        .await;
    assert_eq!(v["errors"][0]["extensions"]["status"], 404, "{v}");
    let (v, _) = t
        .gql(
            Some(&t.admin),
            q,
            json!({"task": e.id("task:Hero:Modeling"), "input": {"taskStatusId": "abc"}}),
        )
        .await;
    assert_eq!(v["errors"][0]["extensions"]["status"], 404, "{v}");

    // A manager chooses the author, the date and the client flag.
    let d = t
        .gql_ok(
            Some(&e.token("manager")),
            q,
            json!({"task": e.id("task:Hero:Modeling"),
                   "input": {"taskStatusId": e.status("wfa"), "personId": e.id("artist"),
                             "forClient": true, "createdAt": "2020-01-01 10:00:00"}}),
        )
        .await;
    assert_eq!(d["commentTask"]["person"]["id"], json!(e.id("artist")));
    assert_eq!(d["commentTask"]["forClient"], true);
}

#[tokio::test]
async fn who_may_comment() {
    let e = Env::new().await;
    let t = &e.t;
    let hm = "task:Hero:Modeling";
    let wip = json!({"task_status_id": e.status("wip")});
    let lead = json!({"task_status_id": e.status("lead")});
    // A token first, whatever the body.
    let r = t
        .call(
            "POST",
            &format!("/actions/tasks/{}/comment", e.id(hm)),
            None,
            Some(json!([])),
        )
        .await;
    assert_eq!(r.status(), 401, "{}", r.text);
    assert_eq!(r.json()["msg"], tusk_db::policy::MISSING_JWT);
    // Assignee artist: yes; another artist: no; off the team: no.
    assert_eq!(e.comment("artist", hm, wip.clone()).await.status(), 201);
    assert_eq!(e.comment("artist2", hm, wip.clone()).await.status(), 403);
    assert_eq!(e.comment("artist_off", hm, wip.clone()).await.status(), 403);
    // Artists and clients cannot use a status not allowed for them.
    assert_eq!(e.comment("artist", hm, lead.clone()).await.status(), 403);
    assert_eq!(e.comment("client", hm, wip.clone()).await.status(), 201);
    assert_eq!(e.comment("client", hm, lead.clone()).await.status(), 403);
    // The project may let its clients use it.
    let mut db = t.built.app.db.clone();
    let mut q = db.sql("UPDATE \"project_task_status_link\" SET \"is_client_allowed\" = ");
    q.bind(tusk_db::SqlValue::Bool(Some(true)))
        .push(" WHERE \"task_status_id\" = ")
        .bind(tusk_db::SqlValue::Uuid(Some(
            e.status("lead").parse().unwrap(),
        )));
    db.execute(&q).await.unwrap();
    assert_eq!(e.comment("client", hm, lead.clone()).await.status(), 201);
    // Vendors: on their tasks only, but any status (they are not artists).
    let layout = "task:SH010:Layout";
    assert_eq!(
        e.comment("vendor", layout, lead.clone()).await.status(),
        201
    );
    assert_eq!(
        e.comment("vendor2", layout, wip.clone()).await.status(),
        403
    );
    assert_eq!(e.comment("vendor", hm, wip.clone()).await.status(), 403);
    // A vendor mentioned on a task still may not answer there.
    let r = e
        .comment(
            "manager",
            hm,
            json!({"task_status_id": e.status("wip"), "comment": "@vendor Test and @artist2 Test"}),
        )
        .await;
    assert_eq!(r.json()["mentions"].as_array().unwrap().len(), 2);
    assert_eq!(e.comment("vendor", hm, wip.clone()).await.status(), 403);
    assert_eq!(e.comment("artist2", hm, wip.clone()).await.status(), 201);
    // Mentioned through a department counts too.
    let r = e
        .comment(
            "manager",
            "task:Hero:Shading",
            json!({"task_status_id": e.status("todo"), "comment": "@Modeling"}),
        )
        .await;
    assert_eq!(r.status(), 201);
    assert_eq!(
        e.comment(
            "modeler",
            "task:Hero:Shading",
            json!({"task_status_id": e.status("todo")})
        )
        .await
        .status(),
        201
    );
    // The creator of an entity acts on its tasks.
    let entity = created(
        t,
        "/data/entities",
        json!({"name": "Prop2", "project_id": e.id("P"), "entity_type_id": e.id("type:Prop")}),
    )
    .await;
    sql(
        t,
        "UPDATE \"entity\" SET \"created_by\" = ",
        &e.id("artist2"),
        " WHERE \"id\" = ",
        &entity,
    )
    .await;
    let task = created(
        t,
        "/data/tasks",
        json!({"name": "main", "project_id": e.id("P"), "entity_id": entity,
               "task_type_id": e.id("tt:Asset:Modeling"), "task_status_id": e.status("todo")}),
    )
    .await;
    let r = t
        .post(
            &format!("/actions/tasks/{task}/comment"),
            &e.token("artist2"),
            wip.clone(),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    // A project role overrides the global one: a manager who is an artist
    // on this project may not choose the author.
    let mut db = t.built.app.db.clone();
    let mut q =
        db.sql("UPDATE \"project_person_link\" SET \"role\" = 'user' WHERE \"person_id\" = ");
    q.bind(tusk_db::SqlValue::Uuid(Some(
        e.id("manager").parse().unwrap(),
    )));
    db.execute(&q).await.unwrap();
    let r = e
        .comment(
            "manager",
            "task:Hero:Shading",
            json!({"task_status_id": e.status("todo"), "person_id": e.id("artist")}),
        )
        .await;
    assert_eq!(r.status(), 403, "not an assignee any more: {}", r.text);
}

/// `UPDATE … SET <a> = id1 WHERE <b> = id2`.
async fn sql(t: &TestApp, a: &str, id1: &str, b: &str, id2: &str) {
    let mut db = t.built.app.db.clone();
    let mut q = db.sql(a);
    q.bind(tusk_db::SqlValue::Uuid(Some(id1.parse().unwrap())))
        .push(b)
        .bind(tusk_db::SqlValue::Uuid(Some(id2.parse().unwrap())));
    db.execute(&q).await.unwrap();
}

#[tokio::test]
async fn an_attachment_is_stored() {
    let e = Env::new().await;
    let t = &e.t;
    let (ct, body) = support::multipart(&[
        (
            "task_status_id",
            None,
            "text/plain",
            e.status("wip").into_bytes(),
        ),
        ("comment", None, "text/plain", b"see file".to_vec()),
        (
            "file",
            Some("Notes.TXT"),
            "text/plain",
            b"hello world".to_vec(),
        ),
    ]);
    let req = axum::http::Request::builder()
        .method("POST")
        .uri(format!(
            "/actions/tasks/{}/comment",
            e.id("task:Hero:Modeling")
        ))
        .header("authorization", format!("Bearer {}", t.admin))
        .header("content-type", ct)
        .body(axum::body::Body::from(body))
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let files = r.json()["attachment_files"].clone();
    assert_eq!(files[0]["name"], "Notes.TXT");
    assert_eq!(files[0]["extension"], "txt");
    assert_eq!(files[0]["size"], 11);
    let id: uuid::Uuid = files[0]["id"].as_str().unwrap().parse().unwrap();
    let stored = t
        .built
        .app
        .storage
        .get("files", "attachments", id, "bin")
        .await
        .unwrap()
        .expect("the file is stored");
    assert_eq!(&stored.bytes[..], b"hello world");
    let row = t
        .get(&format!("/data/attachment-files/{id}"), &t.admin)
        .await
        .json();
    assert_eq!(row["comment_id"], r.json()["id"]);
    assert_eq!(row["mimetype"], "text/plain");
}
