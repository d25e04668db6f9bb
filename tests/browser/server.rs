//! A static HTTP server for a built site, on 127.0.0.1, in a thread.
//!
//! It serves files as a static host does (`dir/` → `dir/index.html`, a missing
//! file → `404.html` with status 404) and remembers every request it answered,
//! so a test can assert that a page made no request that failed.
//! [`StaticServer::start_as_host`] also compresses text and lets the browser
//! cache, as GitHub Pages or Netlify do: for measuring what a reader downloads.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// One answered request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub path: String,
    pub status: u16,
}

/// The running server; it lives as long as the test process.
pub struct StaticServer {
    port: u16,
    root: PathBuf,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl StaticServer {
    pub fn start(root: PathBuf) -> StaticServer {
        StaticServer::launch(root, false)
    }

    /// A server that, like a static host, sends text gzipped to browsers
    /// that accept it and lets them cache every file for ten minutes.
    pub fn start_as_host(root: PathBuf) -> StaticServer {
        StaticServer::launch(root, true)
    }

    fn launch(root: PathBuf, as_host: bool) -> StaticServer {
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&hits);
        let shared = Arc::new(root.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (root, log) = (Arc::clone(&shared), Arc::clone(&log));
                // Chromium opens several connections at once: one thread each.
                std::thread::spawn(move || {
                    if let Some(hit) = answer(stream, &root, as_host) {
                        log.lock().unwrap_or_else(|e| e.into_inner()).push(hit);
                    }
                });
            }
        });
        StaticServer { port, root, hits }
    }

    /// The folder served.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The absolute URL of a path of the site (`/glossary/`).
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The requests answered since the last call.
    pub fn take_hits(&self) -> Vec<Hit> {
        std::mem::take(&mut *self.hits.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The status the server gives `path`, without going through the browser.
    pub fn status_of(&self, path: &str) -> u16 {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(stream, "HEAD {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
        let mut line = String::new();
        BufReader::new(stream).read_line(&mut line).unwrap();
        // Not a page load: leave the log to the browser's requests.
        self.hits.lock().unwrap_or_else(|e| e.into_inner()).retain(|h| h.path != path);
        line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
    }
}

fn answer(mut stream: TcpStream, root: &Path, as_host: bool) -> Option<Hit> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok()?;
    // The headers must be read before answering; only Accept-Encoding matters.
    let mut gzip = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        let line = line.to_ascii_lowercase();
        gzip |= line.starts_with("accept-encoding:") && line.contains("gzip");
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next()?, parts.next()?);
    let path = target.split(['?', '#']).next().unwrap_or("/").to_string();
    let (status, content_type, mut body) = match (method, resolve(root, &path)) {
        ("GET" | "HEAD", Some(file)) => (200, content_type(&file), std::fs::read(&file).ok()?),
        ("GET" | "HEAD", None) => {
            (404, "text/html; charset=utf-8", std::fs::read(root.join("404.html")).unwrap_or_default())
        }
        _ => (405, "text/plain; charset=utf-8", b"method not allowed".to_vec()),
    };
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let mut extra = "Cache-Control: no-store\r\n";
    if as_host {
        extra = "Cache-Control: public, max-age=600\r\nVary: Accept-Encoding\r\n";
        // Fonts and images are compressed already.
        let text = content_type.starts_with("text/")
            || matches!(content_type, "application/json" | "application/xml" | "image/svg+xml");
        if gzip && text {
            body = gzipped(&body);
            extra = "Cache-Control: public, max-age=600\r\nVary: Accept-Encoding\r\nContent-Encoding: gzip\r\n";
        }
    }
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         {extra}Connection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).ok()?;
    if method != "HEAD" {
        stream.write_all(&body).ok()?;
    }
    Some(Hit { path, status })
}

/// `bytes` gzipped at level 6, what nginx and most hosts use.
pub fn gzipped(bytes: &[u8]) -> Vec<u8> {
    use flate2::{Compression, write::GzEncoder};
    let mut encoder = GzEncoder::new(Vec::new(), Compression::new(6));
    encoder.write_all(bytes).expect("gzip into memory");
    encoder.finish().expect("gzip into memory")
}

/// The file a URL path names under `root`, if there is one.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let path = root.join(rel);
    let file = if path.is_dir() { path.join("index.html") } else { path };
    file.is_file().then_some(file)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[test]
fn paths_resolve_like_a_static_host() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("a b")).unwrap();
    std::fs::write(dir.path().join("a b/index.html"), "x").unwrap();
    assert_eq!(resolve(dir.path(), "/a%20b/"), Some(dir.path().join("a b/index.html")));
    assert_eq!(resolve(dir.path(), "/a%20b"), Some(dir.path().join("a b/index.html")));
    assert_eq!(resolve(dir.path(), "/missing"), None);
    assert_eq!(resolve(dir.path(), "/../etc/passwd"), None);
    assert_eq!(content_type(Path::new("x.css")), "text/css; charset=utf-8");
}
