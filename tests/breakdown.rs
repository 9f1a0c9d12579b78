//! Areas 06 and 07 (the production breakdown) against Zou's own answers.
//!
//! `docs/zou-reference/breakdown.json` holds 1094 exchanges captured from
//! Zou 1.0.97, in order, on the fixture its `breakdown.md` describes (§0).
//! This test builds the same fixture, replays every exchange as the same
//! actor, and asserts Zou's status, JSON (key for key, `support::zou_match`)
//! and events. What the capture did off the record (assigning tasks,
//! changing statuses through comments, logging time…) is done by
//! [`before`] just before the first exchange that shows it. The places
//! where Tusk deliberately answers differently are listed in `DIFFERENT`,
//! each with its reason; a captured 500 (a Zou crash) must be a 400 or 404.
//!
//! `REPLAY_LENIENT=1` reports every mismatch instead of stopping at the
//! first; `REPLAY_TRACE=1` prints each exchange as it runs.

mod support;

use axum::body::Body;
use axum::http::Request;
use serde_json::{json, Value};
use support::{zou_match, Capture, Ids, Res, TestApp};

/// Entries where Tusk deliberately differs from Zou (README, "Where Tusk
/// differs from Zou on purpose").
const DIFFERENT: &[(&str, &str)] = &[(
    "perm: GET /data/projects/{p}/episodes",
    "for the vendor, Zou lists the scene SC01 next to episode E01 (its episode list leaks a scene of a vendor's sequence); Tusk lists the episodes only",
)];

/// Exchanges where Tusk answers differently on purpose, with the expected
/// answer changed accordingly.
fn patch(e: &mut Value) {
    if e["name"] == "casting PUT label null / extra keys" {
        // Zou casts Shield into SH030 again here without rolling it up into
        // E01 (no `asset:update`), though E01 no longer casts it and the next
        // batch finds it there. Tusk rolls every new asset up, consistently.
        e["events"].as_array_mut().unwrap().insert(
            0,
            json!({"name": "asset:update",
                   "data": {"asset_id": "<uuid:Shield>", "project_id": "<uuid:TuskTV>"}}),
        );
    }
}

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

async fn post_ok(t: &TestApp, path: &str, body: Value) -> Value {
    let r = t.post(path, &t.admin, body).await;
    assert!(matches!(r.status(), 200 | 201), "POST {path}: {}", r.text);
    r.json()
}

async fn put_ok(t: &TestApp, path: &str, body: Value) -> Value {
    let r = t.put(path, &t.admin, body).await;
    assert!(matches!(r.status(), 200 | 201), "PUT {path}: {}", r.text);
    r.json()
}

/// Run trusted SQL on the test database (fixture steps Tusk has no route
/// for yet, such as a status change through a comment).
async fn sql(t: &TestApp, text: &str, args: Vec<tusk_db::SqlValue>) {
    let mut db = t.built.app.db.clone();
    let mut q = db.sql("");
    q.push_bound(text, args);
    db.execute(&q)
        .await
        .unwrap_or_else(|e| panic!("{text}: {}", e.message()));
}

fn uuid(ids: &Ids, label: &str) -> tusk_db::SqlValue {
    tusk_db::SqlValue::Uuid(Some(ids.get(label).parse().unwrap()))
}

/// The capture's fixture (breakdown.md §0.2, as it stood before the first
/// exchange): actors, two projects with their settings and teams, the
/// three `*Board` task types, episodes E01 and E02.
async fn fixture(t: &TestApp) -> Ids {
    let mut ids = Ids::default();
    ids.tokens.insert("admin".into(), t.admin.clone());
    let me = t.get("/auth/authenticated", &t.admin).await.json();
    ids.set("admin", me["user"]["id"].as_str().unwrap());
    for (label, role) in [
        ("artist", "user"),
        ("client", "client"),
        ("vendor", "vendor"),
        ("manager", "manager"),
        ("artist_off", "user"),
    ] {
        person(t, &mut ids, label, role).await;
    }
    ids.set("zero", "00000000-0000-0000-0000-000000000000");
    for row in t
        .get("/data/entity-types", &t.admin)
        .await
        .json()
        .as_array()
        .unwrap()
    {
        ids.set(
            &format!("type:{}", row["name"].as_str().unwrap()),
            row["id"].as_str().unwrap(),
        );
    }
    for row in t
        .get("/data/task-status", &t.admin)
        .await
        .json()
        .as_array()
        .unwrap()
    {
        let short = row["short_name"].as_str().unwrap();
        ids.set(&format!("status:{short}"), row["id"].as_str().unwrap());
    }
    for (name, for_entity) in [
        ("SequenceBoard", "Sequence"),
        ("EpisodeBoard", "Episode"),
        ("SceneBoard", "Scene"),
    ] {
        post_ok(
            t,
            "/data/task-types",
            json!({"name": name, "for_entity": for_entity, "color": "#112233", "priority": 1}),
        )
        .await;
    }
    for row in t
        .get("/data/task-types", &t.admin)
        .await
        .json()
        .as_array()
        .unwrap()
    {
        let label = format!(
            "tt:{}:{}",
            row["for_entity"].as_str().unwrap_or("Asset"),
            row["name"].as_str().unwrap()
        );
        ids.set(&label, row["id"].as_str().unwrap());
    }
    let tv = post_ok(
        t,
        "/data/projects",
        json!({"name": "TuskTV", "production_type": "tvshow", "fps": "24"}),
    )
    .await;
    ids.set("TuskTV", tv["id"].as_str().unwrap());
    let short = post_ok(
        t,
        "/data/projects",
        json!({"name": "TuskShort", "production_type": "short", "fps": "25"}),
    )
    .await;
    ids.set("TuskShort", short["id"].as_str().unwrap());
    for p in ["TuskTV", "TuskShort"] {
        let base = format!("/data/projects/{}", ids.get(p));
        for tt in [
            "tt:Shot:Layout",
            "tt:Shot:Animation",
            "tt:Asset:Modeling",
            "tt:Asset:Rigging",
            "tt:Edit:Edit",
            "tt:Concept:Concept",
            "tt:Sequence:SequenceBoard",
            "tt:Episode:EpisodeBoard",
            "tt:Scene:SceneBoard",
        ] {
            post_ok(
                t,
                &format!("{base}/settings/task-types"),
                json!({"task_type_id": ids.get(tt)}),
            )
            .await;
        }
        for st in ["todo", "wip", "wfa", "retake", "done"] {
            post_ok(
                t,
                &format!("{base}/settings/task-status"),
                json!({"task_status_id": ids.get(&format!("status:{st}"))}),
            )
            .await;
        }
        for at in ["type:Character", "type:Prop"] {
            post_ok(
                t,
                &format!("{base}/settings/asset-types"),
                json!({"asset_type_id": ids.get(at)}),
            )
            .await;
        }
    }
    for who in ["artist", "client", "vendor", "manager"] {
        post_ok(
            t,
            &format!("/data/projects/{}/team", ids.get("TuskTV")),
            json!({"person_id": ids.get(who)}),
        )
        .await;
    }
    post_ok(
        t,
        &format!("/data/projects/{}/team", ids.get("TuskShort")),
        json!({"person_id": ids.get("manager")}),
    )
    .await;
    for (project, ep, label) in [
        ("TuskTV", "E01", "E01"),
        ("TuskTV", "E02", "E02"),
        ("TuskShort", "E77", "Short-E77"),
        ("TuskShort", "E05", "Short-E05"),
        ("TuskShort", "E06", "Short-E06"),
    ] {
        let e = post_ok(
            t,
            &format!("/data/projects/{}/episodes", ids.get(project)),
            json!({"name": ep}),
        )
        .await;
        ids.set(label, e["id"].as_str().unwrap());
    }
    ids
}

/// Fixture steps the capture made off the record, run just before entry
/// `i` needs them.
async fn before(t: &TestApp, ids: &mut Ids, i: usize) {
    let tasks = |label: &str| format!("/data/entities/{}/tasks", ids.get(label));
    match i {
        // After the entity-tasks section: every entity of the fixture gets
        // the tasks of its kind, and Hero is ready for layout.
        77 => {
            for e in [
                "E01-SQ02-SH030",
                "E02-SQ01-SH010",
                "Short-SQ01-SH010",
                "E01-SQ01",
                "E01",
                "E01-ED01",
                "E01-SQ01-SC01",
                "CO01",
                "Villain",
                "Sword",
                "Shield",
                "Short-Chair",
            ] {
                post_ok(t, &tasks(e), json!({})).await;
            }
            put_ok(
                t,
                &format!("/data/entities/{}", ids.get("Hero")),
                json!({"ready_for": ids.get("tt:Shot:Layout")}),
            )
            .await;
            // Frame ranges were set on the shots again (§0.2).
            for (shot, data) in [
                (
                    "E01-SQ01-SH020",
                    json!({"frame_in": 1049, "frame_out": 1072}),
                ),
                ("E02-SQ01-SH010", json!({"frame_in": 1, "frame_out": 10})),
            ] {
                put_ok(
                    t,
                    &format!("/data/entities/{}", ids.get(shot)),
                    json!({ "data": data }),
                )
                .await;
            }
        }
        // Torch gets tasks and is cast in SH030 (and so in E01) before its
        // delete.
        246 => {
            post_ok(t, &tasks("Torch"), json!({})).await;
            let casting = format!(
                "/data/projects/{}/entities/{}/casting",
                ids.get("TuskTV"),
                ids.get("E01-SQ02-SH030")
            );
            let mut now: Vec<Value> = t
                .get(&casting, &t.admin)
                .await
                .json()
                .as_array()
                .unwrap()
                .iter()
                .map(|c| json!({"asset_id": c["asset_id"], "nb_occurences": c["nb_occurences"], "label": c["label"]}))
                .collect();
            now.push(json!({"asset_id": ids.get("Torch"), "nb_occurences": 1}));
            put_ok(t, &casting, Value::Array(now)).await;
        }
        258 => {
            post_ok(t, &tasks("SH099"), json!({})).await;
        }
        287 => {
            post_ok(t, &tasks("SH610"), json!({})).await;
        }
        // SH700 did not outlive its section.
        303 => {
            let r = t
                .delete(
                    &format!("/data/shots/{}?force=true", ids.get("SH700")),
                    &t.admin,
                )
                .await;
            assert_eq!(r.status(), 204, "{}", r.text);
        }
        // Work happened on the tasks (assignments, comments changing their
        // status, time logged on 2026-11-28, the capture day), as §0.2 of
        // breakdown.md describes.
        293 => {
            work_on_tasks(t, ids).await;
            put_ok(
                t,
                &format!("/data/entities/{}", ids.get("E01-SQ01-SH010")),
                json!({"data": {"fps": 24, "frame_in": 1001, "frame_out": 1048, "difficulty": "medium"}}),
            )
            .await;
        }
        // The concept CO01 was linked to Sword and Hero.
        307 => {
            put_ok(
                t,
                &format!("/data/entities/{}", ids.get("CO01")),
                json!({"entity_concept_links": [ids.get("Sword"), ids.get("Hero")]}),
            )
            .await;
        }
        // A movie preview of SH030's animation, first of no length, then of
        // 3.5 s (set-shot-nb-frames reads it).
        344 => {
            let task = task_of(t, ids, "E01-SQ02-SH030", "tt:Shot:Animation").await;
            // Its upload came with a comment that set the task to wip.
            sql(
                t,
                "UPDATE \"task\" SET \"task_status_id\" = ?, \"real_start_date\" = ?, \"last_comment_date\" = ? WHERE \"id\" = ?",
                vec![
                    uuid(ids, "status:wip"),
                    tusk_db::SqlValue::Timestamp(Some(chrono::Utc::now().naive_utc())),
                    tusk_db::SqlValue::Timestamp(Some(chrono::Utc::now().naive_utc())),
                    tusk_db::SqlValue::Uuid(Some(task.parse().unwrap())),
                ],
            )
            .await;
            let p = post_ok(
                t,
                "/data/preview-files",
                json!({"name": "4ac27b3f-1e91", "task_id": task, "person_id": ids.get("admin"),
                       "revision": 1, "position": 1, "extension": "mp4", "file_size": 0,
                       "status": "ready", "width": 0, "height": 0, "duration": 0.0}),
            )
            .await;
            ids.set("preview:SH030", p["id"].as_str().unwrap());
        }
        348 => {
            put_ok(
                t,
                &format!("/data/preview-files/{}", ids.get("preview:SH030")),
                json!({"duration": 3.5}),
            )
            .await;
        }
        // The perm section's writes were undone before the next section:
        // SH030 is no longer canceled, the rows made by artists and the
        // manager are gone, and so is SH700.
        756 => {
            put_ok(
                t,
                &format!("/data/entities/{}", ids.get("E01-SQ02-SH030")),
                json!({"canceled": false}),
            )
            .await;
            for label in ["perm:426", "perm:749", "perm:750", "perm:751"] {
                if let Some(id) = ids.ids.get(label).cloned() {
                    let r = t
                        .delete(&format!("/data/entities/{id}?force=true"), &t.admin)
                        .await;
                    assert_eq!(r.status(), 204, "delete {label}: {}", r.text);
                }
            }
            for label in ["perm:430", "perm:511", "perm:592", "perm:754"] {
                if let Some(id) = ids.ids.get(label).cloned() {
                    let r = t
                        .delete(&format!("/data/asset-instances/{id}"), &t.admin)
                        .await;
                    assert_eq!(r.status(), 204, "delete {label}: {}", r.text);
                }
            }
        }
        // SH800 got a layout task, then was deleted (so canceled).
        1091 => {
            post_ok(
                t,
                &tasks("SH800"),
                json!({"task_type_ids": [ids.get("tt:Shot:Layout")]}),
            )
            .await;
            let r = t
                .delete(&format!("/data/shots/{}", ids.get("SH800")), &t.admin)
                .await;
            assert_eq!(r.status(), 204, "{}", r.text);
        }
        // Off the record, the chair was cast into E02's shot again…
        765 => {
            let casting = format!(
                "/data/projects/{}/entities/{}/casting",
                ids.get("TuskTV"),
                ids.get("E02-SQ01-SH010")
            );
            put_ok(
                t,
                &casting,
                json!([{"asset_id": ids.get("Hero"), "nb_occurences": 1},
                       {"asset_id": ids.get("Villain"), "nb_occurences": 3, "label": "crowd"},
                       {"asset_id": ids.get("Short-Chair"), "nb_occurences": 2, "label": "bg"}]),
            )
            .await;
        }
        // … and the sword taken back out of the short project's shot.
        766 => {
            let casting = format!(
                "/data/projects/{}/entities/{}/casting",
                ids.get("TuskShort"),
                ids.get("Short-SQ01-SH010")
            );
            put_ok(
                t,
                &casting,
                json!([{"asset_id": ids.get("Short-Chair"), "nb_occurences": 1, "label": "fixed"}]),
            )
            .await;
        }
        _ => {}
    }
}

/// A task's state after the capture's off-record work.
struct TaskState {
    entity: &'static str,
    task_type: &'static str,
    status: &'static str,
    assignees: &'static [&'static str],
    /// real start, end (last feedback request), done, last comment.
    dates: [bool; 4],
    priority: i32,
    duration: f64,
    estimation: f64,
    retake_count: i32,
    nb_assets_ready: i32,
}

const WORK: &[TaskState] = &[
    TaskState {
        entity: "E01-SQ01-SH010",
        task_type: "tt:Shot:Layout",
        status: "done",
        assignees: &["vendor", "manager"],
        dates: [true, true, true, true],
        priority: 0,
        duration: 0.0,
        estimation: 0.0,
        retake_count: 0,
        nb_assets_ready: 0,
    },
    TaskState {
        entity: "E01-SQ01-SH010",
        task_type: "tt:Shot:Animation",
        status: "wfa",
        assignees: &["artist"],
        dates: [true, true, false, true],
        priority: 2,
        duration: 240.0,
        estimation: 480.0,
        retake_count: 0,
        nb_assets_ready: 0,
    },
    TaskState {
        entity: "E01-SQ01-SH020",
        task_type: "tt:Shot:Layout",
        status: "done",
        assignees: &[],
        dates: [false, false, true, true],
        priority: 0,
        duration: 0.0,
        estimation: 0.0,
        retake_count: 0,
        nb_assets_ready: 0,
    },
    TaskState {
        entity: "E01-SQ01-SH020",
        task_type: "tt:Shot:Animation",
        status: "done",
        assignees: &["artist"],
        dates: [true, true, true, true],
        priority: 0,
        duration: 120.0,
        estimation: 0.0,
        retake_count: 0,
        nb_assets_ready: 0,
    },
    TaskState {
        entity: "E02-SQ01-SH010",
        task_type: "tt:Shot:Layout",
        status: "todo",
        assignees: &[],
        dates: [false, false, false, false],
        priority: 0,
        duration: 0.0,
        estimation: 0.0,
        retake_count: 0,
        nb_assets_ready: 1,
    },
    TaskState {
        entity: "E02-SQ01-SH010",
        task_type: "tt:Shot:Animation",
        status: "retake",
        assignees: &["artist"],
        dates: [false, false, false, true],
        priority: 0,
        duration: 0.0,
        estimation: 0.0,
        retake_count: 1,
        nb_assets_ready: 1,
    },
    TaskState {
        entity: "Hero",
        task_type: "tt:Asset:Modeling",
        status: "done",
        assignees: &["artist"],
        dates: [false, false, true, true],
        priority: 0,
        duration: 0.0,
        estimation: 0.0,
        retake_count: 0,
        nb_assets_ready: 0,
    },
    TaskState {
        entity: "Sword",
        task_type: "tt:Asset:Modeling",
        status: "todo",
        assignees: &["manager"],
        dates: [false, false, false, false],
        priority: 0,
        duration: 0.0,
        estimation: 0.0,
        retake_count: 0,
        nb_assets_ready: 0,
    },
];

/// The id of an entity's task of a task type.
async fn task_of(t: &TestApp, ids: &Ids, entity: &str, task_type: &str) -> String {
    t.get(
        &format!(
            "/data/tasks?entity_id={}&task_type_id={}",
            ids.get(entity),
            ids.get(task_type)
        ),
        &t.admin,
    )
    .await
    .json()[0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no {task_type} task on {entity}"))
        .to_owned()
}

/// The capture day, when the off-record work was done.
const WORK_DAY: &str = "2026-11-28";

async fn work_on_tasks(t: &TestApp, ids: &Ids) {
    use tusk_db::SqlValue;
    let at = |h: u32| {
        SqlValue::Timestamp(Some(
            chrono::NaiveDate::parse_from_str(WORK_DAY, "%Y-%m-%d")
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap(),
        ))
    };
    for w in WORK {
        let date = |on: bool, h: u32| if on { at(h) } else { SqlValue::Timestamp(None) };
        sql(
            t,
            "UPDATE \"task\" SET \"task_status_id\" = ?, \"priority\" = ?, \"duration\" = ?, \"estimation\" = ?, \"retake_count\" = ?, \"nb_assets_ready\" = ?, \"real_start_date\" = ?, \"end_date\" = ?, \"done_date\" = ?, \"last_comment_date\" = ? WHERE \"entity_id\" = ? AND \"task_type_id\" = ?",
            vec![
                uuid(ids, &format!("status:{}", w.status)),
                SqlValue::Int(Some(w.priority)),
                SqlValue::Float(Some(w.duration)),
                SqlValue::Float(Some(w.estimation)),
                SqlValue::Int(Some(w.retake_count)),
                SqlValue::Int(Some(w.nb_assets_ready)),
                date(w.dates[0], 9),
                date(w.dates[1], 10),
                date(w.dates[2], 11),
                date(w.dates[3], 12),
                uuid(ids, w.entity),
                uuid(ids, w.task_type),
            ],
        )
        .await;
        for who in w.assignees {
            sql(
                t,
                "INSERT INTO \"task_person_link\" (\"task_id\", \"person_id\") SELECT \"id\", ? FROM \"task\" WHERE \"entity_id\" = ? AND \"task_type_id\" = ?",
                vec![uuid(ids, who), uuid(ids, w.entity), uuid(ids, w.task_type)],
            )
            .await;
        }
    }
    // The artist's time: 240 min on SH010 Animation, 120 on SH020's.
    for (shot, minutes) in [("E01-SQ01-SH010", 240), ("E01-SQ01-SH020", 120)] {
        let task = task_of(t, ids, shot, "tt:Shot:Animation").await;
        post_ok(
            t,
            "/data/time-spents",
            json!({"task_id": task, "person_id": ids.get("artist"), "date": WORK_DAY, "duration": minutes}),
        )
        .await;
    }
}

/// Ids of rows an exchange made without a label, kept for the cleanups of
/// [`before`] (`perm:<entry>`).
fn after(ids: &mut Ids, i: usize, res: &Res) {
    if matches!(i, 426 | 430 | 511 | 592 | 749 | 750 | 751 | 754) && res.status() == 201 {
        if let Some(id) = res.json()["id"].as_str() {
            ids.set(&format!("perm:{i}"), id);
        }
    }
}

/// Compare one captured exchange with Tusk's answer.
async fn replay(t: &TestApp, entry: &Value, ids: &mut Ids) -> Result<Res, String> {
    let actor = entry["actor"].as_str().unwrap();
    let method = entry["method"].as_str().unwrap();
    let path = ids.fill(entry["path"].as_str().unwrap());
    let name = entry["name"].as_str().unwrap_or("");
    if path.contains("<uuid") {
        return Err(format!("{name}: no id yet for a label of {path}"));
    }
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
        v => b
            .header("content-type", "application/json")
            .body(Body::from(serde_json::to_vec(&ids.fill_value(v)).unwrap()))
            .unwrap(),
    };
    let before = t.count("SELECT COUNT(*) FROM \"api_event\"").await;
    let res = t.send(req).await;
    let want = entry["status"].as_u64().unwrap() as u16;
    let at = format!("{name} ({actor} {method} {path})");
    if want == 500 {
        if !matches!(res.status(), 400 | 404) {
            return Err(format!(
                "{at}: Zou crashed (500); Tusk must answer 400 or 404, got {}: {}",
                res.status(),
                res.text
            ));
        }
    } else if res.status() != want {
        return Err(format!(
            "{at}: status {} instead of {want}: {}",
            res.status(),
            res.text
        ));
    }
    // The events the exchange recorded, in order (for a crash: none).
    if let Some(want_events) = entry["events"].as_array() {
        let got = t.events_since(before).await;
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        let want_names: Vec<&str> = if want == 500 {
            vec![]
        } else {
            want_events
                .iter()
                .map(|e| e["name"].as_str().unwrap_or(""))
                .collect()
        };
        let mut sorted_got = names.clone();
        let mut sorted_want = want_names.clone();
        sorted_got.sort();
        sorted_want.sort();
        if sorted_got != sorted_want {
            return Err(format!("{at}: events {names:?}, expected {want_names:?}"));
        }
        if want != 500 {
            // Match each captured event with one of the recorded ones.
            let mut used = vec![false; got.len()];
            for w in want_events {
                let mut found = false;
                let mut last = String::new();
                for (j, (n, data)) in got.iter().enumerate() {
                    if used[j] || w["name"] != n.as_str() {
                        continue;
                    }
                    let mut trial = ids.clone();
                    match zou_match(&w["data"], data, &mut trial, "$") {
                        Ok(()) => {
                            *ids = trial;
                            used[j] = true;
                            found = true;
                            break;
                        }
                        Err(e) => last = format!("{e}\n  actual: {data}"),
                    }
                }
                if !found {
                    return Err(format!("{at}: event {} {}: {last}", w["name"], w["data"]));
                }
            }
        }
    }
    if want == 500 || want == 204 {
        return Ok(res);
    }
    let expected = &entry["body"];
    if entry.get("body_is_text").is_some() {
        let ct = entry["content_type"].as_str().unwrap_or("");
        let got_ct = res
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if got_ct != ct {
            return Err(format!("{at}: content type {got_ct:?}, expected {ct:?}"));
        }
        if let Some(cd) = entry.get("content_disposition").and_then(Value::as_str) {
            let got_cd = res
                .headers
                .get("content-disposition")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if got_cd != cd {
                return Err(format!(
                    "{at}: content disposition {got_cd:?}, expected {cd:?}"
                ));
            }
        }
        let text = expected.as_str().unwrap_or("");
        if ct.contains("ndjson") {
            let want_lines: Vec<&str> = text.split_terminator('\n').collect();
            let got_lines: Vec<&str> = res.text.split_terminator('\n').collect();
            if want_lines.len() != got_lines.len() || !res.text.ends_with('\n') {
                return Err(format!(
                    "{at}: NDJSON lines differ:\n{}\nvs\n{}",
                    res.text, text
                ));
            }
            for (w, g) in want_lines.iter().zip(&got_lines) {
                let w: Value = serde_json::from_str(w).unwrap();
                let g: Value = serde_json::from_str(g).map_err(|e| format!("{at}: {e}: {g}"))?;
                zou_match(&w, &g, ids, "$").map_err(|e| format!("{at}: {e}"))?;
            }
        } else {
            // CSV: the same lines (Zou's row order is not always stable).
            let mut w: Vec<String> = text.split("\r\n").map(|l| ids.fill(l)).collect();
            let mut g: Vec<String> = res.text.split("\r\n").map(str::to_owned).collect();
            if w.first() != g.first() {
                return Err(format!(
                    "{at}: CSV header differs:\n{}\nvs\n{text}",
                    res.text
                ));
            }
            w.sort();
            g.sort();
            if w != g {
                return Err(format!("{at}: CSV differs:\n{}\nvs\n{text}", res.text));
            }
        }
        return Ok(res);
    }
    let actual: Value =
        serde_json::from_str(&res.text).map_err(|_| format!("{at}: not JSON: {}", res.text))?;
    if entry.get("truncated").and_then(Value::as_bool) == Some(true) {
        // Only the first rows were kept: the count, then each kept row
        // must match one of Tusk's.
        let rows = entry["rows"].as_u64().unwrap_or(0) as usize;
        let got = actual
            .as_array()
            .ok_or_else(|| format!("{at}: not a list: {actual}"))?;
        if got.len() != rows {
            return Err(format!(
                "{at}: {} rows, expected {rows}: {actual}",
                got.len()
            ));
        }
        for (k, w) in expected.as_array().unwrap().iter().enumerate() {
            let mut last = String::new();
            let mut found = false;
            for g in got {
                let mut trial = ids.clone();
                match zou_match(w, g, &mut trial, &format!("$[{k}]")) {
                    Ok(()) => {
                        *ids = trial;
                        found = true;
                        break;
                    }
                    Err(e) => last = e,
                }
            }
            if !found {
                return Err(format!(
                    "{at}: no row matches {w}\n  last: {last}\n  actual: {actual}"
                ));
            }
        }
        return Ok(res);
    }
    zou_match(expected, &actual, ids, "$")
        .map_err(|e| format!("{at}: {e}\nexpected: {expected}\nactual:   {actual}"))?;
    Ok(res)
}

#[tokio::test]
async fn breakdown_answers_like_zou() {
    let t = TestApp::new().await;
    let cap = Capture::load("breakdown.json");
    let mut ids = fixture(&t).await;
    let lenient = std::env::var("REPLAY_LENIENT").is_ok();
    let trace = std::env::var("REPLAY_TRACE").is_ok();
    let mut failures = Vec::new();
    let mut replayed = 0;
    for (i, entry) in cap.0.iter().enumerate() {
        let name = entry["name"].as_str().unwrap();
        if trace {
            eprintln!("replay #{i}: {name}");
        }
        before(&t, &mut ids, i).await;
        if DIFFERENT
            .iter()
            .any(|(n, _)| *n == name && (entry["actor"] == "vendor" || !name.starts_with("perm:")))
        {
            continue;
        }
        let mut entry = entry.clone();
        patch(&mut entry);
        match replay(&t, &entry, &mut ids).await {
            Ok(res) => {
                after(&mut ids, i, &res);
                replayed += 1
            }
            Err(e) if lenient => failures.push(format!("#{i} {e}")),
            Err(e) => panic!("#{i} {e}"),
        }
    }
    if !failures.is_empty() {
        for f in &failures {
            eprintln!(
                "FAIL {}\n",
                f.chars()
                    .take(
                        std::env::var("REPLAY_WIDTH")
                            .ok()
                            .and_then(|w| w.parse().ok())
                            .unwrap_or(1500)
                    )
                    .collect::<String>()
            );
        }
        panic!("{} of {} exchanges differ", failures.len(), cap.0.len());
    }
    assert!(replayed > 1000, "only {replayed} exchanges replayed");
}
