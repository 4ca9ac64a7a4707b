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

/// An HTTP client for tests: statuses are answers, not errors; it keeps
/// cookies; `follow_redirects` false lets a test see a 303 itself.
pub fn http_agent(follow_redirects: bool) -> ureq::Agent {
    let config = ureq::Agent::config_builder().http_status_as_error(false);
    let config = if follow_redirects {
        config
    } else {
        config.max_redirects(0)
    };
    config.build().into()
}

/// The value of the first form field named `name` in a page (hidden inputs
/// such as the CSRF token), whatever the order of its attributes.
pub fn hidden_value(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no field {name} in the page: {html}"));
    let tag_start = html[..at].rfind('<').expect("a tag");
    let tag_end = at + html[at..].find('>').expect("a tag end");
    let tag = &html[tag_start..tag_end];
    let value = tag.split("value=\"").nth(1).expect("a value");
    value[..value.find('"').expect("a closing quote")].to_string()
}

/// Signs `name` in through the sign-in form (its CSRF cookie and hidden
/// field) on `agent`, which then keeps the session cookie; returns the
/// status of the form's answer (303 when it worked and redirects are not
/// followed).
pub fn sign_in(agent: &ureq::Agent, url: &str, name: &str, password: &str) -> u16 {
    let form = agent
        .get(&format!("{url}/login"))
        .call()
        .expect("GET /login answered")
        .body_mut()
        .read_to_string()
        .expect("the sign-in page");
    let csrf = hidden_value(&form, "csrf");
    agent
        .post(&format!("{url}/login"))
        .send_form([
            ("name", name),
            ("password", password),
            ("csrf", csrf.as_str()),
            ("next", "/"),
        ])
        .expect("POST /login answered")
        .status()
        .as_u16()
}

/// Runs a `kura` command that must succeed; returns its standard output.
pub fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().expect("kura runs");
    assert!(
        out.status.success(),
        "kura failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// The `kura` binary in `dir`, with no stray configuration from the
/// environment (assert_cmd, for the CLI tests).
pub fn kura(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("kura").expect("the kura binary is built");
    cmd.current_dir(dir)
        .env_remove("KURA_CONFIG")
        .env_remove("KURA_DATABASE_URL")
        .env_remove("KURA_TIME_ZONE")
        .env_remove("KURA_LANG")
        .env("LANG", "C");
    cmd
}

/// The standard output of a `kura` command that must succeed.
pub fn stdout(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().expect("kura runs");
    assert!(
        out.status.success(),
        "kura failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}
