//! One URL asked: `HEAD`, then `GET` on an error status, redirects followed
//! here (never to another scheme or, with `--exclude-private`, to a private
//! address), and the answer judged — with at most a few requests at a time.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, ToSocketAddrs};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::{MAX_REDIRECTS, Options, PER_HOST, WORKERS, is_web_url};

/// How one URL answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Outcome {
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
pub(super) fn fetch_all(urls: &[&str], opts: &Options) -> Vec<Outcome> {
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
pub(super) fn host_key(url: &str) -> String {
    match url.parse::<ureq::http::Uri>() {
        Ok(uri) => {
            let port = uri.port_u16().unwrap_or(if uri.scheme_str() == Some("http") { 80 } else { 443 });
            format!("{}:{port}", uri.host().unwrap_or("").to_ascii_lowercase())
        }
        Err(_) => String::new(),
    }
}

pub(super) fn agent(timeout: Duration) -> ureq::Agent {
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
pub(super) fn fetch(agent: &ureq::Agent, url: &str, opts: &Options) -> Outcome {
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
pub(super) enum Method {
    Head,
    Get,
}

/// Asks for `url`, following redirects to `http`/`https` URLs only, within
/// one `timeout` in all; the final response, or why there is none.
pub(super) fn follow(
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
pub(super) fn resolve(base: &str, location: &str) -> String {
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
pub(super) fn is_private(url: &str) -> bool {
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
pub(super) fn is_private_ip(ip: IpAddr) -> bool {
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
pub(super) fn judge<B>(response: &ureq::http::Response<B>) -> Outcome {
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
pub(super) fn failure(e: &ureq::Error, timeout: Duration) -> Outcome {
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
