//! What the benchmark asks, and what each answer must hold.
//!
//! A scenario makes its `i`-th request from the [`Manifest`] (rotating over
//! shots, sequences and tasks, so that no cache answers every time) and
//! checks each answer's status and row count. The same scenarios run over
//! HTTP in the load driver and through the router in the CI smoke test.

use crate::dataset::Manifest;
use serde_json::{json, Value};

/// One request.
#[derive(Debug, Clone)]
pub struct Req {
    pub method: &'static str,
    pub path: String,
    pub body: Option<Value>,
}

impl Req {
    fn get(path: String) -> Req {
        Req {
            method: "GET",
            path,
            body: None,
        }
    }
}

/// What an answer must hold.
#[derive(Debug, Clone)]
pub enum Expect {
    /// A JSON array of this many items.
    Array(usize),
    /// A JSON object with this many keys.
    Keys(usize),
    /// A JSON object (a written row, a login).
    Object,
    /// GraphQL: this many occurrences of each marker key in `data`.
    Markers(Vec<(&'static str, usize)>),
}

#[derive(Clone, Copy)]
pub struct Scenario {
    pub name: &'static str,
    /// A read over a whole production (what the 30× goal is about).
    pub big_read: bool,
    /// Only Tusk answers it (GraphQL).
    pub tusk_only: bool,
    /// Changes the data (run after the reads).
    pub write: bool,
    pub status: u16,
    pub request: fn(&Manifest, usize) -> Req,
    pub expect: fn(&Manifest) -> Expect,
}

fn rot<T: Copy>(v: &[T], i: usize) -> T {
    v[i % v.len()]
}

/// The GraphQL tree of a production: every shot, its tasks, their assignees.
pub const TREE_QUERY: &str = "query Tree($id: ID!) { project(id: $id) { id shots { id name \
     tasks { id taskStatusId assignees { id } } } } }";

/// A connection page of tasks.
pub const PAGE_QUERY: &str = "query Page($p: ID!) { tasks(first: 1000, filter: {projectId: {eq: $p}}) \
     { totalCount edges { cursor node { id name taskStatusId entityId } } pageInfo { hasNextPage endCursor } } }";

fn graphql(query: &str, variables: Value) -> Req {
    Req {
        method: "POST",
        path: "/graphql".into(),
        body: Some(json!({"query": query, "variables": variables})),
    }
}

/// Every scenario, reads first.
pub fn all() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "shots with-tasks",
            big_read: true,
            tusk_only: false,
            write: false,
            status: 200,
            request: |m, _| {
                Req::get(format!(
                    "/data/shots/with-tasks?project_id={}",
                    m.project_id
                ))
            },
            expect: |m| Expect::Array(m.nb_shots),
        },
        Scenario {
            name: "assets with-tasks",
            big_read: true,
            tusk_only: false,
            write: false,
            status: 200,
            request: |m, _| {
                Req::get(format!(
                    "/data/assets/with-tasks?project_id={}",
                    m.project_id
                ))
            },
            expect: |m| Expect::Array(m.nb_assets),
        },
        Scenario {
            name: "project shots",
            big_read: true,
            tusk_only: false,
            write: false,
            status: 200,
            request: |m, _| Req::get(format!("/data/projects/{}/shots", m.project_id)),
            expect: |m| Expect::Array(m.nb_shots),
        },
        Scenario {
            name: "project assets",
            big_read: true,
            tusk_only: false,
            write: false,
            status: 200,
            request: |m, _| Req::get(format!("/data/projects/{}/assets", m.project_id)),
            expect: |m| Expect::Array(m.nb_assets),
        },
        Scenario {
            name: "tasks of a task type",
            big_read: true,
            tusk_only: false,
            write: false,
            status: 200,
            request: |m, _| {
                Req::get(format!(
                    "/data/tasks?project_id={}&task_type_id={}",
                    m.project_id, m.listed_task_type
                ))
            },
            expect: |m| Expect::Array(m.nb_shots),
        },
        Scenario {
            name: "persons",
            big_read: false,
            tusk_only: false,
            write: false,
            status: 200,
            request: |_, _| Req::get("/data/persons".into()),
            expect: |m| Expect::Array(m.nb_persons),
        },
        Scenario {
            name: "sequence shots",
            big_read: false,
            tusk_only: false,
            write: false,
            status: 200,
            request: |m, i| Req::get(format!("/data/sequences/{}/shots", rot(&m.sequences, i))),
            expect: |m| Expect::Array(m.shots_per_sequence),
        },
        Scenario {
            name: "sequence casting",
            big_read: false,
            tusk_only: false,
            write: false,
            status: 200,
            request: |m, i| {
                Req::get(format!(
                    "/data/projects/{}/sequences/{}/casting",
                    m.project_id,
                    rot(&m.sequences, i)
                ))
            },
            expect: |m| Expect::Keys(m.shots_per_sequence),
        },
        Scenario {
            name: "shot tasks",
            big_read: false,
            tusk_only: false,
            write: false,
            status: 200,
            request: |m, i| Req::get(format!("/data/shots/{}/tasks", rot(&m.shots, i * 7))),
            expect: |m| Expect::Array(m.tasks_per_entity),
        },
        Scenario {
            name: "GraphQL tree",
            big_read: true,
            tusk_only: true,
            write: false,
            status: 200,
            request: |m, _| graphql(TREE_QUERY, json!({"id": m.project_id})),
            expect: |m| {
                Expect::Markers(vec![
                    ("\"tasks\":", m.nb_shots),
                    ("\"taskStatusId\":", m.nb_shots * m.tasks_per_entity),
                ])
            },
        },
        Scenario {
            name: "GraphQL 1,000 tasks",
            big_read: false,
            tusk_only: true,
            write: false,
            status: 200,
            request: |m, _| graphql(PAGE_QUERY, json!({"p": m.project_id})),
            expect: |m| Expect::Markers(vec![("\"cursor\":", m.nb_tasks.min(1000))]),
        },
        Scenario {
            name: "login",
            big_read: false,
            tusk_only: false,
            write: false,
            status: 200,
            request: |m, _| Req {
                method: "POST",
                path: "/auth/login".into(),
                body: Some(json!({"email": m.admin_email, "password": m.admin_password})),
            },
            expect: |_| Expect::Object,
        },
        Scenario {
            name: "task PUT",
            big_read: false,
            tusk_only: false,
            write: true,
            status: 200,
            request: |m, i| Req {
                method: "PUT",
                path: format!("/data/tasks/{}", rot(&m.shot_tasks, i * 13)),
                body: Some(json!({"priority": i % 4})),
            },
            expect: |_| Expect::Object,
        },
        Scenario {
            name: "comment + status",
            big_read: false,
            tusk_only: false,
            write: true,
            status: 201,
            request: |m, i| Req {
                method: "POST",
                path: format!("/actions/tasks/{}/comment", rot(&m.shot_tasks, i * 17)),
                body: Some(json!({
                    "task_status_id": m.status_ready,
                    "comment": format!("Benchmark note {i}"),
                })),
            },
            expect: |_| Expect::Object,
        },
    ]
}

/// Check an answer: its status, then its rows. Returns the row count.
pub fn check(sc: &Scenario, m: &Manifest, status: u16, body: &[u8]) -> Result<usize, String> {
    if status != sc.status {
        return Err(format!(
            "{}: status {status} instead of {}: {}",
            sc.name,
            sc.status,
            String::from_utf8_lossy(&body[..body.len().min(300)])
        ));
    }
    match (sc.expect)(m) {
        Expect::Array(n) => {
            let got = top_level_items(body, b'[')
                .ok_or_else(|| format!("{}: not a JSON array", sc.name))?;
            (got == n)
                .then_some(got)
                .ok_or_else(|| format!("{}: {got} rows instead of {n}", sc.name))
        }
        Expect::Keys(n) => {
            let got = top_level_items(body, b'{')
                .ok_or_else(|| format!("{}: not a JSON object", sc.name))?;
            (got == n)
                .then_some(got)
                .ok_or_else(|| format!("{}: {got} keys instead of {n}", sc.name))
        }
        Expect::Object => {
            let v: Value =
                serde_json::from_slice(body).map_err(|e| format!("{}: not JSON ({e})", sc.name))?;
            if !v.is_object() || v.get("error").is_some() {
                return Err(format!("{}: {v}", sc.name));
            }
            if sc.name == "login" && v["access_token"].as_str().is_none() {
                return Err(format!("login: no access token: {v}"));
            }
            Ok(1)
        }
        Expect::Markers(markers) => {
            if memchr::memmem::find(body, b"\"errors\":").is_some() {
                return Err(format!(
                    "{}: {}",
                    sc.name,
                    String::from_utf8_lossy(&body[..body.len().min(500)])
                ));
            }
            let mut first = 0;
            for (k, (marker, n)) in markers.iter().enumerate() {
                let got = memchr::memmem::find_iter(body, marker.as_bytes()).count();
                if got != *n {
                    return Err(format!("{}: {got} {marker} instead of {n}", sc.name));
                }
                if k == 0 {
                    first = got;
                }
            }
            Ok(first)
        }
    }
}

/// The number of items of a top-level JSON array (`open` = `[`) or keys of
/// a top-level object (`{`), by a scan of the structure: the answers of a
/// big production are tens of megabytes, and parsing them whole would load
/// the machine the server runs on. `None` when the body is not one.
pub fn top_level_items(body: &[u8], open: u8) -> Option<usize> {
    let close = if open == b'[' { b']' } else { b'}' };
    let start = body.iter().position(|b| !b.is_ascii_whitespace())?;
    if body[start] != open {
        return None;
    }
    let (mut depth, mut commas, mut any) = (0usize, 0usize, false);
    let mut i = start;
    while let Some(&b) = body.get(i) {
        i += 1;
        match b {
            b'"' => {
                if depth == 1 {
                    any = true;
                }
                i = string_end(body, i)?;
            }
            b'[' | b'{' => {
                if depth == 1 {
                    any = true;
                }
                depth += 1;
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return (b == close).then_some(if any { commas + 1 } else { 0 });
                }
            }
            b',' if depth == 1 => commas += 1,
            b if depth == 1 && !b.is_ascii_whitespace() => any = true,
            _ => {}
        }
    }
    None
}

/// Just past the quote that closes the string whose contents start at `i`.
/// Most of an answer's bytes are in strings (keys, ids, names): `memchr`
/// jumps to the next quote or backslash instead of looking at every byte
/// (a 67 MB shots with-tasks answer: 50 → 33 ms, time the driver spends
/// between two requests, so counted in requests/s at concurrency 1).
fn string_end(body: &[u8], mut i: usize) -> Option<usize> {
    loop {
        let k = i + memchr::memchr2(b'"', b'\\', body.get(i..)?)?;
        if body[k] == b'"' {
            return Some(k + 1);
        }
        i = k + 2; // a backslash and the character it escapes
    }
}

#[cfg(test)]
mod tests {
    use super::top_level_items;

    #[test]
    fn counts_top_level_items() {
        assert_eq!(top_level_items(b"[]", b'['), Some(0));
        assert_eq!(top_level_items(b" [ 1 ]", b'['), Some(1));
        assert_eq!(
            top_level_items(br#"[{"a":[1,2,{"b":"x,]"}]},{"c":"\"],"}]"#, b'['),
            Some(2)
        );
        assert_eq!(top_level_items(br#"{"a":1,"b":[1,2]}"#, b'{'), Some(2));
        assert_eq!(top_level_items(br#"{}"#, b'{'), Some(0));
        assert_eq!(top_level_items(br#"{"a":1}"#, b'['), None);
        assert_eq!(top_level_items(br#"[1,2"#, b'['), None);
        assert_eq!(top_level_items(br#"["a\\"]"#, b'['), Some(1));
        assert_eq!(top_level_items(br#"["a\\","b\"c"]"#, b'['), Some(2));
        assert_eq!(top_level_items(br#"["abc"#, b'['), None);
        assert_eq!(top_level_items(br#"["abc\"#, b'['), None);
    }
}
