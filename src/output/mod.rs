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

mod manifest;
mod paths;
mod place;

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::rendered::{CopiedFile, Rendered};
use crate::theme::Source;
use manifest::{
    carry_back, find_foreign, read_manifest, remove_empty_dirs, remove_listed_file, remove_owned, write_manifest,
};
use paths::absolute;
pub use paths::check_output_dir;
use place::{exchange, is_mount_point, lock_exclusive};

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
