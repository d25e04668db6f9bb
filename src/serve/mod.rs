//! `acta serve` and `acta build --watch`: a change → a rebuild → the new site
//! swapped in → browsers told to reload.
//!
//! `watch` turns file-system events into [`Change`]s, [`rebuild`] turns those
//! into a new rendered site, `server` serves it from memory over the small
//! HTTP/1.1 of `http`. `serve` never writes to the output folder.
//!
//! Ctrl-C ends the process with the default SIGINT handling: `serve` keeps
//! nothing on disk, and the output written by `build --watch` is swapped in
//! with renames that a killed build leaves recoverable (see `output`).

mod http;
mod reload;
mod search;
mod server;
mod watch;

use std::collections::HashSet;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub use watch::{Change, Kind};

use crate::cmd::build::BuildArgs;
use crate::diagnostic::report;
use crate::diagnostic::{Diagnostic, Diagnostics, Failed};
use crate::site::{BuildOptions, OutputFile, RenderCache, Rendered, Site, is_site_root};
use crate::theme::Source;
use server::{Files, Live, Preview, Served};
use watch::SourceWatcher;

/// `acta serve`: build, serve from memory, rebuild and reload on every change.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The site's folder (the one with site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on; if it is taken, the next free one is used. 0 lets the system choose.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on. Any but a loopback address lets other machines read the site.
    #[arg(long, default_value = "127.0.0.1")]
    pub interface: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Scan the files for changes instead of relying on the system's notifications
    /// (for network drives, containers and virtual machines' shared folders).
    #[arg(long)]
    pub poll: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// What one rebuild hands to the next: the options, the last site loaded and
/// what its render keeps for the next one. `site` and `cache` always belong
/// together; when in doubt both are dropped and the next rebuild is full.
pub struct State {
    opts: BuildOptions,
    site: Option<Site>,
    cache: Option<RenderCache>,
    /// Pages a rebuild changed whose search documents are not indexed yet.
    search_dirty: HashSet<usize>,
}

impl State {
    /// Before the first build.
    pub fn new(opts: BuildOptions) -> State {
        State { opts, site: None, cache: None, search_dirty: HashSet::new() }
    }

    /// `output_dir` of the last site.toml read, relative to the root.
    fn output_dir(&self) -> PathBuf {
        self.site.as_ref().and_then(|s| s.config.output_dir.clone()).unwrap_or_else(|| PathBuf::from("public"))
    }
}

/// A rebuild that succeeded.
pub struct Built {
    /// The whole site, in memory.
    pub rendered: Rendered,
    /// How many pages it has, for the report.
    pub pages: usize,
    /// How long the rebuild took.
    pub elapsed: Duration,
    /// Whether only changed pages were rendered again.
    pub incremental: bool,
}

/// Brings the site up to date with `changes` (empty for the first build).
///
/// An edit to the body of existing pages — the common case while writing —
/// renders only those pages and the pages that depend on them (see
/// `Site::render_incremental`); anything else (front matter, a new or deleted
/// file, templates, site.toml) loads and renders the whole site.
pub fn rebuild(state: &mut State, changes: &[Change]) -> Result<Built, Failed> {
    rebuild_showing_first(state, changes, None, &mut |_| {})
}

/// [`rebuild`], handing the edited pages to `first` before the rest when
/// an edit of bodies can show them early (see `Site::render_dirty_first`).
/// `shown` tells which files the site served now has, when it built
/// without errors (else nothing is shown early).
pub fn rebuild_showing_first(
    state: &mut State,
    changes: &[Change],
    shown: Option<&dyn Fn(&str) -> bool>,
    first: &mut dyn FnMut(Vec<OutputFile>),
) -> Result<Built, Failed> {
    let start = Instant::now();
    match bodies_only(state, changes) {
        Ok(Some(dirty)) => {
            if let (Some(site), Some(cache)) = (&state.site, &state.cache) {
                if let Some(is_file) = shown
                    && let Some(pages) = site.render_dirty_first(cache, &dirty, is_file)
                {
                    first(pages);
                }
                let (rendered, diags, cache) = site.render_incremental(Some(cache), &dirty);
                let pages = site.library.pages.len();
                state.cache = Some(cache);
                state.search_dirty.extend(dirty);
                return finish(rendered, diags, pages, start, true);
            }
        }
        Ok(None) => {}
        Err(d) => {
            // The site was left half updated: start afresh next time.
            state.site = None;
            state.cache = None;
            return Err(Failed(Diagnostics::from_iter([d])));
        }
    }
    state.site = None;
    state.cache = None;
    state.search_dirty.clear();
    let site = Site::load(&state.opts)?;
    let (rendered, diags, cache) = site.render_incremental(None, &HashSet::new());
    let pages = site.library.pages.len();
    state.site = Some(site);
    state.cache = Some(cache);
    finish(rendered, diags, pages, start, false)
}

fn finish(
    rendered: Rendered,
    diags: Diagnostics,
    pages: usize,
    start: Instant,
    incremental: bool,
) -> Result<Built, Failed> {
    if diags.has_errors() {
        return Err(Failed(diags));
    }
    Ok(Built { rendered: Rendered { warnings: diags, ..rendered }, pages, elapsed: start.elapsed(), incremental })
}

/// The pages whose bodies alone changed, already updated in the loaded site;
/// `None` when a change needs a full rebuild.
fn bodies_only(state: &mut State, changes: &[Change]) -> Result<Option<HashSet<usize>>, Diagnostic> {
    let Some(site) = &mut state.site else { return Ok(None) };
    if state.cache.is_none() || changes.is_empty() {
        return Ok(None);
    }
    let mut dirty = HashSet::new();
    for change in changes {
        let rel = change.path.strip_prefix("content").ok().and_then(|p| p.to_str()).map(|p| p.replace('\\', "/"));
        let Some(rel) = rel.filter(|r| change.kind == watch::Kind::Content && r.ends_with(".md")) else {
            return Ok(None);
        };
        match site.update_body(&rel)? {
            Some(id) => {
                dirty.insert(id);
            }
            None => return Ok(None),
        }
    }
    Ok(Some(dirty))
}

/// [`rebuild`], with a panic (a bug in acta) turned into an error, so that
/// the watch goes on and the next change is tried again.
fn rebuild_guarded(
    state: &mut State,
    changes: &[Change],
    shown: Option<&dyn Fn(&str) -> bool>,
    first: &mut dyn FnMut(Vec<OutputFile>),
) -> Result<Built, Failed> {
    std::panic::catch_unwind(AssertUnwindSafe(|| rebuild_showing_first(state, changes, shown, first))).unwrap_or_else(
        |_| {
            state.site = None;
            state.cache = None;
            let d = Diagnostic::error("acta", 0, 0, "internal error: the rebuild panicked (the message is above)")
                .with_hint("please report it; fix or undo the last change to go on");
            Err(Failed(Diagnostics::from_iter([d])))
        },
    )
}

/// Runs `acta serve` until the process is interrupted; never returns on a
/// content or template error, only when it cannot serve at all.
pub fn serve(args: ServeArgs) -> ExitCode {
    if !is_site_root(&args.root) {
        return usage_error(&args.root);
    }
    let listener = match bind(args.interface, args.port) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {}: {e}", SocketAddr::new(args.interface, args.port));
            return ExitCode::from(1);
        }
    };
    let bound = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    if !bound.ip().is_loopback() {
        eprintln!(
            "warning: listening on {bound}: anyone who can reach this machine can read the site, drafts included"
        );
    }
    let url = site_url(bound);
    // Started before the first build, so that an edit made during it is seen.
    let mut watcher = match SourceWatcher::start(&args.root, args.poll) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    // Absolute, so that a site folder deleted and made again is read anew:
    // `.` would stay the deleted folder (the process's working directory).
    let root = std::path::absolute(&args.root).unwrap_or_else(|_| args.root.clone());
    let opts = BuildOptions { root, base_url: Some(url.clone()), drafts: args.drafts };
    let mut state = State::new(opts);
    let mut ids = BuildIds::new();
    let first = to_served(rebuild_guarded(&mut state, &[], None, &mut |_| {}), None, ids.next(), "");
    let live = Arc::new(Live::new(first));
    let handler = Arc::new(Preview::new(Arc::clone(&live), bound));
    if let Err(e) = std::thread::Builder::new().name("acta-accept".into()).spawn(move || http::run(listener, handler)) {
        eprintln!("error: cannot start the server: {e}");
        return ExitCode::from(1);
    }
    println!("Serving the site at {url}");
    eprintln!("Watching {} for changes; press Ctrl-C to stop.", args.root.display());
    if args.open {
        open_browser(&url);
    }
    let refresher = search::Refresher::default();
    while let Some(changes) = watcher.next_changes() {
        follow_working_dir(&state.opts.root);
        refresher.rebuild_starts(state.cache.as_mut(), &mut state.search_dirty);
        let shown = live.current();
        // The edited page first, then the rest (term pages, terms.json).
        let mut first = |pages: Vec<OutputFile>| {
            let pages = pages.into_iter().map(|f| (f.rel, f.bytes)).collect();
            if let Some(early) = Served::with_pages(ids.next(), &shown, pages) {
                live.publish(early);
            }
        };
        let good = shown.good_files();
        let is_file = |f: &str| good.is_some_and(|files| files.contains_key(f));
        let result = rebuild_guarded(&mut state, &changes, good.map(|_| &is_file as &dyn Fn(&str) -> bool), &mut first);
        let next = to_served(result, Some(&live.current()), ids.next(), &watch::summary(&changes));
        live.publish(next);
        // Then the search index, brought up to date with the edited pages.
        if live.current().good_files().is_some()
            && let (Some(site), Some(cache)) = (&state.site, &state.cache)
        {
            refresher.start(site, cache, &state.search_dirty, &live, ids.next());
        }
    }
    eprintln!("error: the file watcher stopped");
    ExitCode::from(1)
}

/// Moves into the site's folder when the working folder was deleted (serve is
/// usually started in the site's folder, which may be deleted and made again):
/// the search indexer asks for the working folder and gives up without one.
fn follow_working_dir(root: &Path) {
    if std::env::current_dir().is_err() && root.is_dir() {
        let _ = std::env::set_current_dir(root);
    }
}

/// Runs `acta build --watch`: writes the site after every successful rebuild;
/// a failed one prints its errors and leaves the output as it was.
pub fn build_watch(args: BuildArgs) -> ExitCode {
    if !is_site_root(&args.root) {
        return usage_error(&args.root);
    }
    let mut watcher = match SourceWatcher::start(&args.root, false) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let opts = BuildOptions { root: args.root.clone(), base_url: args.base_url.clone(), drafts: args.drafts };
    let mut state = State::new(opts);
    write_site(&args, &mut state, &[]);
    eprintln!("Watching {} for changes; press Ctrl-C to stop.", args.root.display());
    while let Some(changes) = watcher.next_changes() {
        write_site(&args, &mut state, &changes);
    }
    eprintln!("error: the file watcher stopped");
    ExitCode::from(1)
}

fn usage_error(root: &Path) -> ExitCode {
    eprintln!("error: {} has no site.toml\n  hint: run this in a site's folder, or pass --root DIR", root.display());
    ExitCode::from(1)
}

/// `Built` for the first build, `content/a.md changed: rebuilt` after.
fn built_line(what: &str) -> String {
    if what.is_empty() { "Built".into() } else { format!("{what}: rebuilt") }
}

/// `The build failed` for the first build, `content/a.md changed: the build failed` after.
fn failed_line(what: &str) -> String {
    if what.is_empty() { "The build failed".into() } else { format!("{what}: the build failed") }
}

/// What a rebuild's result serves, printing what happened.
fn to_served(result: Result<Built, Failed>, previous: Option<&Served>, id: String, what: &str) -> Served {
    match result {
        Ok(mut built) => {
            report(std::mem::take(&mut built.rendered.warnings));
            let files = into_files(built.rendered);
            eprintln!("{} {} pages in {} ms", built_line(what), built.pages, built.elapsed.as_millis());
            match previous {
                Some(previous) if built.incremental => Served::rebuilt(id, files, previous),
                _ => Served::built(id, files),
            }
        }
        Err(Failed(diags)) => {
            let errors: Vec<String> =
                diags.clone().sorted().into_iter().filter(Diagnostic::is_error).map(|d| d.to_string()).collect();
            report(diags);
            let still = if previous.is_some_and(Served::has_site) {
                "the last good site is still served, with the errors over every page"
            } else {
                "every page shows the errors until they are fixed"
            };
            eprintln!("{}; {still}", failed_line(what));
            Served::failed(id, previous, errors)
        }
    }
}

/// The rendered site as served: generated files as they are, copied files
/// read now, so a request never sees a source file newer than the build.
fn into_files(rendered: Rendered) -> Files {
    let mut files: Files = rendered.files.into_iter().map(|f| (f.rel, f.bytes)).collect();
    for copy in rendered.copies {
        let bytes = match copy.source {
            Source::Builtin(bytes) => Arc::from(bytes),
            Source::Disk(path) => match std::fs::read(&path) {
                Ok(bytes) => Arc::from(bytes),
                // Deleted since the site was loaded: the deletion is the next change.
                Err(e) => {
                    eprintln!("warning: {}: {e}", path.display());
                    continue;
                }
            },
        };
        files.insert(copy.rel, bytes);
    }
    files
}

fn write_site(args: &BuildArgs, state: &mut State, changes: &[Change]) {
    let what = watch::summary(changes);
    let start = Instant::now();
    match rebuild_guarded(state, changes, None, &mut |_| {}) {
        Ok(mut built) => {
            report(std::mem::take(&mut built.rendered.warnings));
            let output = args.output.clone().unwrap_or_else(|| args.root.join(state.output_dir()));
            match crate::output::write(&built.rendered, &args.root, &output, args.force) {
                Ok(stats) => eprintln!(
                    "{} {} pages ({} files) into {} in {} ms",
                    built_line(&what),
                    built.pages,
                    stats.written,
                    output.display(),
                    start.elapsed().as_millis()
                ),
                Err(e) => eprintln!("error: {e}"),
            }
        }
        Err(Failed(diags)) => {
            report(diags);
            eprintln!("{}; the output folder was not changed", failed_line(&what));
        }
    }
}

/// Listens on `port`, or on the next free port after it (and says so); port 0
/// lets the system choose.
fn bind(ip: IpAddr, port: u16) -> io::Result<TcpListener> {
    let last = if port == 0 { 0 } else { port.saturating_add(100) };
    let mut candidate = port;
    loop {
        match TcpListener::bind((ip, candidate)) {
            Ok(listener) => {
                if candidate != port {
                    eprintln!("Port {port} is in use; using port {candidate} instead.");
                }
                return Ok(listener);
            }
            Err(e) if e.kind() == io::ErrorKind::AddrInUse && candidate < last => candidate += 1,
            Err(e) => return Err(e),
        }
    }
}

/// The address to open: a loopback one when listening on every interface.
fn site_url(bound: SocketAddr) -> String {
    let ip = match bound.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, bound.port()))
}

/// Build ids: unique within a run, and different from any earlier run's, so a
/// page left open across a restart reloads once.
struct BuildIds {
    run: u64,
    count: u64,
}

impl BuildIds {
    fn new() -> BuildIds {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
        BuildIds { run: nanos ^ u64::from(std::process::id()).rotate_left(32), count: 0 }
    }

    fn next(&mut self) -> String {
        self.count += 1;
        format!("{:x}-{}", self.run, self.count)
    }
}

fn open_browser(url: &str) {
    let (program, args): (&str, &[&str]) = if cfg!(target_os = "macos") {
        ("open", &[])
    } else if cfg!(windows) {
        ("cmd", &["/C", "start", ""])
    } else {
        ("xdg-open", &[])
    };
    let child = Command::new(program)
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    match child {
        // Waited for on a thread so it leaves no zombie behind.
        Ok(mut child) => drop(std::thread::spawn(move || child.wait())),
        Err(e) => eprintln!("warning: cannot open a browser ({program}: {e}); open {url} yourself"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_a_reachable_address() {
        assert_eq!(site_url("127.0.0.1:1111".parse().unwrap()), "http://127.0.0.1:1111/");
        assert_eq!(site_url("0.0.0.0:80".parse().unwrap()), "http://127.0.0.1:80/");
        assert_eq!(site_url("[::]:1111".parse().unwrap()), "http://[::1]:1111/");
    }

    #[test]
    fn build_ids_differ() {
        let mut ids = BuildIds::new();
        let (a, b) = (ids.next(), ids.next());
        assert_ne!(a, b);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-'), "{a}");
    }

    #[test]
    fn a_taken_port_moves_to_the_next() {
        let taken = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let port = taken.local_addr().unwrap().port();
        if port == u16::MAX {
            return;
        }
        let next = bind(Ipv4Addr::LOCALHOST.into(), port).unwrap();
        assert!(next.local_addr().unwrap().port() > port);
    }
}
