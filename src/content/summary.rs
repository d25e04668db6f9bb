//! mdBook's `SUMMARY.md`: a book's table of contents, kept at the top of
//! its `src/` folder. Copied into `content/`, it is not a page: the order of
//! its links is the reading order of the pages it lists, so a book keeps
//! its chapters' order without front matter. A page's own `weight` wins;
//! the pages it does not list come after, in acta's usual order.

use pulldown_cmark::{Event, Parser, Tag};

use super::Page;
use crate::diagnostic::Diagnostic;

/// The source path of the table of contents, relative to `content/`.
pub const SUMMARY: &str = "SUMMARY.md";

/// The order of the summary `found` (see [`order`]).
pub fn read(found: &super::discovery::Found) -> Result<Vec<String>, Diagnostic> {
    let path = std::path::Path::new("content").join(SUMMARY);
    let bytes =
        std::fs::read(&found.abs).map_err(|e| Diagnostic::error(&path, 0, 0, format!("cannot read the file: {e}")))?;
    Ok(order(&super::discovery::decode(&path, bytes)?))
}

/// The pages' source paths in the order the summary links them, each once.
pub fn order(summary: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    Parser::new(summary)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url),
            _ => None,
        })
        .filter_map(|dest| {
            // `[Draft chapter]()` is a chapter mdBook has no file for yet.
            let path = dest.split('#').next().unwrap_or("").trim_start_matches("./");
            let path = crate::html::decode_percent(path);
            (path.ends_with(".md") && !path.starts_with('/') && !path.contains("..")).then_some(path)
        })
        .filter(|path| seen.insert(path.clone()))
        .collect()
}

/// Gives each page the summary lists and that has no `weight` its place in
/// the summary as one; a sibling with a weight of its own keeps it.
pub fn apply(pages: &mut [Page], order: &[String]) {
    for page in pages.iter_mut().filter(|p| p.meta.weight.is_none()) {
        page.meta.weight = weight(order, &page.rel);
    }
}

/// The weight the summary gives `content/<rel>`: its place, from 1.
pub fn weight(order: &[String], rel: &str) -> Option<i64> {
    order.iter().position(|r| r == rel).and_then(|i| i64::try_from(i + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_in_order_once() {
        let summary = "# Summary\n\n[Introduction](README.md)\n\n- [Chapter 1](./chapter_1.md)\n  - [Section 1.1](chapter_1/section%201.md#top)\n- [Draft]()\n- [Again](chapter_1.md)\n- [Web](https://example.org/)\n";
        assert_eq!(order(summary), ["README.md", "chapter_1.md", "chapter_1/section 1.md"]);
    }
}
