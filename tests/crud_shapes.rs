//! Every generic CRUD collection answers with Zou's JSON, key for key: the
//! POST response (values included), GET one, GET list, the relation keys,
//! and the event each write records. The expected answers were captured
//! from Zou 1.0.97 (`docs/zou-reference/crud-post.json`,
//! `crud-shapes.json`).

mod support;

use serde_json::{json, Map, Value};
use std::collections::{BTreeSet, HashMap};
use support::TestApp;

/// Rows the captured bodies point to.
pub struct Fixture {
    pub ids: HashMap<&'static str, String>,
}

impl Fixture {
    pub fn id(&self, k: &str) -> &str {
        self.ids.get(k).unwrap_or_else(|| panic!("no fixture {k}"))
    }
}

async fn created(t: &TestApp, path: &str, body: Value) -> String {
    let r = t.post(path, &t.admin, body).await;
    assert_eq!(r.status(), 201, "POST {path}: {}", r.text);
    r.json()["id"].as_str().unwrap().to_owned()
}

/// A project with an asset and a task, and one row of the tables the
/// captured bodies refer to.
pub async fn fixture(t: &TestApp) -> Fixture {
    let mut ids: HashMap<&'static str, String> = HashMap::new();
    let project = created(t, "/data/projects", json!({"name": "Fixture"})).await;
    let prop = t.id_by_name("entity-types", "Prop").await;
    let modeling = t.id_by_name("task-types", "Modeling").await;
    let shading = t.id_by_name("task-types", "Shading").await;
    let todo = t.id_by_name("task-status", "Todo").await;
    let wip = t.id_by_name("task-status", "Work In Progress").await;
    let dept = t.id_by_name("departments", "Modeling").await;
    let asset = created(
        t,
        "/data/entities",
        json!({"name": "A", "project_id": project, "entity_type_id": prop}),
    )
    .await;
    let asset2 = created(
        t,
        "/data/entities",
        json!({"name": "A2", "project_id": project, "entity_type_id": prop}),
    )
    .await;
    let task = created(
        t,
        "/data/tasks",
        json!({"name": "main", "project_id": project, "entity_id": asset, "task_type_id": modeling, "task_status_id": todo}),
    )
    .await;
    let person = created(
        t,
        "/data/persons",
        json!({"first_name": "Fix", "last_name": "Person", "email": "fix@example.com"}),
    )
    .await;
    let comment = created(
        t,
        "/data/comments",
        json!({"object_id": task, "object_type": "Task", "person_id": person, "text": "fix"}),
    )
    .await;
    let chat = created(t, "/data/chats", json!({"object_id": asset})).await;
    let budget = created(
        t,
        "/data/budgets",
        json!({"name": "B", "project_id": project, "currency": "EUR"}),
    )
    .await;
    let psv = created(
        t,
        "/data/production-schedule-versions",
        json!({"name": "V", "project_id": project}),
    )
    .await;
    let file_status = created(
        t,
        "/data/file-status",
        json!({"name": "To review", "color": "#000000"}),
    )
    .await;
    for (k, v) in [
        ("project", project),
        ("asset_type", prop),
        ("modeling", modeling),
        ("shading", shading),
        ("todo", todo),
        ("wip", wip),
        ("department", dept),
        ("asset", asset),
        ("asset2", asset2),
        ("task", task),
        ("person", person),
        ("comment", comment),
        ("chat", chat),
        ("budget", budget),
        ("psv", psv),
        ("file_status", file_status),
    ] {
        ids.insert(k, v);
    }
    Fixture { ids }
}

/// Replace the `<uuid>` placeholders of a captured body with fixture ids.
pub fn fill(collection: &str, body: &Value, fx: &Fixture) -> Value {
    let mut out = Map::new();
    for (k, v) in body.as_object().unwrap() {
        let v = if v == "<uuid>" {
            let key = match (collection, k.as_str()) {
                ("comments", "object_id") => "task",
                ("chats", "object_id") => "asset",
                ("tasks", "task_type_id") => "shading",
                (_, "project_id") => "project",
                (_, "entity_type_id") => "asset_type",
                (_, "entity_id" | "asset_id" | "entity_in_id") => "asset",
                (_, "target_asset_id" | "entity_out_id") => "asset2",
                (_, "task_type_id" | "in_task_type_id") => "modeling",
                (_, "out_task_type_id") => "shading",
                (_, "task_status_id" | "in_task_status_id") => "todo",
                (_, "out_task_status_id") => "wip",
                (_, "person_id" | "author_id") => "person",
                (_, "comment_id") => "comment",
                (_, "task_id") => "task",
                (_, "chat_id") => "chat",
                (_, "budget_id") => "budget",
                (_, "department_id") => "department",
                (_, "file_status_id") => "file_status",
                (_, "production_schedule_version_id") => "psv",
                (c, k) => panic!("no fixture for {c}.{k}"),
            };
            Value::String(fx.id(key).to_owned())
        } else {
            v.clone()
        };
        out.insert(k.clone(), v);
    }
    Value::Object(out)
}

fn is_uuid(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.len() == 36 && uuid::Uuid::parse_str(s).is_ok())
}

fn is_datetime(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        s.len() == 19 && chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").is_ok()
    })
}

/// Compare an answer with Zou's, placeholders standing for any uuid or
/// datetime. Returns the differences.
pub fn diff(expected: &Value, actual: &Value) -> Vec<String> {
    let mut d = Vec::new();
    let (Some(e), Some(a)) = (expected.as_object(), actual.as_object()) else {
        return vec![format!("not objects: {expected} vs {actual}")];
    };
    let ek: BTreeSet<&String> = e.keys().collect();
    let ak: BTreeSet<&String> = a.keys().collect();
    for k in ek.difference(&ak) {
        d.push(format!("missing key {k}"));
    }
    for k in ak.difference(&ek) {
        d.push(format!("extra key {k}"));
    }
    for (k, ev) in e {
        let Some(av) = a.get(k) else { continue };
        let ok = match ev {
            Value::String(s) if s == "<uuid>" => is_uuid(av),
            Value::String(s) if s == "<datetime>" => is_datetime(av),
            Value::String(s) if s == "<jwt>" => {
                av.as_str().is_some_and(|x| x.split('.').count() == 3)
            }
            Value::Array(items) if items.iter().all(|i| i == "<uuid>") => av
                .as_array()
                .is_some_and(|x| x.len() == items.len() && x.iter().all(is_uuid)),
            Value::Object(_) => {
                let sub = diff(ev, av);
                d.extend(sub.into_iter().map(|p| format!("{k}.{p}")));
                true
            }
            _ => ev == av,
        };
        if !ok {
            d.push(format!("{k}: expected {ev}, got {av}"));
        }
    }
    d
}

#[tokio::test]
async fn post_get_and_list_answer_like_zou_for_every_collection() {
    let t = TestApp::new().await;
    let fx = fixture(&t).await;
    let posts = support::zou_reference("crud-post.json");
    let shapes = support::zou_reference("crud-shapes.json");
    let mut problems: Vec<String> = Vec::new();
    for (collection, case) in posts.as_object().unwrap() {
        let body = fill(collection, &case["body"], &fx);
        let path = format!("/data/{collection}");
        let r = t.post(&path, &t.admin, body.clone()).await;
        let want = case["status"].as_u64().unwrap() as u16;
        if r.status() != want {
            problems.push(format!(
                "{collection}: POST {} (want {want}): {}",
                r.status(),
                r.text
            ));
            continue;
        }
        if want != 201 {
            continue;
        }
        let got = r.json();
        for p in diff(&case["response"], &got) {
            problems.push(format!("{collection}: POST {p}"));
        }
        // The event the write recorded.
        let shape = &shapes[collection];
        if let Some(ev) = shape["event_new"].as_str() {
            let mut db = t.built.app.db.clone();
            let q =
                db.sql("SELECT name, data FROM api_event ORDER BY created_at DESC, name LIMIT 3");
            let rows = db.fetch_all::<(String, Option<Value>)>(&q).await.unwrap();
            match rows.iter().find(|(n, _)| n == ev) {
                None => problems.push(format!(
                    "{collection}: no {ev} event, got {:?}",
                    rows.iter().map(|r| &r.0).collect::<Vec<_>>()
                )),
                Some((_, data)) => {
                    let keys: BTreeSet<String> = data
                        .as_ref()
                        .and_then(|d| d.as_object())
                        .map(|o| o.keys().cloned().collect())
                        .unwrap_or_default();
                    let want: BTreeSet<String> = shape["event_payload_keys"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|k| k.as_str().unwrap().to_owned())
                        .collect();
                    if keys != want {
                        problems.push(format!(
                            "{collection}: {ev} payload keys {keys:?}, want {want:?}"
                        ));
                    }
                }
            }
        }
        if collection.ends_with("-links")
            && (collection == "task-type-links" || collection == "task-status-links")
        {
            continue;
        }
        let id = got["id"].as_str().unwrap();
        let one = t.get(&format!("{path}/{id}"), &t.admin).await;
        if one.status() != 200 {
            problems.push(format!(
                "{collection}: GET one {}: {}",
                one.status(),
                one.text
            ));
            continue;
        }
        let keys: BTreeSet<String> = one.json().as_object().unwrap().keys().cloned().collect();
        let want: BTreeSet<String> = shape["keys_get_one"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap().to_owned())
            .collect();
        if keys != want {
            problems.push(format!(
                "{collection}: GET one keys: missing {:?}, extra {:?}",
                want.difference(&keys).collect::<Vec<_>>(),
                keys.difference(&want).collect::<Vec<_>>()
            ));
        }
        let list = t.get(&path, &t.admin).await.json();
        let row = list
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == id)
            .cloned();
        match row {
            None => problems.push(format!("{collection}: new row not in the list")),
            Some(row) => {
                let keys: BTreeSet<String> = row.as_object().unwrap().keys().cloned().collect();
                let want: BTreeSet<String> = shape["keys_list"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|k| k.as_str().unwrap().to_owned())
                    .collect();
                if keys != want {
                    problems.push(format!(
                        "{collection}: list keys: missing {:?}, extra {:?}",
                        want.difference(&keys).collect::<Vec<_>>(),
                        keys.difference(&want).collect::<Vec<_>>()
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} differences with Zou:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
