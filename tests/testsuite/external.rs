//! `acta check --external`, against HTTP servers the tests start on
//! 127.0.0.1: what each kind of answer is reported as, that only
//! `--external` touches the network, the per-host limit, and the cache.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::{Run, TestSite};

/// A server on 127.0.0.1 that logs every request (`HEAD /ok`) and the most
/// requests it was answering at once.
struct Server {
    base: String,
    log: Arc<Mutex<Vec<String>>>,
    most_at_once: Arc<AtomicUsize>,
}

impl Server {
    fn start(route: fn(&str, &str) -> Answer) -> Server {
        Server::start_on(TcpListener::bind("127.0.0.1:0").unwrap(), route)
    }

    fn start_on(listener: TcpListener, route: fn(&str, &str) -> Answer) -> Server {
        let base = format!("http://{}", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Vec::new()));
        let most_at_once = Arc::new(AtomicUsize::new(0));
        let active = Arc::new(AtomicUsize::new(0));
        let (l, m) = (log.clone(), most_at_once.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (log, most, active) = (l.clone(), m.clone(), active.clone());
                std::thread::spawn(move || serve(stream, route, &log, &most, &active));
            }
        });
        Server { base, log, most_at_once }
    }

    /// The requests so far, and forget them.
    fn take_log(&self) -> Vec<String> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }
}

/// What a route answers: status line, extra headers, and a delay first.
struct Answer {
    status: &'static str,
    headers: String,
    delay: Duration,
}

fn answer(status: &'static str) -> Answer {
    Answer { status, headers: String::new(), delay: Duration::ZERO }
}

fn serve(
    stream: TcpStream,
    route: fn(&str, &str) -> Answer,
    log: &Mutex<Vec<String>>,
    most: &AtomicUsize,
    active: &AtomicUsize,
) {
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let mut parts = request.split_whitespace();
    let (method, path) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
    log.lock().unwrap().push(format!("{method} {path}"));
    let now = active.fetch_add(1, Ordering::SeqCst) + 1;
    most.fetch_max(now, Ordering::SeqCst);
    let a = route(&method, &path);
    std::thread::sleep(a.delay);
    active.fetch_sub(1, Ordering::SeqCst);
    let response = format!("HTTP/1.1 {}\r\nContent-Length: 0\r\nConnection: close\r\n{}\r\n", a.status, a.headers);
    let _ = (&stream).write_all(response.as_bytes());
}

fn routes(method: &str, path: &str) -> Answer {
    match (method, path) {
        (_, "/ok") => answer("200 OK"),
        (_, "/moved") => Answer { headers: "Location: /ok\r\n".into(), ..answer("301 Moved Permanently") },
        (_, "/loop") => Answer { headers: "Location: /loop\r\n".into(), ..answer("301 Moved Permanently") },
        (_, "/to-file") => Answer { headers: "Location: file:///etc/passwd\r\n".into(), ..answer("302 Found") },
        (_, "/to-ftp") => {
            Answer { headers: "Location: FTP://127.0.0.1/x\r\n".into(), ..answer("301 Moved Permanently") }
        }
        (_, "/relative") => Answer { headers: "Location: ok\r\n".into(), ..answer("302 Found") },
        ("HEAD", "/no-head") => answer("405 Method Not Allowed"),
        ("GET", "/no-head") => answer("200 OK"),
        // Longer than the 1 s the tests give each link.
        (_, "/slow") => Answer { delay: Duration::from_secs(4), ..answer("200 OK") },
        (_, "/limited") => Answer { headers: "Retry-After: 120\r\n".into(), ..answer("429 Too Many Requests") },
        _ => answer("404 Not Found"),
    }
}

/// Every request waits a little, so that unlimited requests would overlap.
fn busy(_: &str, _: &str) -> Answer {
    Answer { delay: Duration::from_millis(150), ..answer("200 OK") }
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Runs acta with no proxy from the environment, so requests go straight to
/// the test's servers.
fn acta(site: &TestSite, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_acta"));
    cmd.args(args).current_dir(site.path());
    for var in ["http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"] {
        cmd.env_remove(var);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `path:line:column` of the first `needle` in the file (columns in characters).
fn at(site: &TestSite, rel: &str, needle: &str) -> String {
    let text = std::fs::read_to_string(site.path().join(rel)).unwrap();
    let offset = text.find(needle).unwrap_or_else(|| panic!("{needle} is not in {rel}"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
    format!("{rel}:{line}:{column}")
}

/// A site linking to every route of `web`, to a closed port, to an ignored
/// prefix, and six times to `busy`.
fn site(web: &Server, busy: &Server, refused: &str) -> TestSite {
    let site = TestSite::minimal();
    let base = &web.base;
    site.write("site.toml", &format!("title = \"Links\"\n\n[check]\nignore_external = [\"{base}/ignored/\"]\n"));
    site.write(
        "content/a.md",
        &format!(
            "---\ntitle: A\n---\n\nFine: [ok]({base}/ok) and [moved]({base}/moved).\n\
             Broken: [missing]({base}/missing#part).\n\
             [loop]({base}/loop) and <a href=\"{base}/no-head\">no HEAD</a>.\n\
             Slow: [slow]({base}/slow). Limited: [limited]({base}/limited).\n\
             Refused: [refused]({refused}). Skipped: [ignored]({base}/ignored/page).\n"
        ),
    );
    site.write(
        "content/b.md",
        &format!(
            "---\ntitle: B\n---\n\nSee [the missing page][m], [again][m], and [ok]({base}/ok).\n\n[m]: {base}/missing\n"
        ),
    );
    let links: String = (1..=6).map(|i| format!("- [{i}]({}/{i})\n", busy.base)).collect();
    site.write("content/busy.md", &format!("---\ntitle: Busy\n---\n\n{links}"));
    site
}

/// How many times each request was made.
fn counts(log: &[String]) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for request in log {
        *counts.entry(request.as_str()).or_default() += 1;
    }
    counts
}

#[test]
fn reports_each_failing_link_at_every_use_and_caches_the_good_ones() {
    let (web, busy_server) = (Server::start(routes), Server::start(busy));
    let refused = format!("http://127.0.0.1:{}/x", closed_port());
    let site = site(&web, &busy_server, &refused);
    let base = &web.base;

    // Off by default: a plain check asks nothing of the network.
    acta(&site, &["check"]).assert_ok();
    assert_eq!(web.take_log(), Vec::<String>::new());
    assert_eq!(busy_server.take_log(), Vec::<String>::new());

    let run = acta(&site, &["check", "--external", "--timeout", "1"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let diagnostics: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("content/")).collect();
    let missing = format!("{base}/missing");
    assert_eq!(
        diagnostics,
        vec![
            format!("{}: error: link to `{missing}#part` failed: 404 Not Found", at(&site, "content/a.md", &missing)),
            format!(
                "{}: error: link to `{base}/loop` failed: more than 5 redirects",
                at(&site, "content/a.md", &format!("{base}/loop"))
            ),
            format!(
                "{}: error: link to `{base}/slow` failed: no answer within 1 s",
                at(&site, "content/a.md", &format!("{base}/slow"))
            ),
            format!(
                "{}: warning: link to `{base}/limited` was not checked: 429 Too Many Requests, retry after 120 s",
                at(&site, "content/a.md", &format!("{base}/limited"))
            ),
            format!("{}: error: link to `{refused}` failed: connection refused", at(&site, "content/a.md", &refused)),
            // A reference definition used twice is one place.
            format!("{}: error: link to `{missing}` failed: 404 Not Found", at(&site, "content/b.md", &missing)),
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "Checked 14 external links (0 from the cache): 4 failed, 1 not answered (rate limited); \
             1 ignored by [check] ignore_external"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("5 errors, 1 warning"), "{}", run.stderr);

    // Each URL is asked once however many pages use it: HEAD, then GET when
    // HEAD gets an error status.
    let log = web.take_log();
    let c = counts(&log);
    assert_eq!(c.get("HEAD /missing"), Some(&1), "{log:?}");
    assert_eq!(c.get("GET /missing"), Some(&1), "{log:?}");
    assert_eq!((c.get("HEAD /no-head"), c.get("GET /no-head")), (Some(&1), Some(&1)), "{log:?}");
    assert_eq!(c.get("HEAD /moved"), Some(&1), "{log:?}");
    assert_eq!(c.get("HEAD /limited"), Some(&1), "429 is not retried: {log:?}");
    assert_eq!(c.get("GET /limited"), None, "429 is not retried: {log:?}");
    assert!(!log.iter().any(|r| r.contains("/ignored/")), "{log:?}");
    // The six links to one host were all asked, never more than two at a time.
    assert_eq!(busy_server.take_log().len(), 6);
    let most = busy_server.most_at_once.load(Ordering::SeqCst);
    assert!((1..=2).contains(&most), "{most} requests at once to one host");

    // The cache: what answered well is not asked again; failures are.
    assert!(site.path().join(".acta-cache/external-links.tsv").is_file());
    assert!(site.path().join(".acta-cache/.gitignore").is_file());
    let run = acta(&site, &["check", "--external", "--timeout", "1"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("Checked 14 external links (9 from the cache): 4 failed"), "{}", run.stderr);
    let mut again: Vec<String> = web.take_log().into_iter().filter(|r| r.starts_with("HEAD")).collect();
    again.sort();
    again.dedup(); // the loop is asked six times: once and five redirects
    assert_eq!(again, ["HEAD /limited", "HEAD /loop", "HEAD /missing", "HEAD /slow"]);
    assert_eq!(busy_server.take_log(), Vec::<String>::new());
    assert!(!site.path().join("public").exists(), "check writes nothing but its cache");
}

#[test]
fn json_report_and_a_corrupt_cache() {
    let (web, busy_server) = (Server::start(routes), Server::start(busy));
    let refused = format!("http://127.0.0.1:{}/x", closed_port());
    let site = site(&web, &busy_server, &refused);
    site.write_bytes(".acta-cache/external-links.tsv", b"\xff\xfe garbage\n\0\0\nnot\ta cache\n");

    let run = acta(&site, &["check", "--external", "--timeout", "1", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["errors"], 5);
    assert_eq!(report["warnings"], 1);
    assert_eq!(
        report["external"],
        serde_json::json!({"links": 14, "cached": 0, "failed": 4, "rate_limited": 1, "ignored": 1, "private": 0})
    );
    let first = &report["diagnostics"][0];
    assert_eq!(first["path"], "content/a.md");
    assert_eq!(first["line"], 6);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["message"], format!("link to `{}/missing#part` failed: 404 Not Found", web.base));
    // The unreadable cache was ignored, every link asked, and a good one written.
    assert_eq!(busy_server.take_log().len(), 6);
    let cache = std::fs::read_to_string(site.path().join(".acta-cache/external-links.tsv")).unwrap();
    assert_eq!(cache.lines().filter(|l| !l.starts_with('#')).count(), 9, "{cache}");
}

#[test]
fn timeout_needs_external() {
    let site = TestSite::minimal();
    assert_eq!(acta(&site, &["check", "--timeout", "1"]).code, 2);
}

#[test]
fn a_redirect_to_another_scheme_is_an_error_and_never_followed() {
    let web = Server::start(routes);
    let base = &web.base;
    let site = TestSite::minimal();
    site.write(
        "content/a.md",
        &format!("---\ntitle: A\n---\n\n[f]({base}/to-file) [g]({base}/to-ftp) [r]({base}/relative)\n"),
    );
    let run = acta(&site, &["check", "--external", "--timeout", "2"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("content/")).collect();
    assert_eq!(
        lines,
        [
            format!(
                "{}: error: link to `{base}/to-file` failed: redirects to a file: URL, which is not checked",
                at(&site, "content/a.md", &format!("{base}/to-file"))
            ),
            format!(
                "{}: error: link to `{base}/to-ftp` failed: redirects to a ftp: URL, which is not checked",
                at(&site, "content/a.md", &format!("{base}/to-ftp"))
            ),
        ],
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("root:"), "the file's contents were read: {}", run.stderr);
    // A relative Location resolves against the URL that gave it.
    let log = web.take_log();
    assert!(log.contains(&"HEAD /ok".to_string()), "{log:?}");
    assert!(run.stderr.contains("Checked 3 external links (0 from the cache): 2 failed"), "{}", run.stderr);
}

#[test]
fn ipv6_literal_hosts_are_checked() {
    // Machines without IPv6 loopback cannot run this; the URL handling is
    // unit-tested in src/check/external.rs as well.
    let Ok(listener) = TcpListener::bind("[::1]:0") else {
        eprintln!("no IPv6 loopback: skipped");
        return;
    };
    let web = Server::start_on(listener, routes);
    let base = &web.base;
    assert!(base.starts_with("http://[::1]:"), "{base}");
    let site = TestSite::minimal();
    site.write(
        "content/a.md",
        &format!("---\ntitle: A\n---\n\n[ok]({base}/ok), <{base}/moved> and [gone]({base}/gone).\n"),
    );
    let run = acta(&site, &["check", "--external", "--timeout", "2"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("content/")).collect();
    assert_eq!(
        lines,
        [format!(
            "{}: error: link to `{base}/gone` failed: 404 Not Found",
            at(&site, "content/a.md", &format!("{base}/gone"))
        )],
        "{}",
        run.stderr
    );
    let mut log = web.take_log();
    log.sort();
    log.dedup();
    assert_eq!(log, ["GET /gone", "HEAD /gone", "HEAD /moved", "HEAD /ok"]);
}

#[test]
fn exclude_private_skips_loopback_private_and_local_names() {
    let web = Server::start(routes);
    let port = web.base.rsplit(':').next().unwrap().to_string();
    let site = TestSite::minimal();
    site.write(
        "content/a.md",
        &format!(
            "---\ntitle: A\n---\n\n[a](http://127.0.0.1:{port}/ok) [b](http://localhost:{port}/ok) \
             [c](http://[::1]:{port}/ok) [d](http://10.0.0.1/) [e](http://192.168.0.1/) [f](http://169.254.169.254/) \
             [g](http://[fd00::1]/)\n"
        ),
    );
    let run = acta(&site, &["check", "--external", "--exclude-private", "--timeout", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "Checked 0 external links (0 from the cache): 0 failed; 7 skipped as private addresses (--exclude-private)"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(web.take_log(), Vec::<String>::new(), "nothing was asked");
    let run = acta(&site, &["check", "--external", "--exclude-private", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["external"]["private"], 7);
    // Without the flag the loopback link is asked.
    site.write("content/a.md", &format!("---\ntitle: A\n---\n\n[a](http://127.0.0.1:{port}/ok)\n"));
    acta(&site, &["check", "--external"]).assert_ok();
    assert_eq!(web.take_log(), ["HEAD /ok"]);
    // The flag needs --external.
    assert_eq!(acta(&site, &["check", "--exclude-private"]).code, 2);
}

/// Each use is reported where the render recorded its URL (issue 21), not
/// where the URL's text first occurs: the same text in a code span, in the
/// link's own text, or in a link to a longer URL is not the link.
#[test]
fn failures_are_reported_where_the_render_recorded_the_url() {
    let web = Server::start(routes);
    let base = &web.base;
    let gone = format!("{base}/gone");
    let site = TestSite::minimal();
    site.write(
        "content/a.md",
        &format!(
            "---\ntitle: A\n---\n\nThe address `{gone}` is [{gone}/more]({gone}/more).\n\n\
             Here: [{gone}]({gone}), and by name [one][g] and [two][g].\n\n\
             [g]: <{gone}>\n\nBare: {gone}/bare.\n"
        ),
    );
    let run = acta(&site, &["check", "--external", "--timeout", "2"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("content/")).collect();
    let text = std::fs::read_to_string(site.path().join("content/a.md")).unwrap();
    let line7 = text.lines().nth(6).unwrap();
    let inline = line7.find(&format!("]({gone})")).unwrap() + 3;
    assert_eq!(
        lines,
        [
            format!("content/a.md:5:{}: error: link to `{gone}/more` failed: 404 Not Found", {
                let line5 = text.lines().nth(4).unwrap();
                line5.find(&format!("]({gone}/more)")).unwrap() + 3
            }),
            format!("content/a.md:7:{inline}: error: link to `{gone}` failed: 404 Not Found"),
            // Both reference links share their definition: one place.
            format!("content/a.md:9:7: error: link to `{gone}` failed: 404 Not Found"),
            // A bare URL is a link too (GFM's extended autolinks), where it is.
            format!("content/a.md:11:7: error: link to `{gone}/bare` failed: 404 Not Found"),
        ],
        "{}",
        run.stderr
    );
}
