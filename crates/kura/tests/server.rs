//! A real `kura serve` process for tests: started on a free port, stopped
//! when dropped, with helpers to add users and tokens through the CLI.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The `kura` binary under test: `KURA_TEST_BIN` if set (e.g. a release
/// build for the long crash runs), else the one cargo built for the tests.
pub fn kura_bin() -> PathBuf {
    std::env::var_os("KURA_TEST_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_kura")))
}

/// A `kura` command on `database`, in `dir`, with no stray configuration.
pub fn kura_on(dir: &Path, database: &str) -> Command {
    let mut cmd = Command::new(kura_bin());
    cmd.current_dir(dir)
        .env_remove("KURA_CONFIG")
        .env_remove("KURA_DATABASE_URL")
        .env_remove("KURA_LANG")
        .env("KURA_TIME_ZONE", "Asia/Tokyo")
        .args(["--database", database]);
    cmd
}

/// Adds a user with `password` through `kura user add … --password-stdin`.
pub fn add_user(dir: &Path, database: &str, name: &str, password: &str, extra: &[&str]) {
    let mut child = kura_on(dir, database)
        .args(["user", "add", name, "--password-stdin"])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kura user add starts");
    writeln!(child.stdin.take().expect("stdin"), "{password}").expect("password written");
    let out = child.wait_with_output().expect("kura user add ends");
    assert!(
        out.status.success(),
        "kura user add {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Creates an API token and returns its secret.
pub fn create_token(dir: &Path, database: &str, name: &str, scope: &str) -> String {
    let out = kura_on(dir, database)
        .args(["token", "create", name, "--scope", scope])
        .output()
        .expect("kura token create runs");
    assert!(
        out.status.success(),
        "kura token create: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .trim()
        .to_string()
}

/// A running `kura serve`, killed on drop.
pub struct KuraServer {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl KuraServer {
    /// Starts `kura serve --bind 127.0.0.1:0` on `database` and waits for
    /// the address it prints.
    pub fn start(dir: &Path, database: &str, extra: &[&str]) -> Self {
        let mut child = kura_on(dir, database)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("kura serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("kura serve prints its address");
        let url = line
            .trim()
            .strip_prefix("kura: listening on ")
            .unwrap_or_else(|| panic!("unexpected first line from kura serve: {line:?}"))
            .to_string();
        Self { child, url }
    }
}

impl Drop for KuraServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
