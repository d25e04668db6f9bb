//! What the preview server answers: the rendered site from memory, the reload
//! events, and the error overlay.
//!
//! Only the files of the rendered site are served: a request path is decoded
//! and checked, then looked up in the in-memory map, so no request reaches the
//! file system. Requests must name this server in `Host` (DNS rebinding), and
//! the events endpoint accepts only same-origin pages.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock};
use std::time::Duration;

use super::http::{Handler, Request, Response};
use super::reload::{RELOAD_SCRIPT, Reload, changed_pages, page_path};
use crate::html::{escape, percent_decode_strict};

/// The endpoint of the Server-Sent Events that tell pages to reload.
pub const EVENTS_PATH: &str = "/__acta/events";
/// A comment is sent this often on an idle event stream, so a closed tab is noticed.
const KEEPALIVE: Duration = Duration::from_secs(15);
const HTML: &str = "text/html; charset=utf-8";

/// The files of a rendered site by output path (`guide/one/index.html`).
pub type Files = HashMap<String, Arc<[u8]>>;

/// One version of what is served: the last site that built, and the errors
/// of the last rebuild if it failed.
#[derive(Debug)]
pub struct Served {
    /// Changes with every rebuild, and between runs of the server: a page
    /// whose id differs from the server's reloads.
    pub id: String,
    /// `None` until a build succeeds.
    files: Option<Arc<Files>>,
    /// `path:line:column: message` lines; empty when the last rebuild succeeded.
    errors: Vec<String>,
    /// What goes into every page: made once per version, not per request.
    snippet: String,
    /// Which pages must reload: all, or only those that changed since the
    /// version before.
    reload: Reload,
}

impl Served {
    /// A site that built.
    pub fn built(id: String, files: Files) -> Served {
        Served::new(id, Some(Arc::new(files)), Vec::new())
    }

    /// A site that built, after `previous`: only the pages that differ
    /// reload (every page if `previous` showed errors, or if a file other
    /// than a page or JSON data changed: a stylesheet, a script).
    pub fn rebuilt(id: String, files: Files, previous: &Served) -> Served {
        let reload = match &previous.files {
            Some(old) if previous.errors.is_empty() => changed_pages(old, &files)
                .map_or(Reload::All, |paths| Reload::Only { after: previous.id.clone(), paths }),
            _ => Reload::All,
        };
        Served { reload, ..Served::built(id, files) }.with_snippet()
    }

    /// `previous`'s site with `pages` (files of a few pages) in place of
    /// theirs: the edited pages, shown before the rest of the rebuild.
    pub fn with_pages(id: String, previous: &Served, pages: Vec<(String, Arc<[u8]>)>) -> Option<Served> {
        let files = previous.good_files()?;
        let paths = pages.iter().map(|(rel, _)| page_path(rel)).collect();
        let mut files = files.clone();
        files.extend(pages);
        let reload = Reload::Only { after: previous.id.clone(), paths };
        Some(Served { reload, ..Served::built(id, files) }.with_snippet())
    }

    /// `previous`'s site with a new search index in place of its own: no
    /// page reloads (a search made after this reads the new index).
    pub fn with_search(id: String, previous: &Served, search: Vec<crate::rendered::OutputFile>) -> Option<Served> {
        let dir = format!("{}/", crate::search::DIR);
        let mut files: Files = previous
            .good_files()?
            .iter()
            .filter(|(rel, _)| !rel.starts_with(&dir))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        files.extend(search.into_iter().map(|f| (f.rel, f.bytes)));
        let reload = Reload::Only { after: previous.id.clone(), paths: Vec::new() };
        Some(Served { reload, ..Served::built(id, files) }.with_snippet())
    }

    /// The site shown, if the last rebuild succeeded.
    pub fn good_files(&self) -> Option<&Files> {
        self.files.as_deref().filter(|_| self.errors.is_empty())
    }

    /// The site of `previous` (if any) under the errors of a failed rebuild.
    pub fn failed(id: String, previous: Option<&Served>, errors: Vec<String>) -> Served {
        Served::new(id, previous.and_then(|p| p.files.clone()), errors)
    }

    fn new(id: String, files: Option<Arc<Files>>, errors: Vec<String>) -> Served {
        Served { id, files, errors, snippet: String::new(), reload: Reload::All }.with_snippet()
    }

    fn with_snippet(mut self) -> Served {
        self.snippet = self.make_snippet();
        self
    }

    /// The data of this version's `build` event: the id, and on a second
    /// line, when only some pages reload, which (JSON, for the script).
    fn event_data(&self) -> String {
        match &self.reload {
            Reload::All => format!("data: {}\n", self.id),
            Reload::Only { after, paths } => {
                let only = serde_json::json!({ "after": after, "changed": paths });
                format!("data: {}\ndata: {only}\n", self.id)
            }
        }
    }

    /// Whether a build has succeeded: there is a site to show under the errors.
    pub fn has_site(&self) -> bool {
        self.files.is_some()
    }

    /// The overlay (when the last rebuild failed) and the reload script.
    fn make_snippet(&self) -> String {
        let mut s = String::new();
        if !self.errors.is_empty() {
            let what = if self.files.is_some() {
                "The last change broke the build: this is the last version that built."
            } else {
                "The site could not be built."
            };
            s.push_str(&format!(
                "<div id=\"acta-errors\" role=\"alert\" style=\"{OVERLAY_STYLE}\"><p style=\"margin:0 0 .5em;font-weight:bold\">{what} Fix the errors below and save: the page reloads by itself.</p><pre style=\"margin:0;white-space:pre-wrap;font:inherit\">"
            ));
            for e in &self.errors {
                s.push_str(&escape(e));
                s.push('\n');
            }
            s.push_str("</pre></div>\n");
        }
        s.push_str(&RELOAD_SCRIPT.replace("BUILD_ID", &self.id));
        s
    }

    /// `html` with the snippet before its `</body>` (or at its end), as three
    /// slices of the page and the snippet: no copy of the page per request.
    fn decorate<'a>(&'a self, html: &'a [u8]) -> Vec<Cow<'a, [u8]>> {
        let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
        vec![Cow::Borrowed(&html[..at]), Cow::Borrowed(self.snippet.as_bytes()), Cow::Borrowed(&html[at..])]
    }

    /// The answer to every path while no build has succeeded.
    fn error_page(&self) -> Vec<Cow<'_, [u8]>> {
        self.decorate(
            b"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>acta: the site has errors</title></head><body>\n</body></html>\n",
        )
    }
}

const OVERLAY_STYLE: &str = "position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:60vh;overflow:auto;box-sizing:border-box;margin:0;padding:1em 1.25em;background:#fff4f4;color:#5c0000;border-bottom:4px solid #c00;box-shadow:0 2px 12px rgba(0,0,0,.3);font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left";

/// The served site, swapped whole: a request sees the old site or the new
/// one, never a mix, and pages are told to reload only once the new one is in.
#[derive(Debug)]
pub struct Live {
    current: RwLock<Arc<Served>>,
    /// Counts the swaps; event streams wait on it.
    version: Mutex<u64>,
    changed: Condvar,
}

impl Live {
    /// Serving `served` to begin with.
    pub fn new(served: Served) -> Live {
        Live { current: RwLock::new(Arc::new(served)), version: Mutex::new(0), changed: Condvar::new() }
    }

    /// The version served now; requests hold it for as long as they need it.
    // No code panics while holding these locks, so a poisoned lock still holds a whole value.
    pub fn current(&self) -> Arc<Served> {
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Swaps in `served`, then wakes the event streams.
    pub fn publish(&self, served: Served) {
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(served);
        *self.version.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        self.changed.notify_all();
    }

    fn version(&self) -> u64 {
        *self.version.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until the version is not `seen`, or for `timeout`; returns the version.
    fn wait(&self, seen: u64, timeout: Duration) -> u64 {
        let guard = self.version.lock().unwrap_or_else(PoisonError::into_inner);
        let (guard, _) =
            self.changed.wait_timeout_while(guard, timeout, |v| *v == seen).unwrap_or_else(PoisonError::into_inner);
        *guard
    }
}

/// The HTTP handler of `acta serve`.
pub struct Preview {
    live: Arc<Live>,
    /// The address the server listens on, for the `Host` check.
    bound: SocketAddr,
}

impl Preview {
    /// Serves what `live` holds to clients of the server listening on `bound`.
    pub fn new(live: Arc<Live>, bound: SocketAddr) -> Preview {
        Preview { live, bound }
    }

    /// Streams a `build` event with the current id now and after every swap.
    fn events(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 1000\n\n",
        )?;
        let mut seen = self.live.version();
        loop {
            let data = self.live.current().event_data();
            out.write_all(format!("event: build\n{data}\n").as_bytes())?;
            out.flush()?;
            loop {
                let now = self.live.wait(seen, KEEPALIVE);
                if now != seen {
                    seen = now;
                    break;
                }
                out.write_all(b": idle\n\n")?;
                out.flush()?;
            }
        }
    }
}

impl Handler for Preview {
    fn handle(&self, request: &Request, keep_alive: bool, out: &mut dyn Write) -> io::Result<bool> {
        let head_only = request.method == "HEAD";
        let host = match request.header("host") {
            Some(h) if request.header_count("host") == 1 && host_allowed(h, self.bound) => h,
            Some(_) => {
                return refuse(out, head_only, Response::text(403, "this server answers only to its own address"));
            }
            None => return refuse(out, head_only, Response::text(400, "no Host header")),
        };
        if request.method != "GET" && !head_only {
            let response = Response::text(405, "only GET and HEAD").with_header("Allow", "GET, HEAD");
            return finish(response).write(out, head_only, !keep_alive).map(|()| keep_alive);
        }
        let (path, _) = split_target(&request.target);
        if path == EVENTS_PATH {
            if !origin_allowed(request.header("origin"), host) {
                return refuse(out, head_only, Response::text(403, "events are for this site's own pages"));
            }
            if head_only {
                return refuse(out, true, Response::new(200, "text/event-stream", &b""[..]));
            }
            // The stream ends when the page goes away: a write fails.
            let _ = self.events(out);
            return Ok(false);
        }
        let served = self.live.current();
        finish(respond(&served, &request.target)).write(out, head_only, !keep_alive).map(|()| keep_alive)
    }
}

/// Answers and closes the connection.
fn refuse(out: &mut dyn Write, head_only: bool, response: Response<'_>) -> io::Result<bool> {
    finish(response).write(out, head_only, true).map(|()| false)
}

/// Headers every answer carries: always fetch the newest build, never guess types.
fn finish(response: Response<'_>) -> Response<'_> {
    response.with_header("Cache-Control", "no-store").with_header("X-Content-Type-Options", "nosniff")
}

/// The answer to a GET of `target` from `served`.
fn respond<'a>(served: &'a Served, target: &str) -> Response<'a> {
    let Some(files) = &served.files else {
        return Response::parts(500, HTML, served.error_page());
    };
    let (raw_path, query) = split_target(target);
    let found = match site_path(raw_path) {
        Some(path) => lookup(files, &path),
        None => Found::Missing,
    };
    match found {
        Found::File(rel) => {
            let body = &files[&rel];
            let content_type = content_type(&rel);
            if content_type == HTML {
                Response::parts(200, HTML, served.decorate(body))
            } else {
                Response::new(200, content_type, &body[..])
            }
        }
        Found::Redirect => Response::text(302, "this page's address ends with /")
            .with_header("Location", format!("{raw_path}/{query}")),
        Found::Missing => match files.get("404.html") {
            Some(page) => Response::parts(404, HTML, served.decorate(page)),
            None => Response::parts(
                404,
                HTML,
                served.decorate(b"<!doctype html>\n<title>Not found</title><body><h1>Not found</h1></body>\n"),
            ),
        },
    }
}

/// `/a/b?q=1` → (`/a/b`, `?q=1`).
fn split_target(target: &str) -> (&str, &str) {
    let end = target.find(['?', '#']).unwrap_or(target.len());
    let query = if target[end..].starts_with('?') { &target[end..] } else { "" };
    (&target[..end], query)
}

#[derive(Debug, PartialEq)]
enum Found {
    File(String),
    /// `a/b` is the page `a/b/`.
    Redirect,
    Missing,
}

/// Where the decoded site path `path` leads: `a/b/` is `a/b/index.html`.
fn lookup(files: &Files, path: &str) -> Found {
    if path.is_empty() || path.ends_with('/') {
        let index = format!("{path}index.html");
        return if files.contains_key(&index) { Found::File(index) } else { Found::Missing };
    }
    if files.contains_key(path) {
        Found::File(path.to_string())
    } else if files.contains_key(&format!("{path}/index.html")) {
        Found::Redirect
    } else {
        Found::Missing
    }
}

/// The path inside the site named by a request path (`/a/b/` → `a/b/`), decoded;
/// `None` for anything that could step outside or be read two ways: `..` and
/// `.` segments (encoded or not), empty segments, NUL, backslashes, bad encoding.
fn site_path(raw: &str) -> Option<String> {
    let rest = raw.strip_prefix('/')?;
    let path = String::from_utf8(percent_decode_strict(rest)?).ok()?;
    if path.contains(['\0', '\\']) {
        return None;
    }
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    let bad = segments.iter().enumerate().any(|(i, s)| *s == ".." || *s == "." || (s.is_empty() && i != last));
    if bad { None } else { Some(path) }
}

/// The `Content-Type` of an output file, by extension.
fn content_type(rel: &str) -> &'static str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => HTML,
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// Whether `Host` names this server: its own address, `localhost` or a
/// loopback address, on its port. A name that merely resolves here is refused,
/// so a page of another site cannot read this one by rebinding its DNS. When
/// listening on every interface, any address literal is accepted.
fn host_allowed(host: &str, bound: SocketAddr) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) if !port.contains(']') => match port.parse::<u16>() {
            Ok(port) => (name, port),
            Err(_) => return false,
        },
        _ => (host, 80),
    };
    if port != bound.port() {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let ip: IpAddr = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => match v6.parse::<Ipv6Addr>() {
            Ok(ip) => ip.into(),
            Err(_) => return false,
        },
        None => match name.parse::<Ipv4Addr>() {
            Ok(ip) => ip.into(),
            Err(_) => return false,
        },
    };
    ip == bound.ip() || ip.is_loopback() || bound.ip().is_unspecified()
}

/// The events endpoint serves pages of this site only: no `Origin` (same-origin
/// requests need not send one) or exactly this server's.
fn origin_allowed(origin: Option<&str>, host: &str) -> bool {
    match origin {
        None => true,
        Some(origin) => origin.eq_ignore_ascii_case(&format!("http://{host}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(rels: &[&str]) -> Files {
        rels.iter().map(|r| (r.to_string(), Arc::from(format!("<body>{r}</body>").into_bytes()))).collect()
    }

    #[test]
    fn paths_that_could_leave_the_site_are_refused() {
        for bad in [
            "/../secret",
            "/a/../../secret",
            "/%2e%2e/secret",
            "/%2E%2E%2Fsecret",
            "/..%2fsecret",
            "/a%2f..%2f..%2fsecret",
            "/..%5csecret",
            "/a%5c..%5csecret",
            "/a\\b",
            "/./a",
            "/a/%2e/b",
            "//etc/passwd",
            "/a//b",
            "/a%00.html",
            "/%zz",
            "/%2",
            "/%+2e%+2e/secret",
            "/%ff%fe",
            "relative",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn site_paths_are_decoded() {
        assert_eq!(site_path("/").as_deref(), Some(""));
        assert_eq!(site_path("/a/b/").as_deref(), Some("a/b/"));
        assert_eq!(site_path("/caf%C3%A9/x%20y.png").as_deref(), Some("café/x y.png"));
        assert_eq!(site_path("/.well-known/x").as_deref(), Some(".well-known/x"));
    }

    #[test]
    fn folders_serve_their_index_and_pages_redirect_to_the_slash() {
        let f = files(&["index.html", "a/b/index.html", "acta.css"]);
        assert_eq!(lookup(&f, ""), Found::File("index.html".into()));
        assert_eq!(lookup(&f, "a/b/"), Found::File("a/b/index.html".into()));
        assert_eq!(lookup(&f, "a/b"), Found::Redirect);
        assert_eq!(lookup(&f, "acta.css"), Found::File("acta.css".into()));
        assert_eq!(lookup(&f, "acta.css/"), Found::Missing);
        assert_eq!(lookup(&f, "a/"), Found::Missing);
    }

    #[test]
    fn redirects_keep_the_query() {
        let served = Served::built("1".into(), files(&["a/index.html"]));
        let r = respond(&served, "/a?x=1");
        assert_eq!(r.status, 302);
        assert!(r.headers.contains(&("Location", "/a/?x=1".into())));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("acta.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("a.b/noext"), "application/octet-stream");
    }

    #[test]
    fn only_this_servers_names_are_accepted_as_host() {
        let local: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for ok in ["127.0.0.1:1111", "localhost:1111", "LOCALHOST:1111", "[::1]:1111"] {
            assert!(host_allowed(ok, local), "{ok}");
        }
        for bad in ["evil.example:1111", "127.0.0.1:2222", "127.0.0.1", "localhost", "localhost:x", "::1:1111", ""] {
            assert!(!host_allowed(bad, local), "{bad}");
        }
        let any: SocketAddr = "0.0.0.0:80".parse().unwrap();
        assert!(host_allowed("192.168.1.5", any));
        assert!(!host_allowed("evil.example", any));
    }

    #[test]
    fn events_accept_only_same_origin() {
        assert!(origin_allowed(None, "localhost:1111"));
        assert!(origin_allowed(Some("http://localhost:1111"), "localhost:1111"));
        assert!(!origin_allowed(Some("http://evil.example"), "localhost:1111"));
        assert!(!origin_allowed(Some("null"), "localhost:1111"));
        assert!(!origin_allowed(Some("http://127.0.0.1:1111"), "localhost:1111"));
    }

    #[test]
    fn html_gets_the_script_before_the_last_body_end() {
        let served = Served::built("abc".into(), Files::new());
        let out = String::from_utf8(served.decorate(b"<body><pre>&lt;/body&gt;</pre></BODY></html>").concat()).unwrap();
        let script = out.find("<script>").unwrap();
        assert!(out[..script].ends_with("</pre>"), "{out}");
        assert!(out[script..].contains("var id=\"abc\""));
        assert!(out.ends_with("</BODY></html>"));
        assert!(!out.contains("acta-errors"));
        let bare = served.decorate(b"no body").concat();
        assert!(bare.starts_with(b"no body<script>"));
    }

    #[test]
    fn a_failed_rebuild_keeps_the_site_and_overlays_escaped_errors() {
        let good = Served::built("1".into(), files(&["index.html"]));
        let failed = Served::failed("2".into(), Some(&good), vec!["content/a.md:2:1: error: bad <script>".into()]);
        let r = respond(&failed, "/");
        assert_eq!(r.status, 200);
        let html = String::from_utf8(r.body_bytes()).unwrap();
        assert!(html.contains("<body>index.html"), "{html}");
        assert!(html.contains("role=\"alert\""));
        assert!(html.contains("content/a.md:2:1: error: bad &lt;script&gt;"), "{html}");
        assert!(!html.contains("bad <script>"));
    }

    #[test]
    fn before_any_build_every_path_is_the_error_page() {
        let failed = Served::failed("1".into(), None, vec!["site.toml:1:1: error: x".into()]);
        for target in ["/", "/acta.css", "/nope"] {
            let r = respond(&failed, target);
            assert_eq!(r.status, 500);
            assert!(String::from_utf8_lossy(&r.body_bytes()).contains("site.toml:1:1: error: x"));
        }
    }

    #[test]
    fn live_wakes_waiters_after_the_swap() {
        let live = Arc::new(Live::new(Served::built("1".into(), Files::new())));
        let seen = live.version();
        let waiter = {
            let live = Arc::clone(&live);
            std::thread::spawn(move || {
                let now = live.wait(seen, Duration::from_secs(30));
                (now, live.current().id.clone())
            })
        };
        live.publish(Served::built("2".into(), Files::new()));
        assert_eq!(waiter.join().unwrap(), (seen + 1, "2".to_string()));
    }
}
