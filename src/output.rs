//! Writing a [`Rendered`] site to the output folder: all or nothing, and
//! never deleting a file acta did not write.
//!
//! The site is written to a sibling staging folder, then swapped in, so a
//! failed or killed build leaves the previous output whole. On Linux the swap
//! is one `renameat2(RENAME_EXCHANGE)`: the output folder is never missing,
//! not even for a server reading it during the build. Elsewhere (or on a file
//! system without it) it takes two renames, and a build killed between them
//! is recovered by the next one. A manifest (`.acta-manifest`) lists what acta
//! wrote: files not in it (a `.git` folder, a `CNAME`) are carried over into
//! the new output untouched, and carried back by the next build if a kill
//! left them in a staging or old folder.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::rendered::{CopiedFile, Rendered};
use crate::theme::Source;

/// The file that marks a folder as acta's and lists the files acta wrote in it.
pub const MANIFEST: &str = ".acta-manifest";
/// The sorted manifest, before it replaces the one listed as pages were written.
const MANIFEST_NEW: &str = ".acta-manifest.new";
const MANIFEST_HEADER: &str = "# Files written by acta. acta deletes only these; do not edit.\n";

/// Why the output could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// The output folder would overwrite or contain the sources.
    Unsafe(String),
    /// A non-empty folder acta did not create.
    NotOurs(PathBuf),
    /// A file acta did not write stands where the build wants to write.
    Conflict(PathBuf),
    /// A previous build was interrupted and left files that need a person.
    Leftover(PathBuf),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::Unsafe(why) => write!(f, "refusing to write the site there: {why}"),
            OutputError::NotOurs(p) => write!(
                f,
                "refusing to write into {}: it is not empty and acta did not create it (no {MANIFEST}).\n  hint: choose an empty or new folder with --output, or pass --force to build into it (acta keeps every file it did not write)",
                p.display()
            ),
            OutputError::Conflict(p) => write!(
                f,
                "{} was not written by acta, and the site now has a file at that path; move it away and build again",
                p.display()
            ),
            OutputError::Leftover(p) => write!(
                f,
                "an interrupted build left {} holding files acta did not write; move them back into the output folder, delete {0}, and build again",
                p.display()
            ),
            OutputError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

impl std::error::Error for OutputError {}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |e| OutputError::Io(path.to_path_buf(), e)
}

/// `p` made absolute and normalised by its text alone: `.` dropped, each
/// `..` taking off the component before it.
///
/// Every check runs on this form and the build creates exactly this folder:
/// judged before normalising, `nope/../../home` passed the checks (no `nope`
/// to resolve) and then became the home folder once `nope` was created.
pub fn lexical(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf())
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::Prefix(_) | Component::RootDir | Component::Normal(_) => out.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
        }
    }
    out
}

/// [`lexical`], with the part of it that exists resolved through its links:
/// where the folder really is.
fn absolute(p: &Path) -> PathBuf {
    let p = lexical(p);
    let mut existing = p.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = existing.canonicalize() {
            return rest.iter().rev().fold(c, |acc: PathBuf, n| acc.join(n));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return p,
        }
    }
}

/// Refuses an output folder that is the root, holds it, or is one of the
/// source folders (or inside `content/`), or the home folder or holds it.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), OutputError> {
    // Both forms: the text the author gave, and where it leads through links.
    let home = std::env::var_os("HOME").map(PathBuf::from);
    check_resolved(&lexical(root), &lexical(output), home.as_deref().map(lexical))?;
    check_resolved(&absolute(root), &absolute(output), home.as_deref().map(absolute))
}

fn check_resolved(root: &Path, out: &Path, home: Option<PathBuf>) -> Result<(), OutputError> {
    let (root, out) = (root.to_path_buf(), out.to_path_buf());
    if root.starts_with(&out) {
        return Err(OutputError::Unsafe(format!("{} is the site root or contains it", out.display())));
    }
    for source in ["content", "themes", "templates", "static"] {
        if out.starts_with(root.join(source)) {
            return Err(OutputError::Unsafe(format!("{} is inside the site's {source}/ folder", out.display())));
        }
    }
    if let Some(home) = home {
        // Holding it is as bad as being it: the swap would move the whole
        // home folder into and out of a staging folder.
        if home.starts_with(&out) {
            let what = if out == home { "is your home folder" } else { "holds your home folder" };
            return Err(OutputError::Unsafe(format!("{} {what}", out.display())));
        }
    }
    if out.parent().is_none() {
        return Err(OutputError::Unsafe("the output folder cannot be a file system root".into()));
    }
    Ok(())
}

/// What [`write`] did.
#[derive(Debug, Default)]
pub struct WriteStats {
    pub written: usize,
    pub kept: usize,
}

/// Writes `site` to `output`, replacing the previous output in one step.
pub fn write(site: &Rendered, root: &Path, output: &Path, force: bool) -> Result<WriteStats, OutputError> {
    let staging = Staging::begin(root, output, force)?;
    staging.write_rendered(site)?;
    staging.commit()
}

/// A new output being written beside the old one: files go in as they are
/// rendered (so a large site is never whole in memory), and [`commit`]
/// swaps it in. Dropped without a commit, it is removed and the previous
/// output is as it was.
///
/// [`commit`]: Staging::commit
pub struct Staging {
    root: PathBuf,
    output: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    /// The output is a mount point: it cannot be renamed, so the new files
    /// are staged inside it and moved into place one by one.
    in_place: bool,
    /// The previous output's manifest.
    previous: Option<HashSet<String>>,
    /// Open for appending: every path is listed before it is written.
    manifest: Mutex<fs::File>,
    declared: Mutex<Declared>,
    committed: bool,
    /// Held until the staging is dropped: one build at a time writes here.
    _lock: fs::File,
}

/// The staging folder inside an output that is a mount point.
const STAGING_INSIDE: &str = ".acta-staging";
/// The lock file inside an output that is a mount point.
const LOCK_INSIDE: &str = ".acta-lock";

#[derive(Default)]
struct Declared {
    files: HashSet<String>,
    dirs: HashSet<PathBuf>,
}

impl Staging {
    /// Checks that `output` may be written (see [`check_output_dir`]), waits
    /// for any other build writing there, recovers what a killed build left,
    /// and creates the staging folder.
    pub fn begin(root: &Path, output: &Path, force: bool) -> Result<Staging, OutputError> {
        check_output_dir(root, output)?;
        let output = absolute(output);
        let parent = output.parent().map(Path::to_path_buf).unwrap_or_default();
        let beside = |suffix: &str| {
            let mut name = std::ffi::OsString::from(".");
            name.push(output.file_name().unwrap_or_default());
            name.push(suffix);
            parent.join(name)
        };
        let in_place = output.is_dir() && is_mount_point(&output);
        let (dir, old, lock) = if in_place {
            (output.join(STAGING_INSIDE), output.join(".acta-old"), output.join(LOCK_INSIDE))
        } else {
            (beside(".acta-staging"), beside(".acta-old"), beside(".acta-lock"))
        };
        let lock = lock_exclusive(&lock, &output)?;

        // Recover from a killed build: between the two renames of the swap, the
        // old output is in `old`; the author's files may be in either folder.
        if !in_place && !output.exists() && old.is_dir() {
            fs::rename(&old, &output).map_err(io_err(&old))?;
        }
        for stale in [&dir, &old] {
            if stale.exists() {
                // In place, the author's files never move: nothing to carry.
                if output.is_dir() && !in_place {
                    carry_back(stale, &output)?;
                }
                remove_owned(stale)?;
            }
        }

        let previous = read_manifest(&output);
        if output.exists() {
            if !output.is_dir() {
                return Err(OutputError::Unsafe(format!("{} is a file", output.display())));
            }
            let empty = fs::read_dir(&output)
                .map_err(io_err(&output))?
                .flatten()
                .all(|e| in_place && e.file_name() == LOCK_INSIDE);
            if previous.is_none() && !empty && !force {
                return Err(OutputError::NotOurs(output));
            }
        }
        fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        // The manifest comes first: if the build is killed while writing, the
        // next one knows which files of this folder it may delete.
        let path = dir.join(MANIFEST);
        let mut manifest =
            fs::OpenOptions::new().create(true).truncate(true).write(true).open(&path).map_err(io_err(&path))?;
        manifest.write_all(MANIFEST_HEADER.as_bytes()).map_err(io_err(&path))?;
        Ok(Staging {
            root: root.to_path_buf(),
            output,
            dir,
            old,
            in_place,
            previous,
            manifest: Mutex::new(manifest),
            declared: Mutex::new(Declared::default()),
            committed: false,
            _lock: lock,
        })
    }

    /// Lists `rels` in the manifest and creates their folders: a path is
    /// declared before it is written.
    pub fn declare<'a>(&self, rels: impl IntoIterator<Item = &'a str>) -> Result<(), OutputError> {
        let mut lines = String::new();
        let mut new_dirs = Vec::new();
        {
            let mut declared = self.declared.lock().unwrap_or_else(|e| e.into_inner());
            for rel in rels {
                if !declared.files.insert(rel.to_string()) {
                    continue;
                }
                lines.push_str(rel);
                lines.push('\n');
                if let Some(p) = Path::new(rel).parent().filter(|p| !p.as_os_str().is_empty())
                    && declared.dirs.insert(p.to_path_buf())
                {
                    new_dirs.push(self.dir.join(p));
                }
            }
        }
        let path = self.dir.join(MANIFEST);
        // One write per call: a kill leaves at most one line unfinished, and
        // `read_manifest` ignores it.
        self.manifest.lock().unwrap_or_else(|e| e.into_inner()).write_all(lines.as_bytes()).map_err(io_err(&path))?;
        new_dirs.par_iter().try_for_each(|d| fs::create_dir_all(d).map_err(io_err(d)))
    }

    /// Writes one declared file.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.dir.join(rel);
        fs::write(&path, bytes).map_err(io_err(&path))
    }

    /// Declares and writes one file.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.declare([rel])?;
        self.write(rel, bytes)
    }

    /// Declares and writes every file of `site`.
    pub fn write_rendered(&self, site: &Rendered) -> Result<(), OutputError> {
        self.declare(site.files.iter().map(|f| f.rel.as_str()).chain(site.copies.iter().map(|c| c.rel.as_str())))?;
        site.files.par_iter().try_for_each(|f| self.write(&f.rel, &f.bytes))?;
        site.copies.par_iter().try_for_each(|c: &CopiedFile| {
            let path = self.dir.join(&c.rel);
            match &c.source {
                Source::Disk(src) => fs::copy(src, &path).map(|_| ()).map_err(io_err(src)),
                Source::Builtin(bytes) => fs::write(&path, bytes).map_err(io_err(&path)),
            }
        })
    }

    /// Carries the author's files over from the previous output and swaps
    /// the new output in.
    pub fn commit(mut self) -> Result<WriteStats, OutputError> {
        let written = std::mem::take(&mut self.declared.get_mut().unwrap_or_else(|e| e.into_inner()).files);
        let mut stats = WriteStats { written: written.len(), kept: 0 };
        let (output, staging) = (&self.output, &self.dir);
        // Listed in the order pages finished rendering: sorted, the manifest
        // is the same for the same site (and diffs well where it is committed).
        let mut list: Vec<&String> = written.iter().collect();
        list.sort();
        let mut manifest = String::from(MANIFEST_HEADER);
        for rel in list {
            manifest.push_str(rel);
            manifest.push('\n');
        }
        let sorted = staging.join(MANIFEST_NEW);
        fs::write(&sorted, manifest).map_err(io_err(&sorted))?;
        fs::rename(&sorted, staging.join(MANIFEST)).map_err(io_err(&sorted))?;
        // Again, now that every folder on the way exists: one may have been
        // replaced by a link while the pages were written.
        check_output_dir(&self.root, &self.output)?;
        if absolute(&self.output) != self.output {
            return Err(OutputError::Unsafe(format!(
                "{} was moved or replaced by a link during the build",
                self.output.display()
            )));
        }
        if self.in_place {
            self.commit_in_place(&written)?;
            return Ok(stats);
        }
        let foreign =
            if output.exists() { find_foreign(output, self.previous.as_ref(), &written)? } else { Vec::new() };
        stats.kept = foreign.len();
        for rel in &foreign {
            let to = staging.join(rel);
            if let Some(p) = to.parent() {
                fs::create_dir_all(p).map_err(io_err(p))?;
            }
            fs::rename(output.join(rel), &to).map_err(io_err(&to))?;
        }
        // From here on, the new output is whole: a failure below leaves
        // either folder for the next build to recover, not a staging folder
        // to throw away.
        self.committed = true;
        if !output.exists() {
            fs::rename(staging, output).map_err(io_err(staging))?;
        } else if exchange(staging, output).map_err(io_err(output))? {
            // `staging` now holds the old output. Files the author added to the
            // output while we wrote went with it: bring them to the new one.
            carry_back(staging, output)?;
            remove_owned(staging)?;
        } else {
            fs::rename(output, &self.old).map_err(io_err(output))?;
            fs::rename(staging, output).map_err(io_err(staging))?;
            carry_back(&self.old, output)?;
            remove_owned(&self.old)?;
        }
        Ok(stats)
    }
}

impl Staging {
    /// The commit for an output that is a mount point (a Docker volume, an
    /// NFS or bind mount), which no rename can replace: each new file is
    /// renamed over its old version (readers see one or the other, never a
    /// partial file), then the old site's other files are deleted. The
    /// author's files never move.
    fn commit_in_place(&mut self, written: &HashSet<String>) -> Result<(), OutputError> {
        let (output, staging) = (&self.output, &self.dir);
        find_foreign(output, self.previous.as_ref(), written)?;
        let previous = self.previous.take().unwrap_or_default();
        // Everything acta may leave here, old or new, is listed before the
        // first move: a build killed below leaves no file of its own unlisted.
        let both: HashSet<&String> = previous.iter().chain(written.iter()).collect();
        write_manifest(output, both.into_iter())?;
        self.committed = true;
        let mut list: Vec<&String> = written.iter().collect();
        list.sort();
        for rel in &list {
            let to = output.join(rel);
            if let Some(p) = to.parent() {
                fs::create_dir_all(p).map_err(io_err(p))?;
            }
            fs::rename(staging.join(rel), &to).map_err(io_err(&to))?;
        }
        let gone: HashSet<String> = previous.difference(written).cloned().collect();
        let base = output.canonicalize().map_err(io_err(output))?;
        for rel in &gone {
            remove_listed_file(output, &base, rel)?;
        }
        remove_empty_dirs(output, gone.iter())?;
        write_manifest(output, written.iter())?;
        remove_owned(staging)
    }
}

/// Replaces `dir`'s manifest (atomically) with one listing `rels`, sorted.
fn write_manifest<'a>(dir: &Path, rels: impl Iterator<Item = &'a String>) -> Result<(), OutputError> {
    let mut list: Vec<&String> = rels.collect();
    list.sort();
    let mut text = String::from(MANIFEST_HEADER);
    for rel in list {
        text.push_str(rel);
        text.push('\n');
    }
    let new = dir.join(MANIFEST_NEW);
    fs::write(&new, text).map_err(io_err(&new))?;
    fs::rename(&new, dir.join(MANIFEST)).map_err(io_err(&new))
}

/// Deletes `dir/rel` if it is a file (or a link) inside `dir`, never through a link.
fn remove_listed_file(dir: &Path, base: &Path, rel: &str) -> Result<(), OutputError> {
    let path = dir.join(rel);
    // A folder the author replaced with a symbolic link leads out of `dir`,
    // to files acta did not write.
    let inside = path.parent().and_then(|p| p.canonicalize().ok()).is_some_and(|p| p.starts_with(base));
    if inside && path.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
        fs::remove_file(&path).map_err(io_err(&path))?;
    }
    Ok(())
}

/// Removes the folders of `rels` that are left empty, deepest first.
fn remove_empty_dirs<'a>(dir: &Path, rels: impl Iterator<Item = &'a String>) -> Result<(), OutputError> {
    let mut dirs: Vec<&str> = rels.flat_map(|r| parent_dirs(r)).collect::<HashSet<_>>().into_iter().collect();
    dirs.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
    for d in dirs {
        let _ = fs::remove_dir(dir.join(d));
    }
    Ok(())
}

/// Opens (creating) the lock file and locks it for this process, waiting
/// for another build that holds it: two builds into one folder would share
/// its staging folder and leave a mix of both.
fn lock_exclusive(path: &Path, output: &Path) -> Result<fs::File, OutputError> {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).map_err(io_err(p))?;
    }
    let file = fs::OpenOptions::new().create(true).truncate(false).write(true).open(path).map_err(io_err(path))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!("Waiting for another acta build into {} to finish…", output.display());
            file.lock().map_err(io_err(path))?;
            Ok(file)
        }
        Err(fs::TryLockError::Error(e)) => Err(OutputError::Io(path.to_path_buf(), e)),
    }
}

/// Whether `dir` is a mount point, which a rename can neither replace nor move.
#[cfg(unix)]
fn is_mount_point(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(meta), Some(parent)) = (dir.metadata(), dir.parent()) else { return false };
    if parent.metadata().is_ok_and(|p| p.dev() != meta.dev()) {
        return true;
    }
    // A bind mount of a folder of the same file system keeps its device.
    dir.canonicalize().is_ok_and(|d| listed_as_mount_point(&d))
}

#[cfg(not(unix))]
fn is_mount_point(_: &Path) -> bool {
    false
}

/// Whether `/proc/self/mountinfo` names `dir` as a mount point.
#[cfg(unix)]
fn listed_as_mount_point(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(info) = fs::read("/proc/self/mountinfo") else { return false };
    let want = dir.as_os_str().as_bytes();
    info.split(|&b| b == b'\n')
        .any(|line| line.split(|&b| b == b' ').nth(4).is_some_and(|field| unescape_mount_field(field) == want))
}

/// Undoes the kernel's octal escapes (`\040` for a space) in a mountinfo field.
#[cfg(unix)]
fn unescape_mount_field(field: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(field.len());
    let mut i = 0;
    while i < field.len() {
        let octal =
            field.get(i + 1..i + 4).filter(|d| field[i] == b'\\' && d.iter().all(|c| (b'0'..=b'7').contains(c)));
        match octal {
            Some(d) => {
                out.push(d.iter().fold(0u8, |n, c| n.wrapping_mul(8).wrapping_add(c - b'0')));
                i += 4;
            }
            None => {
                out.push(field[i]);
                i += 1;
            }
        }
    }
    out
}

impl Drop for Staging {
    /// Nothing was swapped: put back what was already carried over, and the
    /// previous output is as it was.
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        if self.output.is_dir() {
            let _ = carry_back(&self.dir, &self.output);
        }
        let _ = remove_owned(&self.dir);
    }
}

/// Swaps two folders in one step; `false` where the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // Kernels before 3.15, and file systems without it (some network ones).
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Moves what acta did not write in `from` (anything not in its manifest) to
/// the same place in `to`, unless something is there already: the author's
/// files that a killed build left in a staging or old folder go home.
fn carry_back(from: &Path, to: &Path) -> Result<(), OutputError> {
    // acta writes the manifest before it moves anything in: without one,
    // `from` holds nothing of the author's.
    let Some(owned) = read_manifest(from) else { return Ok(()) };
    for rel in find_foreign(from, Some(&owned), &HashSet::new())? {
        let dest = to.join(&rel);
        if let Some(p) = dest.parent() {
            fs::create_dir_all(p).map_err(io_err(p))?;
        }
        move_into(&from.join(&rel), &dest)?;
    }
    Ok(())
}

/// Renames `src` to `dest`; when both are folders, moves `src`'s entries in
/// one by one. Whatever would replace something is left where it is (and
/// reported by [`remove_owned`]).
fn move_into(src: &Path, dest: &Path) -> Result<(), OutputError> {
    let Ok(meta) = dest.symlink_metadata() else {
        return fs::rename(src, dest).map_err(io_err(dest));
    };
    if meta.is_dir() && src.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        // Listed first: the loop moves entries out of the folder it reads.
        let entries: Vec<fs::DirEntry> = fs::read_dir(src).and_then(Iterator::collect).map_err(io_err(src))?;
        for entry in entries {
            move_into(&entry.path(), &dest.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// The paths a folder's manifest lists. Only plain relative paths count: the
/// manifest is a file anyone can edit (or commit), and a line such as
/// `../content/a.md` or `/home/me/x` must never make acta delete that file.
fn read_manifest(dir: &Path) -> Option<HashSet<String>> {
    let text = fs::read_to_string(dir.join(MANIFEST)).ok()?;
    // Only whole lines: a build killed while listing may leave half a path.
    let whole = text.rfind('\n').map_or("", |end| &text[..end]);
    Some(whole.lines().filter(|l| !l.starts_with('#') && is_plain_relative(l)).map(str::to_string).collect())
}

fn is_plain_relative(rel: &str) -> bool {
    // On Windows `\\` separates folders, so `..\\x` would climb out; elsewhere
    // it is a character of a name like any other.
    let windows_separator = cfg!(windows) && rel.contains('\\');
    !rel.is_empty()
        && !windows_separator
        && rel.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
        && Path::new(rel).components().all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// `rel` as the manifest writes it; `None` for a name that is not UTF-8,
/// which acta never writes.
fn manifest_key(rel: &Path) -> Option<String> {
    let text = rel.to_str()?;
    Some(if cfg!(windows) { text.replace('\\', "/") } else { text.to_string() })
}

/// Top-most paths in `output` that acta did not write: whole folders where
/// nothing inside is acta's (a `.git`), single files otherwise. Paths, not
/// strings: a name that is not UTF-8, or holds a `\\`, is the author's and
/// must be moved as it is.
fn find_foreign(
    output: &Path,
    ours: Option<&HashSet<String>>,
    new: &HashSet<String>,
) -> Result<Vec<PathBuf>, OutputError> {
    let empty = HashSet::new();
    let ours = ours.unwrap_or(&empty);
    let our_dirs: HashSet<&str> = ours.iter().chain(new.iter()).flat_map(|r| parent_dirs(r)).collect();
    let new_dirs: HashSet<&str> = new.iter().flat_map(|r| parent_dirs(r)).collect();
    let mut foreign = Vec::new();
    let mut walker = walkdir::WalkDir::new(output).follow_links(false).sort_by_file_name().min_depth(1).into_iter();
    while let Some(entry) = walker.next() {
        let entry = entry.map_err(|e| OutputError::Io(output.to_path_buf(), e.into()))?;
        let Ok(rel) = entry.path().strip_prefix(output) else { continue };
        let Some(key) = manifest_key(rel) else {
            // Not UTF-8: never acta's.
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            foreign.push(rel.to_path_buf());
            continue;
        };
        if [MANIFEST, MANIFEST_NEW, STAGING_INSIDE, LOCK_INSIDE].contains(&key.as_str()) {
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_dir() {
            if !our_dirs.contains(key.as_str()) {
                if new.contains(&key) {
                    return Err(OutputError::Conflict(entry.path().to_path_buf()));
                }
                walker.skip_current_dir();
                foreign.push(rel.to_path_buf());
            }
        } else if !ours.contains(&key) {
            // A file, or a link, where the new site has a file or a folder.
            if new.contains(&key) || new_dirs.contains(key.as_str()) {
                return Err(OutputError::Conflict(entry.path().to_path_buf()));
            }
            foreign.push(rel.to_path_buf());
        }
    }
    Ok(foreign)
}

/// `a`, `a/b` for `a/b/c.html`.
fn parent_dirs(rel: &str) -> impl Iterator<Item = &str> {
    rel.match_indices('/').map(move |(i, _)| &rel[..i])
}

/// Deletes the files of `dir` listed in its manifest, then the folders left
/// empty. Anything else stays, and is reported.
fn remove_owned(dir: &Path) -> Result<(), OutputError> {
    let owned = read_manifest(dir).unwrap_or_default();
    let base = dir.canonicalize().map_err(io_err(dir))?;
    for rel in &owned {
        let path = dir.join(rel);
        // Never through a link: a folder the author replaced with a symbolic
        // link leads out of `dir`, to files acta did not write.
        let inside = path.parent().and_then(|p| p.canonicalize().ok()).is_some_and(|p| p.starts_with(&base));
        if inside && path.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
            fs::remove_file(&path).map_err(io_err(&path))?;
        }
    }
    let _ = fs::remove_file(dir.join(MANIFEST));
    let _ = fs::remove_file(dir.join(MANIFEST_NEW));
    // Deepest first, so parents are empty by the time we reach them.
    let mut dirs: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        let _ = fs::remove_dir(&d);
    }
    if dir.exists() { Err(OutputError::Leftover(dir.to_path_buf())) } else { Ok(()) }
}
