//! The official Python client, gazu (from PyPI, in a throwaway venv),
//! against a started `tusk` binary: a real client from day one.
//!
//! The venv is made once under `target/gazu-venv`. The test needs python3
//! with venv and pip, and PyPI (or a pip cache).

mod support;

use std::process::{Command, Stdio};
use std::time::Duration;

pub const GAZU_VERSION: &str = "1.3.1";

/// The venv's python, created on first use (once per test binary: the
/// tests of a binary run in parallel threads and would race to create it).
pub fn gazu_python() -> std::path::PathBuf {
    static ONCE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = ONCE.lock().unwrap_or_else(|e| e.into_inner());
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let venv = target.join("gazu-venv");
    let python = venv.join("bin/python");
    let ok = Command::new(&python)
        .args([
            "-c",
            &format!(
                "import gazu, sys; sys.exit(0 if gazu.__version__ == '{GAZU_VERSION}' else 1)"
            ),
        ])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        let _ = std::fs::remove_dir_all(&venv);
        let st = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .expect("python3");
        assert!(st.success(), "python3 -m venv failed");
        let st = Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                &format!("gazu=={GAZU_VERSION}"),
            ])
            .status()
            .expect("pip");
        assert!(st.success(), "pip install gazu failed");
    }
    python
}

/// A `tusk serve` process on a free port, killed on drop.
pub struct Server {
    child: std::process::Child,
    pub url: String,
    _db: support::FreshDb,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    pub async fn start() -> Server {
        let db = support::FreshDb::new().await;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let data =
            std::env::temp_dir().join(format!("tusk-gazu-{}", uuid::Uuid::new_v4().simple()));
        let mut child = Command::new(env!("CARGO_BIN_EXE_tusk"))
            .arg("serve")
            .env("TUSK_BIND", format!("127.0.0.1:{port}"))
            .env("TUSK_DATA_DIR", &data)
            .env("DATABASE_URL", &db.url)
            .env("ADMIN_EMAIL", support::ADMIN_EMAIL)
            .env("ADMIN_PASSWORD", support::ADMIN_PASSWORD)
            .env("TUSK_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tusk");
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Server {
                    child,
                    url,
                    _db: db,
                };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("tusk did not start");
    }
}

/// Run a Python script with gazu against `host`; returns its stdout.
pub fn run_gazu(host: &str, script: &str) -> String {
    let python = gazu_python();
    let out = Command::new(python)
        .arg("-c")
        .arg(script)
        .env("TUSK_URL", host)
        .env("ADMIN_EMAIL", support::ADMIN_EMAIL)
        .env("ADMIN_PASSWORD", support::ADMIN_PASSWORD)
        .output()
        .expect("run python");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "gazu script failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[tokio::test]
async fn gazu_logs_in_gets_the_user_refreshes_and_logs_out() {
    let server = Server::start().await;
    let script = r#"
import os, gazu
gazu.set_host(os.environ["TUSK_URL"] + "/api")
user = gazu.log_in(os.environ["ADMIN_EMAIL"], os.environ["ADMIN_PASSWORD"])["user"]
assert user["email"] == os.environ["ADMIN_EMAIL"], user
me = gazu.client.get_current_user()
assert me["id"] == user["id"] and me["full_name"] == "Super Admin", me
old = gazu.client.default_client.tokens["access_token"]
gazu.refresh_access_token()
new = gazu.client.default_client.tokens["access_token"]
assert new and new != old
assert gazu.client.get_current_user()["id"] == user["id"]
statuses = gazu.task.all_task_statuses()
assert len(statuses) == 9, statuses
gazu.log_out()
# The logged-out token is refused.
gazu.client.default_client.tokens = {"access_token": new}
try:
    gazu.client.get_current_user()
    raise SystemExit("revoked token accepted")
except gazu.exception.NotAuthenticatedException:
    pass
print("OK", me["email"])
"#;
    let out = tokio::task::spawn_blocking({
        let url = server.url.clone();
        move || run_gazu(&url, script)
    })
    .await
    .unwrap();
    assert!(out.contains("OK admin@example.com"), "{out}");
}

#[tokio::test]
async fn gazu_sets_up_a_production() {
    let server = Server::start().await;
    let script = r#"
import os, tempfile, struct, zlib, gazu
gazu.set_host(os.environ["TUSK_URL"] + "/api")
gazu.log_in(os.environ["ADMIN_EMAIL"], os.environ["ADMIN_PASSWORD"])

project = gazu.project.new_project("Gazu Show", production_type="tvshow")
assert project["production_type"] == "tvshow", project
assert [p["name"] for p in gazu.project.all_open_projects()] == ["Gazu Show"]

# Task types, statuses and asset types enabled on the project.
modeling = gazu.task.get_task_type_by_name("Modeling")
rigging = gazu.task.get_task_type_by_name("Rigging")
gazu.project.add_task_type(project, modeling, priority=1)
gazu.project.add_task_type(project, rigging, priority=2)
wip = gazu.task.get_task_status_by_short_name("wip")
gazu.project.add_task_status(project, wip)
prop = gazu.asset.get_asset_type_by_name("Prop")
gazu.project.add_asset_type(project, prop)
assert {t["name"] for t in gazu.project.get_project_task_types(project)} == {"Modeling", "Rigging"}
assert [s["short_name"] for s in gazu.project.get_project_task_statuses(project)] == ["wip"]
full = gazu.project.get_project(project["id"])
assert full["asset_types"] == [prop["id"]], full
assert full["task_types_priority"][rigging["id"]] == 2, full
gazu.project.remove_task_type(project, rigging)
assert [t["name"] for t in gazu.project.get_project_task_types(project)] == ["Modeling"]

# A team member comes and goes.
person = gazu.person.new_person("Ann", "Artist", "ann@example.com")
gazu.project.add_person_to_team(project, person)
assert person["id"] in [p["id"] for p in gazu.project.get_team(project)]
gazu.project.update_team_member_role(project, person, "supervisor")
assert [p["project_role"] for p in gazu.project.get_team(project) if p["id"] == person["id"]] == ["supervisor"]
gazu.project.remove_person_from_team(project, person)
assert person["id"] not in [p["id"] for p in gazu.project.get_team(project)]

# A custom field: created, renamed (values follow), removed (values go).
d = gazu.project.add_metadata_descriptor(project, "Difficulty", "Asset", data_type="list", choices=["easy", "hard"])
assert d["field_name"] == "difficulty" and d["choices"] == ["easy", "hard"], d
asset = gazu.client.create("entities", {"name": "Chair", "project_id": project["id"], "entity_type_id": prop["id"], "data": {"difficulty": "hard"}})
d["name"] = "Complexity"
d = gazu.project.update_metadata_descriptor(project, d)
assert d["field_name"] == "complexity", d
assert gazu.client.fetch_one("entities", asset["id"])["data"] == {"complexity": "hard"}
assert [x["name"] for x in gazu.project.all_metadata_descriptors(project)] == ["Complexity"]
gazu.project.remove_metadata_descriptor(project, d)
assert gazu.project.all_metadata_descriptors(project) == []
assert gazu.client.fetch_one("entities", asset["id"])["data"] == {}

# The project picture: uploaded, then read back as a 400x400 PNG.
def png(w, h):
    raw = b"".join(b"\x00" + b"\xc8\x1e\x1e\xff" * w for _ in range(h))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
src = tempfile.NamedTemporaryFile(suffix=".png", delete=False)
src.write(png(800, 400)); src.close()
out = gazu.files.upload_project_avatar(project, src.name)
assert out == {"thumbnail_path": "pictures/thumbnails/projects/%s.png" % project["id"]}, out
dst = src.name + ".out.png"
gazu.files.download_project_avatar(project, dst)
data = open(dst, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == (400, 400)
assert gazu.project.get_project(project["id"])["has_avatar"] is True
print("OK production")
"#;
    let out = tokio::task::spawn_blocking({
        let url = server.url.clone();
        move || run_gazu(&url, script)
    })
    .await
    .unwrap();
    assert!(out.contains("OK production"), "{out}");
}

/// A small episodic production built and read back through gazu: episodes,
/// sequences, shots with frame ranges and data, assets of several types,
/// casting, asset instances and the casting CSV.
#[tokio::test]
async fn gazu_builds_an_episodic_breakdown() {
    let server = Server::start().await;
    let script = r#"
import os, gazu
gazu.set_host(os.environ["TUSK_URL"] + "/api")
gazu.log_in(os.environ["ADMIN_EMAIL"], os.environ["ADMIN_PASSWORD"])

project = gazu.project.new_project("Breakdown Show", production_type="tvshow")
for i, name in enumerate(("Layout", "Animation", "Modeling")):
    gazu.project.add_task_type(project, gazu.task.get_task_type_by_name(name), i + 1)
prop = gazu.asset.get_asset_type_by_name("Prop")
character = gazu.asset.get_asset_type_by_name("Character")

# Episodes and sequences (the tv show starts with E01).
e01 = gazu.shot.get_episode_by_name(project, "E01")
e02 = gazu.shot.new_episode(project, "E02")
assert [e["name"] for e in gazu.shot.all_episodes_for_project(project)] == ["E01", "E02"]
sq01 = gazu.shot.new_sequence(project, "SQ01", episode=e01)
sq02 = gazu.shot.new_sequence(project, "SQ02", episode=e02)
assert [s["name"] for s in gazu.shot.all_sequences_for_episode(e01)] == ["SQ01"]

# Shots with frame ranges and data; creating again answers the same shot.
sh010 = gazu.shot.new_shot(project, sq01, "SH010", nb_frames=48, frame_in=1001, frame_out=1048, data={"difficulty": "hard"})
sh020 = gazu.shot.new_shot(project, sq01, "SH020", nb_frames=24)
assert gazu.shot.new_shot(project, sq01, "SH010")["id"] == sh010["id"]
sh030 = gazu.shot.new_shot(project, sq02, "SH030", frame_in=1, frame_out=100)
shot = gazu.shot.get_shot(sh010["id"])
assert shot["nb_frames"] == 48 and shot["frame_in"] == 1001 and shot["frame_out"] == 1048, shot
assert shot["data"] == {"difficulty": "hard", "frame_in": 1001, "frame_out": 1048}, shot
assert shot["sequence_name"] == "SQ01" and shot["episode_name"] == "E01", shot
assert [s["name"] for s in gazu.shot.all_shots_for_sequence(sq01)] == ["SH010", "SH020"]
assert len(gazu.shot.all_shots_for_project(project)) == 3
shot["data"]["difficulty"] = "medium"
gazu.shot.update_shot(shot)
assert gazu.shot.get_shot(sh010["id"])["data"]["difficulty"] == "medium"

# Assets of two types; tasks for everything.
hero = gazu.asset.new_asset(project, character, "Hero", description="main", extra_data={"rig": "bip"})
sword = gazu.asset.new_asset(project, prop, "Sword")
shield = gazu.asset.new_asset(project, prop, "Shield", episode=e02)
assert {a["name"] for a in gazu.asset.all_assets_for_project(project)} == {"Hero", "Sword", "Shield"}
assert [a["name"] for a in gazu.asset.all_assets_for_project_and_type(project, prop)] == ["Shield", "Sword"]
assert {t["name"] for t in gazu.asset.all_asset_types_for_project(project)} == {"Character", "Prop"}
for e in (sh010, sh020, sh030, hero):
    gazu.client.post("data/entities/%s/tasks" % e["id"], {})
assert {t["task_type_name"] for t in gazu.task.all_tasks_for_shot(sh010)} == {"Layout", "Animation"}
assert [t["task_type_name"] for t in gazu.task.all_tasks_for_asset(hero)] == ["Modeling"]

# Casting, read back per shot, per asset and per sequence.
gazu.casting.update_shot_casting(project, sh010, [{"asset_id": hero["id"], "nb_occurences": 2, "label": "animate"}, {"asset_id": sword["id"], "nb_occurences": 1}])
gazu.casting.update_shot_casting(project, sh030, [{"asset_id": shield["id"], "nb_occurences": 3}])
casting = gazu.casting.get_shot_casting(sh010)
assert {(c["asset_name"], c["nb_occurences"]) for c in casting} == {("Hero", 2), ("Sword", 1)}, casting
assert [a["name"] for a in gazu.asset.all_assets_for_shot(sh010)] == ["Hero", "Sword"]
assert [c["shot_name"] for c in gazu.casting.get_asset_cast_in(hero)] == ["SH010"]
seq = gazu.casting.get_sequence_casting(sq01)
assert {c["asset_name"] for c in seq[sh010["id"]]} == {"Hero", "Sword"}, seq
# The episode casting includes what its shots cast.
assert {c["asset_name"] for c in gazu.casting.get_episode_casting(e01)} == {"Hero", "Sword"}

# Asset instances: in a scene, then linked to a shot.
scene = gazu.scene.new_scene(project, sq01, "SC01")
instance = gazu.scene.new_scene_asset_instance(scene, hero)
assert instance["name"] == "Hero_0001", instance
gazu.shot.add_asset_instance_to_shot(sh010, instance)
assert [i["id"] for i in gazu.shot.all_asset_instances_for_shot(sh010)[hero["id"]]] == [instance["id"]]

# The casting CSV of the project's shots.
csv = gazu.client.get_file_data_from_url("export/csv/projects/%s/casting.csv?is_shot_casting=true" % project["id"]).decode()
lines = csv.strip().split("\r\n")
assert lines[0] == "Episode;Parent;Name;Asset Type;Asset;Occurences;Label", lines
assert "E01;SQ01;SH010;Character;Hero;2;animate" in lines and "E02;SQ02;SH030;Prop;Shield;3;" in lines, lines
print("OK breakdown")
"#;
    let out = tokio::task::spawn_blocking({
        let url = server.url.clone();
        move || run_gazu(&url, script)
    })
    .await
    .unwrap();
    assert!(out.contains("OK breakdown"), "{out}");
}
