//! A small synchronous W3C WebDriver client over `std::net`.
//!
//! chromedriver speaks JSON over HTTP/1.1 on 127.0.0.1; the handful of
//! commands these tests need fit in this file. fantoccini (0.22) would bring
//! tokio, hyper and a TLS stack — about 140 crates, twice acta's whole tree —
//! for requests that never leave the machine.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{Value, json};

/// The key WebDriver uses to mark an element reference in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Keys of the WebDriver key table, for [`Session::press`].
pub mod keys {
    pub const TAB: &str = "\u{E004}";
    pub const ENTER: &str = "\u{E007}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const ARROW_UP: &str = "\u{E013}";
    pub const ARROW_DOWN: &str = "\u{E015}";
    pub const SHIFT: &str = "\u{E008}";
}

/// An HTTP request to the driver failed, or the driver answered with an error.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// One request to the driver at `127.0.0.1:port`; returns the `value` of its answer.
pub fn call(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
    let (status, body) = http(port, method, path, body).map_err(|e| Error(format!("{method} {path}: {e}")))?;
    let answer: Value =
        serde_json::from_slice(&body).map_err(|e| Error(format!("{method} {path}: HTTP {status}, not JSON: {e}")))?;
    let value = answer.get("value").cloned().unwrap_or(Value::Null);
    if let Some(error) = value.get("error").and_then(Value::as_str) {
        let message = value.get("message").and_then(Value::as_str).unwrap_or("");
        // chromedriver appends a native stack trace of no use here.
        let message = message.lines().next().unwrap_or("");
        return Err(Error(format!("{method} {path}: {error}: {message}")));
    }
    Ok(value)
}

/// One HTTP/1.1 exchange. chromedriver keeps the connection open whatever
/// the request says, so the answer ends where its length says.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> std::io::Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(request.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    read_response(&mut BufReader::new(stream))
}

/// Status and body of an HTTP/1.1 response, with a length or chunked.
pub fn read_response(reader: &mut impl BufRead) -> std::io::Result<(u16, Vec<u8>)> {
    let bad = |what: &str| std::io::Error::other(format!("malformed HTTP response: {what}"));
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| bad("status line"))?;
    let (mut length, mut chunked) = (None, false);
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').ok_or_else(|| bad("header"))?;
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse::<usize>().ok(),
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            _ => {}
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let size = line.trim().split(';').next().unwrap_or("");
            let size = usize::from_str_radix(size, 16).map_err(|_| bad("chunk size"))?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(length) = length {
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
    } else {
        reader.read_to_end(&mut body)?;
    }
    Ok((status, body))
}

/// A browser session: one tab, driven by chromedriver.
pub struct Session {
    port: u16,
    id: String,
}

/// An element of the current page.
#[derive(Debug, Clone)]
pub struct Element(String);

impl Element {
    /// The element as a script argument.
    pub fn json(&self) -> Value {
        json!({ ELEMENT_KEY: self.0 })
    }
}

impl Session {
    /// Opens a session with `capabilities` (the `alwaysMatch` object).
    pub fn new(port: u16, capabilities: Value) -> Result<Session> {
        let value = call(port, "POST", "/session", Some(&json!({ "capabilities": { "alwaysMatch": capabilities } })))?;
        let id = value["sessionId"].as_str().ok_or_else(|| Error(format!("no session id in {value}")))?;
        Ok(Session { port, id: id.to_string() })
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        call(self.port, method, &format!("/session/{}{path}", self.id), body.as_ref())
    }

    /// Ends the session, which closes the browser.
    pub fn quit(&self) -> Result<()> {
        self.cmd("DELETE", "", None).map(drop)
    }

    pub fn goto(&self, url: &str) -> Result<()> {
        self.cmd("POST", "/url", Some(json!({ "url": url }))).map(drop)
    }

    /// Runs `script` as a function body with `args` (`arguments[0]`…) and returns its value.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.cmd("POST", "/execute/sync", Some(json!({ "script": script, "args": args })))
    }

    /// Runs `script`, which calls `arguments[arguments.length - 1]` with its result.
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.cmd("POST", "/execute/async", Some(json!({ "script": script, "args": args })))
    }

    pub fn set_script_timeout(&self, ms: u64) -> Result<()> {
        self.cmd("POST", "/timeouts", Some(json!({ "script": ms }))).map(drop)
    }

    pub fn find(&self, css: &str) -> Result<Element> {
        let value = self.cmd("POST", "/element", Some(json!({ "using": "css selector", "value": css })))?;
        element_of(&value)
    }

    pub fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let value = self.cmd("POST", "/elements", Some(json!({ "using": "css selector", "value": css })))?;
        value.as_array().into_iter().flatten().map(element_of).collect()
    }

    /// The element that has the focus.
    pub fn active(&self) -> Result<Element> {
        element_of(&self.cmd("GET", "/element/active", None)?)
    }

    /// A Chrome DevTools Protocol command, through chromedriver.
    pub fn cdp(&self, cmd: &str, params: Value) -> Result<Value> {
        self.cmd("POST", "/goog/cdp/execute", Some(json!({ "cmd": cmd, "params": params })))
    }

    /// Browser log entries (console messages, failed loads) since the last call.
    pub fn browser_log(&self) -> Result<Vec<Value>> {
        Ok(self.cmd("POST", "/se/log", Some(json!({ "type": "browser" })))?.as_array().cloned().unwrap_or_default())
    }

    /// Moves the mouse to the centre of `element`, as a user hovering it.
    pub fn hover(&self, element: &Element) -> Result<()> {
        let actions = json!({ "actions": [{
            "type": "pointer", "id": "mouse", "parameters": { "pointerType": "mouse" },
            "actions": [{ "type": "pointerMove", "duration": 0, "origin": element.json(), "x": 0, "y": 0 }],
        }]});
        self.cmd("POST", "/actions", Some(actions)).map(drop)
    }

    /// Moves the mouse to a point of the viewport.
    pub fn move_mouse_to(&self, x: i64, y: i64) -> Result<()> {
        let actions = json!({ "actions": [{
            "type": "pointer", "id": "mouse", "parameters": { "pointerType": "mouse" },
            "actions": [{ "type": "pointerMove", "duration": 0, "origin": "viewport", "x": x, "y": y }],
        }]});
        self.cmd("POST", "/actions", Some(actions)).map(drop)
    }

    /// Clicks at a point of the viewport with the mouse.
    pub fn click_at(&self, x: i64, y: i64) -> Result<()> {
        let actions = json!({ "actions": [{
            "type": "pointer", "id": "mouse", "parameters": { "pointerType": "mouse" },
            "actions": [
                { "type": "pointerMove", "duration": 0, "origin": "viewport", "x": x, "y": y },
                { "type": "pointerDown", "button": 0 },
                { "type": "pointerUp", "button": 0 },
            ],
        }]});
        self.cmd("POST", "/actions", Some(actions)).map(drop)
    }

    /// Presses and releases `key` (a character or one of [`keys`]) on whatever has the focus.
    pub fn press(&self, key: &str) -> Result<()> {
        let actions = json!({ "actions": [{
            "type": "key", "id": "keyboard",
            "actions": [{ "type": "keyDown", "value": key }, { "type": "keyUp", "value": key }],
        }]});
        self.cmd("POST", "/actions", Some(actions)).map(drop)
    }

    /// Presses `keys` together (`[SHIFT, TAB]`), releasing them in reverse order.
    pub fn press_chord(&self, keys: &[&str]) -> Result<()> {
        let down = keys.iter().map(|k| json!({ "type": "keyDown", "value": k }));
        let up = keys.iter().rev().map(|k| json!({ "type": "keyUp", "value": k }));
        let strokes: Vec<Value> = down.chain(up).collect();
        let actions = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": strokes }] });
        self.cmd("POST", "/actions", Some(actions)).map(drop)
    }

    /// Types `text` key by key on whatever has the focus, as a user does.
    pub fn type_text(&self, text: &str) -> Result<()> {
        let strokes: Vec<Value> = text
            .chars()
            .flat_map(|c| [json!({ "type": "keyDown", "value": c }), json!({ "type": "keyUp", "value": c })])
            .collect();
        let actions = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": strokes }] });
        self.cmd("POST", "/actions", Some(actions)).map(drop)
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Result<Vec<u8>> {
        let value = self.cmd("GET", "/screenshot", None)?;
        decode_base64(value.as_str().unwrap_or("")).ok_or_else(|| Error("screenshot: bad base64".into()))
    }
}

fn element_of(value: &Value) -> Result<Element> {
    value
        .get(ELEMENT_KEY)
        .and_then(Value::as_str)
        .map(|id| Element(id.to_string()))
        .ok_or_else(|| Error(format!("not an element: {value}")))
}

/// Standard base64 (with padding), as WebDriver and CDP send images.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    fn digit(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let bytes: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for quad in bytes.chunks(4) {
        let data: Vec<u8> = quad.iter().copied().take_while(|&b| b != b'=').collect();
        let mut n = 0u32;
        for (i, &b) in data.iter().enumerate() {
            n |= digit(b)? << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..data.len().max(1)]);
    }
    Some(out)
}

#[test]
fn base64_decodes_with_and_without_padding() {
    assert_eq!(decode_base64("aGVsbG8=").unwrap(), b"hello");
    assert_eq!(decode_base64("aGk=").unwrap(), b"hi");
    assert_eq!(decode_base64("YWJj").unwrap(), b"abc");
    assert_eq!(decode_base64("").unwrap(), b"");
}

#[test]
fn chunked_responses_are_joined() {
    let raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n";
    assert_eq!(read_response(&mut &raw[..]).unwrap(), (200, b"{\"a\":1}".to_vec()));
    // Bytes past the length belong to the next response, not to this one.
    let raw = b"HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nnoHTTP/1.1";
    assert_eq!(read_response(&mut &raw[..]).unwrap(), (404, b"no".to_vec()));
}
