//! Internal links: authors link pages by source path, and we turn those into URLs.
//!
//! `../a/b.md#x` (relative, which also works when the Markdown is read on a
//! code host) and `@/a/b.md#x` (from the content root) both become `/a/b/#x`.

use crate::content::{Library, PageId};

/// What a link in Markdown points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Left as written: another site, a mail address, a root-relative URL.
    External,
    /// A page of this site, maybe an anchor on it.
    Page { id: PageId, anchor: Option<String> },
    /// An anchor on the page itself.
    SamePage(String),
    /// A file under `content/` that is not a page.
    Asset(String),
    /// `term:slug`, a glossary term by its slug.
    Term(String),
}

/// Where a URL is written: a link is followed, an image is only shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    Link,
    Image,
}

/// Why a link cannot be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// `javascript`, `vbscript` or `data` (see `html::active_scheme`).
    Scheme(&'static str),
    MissingPage(String),
}

/// Resolves `dest` written in the page `from_rel` (a path relative to `content/`).
///
/// URLs that carry their own code are refused, except `data:image/…` in an
/// image: an `<img>` runs no script, and small inline images are common.
pub fn resolve(dest: &str, used: Use, from_rel: &str, lib: &Library) -> Result<Target, LinkError> {
    match crate::html::active_scheme(dest) {
        Some("data") if used == Use::Image && crate::html::is_image_data_url(dest) => return Ok(Target::External),
        Some(scheme) => return Err(LinkError::Scheme(scheme)),
        None => {}
    }
    if let Some(slug) = dest.strip_prefix("term:") {
        return Ok(Target::Term(slug.to_string()));
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Ok(Target::SamePage(anchor.to_string()));
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (dest, None),
    };
    let rel = if let Some(from_root) = path.strip_prefix("@/") {
        normalize(from_root)
    } else if has_scheme(path) || path.starts_with('/') || path.is_empty() || path.contains('?') {
        return Ok(Target::External);
    } else {
        let dir = from_rel.rsplit_once('/').map_or("", |(d, _)| d);
        normalize(&format!("{dir}/{}", crate::html::decode_percent(path)))
    };
    let Some(rel) = rel else {
        return Err(LinkError::MissingPage(path.to_string()));
    };
    if rel.ends_with(".md") {
        return match lib.by_rel(&rel) {
            Some(id) => Ok(Target::Page { id, anchor: fragment.filter(|f| !f.is_empty()) }),
            None => Err(LinkError::MissingPage(rel)),
        };
    }
    if lib.has_asset(&rel) {
        return Ok(Target::Asset(rel));
    }
    // A folder link (`../a/`) written for the code host: its `_index.md`.
    let index = format!("{}/_index.md", rel.trim_end_matches('/'));
    if let Some(id) = lib.by_rel(index.trim_start_matches('/')) {
        return Ok(Target::Page { id, anchor: fragment.filter(|f| !f.is_empty()) });
    }
    Err(LinkError::MissingPage(rel))
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) => {
            let scheme = &s[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => s.starts_with("//"),
    }
}

/// Folds `.` and `..`; `None` when the path climbs out of `content/`.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_paths() {
        assert_eq!(normalize("a/./b/../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalize("../x.md"), None);
    }

    #[test]
    fn schemes() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(has_scheme("//cdn"));
        assert!(!has_scheme("a/b.md"));
    }
}
