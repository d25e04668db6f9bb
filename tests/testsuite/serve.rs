//! `acta serve` and `acta build --watch`: a real server on a copy of a
//! fixture, edited while it runs, spoken to over plain HTTP on loopback.
//!
//! Nothing here asserts on timing: every wait polls until what is expected
//! shows up, and fails only after a generous [`PATIENCE`].

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::TestSite;

/// How long a change may take to show up before a test fails.
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `acta` process, killed when dropped.
struct Server {
    child: Child,
    addr: Option<SocketAddr>,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// `acta serve --port 0 ARGS` in the site's folder, once it prints its URL.
    fn start(site: &TestSite, args: &[&str]) -> Server {
        Server::start_in(site.path(), args)
    }

    /// `acta serve --port 0 ARGS` in `dir`, once it prints its URL.
    fn start_in(dir: &Path, args: &[&str]) -> Server {
        let mut all = vec!["serve"];
        if !args.contains(&"--port") {
            all.extend(["--port", "0"]);
        }
        all.extend(args);
        let mut server = Server::spawn_in(dir, &all);
        let stdout = server.child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://") {
                    let _ = tx.send(line[at..].trim().to_string());
                }
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("acta serve printed no URL; stderr:\n{}", server.stderr()));
        let host = url.trim_start_matches("http://").trim_end_matches('/');
        server.addr = Some(host.parse().unwrap_or_else(|e| panic!("{url}: {e}")));
        server
    }

    /// `acta ARGS` in the site's folder, with stderr collected as it comes.
    fn spawn(site: &TestSite, args: &[&str]) -> Server {
        Server::spawn_in(site.path(), args)
    }

    /// `acta ARGS` in `dir`, with stderr collected as it comes.
    fn spawn_in(dir: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_acta"))
            .args(args)
            .current_dir(dir)
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
        Server { child, addr: None, stderr }
    }

    fn addr(&self) -> SocketAddr {
        self.addr.unwrap()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Response {
        get(self.addr(), path, &[])
    }

    /// Polls `path` until `ok` holds for the answer, which is returned.
    #[track_caller]
    fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&Response) -> bool) -> Response {
        let start = Instant::now();
        loop {
            let r = self.get(path);
            if ok(&r) {
                return r;
            }
            if start.elapsed() > PATIENCE {
                panic!("{path} never {what}; last answer:\n{r:?}\nstderr:\n{}", self.stderr());
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Sends the request head for `path` (as it is: no normalising), with `Host`
/// set to the server's address unless `headers` has one.
fn send(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> TcpStream {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut head = format!("GET {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream
}

fn get(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut raw = Vec::new();
    send(addr, path, headers).read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no head end in {text:?}"));
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .map(|l| l.split_once(':').unwrap())
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect::<Vec<_>>();
    let length: usize = headers.iter().find(|(n, _)| n == "Content-Length").unwrap().1.parse().unwrap();
    assert_eq!(body.len(), length, "Content-Length of {path}");
    Response { status, headers, body: body.to_string() }
}

/// The `/__acta/events` stream of a page.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// Opens the stream; returns the status and, when it is 200, the stream.
    fn open(addr: SocketAddr, headers: &[(&str, &str)]) -> (u16, Events) {
        let mut reader = BufReader::new(send(addr, "/__acta/events", headers));
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let status = line.split(' ').nth(1).unwrap().parse().unwrap();
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            if line.trim().is_empty() {
                break;
            }
        }
        (status, Events { reader })
    }

    /// The data of the next `build` event: the id of the build served.
    fn next_build(&mut self) -> String {
        self.next_build_data().remove(0)
    }

    /// Every data line of the next `build` event: the id, then (when only
    /// some pages must reload) which, as JSON.
    fn next_build_data(&mut self) -> Vec<String> {
        let mut event = String::new();
        let mut data = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            assert!(self.reader.read_line(&mut line).unwrap() > 0, "the event stream ended");
            let line = line.trim_end();
            if let Some(name) = line.strip_prefix("event: ") {
                event = name.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data.push(d.to_string());
            } else if line.is_empty() && event == "build" && !data.is_empty() {
                return data;
            } else if line.is_empty() {
                data.clear();
            }
        }
    }
}

/// Replaces `rel` by writing a sibling and renaming it over, as editors do.
fn save_by_rename(site: &TestSite, rel: &str, temp_name: &str, text: &str) {
    let path = site.path().join(rel);
    let temp = path.with_file_name(temp_name);
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &path).unwrap();
}

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\nweight: 3\n---\n\n{body}\n")
}

/// `guide/one.md` with `words` in it and the anchors other pages link to.
fn one(words: &str) -> String {
    format!("---\ntitle: One\nweight: 1\n---\n\n## Setting up\n\n{words} [two](two.md)\n\n### Deeper {{#custom-id}}\n")
}

#[test]
fn an_edit_shows_up_in_the_served_page() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &[]);
    assert!(server.get("/guide/one/").body.contains("Some text"));
    site.write("content/guide/one.md", &one("Freshly edited words."));
    server.wait_for("/guide/one/", "showed the edit", |r| r.status == 200 && r.body.contains("Freshly edited words"));
}

#[test]
fn the_reload_event_comes_after_the_new_page_is_served() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &[]);
    let (status, mut events) = Events::open(server.addr(), &[]);
    assert_eq!(status, 200);
    let first = events.next_build();
    assert!(server.get("/guide/one/").body.contains(&format!("var id=\"{first}\"")));
    save_by_rename(&site, "content/guide/one.md", "one.md.tmp", &one("Reloaded words."));
    let second = events.next_build_data();
    assert_ne!(first, second[0]);
    // No polling: by the time the event is sent, the new site is in.
    let page = server.get("/guide/one/");
    assert!(page.body.contains("Reloaded words"), "{page:?}");
    // When the event names the pages to reload, the edited page came first
    // and the rest of the rebuild follows: the page may be the next's already.
    let mut ids = vec![format!("var id=\"{}\"", second[0])];
    if second.len() == 2 {
        ids.push(format!("var id=\"{}\"", events.next_build()));
    }
    assert!(ids.iter().any(|id| page.body.contains(id)), "{page:?}");
    assert!(server.get("/guide/one/").body.contains(ids.last().unwrap()));
}

/// Issue 23: the edited page is served first, and the event names it, so
/// that other open pages do not reload; then the rest of the rebuild (the
/// term's page listing the new use) follows, and its event names only the
/// pages that changed.
#[test]
fn the_edited_page_is_served_first_then_the_term_page_lists_the_new_use() {
    let site = TestSite::fixture("glossary");
    let edited = "---\ntitle: Notes\nweight: 9\n---\n\nNotes without terms.\n";
    site.write("content/notes.md", edited);
    let server = Server::start(&site, &[]);
    let (_, mut events) = Events::open(server.addr(), &[]);
    let first = events.next_build();
    let listed = "class=\"use-page\" href=\"/notes/";
    assert!(!server.get("/glossary/tiar/").body.contains(listed));
    save_by_rename(&site, "content/notes.md", "notes.md.tmp", &format!("{edited}\nThe Rio Treaty is the TIAR.\n"));

    // The page first: its event reloads only it.
    let early = events.next_build_data();
    assert_ne!(early[0], first);
    let only: serde_json::Value = serde_json::from_str(&early[1]).unwrap();
    assert_eq!(only, serde_json::json!({"after": first, "changed": ["/notes/"]}));
    // Then the whole rebuild: the term's page now lists the page.
    let rest = events.next_build_data();
    let only: serde_json::Value = serde_json::from_str(&rest[1]).unwrap();
    assert_eq!(only["after"], early[0].as_str());
    let changed = only["changed"].as_array().unwrap();
    assert!(changed.contains(&"/glossary/tiar/".into()), "{only}");
    assert!(!changed.contains(&"/notes/".into()), "the page was not changed again: {only}");
    let term = server.get("/glossary/tiar/").body;
    assert!(term.contains(listed), "{term}");
    assert!(server.get("/notes/").body.contains("Rio Treaty"));
    // Last the search index (issue 19), which reloads no page.
    let search = events.next_build_data();
    let only: serde_json::Value = serde_json::from_str(&search[1]).unwrap();
    assert_eq!(only, serde_json::json!({"after": rest[0], "changed": []}));

    // A page with an error is never shown early: the overlay comes at once.
    save_by_rename(&site, "content/notes.md", "notes.md.tmp", &format!("{edited}\nThe TIAR, [broken](missing.md)\n"));
    let failed = events.next_build_data();
    assert_eq!(failed.len(), 1, "a failed rebuild reloads every page: {failed:?}");
    let page = server.get("/notes/").body;
    assert!(page.contains("acta-errors") && page.contains("Rio Treaty"), "{page}");
}

#[test]
fn a_new_page_appears_and_a_deleted_page_gives_404() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &[]);
    assert_eq!(server.get("/guide/three/").status, 404);
    site.write("content/guide/three.md", &page("Three", "A third chapter."));
    server.wait_for("/guide/three/", "appeared", |r| r.status == 200 && r.body.contains("A third chapter"));
    // The navigation of the other pages lists it too: the whole site was rebuilt.
    assert!(server.get("/guide/one/").body.contains("/guide/three/"));
    std::fs::remove_file(site.path().join("content/guide/three.md")).unwrap();
    server.wait_for("/guide/three/", "went away", |r| r.status == 404);
    assert!(!server.get("/guide/one/").body.contains("/guide/three/"));
}

#[test]
fn a_renamed_page_leaves_its_old_address() {
    let site = TestSite::fixture("basic");
    site.write("content/guide/three.md", &page("Three", "Moving soon."));
    let server = Server::start(&site, &[]);
    assert_eq!(server.get("/guide/three/").status, 200);
    let dir = site.path().join("content/guide");
    std::fs::rename(dir.join("three.md"), dir.join("four.md")).unwrap();
    server.wait_for("/guide/four/", "appeared", |r| r.status == 200 && r.body.contains("Moving soon"));
    assert_eq!(server.get("/guide/three/").status, 404);
}

#[test]
fn atomic_saves_by_rename_are_picked_up() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &[]);
    for (temp, words) in [(".one.md.swp", "Saved like vim."), ("one.md.tmp", "Saved through a temp file.")] {
        save_by_rename(&site, "content/guide/one.md", temp, &one(words));
        server.wait_for("/guide/one/", "showed the save", |r| r.body.contains(words));
    }
    // JetBrains: write a temp file, move the original aside, move the temp in, delete the original.
    let dir = site.path().join("content/guide");
    std::fs::write(dir.join("one.md___jb_tmp___"), one("Saved like an IDE.")).unwrap();
    std::fs::rename(dir.join("one.md"), dir.join("one.md___jb_old___")).unwrap();
    std::fs::rename(dir.join("one.md___jb_tmp___"), dir.join("one.md")).unwrap();
    std::fs::remove_file(dir.join("one.md___jb_old___")).unwrap();
    server.wait_for("/guide/one/", "showed the save", |r| r.status == 200 && r.body.contains("Saved like an IDE"));
    // The temp files never became pages.
    assert!(!server.stderr().contains("___jb_"), "{}", server.stderr());
}

#[test]
fn a_broken_front_matter_keeps_the_last_good_page_under_an_overlay() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &[]);
    let good = server.get("/guide/one/");
    assert!(!good.body.contains("acta-errors"));

    site.write("content/guide/one.md", "---\ntitle: One\ndescription: [unclosed\n---\nBroken.\n");
    let shown = server.wait_for("/guide/one/", "showed the overlay", |r| r.body.contains("acta-errors"));
    assert_eq!(shown.status, 200);
    assert!(shown.body.contains("role=\"alert\""));
    assert!(shown.body.contains("content/guide/one.md:"), "{}", shown.body);
    assert!(shown.body.contains("Some text"), "the last good page is kept");
    assert!(!shown.body.contains("Broken."));
    // Every HTML page shows it, the 404 page too; stylesheets are left alone.
    assert!(server.get("/").body.contains("acta-errors"));
    assert!(server.get("/nope/").body.contains("acta-errors"));
    assert!(!server.get("/acta.css").body.contains("acta-errors"));
    let stderr = server.stderr();
    assert!(stderr.lines().any(|l| l.starts_with("content/guide/one.md:") && l.contains(": error: ")), "{stderr}");

    // Text from the file reaches the overlay escaped.
    site.write("content/guide/one.md", "---\ntitle: One\n<img src=x onerror=alert(1)>: 1\n---\n");
    let shown = server.wait_for("/guide/one/", "showed the second error", |r| r.body.contains("unknown field"));
    assert!(shown.body.contains("&lt;img src=x onerror=alert(1)&gt;"), "{}", shown.body);
    assert!(!shown.body.contains("<img src=x"));

    site.write("content/guide/one.md", &one("Fixed again."));
    let fixed = server.wait_for("/guide/one/", "cleared the overlay", |r| !r.body.contains("acta-errors"));
    assert!(fixed.body.contains("Fixed again"));
}

#[test]
fn a_first_build_that_fails_serves_the_errors_until_fixed() {
    let site = TestSite::fixture("basic");
    site.write("content/guide/two.md", "---\ntitle: [Two\n---\n");
    let server = Server::start(&site, &[]);
    for path in ["/", "/guide/one/", "/acta.css"] {
        let r = server.get(path);
        assert_eq!(r.status, 500, "{path}");
        assert!(r.body.contains("role=\"alert\"") && r.body.contains("content/guide/two.md:"), "{r:?}");
        assert!(r.body.contains("/__acta/events"));
    }
    site.write("content/guide/two.md", "---\ntitle: Two\nweight: 2\n---\n\n## Details\n\nBack.\n");
    server.wait_for("/guide/one/", "recovered", |r| r.status == 200 && !r.body.contains("acta-errors"));
    assert_eq!(server.get("/acta.css").status, 200);
}

#[test]
fn paths_outside_the_site_are_never_served() {
    // The site in `site/`, a secret beside it and one in its root.
    let site = TestSite::minimal();
    crate::support::copy_dir(&crate::support::fixtures().join("basic"), &site.path().join("site"));
    let secret = "TOP-SECRET-7f3a";
    site.write("secret.txt", secret);
    site.write("site/secret.txt", secret);
    let server = Server::start(&site, &["--root", "site"]);
    for path in [
        "/secret.txt",
        "/../secret.txt",
        "/../../secret.txt",
        "/guide/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/guide/..%2f..%2fsecret.txt",
        "/guide%2f..%2f..%2fsecret.txt",
        "/.%2e/secret.txt",
        "/..%5csecret.txt",
        "/guide%5c..%5c..%5csecret.txt",
        "/..\\secret.txt",
        "/%252e%252e/secret.txt",
        "/secret.txt%00.html",
        "//secret.txt",
        "/../site/secret.txt",
        "/../../site/secret.txt",
        "/../site.toml",
        "/../content/guide/one.md",
        "/../../../../../../../../etc/passwd",
    ] {
        let r = server.get(path);
        assert!(r.status == 404 || r.status == 400, "{path}: {}", r.status);
        assert!(!r.body.contains(secret) && !r.body.contains("root:"), "{path} leaked: {}", r.body);
    }
    // The source of a page is not served either, only what the build made.
    assert_eq!(server.get("/guide/one.md").status, 404);
}

#[test]
fn foreign_hosts_and_origins_are_refused() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &[]);
    let port = server.addr().port();
    let evil = format!("evil.example:{port}");
    assert_eq!(get(server.addr(), "/", &[("Host", &evil)]).status, 403);
    assert_eq!(get(server.addr(), "/", &[("Host", "127.0.0.1:1")]).status, 403);
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        assert_eq!(get(server.addr(), "/", &[("Host", &host)]).status, 200, "{host}");
    }
    let r = get(server.addr(), "/", &[]);
    assert!(r.headers.iter().all(|(n, _)| !n.to_ascii_lowercase().starts_with("access-control")), "{r:?}");

    let (status, _) = Events::open(server.addr(), &[("Origin", "http://evil.example")]);
    assert_eq!(status, 403);
    let (status, _) = Events::open(server.addr(), &[("Host", &evil)]);
    assert_eq!(status, 403);
    let own = format!("http://{}", server.addr());
    let (status, mut events) = Events::open(server.addr(), &[("Origin", &own)]);
    assert_eq!(status, 200);
    assert!(!events.next_build().is_empty());
}

#[test]
fn statuses_and_content_types() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &[]);
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    let built_404 = {
        let probe = TestSite::fixture("basic");
        probe.build().assert_ok();
        probe.read("404.html")
    };
    let title = built_404.lines().find(|l| l.contains("<title>")).unwrap().trim();
    assert!(missing.body.contains(title), "{missing:?}");
    for (path, content_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/guide/one/", "text/html; charset=utf-8"),
        ("/acta.css", "text/css; charset=utf-8"),
        ("/acta.js", "text/javascript; charset=utf-8"),
        ("/highlight.css", "text/css; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/guide/figure.png", "image/png"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("Content-Type"), Some(content_type), "{path}");
    }
    let redirect = server.get("/guide/one");
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.header("Location"), Some("/guide/one/"));
    assert_eq!(server.get("/guide/one/index.html").status, 200);
}

#[test]
fn the_reload_script_is_served_but_never_written() {
    let site = TestSite::fixture("basic");
    {
        let server = Server::start(&site, &[]);
        let home = server.get("/");
        let script = home.body.find("/__acta/events").expect("the reload script");
        assert!(script < home.body.rfind("</body>").unwrap(), "the script goes inside the body");
        assert!(!server.get("/acta.js").body.contains("__acta"));
    }
    assert!(!site.path().join("public").exists(), "serve wrote the output folder");
    site.build().assert_ok();
    for rel in ["index.html", "guide/one/index.html", "404.html"] {
        assert!(!site.read(rel).contains("__acta"), "{rel}");
    }
}

#[test]
fn a_source_folder_created_later_is_watched() {
    let site = TestSite::fixture("basic");
    assert!(!site.path().join("static").exists());
    let server = Server::start(&site, &[]);
    site.write("static/notes.txt", "first");
    server.wait_for("/notes.txt", "was served", |r| r.status == 200 && r.body == "first");
    site.write("static/deep/er/file.txt", "deep");
    server.wait_for("/deep/er/file.txt", "was served", |r| r.status == 200 && r.body == "deep");
    site.write("static/notes.txt", "second");
    server.wait_for("/notes.txt", "changed", |r| r.body == "second");
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &["--port", &port]);
    assert_ne!(server.addr().port().to_string(), port);
    assert!(server.stderr().contains(&format!("Port {port} is in use")), "{}", server.stderr());
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn polling_sees_edits_too() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &["--poll"]);
    site.write("content/guide/one.md", &one("Seen by polling."));
    server.wait_for("/guide/one/", "showed the edit", |r| r.body.contains("Seen by polling"));
    // Twice within a second: notify's poller alone compares whole seconds.
    site.write("content/guide/one.md", &one("Seen again."));
    server.wait_for("/guide/one/", "showed the second edit", |r| r.body.contains("Seen again"));
}

/// CPU time (user + system) of a process so far, in clock ticks.
#[cfg(target_os = "linux")]
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // After the command name in parentheses: state is field 0, utime 11, stime 12.
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

#[test]
fn a_thousand_rapid_saves_end_with_the_last_one_and_an_idle_server() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &[]);
    let path = site.path().join("content/guide/one.md");
    for i in 0..1000 {
        std::fs::write(&path, one(&format!("Save number {i}."))).unwrap();
    }
    server.wait_for("/guide/one/", "showed the last save", |r| {
        r.body.contains("Save number 999.") && !r.body.contains("acta-errors")
    });
    let rebuilds = server.stderr().matches("rebuilt").count() + server.stderr().matches("build failed").count();
    assert!(rebuilds < 200, "{rebuilds} rebuilds for one burst of saves");
    // Then the server goes idle: its CPU time stops growing. The debouncer's
    // timer wakes a few dozen times a second, so allow two ticks per second.
    #[cfg(target_os = "linux")]
    {
        let pid = server.child.id();
        let start = Instant::now();
        loop {
            let before = cpu_ticks(pid);
            std::thread::sleep(Duration::from_secs(1));
            let used = cpu_ticks(pid) - before;
            if used <= 2 {
                break;
            }
            assert!(start.elapsed() < PATIENCE, "still busy: {used} ticks in the last second");
        }
    }
    assert!(server.get("/guide/one/").body.contains("Save number 999."));
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

/// A memory figure of a process from /proc/PID/status (`VmHWM`, `VmRSS`), in KiB.
#[cfg(target_os = "linux")]
fn status_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap_or_else(|| panic!("no {field} in {status}"));
    line[field.len()..].trim().trim_end_matches("kB").trim().parse().unwrap()
}

/// The soft and hard limits on open files of this process (Linux).
#[cfg(target_os = "linux")]
fn open_file_limits() -> Option<(u64, u64)> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    let mut numbers = line["Max open files".len()..].split_whitespace();
    let mut next = || numbers.next().map(|n| n.parse().unwrap_or(u64::MAX));
    Some((next()?, next()?))
}

/// Whether this process (and the servers it starts, which inherit the limit)
/// may open `needed` files; raises the soft limit to the hard one with
/// prlimit(1) if that helps (no unsafe code for setrlimit here).
#[cfg(target_os = "linux")]
fn allow_open_files(needed: u64) -> Result<(), String> {
    let Some((soft, hard)) = open_file_limits() else { return Err("no /proc/self/limits".into()) };
    if soft >= needed {
        return Ok(());
    }
    if hard < needed {
        return Err(format!("the hard limit on open files is {hard}, below the {needed} needed"));
    }
    let pid = std::process::id().to_string();
    let _ = Command::new("prlimit").args(["--pid", &pid, &format!("--nofile={hard}:{hard}")]).status();
    match open_file_limits() {
        Some((soft, _)) if soft >= needed => Ok(()),
        _ => Err(format!("cannot raise the limit on open files from {soft} to {needed} (prlimit failed)")),
    }
}

/// Issue 14: a request head that arrives a byte at a time is cut off after a
/// deadline on the whole head, not kept alive by each byte.
#[test]
fn a_request_head_sent_a_byte_at_a_time_is_cut_off() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &[]);
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    let head = format!("GET / HTTP/1.1\r\nHost: {}\r\nX-Slow: {}", server.addr(), "a".repeat(10_000));
    let start = Instant::now();
    for byte in head.bytes() {
        // A write fails once the server has closed the connection (and the
        // peer's reset comes back), which is what is expected.
        if stream.write_all(&[byte]).is_err() {
            return;
        }
        assert!(start.elapsed() < PATIENCE * 2, "a head trickled in for {:?} and was never cut off", start.elapsed());
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the whole slow head was accepted");
}

/// Issue 14: 1,100 connections trickling their request heads (more than the
/// server's 1,024 slots) do not keep a well-formed request out.
#[test]
#[cfg(target_os = "linux")]
fn trickling_connections_do_not_starve_a_normal_request() {
    const SLOW: usize = 1100;
    // The test's sockets and the server's, plus some for everything else.
    if let Err(why) = allow_open_files(2 * SLOW as u64 + 200) {
        eprintln!("skipped trickling_connections_do_not_starve_a_normal_request: {why}");
        return;
    }
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &[]);
    let addr = server.addr();
    let mut slow: Vec<TcpStream> = (0..SLOW)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(b"G").unwrap();
            s
        })
        .collect();
    // Keep every head growing a byte at a time while the normal requests go.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let trickler = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let head = b"ET / HTTP/1.1\r\nX-Slow: ";
            let mut at = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let byte = head.get(at).copied().unwrap_or(b'a');
                at += 1;
                // Connections the server closed fail here: they are done.
                slow.retain_mut(|s| s.write_all(&[byte]).is_ok());
                std::thread::sleep(Duration::from_millis(100));
            }
            slow.len()
        })
    };
    for _ in 0..5 {
        let r = server.get("/guide/one/");
        assert_eq!(r.status, 200, "{r:?}");
        assert!(r.body.contains("Some text"));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let still_open = trickler.join().unwrap();
    eprintln!("{still_open} of {SLOW} trickling connections were still open");
}

/// Issue 14: many readers of a large page do not each get a copy of it (200
/// readers of a 22 MB page once took the server to 4.8 GB).
#[test]
#[cfg(target_os = "linux")]
fn many_readers_of_a_large_page_share_its_bytes() {
    const READERS: usize = 200;
    const PAGE: usize = 20 * 1024 * 1024;
    let site = TestSite::fixture("basic");
    let mut big = String::with_capacity(PAGE + 100);
    big.push_str("<!doctype html>\n<html><head><title>Big</title></head><body>\n");
    let mut n = 0;
    while big.len() < PAGE {
        big.push_str(&format!("<p>Paragraph {n} of a very long page.</p>\n"));
        n += 1;
    }
    big.push_str("</body></html>\n");
    site.write("static/big.html", &big);
    drop(big);
    let server = Server::start(&site, &[]);
    let addr = server.addr();
    let expected = Arc::new(get_bytes(addr, "/big.html"));
    assert!(expected.len() > PAGE && expected.ends_with(b"</body></html>\n"));
    assert!(String::from_utf8_lossy(&expected[expected.len() - 4096..]).contains("/__acta/events"));
    let pid = server.child.id();
    let before = status_kib(pid, "VmHWM:");
    // Every reader has its answer started before any reads the body, so the
    // server holds all of them at once.
    let barrier = Arc::new(std::sync::Barrier::new(READERS));
    let readers: Vec<_> = (0..READERS)
        .map(|_| {
            let (expected, barrier) = (Arc::clone(&expected), Arc::clone(&barrier));
            std::thread::spawn(move || {
                let started = read_head(send(addr, "/big.html", &[]));
                barrier.wait();
                let mut stream = started?;
                let mut got = 0;
                let mut buf = vec![0; 64 * 1024];
                loop {
                    let n = stream.read(&mut buf).map_err(|e| format!("after {got} bytes: {e}"))?;
                    if n == 0 {
                        break;
                    }
                    if got + n > expected.len() || buf[..n] != expected[got..got + n] {
                        return Err(format!("the body differs from the first answer near byte {got}"));
                    }
                    got += n;
                }
                if got == expected.len() { Ok(()) } else { Err(format!("{got} of {} bytes", expected.len())) }
            })
        })
        .collect();
    let results: Vec<Result<(), String>> = readers.into_iter().map(|r| r.join().unwrap()).collect();
    let after = status_kib(pid, "VmHWM:");
    let grown = after.saturating_sub(before);
    // A copy per reader would be 200 × 20 MB; allow ten pages for buffers and threads.
    let bound = (10 * PAGE / 1024) as u64;
    assert!(grown < bound, "the server's peak memory grew by {grown} KiB (from {before}), over {bound} KiB");
    for result in results {
        result.unwrap();
    }
}

/// The body of a 200 answer, as bytes.
#[cfg(target_os = "linux")]
fn get_bytes(addr: SocketAddr, path: &str) -> Vec<u8> {
    let mut stream = read_head(send(addr, path, &[])).unwrap();
    let mut body = Vec::new();
    stream.read_to_end(&mut body).unwrap();
    body
}

/// Reads the head of a 200 answer a byte at a time, leaving the stream at the
/// start of the body.
#[cfg(target_os = "linux")]
fn read_head(mut stream: TcpStream) -> Result<TcpStream, String> {
    let mut head = Vec::new();
    let mut byte = [0];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            other => return Err(format!("the head ended early ({other:?}): {:?}", String::from_utf8_lossy(&head))),
        }
    }
    let text = String::from_utf8_lossy(&head);
    if text.starts_with("HTTP/1.1 200 ") { Ok(stream) } else { Err(format!("not 200: {text}")) }
}

/// Deleting the site's folder (the server's working folder) and making it
/// again is a change like any other: the new site is served, and edits to it
/// are seen.
#[test]
fn a_site_folder_deleted_and_made_again_is_served_anew() {
    let parent = TestSite::minimal();
    let dir = parent.path().join("site");
    crate::support::copy_dir(&crate::support::fixtures().join("basic"), &dir);
    let server = Server::start_in(&dir, &[]);
    assert!(server.get("/guide/one/").body.contains("Some text"));
    std::fs::remove_dir_all(&dir).unwrap();
    crate::support::copy_dir(&crate::support::fixtures().join("basic"), &dir);
    std::fs::write(dir.join("content/guide/one.md"), one("Made again.")).unwrap();
    server.wait_for("/guide/one/", "showed the new folder", |r| {
        r.status == 200 && r.body.contains("Made again") && !r.body.contains("acta-errors")
    });
    // The new folder is watched: an edit in it shows up too.
    std::fs::write(dir.join("content/guide/one.md"), one("Edited after.")).unwrap();
    server.wait_for("/guide/one/", "showed the edit", |r| r.body.contains("Edited after"));
}
