//! Live reload in a real browser: `acta serve` on a copy of the paper site,
//! a page open in Chromium, and the page's sources edited under it. The
//! page must reload by itself, show the new text, show the error overlay
//! while the site is broken and lose it once fixed.
//!
//! What the server answers (the overlay's markup, the reload script kept out
//! of `acta build`'s files) is the testsuite's (tests/testsuite/serve.rs);
//! here it is what a reader sees.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::harness::BrowserTest;
use crate::site::{self, PAGE};

/// How long an edit may take to reach the open page (the issue asks for a
/// second; this is the bound a loaded machine gets).
const RELOAD_PATIENCE: Duration = Duration::from_secs(5);
/// A broken or fixed site needs a full rebuild before the overlay changes.
const OVERLAY_PATIENCE: Duration = Duration::from_secs(10);

/// The page the tests edit, and its source.
const SOURCE: &str = "content/01-abstract.md";

/// `acta serve` on a copy of the paper site, stopped when dropped.
struct Served {
    child: Child,
    url: String,
    stderr: Arc<Mutex<String>>,
    dir: tempfile::TempDir,
}

impl Served {
    fn start() -> Served {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for name in ["site.toml", "content", "themes", "templates", "static"] {
            copy(&site::repo().join(name), &dir.path().join(name));
        }
        // Port 0 and the address acta prints: no race for a port picked beforehand.
        let mut child = Command::new(env!("CARGO_BIN_EXE_acta"))
            .args(["serve", "--port", "0", "--root"])
            .arg(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run acta serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        if let Some(pipe) = child.stderr.take() {
            let sink = Arc::clone(&stderr);
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let mut all = sink.lock().unwrap_or_else(|e| e.into_inner());
                    all.push_str(&line);
                    all.push('\n');
                }
            });
        }
        let (tx, rx) = channel();
        if let Some(pipe) = child.stdout.take() {
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    if let Some(at) = line.find("http://") {
                        let _ = tx.send(line[at..].trim().trim_end_matches('/').to_string());
                    }
                }
            });
        }
        let mut served = Served { child, url: String::new(), stderr, dir };
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(url) => served.url = url,
            Err(_) => panic!("acta serve printed no address; stderr:\n{}", served.stderr()),
        }
        served
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.path(rel), text).unwrap_or_else(|e| panic!("{rel}: {e}"));
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Copies a file or a folder, if there is one at `from`.
fn copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let rel = entry.path().strip_prefix(from).unwrap();
        // `from` itself: joining an empty path would add a trailing slash.
        let dest = if rel.as_os_str().is_empty() { to.to_path_buf() } else { to.join(rel) };
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Opens `path` of the served site; it must load without console errors.
#[track_caller]
fn open(t: &BrowserTest, served: &Served, path: &str) {
    let _ = t.session().browser_log();
    t.goto(&served.url(path));
    let errors = t.console_errors(None);
    assert!(errors.is_empty(), "{path}: console:\n{}", errors.join("\n"));
    // A mark that a reload wipes out.
    let _: Value = t.js("window.notReloaded = true; return null");
}

fn overlay(t: &BrowserTest) -> Option<String> {
    t.js("const o = document.getElementById('acta-errors'); return o && o.innerText")
}

/// `text` as a JavaScript string literal.
fn js_str(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

#[test]
fn editing_a_page_reloads_it_with_the_new_text() {
    let Some(t) = BrowserTest::start() else { return };
    let served = Served::start();
    open(&t, &served, PAGE.path);
    let reload_script: bool = t.js("return [...document.scripts].some(s => s.textContent.includes('/__acta/events'))");
    assert!(reload_script, "the served page has no reload script");
    let original = served.read(SOURCE);
    let mut took = Vec::new();
    for round in 1..=3 {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let sentence = format!("Live reload check {nanos}, round {round}.");
        let start = Instant::now();
        served.write(SOURCE, &format!("{original}\n{sentence}\n"));
        let shown = format!("return !window.notReloaded && document.body.innerText.includes({})", js_str(&sentence));
        t.wait_until(
            &format!("the open page reloads with the edit (stderr:\n{})", served.stderr()),
            RELOAD_PATIENCE,
            &shown,
        );
        took.push(start.elapsed().as_millis());
        let errors = t.console_errors(None);
        assert!(errors.is_empty(), "after the reload, console:\n{}", errors.join("\n"));
        let _: Value = t.js("window.notReloaded = true; return null");
    }
    eprintln!("live reload: edit saved → new text on the open page in {took:?} ms");
}

/// Issue 23: an edit reloads the page it changed, not the author's other
/// open pages: the reload event names the pages that changed.
#[test]
fn an_edit_leaves_other_open_pages_alone() {
    let Some(t) = BrowserTest::start() else { return };
    let served = Served::start();
    open(&t, &served, site::SECTION.path);
    let original = served.read(SOURCE);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let sentence = format!("Only this page changes {nanos}.");
    served.write(SOURCE, &format!("{original}\n{sentence}\n"));
    // Asked from the open page, which must not reload meanwhile.
    let edited = format!(
        "const x = new XMLHttpRequest(); x.open('GET', {}, false); x.send(); return x.responseText.includes({})",
        js_str(PAGE.path),
        js_str(&sentence)
    );
    t.wait_until(&format!("the edit is served (stderr:\n{})", served.stderr()), RELOAD_PATIENCE, &edited);
    // The rest of the rebuild (the glossary's uses) follows; give it time.
    std::thread::sleep(Duration::from_millis(1500));
    let stayed: bool = t.js("return window.notReloaded === true");
    assert!(stayed, "the section page reloaded for an edit of another page (stderr:\n{})", served.stderr());
    // Its own edit still reloads it.
    let section = "content/02-globalization-security/_index.md";
    let text = served.read(section);
    let own = format!("The section itself changes {nanos}.");
    served.write(section, &format!("{text}\n{own}\n"));
    let shown = format!("return !window.notReloaded && document.body.innerText.includes({})", js_str(&own));
    t.wait_until("the section page reloads with its own edit", RELOAD_PATIENCE, &shown);
}

#[test]
fn a_broken_front_matter_shows_the_overlay_until_it_is_fixed() {
    let Some(t) = BrowserTest::start() else { return };
    let served = Served::start();
    open(&t, &served, PAGE.path);
    assert_eq!(overlay(&t), None);
    let original = served.read(SOURCE);
    // Line 3 of the front matter: not YAML.
    let mut lines: Vec<&str> = original.lines().collect();
    lines[2] = "weight: 1: 2";
    served.write(SOURCE, &(lines.join("\n") + "\n"));
    t.wait_until(
        "the error overlay appears on the open page",
        OVERLAY_PATIENCE,
        "return !!document.getElementById('acta-errors')",
    );
    let text = overlay(&t).unwrap_or_default();
    assert!(text.contains(&format!("{SOURCE}:3:")), "the overlay does not name the file and line:\n{text}");
    assert!(t.js::<bool>("return document.getElementById('acta-errors').getAttribute('role') === 'alert'"));
    // Under it, the last page that built.
    let title: String = t.js("return document.querySelector('.doc-header h1').innerText");
    assert!(title.contains("Abstract"), "{title}");
    served.write(SOURCE, &original);
    t.wait_until(
        "the overlay goes once the error is fixed",
        OVERLAY_PATIENCE,
        "return !document.getElementById('acta-errors')",
    );
    assert!(t.js::<bool>("return !!document.querySelector('.doc-header h1')"));
}

#[test]
fn a_template_error_shows_the_overlay_over_the_last_good_site() {
    let Some(t) = BrowserTest::start() else { return };
    let served = Served::start();
    let template = "themes/default/templates/page.html";
    let good = served.read(template);
    assert_eq!(good.lines().count(), 5, "{template} changed: the error's line below is wrong");
    open(&t, &served, PAGE.path);
    let before: String = t.js("return document.querySelector('.content').innerText");
    served.write(template, &format!("{good}{{% if %}}\n"));
    t.wait_until(
        "the error overlay appears on the open page",
        OVERLAY_PATIENCE,
        "return !!document.getElementById('acta-errors')",
    );
    let text = overlay(&t).unwrap_or_default();
    assert!(text.contains(&format!("{template}:6:")), "the overlay does not name the template and line:\n{text}");
    let after: String = t.js("return document.querySelector('.content').innerText");
    assert_eq!(after, before, "the last good page is not what is served under the overlay");
    // Every page shows it, not only those of the broken template.
    open(&t, &served, "/");
    assert!(overlay(&t).is_some_and(|o| o.contains(template)), "the home page does not show the error");
    served.write(template, &good);
    t.wait_until(
        "the overlay goes once the template is fixed",
        OVERLAY_PATIENCE,
        "return !document.getElementById('acta-errors')",
    );
}

/// Issue 19: after an edit the search index is brought up to date too: a
/// search for a word just typed into a page finds that page. (The paper is
/// one shard: the index is merged from it again; the shard merge itself is
/// tested byte for byte in the library.)
#[test]
fn a_word_just_typed_into_a_page_is_found_by_search() {
    let Some(t) = BrowserTest::start() else { return };
    let served = Served::start();
    open(&t, &served, PAGE.path);
    // A made-up word, letters only, so Pagefind indexes it as one word.
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let word: String = format!("{nanos}").bytes().rev().take(8).map(|d| (b'j' + (d - b'0')) as char).collect();
    let word = format!("quux{word}");
    let original = served.read(SOURCE);
    let before = Instant::now();
    served.write(SOURCE, &format!("{original}\nThe word {word} is new here.\n"));
    let shown = format!("return !window.notReloaded && document.body.innerText.includes({})", js_str(&word));
    t.wait_until(&format!("the page shows the edit (stderr:\n{})", served.stderr()), RELOAD_PATIENCE, &shown);
    // The index follows the page: search from a freshly opened page until
    // the edited page is among the results, or give up.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        t.goto(&served.url(crate::site::HOME.path));
        crate::search::wait_for_box(&t);
        t.session().press("/").unwrap();
        t.session().type_text(&word).unwrap();
        t.wait_until(
            "the search says what it found",
            Duration::from_secs(15),
            &format!(
                "const m = document.querySelector('#search .pagefind-ui__message');
                 return !!m && m.textContent.includes({}) && !document.querySelector('#search .pagefind-ui__loading')",
                js_str(&word)
            ),
        );
        let found: Vec<String> =
            t.js("return [...document.querySelectorAll('#search .pagefind-ui__result-link')].map(a => new URL(a.href).pathname)");
        if found.iter().any(|p| p == PAGE.path) {
            eprintln!("search: {word:?} found {:?} after the edit in {} ms", found, before.elapsed().as_millis());
            break;
        }
        assert!(
            Instant::now() < deadline,
            "search for {word:?} never found {} (found {found:?}); stderr:\n{}",
            PAGE.path,
            served.stderr()
        );
        std::thread::sleep(Duration::from_millis(300));
    }
}
