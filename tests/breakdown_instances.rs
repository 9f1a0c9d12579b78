//! Asset instances, scene shots, episode stats, quotas and
//! `set-shot-nb-frames` (areas 06-07) against Zou's own answers.
//!
//! The fixture of `docs/zou-reference/breakdown.md` §0.2 is built through
//! HTTP with the generic CRUD routes only (entities, tasks with their
//! statuses and dates, assignees, time spents, preview files), then the
//! captured exchanges of these routes are replayed in capture order, as the
//! same actors, and Zou's status, JSON and events are asserted
//! (`support::zou_match`). Dates are those of the capture (2026-11-28), so
//! quota keys match byte for byte.

mod support;

use serde_json::{json, Value};
use support::{Capture, Ids, TestApp};

const ZERO: &str = "00000000-0000-0000-0000-000000000000";
/// The day of the capture (quota keys are dates).
const DAY: &str = "2026-11-28";
const END: &str = "2026-11-28T10:00:00";

async fn person(t: &TestApp, ids: &mut Ids, label: &str, role: &str) {
    let email = format!("{}@example.com", label.replace('_', "-"));
    let r = t
        .post(
            "/data/persons",
            &t.admin,
            json!({"first_name": label, "last_name": "Test", "email": email, "role": role}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    t.set_password(&id, "secret1234").await;
    ids.set(label, &id);
    ids.tokens
        .insert(label.to_owned(), t.login(&email, "secret1234").await);
}

async fn created(t: &TestApp, path: &str, body: Value) -> String {
    let r = t.post(path, &t.admin, body).await;
    assert!(matches!(r.status(), 200 | 201), "POST {path}: {}", r.text);
    r.json()["id"].as_str().unwrap().to_owned()
}

async fn put_ok(t: &TestApp, path: &str, body: Value) {
    let r = t.put(path, &t.admin, body).await;
    assert_eq!(r.status(), 200, "PUT {path}: {}", r.text);
}

async fn by_name(t: &TestApp, ids: &mut Ids, prefix: &str, collection: &str, key: &str) {
    let r = t.get(&format!("/data/{collection}"), &t.admin).await;
    for row in r.json().as_array().unwrap() {
        let name = row[key].as_str().unwrap_or_default();
        ids.set(&format!("{prefix}{name}"), row["id"].as_str().unwrap());
    }
}

/// An entity through `POST /data/entities`, labelled.
async fn entity(t: &TestApp, ids: &mut Ids, label: &str, body: Value) -> String {
    let id = created(t, "/data/entities", body).await;
    ids.set(label, &id);
    id
}

/// A task through `POST /data/tasks`, labelled `task:<entity>:<type>`.
async fn task(t: &TestApp, ids: &mut Ids, entity: &str, tt: &str, status: &str) -> String {
    let tt_label = ids
        .ids
        .keys()
        .find(|k| k.starts_with("tt:") && k.ends_with(&format!(":{tt}")))
        .unwrap()
        .clone();
    let id = created(
        t,
        "/data/tasks",
        json!({"name": "main", "project_id": project_of(ids, entity),
               "task_type_id": ids.get(&tt_label), "entity_id": ids.get(entity),
               "task_status_id": ids.get(&format!("status:{status}"))}),
    )
    .await;
    ids.set(&format!("task:{entity}:{tt}"), &id);
    id
}

fn project_of(ids: &Ids, entity: &str) -> String {
    if entity.starts_with("Short") {
        ids.get("TuskShort").to_owned()
    } else {
        ids.get("TuskTV").to_owned()
    }
}

/// The capture's fixture (§0.2), in the state it had when the instance
/// exchanges began.
async fn fixture(t: &TestApp) -> Ids {
    let mut ids = Ids::default();
    ids.set("zero", ZERO);
    ids.tokens.insert("admin".into(), t.admin.clone());
    let r = t.get("/data/persons", &t.admin).await;
    let admin = r.json()[0]["id"].as_str().unwrap().to_owned();
    ids.set("admin", &admin);
    for (label, role) in [
        ("artist", "user"),
        ("client", "client"),
        ("vendor", "vendor"),
        ("manager", "manager"),
        ("artist_off", "user"),
    ] {
        person(t, &mut ids, label, role).await;
    }
    by_name(t, &mut ids, "type:", "entity-types", "name").await;
    by_name(t, &mut ids, "status:", "task-status", "short_name").await;
    let r = t.get("/data/task-types", &t.admin).await;
    for row in r.json().as_array().unwrap() {
        let label = format!(
            "tt:{}:{}",
            row["for_entity"].as_str().unwrap(),
            row["name"].as_str().unwrap()
        );
        ids.set(&label, row["id"].as_str().unwrap());
    }
    let board = created(
        t,
        "/data/task-types",
        json!({"name": "SceneBoard", "for_entity": "Scene", "color": "#000000"}),
    )
    .await;
    ids.set("tt:Scene:SceneBoard", &board);
    let tv = created(
        t,
        "/data/projects",
        json!({"name": "TuskTV", "production_type": "tvshow", "fps": "24"}),
    )
    .await;
    let short = created(
        t,
        "/data/projects",
        json!({"name": "TuskShort", "production_type": "short", "fps": "25"}),
    )
    .await;
    ids.set("TuskTV", &tv);
    ids.set("TuskShort", &short);
    for who in ["artist", "client", "vendor", "manager"] {
        let r = t
            .post(
                &format!("/data/projects/{tv}/team"),
                &t.admin,
                json!({"person_id": ids.get(who)}),
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text);
    }
    let r = t
        .post(
            &format!("/data/projects/{short}/team"),
            &t.admin,
            json!({"person_id": ids.get("manager")}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let ty = |ids: &Ids, n: &str| ids.get(&format!("type:{n}")).to_owned();
    // Episodes, sequences, shots, the scene.
    for ep in ["E01", "E02"] {
        let body = json!({"name": ep, "project_id": tv, "entity_type_id": ty(&ids, "Episode"), "description": ""});
        entity(t, &mut ids, ep, body).await;
    }
    for (label, name, ep) in [
        ("E01-SQ01", "SQ01", "E01"),
        ("E01-SQ02", "SQ02", "E01"),
        ("E02-SQ01", "SQ01", "E02"),
    ] {
        let body = json!({"name": name, "project_id": tv, "entity_type_id": ty(&ids, "Sequence"),
                          "parent_id": ids.get(ep), "description": ""});
        entity(t, &mut ids, label, body).await;
    }
    let shots = [
        (
            "E01-SQ01-SH010",
            "E01-SQ01",
            json!({"name": "SH010", "description": "opening shot", "nb_frames": 48,
            "nb_entities_out": 2, "data": {"difficulty": "medium"}}),
        ),
        (
            "E01-SQ01-SH020",
            "E01-SQ01",
            json!({"name": "SH020", "nb_frames": 24, "nb_entities_out": 1,
            "data": {"frame_in": 1049, "frame_out": 1072}}),
        ),
        (
            "E01-SQ02-SH030",
            "E01-SQ02",
            json!({"name": "SH030", "nb_entities_out": 1,
            "data": {"frame_in": 1, "frame_out": 100}}),
        ),
        (
            "E02-SQ01-SH010",
            "E02-SQ01",
            json!({"name": "SH010", "nb_frames": 10, "nb_entities_out": 3,
            "data": {"frame_in": 1, "frame_out": 10}}),
        ),
    ];
    for (label, seq, mut body) in shots {
        body["project_id"] = json!(tv);
        body["entity_type_id"] = json!(ty(&ids, "Shot"));
        body["parent_id"] = json!(ids.get(seq));
        entity(t, &mut ids, label, body).await;
    }
    let body = json!({"name": "SC01", "project_id": tv, "entity_type_id": ty(&ids, "Scene"),
                      "parent_id": ids.get("E01-SQ01"), "data": {}});
    entity(t, &mut ids, "E01-SQ01-SC01", body).await;
    // The short project: a sequence without episode, one shot.
    let body = json!({"name": "SQ01", "project_id": short, "entity_type_id": ty(&ids, "Sequence")});
    entity(t, &mut ids, "Short-SQ01", body).await;
    let body = json!({"name": "SH010", "project_id": short, "entity_type_id": ty(&ids, "Shot"),
                      "parent_id": ids.get("Short-SQ01"), "nb_frames": 12});
    entity(t, &mut ids, "Short-SQ01-SH010", body).await;
    // Assets.
    for (name, kind) in [
        ("Hero", "Character"),
        ("Villain", "Character"),
        ("Sword", "Prop"),
        ("Shield", "Prop"),
    ] {
        let body = json!({"name": name, "project_id": tv, "entity_type_id": ty(&ids, kind), "description": ""});
        entity(t, &mut ids, name, body).await;
    }
    // Tasks and their statuses (final state of the capture's stats).
    for (e, status_l, status_a) in [
        ("E01-SQ01-SH010", "done", "wfa"),
        ("E01-SQ01-SH020", "done", "done"),
        ("E01-SQ02-SH030", "todo", "todo"),
        ("E02-SQ01-SH010", "todo", "retake"),
    ] {
        task(t, &mut ids, e, "Layout", status_l).await;
        task(t, &mut ids, e, "Animation", status_a).await;
    }
    task(t, &mut ids, "E01-SQ01-SC01", "SceneBoard", "todo").await;
    task(t, &mut ids, "Hero", "Modeling", "done").await;
    task(t, &mut ids, "Sword", "Modeling", "todo").await;
    // Dates: feedback requests set `end_date`, approvals `done_date`.
    let tasks = |ids: &Ids, l: &str| format!("/data/tasks/{}", ids.get(l));
    for (l, body) in [
        (
            "task:E01-SQ01-SH010:Layout",
            json!({"end_date": END, "done_date": END, "real_start_date": END}),
        ),
        (
            "task:E01-SQ01-SH020:Layout",
            json!({"end_date": END, "done_date": END}),
        ),
        (
            "task:E01-SQ01-SH010:Animation",
            json!({"end_date": END, "real_start_date": END}),
        ),
        (
            "task:E01-SQ01-SH020:Animation",
            json!({"end_date": END, "done_date": END}),
        ),
        ("task:E02-SQ01-SH010:Animation", json!({"retake_count": 1})),
        (
            "task:Hero:Modeling",
            json!({"end_date": END, "done_date": END}),
        ),
    ] {
        put_ok(t, &tasks(&ids, l), body).await;
    }
    // Assignments.
    for (l, who) in [
        ("task:E01-SQ01-SH010:Animation", vec!["artist"]),
        ("task:E01-SQ01-SH020:Animation", vec!["artist"]),
        ("task:E02-SQ01-SH010:Animation", vec!["artist"]),
        ("task:Hero:Modeling", vec!["artist"]),
        ("task:E01-SQ01-SH010:Layout", vec!["vendor", "manager"]),
        ("task:Sword:Modeling", vec!["manager"]),
    ] {
        let people: Vec<&str> = who.iter().map(|w| ids.get(w)).collect();
        put_ok(t, &tasks(&ids, l), json!({"assignees": people})).await;
    }
    // The artist's time, on the capture's day.
    for (l, minutes) in [
        ("task:E01-SQ01-SH010:Animation", 240),
        ("task:E01-SQ01-SH020:Animation", 120),
    ] {
        created(
            t,
            "/data/time-spents",
            json!({"task_id": ids.get(l), "person_id": ids.get("artist"), "date": DAY, "duration": minutes}),
        )
        .await;
    }
    ids
}

/// The captured exchanges of the routes built here.
fn mine(e: &Value) -> bool {
    let path = e["path"].as_str().unwrap_or("");
    let p = path.split('?').next().unwrap_or("");
    let seg: Vec<&str> = p.split('/').collect();
    p.contains("asset-instances")
        || p.contains("camera-instances")
        || (p.starts_with("/data/scenes/") && seg.get(4) == Some(&"shots"))
        || (p.starts_with("/data/sequences/") && p.ends_with("/scenes"))
        || p.ends_with("/set-shot-nb-frames")
        || p.ends_with("/episodes/stats")
        || p.ends_with("/episodes/retake-stats")
        || p.contains("/quotas/")
        || p.contains("/quota-shots/")
}

/// State the capture changed between exchanges with routes not built here.
async fn before(t: &TestApp, ids: &Ids, name: &str) {
    match name {
        // Frames and the fps of SH010 were edited before the stats.
        "episodes stats" => {
            put_ok(
                t,
                &format!("/data/entities/{}", ids.get("E01-SQ01-SH010")),
                json!({"data": {"fps": 24, "frame_in": 1001, "frame_out": 1048, "difficulty": "medium"}}),
            )
            .await;
        }
        // A preview on SH030's Animation task, of duration 0, then 3.5 s.
        "set-shot-nb-frames with a preview of 77 frames on SH030" => {
            created(
                t,
                "/data/preview-files",
                json!({"name": "v1", "task_id": ids.get("task:E01-SQ02-SH030:Animation"),
                       "revision": 1, "extension": "mp4", "status": "ready", "duration": 0}),
            )
            .await;
        }
        "set-shot-nb-frames with preview duration 3.5s (project fps 24)" => {
            let r = t
                .get(
                    &format!(
                        "/data/preview-files?task_id={}",
                        ids.get("task:E01-SQ02-SH030:Animation")
                    ),
                    &t.admin,
                )
                .await;
            let id = r.json()[0]["id"].as_str().unwrap().to_owned();
            put_ok(
                t,
                &format!("/data/preview-files/{id}"),
                json!({"duration": 3.5}),
            )
            .await;
        }
        // The permission round ran after SH030's animation started.
        "perm: scene asset-instances SC01" => {
            put_ok(
                t,
                &format!("/data/tasks/{}", ids.get("task:E01-SQ02-SH030:Animation")),
                json!({"task_status_id": ids.get("status:wip")}),
            )
            .await;
        }
        _ => {}
    }
}

/// Replay an entry whose body the capture truncated: status, row count,
/// and the rows kept (each must match one row of the answer).
async fn replay_truncated(t: &TestApp, e: &Value, ids: &mut Ids) {
    let actor = e["actor"].as_str().unwrap();
    let path = ids.fill(e["path"].as_str().unwrap());
    let token = ids.tokens[actor].clone();
    let r = t.get(&path, &token).await;
    assert_eq!(
        r.status(),
        e["status"].as_u64().unwrap() as u16,
        "{}",
        r.text
    );
    let got = r.json();
    let got = got.as_array().unwrap();
    assert_eq!(got.len() as u64, e["rows"].as_u64().unwrap(), "{}", r.text);
    for want in e["body"].as_array().unwrap() {
        assert!(
            got.iter()
                .any(|g| support::zou_match(want, g, &mut ids.clone(), "$").is_ok()),
            "{}: no row matches {want}\n{}",
            e["name"],
            r.text
        );
    }
}

#[tokio::test]
async fn replay_captured_exchanges() {
    let t = TestApp::new().await;
    let mut ids = fixture(&t).await;
    let cap = Capture::load("breakdown.json");
    let mut replayed = 0;
    let mut done_hooks = std::collections::HashSet::new();
    for e in cap.0.iter().filter(|e| mine(e)) {
        let name = e["name"].as_str().unwrap();
        if done_hooks.insert(name.to_owned()) {
            before(&t, &ids, name).await;
        }
        if e.get("truncated").and_then(Value::as_bool) == Some(true) {
            replay_truncated(&t, e, &mut ids).await;
        } else {
            t.replay(e, &mut ids).await;
        }
        replayed += 1;
    }
    assert!(replayed >= 120, "only {replayed} exchanges replayed");
    // Zou's crashes changed nothing: one link per (shot, instance).
    assert_eq!(
        t.count("SELECT COUNT(*) FROM \"asset_instance_link\"")
            .await,
        2,
        "SH010 → Hero_0001 and SH020 → Shield_0001"
    );
}

// ---------------------------------------------------------------------------
// Bad input, permissions, writes refused whole

/// A smaller fixture for the other tests: one project, a scene, two
/// shots, two assets, an artist on the team, a vendor on the team with no
/// task, an outsider.
struct Small {
    t: TestApp,
    ids: Ids,
}

async fn small() -> Small {
    let t = TestApp::new().await;
    let ids = fixture(&t).await;
    Small { t, ids }
}

fn zou_404() -> Value {
    json!({"error": true, "message": "404 Not Found: The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again."})
}

#[tokio::test]
async fn bad_input_never_crashes_and_writes_nothing() {
    let Small { t, ids } = small().await;
    let a = &t.admin;
    let sc = ids.get("E01-SQ01-SC01");
    let sh = ids.get("E01-SQ01-SH010");
    let hero = ids.get("Hero");
    let events = t.count("SELECT COUNT(*) FROM \"api_event\"").await;
    // Bodies that are not objects, ids that are not strings.
    for (path, body, field) in [
        (
            format!("/data/scenes/{sc}/asset-instances"),
            json!([1, 2]),
            "",
        ),
        (
            format!("/data/scenes/{sc}/asset-instances"),
            json!({"asset_id": 12}),
            "asset_id",
        ),
        (
            format!("/data/scenes/{sc}/asset-instances"),
            json!({"asset_id": hero, "description": 3}),
            "description",
        ),
        (
            format!("/data/scenes/{sc}/asset-instances"),
            json!({"asset_id": "xyz"}),
            "asset_id",
        ),
        (
            format!("/data/assets/{hero}/asset-asset-instances"),
            json!("text"),
            "",
        ),
        (
            format!("/data/shots/{sh}/asset-instances"),
            json!({"asset_instance_id": null}),
            "asset_instance_id",
        ),
        (
            format!("/data/scenes/{sc}/shots"),
            json!({"shot_id": ["a"]}),
            "shot_id",
        ),
    ] {
        let r = t.post(&path, a, body.clone()).await;
        assert_eq!(r.status(), 400, "{path} {body}: {}", r.text);
        let j = r.json();
        assert_eq!(j["message"], "Validation error.", "{}", r.text);
        assert_eq!(j["data"]["errors"][0]["field"], field, "{}", r.text);
    }
    let r = t
        .post(
            &format!("/data/scenes/{sc}/asset-instances"),
            a,
            json!({"asset_id": "xyz"}),
        )
        .await;
    assert_eq!(
        r.json()["data"]["errors"][0]["message"],
        "Input should be a valid UUID, invalid character: found `x` at 1"
    );
    // Malformed ids in paths: Zou's 404 (or its 400 where it has one).
    for path in [
        "/data/scenes/abc/asset-instances".to_string(),
        "/data/scenes/abc/camera-instances".into(),
        "/data/scenes/abc/shots".into(),
        "/data/sequences/abc/scenes".into(),
        "/data/shots/abc/asset-instances".into(),
        "/data/assets/abc/asset-asset-instances".into(),
        "/data/assets/abc/scene-asset-instances".into(),
        "/data/assets/abc/shot-asset-instances".into(),
        "/data/projects/abc/episodes/stats".into(),
        "/data/projects/abc/episodes/retake-stats".into(),
        format!("/data/projects/{}/quotas/abc", ids.get("TuskTV")),
        format!("/data/projects/{}/quotas/persons/abc", ids.get("TuskTV")),
        format!(
            "/data/persons/{}/quota-shots/month/abc/11",
            ids.get("artist")
        ),
        format!(
            "/data/persons/{}/quota-shots/day/2026/-1/3",
            ids.get("artist")
        ),
    ] {
        let r = t.get(&path, a).await;
        assert_eq!(r.status(), 404, "{path}: {}", r.text);
        assert_eq!(r.json(), zou_404(), "{path}");
    }
    for path in [
        format!("/data/shots/{sh}/asset-instances/abc"),
        format!("/data/scenes/{sc}/shots/abc"),
    ] {
        let r = t.delete(&path, a).await;
        assert_eq!(r.status(), 404, "{path}: {}", r.text);
    }
    let r = t
        .post(
            &format!(
                "/actions/projects/{}/task-types/abc/set-shot-nb-frames",
                ids.get("TuskTV")
            ),
            a,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json(),
        json!({"error": true, "message": "Invalid project or task type id", "data": null})
    );
    let r = t
        .get(
            &format!(
                "/data/projects/{}/quotas/{}?studio_id=abc",
                ids.get("TuskTV"),
                ids.get("tt:Shot:Animation")
            ),
            a,
        )
        .await;
    assert_eq!(r.status(), 400, "{}", r.text);
    // Invalid periods: Zou's 400.
    for p in [
        "month/2026/0",
        "month/2026/13",
        "week/2026/0",
        "week/2025/53",
        "day/2026/2/29",
        "day/2026/4/31",
    ] {
        let r = t
            .get(
                &format!("/data/persons/{}/quota-shots/{p}", ids.get("artist")),
                a,
            )
            .await;
        assert_eq!(r.status(), 400, "{p}: {}", r.text);
        assert_eq!(
            r.json(),
            json!({"error": true, "message": "Invalid month or year.", "data": null})
        );
    }
    assert_eq!(
        t.count("SELECT COUNT(*) FROM \"api_event\"").await,
        events,
        "refused requests record no event"
    );
    assert_eq!(t.count("SELECT COUNT(*) FROM \"asset_instance\"").await, 0);

    // Linking twice (Zou: 500) is a 400 that changes nothing.
    let r = t
        .post(
            &format!("/data/scenes/{sc}/asset-instances"),
            a,
            json!({"asset_id": hero}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let inst = r.json()["id"].as_str().unwrap().to_owned();
    let link = format!("/data/shots/{sh}/asset-instances");
    let r = t.post(&link, a, json!({"asset_instance_id": inst})).await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let events = t.count("SELECT COUNT(*) FROM \"api_event\"").await;
    let r = t.post(&link, a, json!({"asset_instance_id": inst})).await;
    assert_eq!(r.status(), 400, "{}", r.text);
    assert_eq!(r.json()["error"], true);
    assert_eq!(
        t.count("SELECT COUNT(*) FROM \"asset_instance_link\"")
            .await,
        1
    );
    // Unlinking what is not linked (Zou: 500) is a 404 that changes nothing.
    let r = t.delete(&format!("{link}/{inst}"), a).await;
    assert_eq!(r.status(), 204, "{}", r.text);
    let after_delete = t.count("SELECT COUNT(*) FROM \"api_event\"").await;
    assert_eq!(after_delete, events + 1);
    let r = t.delete(&format!("{link}/{inst}"), a).await;
    assert_eq!(r.status(), 404, "{}", r.text);
    assert_eq!(
        t.count("SELECT COUNT(*) FROM \"api_event\"").await,
        after_delete
    );
    // A shot of another project cannot go into the scene.
    let r = t
        .post(
            &format!("/data/scenes/{sc}/shots"),
            a,
            json!({"shot_id": ids.get("Short-SQ01-SH010")}),
        )
        .await;
    assert_eq!(r.status(), 400, "{}", r.text);
}

#[tokio::test]
async fn numbering_and_asset_views() {
    let Small { t, ids } = small().await;
    let a = &t.admin;
    let sc = ids.get("E01-SQ01-SC01");
    let hero = ids.get("Hero");
    let shield = ids.get("Shield");
    let mut names = vec![];
    for _ in 0..3 {
        let r = t
            .post(
                &format!("/data/scenes/{sc}/asset-instances"),
                a,
                json!({"asset_id": hero}),
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text);
        names.push(r.json()["name"].as_str().unwrap().to_owned());
    }
    assert_eq!(names, ["Hero_0001", "Hero_0002", "Hero_0003"]);
    // Numbers count per holder: Shield inside Hero starts at 1 again.
    let r = t
        .post(
            &format!("/data/assets/{hero}/asset-asset-instances"),
            a,
            json!({"asset_to_instantiate_id": shield, "description": "on back"}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    assert_eq!(r.json()["name"], "Shield_0001");
    let ev = t.events_since(0).await;
    let (name, data) = ev.last().unwrap();
    assert_eq!(name, "asset_instance:new");
    assert_eq!(
        *data,
        json!({"asset_id": hero, "asset_instance_id": r.json()["id"], "asset_instantiated": shield})
    );
    let r = t
        .post(
            &format!("/data/scenes/{sc}/asset-instances"),
            a,
            json!({"asset_id": shield}),
        )
        .await;
    assert_eq!(r.json()["name"], "Shield_0001");
    // Shield's instances: one in the scene, one in no scene ("None").
    let r = t
        .get(&format!("/data/assets/{shield}/scene-asset-instances"), a)
        .await;
    let j = r.json();
    let mut want = vec!["None".to_string(), sc.to_string()];
    want.sort();
    assert_eq!(support::keys(&j), want);
    assert_eq!(j["None"][0]["target_asset_id"], json!(hero));
    // Hero's asset instances: Shield inside.
    let r = t
        .get(&format!("/data/assets/{hero}/asset-asset-instances"), a)
        .await;
    assert_eq!(support::keys(&r.json()), vec![shield.to_string()]);
    // The rows are in the database.
    assert_eq!(t.count("SELECT COUNT(*) FROM \"asset_instance\"").await, 5);
}

#[tokio::test]
async fn permissions_of_section_9() {
    let Small { t, ids } = small().await;
    let tok = |w: &str| ids.tokens[w].clone();
    let sc = ids.get("E01-SQ01-SC01");
    let sh10 = ids.get("E01-SQ01-SH010");
    let sh20 = ids.get("E01-SQ01-SH020");
    let tv = ids.get("TuskTV");
    let anim = ids.get("tt:Shot:Animation");
    let st = |p: &str, w: &str| {
        let t = &t;
        let token = tok(w);
        let p = p.to_owned();
        async move { t.get(&p, &token).await.status() }
    };
    // Scene instances: vendors need a task on the scene.
    for (w, code) in [
        ("artist", 200),
        ("client", 200),
        ("vendor", 403),
        ("artist_off", 403),
        ("manager", 200),
    ] {
        assert_eq!(
            st(&format!("/data/scenes/{sc}/asset-instances"), w).await,
            code,
            "{w}"
        );
        assert_eq!(
            st(&format!("/data/scenes/{sc}/shots"), w).await,
            code,
            "{w}"
        );
        // Shots: the vendor works on SH010, not on SH020.
        let code10 = if w == "vendor" { 200 } else { code };
        assert_eq!(
            st(&format!("/data/shots/{sh10}/asset-instances"), w).await,
            code10,
            "{w}"
        );
        assert_eq!(
            st(&format!("/data/shots/{sh20}/asset-instances"), w).await,
            code,
            "{w}"
        );
    }
    for (w, stats, retake, quotas, own_quota_shots) in [
        ("artist", 200, 200, 200, 200),
        ("client", 200, 403, 403, 200),
        ("vendor", 200, 200, 200, 200),
        ("artist_off", 403, 403, 403, 200),
        ("manager", 200, 200, 200, 200),
    ] {
        assert_eq!(
            st(&format!("/data/projects/{tv}/episodes/stats"), w).await,
            stats,
            "{w}"
        );
        assert_eq!(
            st(&format!("/data/projects/{tv}/episodes/retake-stats"), w).await,
            retake,
            "{w}"
        );
        assert_eq!(
            st(&format!("/data/projects/{tv}/quotas/{anim}"), w).await,
            quotas,
            "{w}"
        );
        let me = ids.get(w);
        assert_eq!(
            st(&format!("/data/persons/{me}/quota-shots/month/2026/11"), w).await,
            own_quota_shots,
            "{w}"
        );
        // Another person's quota shots: 403, even for a manager…
        let artist = ids.get("artist");
        if w != "artist" {
            assert_eq!(
                st(
                    &format!("/data/persons/{artist}/quota-shots/month/2026/11"),
                    w
                )
                .await,
                403,
                "{w}"
            );
        }
    }
    // … unless the manager names a project he manages.
    assert_eq!(
        st(
            &format!(
                "/data/persons/{}/quota-shots/month/2026/11?project_id={tv}",
                ids.get("artist")
            ),
            "manager"
        )
        .await,
        200
    );
    // A person's quotas: their own, or anyone's for a manager.
    let q = |who: &str| format!("/data/projects/{tv}/quotas/persons/{}", ids.get(who));
    assert_eq!(st(&q("artist"), "artist").await, 200);
    assert_eq!(st(&q("vendor"), "artist").await, 403);
    assert_eq!(st(&q("artist"), "manager").await, 200);
    assert_eq!(st(&q("artist"), "client").await, 403);
    // Writes: members may create instances and move shots (as in Zou);
    // set-shot-nb-frames needs a manager.
    for (w, code) in [
        ("artist", 201),
        ("client", 201),
        ("vendor", 201),
        ("artist_off", 403),
        ("manager", 201),
    ] {
        let r = t
            .post(
                &format!("/data/scenes/{sc}/asset-instances"),
                &tok(w),
                json!({"asset_id": ids.get("Sword")}),
            )
            .await;
        assert_eq!(r.status(), code, "{w}: {}", r.text);
        let r = t
            .post(
                &format!("/actions/projects/{tv}/task-types/{anim}/set-shot-nb-frames"),
                &tok(w),
                json!({}),
            )
            .await;
        assert_eq!(
            r.status(),
            if w == "manager" { 200 } else { 403 },
            "{w}: {}",
            r.text
        );
    }
    let r = t
        .post(
            &format!("/data/scenes/{sc}/shots"),
            &tok("artist_off"),
            json!({"shot_id": sh10}),
        )
        .await;
    assert_eq!(r.status(), 403);
    assert_eq!(
        t.count("SELECT COUNT(*) FROM \"entity\" WHERE \"source_id\" IS NOT NULL")
            .await,
        0
    );
}

// ---------------------------------------------------------------------------
// Quotas and dates

#[tokio::test]
async fn quotas_weigh_time_and_use_iso_weeks() {
    let Small { t, ids } = small().await;
    let a = &t.admin;
    let tv = ids.get("TuskTV");
    let anim = ids.get("tt:Shot:Animation");
    // A second person shares SH010's animation time: 240 + 80 minutes.
    let r = t
        .post(
            "/data/time-spents",
            a,
            json!({"task_id": ids.get("task:E01-SQ01-SH010:Animation"), "person_id": ids.get("manager"),
                   "date": "2026-11-27", "duration": 80}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let r = t
        .get(&format!("/data/projects/{tv}/quotas/{anim}"), a)
        .await;
    let j = r.json();
    let artist = &j[ids.get("artist")]["day"];
    // 48 × 240/320 + 24 = 60 frames, 1.75 shots, 2.5 s at 24 fps.
    assert_eq!(artist["frames"][DAY], json!(60));
    assert_eq!(artist["count"][DAY], json!(1.75));
    assert_eq!(artist["seconds"][DAY], json!(2.5));
    let manager = &j[ids.get("manager")]["day"];
    assert_eq!(manager["frames"]["2026-11-27"], json!(12));
    assert_eq!(manager["count"]["2026-11-27"], json!(0.25));
    let total = &j["total"];
    assert_eq!(total["month"]["frames"]["2026-11"], json!(72));
    assert_eq!(total["month"]["count"]["2026-11"], json!(2.0));
    assert_eq!(total["day"]["entries"]["2026-11"], json!(2));
    assert_eq!(total["year"]["count"]["2026"], json!(2.0));
    assert!(total["year"].get("entries").is_none());
    // Raw modes give integers.
    let r = t
        .get(
            &format!("/data/projects/{tv}/quotas/{anim}?count_mode=done"),
            a,
        )
        .await;
    assert_eq!(r.json()["total"]["day"]["count"][DAY], json!(1));
    let r = t
        .get(
            &format!("/data/projects/{tv}/quotas/{anim}?count_mode=bogus"),
            a,
        )
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json()["message"],
        "count_mode must be equal to weighted, weigtheddone, feedback, or done"
    );
    // ISO weeks: 2026-12-31 is in week 53 of 2026, 2027-01-01 too.
    let r = t
        .post(
            "/data/time-spents",
            a,
            json!({"task_id": ids.get("task:E01-SQ01-SH010:Animation"), "person_id": ids.get("artist"),
                   "date": "2027-01-01", "duration": 60}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let artist_id = ids.get("artist");
    let w = |p: &str| format!("/data/persons/{artist_id}/quota-shots/week/{p}");
    let r = t.get(&w("2026/53"), a).await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let rows = r.json();
    assert_eq!(rows.as_array().unwrap().len(), 1, "{rows}");
    assert_eq!(rows[0]["full_name"], "E01 / SQ01 / SH010");
    assert_eq!(rows[0]["type"], "Entity");
    // 60 of the task's 380 minutes.
    let wgt = rows[0]["weight"].as_f64().unwrap();
    assert!((wgt - 60.0 / 380.0).abs() < 1e-9, "{wgt}");
    let r = t.get(&w("2027/1"), a).await;
    assert_eq!(r.json(), json!([]));
    let r = t.get(&w("2026/48"), a).await;
    assert_eq!(r.json().as_array().unwrap().len(), 2);
    // The week key of 2027-01-01: calendar year, ISO week.
    let r = t
        .get(&format!("/data/projects/{tv}/quotas/{anim}"), a)
        .await;
    assert!(
        r.json()["total"]["week"]["frames"].get("2027-53").is_some(),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn tasks_without_time_spent_spread_over_working_days() {
    let Small { t, ids } = small().await;
    let a = &t.admin;
    let tv = ids.get("TuskTV");
    let layout = ids.get("tt:Shot:Layout");
    // SH020 Layout: no time spent, started Thursday, sent for review the
    // next Monday: 2 working days + Monday = 3 days of 8 frames.
    put_ok(
        &t,
        &format!("/data/tasks/{}", ids.get("task:E01-SQ01-SH020:Layout")),
        json!({"real_start_date": "2026-11-26T09:00:00", "end_date": "2026-11-30T18:00:00",
               "assignees": [ids.get("artist")]}),
    )
    .await;
    let r = t
        .get(&format!("/data/projects/{tv}/quotas/{layout}"), a)
        .await;
    let j = r.json();
    let day = &j[ids.get("artist")]["day"];
    assert_eq!(
        day["frames"],
        json!({"2026-11-26": 8, "2026-11-27": 8, "2026-11-30": 8}),
        "{j}"
    );
    // SH010 Layout (done the same day it started) goes whole to both
    // assignees on that day.
    assert_eq!(j[ids.get("vendor")]["day"]["frames"][DAY], json!(48));
    assert_eq!(j[ids.get("manager")]["day"]["frames"][DAY], json!(48));
}

// ---------------------------------------------------------------------------
// No N+1

/// Add `n` shots with Layout and Animation tasks, assigned and timed, to
/// the fixture's project.
async fn grow(t: &TestApp, ids: &Ids, n: usize, from: usize) {
    let tv = ids.get("TuskTV");
    for i in from..from + n {
        let shot = created(
            t,
            "/data/entities",
            json!({"name": format!("SH{:03}", 500 + i), "project_id": tv, "entity_type_id": ids.get("type:Shot"),
                   "parent_id": ids.get("E02-SQ01"), "nb_frames": 10 + i}),
        )
        .await;
        for tt in ["tt:Shot:Layout", "tt:Shot:Animation"] {
            let task = created(
                t,
                "/data/tasks",
                json!({"name": "main", "project_id": tv, "task_type_id": ids.get(tt), "entity_id": shot,
                       "task_status_id": ids.get(if i % 2 == 0 { "status:done" } else { "status:wfa" }),
                       "end_date": END, "done_date": END, "retake_count": i % 3,
                       "assignees": [ids.get("artist"), ids.get("vendor")]}),
            )
            .await;
            created(
                t,
                "/data/time-spents",
                json!({"task_id": task, "person_id": ids.get("artist"), "date": DAY, "duration": 30 + i}),
            )
            .await;
            created(
                t,
                "/data/preview-files",
                json!({"name": "v1", "task_id": task, "revision": 1, "duration": 2.0}),
            )
            .await;
        }
        let r = t
            .post(
                &format!("/data/scenes/{}/asset-instances", ids.get("E01-SQ01-SC01")),
                &t.admin,
                json!({"asset_id": ids.get("Sword")}),
            )
            .await;
        let inst = r.json()["id"].as_str().unwrap().to_owned();
        let r = t
            .post(
                &format!("/data/shots/{shot}/asset-instances"),
                &t.admin,
                json!({"asset_instance_id": inst}),
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text);
        let r = t
            .post(
                &format!("/data/scenes/{}/shots", ids.get("E01-SQ01-SC01")),
                &t.admin,
                json!({"shot_id": shot}),
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text);
    }
}

#[tokio::test]
async fn statement_counts_do_not_grow_with_the_data() {
    let Small { t, ids } = small().await;
    let tv = ids.get("TuskTV");
    let anim = ids.get("tt:Shot:Animation");
    let artist = ids.get("artist");
    let vendor_token = ids.tokens["vendor"].clone();
    let reads: Vec<(String, String)> = vec![
        (
            format!("/data/projects/{tv}/episodes/stats"),
            t.admin.clone(),
        ),
        (
            format!("/data/projects/{tv}/episodes/stats"),
            vendor_token.clone(),
        ),
        (
            format!("/data/projects/{tv}/episodes/retake-stats"),
            t.admin.clone(),
        ),
        (
            format!("/data/projects/{tv}/quotas/{anim}"),
            t.admin.clone(),
        ),
        (
            format!("/data/projects/{tv}/quotas/{anim}?count_mode=weighteddone"),
            t.admin.clone(),
        ),
        (
            format!("/data/projects/{tv}/quotas/{anim}?count_mode=feedback"),
            t.admin.clone(),
        ),
        (
            format!("/data/projects/{tv}/quotas/{anim}?count_mode=done"),
            vendor_token.clone(),
        ),
        (
            format!("/data/projects/{tv}/quotas/persons/{artist}"),
            t.admin.clone(),
        ),
        (
            format!("/data/persons/{artist}/quota-shots/month/2026/11"),
            t.admin.clone(),
        ),
        (
            format!("/data/persons/{artist}/quota-shots/week/2026/48?count_mode=done"),
            t.admin.clone(),
        ),
        (
            format!("/data/scenes/{}/asset-instances", ids.get("E01-SQ01-SC01")),
            t.admin.clone(),
        ),
        (
            format!("/data/scenes/{}/shots", ids.get("E01-SQ01-SC01")),
            t.admin.clone(),
        ),
        (
            format!("/data/assets/{}/shot-asset-instances", ids.get("Sword")),
            t.admin.clone(),
        ),
        (
            format!("/data/assets/{}/scene-asset-instances", ids.get("Sword")),
            t.admin.clone(),
        ),
    ];
    let nb_frames = format!("/actions/projects/{tv}/task-types/{anim}/set-shot-nb-frames");
    let measure = |reads: &Vec<(String, String)>| {
        let t = &t;
        let reads = reads.clone();
        let nb_frames = nb_frames.clone();
        async move {
            let mut out = vec![];
            for (p, token) in &reads {
                let r = t.get(p, token).await;
                assert_eq!(r.status(), 200, "{p}: {}", r.text);
                out.push((p.clone(), r.statements(), r.text.len()));
            }
            let r = t.post(&nb_frames, &t.admin, json!({})).await;
            assert_eq!(r.status(), 200, "{}", r.text);
            out.push((nb_frames.clone(), r.statements(), r.text.len()));
            out
        }
    };
    grow(&t, &ids, 2, 0).await;
    let small = measure(&reads).await;
    grow(&t, &ids, 10, 2).await;
    let big = measure(&reads).await;
    for ((p, a, la), (_, b, lb)) in small.iter().zip(&big) {
        assert_eq!(a, b, "{p}: {a} statements with 2 more shots, {b} with 12");
        assert!(lb >= la, "{p}: the answer did not grow");
    }
    // And the numbers are small.
    for (p, n, _) in &big {
        assert!(*n <= 12, "{p}: {n} statements");
    }
}

// ---------------------------------------------------------------------------
// GraphQL

#[tokio::test]
async fn graphql_fields_call_the_same_services() {
    let Small { t, ids } = small().await;
    let a = Some(t.admin.as_str());
    let sc = ids.get("E01-SQ01-SC01");
    let sh = ids.get("E01-SQ01-SH020");
    let tv = ids.get("TuskTV");
    let anim = ids.get("tt:Shot:Animation");
    let d = t
        .gql_ok(
            a,
            "mutation($s: ID!, $a: ID!) { createSceneAssetInstance(sceneId: $s, assetId: $a, description: \"x\") { id name number sceneId } }",
            json!({"s": sc, "a": ids.get("Hero")}),
        )
        .await;
    let inst = d["createSceneAssetInstance"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(d["createSceneAssetInstance"]["name"], "Hero_0001");
    let d = t
        .gql_ok(
            a,
            "mutation($a: ID!, $b: ID!) { createAssetAssetInstance(assetId: $a, assetToInstantiateId: $b) { name targetAssetId } }",
            json!({"a": ids.get("Hero"), "b": ids.get("Shield")}),
        )
        .await;
    assert_eq!(d["createAssetAssetInstance"]["name"], "Shield_0001");
    let d = t
        .gql_ok(
            a,
            "mutation($s: ID!, $i: ID!) { addAssetInstanceToShot(shotId: $s, assetInstanceId: $i) { id name } }",
            json!({"s": sh, "i": inst}),
        )
        .await;
    assert_eq!(d["addAssetInstanceToShot"]["name"], "SH020");
    let r = t
        .get(&format!("/data/shots/{sh}/asset-instances"), &t.admin)
        .await;
    assert_eq!(support::keys(&r.json()), vec![ids.get("Hero").to_string()]);
    // The same refusal as REST: linking twice.
    let (v, _) = t
        .gql(
            a,
            "mutation($s: ID!, $i: ID!) { addAssetInstanceToShot(shotId: $s, assetInstanceId: $i) { id } }",
            json!({"s": sh, "i": inst}),
        )
        .await;
    assert!(v["errors"].is_array(), "{v}");
    let d = t
        .gql_ok(
            a,
            "mutation($s: ID!, $i: ID!) { removeAssetInstanceFromShot(shotId: $s, assetInstanceId: $i) }",
            json!({"s": sh, "i": inst}),
        )
        .await;
    assert_eq!(d["removeAssetInstanceFromShot"], true);
    let d = t
        .gql_ok(
            a,
            "mutation($c: ID!, $s: ID!) { addShotToScene(sceneId: $c, shotId: $s) { sourceId } }",
            json!({"c": sc, "s": sh}),
        )
        .await;
    assert_eq!(d["addShotToScene"]["sourceId"], json!(sc));
    let r = t.get(&format!("/data/scenes/{sc}/shots"), &t.admin).await;
    assert_eq!(r.json().as_array().unwrap().len(), 1);
    t.gql_ok(
        a,
        "mutation($c: ID!, $s: ID!) { removeShotFromScene(sceneId: $c, shotId: $s) }",
        json!({"c": sc, "s": sh}),
    )
    .await;
    let r = t.get(&format!("/data/scenes/{sc}/shots"), &t.admin).await;
    assert_eq!(r.json(), json!([]));
    // setShotNbFrames: managers only, as REST.
    created(
        &t,
        "/data/preview-files",
        json!({"name": "v1", "task_id": ids.get("task:E01-SQ02-SH030:Animation"), "revision": 1, "duration": 2.5}),
    )
    .await;
    let q = "mutation($p: ID!, $t: ID!) { setShotNbFrames(projectId: $p, taskTypeId: $t) { id nbFrames } }";
    let (v, _) = t
        .gql(Some(&ids.tokens["artist"]), q, json!({"p": tv, "t": anim}))
        .await;
    assert!(v["errors"].is_array(), "{v}");
    let d = t.gql_ok(a, q, json!({"p": tv, "t": anim})).await;
    assert_eq!(
        d["setShotNbFrames"],
        json!([{"id": ids.get("E01-SQ02-SH030"), "nbFrames": 60}])
    );
    // Stats and quotas: Zou's JSON, the same as REST.
    for (field, vars, args, rest) in [
        (
            "episodeStats",
            "$p: ID!",
            "projectId: $p",
            format!("/data/projects/{tv}/episodes/stats"),
        ),
        (
            "episodeRetakeStats",
            "$p: ID!",
            "projectId: $p",
            format!("/data/projects/{tv}/episodes/retake-stats"),
        ),
        (
            "projectQuotas",
            "$p: ID!, $t: ID!",
            "projectId: $p, taskTypeId: $t",
            format!("/data/projects/{tv}/quotas/{anim}"),
        ),
        (
            "personQuotas",
            "$p: ID!, $who: ID!",
            "projectId: $p, personId: $who, countMode: DONE",
            format!(
                "/data/projects/{tv}/quotas/persons/{}?count_mode=done",
                ids.get("artist")
            ),
        ),
    ] {
        let q = format!("query({vars}) {{ {field}({args}) }}");
        let mut v = json!({"p": tv});
        if vars.contains("$t") {
            v["t"] = json!(anim);
        }
        if vars.contains("$who") {
            v["who"] = json!(ids.get("artist"));
        }
        let d = t.gql_ok(a, &q, v).await;
        let r = t.get(&rest, &t.admin).await;
        assert_eq!(d[field], r.json(), "{field}");
        assert_ne!(d[field], json!({}), "{field}");
    }
    // The client may not read quotas through GraphQL either.
    let (v, _) = t
        .gql(
            Some(&ids.tokens["client"]),
            "query($p: ID!, $t: ID!) { projectQuotas(projectId: $p, taskTypeId: $t) }",
            json!({"p": tv, "t": anim}),
        )
        .await;
    assert!(v["errors"].is_array(), "{v}");
}
