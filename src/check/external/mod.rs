//! `acta check --external`: fetch each link to another site once and report
//! the ones that fail, at every place they are used.
//!
//! Only this command touches the network; builds and a plain `check` never do.
//! The choices, so that a run is quick, polite to the sites it asks, and
//! repeatable:
//! - Which links: those that start with `http://` or `https://` — the
//!   bodies' as the render recorded them (at the place the URL is written,
//!   so a reference definition is one place), and the rest of each page's
//!   `href` and `src` values, the templates' (reported once, at one page). Links under the site's own
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

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::Duration;

use crate::diagnostic::Diagnostic;
use crate::site::{RenderCache, Rendered, Site};

mod cache;
mod fetch;

use cache::{Cache, unix_now};
use fetch::{Outcome, fetch_all};

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

/// Every external link of the rendered pages, in the order first found: the
/// links each body wrote, at the places the render recorded, and those the
/// templates add (on many pages, reported once).
pub fn collect(site: &Site, rendered: &Rendered, cache: &RenderCache) -> Collected {
    let own = site.config.base_url_slash();
    let own = is_web_url(&own).then_some(own);
    let ignore = &site.config.check.ignore_external;
    let mut collected = Collector { links: Vec::new(), by_url: HashMap::new(), ignored: HashSet::new() };
    for (id, page, html) in super::pages_html(site, rendered) {
        // The page's web URLs as the HTML has them (what a browser asks
        // for: the renderer percent-encodes what URLs may not hold), by
        // their decoded form, which is how the record has them.
        let mut in_html: Vec<(String, String, usize)> = Vec::new();
        for attr in ["href", "src"] {
            for (_, value) in crate::html::attribute_values(&html, attr) {
                let written = crate::html::unescape_attribute(value).trim().to_string();
                if !is_web_url(&written) || own.as_ref().is_some_and(|own| written.starts_with(own.as_str())) {
                    continue;
                }
                let decoded = crate::html::decode_percent(&written);
                match in_html.iter_mut().find(|(_, d, _)| *d == decoded) {
                    Some((_, _, n)) => *n += 1,
                    None => in_html.push((written, decoded, 1)),
                }
            }
        }
        let mut definitions = HashSet::new();
        for record in cache.links(id).iter().filter(|r| is_web_url(r.url.trim())) {
            let written = record.url.trim();
            let decoded = crate::html::decode_percent(written);
            let fetched = match in_html.iter_mut().find(|(_, d, n)| *d == decoded && *n > 0) {
                Some((html_form, _, n)) => {
                    *n -= 1;
                    html_form.clone()
                }
                None if own.as_ref().is_some_and(|own| written.starts_with(own.as_str())) => continue,
                None => written.to_string(),
            };
            // A reference definition is one place for many links: report it once.
            if record.from_definition && !definitions.insert((record.url_line, record.url_column)) {
                continue;
            }
            let place = Use {
                path: page.path.clone(),
                line: record.url_line,
                column: record.url_column,
                written: written.to_string(),
                pages: 1,
            };
            collected.add(&fetched, place, ignore);
        }
        // What is left is the templates' (or the front matter's).
        for (html_form, _, count) in in_html {
            if count > 0 {
                let place = Use { path: page.path.clone(), line: 0, column: 0, written: html_form.clone(), pages: 1 };
                collected.add(&html_form, place, ignore);
            }
        }
    }
    Collected { links: collected.links, ignored: collected.ignored.len() }
}

/// [`collect`]'s links so far, one per URL.
struct Collector {
    links: Vec<Link>,
    by_url: HashMap<String, usize>,
    ignored: HashSet<String>,
}

impl Collector {
    /// Adds a use of `fetched` (the URL as the page has it); a template's
    /// link counts the pages it is on and is reported at the first in path order.
    fn add(&mut self, fetched: &str, place: Use, ignore: &[String]) {
        let url = bracket_host(fetched.split('#').next().unwrap_or(fetched));
        if ignore.iter().any(|prefix| url.starts_with(prefix.as_str())) {
            self.ignored.insert(url);
            return;
        }
        let id = *self.by_url.entry(url.clone()).or_insert_with(|| {
            self.links.push(Link { url, uses: Vec::new() });
            self.links.len() - 1
        });
        let uses = &mut self.links[id].uses;
        if place.line == 0
            && let Some(u) = uses.iter_mut().find(|u| u.line == 0)
        {
            u.pages += 1;
            if place.path < u.path {
                u.path = place.path;
            }
            return;
        }
        uses.push(place);
    }
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

#[cfg(test)]
mod tests {
    use super::cache::*;
    use super::fetch::*;
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
