//! The manifest (`.acta-manifest`): what acta wrote in a folder, and so the
//! only files it ever deletes or moves as its own; everything else is the
//! author's and is carried over as it is.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::{LOCK_INSIDE, STAGING_INSIDE};
use super::{MANIFEST, MANIFEST_HEADER, MANIFEST_NEW, OutputError, io_err};

/// Replaces `dir`'s manifest (atomically) with one listing `rels`, sorted.
pub(super) fn write_manifest<'a>(dir: &Path, rels: impl Iterator<Item = &'a String>) -> Result<(), OutputError> {
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
pub(super) fn remove_listed_file(dir: &Path, base: &Path, rel: &str) -> Result<(), OutputError> {
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
pub(super) fn remove_empty_dirs<'a>(dir: &Path, rels: impl Iterator<Item = &'a String>) -> Result<(), OutputError> {
    let mut dirs: Vec<&str> = rels.flat_map(|r| parent_dirs(r)).collect::<HashSet<_>>().into_iter().collect();
    dirs.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
    for d in dirs {
        let _ = fs::remove_dir(dir.join(d));
    }
    Ok(())
}

/// Moves what acta did not write in `from` (anything not in its manifest) to
/// the same place in `to`, unless something is there already: the author's
/// files that a killed build left in a staging or old folder go home.
pub(super) fn carry_back(from: &Path, to: &Path) -> Result<(), OutputError> {
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
pub(super) fn move_into(src: &Path, dest: &Path) -> Result<(), OutputError> {
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
pub(super) fn read_manifest(dir: &Path) -> Option<HashSet<String>> {
    let text = fs::read_to_string(dir.join(MANIFEST)).ok()?;
    // Only whole lines: a build killed while listing may leave half a path.
    let whole = text.rfind('\n').map_or("", |end| &text[..end]);
    Some(whole.lines().filter(|l| !l.starts_with('#') && is_plain_relative(l)).map(str::to_string).collect())
}

pub(super) fn is_plain_relative(rel: &str) -> bool {
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
pub(super) fn manifest_key(rel: &Path) -> Option<String> {
    let text = rel.to_str()?;
    Some(if cfg!(windows) { text.replace('\\', "/") } else { text.to_string() })
}

/// Top-most paths in `output` that acta did not write: whole folders where
/// nothing inside is acta's (a `.git`), single files otherwise. Paths, not
/// strings: a name that is not UTF-8, or holds a `\\`, is the author's and
/// must be moved as it is.
pub(super) fn find_foreign(
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
pub(super) fn parent_dirs(rel: &str) -> impl Iterator<Item = &str> {
    rel.match_indices('/').map(move |(i, _)| &rel[..i])
}

/// Deletes the files of `dir` listed in its manifest, then the folders left
/// empty. Anything else stays, and is reported.
pub(super) fn remove_owned(dir: &Path) -> Result<(), OutputError> {
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
