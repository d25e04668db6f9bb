//! Just enough HTTP/1.1 for a local preview server: request heads with hard
//! limits, keep-alive, a response writer, and a thread per connection.
//!
//! Who gets a connection, so that slow clients cannot starve the others
//! (issue 14): there are [`MAX_CONNECTIONS`] slots (fewer if the process may
//! not open that many files), and a connection holds one from accept to close.
//! - A request head must be complete within [`HEAD_TIMEOUT`] of the connection
//!   being ready for it (accepted, or the previous answer sent), however
//!   steadily its bytes trickle in: the deadline is on the whole head, not on
//!   each read.
//! - When every slot is taken, a new connection takes the slot of the one that
//!   has waited longest for a request head, which is closed without an answer
//!   (as nginx reuses its oldest idle connection). Only when every slot is busy
//!   answering (a page being sent, an event stream) is the newcomer answered 503.
//!   So however many connections trickle their heads, a request sent at once is
//!   read before it could become the oldest waiting, and is answered.
//! - An address other than loopback may hold [`MAX_PER_PEER`] connections at
//!   most (more are answered 503), so one machine on the network (with
//!   `--interface`) cannot evict everyone else's. Every local client (browser,
//!   scripts) is 127.0.0.1, indistinguishable, so loopback has no such limit.
//!
//! Written on `std::net` rather than with a crate: tiny_http copies a streamed
//! body through an 8 KiB chunk buffer that is flushed only when full, so a
//! Server-Sent Event would wait in it; the async servers (hyper, axum) cost
//! minutes of build on two cores for a server that only answers localhost.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::net::{IpAddr, Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The largest request head (request line and headers) read.
const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 100;
/// A body this small on a GET is read and dropped; a larger one closes the connection.
const MAX_IGNORED_BODY: u64 = 64 * 1024;
/// Connections served at once (see the module doc for who gets one). Each is a thread.
const MAX_CONNECTIONS: usize = 1024;
/// File descriptors kept for everything but connections (listener, watcher,
/// reading static files) when the open-file limit caps the connections.
const OTHER_FILES: usize = 64;
/// Connections one address other than loopback may hold at once.
const MAX_PER_PEER: usize = 64;
/// A whole request head, or the wait for the next one on a kept-alive
/// connection, must take no longer than this.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// A client that stops reading is dropped after this long.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// The head of a request; bodies are not read.
#[derive(Debug)]
pub struct Request {
    /// `GET`, `HEAD`, …
    pub method: String,
    /// As sent: `/a/b/?q`, still percent-encoded.
    pub target: String,
    /// HTTP/1.1 (as opposed to 1.0).
    pub http11: bool,
    /// In order, names as sent.
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The value of the header `name` (any case); the first if repeated.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// How many times the header `name` occurs.
    pub fn header_count(&self, name: &str) -> usize {
        self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).count()
    }

    /// Whether the client allows another request on this connection.
    pub fn keep_alive(&self) -> bool {
        let has = |token: &str| {
            self.headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("connection"))
                .any(|(_, v)| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
        };
        if has("close") { false } else { self.http11 || has("keep-alive") }
    }

    /// The length of the body that follows the head; `None` when it cannot
    /// be skipped safely (chunked, or an unreadable length).
    fn body_len(&self) -> Option<u64> {
        if self.header("transfer-encoding").is_some() || self.header_count("content-length") > 1 {
            return None;
        }
        match self.header("content-length") {
            None => Some(0),
            Some(v) => v.trim().parse().ok(),
        }
    }
}

/// Why a request head could not be read.
#[derive(Debug)]
pub enum HeadError {
    /// Not HTTP/1.x, or broken syntax: answered 400.
    Malformed,
    /// Over [`MAX_HEAD`] or [`MAX_HEADERS`]: answered 431.
    TooLarge,
    /// The connection failed or timed out: closed without an answer.
    Io,
}

/// Reads one request head; `Ok(None)` when the client closed the connection
/// before starting another request.
pub fn read_request(r: &mut impl BufRead) -> Result<Option<Request>, HeadError> {
    let mut total = 0;
    let mut line = Vec::new();
    // Empty lines before a request line are allowed (RFC 9112, 2.2).
    loop {
        line.clear();
        if read_line(r, &mut line, &mut total)? == 0 {
            return Ok(None);
        }
        if !trim_eol(&line).is_empty() {
            break;
        }
    }
    let request_line = std::str::from_utf8(trim_eol(&line)).map_err(|_| HeadError::Malformed)?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed);
    };
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return Err(HeadError::Malformed),
    };
    // Visible ASCII only: the target may be echoed into a Location header.
    if method.is_empty()
        || !method.bytes().all(|b| b.is_ascii_uppercase())
        || target.is_empty()
        || !target.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(HeadError::Malformed);
    }
    let mut request = Request { method: method.into(), target: target.into(), http11, headers: Vec::new() };
    loop {
        line.clear();
        if read_line(r, &mut line, &mut total)? == 0 {
            return Err(HeadError::Malformed);
        }
        let text = trim_eol(&line);
        if text.is_empty() {
            return Ok(Some(request));
        }
        if request.headers.len() == MAX_HEADERS {
            return Err(HeadError::TooLarge);
        }
        let text = std::str::from_utf8(text).map_err(|_| HeadError::Malformed)?;
        let Some((name, value)) = text.split_once(':') else { return Err(HeadError::Malformed) };
        // No folded lines, no space before the colon (RFC 9112, 5.1 and 5.2).
        if name.is_empty() || name.bytes().any(|b| !b.is_ascii_graphic()) {
            return Err(HeadError::Malformed);
        }
        request.headers.push((name.into(), value.trim().into()));
    }
}

/// Reads a line of at most what is left of [`MAX_HEAD`]; returns its length, 0 at the end of input.
fn read_line(r: &mut impl BufRead, buf: &mut Vec<u8>, total: &mut usize) -> Result<usize, HeadError> {
    let left = MAX_HEAD - *total;
    let n = (&mut *r).take(left as u64).read_until(b'\n', buf).map_err(|_| HeadError::Io)?;
    *total += n;
    if n > 0 && !buf.ends_with(b"\n") {
        return Err(if *total >= MAX_HEAD { HeadError::TooLarge } else { HeadError::Malformed });
    }
    Ok(n)
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// A complete response with a known length.
#[derive(Debug)]
pub struct Response<'a> {
    pub status: u16,
    /// Besides `Content-Length` and `Connection`, which `write` adds.
    pub headers: Vec<(&'static str, String)>,
    /// Sent one after the other. Borrowed from the served site where possible:
    /// a page is sent as the bytes before the reload script, the script, and
    /// the bytes after, so no request copies a page (200 readers of a 22 MB
    /// page once took 4.8 GB).
    pub body: Vec<Cow<'a, [u8]>>,
}

impl<'a> Response<'a> {
    /// A response with a `Content-Type`.
    pub fn new(status: u16, content_type: &str, body: impl Into<Cow<'a, [u8]>>) -> Self {
        Response::parts(status, content_type, vec![body.into()])
    }

    /// A response whose body is `parts`, in order.
    pub fn parts(status: u16, content_type: &str, parts: Vec<Cow<'a, [u8]>>) -> Self {
        Response { status, headers: vec![("Content-Type", content_type.into())], body: parts }
    }

    /// The length of the body.
    pub fn body_len(&self) -> usize {
        self.body.iter().map(|p| p.len()).sum()
    }

    /// The body in one piece (a copy: for tests).
    #[cfg(test)]
    pub fn body_bytes(&self) -> Vec<u8> {
        self.body.concat()
    }

    /// A short plain-text answer, for errors.
    pub fn text(status: u16, text: &str) -> Response<'static> {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{status} {}: {text}\n", reason(status)).into_bytes(),
        )
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Writes the response; without its body for HEAD, with `Connection: close` when `close`.
    pub fn write(&self, out: &mut dyn Write, head_only: bool, close: bool) -> io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n", self.body_len()));
        if close {
            head.push_str("Connection: close\r\n");
        }
        head.push_str("\r\n");
        // Small parts go out together (the socket has TCP_NODELAY); a part
        // larger than the buffer is written straight from the shared bytes.
        let mut out = BufWriter::with_capacity(16 * 1024, out);
        out.write_all(head.as_bytes())?;
        if !head_only {
            for part in &self.body {
                out.write_all(part)?;
            }
        }
        out.flush()
    }
}

/// The reason phrase of the statuses this server sends.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

/// What answers the requests.
pub trait Handler: Send + Sync + 'static {
    /// Answers `request` on `out`, with `Connection: close` unless `keep_alive`;
    /// returns whether the connection may carry another request.
    fn handle(&self, request: &Request, keep_alive: bool, out: &mut dyn Write) -> io::Result<bool>;
}

/// Accepts connections for ever, each on its own thread, sharing the slots
/// as the module doc says.
pub fn run(listener: TcpListener, handler: Arc<impl Handler>) {
    let table = Arc::new(Table::new(slots()));
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(s) => s,
            Err(_) => {
                // Out of file descriptors, or a connection reset before it was
                // accepted: wait a little rather than spin.
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
        };
        let Ok(peer) = stream.peer_addr().map(|a| a.ip()) else { continue };
        let stream = Arc::new(stream);
        let ticket = match Table::admit(&table, &stream, peer) {
            Ok(ticket) => ticket,
            Err(why) => {
                let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
                let _ = Response::text(503, why).write(&mut &*stream, false, true);
                continue;
            }
        };
        let handler = Arc::clone(&handler);
        // If the thread cannot be started, the closure is dropped with the
        // stream (closing it) and the ticket (freeing the slot).
        let _ = std::thread::Builder::new().name("acta-http".into()).stack_size(256 * 1024).spawn(move || {
            connection(&stream, &ticket, &*handler);
        });
    }
}

/// How many connections to serve at once: [`MAX_CONNECTIONS`], or fewer when
/// the open-file limit would be reached first: then `accept` would fail, and
/// no slot could be handed over to a new connection.
fn slots() -> usize {
    let limit = open_file_limit().unwrap_or(usize::MAX);
    MAX_CONNECTIONS.min(limit.saturating_sub(OTHER_FILES)).max(16)
}

/// The soft limit on open files of this process, from `/proc` (Linux).
fn open_file_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line["Max open files".len()..].split_whitespace().next()?.parse().ok()
}

/// The open connections, for choosing which one gives up its slot.
struct Table {
    slots: usize,
    inner: Mutex<Entries>,
}

struct Entries {
    next: u64,
    open: HashMap<u64, Entry>,
}

struct Entry {
    /// Shared with the connection's thread, so it can be shut down from here
    /// (which wakes the thread's blocked read) without another descriptor.
    stream: Arc<TcpStream>,
    peer: IpAddr,
    /// Since when it has been waiting for a request head; `None` while answering.
    waiting_since: Option<Instant>,
}

impl Table {
    fn new(slots: usize) -> Table {
        Table { slots, inner: Mutex::new(Entries { next: 0, open: HashMap::new() }) }
    }

    // No code panics while holding this lock, so a poisoned lock still holds a whole value.
    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A slot for a new connection from `peer`, waiting for its first head;
    /// when all are taken, the one of the connection that has waited longest
    /// for a head, which is shut down. `Err` says why there is none.
    fn admit(table: &Arc<Table>, stream: &Arc<TcpStream>, peer: IpAddr) -> Result<Ticket, &'static str> {
        let mut entries = table.lock();
        if !peer.is_loopback() && entries.open.values().filter(|e| e.peer == peer).count() >= MAX_PER_PEER {
            return Err("too many connections from this address");
        }
        if entries.open.len() >= table.slots {
            let oldest = entries
                .open
                .iter()
                .filter_map(|(id, e)| e.waiting_since.map(|since| (since, *id)))
                .min()
                .map(|(_, id)| id);
            let Some(oldest) = oldest else { return Err("too many connections") };
            if let Some(evicted) = entries.open.remove(&oldest) {
                let _ = evicted.stream.shutdown(Shutdown::Both);
            }
        }
        let id = entries.next;
        entries.next += 1;
        entries.open.insert(id, Entry { stream: Arc::clone(stream), peer, waiting_since: Some(Instant::now()) });
        Ok(Ticket { table: Arc::clone(table), id })
    }
}

/// A connection's slot, given back on drop.
struct Ticket {
    table: Arc<Table>,
    id: u64,
}

impl Ticket {
    /// Marks the connection as waiting for a request head (from now) or not.
    fn waiting(&self, waiting: bool) {
        if let Some(entry) = self.table.lock().open.get_mut(&self.id) {
            entry.waiting_since = waiting.then(Instant::now);
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.table.lock().open.remove(&self.id);
    }
}

/// The socket read with a deadline for everything read through it, rather than
/// a timeout for each read, which a client sending a byte at a time never meets.
struct Deadline<'a> {
    stream: &'a TcpStream,
    until: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        let mut stream = self.stream;
        stream.read(buf)
    }
}

fn connection(stream: &TcpStream, ticket: &Ticket, handler: &impl Handler) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut reader = BufReader::new(Deadline { stream, until: Instant::now() + HEAD_TIMEOUT });
    let mut out = stream;
    loop {
        ticket.waiting(true);
        reader.get_mut().until = Instant::now() + HEAD_TIMEOUT;
        let request = match read_request(&mut reader) {
            Ok(Some(r)) => r,
            Ok(None) | Err(HeadError::Io) => return,
            Err(HeadError::Malformed) => {
                let _ = Response::text(400, "malformed request").write(&mut out, false, true);
                return;
            }
            Err(HeadError::TooLarge) => {
                let _ = Response::text(431, "request head too large").write(&mut out, false, true);
                return;
            }
        };
        let mut keep_alive = request.keep_alive();
        // A body would be read as the next request: skip a small one (within
        // the head's deadline), else close the connection after answering.
        match request.body_len() {
            Some(0) => {}
            Some(n) if n <= MAX_IGNORED_BODY => match io::copy(&mut (&mut reader).take(n), &mut io::sink()) {
                Ok(copied) if copied == n => {}
                _ => return,
            },
            _ => keep_alive = false,
        }
        ticket.waiting(false);
        match handler.handle(&request, keep_alive, &mut out) {
            Ok(true) if keep_alive => {}
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Option<Request>, HeadError> {
        read_request(&mut text.as_bytes())
    }

    #[test]
    fn reads_a_request_head() {
        let r = parse("\r\nGET /a/b?x=1 HTTP/1.1\r\nHost: localhost:1111\r\nX-Two:  spaced \r\n\r\n").unwrap().unwrap();
        assert_eq!((r.method.as_str(), r.target.as_str(), r.http11), ("GET", "/a/b?x=1", true));
        assert_eq!(r.header("host"), Some("localhost:1111"));
        assert_eq!(r.header("x-two"), Some("spaced"));
        assert!(r.keep_alive());
    }

    #[test]
    fn pipelined_requests_are_read_one_by_one() {
        let mut input: &[u8] = b"GET /1 HTTP/1.1\nHost: h\n\nGET /2 HTTP/1.0\n\n";
        assert_eq!(read_request(&mut input).unwrap().unwrap().target, "/1");
        let second = read_request(&mut input).unwrap().unwrap();
        assert_eq!(second.target, "/2");
        assert!(!second.keep_alive());
        assert!(read_request(&mut input).unwrap().is_none());
    }

    #[test]
    fn connection_header_decides_keep_alive() {
        let close = parse("GET / HTTP/1.1\r\nConnection: keep-alive, close\r\n\r\n").unwrap().unwrap();
        assert!(!close.keep_alive());
        let old = parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").unwrap().unwrap();
        assert!(old.keep_alive());
    }

    #[test]
    fn broken_heads_are_refused() {
        for bad in [
            "GET /\r\n\r\n",
            "GET / HTTP/2.0\r\n\r\n",
            "GET /a b HTTP/1.1\r\n\r\n",
            "get / HTTP/1.1\r\n\r\n",
            "GET /\x7f HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
            "GET / HTTP/1.1\r\n folded\r\n\r\n",
            "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\n",
        ] {
            assert!(matches!(parse(bad), Err(HeadError::Malformed)), "{bad:?}");
        }
    }

    #[test]
    fn oversized_heads_are_refused() {
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_HEAD));
        assert!(matches!(parse(&long), Err(HeadError::TooLarge)));
        let many = format!("GET / HTTP/1.1\r\n{}\r\n", "A: b\r\n".repeat(MAX_HEADERS + 1));
        assert!(matches!(parse(&many), Err(HeadError::TooLarge)));
    }

    #[test]
    fn bodies_are_skipped_only_when_their_length_is_known() {
        let len = |h: &str| parse(&format!("GET / HTTP/1.1\r\n{h}\r\n")).unwrap().unwrap().body_len();
        assert_eq!(len(""), Some(0));
        assert_eq!(len("Content-Length: 12\r\n"), Some(12));
        assert_eq!(len("Content-Length: x\r\n"), None);
        assert_eq!(len("Content-Length: 1\r\nContent-Length: 1\r\n"), None);
        assert_eq!(len("Transfer-Encoding: chunked\r\n"), None);
    }

    /// A connected pair over loopback: the server's end, shared as in `run`, and the client's.
    fn pair(listener: &TcpListener) -> (Arc<TcpStream>, TcpStream) {
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        (Arc::new(listener.accept().unwrap().0), client)
    }

    #[test]
    fn a_full_table_closes_the_connection_that_waited_longest_for_a_head() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let table = Arc::new(Table::new(2));
        let local = IpAddr::from([127, 0, 0, 1]);
        let (first, mut first_client) = pair(&listener);
        let (second, _second_client) = pair(&listener);
        let _first = Table::admit(&table, &first, local).unwrap();
        let second_ticket = Table::admit(&table, &second, local).unwrap();
        second_ticket.waiting(false);
        let (third, _third_client) = pair(&listener);
        let third_ticket = Table::admit(&table, &third, local).unwrap();
        // The first was shut down: its client reads the end of the stream.
        first_client.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        assert_eq!(first_client.read(&mut [0; 8]).unwrap(), 0);
        // The second is answering and the third the newest waiting: the next takes the third's place.
        let (fourth, _fourth_client) = pair(&listener);
        let _fourth = Table::admit(&table, &fourth, local).unwrap();
        assert!(!table.lock().open.contains_key(&third_ticket.id));
        // With both remaining busy, a newcomer is refused.
        for ticket in table.lock().open.values_mut() {
            ticket.waiting_since = None;
        }
        let (fifth, _fifth_client) = pair(&listener);
        assert!(Table::admit(&table, &fifth, local).is_err());
    }

    #[test]
    fn an_address_other_than_loopback_has_a_limit() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let table = Arc::new(Table::new(MAX_PER_PEER * 2));
        let remote = IpAddr::from([192, 0, 2, 1]);
        let mut held = Vec::new();
        for _ in 0..MAX_PER_PEER {
            let (stream, client) = pair(&listener);
            held.push((Table::admit(&table, &stream, remote).unwrap(), client));
        }
        let (stream, _client) = pair(&listener);
        assert!(Table::admit(&table, &stream, remote).is_err());
        assert!(Table::admit(&table, &stream, IpAddr::from([127, 0, 0, 1])).is_ok());
    }

    #[test]
    fn a_deadline_covers_the_whole_head() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let (server, mut client) = pair(&listener);
        client.write_all(b"GET / HTTP/1.1\r\n").unwrap();
        let mut reader =
            BufReader::new(Deadline { stream: &server, until: Instant::now() + Duration::from_millis(200) });
        // The rest never comes: the read ends at the deadline, not at a per-read timeout.
        assert!(matches!(read_request(&mut reader), Err(HeadError::Io)));
    }

    #[test]
    fn responses_have_length_and_close() {
        let mut out = Vec::new();
        Response::new(200, "text/plain", &b"hi"[..]).with_header("X-A", "b").write(&mut out, false, true).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-A: b\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi"
        );
        let mut head = Vec::new();
        Response::new(200, "text/plain", &b"hi"[..]).write(&mut head, true, false).unwrap();
        assert!(String::from_utf8(head).unwrap().ends_with("Content-Length: 2\r\n\r\n"));
        let mut parts = Vec::new();
        let body = vec![Cow::Borrowed(&b"a"[..]), Cow::Owned(b"bc".to_vec()), Cow::Borrowed(&b""[..])];
        Response::parts(200, "text/plain", body).write(&mut parts, false, false).unwrap();
        assert!(String::from_utf8(parts).unwrap().ends_with("Content-Length: 3\r\n\r\nabc"));
    }
}
