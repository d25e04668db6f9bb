//! Headless Chromium under chromedriver: found, started on 127.0.0.1 with a
//! fresh profile, and stopped when the test ends (even when it panics).

use std::io::Write;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Once;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::webdriver::{self, Session};

/// The programs the tests drive.
pub struct Programs {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

/// Whether this run is CI's, where a missing browser is a failure, not a skip.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Says once, past the test harness's output capture, why browser tests do nothing.
pub fn announce_skip(reason: &str) {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = writeln!(std::io::stderr(), "\nbrowser tests SKIPPED: {reason}\n");
    });
}

fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|dir| names.iter().map(move |n| dir.join(n))).find(|p| p.is_file())
}

/// Chromium and chromedriver, from `$ACTA_CHROMIUM` / `$ACTA_CHROMEDRIVER` or the `PATH`.
pub fn find() -> Result<Programs, String> {
    let find = |var: &str, names: &[&str], package: &str| {
        let found = match std::env::var_os(var) {
            Some(path) => Some(PathBuf::from(path)).filter(|p| p.is_file()),
            None => on_path(names),
        };
        found.ok_or_else(|| format!("{} is not installed (apt-get install {package})", names[0]))
    };
    Ok(Programs {
        chromium: find("ACTA_CHROMIUM", &["chromium", "chromium-browser"], "chromium")?,
        chromedriver: find("ACTA_CHROMEDRIVER", &["chromedriver"], "chromium-driver")?,
    })
}

/// A running chromedriver with one headless Chromium session.
pub struct Browser {
    pub session: Session,
    // Dropped after the session has quit.
    _driver: Driver,
}

/// The chromedriver process and the folder of its log and Chromium's profile.
struct Driver {
    child: Child,
    dir: tempfile::TempDir,
}

impl Browser {
    pub fn launch(programs: &Programs) -> Browser {
        let dir = tempfile::tempdir().expect("profile folder");
        let port = free_port();
        let log = dir.path().join("chromedriver.log");
        let child = Command::new(&programs.chromedriver)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so that Drop can end chromedriver and the
            // Chromium it started, and nothing else.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("{}: {e}", programs.chromedriver.display()));
        let mut driver = Driver { child, dir };
        driver.wait_ready(port);
        let user_data = driver.dir.path().join("profile");
        let capabilities = json!({
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "binary": programs.chromium,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--no-default-browser-check",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-quic",
                    "--disable-extensions",
                    "--disable-dev-shm-usage",
                    "--hide-scrollbars",
                    // Names resolve to nothing: every address stays on 127.0.0.1.
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                    "--window-size=1440,900",
                    format!("--user-data-dir={}", user_data.display()),
                ],
            },
        });
        let session = Session::new(port, capabilities).unwrap_or_else(|e| driver.fail(&e));
        Browser { session, _driver: driver }
    }
}

impl Driver {
    fn wait_ready(&mut self, port: u16) {
        let start = Instant::now();
        loop {
            if let Ok(status) = webdriver::call(port, "GET", "/status", None)
                && status["ready"].as_bool() == Some(true)
            {
                return;
            }
            if let Ok(Some(exit)) = self.child.try_wait() {
                self.fail(&format!("chromedriver exited: {exit}"));
            }
            if start.elapsed() > Duration::from_secs(20) {
                self.fail(&"chromedriver did not answer within 20 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Panics with the end of chromedriver's log, which says why.
    fn fail(&self, error: &dyn std::fmt::Display) -> ! {
        panic!("{error}\n--- chromedriver log (end) ---\n{}", log_tail(&self.dir.path().join("chromedriver.log")))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.session.quit();
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The group is chromedriver's own (process_group(0) above): its id is
        // chromedriver's pid, and it holds only what chromedriver started.
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.child.id())]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0)).and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn log_tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}
