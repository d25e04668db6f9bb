//! `acta build --watch`: a change → a rebuild → the new site written.
//!
//! `watch` turns file-system events into [`Change`]s, [`rebuild`] turns those
//! into a new rendered site.
//!
//! Ctrl-C ends the process with the default SIGINT handling: the output is
//! swapped in with renames that a killed build leaves recoverable (see `output`).

mod watch;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

pub use watch::{Change, Kind};

use crate::cli::{BuildArgs, report};
use crate::diagnostic::Failed;
use crate::site::{BuildOptions, Rendered, Site, is_site_root};
use watch::SourceWatcher;

/// What one rebuild hands to the next: the options and the last site loaded.
/// An incremental rebuild will keep its dependency graph here.
pub struct State {
    opts: BuildOptions,
    site: Option<Site>,
}

impl State {
    pub fn new(opts: BuildOptions) -> State {
        State { opts, site: None }
    }

    /// `output_dir` of the last site.toml read, relative to the root.
    fn output_dir(&self) -> PathBuf {
        self.site.as_ref().and_then(|s| s.config.output_dir.clone()).unwrap_or_else(|| PathBuf::from("public"))
    }
}

/// A rebuild that succeeded.
pub struct Built {
    pub rendered: Rendered,
    pub pages: usize,
    pub elapsed: Duration,
}

/// Brings the site up to date with `changes` (empty for the first build).
///
/// For now every change loads and renders the whole site, which takes about
/// 50 ms for the paper; an incremental rebuild replaces this function.
pub fn rebuild(state: &mut State, changes: &[Change]) -> Result<Built, Failed> {
    let _ = changes;
    let start = Instant::now();
    let site = Site::load(&state.opts)?;
    let rendered = site.render();
    let pages = site.library.pages.len();
    state.site = Some(site);
    Ok(Built { rendered: rendered?, pages, elapsed: start.elapsed() })
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

fn write_site(args: &BuildArgs, state: &mut State, changes: &[Change]) {
    let what = watch::summary(changes);
    let start = Instant::now();
    match rebuild(state, changes) {
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
