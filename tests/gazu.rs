//! The official Python client, gazu (from PyPI, in a throwaway venv),
//! against a started `tusk` binary: a real client from day one.
//!
//! The venv is made once under `target/gazu-venv`. The test needs python3
//! with venv and pip, and PyPI (or a pip cache).

mod support;

use std::process::{Command, Stdio};
use std::time::Duration;

pub const GAZU_VERSION: &str = "1.3.1";

/// The venv's python, created on first use.
pub fn gazu_python() -> std::path::PathBuf {
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
