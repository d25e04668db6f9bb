//! What every browser test starts from: the lock that keeps them sequential,
//! a fresh browser, and the paper site, with helpers in the reader's terms
//! (open a page, resize the window, switch to dark mode, take a screenshot).

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::browser::{self, Browser};
use crate::site::{self, PageType, PaperSite};
use crate::webdriver::{Element, Session};

/// Phone and desktop widths the theme must hold at.
pub const NARROW: (u32, u32) = (360, 780);
pub const WIDE: (u32, u32) = (1440, 900);

/// A browser test: holds the lock and the browser until it ends.
pub struct BrowserTest {
    pub browser: Browser,
    pub site: &'static PaperSite,
    // Last: released after the browser has quit.
    _turn: MutexGuard<'static, ()>,
}

impl BrowserTest {
    /// A browser on the paper site, or `None` (with the reason printed) where
    /// Chromium is missing. In CI a missing Chromium fails the test instead.
    pub fn start() -> Option<BrowserTest> {
        // Two cores: one Chromium at a time.
        static TURN: Mutex<()> = Mutex::new(());
        let programs = match browser::find() {
            Ok(p) => p,
            Err(reason) if browser::in_ci() => panic!("CI is set and {reason}: .ci/run installs it"),
            Err(reason) => {
                browser::announce_skip(&reason);
                return None;
            }
        };
        let turn = TURN.lock().unwrap_or_else(PoisonError::into_inner);
        let site = site::paper();
        let browser = Browser::launch(&programs);
        let test = BrowserTest { browser, site, _turn: turn };
        test.viewport(WIDE);
        Some(test)
    }

    pub fn session(&self) -> &Session {
        &self.browser.session
    }

    /// Sets the viewport to exactly `width` × `height` CSS pixels.
    pub fn viewport(&self, (width, height): (u32, u32)) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        );
        assert_eq!(self.js::<u32>("return window.innerWidth"), width, "the viewport did not take the width");
    }

    /// Emulates `prefers-color-scheme: dark` (or light).
    pub fn dark(&self, on: bool) {
        let scheme = if on { "dark" } else { "light" };
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        );
        assert_eq!(self.js::<bool>("return matchMedia('(prefers-color-scheme: dark)').matches"), on);
    }

    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.session().cdp(cmd, params).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Opens `page` and returns what went wrong while loading it: console
    /// errors, and requests the server did not answer with 200.
    pub fn open(&self, page: &PageType) -> Vec<String> {
        self.open_path(page.path, page.status)
    }

    /// Opens `page`, which must load cleanly.
    #[track_caller]
    pub fn load(&self, page: &PageType) {
        self.load_path(page.path, page.status);
    }

    #[track_caller]
    pub fn load_path(&self, path: &str, status: u16) {
        let problems = self.open_path(path, status);
        assert!(problems.is_empty(), "loading {path}:\n{}", problems.join("\n"));
    }

    pub fn open_path(&self, path: &str, status: u16) -> Vec<String> {
        // Whatever came before belongs to the previous page.
        let _ = self.session().browser_log();
        self.site.server.take_hits();
        self.goto(&self.site.server.url(path));
        self.problems(path, status)
    }

    /// Opens `url`, of any server, and waits until it has loaded.
    pub fn goto(&self, url: &str) {
        self.session().goto(url).unwrap_or_else(|e| panic!("{e}"));
        // The load event has fired; wait for the fonts, which move the layout.
        self.js::<Value>("return document.fonts.ready.then(() => null)");
    }

    /// What went wrong on the paper site since the last look: console
    /// errors, and requests not answered with 200 (`status` for `path`,
    /// the page itself).
    pub fn problems(&self, path: &str, status: u16) -> Vec<String> {
        let missing = (status == 404).then(|| self.site.server.url(path));
        let mut problems: Vec<String> =
            self.console_errors(missing.as_deref()).into_iter().map(|e| format!("{path}: console: {e}")).collect();
        for hit in self.site.server.take_hits() {
            let expected = if hit.path == path { status } else { 200 };
            if hit.status != expected {
                problems.push(format!("{path}: request {} answered {}", hit.path, hit.status));
            }
        }
        problems
    }

    /// Console errors since the last look, except the 404 of `missing` (a URL).
    pub fn console_errors(&self, missing: Option<&str>) -> Vec<String> {
        let mut errors = Vec::new();
        for entry in self.session().browser_log().unwrap_or_else(|e| panic!("{e}")) {
            let message = entry["message"].as_str().unwrap_or("");
            let expected_404 = missing.is_some_and(|url| message.starts_with(url) && message.contains("404"));
            if entry["level"] == "SEVERE" && !expected_404 {
                errors.push(message.to_string());
            }
        }
        errors
    }

    /// Polls `script` until it returns `true`, and says how long that took;
    /// fails after `patience`, saying `what` did not happen.
    #[track_caller]
    pub fn wait_until(&self, what: &str, patience: Duration, script: &str) -> Duration {
        let start = Instant::now();
        loop {
            // A script fails while a page unloads: that is "not yet".
            if let Ok(Value::Bool(true)) = self.session().execute(script, vec![]) {
                return start.elapsed();
            }
            assert!(start.elapsed() < patience, "{what}: not within {} s", patience.as_secs_f64());
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Runs a script (a function body) and deserialises its result.
    #[track_caller]
    pub fn js<T: DeserializeOwned>(&self, script: &str) -> T {
        self.js_with(script, vec![])
    }

    #[track_caller]
    pub fn js_with<T: DeserializeOwned>(&self, script: &str, args: Vec<Value>) -> T {
        let value = self.session().execute(script, args).unwrap_or_else(|e| panic!("{e}\nscript: {script}"));
        serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{e}: {value}\nscript: {script}"))
    }

    #[track_caller]
    pub fn find(&self, css: &str) -> Element {
        self.session().find(css).unwrap_or_else(|e| panic!("{e}"))
    }

    /// A PNG of the page (`full`: all of it, else the viewport) in `target/screenshots/`.
    pub fn screenshot(&self, name: &str, full: bool) -> PathBuf {
        let png = if full {
            let (width, height): (f64, f64) =
                self.js("return [innerWidth, Math.min(document.documentElement.scrollHeight, 6000)]");
            let shot = self.cdp(
                "Page.captureScreenshot",
                json!({ "format": "png", "captureBeyondViewport": true,
                        "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 } }),
            );
            crate::webdriver::decode_base64(shot["data"].as_str().unwrap_or("")).expect("base64 PNG")
        } else {
            self.session().screenshot().unwrap_or_else(|e| panic!("{e}"))
        };
        assert!(png.starts_with(b"\x89PNG"), "{name}: not a PNG");
        let path = screenshots_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }
}

/// `target/screenshots/`, kept as an artifact of the run.
pub fn screenshots_dir() -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
