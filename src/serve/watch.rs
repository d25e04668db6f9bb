//! Watching the site's sources: notify through notify-debouncer-full, which
//! paths matter, and gathering a burst of changes into one rebuild.
//!
//! The root is watched on its own (for `site.toml`, and for source folders
//! created later) and each source folder recursively, so `public/`, `target/`
//! and `.git/` beside them cost no watches and raise no events.
//!
//! A watch follows a folder, not a path: when the site's folder itself is
//! deleted and made again (a script regenerating the site, a re-clone), the
//! new folder has no watch. So after every burst the root's identity (device
//! and inode) is compared with the watched one; while the root is missing it
//! is looked for every [`ROOT_RECHECK`]; a new root is watched again from
//! scratch and reported as [`Kind::Unknown`], which rebuilds everything.

use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{self, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer_opt};

use crate::content::is_ignored_name;

/// The folders of a site whose changes need a rebuild.
pub const SOURCE_DIRS: [&str; 5] = ["content", "themes", "templates", "static", "i18n"];
/// A path's events are delivered once it has been quiet this long. Editors
/// write a save within a millisecond or two (atomic saves: write, rename), so
/// this is short: the wait is most of the edit-to-served time.
const DEBOUNCE: Duration = Duration::from_millis(10);
/// How often the debouncer looks for quiet paths.
const TICK: Duration = Duration::from_millis(5);
/// After a batch, wait this long for more before rebuilding: the debouncer
/// delivers a long burst (a git checkout) tick by tick, and one rebuild should
/// take it all; changes during a rebuild start one more.
const GATHER: Duration = Duration::from_millis(15);
/// A burst that never ends is still rebuilt this often.
const GATHER_AT_MOST: Duration = Duration::from_secs(1);
/// `--poll`: how often the files are scanned (and read: see `start_with`).
const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// While the site's folder is missing, how often to look for it again.
const ROOT_RECHECK: Duration = Duration::from_millis(200);

/// Which part of the site a changed path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Config,
    Content,
    Theme,
    Templates,
    Static,
    /// Events were lost (the system's queue overflowed): anything may have changed.
    Unknown,
}

/// A created, changed, renamed or deleted source path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Change {
    pub kind: Kind,
    /// Relative to the site root.
    pub path: PathBuf,
}

/// Which source `path` (absolute, under `root`) is, if a rebuild depends on
/// it: not the output folder, not VCS folders, not editor temp, swap and backup
/// files (the rule content discovery uses).
pub fn classify(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    let mut names = Vec::new();
    for c in rel.components() {
        let Component::Normal(name) = c else { return None };
        let name = name.to_string_lossy();
        if is_ignored_name(&name) || is_vcs_dir(&name) {
            return None;
        }
        names.push(name);
    }
    let kind = match (names.first()?.as_ref(), names.len()) {
        ("site.toml", 1) => Kind::Config,
        ("content", _) => Kind::Content,
        ("themes", _) => Kind::Theme,
        // The theme's strings as the site overrides them: read with the templates.
        ("templates" | "i18n", _) => Kind::Templates,
        ("static", _) => Kind::Static,
        _ => return None,
    };
    Some(Change { kind, path: rel.to_path_buf() })
}

/// VCS folders whose names do not start with a dot (those are ignored already).
fn is_vcs_dir(name: &str) -> bool {
    matches!(name, "CVS" | "_darcs" | "RCS")
}

/// Whether an event can mean new content: opening or reading a file (as every
/// rebuild does) cannot, closing it after writing can.
fn may_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The file-system notifications of one backend.
enum Backend {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Backend {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Backend::Native(d) => d.watch(path, mode),
            Backend::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        match self {
            Backend::Native(d) => d.unwatch(path),
            Backend::Poll(d) => d.unwatch(path),
        }
    }
}

/// What tells one folder from another made later at the same path.
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    meta.is_dir().then(|| (meta.dev(), meta.ino()))
}

/// Elsewhere only a missing folder can be told: a root made again is seen
/// only if it was seen missing first.
#[cfg(not(unix))]
fn identity(path: &Path) -> Option<(u64, u64)> {
    path.is_dir().then_some((0, 0))
}

/// Watches a site's sources and hands out the changes, a burst at a time.
pub struct SourceWatcher {
    /// Absolute, as notify reports paths.
    root: PathBuf,
    backend: Backend,
    events: Receiver<DebounceEventResult>,
    /// Source folders watched recursively.
    watched: HashSet<PathBuf>,
    /// The [`identity`] of the root folder watched; `None` while it is missing.
    root_id: Option<(u64, u64)>,
}

impl SourceWatcher {
    /// Starts watching `root`: with the system's notifications, or by scanning
    /// the files when `poll` is set or the notifications are not available
    /// (then it says why on stderr).
    pub fn start(root: &Path, poll: bool) -> io::Result<SourceWatcher> {
        let root = root.canonicalize()?;
        if !poll {
            match Self::start_with(&root, false) {
                Ok(w) => return Ok(w),
                Err(e) => eprintln!("warning: {}\n  acta falls back to polling for changes", describe(&e)),
            }
        }
        Self::start_with(&root, true).map_err(|e| io::Error::other(describe(&e)))
    }

    fn start_with(root: &Path, poll: bool) -> notify::Result<SourceWatcher> {
        let (tx, events) = channel();
        let backend = if poll {
            // notify compares modification times in whole seconds: without
            // comparing contents, a second save within a second is missed.
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL).with_compare_contents(true);
            Backend::Poll(new_debouncer_opt(DEBOUNCE, Some(TICK), tx, NoCache, config)?)
        } else {
            Backend::Native(new_debouncer_opt(
                DEBOUNCE,
                Some(TICK),
                tx,
                RecommendedCache::new(),
                notify::Config::default(),
            )?)
        };
        let mut watcher =
            SourceWatcher { root: root.to_path_buf(), backend, events, watched: HashSet::new(), root_id: None };
        watcher.watch_all()?;
        Ok(watcher)
    }

    /// Watches the root and the source folders in it, as they are now.
    fn watch_all(&mut self) -> notify::Result<()> {
        let id = identity(&self.root);
        self.backend.watch(&self.root, RecursiveMode::NonRecursive)?;
        for dir in SOURCE_DIRS {
            let path = self.root.join(dir);
            if path.is_dir() {
                self.backend.watch(&path, RecursiveMode::Recursive)?;
                self.watched.insert(path);
            }
        }
        self.root_id = id;
        Ok(())
    }

    /// After the root folder was deleted (and perhaps made again): drops the
    /// old watches and, once the folder exists again, watches it from scratch
    /// and records a change of anything.
    fn follow_root(&mut self, changes: &mut HashSet<Change>) {
        let now = identity(&self.root);
        if now == self.root_id {
            return;
        }
        // The old watches died with the old folders; forget them (errors
        // only say that the system already has).
        let _ = self.backend.unwatch(&self.root);
        for path in std::mem::take(&mut self.watched) {
            let _ = self.backend.unwatch(&path);
        }
        self.root_id = None;
        if now.is_none() {
            return;
        }
        match self.watch_all() {
            Ok(()) => {
                changes.insert(Change { kind: Kind::Unknown, path: PathBuf::new() });
            }
            // Tried again at the next check.
            Err(e) => eprintln!("warning: {}", describe(&e)),
        }
    }

    /// Blocks until sources change, then gathers the rest of the burst; the
    /// changes come sorted, each once. `None` if the watcher stopped.
    pub fn next_changes(&mut self) -> Option<Vec<Change>> {
        let mut changes = HashSet::new();
        let mut started = None;
        loop {
            let batch = match started {
                None if self.root_id.is_none() => match self.events.recv_timeout(ROOT_RECHECK) {
                    Ok(batch) => batch,
                    Err(RecvTimeoutError::Timeout) => {
                        self.follow_root(&mut changes);
                        if !changes.is_empty() {
                            started = Some(Instant::now());
                        }
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return None,
                },
                None => self.events.recv().ok()?,
                Some(start) => {
                    let elapsed = Instant::now().duration_since(start);
                    if elapsed >= GATHER_AT_MOST {
                        break;
                    }
                    match self.events.recv_timeout(GATHER.min(GATHER_AT_MOST - elapsed)) {
                        Ok(batch) => batch,
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return None,
                    }
                }
            };
            self.absorb(batch, &mut changes);
            self.follow_root(&mut changes);
            if started.is_none() && !changes.is_empty() {
                started = Some(Instant::now());
            }
        }
        let mut changes: Vec<Change> = changes.into_iter().collect();
        changes.sort();
        Some(changes)
    }

    fn absorb(&mut self, batch: DebounceEventResult, changes: &mut HashSet<Change>) {
        match batch {
            Ok(events) => {
                for event in events.iter().filter(|e| may_change(&e.kind)) {
                    if event.need_rescan() {
                        changes.insert(Change { kind: Kind::Unknown, path: PathBuf::new() });
                    }
                    for path in &event.paths {
                        self.follow_source_dir(path);
                        changes.extend(classify(&self.root, path));
                    }
                }
            }
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: {}", describe(&e));
                }
            }
        }
    }

    /// Watches a source folder created (or moved in) after the start.
    fn follow_source_dir(&mut self, path: &Path) {
        if path.parent() != Some(self.root.as_path()) {
            return;
        }
        if !SOURCE_DIRS.iter().any(|d| path.file_name() == Some(d.as_ref())) {
            return;
        }
        if !path.is_dir() {
            // Deleted or moved away: watch it again if it comes back.
            self.watched.remove(path);
        } else if !self.watched.contains(path) {
            match self.backend.watch(path, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.watched.insert(path.to_path_buf());
                }
                Err(e) => eprintln!("warning: {}", describe(&e)),
            }
        }
    }
}

/// What went wrong with watching, and what to do about the system's limits.
pub fn describe(e: &notify::Error) -> String {
    let os_error = match &e.kind {
        notify::ErrorKind::Io(io) => io.raw_os_error(),
        _ => None,
    };
    let paths = if e.paths.is_empty() {
        String::new()
    } else {
        format!(" ({})", e.paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))
    };
    // ENOSPC from inotify_add_watch: the watch limit, not a full disk.
    if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) || os_error == Some(28) {
        format!(
            "cannot watch for changes{paths}: the system's limit on watched folders (fs.inotify.max_user_watches) is reached\n  hint: raise it with `sudo sysctl fs.inotify.max_user_watches=524288`, or use --poll"
        )
    } else if os_error == Some(24) {
        format!(
            "cannot watch for changes{paths}: too many open files or inotify instances\n  hint: raise the limit with `sudo sysctl fs.inotify.max_user_instances=1024`, or use --poll"
        )
    } else {
        format!("cannot watch for changes{paths}: {e}")
    }
}

/// `content/a.md changed` or `content/a.md and 3 other files changed`; empty for no change.
pub fn summary(changes: &[Change]) -> String {
    if changes.iter().any(|c| c.kind == Kind::Unknown) {
        return "some changes were missed".into();
    }
    match changes {
        [] => String::new(),
        [one] => format!("{} changed", one.path.display()),
        [first, rest @ ..] => format!(
            "{} and {} other file{} changed",
            first.path.display(),
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> Option<Kind> {
        classify(Path::new("/site"), &Path::new("/site").join(path)).map(|c| c.kind)
    }

    #[test]
    fn sources_are_classified() {
        assert_eq!(kind("site.toml"), Some(Kind::Config));
        assert_eq!(kind("content/guide/one.md"), Some(Kind::Content));
        assert_eq!(kind("content"), Some(Kind::Content));
        assert_eq!(kind("themes/default/templates/page.html"), Some(Kind::Theme));
        assert_eq!(kind("i18n/es.toml"), Some(Kind::Templates));
        assert_eq!(kind("templates/page.html"), Some(Kind::Templates));
        assert_eq!(kind("static/logo.svg"), Some(Kind::Static));
    }

    #[test]
    fn output_vcs_and_editor_files_are_not_sources() {
        for path in [
            "public/index.html",
            ".public.acta-staging/index.html",
            "target/debug/acta",
            ".git/index",
            // `check --external`'s cache: writing it must not rebuild the site.
            ".acta-cache/external-links.tsv",
            "content/.git/HEAD",
            "content/CVS/Entries",
            "README.md",
            "other/site.toml",
            "content/.one.md.swp",
            "content/one.md.swp",
            "content/one.md~",
            "content/#one.md#",
            "content/.#one.md",
            "content/one.md.tmp",
            "content/one.md___jb_tmp___",
            "content/one.md___jb_old___",
            "content/4913",
            "static/.DS_Store",
        ] {
            assert_eq!(kind(path), None, "{path}");
        }
        assert_eq!(classify(Path::new("/site"), Path::new("/elsewhere/content/a.md")), None);
    }

    #[test]
    fn reads_do_not_count_as_changes() {
        assert!(!may_change(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(!may_change(&EventKind::Access(AccessKind::Close(AccessMode::Read))));
        assert!(may_change(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(may_change(&EventKind::Remove(notify::event::RemoveKind::File)));
    }

    #[test]
    fn the_watch_limit_names_the_command_that_raises_it() {
        let limit = describe(&notify::Error::new(notify::ErrorKind::MaxFilesWatch));
        assert!(limit.contains("sudo sysctl fs.inotify.max_user_watches=524288"), "{limit}");
        let enospc = describe(&notify::Error::io(io::Error::from_raw_os_error(28)));
        assert!(enospc.contains("max_user_watches"), "{enospc}");
    }

    #[test]
    fn summaries_name_the_first_change() {
        let c = |p: &str| Change { kind: Kind::Content, path: p.into() };
        assert_eq!(summary(&[c("content/a.md")]), "content/a.md changed");
        assert_eq!(summary(&[c("content/a.md"), c("content/b.md")]), "content/a.md and 1 other file changed");
        let lost = Change { kind: Kind::Unknown, path: PathBuf::new() };
        assert_eq!(summary(&[lost, c("content/a.md")]), "some changes were missed");
    }
}
