//! The breakdown through GraphQL: the whole tree of a production in one
//! query, with a number of SQL statements that does not depend on its size
//! (2,000 shots answer with as many statements as 8), and the breakdown
//! mutations, checked through REST.

mod support;

use serde_json::{json, Value};
use support::TestApp;
use tusk_db::SqlValue;
use uuid::Uuid;

/// Ids of the init data a production needs.
struct Catalog {
    types: std::collections::HashMap<String, Uuid>,
    layout: Uuid,
    animation: Uuid,
    todo: Uuid,
}

async fn catalog(t: &TestApp) -> Catalog {
    let mut types = std::collections::HashMap::new();
    for row in t
        .get("/data/entity-types", &t.admin)
        .await
        .json()
        .as_array()
        .unwrap()
    {
        types.insert(
            row["name"].as_str().unwrap().to_owned(),
            row["id"].as_str().unwrap().parse().unwrap(),
        );
    }
    let id = |s: String| s.parse::<Uuid>().unwrap();
    Catalog {
        types,
        layout: id(t.id_by_name("task-types", "Layout").await),
        animation: id(t.id_by_name("task-types", "Animation").await),
        todo: id(t.id_by_name("task-status", "Todo").await),
    }
}

/// Insert rows into `table` in batches (fixture speed only: the API is
/// what the tests exercise).
async fn insert(t: &TestApp, table: &str, columns: &[&str], rows: Vec<Vec<SqlValue>>) {
    let mut db = t.built.app.db.clone();
    for chunk in rows.chunks(200) {
        let mut q = db.sql("INSERT INTO ");
        q.ident(table).push(" (\"created_at\", \"updated_at\"");
        for c in columns {
            q.push(", ").ident(c);
        }
        q.push(") VALUES ");
        let now = SqlValue::Timestamp(Some(chrono::Utc::now().naive_utc()));
        for (i, row) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            let mut vals = vec![now.clone(), now.clone()];
            vals.extend(row.iter().cloned());
            q.bind_list(vals);
        }
        db.execute(&q).await.unwrap();
    }
}

/// A production of `eps` episodes × `seqs` sequences × `shots` shots, each
/// shot with a layout and an animation task (the animation assigned to
/// `artist`) and casting `assets` assets; returns the project id.
async fn production(
    t: &TestApp,
    c: &Catalog,
    artist: Uuid,
    (eps, seqs, shots, assets): (usize, usize, usize, usize),
) -> Uuid {
    let p = t
        .post(
            "/data/projects",
            &t.admin,
            json!({"name": format!("Big {eps}x{seqs}x{shots}"), "production_type": "tvshow"}),
        )
        .await;
    assert_eq!(p.status(), 201, "{}", p.text);
    let project: Uuid = p.json()["id"].as_str().unwrap().parse().unwrap();
    let u = |id: Uuid| SqlValue::Uuid(Some(id));
    let txt = |s: String| SqlValue::Text(Some(s));
    let ent_cols = ["id", "name", "project_id", "entity_type_id", "parent_id"];
    let mut entities = Vec::new();
    let mut shot_ids = Vec::new();
    let mut asset_ids = Vec::new();
    for a in 0..assets {
        let id = Uuid::new_v4();
        asset_ids.push(id);
        entities.push(vec![
            u(id),
            txt(format!("Asset{a:03}")),
            u(project),
            u(c.types["Prop"]),
            SqlValue::Uuid(None),
        ]);
    }
    for e in 0..eps {
        let ep = Uuid::new_v4();
        entities.push(vec![
            u(ep),
            txt(format!("EP{e:02}")),
            u(project),
            u(c.types["Episode"]),
            SqlValue::Uuid(None),
        ]);
        for s in 0..seqs {
            let sq = Uuid::new_v4();
            entities.push(vec![
                u(sq),
                txt(format!("SQ{s:02}")),
                u(project),
                u(c.types["Sequence"]),
                u(ep),
            ]);
            for h in 0..shots {
                let sh = Uuid::new_v4();
                shot_ids.push(sh);
                entities.push(vec![
                    u(sh),
                    txt(format!("SH{h:04}")),
                    u(project),
                    u(c.types["Shot"]),
                    u(sq),
                ]);
            }
        }
    }
    insert(t, "entity", &ent_cols, entities).await;
    let mut tasks = Vec::new();
    let mut links = Vec::new();
    let mut casting = Vec::new();
    for (i, sh) in shot_ids.iter().enumerate() {
        for tt in [c.layout, c.animation] {
            let id = Uuid::new_v4();
            tasks.push(vec![
                u(id),
                txt("main".into()),
                u(project),
                u(tt),
                u(c.todo),
                u(*sh),
            ]);
            if tt == c.animation {
                links.push(vec![u(id), u(artist)]);
            }
        }
        if !asset_ids.is_empty() {
            let a = asset_ids[i % asset_ids.len()];
            casting.push(vec![
                u(Uuid::new_v4()),
                u(*sh),
                u(a),
                SqlValue::Int(Some(2)),
            ]);
        }
    }
    insert(
        t,
        "task",
        &[
            "id",
            "name",
            "project_id",
            "task_type_id",
            "task_status_id",
            "entity_id",
        ],
        tasks,
    )
    .await;
    // The link tables have no audit columns.
    let mut db = t.built.app.db.clone();
    for chunk in links.chunks(300) {
        let mut q = db.sql("INSERT INTO \"task_person_link\" (\"task_id\", \"person_id\") VALUES ");
        for (i, row) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.bind_list(row.clone());
        }
        db.execute(&q).await.unwrap();
    }
    insert(
        t,
        "entity_link",
        &["id", "entity_in_id", "entity_out_id", "nb_occurences"],
        casting,
    )
    .await;
    project
}

const TREE: &str = r#"query($id: ID!) {
  project(id: $id) {
    name
    episodes { name sequences { name shots {
      name nbFrames
      tasks { taskType { name } taskStatus { shortName } assignees { email } }
      casting { nbOccurences asset { name entityType { name } } }
    } } }
    assets { name castIn { nbOccurences castBy { name } } }
  }
}"#;

/// Count what the tree answered: (episodes, sequences, shots, tasks,
/// assignees, casting links, cast-in links).
fn census(v: &Value) -> [usize; 7] {
    let mut n = [0; 7];
    let p = &v["project"];
    for ep in p["episodes"].as_array().unwrap() {
        n[0] += 1;
        for sq in ep["sequences"].as_array().unwrap() {
            n[1] += 1;
            for sh in sq["shots"].as_array().unwrap() {
                n[2] += 1;
                for task in sh["tasks"].as_array().unwrap() {
                    n[3] += 1;
                    assert!(task["taskType"]["name"].is_string());
                    assert_eq!(task["taskStatus"]["shortName"], "todo");
                    n[4] += task["assignees"].as_array().unwrap().len();
                }
                for link in sh["casting"].as_array().unwrap() {
                    n[5] += 1;
                    assert_eq!(link["nbOccurences"], 2);
                    assert_eq!(link["asset"]["entityType"]["name"], "Prop");
                }
            }
        }
    }
    for a in p["assets"].as_array().unwrap() {
        n[6] += a["castIn"].as_array().unwrap().len();
    }
    n
}

/// The query Kitsu-like front-ends need for a whole production runs a fixed
/// number of statements: a 2,000-shot production costs what an 8-shot one
/// does, and every row comes back.
#[tokio::test]
async fn the_whole_tree_of_a_big_production_runs_a_fixed_number_of_statements() {
    let t = TestApp::new().await;
    let c = catalog(&t).await;
    let (artist, _) = t.person("user", "tree-artist@example.com").await;
    let artist: Uuid = artist.parse().unwrap();
    let small = production(&t, &c, artist, (2, 2, 2, 3)).await;
    let big = production(&t, &c, artist, (4, 10, 50, 40)).await;
    let vars = |p: Uuid| json!({"id": p.to_string()});
    let (a, small_statements) = t.gql(Some(&t.admin), TREE, vars(small)).await;
    assert!(a.get("errors").is_none(), "{a}");
    // The tvshow project starts with an episode E01 of its own.
    assert_eq!(census(&a["data"]), [3, 4, 8, 16, 8, 8, 8]);
    let (b, big_statements) = t.gql(Some(&t.admin), TREE, vars(big)).await;
    assert!(b.get("errors").is_none(), "{}", &b.to_string()[..500]);
    assert_eq!(census(&b["data"]), [5, 40, 2000, 4000, 2000, 2000, 2000]);
    assert_eq!(
        big_statements, small_statements,
        "2,000 shots ran {big_statements} statements, 8 shots {small_statements}"
    );
    assert!(small_statements < 40, "{small_statements} statements");
}

async fn gql_data(t: &TestApp, token: &str, query: &str, vars: Value) -> Value {
    t.gql_ok(Some(token), query, vars).await
}

/// Every breakdown write of REST is a mutation too, through the same
/// services: same rules (a manager creates shots, an artist only concepts),
/// same events, same soft delete.
#[tokio::test]
async fn breakdown_mutations_work_like_rest() {
    let t = TestApp::new().await;
    let c = catalog(&t).await;
    let (artist_id, artist) = t.person("user", "mut-artist@example.com").await;
    let p = t
        .post(
            "/data/projects",
            &t.admin,
            json!({"name": "Mutations", "production_type": "tvshow"}),
        )
        .await
        .json();
    let project = p["id"].as_str().unwrap().to_owned();
    let r = t
        .post(
            &format!("/data/projects/{project}/team"),
            &t.admin,
            json!({"person_id": artist_id}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text);
    for tt in [c.layout, c.animation] {
        let r = t
            .post(
                &format!("/data/projects/{project}/settings/task-types"),
                &t.admin,
                json!({"task_type_id": tt.to_string()}),
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text);
    }
    let before = t.count("SELECT COUNT(*) FROM \"api_event\"").await;
    let d = gql_data(
        &t,
        &t.admin,
        r#"mutation($p: ID!) {
            ep: createEpisode(projectId: $p, input: {name: "E02", description: "second"}) { id name description kind }
        }"#,
        json!({"p": project}),
    )
    .await;
    let ep = d["ep"]["id"].as_str().unwrap().to_owned();
    assert_eq!(d["ep"]["kind"], "Episode");
    let d = gql_data(
        &t,
        &t.admin,
        r#"mutation($p: ID!, $e: ID!) {
            sq: createSequence(projectId: $p, episodeId: $e, input: {name: "SQ01"}) { id episode { name } }
        }"#,
        json!({"p": project, "e": ep}),
    )
    .await;
    assert_eq!(d["sq"]["episode"]["name"], "E02");
    let sq = d["sq"]["id"].as_str().unwrap().to_owned();
    let d = gql_data(
        &t,
        &t.admin,
        r#"mutation($p: ID!, $s: ID!) {
            sh: createShot(projectId: $p, sequenceId: $s, nbFrames: 48, input: {name: "SH010", data: {frame_in: 1001}}) { id nbFrames data sequence { name } }
            again: createShot(projectId: $p, sequenceId: $s, nbFrames: 12, input: {name: "SH010"}) { id nbFrames }
        }"#,
        json!({"p": project, "s": sq}),
    )
    .await;
    let sh = d["sh"]["id"].as_str().unwrap().to_owned();
    assert_eq!(d["sh"]["nbFrames"], 48);
    assert_eq!(d["sh"]["data"], json!({"frame_in": 1001}));
    // Idempotent by name, as the REST route.
    assert_eq!(d["again"]["id"], d["sh"]["id"]);
    assert_eq!(d["again"]["nbFrames"], 48);
    // Through REST: the shot is there, under its sequence.
    let r = t
        .get(&format!("/data/sequences/{sq}/shots"), &t.admin)
        .await;
    assert_eq!(r.json().as_array().unwrap().len(), 1);
    assert_eq!(r.json()[0]["sequence_name"], "SQ01");
    let names: Vec<String> = t
        .events_since(before)
        .await
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["episode:new", "sequence:new", "shot:new"]);
    // Tasks of the project's shot task types.
    let d = gql_data(
        &t,
        &t.admin,
        r#"mutation($sh: ID!) { tasks: createEntityTasks(entityId: $sh) { taskType { name } taskStatus { shortName } } }"#,
        json!({"sh": sh}),
    )
    .await;
    let mut types: Vec<&str> = d["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["taskType"]["name"].as_str().unwrap())
        .collect();
    types.sort();
    assert_eq!(types, ["Animation", "Layout"]);
    // An artist may not create shots, but may create concepts.
    let (v, _) = t
        .gql(
            Some(&artist),
            r#"mutation($p: ID!, $s: ID!) { createShot(projectId: $p, sequenceId: $s, input: {name: "SH020"}) { id } }"#,
            json!({"p": project, "s": sq}),
        )
        .await;
    assert_eq!(v["errors"][0]["extensions"]["code"], "FORBIDDEN", "{v}");
    let d = gql_data(
        &t,
        &artist,
        r#"mutation($p: ID!, $s: ID!) { co: createConcept(projectId: $p, linkedEntityIds: [$s], input: {name: "CO01"}) { id kind entityConceptLinks { id } } }"#,
        json!({"p": project, "s": sh}),
    )
    .await;
    assert_eq!(d["co"]["kind"], "Concept");
    assert_eq!(d["co"]["entityConceptLinks"][0]["id"], sh.as_str());
    let co = d["co"]["id"].as_str().unwrap().to_owned();
    // Removing a shot with tasks cancels it; forced, it goes with them.
    let remove = r#"mutation($id: ID!, $force: Boolean) { removeEntity(id: $id, force: $force) { id canceled } }"#;
    let d = gql_data(&t, &t.admin, remove, json!({"id": sh})).await;
    assert_eq!(d["removeEntity"]["canceled"], true);
    assert_eq!(
        t.get(&format!("/data/shots/{sh}/tasks"), &t.admin)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let r = t
        .get(&format!("/data/projects/{project}/shots"), &t.admin)
        .await;
    assert_eq!(r.json()[0]["canceled"], true);
    let d = gql_data(&t, &t.admin, remove, json!({"id": sh, "force": true})).await;
    assert_eq!(d["removeEntity"]["canceled"], false);
    assert_eq!(
        t.get(&format!("/data/shots/{sh}/tasks"), &t.admin)
            .await
            .status(),
        404
    );
    // A sequence that holds shots refuses unless forced (none left here).
    let (v, _) = t.gql(Some(&t.admin), remove, json!({"id": ep})).await;
    assert_eq!(v["errors"][0]["extensions"]["code"], "BAD_REQUEST", "{v}");
    assert_eq!(
        t.get(&format!("/data/episodes/{ep}"), &t.admin)
            .await
            .status(),
        200
    );
    // Several at once, skipping ids of other projects.
    let d = gql_data(
        &t,
        &t.admin,
        r#"mutation($p: ID!, $ids: [ID!]!) { deleteEntities(projectId: $p, ids: $ids) }"#,
        json!({"p": project, "ids": [co, Uuid::nil().to_string()]}),
    )
    .await;
    assert_eq!(d["deleteEntities"], json!([co]));
    assert_eq!(
        t.get(&format!("/data/concepts/{co}/tasks"), &t.admin)
            .await
            .status(),
        404
    );
    // Assets: never idempotent, from an episode.
    let d = gql_data(
        &t,
        &t.admin,
        r#"mutation($p: ID!, $t: ID!, $e: ID!) {
            a: createAsset(projectId: $p, assetTypeId: $t, episodeId: $e, input: {name: "Hero"}) { id sourceId assetType { name } }
            b: createAsset(projectId: $p, assetTypeId: $t, input: {name: "Hero"}) { id }
        }"#,
        json!({"p": project, "t": c.types["Character"].to_string(), "e": ep}),
    )
    .await;
    assert_eq!(d["a"]["assetType"]["name"], "Character");
    assert_eq!(d["a"]["sourceId"], ep.as_str());
    assert_ne!(d["a"]["id"], d["b"]["id"]);
}

/// A `tusk serve` process of its own on a test's database: what a studio
/// runs, with nothing cached yet.
struct Server {
    child: std::process::Child,
    addr: String,
}

impl Server {
    async fn start(t: &TestApp) -> Server {
        let addr = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().to_string()
        };
        let dir = std::env::temp_dir().join(format!("tusk-serve-{}", Uuid::new_v4().simple()));
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_tusk"))
            .args(["--bind", &addr, "--database-url", &t.db.url, "--data-dir"])
            .arg(&dir)
            .arg("serve")
            .env("TUSK_LOG", "warn")
            .spawn()
            .expect("spawn tusk serve");
        let server = Server { child, addr };
        for _ in 0..300 {
            if tokio::net::TcpStream::connect(&server.addr).await.is_ok() {
                return server;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("tusk serve did not listen on {}", server.addr);
    }

    /// POST a JSON body over HTTP/1.1: the status, the statements header
    /// and the raw answer.
    async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, u64, String) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let body = body.to_string();
        let auth = token
            .map(|t| format!("Authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        let req = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n{auth}\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        );
        let mut s = tokio::net::TcpStream::connect(&self.addr).await.unwrap();
        s.write_all(req.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).await.unwrap();
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let status = raw[9..12].parse().unwrap();
        let statements = raw
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("x-tusk-sql-statements:")
                    .map(|v| v.trim().parse().unwrap())
            })
            .expect("statements header");
        (status, statements, raw)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A server that just started knows nothing of the production's entity
/// types yet: its first GraphQL tree is batched like the next ones (the
/// prefetch used to sort the entities by a kind not loaded yet, find no
/// shots, and leave every shot's tasks to a batch of their own).
#[tokio::test]
async fn the_first_tree_after_a_start_runs_as_many_statements_as_the_next() {
    let t = TestApp::new().await;
    let c = catalog(&t).await;
    let (artist, _) = t.person("user", "restart-artist@example.com").await;
    let project = production(&t, &c, artist.parse().unwrap(), (4, 10, 50, 40)).await;
    let (_, warm) = t
        .gql(Some(&t.admin), TREE, json!({"id": project.to_string()}))
        .await;

    let server = Server::start(&t).await;
    let login = json!({"email": support::ADMIN_EMAIL, "password": support::ADMIN_PASSWORD});
    let (status, _, raw) = server.post("/api/auth/login", None, &login).await;
    assert_eq!(status, 200, "{raw}");
    let token = raw
        .split("\"access_token\":\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("access token")
        .to_owned();
    let tree = json!({"query": TREE, "variables": {"id": project.to_string()}});
    let mut counts = Vec::new();
    for _ in 0..2 {
        let (status, n, raw) = server.post("/api/graphql", Some(&token), &tree).await;
        assert_eq!(status, 200);
        assert!(
            raw.contains("\"shots\"") && !raw.contains("\"errors\""),
            "{}",
            &raw[..raw.len().min(600)]
        );
        counts.push(n);
    }
    assert_eq!(
        counts,
        vec![warm, warm],
        "first and second tree on a fresh server, against {warm}"
    );
}
