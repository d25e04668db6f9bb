//! A page's URL from its path: folder and file names made slugs, or the
//! page's own `slug:`.

use std::path::Path;

use super::{FrontMatter, positions};
use crate::diagnostic::Diagnostic;

/// `a/b.md` → `a/b/`, `a/_index.md` → `a/`, `_index.md` → ``, each folder
/// and file name made a slug (see [`slugify`]).
pub fn url_of(rel: &str) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    if stem == "_index" {
        return String::new();
    }
    let stem = stem.strip_suffix("/_index").unwrap_or(stem);
    let mut url = String::with_capacity(stem.len() + 1);
    for part in stem.split('/') {
        url.push_str(&slugify(part));
        url.push('/');
    }
    url
}

/// A file or folder name as a URL path segment, as Zola does by default:
/// lower case, letters and digits of any script kept (in Unicode's composed
/// form, so a name typed on macOS and one typed elsewhere are one URL),
/// `-`, `_` and `.` kept, every other run of characters (spaces, `#`, `?`,
/// `%`, quotes) one `-`. A name with nothing left is kept as it is (and
/// percent-encoded in links). `slug:` in front matter chooses a page's own.
pub fn slugify(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut slug = String::with_capacity(name.len());
    for c in name.nfc().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || matches!(c, '_' | '.') {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() || slug.chars().all(|c| c == '.') { name.to_string() } else { slug.to_string() }
}

/// The page's URL: [`url_of`] its path, with `slug:` replacing the last part.
pub(super) fn page_url(path: &Path, rel: &str, meta: &FrontMatter, front_matter: &str) -> Result<String, Diagnostic> {
    let url = url_of(rel);
    let Some(slug) = &meta.slug else { return Ok(url) };
    let line = positions::line_of_key(front_matter, "slug").map_or(2, |l| l + 2);
    let clean = slugify(slug.trim());
    if clean.is_empty() || clean.contains(['/', '\\']) || clean.starts_with('.') {
        return Err(Diagnostic::error(path, line, 1, format!("`slug` {slug:?} cannot be a URL path segment"))
            .with_hint("use letters, digits and `-`, e.g. `slug: my-page`; no `/`, and not starting with `.`"));
    }
    let parent = url.trim_end_matches('/').rsplit_once('/').map_or("", |(p, _)| p);
    Ok(if parent.is_empty() { format!("{clean}/") } else { format!("{parent}/{clean}/") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(url_of("a/b.md"), "a/b/");
        assert_eq!(url_of("a/_index.md"), "a/");
        assert_eq!(url_of("_index.md"), "");
        assert_eq!(url_of("b.md"), "b/");
        assert_eq!(url_of("Notes/My Page #1?.md"), "notes/my-page-1/");
        assert_eq!(url_of("100% sure & co.md"), "100-sure-co/");
        assert_eq!(url_of("caf\u{e9}.md"), url_of("cafe\u{301}.md"));
        assert_eq!(url_of("Año/Niño.md"), "año/niño/");
        assert_eq!(url_of("###.md"), "###/");
    }
}
