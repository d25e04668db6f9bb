//! `acta check --external`: fetch each link to another site once and report
//! the ones that fail, at every place they are used.
//!
//! Only this command touches the network; builds and a plain `check` never do.
//! The choices, so that a run is quick, polite to the sites it asks, and
//! repeatable:
//! - Which links: `href` and `src` values of the rendered pages that start with
//!   `http://` or `https://` (templates' links too). Links under the site's own
//!   `base_url` (canonical links) are the site itself, which plain `check`
//!   covers; protocol-relative `//host/…` links are left alone; so are the
//!   prefixes in `[check] ignore_external`.
//! - One request per URL however many pages use it, and every use reported.
//!   The fragment (`#part`) is dropped: checking it would mean downloading and
//!   parsing every linked page.
//! - `HEAD` first, and on an error status one `GET`, since some servers refuse
//!   or mishandle `HEAD` (405, 501, and 403 or 404 from some CDNs). A body is
//!   never read. Redirects are followed here, not by the HTTP client, to
//!   [`MAX_REDIRECTS`] at most: more is a failure (a loop, usually). A
//!   redirect to anything but `http`/`https` (`file:///etc/passwd`) is a
//!   failure and is never followed.
//! - IPv6 literals (`http://[::1]:8080/`) are URLs like any other; the
//!   Markdown renderer percent-encodes their brackets, which are decoded
//!   again in the host only.
//! - `--exclude-private` skips, like lychee's `--exclude-all-private`, URLs
//!   whose host is a loopback, private (RFC 1918), link-local or
//!   unique-local (`fc00::/7`) address, written as one or a name that
//!   resolves only to such addresses (`localhost`), and redirects to them:
//!   links a reader elsewhere cannot follow, and addresses a check run on
//!   a server should not probe. They are counted as skipped.
//! - `429 Too Many Requests` is a warning, not a failure, and is not retried:
//!   the server asks to wait, so we quote its `Retry-After` and move on.
//! - At most [`PER_HOST`] requests at a time to one host (`host:port`) and
//!   [`WORKERS`] overall, on plain threads: blocking requests on a few threads
//!   need no async runtime.
//! - The timeout is per request (so a `HEAD` and a `GET` may take twice
//!   that) and covers everything: DNS, connecting, TLS, redirects and the
//!   response head.
//! - URLs that answered well are remembered for [`CACHE_FOR`] in
//!   [`CACHE_FILE`] under the site root (never in `content/` or the output, and
//!   not a source the preview watches), so a rerun asks only for the rest.
//!   Failures are never remembered: they are asked again on every run. A cache
//!   that cannot be read is ignored.

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::{IpAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::diagnostic::Diagnostic;
use crate::site::{Rendered, Site};

/// Where the cache lives, relative to the site root.
pub const CACHE_FILE: &str = ".acta-cache/external-links.tsv";
/// How long a URL that answered well is not asked again.
pub const CACHE_FOR: Duration = Duration::from_secs(24 * 60 * 60);
/// The time a URL has to answer unless `--timeout` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Requests at a time to one host: enough to be quick, few enough that a
/// site with hundreds of links to one server does not look like an attack.
pub const PER_HOST: usize = 2;
/// Requests at a time overall.
pub const WORKERS: usize = 8;
/// Redirects followed before a link counts as broken.
pub const MAX_REDIRECTS: u32 = 5;

/// How to check.
#[derive(Debug, Clone)]
pub struct Options {
    /// The time each request has to answer.
    pub timeout: Duration,
    /// The cache file; `None` neither reads nor writes one.
    pub cache: Option<PathBuf>,
    /// Skip loopback, private, link-local and unique-local addresses
    /// (`--exclude-private`).
    pub exclude_private: bool,
}

/// One URL (without its fragment) and every place that links to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub url: String,
    pub uses: Vec<Use>,
}

/// A place that links to a [`Link`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    /// The page's source file, relative to the site root.
    pub path: PathBuf,
    /// 1-based; 0 when the link is not in the page's Markdown (a template's).
    pub line: usize,
    pub column: usize,
    /// The URL as the page has it, fragment included.
    pub written: String,
    /// A template's link is on many pages but reported once, at one of them:
    /// how many pages have it. 1 for a link in Markdown.
    pub pages: usize,
}

/// The external links of a site, ready to fetch.
#[derive(Debug, Default)]
pub struct Collected {
    pub links: Vec<Link>,
    /// URLs skipped because of `[check] ignore_external`.
    pub ignored: usize,
}

/// What a run did, for the last line of the report and the JSON.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Distinct URLs checked, from the cache or not.
    pub links: usize,
    /// Of those, answered by the cache.
    pub cached: usize,
    pub failed: usize,
    /// Not checked: the server asked to wait (429).
    pub rate_limited: usize,
    /// Skipped because of `[check] ignore_external`.
    pub ignored: usize,
    /// Not checked because the address is private (`--exclude-private`);
    /// not counted in `links`.
    pub private: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = if self.links == 1 { "" } else { "s" };
        write!(f, "Checked {} external link{s} ({} from the cache): {} failed", self.links, self.cached, self.failed)?;
        if self.rate_limited > 0 {
            write!(f, ", {} not answered (rate limited)", self.rate_limited)?;
        }
        if self.ignored > 0 {
            write!(f, "; {} ignored by [check] ignore_external", self.ignored)?;
        }
        if self.private > 0 {
            write!(f, "; {} skipped as private addresses (--exclude-private)", self.private)?;
        }
        Ok(())
    }
}

pub use crate::html::is_web_url;

/// Every external link of the rendered pages, in the order first found, with
/// where each page's Markdown has it.
pub fn collect(site: &Site, rendered: &Rendered) -> Collected {
    let own = site.config.base_url_slash();
    let own = is_web_url(&own).then_some(own);
    let ignore = &site.config.check.ignore_external;
    let mut links: Vec<Link> = Vec::new();
    let mut by_url: HashMap<String, usize> = HashMap::new();
    let mut ignored = HashSet::new();
    for (page, html) in super::pages_html(site, rendered) {
        // How many times the page links to each URL as written, in order.
        let mut on_page: Vec<(String, usize)> = Vec::new();
        for attr in ["href", "src"] {
            for value in super::attribute_values(&html, attr) {
                let written = crate::html::unescape_attribute(value).trim().to_string();
                if !is_web_url(&written) || own.as_ref().is_some_and(|own| written.starts_with(own.as_str())) {
                    continue;
                }
                match on_page.iter_mut().find(|(w, _)| *w == written) {
                    Some((_, n)) => *n += 1,
                    None => on_page.push((written, 1)),
                }
            }
        }
        for (mut written, count) in on_page {
            let url = bracket_host(written.split('#').next().unwrap_or(&written));
            if ignore.iter().any(|prefix| url.starts_with(prefix.as_str())) {
                ignored.insert(url);
                continue;
            }
            let id = *by_url.entry(url.clone()).or_insert_with(|| {
                links.push(Link { url, uses: Vec::new() });
                links.len() - 1
            });
            let uses = &mut links[id].uses;
            let mut places = find_url(&page.body, &written);
            if places.is_empty() {
                // The renderer percent-encodes what URLs may not hold (spaces,
                // non-ASCII): the source may have it as the author typed it,
                // and the report should too.
                let typed = crate::html::decode_percent(&written);
                places = find_url(&page.body, &typed);
                if !places.is_empty() {
                    written = typed;
                }
            }
            if places.is_empty() {
                match uses.iter_mut().find(|u| u.line == 0) {
                    Some(u) => {
                        u.pages += 1;
                        if page.path < u.path {
                            u.path = page.path.clone();
                        }
                    }
                    None => uses.push(Use { path: page.path.clone(), line: 0, column: 0, written, pages: 1 }),
                }
                continue;
            }
            // A reference definition is one place for many links: report it once.
            for offset in places.into_iter().take(count) {
                let (line, column) = super::position(page, offset);
                uses.push(Use { path: page.path.clone(), line, column, written: written.clone(), pages: 1 });
            }
        }
    }
    Collected { links, ignored: ignored.len() }
}

/// `url` with the percent-encoded brackets of an IPv6 host decoded
/// (`http://%5B::1%5D:8080/` → `http://[::1]:8080/`): the Markdown renderer
/// encodes `[` and `]` anywhere in a link, but in the host they are syntax.
fn bracket_host(url: &str) -> String {
    let Some(start) = url.find("://").map(|i| i + 3) else {
        return url.to_string();
    };
    let end = url[start..].find(['/', '?', '#']).map_or(url.len(), |i| start + i);
    let host = url[start..end].replace("%5B", "[").replace("%5b", "[").replace("%5D", "]").replace("%5d", "]");
    format!("{}{host}{}", &url[..start], &url[end..])
}

/// Byte offsets where `url` appears in `text` as a whole URL, not as the
/// start of a longer one (`…/a` in `…/ab`).
fn find_url(text: &str, url: &str) -> Vec<usize> {
    if url.is_empty() {
        return Vec::new();
    }
    text.match_indices(url)
        .filter(|(i, _)| {
            let after = &text[i + url.len()..];
            let mut chars = after.chars();
            match chars.next() {
                None => true,
                Some('.' | ',' | ':' | ';' | '!' | '?') => !chars.next().is_some_and(|c| c.is_alphanumeric()),
                Some(c) => !(c.is_alphanumeric() || "/-_~%=&#+@*$".contains(c)),
            }
        })
        .map(|(i, _)| i)
        .collect()
}

/// Fetches the links the cache does not vouch for and reports each failing
/// link at every use; updates the cache.
pub fn check(collected: Collected, opts: &Options) -> (Vec<Diagnostic>, Summary) {
    let now = unix_now();
    let mut cache = opts.cache.as_deref().map(|p| Cache::load(p, now)).unwrap_or_default();
    let mut summary = Summary { links: collected.links.len(), ignored: collected.ignored, ..Summary::default() };
    let (cached, to_fetch): (Vec<Link>, Vec<Link>) =
        collected.links.into_iter().partition(|link| cache.is_fresh(&link.url));
    summary.cached = cached.len();
    let urls: Vec<&str> = to_fetch.iter().map(|l| l.url.as_str()).collect();
    let outcomes = fetch_all(&urls, opts);
    let mut diags = Vec::new();
    for (link, outcome) in to_fetch.iter().zip(outcomes) {
        match outcome {
            Outcome::Ok => cache.remember(&link.url, now),
            Outcome::Private => {
                summary.private += 1;
                summary.links -= 1;
            }
            Outcome::Failed { reason, hint } => {
                summary.failed += 1;
                cache.forget(&link.url);
                diags.extend(link.uses.iter().map(|u| {
                    let message = format!("link to `{}` failed: {reason}", u.written);
                    Diagnostic::error(&u.path, u.line, u.column, message).with_hint(use_hint(u, hint))
                }));
            }
            Outcome::RateLimited(reason) => {
                summary.rate_limited += 1;
                cache.forget(&link.url);
                diags.extend(link.uses.iter().map(|u| {
                    let message = format!("link to `{}` was not checked: {reason}", u.written);
                    Diagnostic::warning(&u.path, u.line, u.column, message)
                        .with_hint(use_hint(u, "the server asks to wait before asking again; check again later"))
                }));
            }
        }
    }
    if let Some(path) = &opts.cache
        && let Err(e) = cache.save(path)
    {
        diags.push(
            Diagnostic::warning(CACHE_FILE, 0, 0, format!("cannot write the external link cache: {e}"))
                .with_hint("the check itself is complete; the next one will ask for every link again"),
        );
    }
    (diags, summary)
}

/// The hint of a failure, with where a template's link comes from.
fn use_hint(u: &Use, hint: &str) -> String {
    if u.line > 0 {
        return hint.to_string();
    }
    let pages = if u.pages == 1 { "this page".to_string() } else { format!("{} pages", u.pages) };
    format!("{hint} (the link is not in the page's Markdown but in a template or the front matter, on {pages})")
}

/// How one URL answered.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Ok,
    Failed {
        reason: String,
        hint: &'static str,
    },
    /// 429: a warning, with the server's `Retry-After` quoted.
    RateLimited(String),
    /// Not asked: the address (or a redirect's) is private and
    /// `--exclude-private` is on.
    Private,
}

/// Fetches every URL with at most [`PER_HOST`] requests to a host and
/// [`WORKERS`] overall at a time; the outcomes are in the order of `urls`.
fn fetch_all(urls: &[&str], opts: &Options) -> Vec<Outcome> {
    struct Queue {
        pending: VecDeque<usize>,
        active: HashMap<String, usize>,
        outcomes: Vec<Option<Outcome>>,
    }
    let agent = agent(opts.timeout);
    let hosts: Vec<String> = urls.iter().map(|u| host_key(u)).collect();
    let queue = Mutex::new(Queue {
        pending: (0..urls.len()).collect(),
        active: HashMap::new(),
        outcomes: vec![None; urls.len()],
    });
    let changed = Condvar::new();
    let lock = || queue.lock().unwrap_or_else(PoisonError::into_inner);
    std::thread::scope(|scope| {
        for _ in 0..WORKERS.min(urls.len()) {
            scope.spawn(|| {
                loop {
                    let mut q = lock();
                    let next = loop {
                        if q.pending.is_empty() {
                            return;
                        }
                        let free = q
                            .pending
                            .iter()
                            .position(|&i| q.active.get(&hosts[i]).copied().unwrap_or(0) < PER_HOST)
                            .and_then(|at| q.pending.remove(at));
                        match free {
                            Some(i) => break i,
                            None => q = changed.wait(q).unwrap_or_else(PoisonError::into_inner),
                        }
                    };
                    *q.active.entry(hosts[next].clone()).or_default() += 1;
                    drop(q);
                    let outcome = fetch(&agent, urls[next], opts);
                    let mut q = lock();
                    q.outcomes[next] = Some(outcome);
                    if let Some(n) = q.active.get_mut(&hosts[next]) {
                        *n -= 1;
                    }
                    drop(q);
                    changed.notify_all();
                }
            });
        }
    });
    let q = queue.into_inner().unwrap_or_else(PoisonError::into_inner);
    q.outcomes.into_iter().map(|o| o.unwrap_or(Outcome::Failed { reason: "not checked".into(), hint: "" })).collect()
}

/// What the per-host limit counts by: `host:port`, lowercase.
fn host_key(url: &str) -> String {
    match url.parse::<ureq::http::Uri>() {
        Ok(uri) => {
            let port = uri.port_u16().unwrap_or(if uri.scheme_str() == Some("http") { 80 } else { 443 });
            format!("{}:{port}", uri.host().unwrap_or("").to_ascii_lowercase())
        }
        Err(_) => String::new(),
    }
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        // `follow` does it, so that every hop's scheme and address are
        // checked before it is asked.
        .max_redirects(0)
        // Statuses are answers to report, not errors of the client.
        .http_status_as_error(false)
        .user_agent(concat!("acta-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// `HEAD`, then `GET` when `HEAD` gets an error status.
fn fetch(agent: &ureq::Agent, url: &str, opts: &Options) -> Outcome {
    if opts.exclude_private && is_private(url) {
        return Outcome::Private;
    }
    match follow(agent, Method::Head, url, opts) {
        Ok(response) => match judge(&response) {
            Outcome::Failed { .. } => {}
            outcome => return outcome,
        },
        Err(outcome) => return outcome,
    }
    // The body is never read: dropping the response closes the connection.
    match follow(agent, Method::Get, url, opts) {
        Ok(response) => judge(&response),
        Err(outcome) => outcome,
    }
}

#[derive(Debug, Clone, Copy)]
enum Method {
    Head,
    Get,
}

/// Asks for `url`, following redirects to `http`/`https` URLs only, within
/// one `timeout` in all; the final response, or why there is none.
fn follow(
    agent: &ureq::Agent,
    method: Method,
    url: &str,
    opts: &Options,
) -> Result<ureq::http::Response<ureq::Body>, Outcome> {
    let deadline = Instant::now() + opts.timeout;
    let mut current = url.to_string();
    for hop in 0..=MAX_REDIRECTS {
        if hop > 0 && opts.exclude_private && is_private(&current) {
            return Err(Outcome::Private);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(failure(&ureq::Error::Timeout(ureq::Timeout::Global), opts.timeout));
        }
        let request = match method {
            Method::Head => agent.head(&current).config().timeout_global(Some(left)).build().call(),
            Method::Get => agent.get(&current).config().timeout_global(Some(left)).build().call(),
        };
        let response = request.map_err(|e| failure(&e, opts.timeout))?;
        let location = response.headers().get("location").and_then(|v| v.to_str().ok());
        let Some(location) = location.filter(|_| response.status().is_redirection()) else {
            return Ok(response);
        };
        let next = resolve(&current, location.trim());
        if !is_web_url(&next) {
            let scheme = next.split(':').next().unwrap_or_default().to_ascii_lowercase();
            return Err(Outcome::Failed {
                reason: format!("redirects to a {scheme}: URL, which is not checked"),
                hint: "only http and https addresses are followed: link to a web page, or remove the link",
            });
        }
        current = next;
    }
    Err(failure(&ureq::Error::TooManyRedirects, opts.timeout))
}

/// The absolute URL a `Location` header means, relative to `base` (RFC 3986
/// §5.2, without removing `.` and `..` segments: servers resolve those).
fn resolve(base: &str, location: &str) -> String {
    let scheme_end = location.find(':').filter(|&i| {
        let scheme = &location[..i];
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if scheme_end.is_some() {
        return location.to_string();
    }
    let base = base.split('#').next().unwrap_or(base);
    let Some(authority_start) = base.find("://").map(|i| i + 3) else {
        return location.to_string();
    };
    if let Some(rest) = location.strip_prefix("//") {
        return format!("{}//{rest}", &base[..authority_start - 2]);
    }
    let path_start = base[authority_start..].find(['/', '?']).map_or(base.len(), |i| authority_start + i);
    let origin = &base[..path_start];
    let path = base[path_start..].split('?').next().unwrap_or_default();
    match location.chars().next() {
        None => base.to_string(),
        Some('/') => format!("{origin}{location}"),
        Some('?') => format!("{origin}{path}{location}"),
        Some('#') => format!("{base}{location}"),
        Some(_) => {
            let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
            format!("{origin}{dir}{location}")
        }
    }
}

/// Whether the URL's host is a private address, or a name that resolves
/// only to private addresses. A name that does not resolve is not private:
/// the request will say the host was not found.
fn is_private(url: &str) -> bool {
    let Ok(uri) = url.parse::<ureq::http::Uri>() else {
        return false;
    };
    let Some(host) = uri.host() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = host.parse::<IpAddr>() {
        return is_private_ip(ip);
    }
    let port = uri.port_u16().unwrap_or(80);
    match (host, port).to_socket_addrs() {
        Ok(addrs) => {
            let ips: Vec<IpAddr> = addrs.map(|a| a.ip()).collect();
            !ips.is_empty() && ips.into_iter().all(is_private_ip)
        }
        Err(_) => false,
    }
}

/// Loopback, private (RFC 1918), link-local, unique-local (`fc00::/7`) and
/// unspecified addresses (`0.0.0.0` reaches this machine), IPv4-mapped
/// IPv6 addresses as their IPv4 address.
fn is_private_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback() || v4.is_private() || v4.is_link_local() || v4.is_unspecified(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_private_ip(IpAddr::V4(v4)),
            None => {
                let first = v6.segments()[0];
                v6.is_loopback() || v6.is_unspecified() || first & 0xfe00 == 0xfc00 || first & 0xffc0 == 0xfe80
            }
        },
    }
}

/// The outcome of a final (not redirecting) response.
fn judge<B>(response: &ureq::http::Response<B>) -> Outcome {
    let status = response.status();
    if status.is_success() {
        return Outcome::Ok;
    }
    let reason = match status.canonical_reason() {
        Some(text) => format!("{} {text}", status.as_u16()),
        None => status.as_str().to_string(),
    };
    if status == ureq::http::StatusCode::TOO_MANY_REQUESTS {
        let after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::trim);
        return Outcome::RateLimited(match after {
            Some(secs) if !secs.is_empty() && secs.bytes().all(|b| b.is_ascii_digit()) => {
                format!("{reason}, retry after {secs} s")
            }
            Some(date) if !date.is_empty() => format!("{reason}, retry after {date}"),
            _ => reason,
        });
    }
    let hint = if status.is_server_error() {
        "the server had an error: if it lasts, the link is broken"
    } else {
        "the page is gone or has moved: link to its new address, or remove the link"
    };
    Outcome::Failed { reason, hint }
}

/// The outcome of a request that got no final response.
fn failure(e: &ureq::Error, timeout: Duration) -> Outcome {
    use std::io::ErrorKind;
    let (reason, hint) = match e {
        ureq::Error::Timeout(_) => (
            format!("no answer within {} s", timeout.as_secs_f64()),
            "the server is slow or down: try again later, or pass a longer --timeout",
        ),
        ureq::Error::HostNotFound => {
            ("the host was not found".to_string(), "check the address; the site may be gone (or the network down)")
        }
        ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => {
            ("connection refused".to_string(), "no server answers at this address: check it, or try again later")
        }
        ureq::Error::Io(io) => (format!("network error: {io}"), "try again later; if it lasts, the link is broken"),
        ureq::Error::TooManyRedirects => (
            format!("more than {MAX_REDIRECTS} redirects"),
            "the address redirects in a loop or too far: open it in a browser and link to where it ends",
        ),
        ureq::Error::Http(_) | ureq::Error::BadUri(_) => (
            format!("not a valid URL ({e})"),
            "percent-encode spaces and special characters, and write international host names in punycode",
        ),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => {
            (format!("TLS: {e}"), "the site's certificate is not valid for this address, or has expired")
        }
        _ => (e.to_string(), "try again later; if it lasts, the link is broken"),
    };
    Outcome::Failed { reason, hint }
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The URLs that answered well, with when (Unix seconds). On disk, one
/// `SECONDS<TAB>URL` line each, after a comment line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Cache {
    checked: HashMap<String, u64>,
}

impl Cache {
    /// The entries of the file at `path` still fresh at `now`; empty when the
    /// file is missing or unreadable, and lines that do not parse are skipped.
    fn load(path: &Path, now: u64) -> Cache {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        Cache::parse(&text, now)
    }

    fn parse(text: &str, now: u64) -> Cache {
        let checked = text
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let (when, url) = line.split_once('\t')?;
                let when: u64 = when.parse().ok()?;
                // An entry from the future (a clock set back) is not trusted.
                let fresh = when <= now && now - when < CACHE_FOR.as_secs();
                (fresh && is_web_url(url)).then(|| (url.to_string(), when))
            })
            .collect();
        Cache { checked }
    }

    fn is_fresh(&self, url: &str) -> bool {
        self.checked.contains_key(url)
    }

    fn remember(&mut self, url: &str, now: u64) {
        // A URL with a tab or line break would break the file; it cannot be
        // fetched anyway.
        if !url.contains(|c: char| c.is_whitespace()) {
            self.checked.insert(url.to_string(), now);
        }
    }

    fn forget(&mut self, url: &str) {
        self.checked.remove(url);
    }

    fn to_text(&self) -> String {
        let mut lines: Vec<String> = self.checked.iter().map(|(url, when)| format!("{when}\t{url}\n")).collect();
        lines.sort();
        let mut text = "# acta check --external: URLs that answered well, with when (Unix seconds)\n".to_string();
        text.extend(lines);
        text
    }

    /// Writes the file whole (a temporary file renamed over it), so a run
    /// that is stopped leaves the old cache or the new one. The folder gets a
    /// `.gitignore` of `*`, so the cache stays out of the site's repository.
    fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
            let ignore = dir.join(".gitignore");
            if !ignore.exists() {
                std::fs::write(ignore, "# Created by acta: this folder is a cache.\n*\n")?;
            }
        }
        let tmp = path.with_extension("tsv.tmp");
        std::fs::write(&tmp, self.to_text())?;
        std::fs::rename(&tmp, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_urls() {
        assert!(is_web_url("https://example.org/"));
        assert!(is_web_url("HTTP://example.org"));
        assert!(!is_web_url("mailto:a@example.org"));
        assert!(!is_web_url("//cdn.example.org/x.js"));
        assert!(!is_web_url("/local/"));
    }

    #[test]
    fn finds_whole_urls_only() {
        let text = "[a](https://x.org/a) [b](https://x.org/ab) <https://x.org/a>. https://x.org/a.html";
        assert_eq!(find_url(text, "https://x.org/a"), vec![4, 44]);
    }

    #[test]
    fn host_key_has_the_port() {
        assert_eq!(host_key("https://Example.org/a"), "example.org:443");
        assert_eq!(host_key("http://example.org/a"), "example.org:80");
        assert_eq!(host_key("http://127.0.0.1:8080/a?b#c"), "127.0.0.1:8080");
    }

    #[test]
    fn cache_keeps_fresh_entries_and_skips_junk() {
        let day = CACHE_FOR.as_secs();
        let now = 10 * day;
        let text = format!(
            "# comment\n{}\thttps://fresh.org/\n{}\thttps://stale.org/\n{}\thttps://future.org/\nnot a line\n\u{0}\u{1}\n12\tftp://x\n",
            now - 60,
            now - day - 1,
            now + 3600
        );
        let cache = Cache::parse(&text, now);
        assert!(cache.is_fresh("https://fresh.org/"));
        assert!(!cache.is_fresh("https://stale.org/"));
        assert!(!cache.is_fresh("https://future.org/"));
        assert_eq!(cache.checked.len(), 1);
        assert_eq!(Cache::parse(&cache.to_text(), now), cache);
    }

    #[test]
    fn summary_line() {
        let s = Summary { links: 7, cached: 3, failed: 2, rate_limited: 1, ignored: 1, private: 2 };
        assert_eq!(
            s.to_string(),
            "Checked 7 external links (3 from the cache): 2 failed, 1 not answered (rate limited); 1 ignored by [check] ignore_external; 2 skipped as private addresses (--exclude-private)"
        );
    }

    #[test]
    fn ipv6_hosts_keep_their_brackets() {
        assert_eq!(bracket_host("http://%5B::1%5D:8080/a%5Bb%5D"), "http://[::1]:8080/a%5Bb%5D");
        assert_eq!(bracket_host("http://%5b::1%5d/"), "http://[::1]/");
        assert_eq!(bracket_host("https://example.org/%5B1%5D"), "https://example.org/%5B1%5D");
        assert_eq!(host_key("http://[::1]:8080/"), "[::1]:8080");
        assert!("http://[::1]:8080/".parse::<ureq::http::Uri>().is_ok());
    }

    #[test]
    fn redirect_locations() {
        let base = "https://x.org/a/b?q=1#f";
        assert_eq!(resolve(base, "file:///etc/passwd"), "file:///etc/passwd");
        assert_eq!(resolve(base, "HTTP://y.org/"), "HTTP://y.org/");
        assert_eq!(resolve(base, "//y.org/z"), "https://y.org/z");
        assert_eq!(resolve(base, "/c"), "https://x.org/c");
        assert_eq!(resolve(base, "c"), "https://x.org/a/c");
        assert_eq!(resolve(base, "?r=2"), "https://x.org/a/b?r=2");
        assert_eq!(resolve("http://[::1]:8080", "ok"), "http://[::1]:8080/ok");
        // A colon after a slash is not a scheme.
        assert_eq!(resolve(base, "c/d:e"), "https://x.org/a/c/d:e");
    }

    #[test]
    fn private_addresses() {
        for url in [
            "http://127.0.0.1/",
            "http://127.8.9.10:8080/",
            "http://10.1.2.3/",
            "http://172.16.0.1/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://0.0.0.0/",
            "http://[::1]:8080/",
            "http://[fd12:3456::1]/",
            "http://[fe80::1]/",
            "http://[::ffff:10.0.0.1]/",
            "http://localhost:8080/",
        ] {
            assert!(is_private(url), "{url}");
        }
        for url in ["http://8.8.8.8/", "http://172.32.0.1/", "http://[2001:4860::8888]/", "not a url"] {
            assert!(!is_private(url), "{url}");
        }
    }
}
