//! No N+1: the number of SQL statements a request runs depends on the
//! shape of the query, not on the number of rows. Each test runs the same
//! request over a small and a bigger production and compares the counts
//! (`X-Tusk-Sql-Statements`).

mod support;

use serde_json::{json, Value};
use support::TestApp;

struct Prod {
    project: String,
}

async fn post(t: &TestApp, path: &str, body: Value) -> String {
    let r = t.post(path, &t.admin, body).await;
    assert_eq!(r.status(), 201, "{path}: {}", r.text);
    r.json()["id"].as_str().unwrap().to_owned()
}

/// A project with `seqs` sequences of `shots` shots, each with two tasks
/// assigned to two artists, and as many assets cast in each shot.
async fn production(t: &TestApp, name: &str, seqs: usize, shots: usize) -> Prod {
    let project = post(t, "/data/projects", json!({"name": name})).await;
    let seq_type = t.id_by_name("entity-types", "Sequence").await;
    let shot_type = t.id_by_name("entity-types", "Shot").await;
    let prop = t.id_by_name("entity-types", "Prop").await;
    let layout = t.id_by_name("task-types", "Layout").await;
    let anim = t.id_by_name("task-types", "Animation").await;
    let todo = t.id_by_name("task-status", "Todo").await;
    let mut artists = Vec::new();
    for i in 0..2 {
        let r = t
            .post(
                "/data/persons",
                &t.admin,
                json!({"first_name": "Artist", "last_name": format!("{name}{i}"), "email": format!("{name}{i}@example.com")}),
            )
            .await;
        artists.push(r.json()["id"].as_str().unwrap().to_owned());
    }
    let asset = post(
        t,
        "/data/entities",
        json!({"name": format!("{name}-prop"), "project_id": project, "entity_type_id": prop}),
    )
    .await;
    for s in 0..seqs {
        let seq = post(
            t,
            "/data/entities",
            json!({"name": format!("SQ{s:02}"), "project_id": project, "entity_type_id": seq_type}),
        )
        .await;
        for h in 0..shots {
            let shot = post(
                t,
                "/data/entities",
                json!({"name": format!("SH{h:03}"), "project_id": project, "entity_type_id": shot_type, "parent_id": seq,
                       "entities_out": [asset]}),
            )
            .await;
            for tt in [&layout, &anim] {
                post(
                    t,
                    "/data/tasks",
                    json!({"project_id": project, "entity_id": shot, "task_type_id": tt, "task_status_id": todo,
                           "assignees": artists}),
                )
                .await;
            }
        }
    }
    Prod { project }
}

const TREE: &str = r#"query($p: IdFilter) {
  sequences(filter: {projectId: $p}, first: 1000) {
    totalCount
    edges { node { name project { name } shots { name casting { nbOccurences entityOut { name } }
      tasks { taskType { name } taskStatus { shortName } assignees { fullName email } comments { text } } } } }
  }
}"#;

async fn tree(t: &TestApp, p: &Prod) -> (Value, u64) {
    let (v, n) = t
        .gql(Some(&t.admin), TREE, json!({"p": {"eq": p.project}}))
        .await;
    assert!(v.get("errors").is_none(), "{v}");
    (v["data"].clone(), n)
}

#[tokio::test]
async fn graphql_tree_runs_the_same_statements_whatever_its_size() {
    let t = TestApp::new().await;
    let small = production(&t, "small", 1, 2).await;
    let big = production(&t, "big", 4, 6).await;
    let (d1, n1) = tree(&t, &small).await;
    let (d2, n2) = tree(&t, &big).await;
    // The data is really there.
    assert_eq!(d1["sequences"]["totalCount"], 1);
    assert_eq!(d2["sequences"]["totalCount"], 4);
    let seq = &d2["sequences"]["edges"][0]["node"];
    assert_eq!(seq["shots"].as_array().unwrap().len(), 6);
    let shot = &seq["shots"][0];
    assert_eq!(shot["tasks"].as_array().unwrap().len(), 2);
    assert_eq!(shot["tasks"][0]["assignees"].as_array().unwrap().len(), 2);
    assert_eq!(shot["casting"][0]["entityOut"]["name"], "big-prop");
    assert_eq!(shot["tasks"][0]["taskStatus"]["shortName"], "todo");
    // 4 times the sequences, 12 times the shots and tasks: same statements.
    eprintln!("tree statements: {n1} and {n2}");
    assert_eq!(n1, n2, "statements grew with the data: {n1} vs {n2}");
    assert!(n2 < 30, "{n2} statements");
}

#[tokio::test]
async fn graphql_task_page_with_relations_is_constant() {
    let t = TestApp::new().await;
    let p = production(&t, "p", 2, 5).await;
    let q = r#"query($n: Int) { tasks(first: $n, orderBy: {field: ID}) { edges { node { id project { name }
        taskType { name } entity { name parent { name } } assignees { email departments { name } } } } } }"#;
    let (v1, n1) = t.gql(Some(&t.admin), q, json!({"n": 2})).await;
    let (v2, n2) = t.gql(Some(&t.admin), q, json!({"n": 20})).await;
    assert!(
        v1.get("errors").is_none() && v2.get("errors").is_none(),
        "{v2}"
    );
    assert_eq!(v2["data"]["tasks"]["edges"].as_array().unwrap().len(), 20);
    assert_eq!(n1, n2, "{n1} vs {n2}");
    let _ = p;
}

#[tokio::test]
async fn rest_lists_with_relations_are_constant() {
    let t = TestApp::new().await;
    let _ = production(&t, "a", 1, 2).await;
    let r1 = t.get("/data/tasks?relations=true", &t.admin).await;
    let n1 = r1.statements();
    let count1 = r1.json().as_array().unwrap().len();
    let _ = production(&t, "b", 3, 5).await;
    let r2 = t.get("/data/tasks?relations=true", &t.admin).await;
    let n2 = r2.statements();
    let rows = r2.json();
    assert_eq!(rows.as_array().unwrap().len(), count1 + 30);
    assert_eq!(rows[0]["assignees"].as_array().unwrap().len(), 2);
    assert_eq!(n1, n2);
    // The page envelope too.
    let p1 = t
        .get("/data/entities?page=1&limit=5&relations=true", &t.admin)
        .await;
    let p2 = t
        .get("/data/entities?page=2&limit=20&relations=true", &t.admin)
        .await;
    assert_eq!(p1.statements(), p2.statements());
}

#[tokio::test]
async fn kind_views_prefetch_their_relations() {
    let t = TestApp::new().await;
    let small = production(&t, "s", 1, 1).await;
    let big = production(&t, "b", 3, 4).await;
    let q = r#"query($p: IdFilter) { shots(filter: {projectId: $p}) { totalCount edges { node { name kind
        sequence { name shots { name } } tasks { assignees { email } } } } } }"#;
    let (v1, n1) = t
        .gql(Some(&t.admin), q, json!({"p": {"eq": small.project}}))
        .await;
    let (v2, n2) = t
        .gql(Some(&t.admin), q, json!({"p": {"eq": big.project}}))
        .await;
    assert!(v2.get("errors").is_none(), "{v2}");
    assert_eq!(v1["data"]["shots"]["totalCount"], 1);
    assert_eq!(v2["data"]["shots"]["totalCount"], 12);
    let shot = &v2["data"]["shots"]["edges"][0]["node"];
    assert_eq!(shot["kind"], "Shot");
    assert_eq!(shot["sequence"]["shots"].as_array().unwrap().len(), 4);
    assert_eq!(n1, n2, "{n1} vs {n2}");
}
