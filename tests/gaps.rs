//! Requirements of issues 2–4 that an audit found undemonstrated: the
//! priority reorder routes, typed entity metadata in GraphQL, the
//! all-projects descriptor mutations, the area-04 GraphQL mutations, and
//! the permission and safety properties listed in each test's comment.
//! Black-box through the real router, on SQLite and on PostgreSQL.

mod support;

use serde_json::{json, Value};
use support::{Ids, TestApp};

const NIL: &str = "00000000-0000-0000-0000-000000000000";

async fn person(t: &TestApp, ids: &mut Ids, label: &str, role: &str) {
    let (id, token) = t
        .person(role, &format!("{}@example.com", label.replace('_', "-")))
        .await;
    ids.set(label, &id);
    ids.tokens.insert(label.to_owned(), token);
}

async fn created(t: &TestApp, path: &str, body: Value) -> String {
    let r = t.post(path, &t.admin, body).await;
    assert!(matches!(r.status(), 200 | 201), "POST {path}: {}", r.text);
    r.json()["id"].as_str().unwrap().to_owned()
}

async fn by_name(t: &TestApp, ids: &mut Ids, prefix: &str, collection: &str, key: &str) {
    let r = t.get(&format!("/data/{collection}"), &t.admin).await;
    for row in r.json().as_array().unwrap() {
        let name = row[key].as_str().unwrap_or_default().replace(' ', "_");
        ids.set(&format!("{prefix}_{name}"), row["id"].as_str().unwrap());
    }
}

/// Actors (a manager on P1 and one off it, an artist, a client and a
/// vendor on P1, an outsider on no team), two open projects and a closed
/// one, catalogue ids by name.
async fn fixture(t: &TestApp) -> Ids {
    let mut ids = Ids::default();
    ids.tokens.insert("admin".into(), t.admin.clone());
    for (label, role) in [
        ("manager_on", "manager"),
        ("manager_off", "manager"),
        ("artist", "user"),
        ("client", "client"),
        ("vendor", "vendor"),
        ("outsider", "user"),
    ] {
        person(t, &mut ids, label, role).await;
    }
    by_name(t, &mut ids, "et", "entity-types", "name").await;
    by_name(t, &mut ids, "tt", "task-types", "name").await;
    by_name(t, &mut ids, "ts", "task-status", "short_name").await;
    by_name(t, &mut ids, "dep", "departments", "name").await;
    by_name(t, &mut ids, "ps", "project-status", "name").await;
    let p1 = created(t, "/data/projects", json!({"name": "P1"})).await;
    let p2 = created(t, "/data/projects", json!({"name": "P2"})).await;
    let p3 = created(
        t,
        "/data/projects",
        json!({"name": "P3", "project_status_id": ids.get("ps_Closed")}),
    )
    .await;
    ids.set("P1", &p1);
    ids.set("P2", &p2);
    ids.set("P3", &p3);
    for who in ["manager_on", "artist", "client", "vendor"] {
        let r = t
            .post(
                &format!("/data/projects/{p1}/team"),
                &t.admin,
                json!({"person_id": ids.get(who)}),
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text);
    }
    ids
}

async fn event_count(t: &TestApp) -> i64 {
    t.count("SELECT COUNT(*) FROM \"api_event\"").await
}

/// Names of the events recorded since `before`.
async fn event_names(t: &TestApp, before: i64) -> Vec<String> {
    t.events_since(before)
        .await
        .into_iter()
        .map(|(n, _)| n)
        .collect()
}

/// The GraphQL error status of a refused operation.
fn gql_status(v: &Value) -> u64 {
    v["errors"][0]["extensions"]["status"]
        .as_u64()
        .unwrap_or_else(|| panic!("no error status in {v}"))
}

// ---------------------------------------------------------------------------
// Item 6: the three reorder routes of Zou's crud blueprint.

#[tokio::test]
async fn reorder_routes_set_priorities_like_zou() {
    let t = TestApp::new().await;
    let ids = fixture(&t).await;
    let p1 = ids.get("P1").to_owned();
    let (modeling, rigging, layout) = (
        ids.get("tt_Modeling").to_owned(),
        ids.get("tt_Rigging").to_owned(),
        ids.get("tt_Layout").to_owned(),
    );

    // Studio-wide order (admins): positions from 1, unknown ids skipped
    // but counted, the answer lists the task types changed.
    let before = event_count(&t).await;
    let r = t
        .post(
            "/actions/task-types/reorder",
            &t.admin,
            json!({"task_type_ids": [rigging, modeling, NIL, layout]}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let got: Vec<(String, i64, String)> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["id"].as_str().unwrap().to_owned(),
                x["priority"].as_i64().unwrap(),
                x["type"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (rigging.clone(), 1, "TaskType".into()),
            (modeling.clone(), 2, "TaskType".into()),
            (layout.clone(), 4, "TaskType".into()),
        ]
    );
    let one = t
        .get(&format!("/data/task-types/{layout}"), &t.admin)
        .await
        .json();
    assert_eq!(one["priority"], 4);
    // Zou announces nothing for this reorder.
    assert_eq!(event_names(&t, before).await, Vec::<String>::new());
    // Managers are refused; a body without the list is Zou's 400; a
    // malformed id refuses the whole order (Zou crashes) and changes nothing.
    let manager = ids.tokens["manager_on"].clone();
    let r = t
        .post(
            "/actions/task-types/reorder",
            &manager,
            json!({"task_type_ids": [modeling]}),
        )
        .await;
    assert_eq!(r.status(), 403, "{}", r.text);
    let r = t
        .post(
            "/actions/task-types/reorder",
            &t.admin,
            json!({"ids": [modeling]}),
        )
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json()["message"],
        "Request body must be a JSON object with a 'task_type_ids' list."
    );
    let r = t
        .post("/actions/task-types/reorder", &t.admin, json!([modeling]))
        .await;
    assert_eq!(r.status(), 400);
    let r = t
        .post(
            "/actions/task-types/reorder",
            &t.admin,
            json!({"task_type_ids": [modeling, "not-an-id"]}),
        )
        .await;
    assert_eq!(r.status(), 400, "{}", r.text);
    let one = t
        .get(&format!("/data/task-types/{modeling}"), &t.admin)
        .await
        .json();
    assert_eq!(one["priority"], 2, "nothing changed");

    // Project task type links (managers of the project).
    for (tt, prio) in [(&modeling, 1), (&rigging, 2)] {
        let r = t
            .post(
                &format!("/data/projects/{p1}/settings/task-types"),
                &t.admin,
                json!({"task_type_id": tt, "priority": prio}),
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text);
    }
    let links_before = t
        .count("SELECT COUNT(*) FROM \"project_task_type_link\"")
        .await;
    let before = event_count(&t).await;
    let path = format!("/actions/projects/{p1}/task-type-links/reorder");
    let r = t
        .post(
            &path,
            &manager,
            json!({"task_type_ids": [rigging, layout, modeling]}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let links = r.json();
    let links = links.as_array().unwrap();
    assert_eq!(links.len(), 2, "only existing links: {links:?}");
    assert_eq!(links[0]["task_type_id"], rigging);
    assert_eq!(links[0]["priority"], 1);
    assert_eq!(links[0]["project_id"], p1);
    assert_eq!(links[0]["type"], "ProjectTaskTypeLink");
    assert_eq!(links[1]["task_type_id"], modeling);
    assert_eq!(links[1]["priority"], 3);
    assert_eq!(
        t.count("SELECT COUNT(*) FROM \"project_task_type_link\"")
            .await,
        links_before,
        "a reorder never creates links"
    );
    assert_eq!(event_names(&t, before).await, vec!["project:update"]);
    let project = t
        .get(&format!("/data/projects/{p1}"), &t.admin)
        .await
        .json();
    assert_eq!(project["task_types_priority"][&rigging], 1);
    assert_eq!(project["task_types_priority"][&modeling], 3);
    for who in ["manager_off", "artist", "client", "vendor"] {
        let r = t
            .post(
                &path,
                &ids.tokens[who],
                json!({"task_type_ids": [modeling]}),
            )
            .await;
        assert_eq!(r.status(), 403, "{who}: {}", r.text);
    }
    let r = t
        .post(
            &format!("/actions/projects/{NIL}/task-type-links/reorder"),
            &manager,
            json!({"task_type_ids": [modeling]}),
        )
        .await;
    assert_eq!(r.status(), 404);
    let r = t
        .post(&path, &manager, json!({"task_status_ids": []}))
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json()["message"],
        "Request body must be a JSON object with a 'task_type_ids' list."
    );

    // Project task status links: priorities change, board roles stay.
    let (wip, done) = (ids.get("ts_wip").to_owned(), ids.get("ts_done").to_owned());
    for (st, prio, roles) in [(&wip, 1, json!(["manager"])), (&done, 2, json!([]))] {
        let r = t
            .post(
                "/data/task-status-links",
                &t.admin,
                json!({"project_id": p1, "task_status_id": st, "priority": prio, "roles_for_board": roles}),
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text);
    }
    let path = format!("/actions/projects/{p1}/task-status-links/reorder");
    let before = event_count(&t).await;
    let r = t
        .post(&path, &manager, json!({"task_status_ids": [done, wip]}))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let by_status: std::collections::HashMap<String, Value> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["task_status_id"].as_str().unwrap().to_owned(), l.clone()))
        .collect();
    assert_eq!(by_status[&done]["priority"], 1);
    assert_eq!(by_status[&wip]["priority"], 2);
    assert_eq!(by_status[&wip]["roles_for_board"], json!(["manager"]));
    assert_eq!(by_status[&wip]["type"], "ProjectTaskStatusLink");
    assert_eq!(event_names(&t, before).await, vec!["project:update"]);
    let r = t
        .post(
            &path,
            &ids.tokens["artist"],
            json!({"task_status_ids": [wip]}),
        )
        .await;
    assert_eq!(r.status(), 403);

    // GraphQL runs the same services.
    let (v, _) = t
        .gql(
            Some(&ids.tokens["artist"]),
            "mutation($p: ID!, $ids: [ID!]!) { reorderProjectTaskTypes(projectId: $p, taskTypeIds: $ids) { priority } }",
            json!({"p": p1, "ids": [modeling]}),
        )
        .await;
    assert_eq!(gql_status(&v), 403);
    let d = t
        .gql_ok(
            Some(&manager),
            "mutation($p: ID!, $ids: [ID!]!) { reorderProjectTaskTypes(projectId: $p, taskTypeIds: $ids) { taskTypeId priority } }",
            json!({"p": p1, "ids": [modeling, rigging]}),
        )
        .await;
    assert_eq!(
        d["reorderProjectTaskTypes"],
        json!([{"taskTypeId": modeling, "priority": 1}, {"taskTypeId": rigging, "priority": 2}])
    );
    let d = t
        .gql_ok(
            Some(&manager),
            "mutation($p: ID!, $ids: [ID!]!) { reorderProjectTaskStatuses(projectId: $p, taskStatusIds: $ids) { taskStatusId priority rolesForBoard } }",
            json!({"p": p1, "ids": [wip, done]}),
        )
        .await;
    assert_eq!(
        d["reorderProjectTaskStatuses"][0],
        json!({"taskStatusId": wip, "priority": 1, "rolesForBoard": ["manager"]})
    );
    let (v, _) = t
        .gql(
            Some(&manager),
            "mutation($ids: [ID!]!) { reorderTaskTypes(taskTypeIds: $ids) { id } }",
            json!({"ids": [modeling]}),
        )
        .await;
    assert_eq!(gql_status(&v), 403);
    let d = t
        .gql_ok(
            Some(&t.admin),
            "mutation($ids: [ID!]!) { reorderTaskTypes(taskTypeIds: $ids) { id priority } }",
            json!({"ids": [layout]}),
        )
        .await;
    assert_eq!(
        d["reorderTaskTypes"],
        json!([{"id": layout, "priority": 1}])
    );
}

#[test]
fn routes_list_the_reorders_and_png_thumbnails() {
    let routes = tusk_rest_compat::routes();
    for r in [
        "POST /actions/task-types/reorder",
        "POST /actions/projects/{project_id}/task-type-links/reorder",
        "POST /actions/projects/{project_id}/task-status-links/reorder",
        "GET /pictures/thumbnails/projects/{instance_id}.png",
        "POST /pictures/thumbnails/projects/{instance_id}.png",
    ] {
        assert!(routes.iter().any(|x| x == r), "missing {r}");
    }
}

// ---------------------------------------------------------------------------
// Item 13: typed metadata on entities, filterable, batched.

const METADATA_QUERY: &str = "query($p: ID!) { assets(filter: {projectId: {eq: $p}, data: [{key: \"difficulty\", gte: 2}]}, orderBy: {field: NAME, direction: ASC}) { nodes { name metadata { fieldName dataType text number boolean list json descriptor { name } } } } }";

#[tokio::test]
async fn graphql_entity_metadata_is_typed_and_filterable() {
    let t = TestApp::new().await;
    let ids = fixture(&t).await;
    let p1 = ids.get("P1").to_owned();
    let admin = Some(t.admin.as_str());
    let descriptor = |name: &str, data_type: &str, extra: Value| {
        let mut b = json!({"name": name, "data_type": data_type, "entity_type": "Asset"});
        b.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        b
    };
    for b in [
        descriptor("Difficulty", "number", json!({})),
        descriptor("Done", "boolean", json!({})),
        descriptor("Tags", "taglist", json!({})),
        descriptor("Notes", "string", json!({"for_client": true})),
        descriptor(
            "Rig notes",
            "string",
            json!({"departments": [ids.get("dep_Modeling")]}),
        ),
        json!({"name": "Frame range", "data_type": "string", "entity_type": "Shot"}),
    ] {
        created(&t, &format!("/data/projects/{p1}/metadata-descriptors"), b).await;
    }
    let asset = |name: &str, data: Value| json!({"name": name, "project_id": p1, "entity_type_id": ids.get("et_Prop"), "data": data});
    created(
        &t,
        "/data/entities",
        asset(
            "chair",
            json!({"difficulty": 3, "done": true, "tags": "wood, red", "notes": "it's \"fine\"", "rig_notes": "none"}),
        ),
    )
    .await;
    created(
        &t,
        "/data/entities",
        asset("lamp", json!({"difficulty": "2.5", "done": "false"})),
    )
    .await;
    created(
        &t,
        "/data/entities",
        asset("table", json!({"difficulty": 1})),
    )
    .await;

    let (v, first_count) = t.gql(admin, METADATA_QUERY, json!({"p": p1})).await;
    assert!(v.get("errors").is_none(), "{v}");
    let nodes = v["data"]["assets"]["nodes"].as_array().unwrap().clone();
    let names: Vec<&str> = nodes.iter().map(|n| n["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["chair", "lamp"], "filtered on a metadata key");
    let chair = &nodes[0]["metadata"];
    // Every Asset descriptor of the project, none of the Shot one, by name.
    let fields: Vec<&str> = chair
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["fieldName"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["difficulty", "done", "notes", "rig_notes", "tags"]);
    assert_eq!(
        chair[0],
        json!({"fieldName": "difficulty", "dataType": "number", "text": "3", "number": 3.0, "boolean": null, "list": null, "json": 3, "descriptor": {"name": "Difficulty"}})
    );
    assert_eq!(chair[1]["boolean"], true);
    assert_eq!(chair[2]["text"], "it's \"fine\"");
    assert_eq!(chair[4]["list"], json!(["wood", "red"]));
    let lamp = &nodes[1]["metadata"];
    assert_eq!(lamp[0]["number"], 2.5, "numbers stored as text are typed");
    assert_eq!(lamp[1]["boolean"], false);
    assert_eq!(lamp[2]["text"], Value::Null, "unset fields are null");
    assert_eq!(lamp[2]["json"], Value::Null);

    // No N+1: more rows, same statements.
    for i in 0..6 {
        created(
            &t,
            "/data/entities",
            asset(&format!("crate {i}"), json!({"difficulty": 5})),
        )
        .await;
    }
    let (v, second_count) = t.gql(admin, METADATA_QUERY, json!({"p": p1})).await;
    assert_eq!(v["data"]["assets"]["nodes"].as_array().unwrap().len(), 8);
    assert_eq!(
        first_count, second_count,
        "metadata statements do not grow with the rows"
    );

    // The generic entity list and the kind views share the field.
    let d = t
        .gql_ok(
            admin,
            "query($p: ID!) { entities(filter: {projectId: {eq: $p}, data: [{key: \"tags\", contains: \"red\"}]}) { nodes { name metadata { fieldName text } } } }",
            json!({"p": p1}),
        )
        .await;
    assert_eq!(d["entities"]["nodes"][0]["name"], "chair");
    assert_eq!(
        d["entities"]["nodes"][0]["metadata"][4]["text"],
        "wood, red"
    );

    // A client sees only the descriptors meant for clients.
    let d = t
        .gql_ok(
            Some(&ids.tokens["client"]),
            "query($p: ID!) { assets(filter: {projectId: {eq: $p}, name: {eq: \"chair\"}}) { nodes { metadata { fieldName text } } } }",
            json!({"p": p1}),
        )
        .await;
    assert_eq!(
        d["assets"]["nodes"][0]["metadata"],
        json!([{"fieldName": "notes", "text": "it's \"fine\""}])
    );
    // A vendor (in no department) sees the fields of no department, on the
    // assets it has a task on.
    let chair = t
        .gql_ok(
            admin,
            "query($p: ID!) { assets(filter: {projectId: {eq: $p}, name: {eq: \"chair\"}}) { nodes { id } } }",
            json!({"p": p1}),
        )
        .await["assets"]["nodes"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    created(
        &t,
        "/data/tasks",
        json!({"name": "model", "project_id": p1, "entity_id": chair, "task_type_id": ids.get("tt_Modeling"), "task_status_id": ids.get("ts_todo"), "assignees": [ids.get("vendor")]}),
    )
    .await;
    let d = t
        .gql_ok(
            Some(&ids.tokens["vendor"]),
            "{ assets { nodes { name metadata { fieldName } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        d["assets"]["nodes"],
        json!([{"name": "chair", "metadata": [{"fieldName": "difficulty"}, {"fieldName": "done"}, {"fieldName": "notes"}, {"fieldName": "tags"}]}])
    );
}

// ---------------------------------------------------------------------------
// Item 14: the all-projects descriptor operations in GraphQL.

#[tokio::test]
async fn graphql_all_projects_descriptor_mutations() {
    let t = TestApp::new().await;
    let ids = fixture(&t).await;
    let (p1, p2, p3) = (
        ids.get("P1").to_owned(),
        ids.get("P2").to_owned(),
        ids.get("P3").to_owned(),
    );
    let admin = Some(t.admin.as_str());
    let list = |p: String| {
        let t = &t;
        async move {
            t.get(
                &format!("/data/projects/{p}/metadata-descriptors"),
                &t.admin,
            )
            .await
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["field_name"].as_str().unwrap().to_owned(),
                    d["position"].clone(),
                )
            })
            .collect::<Vec<_>>()
        }
    };

    // Refused like REST: an artist (not a manager), a client.
    for who in ["artist", "client", "vendor"] {
        let (v, _) = t
            .gql(
                Some(&ids.tokens[who]),
                "mutation { createDescriptorInAllProjects(input: {entityType: \"Asset\", name: \"Cost\"}) { id } }",
                json!({}),
            )
            .await;
        assert_eq!(gql_status(&v), 403, "{who}");
    }
    // A global manager reaches the open projects it manages only.
    let d = t
        .gql_ok(
            Some(&ids.tokens["manager_on"]),
            "mutation { createDescriptorInAllProjects(input: {entityType: \"Asset\", name: \"Owner\"}) { projectId fieldName } }",
            json!({}),
        )
        .await;
    assert_eq!(
        d["createDescriptorInAllProjects"],
        json!([{"projectId": p1, "fieldName": "owner"}])
    );

    let before = event_count(&t).await;
    let d = t
        .gql_ok(
            admin,
            "mutation { createDescriptorInAllProjects(input: {entityType: \"Asset\", name: \"Cost code\", dataType: \"string\"}) { projectId fieldName } }",
            json!({}),
        )
        .await;
    let mut projects: Vec<String> = d["createDescriptorInAllProjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["projectId"].as_str().unwrap().to_owned())
        .collect();
    projects.sort();
    let mut open = vec![p1.clone(), p2.clone()];
    open.sort();
    assert_eq!(projects, open, "every open project, not the closed one");
    assert!(list(p3.clone()).await.is_empty());
    assert_eq!(
        event_names(&t, before).await,
        vec!["metadata-descriptor:new", "metadata-descriptor:new"]
    );

    // A value stored under the field moves on rename.
    let chair = created(
        &t,
        "/data/entities",
        json!({"name": "chair", "project_id": p1, "entity_type_id": ids.get("et_Prop"), "data": {"cost_code": "A1"}}),
    )
    .await;
    let d = t
        .gql_ok(
            admin,
            "mutation { updateDescriptorInAllProjects(entityType: \"Asset\", fieldName: \"cost_code\", input: {name: \"Budget code\"}) { fieldName name } }",
            json!({}),
        )
        .await;
    assert_eq!(
        d["updateDescriptorInAllProjects"],
        json!([{"fieldName": "budget_code", "name": "Budget code"}, {"fieldName": "budget_code", "name": "Budget code"}])
    );
    let r = t.get(&format!("/data/entities/{chair}"), &t.admin).await;
    assert_eq!(r.json()["data"], json!({"budget_code": "A1"}));

    // Reorder by field name.
    t.gql_ok(
        admin,
        "mutation { reorderDescriptorsInAllProjects(entityType: \"Asset\", fieldOrder: [\"budget_code\", \"owner\"]) { fieldName position } }",
        json!({}),
    )
    .await;
    assert_eq!(
        list(p1.clone()).await,
        vec![
            ("budget_code".to_owned(), json!(1)),
            ("owner".to_owned(), json!(2))
        ]
    );
    let (v, _) = t
        .gql(
            admin,
            "mutation { reorderDescriptorsInAllProjects(entityType: \"Asset\", fieldOrder: []) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(gql_status(&v), 400);

    // Delete everywhere: ids answered, values stripped.
    let before = event_count(&t).await;
    let d = t
        .gql_ok(
            admin,
            "mutation { deleteDescriptorInAllProjects(entityType: \"Asset\", fieldName: \"budget_code\") }",
            json!({}),
        )
        .await;
    assert_eq!(
        d["deleteDescriptorInAllProjects"].as_array().unwrap().len(),
        2
    );
    assert_eq!(
        event_names(&t, before).await,
        vec!["metadata-descriptor:delete", "metadata-descriptor:delete"]
    );
    assert_eq!(list(p2.clone()).await, Vec::<(String, Value)>::new());
    let r = t.get(&format!("/data/entities/{chair}"), &t.admin).await;
    assert_eq!(r.json()["data"], json!({}));
    let (v, _) = t
        .gql(
            admin,
            "mutation { deleteDescriptorInAllProjects(entityType: \"Task\", fieldName: \"owner\") }",
            json!({}),
        )
        .await;
    assert_eq!(gql_status(&v), 400);
}

// ---------------------------------------------------------------------------
// Item 15: the area-04 GraphQL mutations, each checked through REST, with
// the refusals REST gives and the events it writes.

/// The operation is refused (403) for the manager off the project, the
/// artist, the client and the vendor of the project.
async fn refused_below_manager(t: &TestApp, ids: &Ids, query: &str, vars: Value) {
    for who in ["manager_off", "artist", "client", "vendor"] {
        let (v, _) = t.gql(Some(&ids.tokens[who]), query, vars.clone()).await;
        assert_eq!(gql_status(&v), 403, "{who}: {query}: {v}");
    }
}

/// Run as the manager of the project; answers the data and the events.
async fn as_manager(t: &TestApp, ids: &Ids, query: &str, vars: Value) -> (Value, Vec<String>) {
    let before = event_count(t).await;
    let d = t.gql_ok(Some(&ids.tokens["manager_on"]), query, vars).await;
    (d, event_names(t, before).await)
}

#[tokio::test]
async fn graphql_area_04_mutations_act_like_rest() {
    let t = TestApp::new().await;
    let ids = fixture(&t).await;
    let p1 = ids.get("P1").to_owned();
    let outsider = ids.get("outsider").to_owned();
    let team_path = format!("/data/projects/{p1}/team");

    // setTeamMemberRole / removeTeamMember.
    let r = t
        .post(
            &format!("/data/projects/{p1}/team"),
            &t.admin,
            json!({"person_id": outsider}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let q = "mutation($p: ID!, $who: ID!) { setTeamMemberRole(projectId: $p, personId: $who, role: \"supervisor\") { id } }";
    let vars = json!({"p": p1, "who": outsider});
    refused_below_manager(&t, &ids, q, vars.clone()).await;
    let (_, events) = as_manager(&t, &ids, q, vars.clone()).await;
    assert_eq!(events, vec!["project:update"]);
    let members = t.get(&team_path, &t.admin).await.json();
    let member = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == outsider)
        .unwrap();
    assert_eq!(member["project_role"], "supervisor");
    let q =
        "mutation($p: ID!, $who: ID!) { removeTeamMember(projectId: $p, personId: $who) { id } }";
    refused_below_manager(&t, &ids, q, vars.clone()).await;
    let (_, events) = as_manager(&t, &ids, q, vars).await;
    assert_eq!(events, vec!["project:update"]);
    assert!(!t
        .get(&team_path, &t.admin)
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["id"] == outsider));

    // removeProjectSetting / updateProjectSettings.
    let (modeling, rigging) = (ids.get("tt_Modeling"), ids.get("tt_Rigging"));
    let r = t
        .post(
            &format!("/data/projects/{p1}/settings/task-types"),
            &t.admin,
            json!({"task_type_id": modeling}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let q = "mutation($p: ID!, $id: ID!) { removeProjectSetting(projectId: $p, kind: TASK_TYPE, id: $id) { id } }";
    let vars = json!({"p": p1, "id": modeling});
    refused_below_manager(&t, &ids, q, vars.clone()).await;
    let (_, events) = as_manager(&t, &ids, q, vars).await;
    assert_eq!(events, vec!["project:update"]);
    let project_path = format!("/data/projects/{p1}");
    assert_eq!(
        t.get(&project_path, &t.admin).await.json()["task_types"],
        json!([])
    );
    let q = "mutation($p: ID!, $input: ProjectSettingsInput!) { updateProjectSettings(projectId: $p, input: $input) { id } }";
    let input = json!({"taskTypes": [{"taskTypeId": rigging, "priority": 3}], "taskStatusIds": [ids.get("ts_wip")], "assetTypeIds": [ids.get("et_Prop")]});
    let vars = json!({"p": p1, "input": input});
    refused_below_manager(&t, &ids, q, vars.clone()).await;
    let (_, events) = as_manager(&t, &ids, q, vars).await;
    assert!(
        !events.is_empty() && events.iter().all(|e| e == "project:update"),
        "{events:?}"
    );
    let p = t.get(&project_path, &t.admin).await.json();
    assert_eq!(p["task_types"], json!([rigging]));
    assert_eq!(p["task_types_priority"][rigging], 3);
    assert_eq!(p["task_statuses"], json!([ids.get("ts_wip")]));
    assert_eq!(p["asset_types"], json!([ids.get("et_Prop")]));

    // deleteProjectDescriptor / reorderProjectDescriptors.
    let path = format!("/data/projects/{p1}/metadata-descriptors");
    let a = created(&t, &path, json!({"name": "Alpha", "entity_type": "Asset"})).await;
    let b = created(&t, &path, json!({"name": "Beta", "entity_type": "Asset"})).await;
    let c = created(&t, &path, json!({"name": "Gamma", "entity_type": "Asset"})).await;
    let q = "mutation($p: ID!, $ids: [ID!]!) { reorderProjectDescriptors(projectId: $p, entityType: \"Asset\", ids: $ids) { name position } }";
    let vars = json!({"p": p1, "ids": [c, a]});
    refused_below_manager(&t, &ids, q, vars.clone()).await;
    let (d, _) = as_manager(&t, &ids, q, vars).await;
    assert_eq!(
        d["reorderProjectDescriptors"],
        json!([{"name": "Gamma", "position": 1}, {"name": "Alpha", "position": 2}, {"name": "Beta", "position": 3}])
    );
    let names: Vec<String> = t
        .get(&path, &t.admin)
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["Gamma", "Alpha", "Beta"]);
    let q = "mutation($p: ID!, $id: ID!) { deleteProjectDescriptor(projectId: $p, id: $id) }";
    let vars = json!({"p": p1, "id": b});
    refused_below_manager(&t, &ids, q, vars.clone()).await;
    let (d, events) = as_manager(&t, &ids, q, vars).await;
    assert_eq!(d["deleteProjectDescriptor"], b);
    assert_eq!(events, vec!["metadata-descriptor:delete"]);
    assert_eq!(t.get(&format!("{path}/{b}"), &t.admin).await.status(), 404);

    // updateProjectBudget / deleteProjectBudget, and their entries.
    let r = t
        .post(
            &format!("/data/projects/{p1}/budgets"),
            &t.admin,
            json!({"name": "Main"}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let budget = r.json()["id"].as_str().unwrap().to_owned();
    let entries = format!("/data/projects/{p1}/budgets/{budget}/entries");
    let r = t
        .post(
            &entries,
            &t.admin,
            json!({"department_id": ids.get("dep_Modeling"), "start_date": "2025-01-01", "months_duration": 2, "daily_salary": 100}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    let entry = r.json()["id"].as_str().unwrap().to_owned();
    let q = "mutation($p: ID!, $b: ID!, $e: ID!, $dep: ID!) { updateProjectBudgetEntry(projectId: $p, budgetId: $b, id: $e, input: {departmentId: $dep, startDate: \"2025-02-01\", monthsDuration: 4, dailySalary: \"250.50\", position: \"lead\"}) { id } }";
    let vars = json!({"p": p1, "b": budget, "e": entry, "dep": ids.get("dep_Animation")});
    refused_below_manager(&t, &ids, q, vars.clone()).await;
    let (_, events) = as_manager(&t, &ids, q, vars).await;
    assert_eq!(events, vec!["budget-entry:update"]);
    let e = t.get(&format!("{entries}/{entry}"), &t.admin).await.json();
    assert_eq!(
        (
            e["department_id"].clone(),
            e["start_date"].clone(),
            e["months_duration"].clone(),
            e["daily_salary"].clone(),
            e["position"].clone()
        ),
        (
            json!(ids.get("dep_Animation")),
            json!("2025-02-01"),
            json!(4),
            json!(250.5),
            json!("lead")
        )
    );
    let q = "mutation($p: ID!, $b: ID!, $e: ID!) { deleteProjectBudgetEntry(projectId: $p, budgetId: $b, id: $e) }";
    let vars = json!({"p": p1, "b": budget, "e": entry});
    refused_below_manager(&t, &ids, q, vars.clone()).await;
    let (_, events) = as_manager(&t, &ids, q, vars).await;
    assert_eq!(events, vec!["budget-entry:delete"]);
    assert_eq!(
        t.get(&format!("{entries}/{entry}"), &t.admin)
            .await
            .status(),
        404
    );
    let q = "mutation($p: ID!, $b: ID!) { updateProjectBudget(projectId: $p, id: $b, name: \"Final\", currency: \"EUR\") { name } }";
    let vars = json!({"p": p1, "b": budget});
    refused_below_manager(&t, &ids, q, vars.clone()).await;
    let (d, events) = as_manager(&t, &ids, q, vars).await;
    assert_eq!(d["updateProjectBudget"]["name"], "Final");
    assert_eq!(events, vec!["budget:update"]);
    let one = format!("/data/projects/{p1}/budgets/{budget}");
    let b = t.get(&one, &t.admin).await.json();
    assert_eq!(
        (b["name"].clone(), b["currency"].clone()),
        (json!("Final"), json!("EUR"))
    );
    let q = "mutation($p: ID!, $b: ID!) { deleteProjectBudget(projectId: $p, id: $b) }";
    let vars = json!({"p": p1, "b": budget});
    refused_below_manager(&t, &ids, q, vars.clone()).await;
    let (_, events) = as_manager(&t, &ids, q, vars).await;
    assert_eq!(events, vec!["budget:delete"]);
    assert_eq!(t.get(&one, &t.admin).await.status(), 404);

    // uploadProjectThumbnail: a multipart GraphQL request.
    let upload = |token: String| {
        let ops = json!({"query": "mutation($p: ID!, $f: Upload!) { uploadProjectThumbnail(projectId: $p, file: $f) }", "variables": {"p": p1, "f": null}});
        let (ct, body) = support::multipart(&[
            (
                "operations",
                None,
                "application/json",
                ops.to_string().into_bytes(),
            ),
            (
                "map",
                None,
                "application/json",
                br#"{"0": ["variables.f"]}"#.to_vec(),
            ),
            (
                "0",
                Some("thumb.png"),
                "image/png",
                support::png(400, 300, [10, 200, 30, 255]),
            ),
        ]);
        axum::http::Request::builder()
            .method("POST")
            .uri("/graphql")
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", ct)
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    for who in ["manager_off", "artist", "client", "vendor"] {
        let r = t.send(upload(ids.tokens[who].clone())).await;
        assert_eq!(gql_status(&r.json()), 403, "{who}: {}", r.text);
    }
    let thumb = format!("/pictures/thumbnails/projects/{p1}.png");
    assert_eq!(t.get(&thumb, &t.admin).await.status(), 404);
    let before = event_count(&t).await;
    let r = t.send(upload(ids.tokens["manager_on"].clone())).await;
    assert_eq!(
        r.json()["data"]["uploadProjectThumbnail"],
        format!("pictures/thumbnails/projects/{p1}.png"),
        "{}",
        r.text
    );
    assert_eq!(
        event_names(&t, before).await,
        vec!["project:update", "project:set-thumbnail"]
    );
    let r = t.get(&thumb, &ids.tokens["artist"]).await;
    assert_eq!(r.status(), 200);
    let im = image::load_from_memory(&r.bytes).unwrap().to_rgba8();
    assert_eq!((im.width(), im.height()), (400, 400));
    assert_eq!(im.get_pixel(200, 200).0, [10, 200, 30, 255]);

    // projectMonthTimeSpents: admins only, the same numbers as REST.
    let asset = created(
        &t,
        "/data/entities",
        json!({"name": "chair", "project_id": p1, "entity_type_id": ids.get("et_Prop")}),
    )
    .await;
    let task = created(
        &t,
        "/data/tasks",
        json!({"name": "main", "project_id": p1, "entity_id": asset, "task_type_id": modeling, "task_status_id": ids.get("ts_todo")}),
    )
    .await;
    for (date, minutes) in [("2025-01-10", 60), ("2025-01-11", 30), ("2025-02-01", 45)] {
        created(
            &t,
            "/data/time-spents",
            json!({"task_id": task, "person_id": ids.get("artist"), "date": date, "duration": minutes}),
        )
        .await;
    }
    let q = "query($p: ID!) { projectMonthTimeSpents(projectId: $p) }";
    for who in ["manager_on", "manager_off", "artist", "client", "vendor"] {
        let (v, _) = t.gql(Some(&ids.tokens[who]), q, json!({"p": p1})).await;
        assert_eq!(gql_status(&v), 403, "{who}");
    }
    let d = t.gql_ok(Some(&t.admin), q, json!({"p": p1})).await;
    let rest = t
        .get(
            &format!("/data/projects/{p1}/budgets/time-spents"),
            &t.admin,
        )
        .await
        .json();
    assert_eq!(d["projectMonthTimeSpents"], rest);
    let dep = ids.get("dep_Modeling");
    let artist = ids.get("artist");
    assert_eq!(rest[dep]["total"], 135);
    assert_eq!(rest[dep][artist]["2025-01"], 90);
    assert_eq!(rest[dep][artist]["2025-02"], 45);

    // openProjects: what `/data/projects/open` lists, per caller.
    for who in ["admin", "manager_on", "artist", "outsider"] {
        let token = &ids.tokens[who];
        let d = t
            .gql_ok(Some(token), "{ openProjects { name } }", json!({}))
            .await;
        let gql: Vec<&str> = d["openProjects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        let rest = t.get("/data/projects/open", token).await.json();
        let rest: Vec<&str> = rest
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(gql, rest, "{who}");
        let want: &[&str] = match who {
            "admin" => &["P1", "P2"],
            "outsider" => &[],
            _ => &["P1"],
        };
        assert_eq!(gql, want, "{who}");
    }
}

// ---------------------------------------------------------------------------
// Items 1 and 10: the websocket endpoint on a real TCP port
// (graphql-transport-ws), resuming from a cursor, scoping for non-admins.

use futures::{SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Serve the application on a free TCP port, as `tusk serve` does.
async fn serve_tcp(t: &TestApp) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let service = axum::ServiceExt::<axum::extract::Request>::into_make_service_with_connect_info::<
        std::net::SocketAddr,
    >(t.built.service.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, service).await;
    });
    port
}

/// One HTTP/1.1 request over TCP; answers the status and the JSON body.
async fn http(port: u16, method: &str, path: &str, token: &str, body: Value) -> (u16, Value) {
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let body = body.to_string();
    let auth = if token.is_empty() {
        String::new()
    } else {
        format!("Authorization: Bearer {token}\r\n")
    };
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = raw.split_once("\r\n\r\n").unwrap();
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let text = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        let mut out = String::new();
        let mut rest = rest;
        while let Some((size, tail)) = rest.split_once("\r\n") {
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if n == 0 {
                break;
            }
            out.push_str(&tail[..n]);
            rest = &tail[n + 2..];
        }
        out
    } else {
        rest.to_owned()
    };
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Connect to `/graphql/ws` with graphql-transport-ws and initialise.
async fn ws_connect(port: u16, token: &str) -> Ws {
    let mut req = format!("ws://127.0.0.1:{port}/graphql/ws")
        .into_client_request()
        .unwrap();
    req.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut ws, resp) = tokio_tungstenite::connect_async(req).await.unwrap();
    assert_eq!(
        resp.headers()["sec-websocket-protocol"],
        "graphql-transport-ws"
    );
    ws.send(Message::Text(
        json!({"type": "connection_init", "payload": {"Authorization": format!("Bearer {token}")}})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    assert_eq!(ws_next(&mut ws).await["type"], "connection_ack");
    ws
}

async fn ws_subscribe(ws: &mut Ws, id: &str, query: &str) {
    ws.send(Message::Text(
        json!({"id": id, "type": "subscribe", "payload": {"query": query}})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
}

/// The next protocol message (pings answered), within 5 seconds.
async fn ws_next(ws: &mut Ws) -> Value {
    loop {
        let msg = tokio::time::timeout(std::time::Duration::from_secs(5), ws.next())
            .await
            .expect("a message within 5 s")
            .expect("socket open")
            .unwrap();
        if let Message::Text(t) = msg {
            let v: Value = serde_json::from_str(&t).unwrap();
            if v["type"] == "ping" {
                ws.send(Message::Text(json!({"type": "pong"}).to_string().into()))
                    .await
                    .unwrap();
                continue;
            }
            return v;
        }
    }
}

/// Nothing arrives within half a second.
async fn ws_quiet(ws: &mut Ws) {
    let r = tokio::time::timeout(std::time::Duration::from_millis(500), ws.next()).await;
    assert!(r.is_err(), "unexpected message: {r:?}");
}

#[tokio::test]
async fn websocket_subscription_receives_writes_made_over_http() {
    let t = TestApp::new().await;
    let ids = fixture(&t).await;
    let port = serve_tcp(&t).await;
    let mut ws = ws_connect(port, &t.admin).await;
    ws_subscribe(
        &mut ws,
        "1",
        "subscription { events { name data projectId cursor } }",
    )
    .await;
    // Let the subscription start, then write over HTTP.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let (status, studio) = http(
        port,
        "POST",
        "/api/data/studios",
        &t.admin,
        json!({"name": "Paris", "color": "#000000"}),
    )
    .await;
    assert_eq!(status, 201, "{studio}");
    let msg = ws_next(&mut ws).await;
    assert_eq!(msg["type"], "next", "{msg}");
    assert_eq!(msg["id"], "1");
    let ev = &msg["payload"]["data"]["events"];
    assert_eq!(ev["name"], "studio:new");
    assert_eq!(ev["data"]["studio_id"], studio["id"]);
    let first_cursor = ev["cursor"].as_str().unwrap().to_owned();

    // Two more writes while a second client is away.
    for name in ["Lyon", "Nantes"] {
        let (status, _) = http(
            port,
            "POST",
            "/data/studios",
            &t.admin,
            json!({"name": name, "color": "#000000"}),
        )
        .await;
        assert_eq!(status, 201);
    }
    for _ in 0..2 {
        assert_eq!(
            ws_next(&mut ws).await["payload"]["data"]["events"]["name"],
            "studio:new"
        );
    }
    // Resuming after the first event replays the two others, then goes live,
    // without a gap or a duplicate.
    let mut resumed = ws_connect(port, &t.admin).await;
    ws_subscribe(
        &mut resumed,
        "r",
        &format!("subscription {{ events(after: \"{first_cursor}\") {{ name data }} }}"),
    )
    .await;
    let mut names = Vec::new();
    for _ in 0..2 {
        let m = ws_next(&mut resumed).await;
        names.push(m["payload"]["data"]["events"]["data"]["studio_id"].clone());
    }
    let studios = t.get("/data/studios", &t.admin).await.json();
    let by_name = |n: &str| {
        studios
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == n)
            .unwrap()["id"]
            .clone()
    };
    assert_eq!(names, vec![by_name("Lyon"), by_name("Nantes")]);
    let (status, _) = http(
        port,
        "POST",
        "/data/studios",
        &t.admin,
        json!({"name": "Rennes", "color": "#000000"}),
    )
    .await;
    assert_eq!(status, 201);
    let m = ws_next(&mut resumed).await;
    assert_eq!(
        m["payload"]["data"]["events"]["data"]["studio_id"],
        by_name_after(&t, "Rennes").await
    );
    ws_quiet(&mut resumed).await;

    // A manager only receives the events of the projects it manages.
    let mut manager = ws_connect(port, &ids.tokens["manager_on"]).await;
    ws_subscribe(
        &mut manager,
        "m",
        "subscription { events { name projectId } }",
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    for p in ["P2", "P1"] {
        let (status, _) = http(
            port,
            "POST",
            "/data/entities",
            &t.admin,
            json!({"name": format!("box {p}"), "project_id": ids.get(p), "entity_type_id": ids.get("et_Prop")}),
        )
        .await;
        assert_eq!(status, 201);
    }
    let m = ws_next(&mut manager).await;
    assert_eq!(
        m["payload"]["data"]["events"],
        json!({"name": "asset:new", "projectId": ids.get("P1")})
    );
    ws_quiet(&mut manager).await;
    // An artist may not read the feed: the subscription is refused.
    let mut artist = ws_connect(port, &ids.tokens["artist"]).await;
    ws_subscribe(&mut artist, "a", "subscription { events { name } }").await;
    let m = ws_next(&mut artist).await;
    assert_eq!(m["type"], "next", "{m}");
    assert_eq!(m["payload"]["data"], Value::Null, "{m}");
    assert_eq!(
        m["payload"]["errors"][0]["extensions"]["status"], 403,
        "{m}"
    );
}

async fn by_name_after(t: &TestApp, name: &str) -> Value {
    let studios = t.get("/data/studios", &t.admin).await.json();
    studios
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap()["id"]
        .clone()
}

// ---------------------------------------------------------------------------
// Items 7, 8, 18: GraphQL list scoping and mutation permissions agree with
// REST; the per-project role override; removal from a team takes effect at
// once.

/// Ids of a REST list.
async fn rest_ids(t: &TestApp, path: &str, token: &str) -> Vec<String> {
    let r = t.get(path, token).await;
    assert_eq!(r.status(), 200, "{path}: {}", r.text);
    let mut v: Vec<String> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_owned())
        .collect();
    v.sort();
    v
}

/// Ids of a GraphQL connection.
async fn gql_ids(t: &TestApp, field: &str, token: &str) -> Vec<String> {
    let d = t
        .gql_ok(
            Some(token),
            &format!("{{ {field}(first: 1000) {{ totalCount nodes {{ id }} }} }}"),
            json!({}),
        )
        .await;
    let mut v: Vec<String> = d[field]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(d[field]["totalCount"], v.len(), "{field}");
    v.sort();
    v
}

/// A production: in P1 two props (the vendor has a task on the first),
/// a sequence with two shots (the vendor has a task on the first); in P2
/// one prop.
async fn production(t: &TestApp, ids: &mut Ids) {
    let p1 = ids.get("P1").to_owned();
    let entity = |name: &str, p: &str, et: &str, parent: Option<String>| json!({"name": name, "project_id": ids.get(p), "entity_type_id": ids.get(et), "parent_id": parent});
    let chair = created(t, "/data/entities", entity("chair", "P1", "et_Prop", None)).await;
    let lamp = created(t, "/data/entities", entity("lamp", "P1", "et_Prop", None)).await;
    let seq = created(
        t,
        "/data/entities",
        entity("sq01", "P1", "et_Sequence", None),
    )
    .await;
    let sh1 = created(
        t,
        "/data/entities",
        entity("sh010", "P1", "et_Shot", Some(seq.clone())),
    )
    .await;
    let sh2 = created(
        t,
        "/data/entities",
        entity("sh020", "P1", "et_Shot", Some(seq.clone())),
    )
    .await;
    let boxx = created(t, "/data/entities", entity("box", "P2", "et_Prop", None)).await;
    let vendor = ids.get("vendor").to_owned();
    let task = |name: &str, e: &str, p: &str, assignees: Vec<String>| json!({"name": name, "project_id": ids.get(p), "entity_id": e, "task_type_id": ids.get("tt_Modeling"), "task_status_id": ids.get("ts_todo"), "assignees": assignees});
    let t_chair = created(
        t,
        "/data/tasks",
        task("model", &chair, "P1", vec![vendor.clone()]),
    )
    .await;
    let t_lamp = created(t, "/data/tasks", task("model", &lamp, "P1", vec![])).await;
    let t_sh1 = created(t, "/data/tasks", task("anim", &sh1, "P1", vec![vendor])).await;
    let t_box = created(t, "/data/tasks", task("model", &boxx, "P2", vec![])).await;
    for (l, id) in [
        ("chair", chair),
        ("lamp", lamp),
        ("sq01", seq),
        ("sh010", sh1),
        ("sh020", sh2),
        ("box", boxx),
        ("t_chair", t_chair),
        ("t_lamp", t_lamp),
        ("t_sh1", t_sh1),
        ("t_box", t_box),
    ] {
        ids.set(l, &id);
    }
    let _ = p1;
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[tokio::test]
async fn graphql_lists_are_scoped_like_rest() {
    let t = TestApp::new().await;
    let mut ids = fixture(&t).await;
    production(&t, &mut ids).await;
    let all_p1: Vec<String> = ["chair", "lamp", "sq01", "sh010", "sh020"]
        .iter()
        .map(|l| ids.get(l).to_owned())
        .collect();

    // The vendor sees only the entities it has a task on, in every view.
    let vendor = ids.tokens["vendor"].clone();
    assert_eq!(
        gql_ids(&t, "entities", &vendor).await,
        sorted(vec![ids.get("chair").into(), ids.get("sh010").into()])
    );
    assert_eq!(
        gql_ids(&t, "assets", &vendor).await,
        vec![ids.get("chair").to_owned()]
    );
    assert_eq!(
        gql_ids(&t, "shots", &vendor).await,
        vec![ids.get("sh010").to_owned()]
    );
    assert_eq!(
        gql_ids(&t, "sequences", &vendor).await,
        Vec::<String>::new()
    );
    assert_eq!(
        gql_ids(&t, "tasks", &vendor).await,
        sorted(vec![ids.get("t_chair").into(), ids.get("t_sh1").into()])
    );
    assert_eq!(
        gql_ids(&t, "entities", &vendor).await,
        rest_ids(&t, "/data/entities", &vendor).await
    );
    assert_eq!(
        gql_ids(&t, "tasks", &vendor).await,
        rest_ids(&t, "/data/tasks", &vendor).await
    );
    // A row out of its reach is refused, as REST refuses it.
    let (v, _) = t
        .gql(
            Some(&vendor),
            "query($id: ID!) { sequence(id: $id) { id } }",
            json!({"id": ids.get("sq01")}),
        )
        .await;
    assert_eq!(gql_status(&v), 403);
    assert_eq!(
        t.get(&format!("/data/entities/{}", ids.get("sq01")), &vendor)
            .await
            .status(),
        403
    );
    // The artist (on P1 only) and the client see P1's rows, never P2's.
    for who in ["artist", "client"] {
        let token = ids.tokens[who].clone();
        assert_eq!(
            gql_ids(&t, "entities", &token).await,
            sorted(all_p1.clone()),
            "{who}"
        );
        assert_eq!(
            gql_ids(&t, "entities", &token).await,
            rest_ids(&t, "/data/entities", &token).await,
            "{who}"
        );
        assert_eq!(
            gql_ids(&t, "projects", &token).await,
            vec![ids.get("P1").to_owned()],
            "{who}"
        );
        let d = t
            .gql_ok(
                Some(&token),
                "query($p: ID!) { entities(filter: {projectId: {eq: $p}}) { totalCount } tasks(filter: {projectId: {eq: $p}}) { totalCount } }",
                json!({"p": ids.get("P2")}),
            )
            .await;
        assert_eq!(
            d,
            json!({"entities": {"totalCount": 0}, "tasks": {"totalCount": 0}}),
            "{who}"
        );
    }
    let client = ids.tokens["client"].clone();
    assert_eq!(
        gql_ids(&t, "tasks", &client).await,
        rest_ids(&t, "/data/tasks", &client).await
    );
    // An outsider (on no team) sees no production rows at all.
    let outsider = ids.tokens["outsider"].clone();
    for field in ["entities", "assets", "shots", "tasks", "projects"] {
        assert_eq!(
            gql_ids(&t, field, &outsider).await,
            Vec::<String>::new(),
            "{field}"
        );
    }
    let (v, _) = t
        .gql(
            Some(&outsider),
            "query($id: ID!) { entity(id: $id) { id } }",
            json!({"id": ids.get("chair")}),
        )
        .await;
    assert!(
        v["data"]["entity"].is_null(),
        "an outsider never reads a row of another project: {v}"
    );
}

/// Status of a REST call and of its GraphQL twin (200 when it succeeded).
async fn both(
    t: &TestApp,
    token: &str,
    rest: (&str, &str, Option<Value>),
    gql: (&str, Value),
) -> (u16, u16) {
    let r = t.call(rest.0, rest.1, Some(token), rest.2).await;
    let (v, _) = t.gql(Some(token), gql.0, gql.1).await;
    let g = match v.get("errors") {
        Some(_) => gql_status(&v) as u16,
        None => 200,
    };
    let rs = if r.status() < 300 { 200 } else { r.status() };
    (rs, g)
}

#[tokio::test]
async fn graphql_mutations_are_refused_and_allowed_like_rest() {
    let t = TestApp::new().await;
    let mut ids = fixture(&t).await;
    production(&t, &mut ids).await;
    let p1 = ids.get("P1").to_owned();
    let prop = ids.get("et_Prop").to_owned();
    for (who, allowed) in [
        ("manager_on", true),
        ("manager_off", false),
        ("artist", false),
        ("client", false),
        ("vendor", false),
    ] {
        let token = ids.tokens[who].clone();
        let want: u16 = if allowed { 200 } else { 403 };
        // Create an entity.
        let (r, g) = both(
            &t,
            &token,
            (
                "POST",
                "/data/entities",
                Some(json!({"name": format!("rest {who}"), "project_id": p1, "entity_type_id": prop})),
            ),
            (
                "mutation($p: ID!, $et: ID!, $n: String!) { createEntity(input: {name: $n, projectId: $p, entityTypeId: $et}) { id } }",
                json!({"p": p1, "et": prop, "n": format!("gql {who}")}),
            ),
        )
        .await;
        assert_eq!((r, g), (want, want), "{who}: create entity");
        // Update one.
        let (r, g) = both(
            &t,
            &token,
            (
                "PUT",
                &format!("/data/entities/{}", ids.get("lamp")),
                Some(json!({"description": "rest"})),
            ),
            (
                "mutation($id: ID!) { updateEntity(id: $id, input: {name: \"lamp\", description: \"gql\"}) { id } }",
                json!({"id": ids.get("lamp")}),
            ),
        )
        .await;
        assert_eq!((r, g), (want, want), "{who}: update entity");
        // Delete one each way.
        let a = created(
            &t,
            "/data/entities",
            json!({"name": format!("del a {who}"), "project_id": p1, "entity_type_id": prop}),
        )
        .await;
        let b = created(
            &t,
            "/data/entities",
            json!({"name": format!("del b {who}"), "project_id": p1, "entity_type_id": prop}),
        )
        .await;
        let (r, g) = both(
            &t,
            &token,
            ("DELETE", &format!("/data/entities/{a}"), None),
            (
                "mutation($id: ID!) { deleteEntity(id: $id) }",
                json!({"id": b}),
            ),
        )
        .await;
        assert_eq!((r, g), (want, want), "{who}: delete entity");
        // Create a task (a hole of Zou's closed: managers of the project only).
        let (r, g) = both(
            &t,
            &token,
            (
                "POST",
                "/data/tasks",
                Some(json!({"name": format!("rest {who}"), "project_id": p1, "entity_id": ids.get("lamp"), "task_type_id": ids.get("tt_Rigging"), "task_status_id": ids.get("ts_todo")})),
            ),
            (
                "mutation($p: ID!, $e: ID!, $tt: ID!, $ts: ID!, $n: String!) { createTask(input: {name: $n, projectId: $p, entityId: $e, taskTypeId: $tt, taskStatusId: $ts}) { id } }",
                json!({"p": p1, "e": ids.get("lamp"), "tt": ids.get("tt_Layout"), "ts": ids.get("ts_todo"), "n": format!("gql {who}")}),
            ),
        )
        .await;
        assert_eq!((r, g), (want, want), "{who}: create task");
    }
    // Studios are the admin's: a manager is refused both ways.
    let manager = ids.tokens["manager_on"].clone();
    let (r, g) = both(
        &t,
        &manager,
        (
            "POST",
            "/data/studios",
            Some(json!({"name": "R", "color": "#000000"})),
        ),
        (
            "mutation { createStudio(input: {name: \"G\", color: \"#000000\"}) { id } }",
            json!({}),
        ),
    )
    .await;
    assert_eq!((r, g), (403, 403));
}

#[tokio::test]
async fn per_project_role_override_applies_to_crud() {
    let t = TestApp::new().await;
    let mut ids = fixture(&t).await;
    production(&t, &mut ids).await;
    // A person whose global role is user, manager on P1, plain member of P2.
    let (lead, token) = t.person("user", "lead@example.com").await;
    let r = t
        .post(
            &format!("/data/projects/{}/team", ids.get("P1")),
            &t.admin,
            json!({"person_id": lead, "role": "manager"}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let r = t
        .post(
            &format!("/data/projects/{}/team", ids.get("P2")),
            &t.admin,
            json!({"person_id": lead}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let r = t
        .put(
            &format!("/data/entities/{}", ids.get("chair")),
            &token,
            json!({"description": "managed here"}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text);
    assert_eq!(r.json()["description"], "managed here");
    let r = t
        .put(
            &format!("/data/entities/{}", ids.get("box")),
            &token,
            json!({"description": "not here"}),
        )
        .await;
    assert_eq!(r.status(), 403, "{}", r.text);
    let r = t
        .post(
            "/data/entities",
            &token,
            json!({"name": "stool", "project_id": ids.get("P1"), "entity_type_id": ids.get("et_Prop")}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let r = t
        .post(
            "/data/entities",
            &token,
            json!({"name": "stool", "project_id": ids.get("P2"), "entity_type_id": ids.get("et_Prop")}),
        )
        .await;
    assert_eq!(r.status(), 403, "{}", r.text);
    // GraphQL agrees.
    let q = "mutation($id: ID!) { updateEntity(id: $id, input: {name: \"n\", description: \"gql\"}) { description } }";
    let d = t
        .gql_ok(Some(&token), q, json!({"id": ids.get("lamp")}))
        .await;
    assert_eq!(d["updateEntity"]["description"], "gql");
    let (v, _) = t.gql(Some(&token), q, json!({"id": ids.get("box")})).await;
    assert_eq!(gql_status(&v), 403);
    let r = t
        .get(&format!("/data/entities/{}", ids.get("box")), &t.admin)
        .await;
    assert_eq!(r.json()["description"], Value::Null, "P2 unchanged");
}

#[tokio::test]
async fn removed_team_member_loses_access_at_once() {
    let t = TestApp::new().await;
    let mut ids = fixture(&t).await;
    production(&t, &mut ids).await;
    let artist = ids.tokens["artist"].clone();
    let chair = format!("/data/entities/{}", ids.get("chair"));
    let q = "query($id: ID!, $p: ID!) { entity(id: $id) { id } entities(filter: {projectId: {eq: $p}}) { totalCount } project(id: $p) { id } }";
    let vars = json!({"id": ids.get("chair"), "p": ids.get("P1")});
    assert_eq!(t.get(&chair, &artist).await.status(), 200);
    let d = t.gql_ok(Some(&artist), q, vars.clone()).await;
    assert_eq!(d["entities"]["totalCount"], 5);
    // Removed with the token still valid: refused at once.
    let r = t
        .delete(
            &format!(
                "/data/projects/{}/team/{}",
                ids.get("P1"),
                ids.get("artist")
            ),
            &t.admin,
        )
        .await;
    assert_eq!(r.status(), 204);
    assert_eq!(t.get(&chair, &artist).await.status(), 403);
    assert_eq!(
        t.get(&format!("/data/projects/{}", ids.get("P1")), &artist)
            .await
            .status(),
        403
    );
    assert_eq!(
        rest_ids(&t, "/data/entities", &artist).await,
        Vec::<String>::new()
    );
    let (v, _) = t.gql(Some(&artist), q, vars).await;
    assert_eq!(v["data"]["entities"]["totalCount"], 0, "{v}");
    assert!(v["data"]["entity"].is_null(), "{v}");
    assert!(v["data"]["project"].is_null(), "{v}");
    // The token itself still works for what needs no team.
    assert_eq!(t.get("/auth/authenticated", &artist).await.status(), 200);
}

// ---------------------------------------------------------------------------
// Item 9: person_api tokens and bot token expiry.

fn claims(token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

async fn set_jti(t: &TestApp, person: &str, jti: &str) {
    let mut db = t.built.app.db.clone();
    let mut q = db.sql("UPDATE \"person\" SET \"jti\" = ");
    q.bind(tusk_db::SqlValue::Text(Some(jti.to_owned())));
    q.push(" WHERE \"id\" = ")
        .bind(tusk_db::SqlValue::Uuid(Some(person.parse().unwrap())));
    db.execute(&q).await.unwrap();
}

#[tokio::test]
async fn person_api_tokens_and_bot_token_expiry() {
    use tusk_resolvers::auth::tokens::{issue, Kind};
    let t = TestApp::new().await;
    let (artist, _) = t.person("user", "artist@example.com").await;
    let secret = "test-secret-key";
    let now = chrono::Utc::now().timestamp();
    let id = artist.parse().unwrap();
    // A personal API token is valid while it is the person's latest one.
    let api = issue(secret, id, Kind::Access, "person_api", None, now, None);
    assert_eq!(
        t.get("/auth/authenticated", &api.token).await.json(),
        json!({"msg": "Token has been revoked"}),
        "not issued to the person yet"
    );
    set_jti(&t, &artist, &api.jti).await;
    let me = t.get("/auth/authenticated", &api.token).await;
    assert_eq!(me.status(), 200, "{}", me.text);
    assert_eq!(me.json()["user"]["id"], artist);
    let d = t.gql_ok(Some(&api.token), "{ me { id } }", json!({})).await;
    assert_eq!(d["me"]["id"], artist);
    // Issuing another revokes it.
    let next = issue(secret, id, Kind::Access, "person_api", None, now, None);
    set_jti(&t, &artist, &next.jti).await;
    assert_eq!(
        t.get("/auth/authenticated", &api.token).await.json(),
        json!({"msg": "Token has been revoked"})
    );
    assert_eq!(
        t.get("/auth/authenticated", &next.token).await.status(),
        200
    );
    // Logging out of a session does not touch it; deactivating the person does.
    let mut db = t.built.app.db.clone();
    let mut q = db.sql("UPDATE \"person\" SET \"active\" = ");
    q.bind(tusk_db::SqlValue::Bool(Some(false)));
    q.push(" WHERE \"id\" = ")
        .bind(tusk_db::SqlValue::Uuid(Some(id)));
    db.execute(&q).await.unwrap();
    assert_eq!(
        t.get("/auth/authenticated", &next.token).await.status(),
        401
    );
    // An expired one is Zou's "Signature has expired".
    let (other, _) = t.person("user", "other@example.com").await;
    let old = issue(
        secret,
        other.parse().unwrap(),
        Kind::Access,
        "person_api",
        None,
        now - 100,
        Some(10),
    );
    set_jti(&t, &other, &old.jti).await;
    let r = t.get("/auth/authenticated", &old.token).await;
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.json(),
        json!({"error": true, "message": "Signature has expired"})
    );

    // A bot's token expires at the end of its expiration date.
    let r = t
        .post(
            "/data/persons",
            &t.admin,
            json!({"first_name": "Bot", "last_name": "Dated", "is_bot": true, "expiration_date": "2099-06-30"}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let token = r.json()["access_token"].as_str().unwrap().to_owned();
    let c = claims(&token);
    assert_eq!(c["identity_type"], "bot");
    let end = chrono::NaiveDate::from_ymd_opt(2099, 6, 30)
        .unwrap()
        .and_hms_opt(23, 59, 59)
        .unwrap()
        .and_utc()
        .timestamp();
    assert_eq!(c["exp"], end);
    assert_eq!(t.get("/auth/authenticated", &token).await.status(), 200);
    // Without a date, it never expires.
    let r = t
        .post(
            "/data/persons",
            &t.admin,
            json!({"first_name": "Bot", "last_name": "Forever", "is_bot": true}),
        )
        .await;
    let c = claims(r.json()["access_token"].as_str().unwrap());
    assert!(c.get("exp").is_none_or(Value::is_null), "{c}");
    // A date already past gives a token that is refused as expired.
    let r = t
        .post(
            "/data/persons",
            &t.admin,
            json!({"first_name": "Bot", "last_name": "Past", "is_bot": true, "expiration_date": "2020-01-01"}),
        )
        .await;
    let token = r.json()["access_token"].as_str().unwrap().to_owned();
    let r = t.get("/auth/authenticated", &token).await;
    assert_eq!(
        (r.status(), r.json()),
        (
            401,
            json!({"error": true, "message": "Signature has expired"})
        )
    );
}

// ---------------------------------------------------------------------------
// Item 12: the generated GraphQL mutations write their events.

#[tokio::test]
async fn graphql_crud_mutations_write_events() {
    let t = TestApp::new().await;
    let ids = fixture(&t).await;
    let admin = Some(t.admin.as_str());
    let before = event_count(&t).await;
    let d = t
        .gql_ok(
            admin,
            "mutation($p: ID!, $et: ID!) { createEntity(input: {name: \"chair\", projectId: $p, entityTypeId: $et}) { id } }",
            json!({"p": ids.get("P1"), "et": ids.get("et_Prop")}),
        )
        .await;
    let id = d["createEntity"]["id"].as_str().unwrap().to_owned();
    t.gql_ok(
        admin,
        "mutation($id: ID!) { updateEntity(id: $id, input: {name: \"armchair\"}) { id } }",
        json!({"id": id}),
    )
    .await;
    t.gql_ok(
        admin,
        "mutation($id: ID!) { deleteEntity(id: $id) }",
        json!({"id": id}),
    )
    .await;
    let d = t
        .gql_ok(
            admin,
            "mutation { createStudio(input: {name: \"Paris\", color: \"#000000\"}) { id } }",
            json!({}),
        )
        .await;
    let studio = d["createStudio"]["id"].as_str().unwrap().to_owned();
    let events = t.events_since(before).await;
    let got: Vec<(&str, Value)> = events
        .iter()
        .map(|(n, d)| (n.as_str(), d.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "asset:new",
                json!({"asset_id": id, "project_id": ids.get("P1")})
            ),
            (
                "asset:update",
                json!({"asset_id": id, "project_id": ids.get("P1")})
            ),
            (
                "asset:delete",
                json!({"asset_id": id, "project_id": ids.get("P1")})
            ),
            ("studio:new", json!({"studio_id": studio})),
        ]
    );
    // The event log route reads them back.
    let last = t.get("/data/events/last?limit=4", &t.admin).await.json();
    let names: Vec<&str> = last
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    let mut sorted_names = names.clone();
    sorted_names.sort();
    assert_eq!(
        sorted_names,
        ["asset:delete", "asset:new", "asset:update", "studio:new"]
    );
    // A refused mutation writes nothing.
    let before = event_count(&t).await;
    let (v, _) = t
        .gql(
            None,
            "mutation { createStudio(input: {name: \"Lyon\", color: \"#000000\"}) { id } }",
            json!({}),
        )
        .await;
    assert!(v.get("errors").is_some());
    assert_eq!(event_count(&t).await, before);
}

// ---------------------------------------------------------------------------
// Item 11: hostile filter values are bound; the comparison operators;
// backward pagination.

const HOSTILE: &[&str] = &[
    "O'Brien \"the\" chair",
    "100%",
    "a;-- DROP TABLE entity",
    "x' OR '1'='1",
    "日本語 ✓ ünï",
    "back\\slash_under",
];

#[tokio::test]
async fn hostile_filter_values_are_bound_and_operators_work() {
    let t = TestApp::new().await;
    let ids = fixture(&t).await;
    let p1 = ids.get("P1").to_owned();
    let prop = ids.get("et_Prop").to_owned();
    let mut by_name = std::collections::HashMap::new();
    for (i, name) in HOSTILE.iter().enumerate() {
        let id = created(
            &t,
            "/data/entities",
            json!({"name": name, "project_id": p1, "entity_type_id": prop, "nb_frames": (i as i64 + 1) * 10, "data": {name.to_string(): name, "it's; --": format!("v{i}%'")}}),
        )
        .await;
        by_name.insert(name.to_string(), id);
    }
    created(
        &t,
        "/data/entities",
        json!({"name": "1000 props", "project_id": p1, "entity_type_id": prop, "nb_frames": 0}),
    )
    .await;
    let admin = Some(t.admin.as_str());
    let count_before = t.count("SELECT COUNT(*) FROM \"entity\"").await;
    for name in HOSTILE {
        // REST: the name filter is Zou's ILIKE pattern: case-insensitive,
        // `%` and `_` wildcards, `\` their escape.
        let q: String = url_encode(&name.replace('\\', "\\\\"));
        let r = t.get(&format!("/data/entities?name={q}"), &t.admin).await;
        assert_eq!(r.status(), 200, "{name}: {}", r.text);
        let got: Vec<String> = r
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap().to_owned())
            .collect();
        if *name == "100%" {
            let mut got = got.clone();
            got.sort();
            assert_eq!(got, ["100%", "1000 props"], "% is Zou's wildcard");
        } else {
            assert_eq!(got, [name.to_string()], "{name}");
        }
        // GraphQL: exact equality on the column.
        let d = t
            .gql_ok(
                admin,
                "query($n: String!) { entities(filter: {name: {eq: $n}}) { nodes { id } } }",
                json!({"n": name}),
            )
            .await;
        assert_eq!(
            d["entities"]["nodes"],
            json!([{"id": by_name[*name]}]),
            "{name}"
        );
        // GraphQL: a hostile key of `data`, and a hostile value under a hostile key.
        let d = t
            .gql_ok(
                admin,
                "query($k: String!, $v: JSON!) { entities(filter: {data: [{key: $k, eq: $v}]}) { nodes { id } } }",
                json!({"k": name, "v": name}),
            )
            .await;
        assert_eq!(
            d["entities"]["nodes"],
            json!([{"id": by_name[*name]}]),
            "data key {name}"
        );
        let d = t
            .gql_ok(
                admin,
                "query($k: String!) { entities(filter: {data: [{key: $k, contains: \"%'\"}]}) { totalCount } }",
                json!({"k": "it's; --"}),
            )
            .await;
        assert_eq!(d["entities"]["totalCount"], HOSTILE.len());
        let d = t
            .gql_ok(
                admin,
                "query($n: String!) { entities(filter: {name: {contains: $n}}) { nodes { name } } }",
                json!({"n": name}),
            )
            .await;
        assert_eq!(
            d["entities"]["nodes"][0]["name"], *name,
            "contains is literal: {name}"
        );
    }
    // The table is intact.
    assert_eq!(
        t.count("SELECT COUNT(*) FROM \"entity\"").await,
        count_before
    );
    // `contains` treats % and _ literally.
    let d = t
        .gql_ok(
            admin,
            "{ entities(filter: {name: {contains: \"%\"}}) { nodes { name } } }",
            json!({}),
        )
        .await;
    assert_eq!(d["entities"]["nodes"], json!([{"name": "100%"}]));

    // ne, notIn, lte, gt on columns.
    let names = |d: &Value| -> Vec<String> {
        let mut v: Vec<String> = d["entities"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["name"].as_str().unwrap().to_owned())
            .collect();
        v.sort();
        v
    };
    let d = t
        .gql_ok(
            admin,
            "{ entities(filter: {nbFrames: {gt: 20, lte: 40}}) { nodes { name } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        names(&d),
        sorted(vec![HOSTILE[2].into(), HOSTILE[3].into()])
    );
    let d = t
        .gql_ok(
            admin,
            "query($n: String!) { entities(filter: {nbFrames: {lte: 20}, name: {ne: $n}}) { nodes { name } } }",
            json!({"n": "100%"}),
        )
        .await;
    assert_eq!(
        names(&d),
        sorted(vec![HOSTILE[0].into(), "1000 props".into()])
    );
    let d = t
        .gql_ok(
            admin,
            "query($ids: [ID!]!) { entities(filter: {id: {notIn: $ids}, nbFrames: {gt: 0}}) { nodes { name } } }",
            json!({"ids": [by_name[HOSTILE[0]], by_name[HOSTILE[1]], by_name[HOSTILE[2]]]}),
        )
        .await;
    assert_eq!(
        names(&d),
        sorted(HOSTILE[3..].iter().map(|s| s.to_string()).collect())
    );
    let d = t
        .gql_ok(
            admin,
            "query($n: [String!]!) { entities(filter: {name: {notIn: $n}, nbFrames: {lte: 30}}) { nodes { name } } }",
            json!({"n": ["1000 props", HOSTILE[0]]}),
        )
        .await;
    assert_eq!(
        names(&d),
        sorted(vec![HOSTILE[1].into(), HOSTILE[2].into()])
    );

    // Backward pagination: the last page, then the one before it.
    let page = |args: String| {
        format!("{{ entities(orderBy: {{field: NB_FRAMES, direction: ASC}}, {args}) {{ totalCount pageInfo {{ hasPreviousPage hasNextPage startCursor }} edges {{ cursor node {{ nbFrames }} }} }} }}")
    };
    let frames = |d: &Value| -> Vec<i64> {
        d["entities"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["nbFrames"].as_i64().unwrap())
            .collect()
    };
    let d = t.gql_ok(admin, &page("last: 2".into()), json!({})).await;
    assert_eq!(frames(&d), [50, 60]);
    assert_eq!(d["entities"]["totalCount"], 7);
    assert_eq!(d["entities"]["pageInfo"]["hasPreviousPage"], true);
    let start = d["entities"]["pageInfo"]["startCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let d = t
        .gql_ok(
            admin,
            &page(format!("last: 3, before: \"{start}\"")),
            json!({}),
        )
        .await;
    assert_eq!(frames(&d), [20, 30, 40]);
    assert_eq!(d["entities"]["pageInfo"]["hasPreviousPage"], true);
    let start = d["entities"]["pageInfo"]["startCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let d = t
        .gql_ok(
            admin,
            &page(format!("last: 5, before: \"{start}\"")),
            json!({}),
        )
        .await;
    assert_eq!(frames(&d), [0, 10]);
    assert_eq!(d["entities"]["pageInfo"]["hasPreviousPage"], false);
    // A malformed cursor is a clean error, not a crash.
    let (v, _) = t
        .gql(
            admin,
            &page("last: 2, before: \"'; DROP TABLE entity; --\"".into()),
            json!({}),
        )
        .await;
    assert!(v.get("errors").is_some(), "{v}");
    assert_eq!(
        t.count("SELECT COUNT(*) FROM \"entity\"").await,
        count_before
    );
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Items 5 and 16: refused writes leave nothing behind.

/// Every file under `dir`, with its size.
fn files_under(dir: &std::path::Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let len = e.metadata().map(|m| m.len()).unwrap_or(0);
                out.push((p.display().to_string(), len));
            }
        }
    }
    out.sort();
    out
}

#[tokio::test]
async fn refused_uploads_and_batches_change_nothing() {
    let t = TestApp::new().await;
    let ids = fixture(&t).await;
    let p1 = ids.get("P1").to_owned();
    let files = t.built.app.settings.files_dir.clone().expect("a files dir");
    let upload = |bytes: Vec<u8>, name: &str| {
        let (ct, body) = support::multipart(&[("file", Some(name), "image/png", bytes)]);
        axum::http::Request::builder()
            .method("POST")
            .uri(format!("/pictures/thumbnails/projects/{p1}"))
            .header("authorization", format!("Bearer {}", t.admin))
            .header("content-type", ct)
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    let r = t
        .send(upload(support::png(40, 30, [1, 2, 3, 255]), "ok.png"))
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    let thumb = format!("/pictures/thumbnails/projects/{p1}");
    let first = t.get(&thumb, &t.admin).await.bytes;
    let on_disk = files_under(&files);
    assert!(
        !on_disk.is_empty(),
        "the thumbnail is stored under {files:?}"
    );
    let events = event_count(&t).await;
    // Too many bytes (over 32 MiB), then too many pixels (a small file).
    let mut big = support::png(8, 8, [9, 9, 9, 255]);
    big.resize(33 * 1024 * 1024, 0);
    let r = t.send(upload(big, "big.png")).await;
    assert_eq!(r.status(), 400, "{}", r.text);
    let r = t
        .send(upload(support::png(20_000, 1, [9, 9, 9, 255]), "wide.png"))
        .await;
    assert_eq!(r.status(), 400, "{}", r.text);
    let r = t.send(upload(b"GIF89a garbage".to_vec(), "bad.png")).await;
    assert_eq!(r.status(), 400, "{}", r.text);
    assert_eq!(files_under(&files), on_disk, "no file left or changed");
    assert_eq!(t.get(&thumb, &t.admin).await.bytes, first);
    assert_eq!(event_count(&t).await, events);

    // A settings batch with a bad id changes nothing (read straight from the tables).
    let r = t
        .post(
            &format!("/data/projects/{p1}/settings/task-types"),
            &t.admin,
            json!({"task_type_id": ids.get("tt_Modeling"), "priority": 1}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let settings = |t: &TestApp| {
        let p1 = p1.clone();
        let db = t.built.app.db.clone();
        async move {
            let mut out = Vec::new();
            for (table, col) in [
                ("project_task_type_link", "task_type_id"),
                ("project_task_status_link", "task_status_id"),
                ("project_asset_type_link", "asset_type_id"),
            ] {
                let mut db = db.clone();
                let mut q = db.sql(&format!(
                    "SELECT \"{col}\" FROM \"{table}\" WHERE \"project_id\" = "
                ));
                q.bind(tusk_db::SqlValue::Uuid(Some(p1.parse().unwrap())));
                let mut rows: Vec<(uuid::Uuid,)> = db.fetch_all(&q).await.unwrap();
                rows.sort();
                out.push((table, rows.into_iter().map(|r| r.0).collect::<Vec<_>>()));
            }
            let mut q = db
                .sql("SELECT \"priority\" FROM \"project_task_type_link\" WHERE \"project_id\" = ");
            q.bind(tusk_db::SqlValue::Uuid(Some(p1.parse().unwrap())));
            let prio: Vec<(Option<i32>,)> = db.clone().fetch_all(&q).await.unwrap();
            (out, prio)
        }
    };
    let before = settings(&t).await;
    let events = event_count(&t).await;
    let r = t
        .post(
            &format!("/data/projects/{p1}/settings/batch"),
            &t.admin,
            json!({
                "task_types": [{"task_type_id": ids.get("tt_Rigging"), "priority": 2}, {"task_type_id": ids.get("tt_Modeling"), "priority": 9}],
                "task_status_ids": [ids.get("ts_wip"), "not-an-id"],
                "asset_type_ids": [ids.get("et_Prop")],
                "replace_task_types": true
            }),
        )
        .await;
    assert_eq!(r.status(), 400, "{}", r.text);
    assert_eq!(settings(&t).await, before, "nothing applied");
    assert_eq!(event_count(&t).await, events);
}

async fn counts(t: &TestApp, tables: &[&str]) -> Vec<i64> {
    let mut v = Vec::new();
    for table in tables {
        v.push(t.count(&format!("SELECT COUNT(*) FROM \"{table}\"")).await);
    }
    v
}

#[tokio::test]
async fn refused_multi_step_writes_leave_no_row() {
    let t = TestApp::new().await;
    let ids = fixture(&t).await;
    let p1 = ids.get("P1").to_owned();
    let tables = [
        "task",
        "task_person_link",
        "entity",
        "entity_link",
        "person",
        "department_link",
        "api_event",
    ];
    let chair = created(
        &t,
        "/data/entities",
        json!({"name": "chair", "project_id": p1, "entity_type_id": ids.get("et_Prop")}),
    )
    .await;
    let before = counts(&t, &tables).await;
    // A task whose assignee list holds a malformed id (after a known one).
    let task = |assignees: Value, project: &str| json!({"name": "model", "project_id": project, "entity_id": chair, "task_type_id": ids.get("tt_Modeling"), "task_status_id": ids.get("ts_todo"), "assignees": assignees});
    let r = t
        .post(
            "/data/tasks",
            &t.admin,
            task(json!([ids.get("artist"), "not-an-id"]), &p1),
        )
        .await;
    assert_eq!(r.status(), 400, "{}", r.text);
    // A task of an unknown project with valid assignees: the row fails
    // after its links were prepared.
    let r = t
        .post(
            "/data/tasks",
            &t.admin,
            task(json!([ids.get("artist")]), NIL),
        )
        .await;
    assert!(matches!(r.status(), 400 | 403 | 404), "{}", r.text);
    // A shot cast with a malformed asset id, and one with an unknown column.
    let r = t
        .post(
            "/data/entities",
            &t.admin,
            json!({"name": "sh010", "project_id": p1, "entity_type_id": ids.get("et_Shot"), "entities_out": [chair, "nope"]}),
        )
        .await;
    assert_eq!(r.status(), 400, "{}", r.text);
    let r = t
        .post(
            "/data/entities",
            &t.admin,
            json!({"name": "sh010", "project_id": p1, "entity_type_id": ids.get("et_Shot"), "entities_out": [chair], "nonexistent_column": 1}),
        )
        .await;
    assert_eq!(r.status(), 400, "{}", r.text);
    // A person in a malformed department, and one with a duplicate email.
    let r = t
        .post(
            "/data/persons",
            &t.admin,
            json!({"first_name": "New", "last_name": "Person", "email": "new@example.com", "departments": [ids.get("dep_Modeling"), "x"]}),
        )
        .await;
    assert_eq!(r.status(), 400, "{}", r.text);
    let r = t
        .post(
            "/data/persons",
            &t.admin,
            json!({"first_name": "Dup", "last_name": "Person", "email": "artist@example.com", "departments": [ids.get("dep_Modeling")]}),
        )
        .await;
    assert_eq!(r.status(), 400, "{}", r.text);
    // An update that would link a malformed department keeps the old row.
    let r = t
        .put(
            &format!("/data/persons/{}", ids.get("artist")),
            &t.admin,
            json!({"first_name": "Renamed", "departments": ["x"]}),
        )
        .await;
    assert_eq!(r.status(), 400, "{}", r.text);
    assert_eq!(counts(&t, &tables).await, before, "no row left behind");
    let artist = t
        .get(&format!("/data/persons/{}", ids.get("artist")), &t.admin)
        .await
        .json();
    assert_ne!(artist["first_name"], "Renamed");
    // The same writes through GraphQL (where the input allows it).
    let (v, _) = t
        .gql(
            Some(&t.admin),
            "mutation($p: ID!, $et: ID!) { createEntity(input: {name: \"x\", projectId: $p, entityTypeId: $et, parentId: \"00000000-0000-0000-0000-000000000000\"}) { id } }",
            json!({"p": p1, "et": ids.get("et_Shot")}),
        )
        .await;
    assert!(v.get("errors").is_some(), "{v}");
    assert_eq!(counts(&t, &tables).await, before, "no row left behind");
}

// ---------------------------------------------------------------------------
// Item 17: money and time totals are exact.

#[tokio::test]
async fn budget_amounts_and_time_totals_are_exact() {
    let t = TestApp::new().await;
    let ids = fixture(&t).await;
    let p1 = ids.get("P1").to_owned();
    let r = t
        .post(
            &format!("/data/projects/{p1}/budgets"),
            &t.admin,
            json!({"name": "Main"}),
        )
        .await;
    let budget = r.json()["id"].as_str().unwrap().to_owned();
    let entries = format!("/data/projects/{p1}/budgets/{budget}/entries");
    let mut made = Vec::new();
    for salary in [
        json!(0.1),
        json!("0.2"),
        json!(1234.56),
        json!("19.99"),
        json!(0.3),
    ] {
        let r = t
            .post(
                &entries,
                &t.admin,
                json!({"department_id": ids.get("dep_Modeling"), "start_date": "2025-01-01", "months_duration": 3, "daily_salary": salary}),
            )
            .await;
        assert_eq!(r.status(), 200, "{}", r.text);
        made.push(r.json()["id"].as_str().unwrap().to_owned());
    }
    // The answers carry the exact amounts (the JSON text, not a float's noise).
    let r = t.get(&entries, &t.admin).await;
    for want in ["0.1", "0.2", "1234.56", "19.99", "0.3"] {
        assert!(
            r.text.contains(&format!("\"daily_salary\":{want},"))
                || r.text.contains(&format!("\"daily_salary\": {want},")),
            "{want} in {}",
            r.text
        );
    }
    assert!(!r.text.contains("000000"), "{}", r.text);
    let d = t
        .gql_ok(
            Some(&t.admin),
            "query($p: ID!) { project(id: $p) { budgets { id } } budgetEntries(first: 10) { nodes { dailySalary } } }",
            json!({"p": p1}),
        )
        .await;
    let mut salaries: Vec<String> = d["budgetEntries"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["dailySalary"].to_string())
        .collect();
    salaries.sort();
    assert_eq!(salaries, ["0.1", "0.2", "0.3", "1234.56", "19.99"]);
    // Malformed amounts are refused.
    for bad in [json!("12,5"), json!("abc"), json!([1]), json!({"v": 1})] {
        let r = t
            .post(
                &entries,
                &t.admin,
                json!({"department_id": ids.get("dep_Modeling"), "start_date": "2025-01-01", "months_duration": 3, "daily_salary": bad}),
            )
            .await;
        assert_eq!(r.status(), 400, "{bad}: {}", r.text);
    }

    // Time totals add fractional minutes exactly (0.1 + 0.2 is 0.3).
    let asset = created(
        &t,
        "/data/entities",
        json!({"name": "chair", "project_id": p1, "entity_type_id": ids.get("et_Prop")}),
    )
    .await;
    let task = created(
        &t,
        "/data/tasks",
        json!({"name": "main", "project_id": p1, "entity_id": asset, "task_type_id": ids.get("tt_Modeling"), "task_status_id": ids.get("ts_todo")}),
    )
    .await;
    for (date, minutes) in [
        ("2025-01-10", json!(0.1)),
        ("2025-01-11", json!(0.2)),
        ("2025-02-01", json!(1234.56)),
        ("2025-02-02", json!(0.01)),
    ] {
        created(
            &t,
            "/data/time-spents",
            json!({"task_id": task, "person_id": ids.get("artist"), "date": date, "duration": minutes}),
        )
        .await;
    }
    let r = t
        .get(
            &format!("/data/projects/{p1}/budgets/time-spents"),
            &t.admin,
        )
        .await;
    let v = r.json();
    let dep = ids.get("dep_Modeling");
    let artist = ids.get("artist");
    assert_eq!(v[dep][artist]["2025-01"].to_string(), "0.3", "{}", r.text);
    assert_eq!(
        v[dep][artist]["2025-02"].to_string(),
        "1234.57",
        "{}",
        r.text
    );
    assert_eq!(v[dep][artist]["total"].to_string(), "1234.87", "{}", r.text);
    assert_eq!(v[dep]["total"].to_string(), "1234.87", "{}", r.text);
}

// ---------------------------------------------------------------------------
// Item 3: every route is served at `/` and under `/api`.

#[tokio::test]
async fn every_route_is_served_at_root_and_under_api() {
    let t = TestApp::new().await;
    let routes = tusk_rest_compat::routes();
    assert!(routes.len() > 250, "{}", routes.len());
    let generic_404 = json!({"error": true, "message": tusk_db::error::NOT_FOUND});
    let generic_405 =
        json!({"error": true, "message": "The method is not allowed for the requested URL."});
    let mut failures = Vec::new();
    for route in &routes {
        let (method, path) = route.split_once(' ').unwrap();
        // Path parameters: a nil id (a real asset name for the playground).
        let mut filled = String::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').unwrap() + open;
            filled.push_str(&rest[..open]);
            filled.push_str(if &rest[open..=close] == "{asset}" {
                "graphiql.min.js"
            } else {
                NIL
            });
            rest = &rest[close + 1..];
        }
        filled.push_str(rest);
        // Anonymous, so that no request changes anything.
        let body = matches!(method, "POST" | "PUT").then(|| json!({}));
        let root = t.call(method, &filled, None, body.clone()).await;
        let api = t.call(method, &format!("/api{filled}"), None, body).await;
        let parsed = |r: &support::Res| serde_json::from_str::<Value>(&r.text).ok();
        // Served: answered by a route (every Zou route reports its SQL
        // statement count), or at least not the router's own 404/405.
        let served = |r: &support::Res| {
            r.headers.contains_key("x-tusk-sql-statements")
                || !(matches!(r.status(), 404 | 405)
                    && (parsed(r) == Some(generic_404.clone())
                        || parsed(r) == Some(generic_405.clone())))
        };
        if !served(&root) || !served(&api) {
            failures.push(format!(
                "{route}: not served ({} / {}: {})",
                root.status(),
                api.status(),
                api.text
            ));
        } else if root.status() != api.status()
            || (root.text != api.text
                // Status answers carry the time: the same keys will do.
                && parsed(&root)
                    .zip(parsed(&api))
                    .is_none_or(|(a, b)| !a.is_object() || support::keys(&a) != support::keys(&b)))
        {
            failures.push(format!(
                "{route}: answers differ: {} {} / {} {}",
                root.status(),
                root.text,
                api.status(),
                api.text
            ));
        }
    }
    // The check can fail: an unknown route is the router's 404, without
    // the statement header.
    let r = t
        .call("GET", "/api/data/no-such-collection", None, None)
        .await;
    assert_eq!(r.status(), 404);
    assert!(!r.headers.contains_key("x-tusk-sql-statements"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------
// Item 2: a fresh machine: `tusk` with no subcommand and no configuration.

#[tokio::test]
async fn fresh_machine_defaults() {
    let cwd = std::env::temp_dir().join(format!("tusk-fresh-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&cwd).unwrap();
    // The default bind, unless something else holds port 8080 (then only
    // the port changes, through TUSK_BIND).
    let port = match std::net::TcpListener::bind("127.0.0.1:8080") {
        Ok(l) => {
            drop(l);
            8080
        }
        Err(_) => std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port(),
    };
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_tusk"));
    cmd.current_dir(&cwd)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    if port != 8080 {
        cmd.env("TUSK_BIND", format!("127.0.0.1:{port}"));
    }
    let mut child = cmd.spawn().expect("start tusk");
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let stderr = child.stderr.take().unwrap();
    let child = Kill(child);
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    // The password is printed once on stderr.
    let mut password = None;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while password.is_none() && std::time::Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(std::time::Duration::from_millis(200)) {
            if let Some(p) = line.split("password: ").nth(1) {
                assert!(line.contains("admin@example.com"), "{line}");
                password = Some(p.trim().to_owned());
            }
        }
    }
    let password = password.expect("the generated password on stderr");
    let mut up = false;
    for _ in 0..300 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(up, "listening on 127.0.0.1:{port}");
    let (status, body) = http(
        port,
        "POST",
        "/api/auth/login",
        "",
        json!({"email": "admin@example.com", "password": password}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let token = body["access_token"].as_str().unwrap().to_owned();
    let (status, me) = http(port, "GET", "/auth/authenticated", &token, Value::Null).await;
    assert_eq!(
        (status, me["user"]["email"].clone()),
        (200, json!("admin@example.com"))
    );
    let (status, statuses) = http(port, "GET", "/data/task-status", &token, Value::Null).await;
    assert_eq!(status, 200);
    assert_eq!(statuses.as_array().unwrap().len(), 9, "init data loaded");
    // ./data/tusk.db, in WAL mode, and the generated secret key beside it.
    let db_path = cwd.join("data").join("tusk.db");
    assert!(db_path.exists(), "{db_path:?}");
    assert!(cwd.join("data").join("secret_key").exists());
    let db = tusk_db::Db::connect(&format!("sqlite:{}", db_path.display()), 1)
        .await
        .unwrap();
    let mut d = db.clone();
    let q = d.sql("PRAGMA journal_mode");
    let mode: String = d.fetch_scalar(&q).await.unwrap();
    assert_eq!(mode.to_lowercase(), "wal");
    db.close().await;
    drop(child);
    let _ = std::fs::remove_dir_all(&cwd);
}
