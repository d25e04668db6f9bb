//! `acta build --watch` (and later `acta serve`): a real watcher on a copy of
//! a fixture, edited while it runs.
//!
//! Nothing here asserts on timing: every wait polls until what is expected
//! shows up, and fails only after a generous [`PATIENCE`].

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::TestSite;

/// How long a change may take to show up before a test fails.
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `acta` process, killed when dropped.
struct Server {
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// `acta ARGS` in the site's folder, with stderr collected as it comes.
    fn spawn(site: &TestSite, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_acta"))
            .args(args)
            .current_dir(site.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        Server { child, stderr }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `guide/one.md` with `words` in it and the anchors other pages link to.
fn one(words: &str) -> String {
    format!("---\ntitle: One\nweight: 1\n---\n\n## Setting up\n\n{words} [two](two.md)\n\n### Deeper {{#custom-id}}\n")
}

#[test]
fn build_watch_rewrites_the_output_and_keeps_it_on_errors() {
    let site = TestSite::fixture("basic");
    let watcher = Server::spawn(&site, &["build", "--watch"]);
    let out = site.path().join("public/guide/one/index.html");
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    wait_until("the first build is written", &watcher, || read(&out).contains("Some text"));
    site.write("content/guide/one.md", &one("Watched and written."));
    wait_until("the edit is written", &watcher, || read(&out).contains("Watched and written"));
    site.write("content/guide/one.md", "---\ntitle: [broken\n---\n");
    wait_until("the error is reported", &watcher, || watcher.stderr().contains("the output folder was not changed"));
    assert!(read(&out).contains("Watched and written"), "the output was kept");
    assert!(!read(&out).contains("__acta"));
    site.write("content/guide/one.md", &one("Back to good."));
    wait_until("the fix is written", &watcher, || read(&out).contains("Back to good"));
    // Writing public/ inside the root is no change of the sources.
    wait_until("the fix is reported", &watcher, || watcher.stderr().trim_end().ends_with(" ms"));
    let builds = || watcher.stderr().matches(" pages (").count();
    let before = builds();
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(builds(), before, "writing the output started a rebuild:\n{}", watcher.stderr());
}

#[track_caller]
fn wait_until(what: &str, server: &Server, ok: impl Fn() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < PATIENCE, "never: {what}; stderr:\n{}", server.stderr());
        std::thread::sleep(Duration::from_millis(25));
    }
}
