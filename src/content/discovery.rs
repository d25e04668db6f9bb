//! Finding the site's files: pages (`.md`) and assets (everything else).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;

/// A file found under `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Relative to `content/`, `/`-separated.
    pub rel: String,
    pub abs: PathBuf,
}

/// Everything under `content/`, sorted by path so builds are deterministic.
#[derive(Debug, Default)]
pub struct Discovered {
    pub pages: Vec<Found>,
    pub assets: Vec<Found>,
    pub problems: Vec<Diagnostic>,
}

/// Names that editors, VCSs and operating systems leave beside real files.
/// The watcher uses the same rule, so a build never sees what it ignores.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "Thumbs.db"
        || name == "4913" // vim's write test file
}

/// Walks `content_dir`. Symbolic links are reported and not followed, so a
/// link can neither loop nor pull in files from outside the site.
pub fn discover(root: &Path, content_dir: &Path) -> Discovered {
    let mut out = Discovered::default();
    let walker = WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map_or_else(|| content_dir.to_path_buf(), Path::to_path_buf);
                out.problems.push(Diagnostic::error(
                    crate::diagnostic::display_path(root, &path),
                    0,
                    0,
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let display = crate::diagnostic::display_path(root, entry.path());
        if entry.path_is_symlink() {
            out.problems.push(
                Diagnostic::warning(display, 0, 0, "symbolic link skipped: acta does not follow links")
                    .with_hint("copy the file into content/ instead"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel_path) = entry.path().strip_prefix(content_dir) else { continue };
        let Some(rel) = rel_path.to_str().map(|s| s.replace('\\', "/")) else {
            out.problems.push(Diagnostic::error(display, 0, 0, "the file name is not valid UTF-8; rename the file"));
            continue;
        };
        let found = Found { rel, abs: entry.path().to_path_buf() };
        if found.rel.ends_with(".md") {
            out.pages.push(found);
        } else {
            out.assets.push(found);
        }
    }
    out
}

/// Decodes a page's bytes: UTF-8 required, BOM dropped, CRLF and CR made LF.
/// Line numbers are unchanged by the normalisation.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]);
        let (line, column) = crate::diagnostic::line_col(&prefix, prefix.len());
        Diagnostic::error(path, line, column, format!("the file is not valid UTF-8 (byte offset {valid})"))
            .with_hint("save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8`")
    })?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    // A NUL cannot be typed: it means a binary or damaged file, and it would
    // reach the HTML as it is. Say where, rather than publish it.
    if let Some(at) = text.find('\0') {
        let (line, column) = crate::diagnostic::line_col(&text, at);
        return Err(Diagnostic::error(path, line, column, "the file holds a NUL byte: it is binary or damaged")
            .with_hint(
                "delete the NUL (an editor may show it as ^@); if text is missing around it, restore it from a backup",
            ));
    }
    if text.contains('\r') { Ok(text.replace("\r\n", "\n").replace('\r', "\n")) } else { Ok(text) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_editor_files() {
        for name in [".a.md.swp", "a.md~", "#a.md#", ".#a.md", "a.md___jb_tmp___", ".git"] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("a.md"));
    }

    #[test]
    fn decode_bom_crlf_and_bad_utf8() {
        let p = Path::new("a.md");
        assert_eq!(decode(p, b"\xef\xbb\xbf---\r\nx\r\n".to_vec()).unwrap(), "---\nx\n");
        let err = decode(p, b"---\ntitle: a\n\xff".to_vec()).unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert!(err.message.contains("offset 13"));
    }

    #[test]
    fn decode_refuses_nul_with_its_place() {
        let err = decode(Path::new("a.md"), b"---\ntitle: a\n---\nab\0c\n".to_vec()).unwrap_err();
        assert_eq!((err.line, err.column), (4, 3));
        assert!(err.message.contains("NUL"), "{}", err.message);
    }
}
