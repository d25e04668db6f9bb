//! Where the output folder really is, and whether acta may write there.

use std::path::{Component, Path, PathBuf};

use super::OutputError;

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
pub(super) fn absolute(p: &Path) -> PathBuf {
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

pub(super) fn check_resolved(root: &Path, out: &Path, home: Option<PathBuf>) -> Result<(), OutputError> {
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
