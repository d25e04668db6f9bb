//! The navigation tree every page gets as `nav`: the home page's children,
//! with the branch that leads to the page expanded.
//!
//! The tree is the one part of a page that could grow with the site: a term
//! page in a glossary of 10,000 terms listed all 10,000 (470 KB a page, 4.5 GB
//! and 93 s for the build). So a level lists at most [`WINDOW`] entries each
//! side of the open one, and an entry "N more in Section" for the rest,
//! linking to the section's own page (for the glossary, the A–Z index):
//! a page's size no longer depends on how many siblings it has.
//!
//! Building the tree entry by entry for every page made a 10,000-page site's
//! render cost grow with the square of its size; here each entry is built once
//! per render, the first time a page needs it, and shared: tera's values are
//! reference-counted, so a page's tree is mostly counter increments.

use std::sync::OnceLock;

use serde::Serialize;
use tera::Value;

use crate::content::{Library, PageId};

/// One entry of the tree, as templates see it.
#[derive(Debug, Serialize)]
struct NavItem<'a> {
    title: &'a str,
    url: String,
    number: Option<&'a str>,
    /// The page being rendered.
    current: bool,
    /// The page being rendered or one of its ancestors: only these carry
    /// their children, so a page never holds the whole site's tree.
    open: bool,
    has_children: bool,
    /// A list of entries (empty unless `open`).
    children: Value,
}

/// The entry that stands for siblings left out of a level: a plain link,
/// so a theme that does not know it still shows "N more in Section".
#[derive(Debug, Serialize)]
struct MoreItem {
    title: String,
    url: String,
    /// How many siblings it stands for.
    more: usize,
    /// Whether they come before the listed ones.
    earlier: bool,
}

/// How many siblings a level lists each side of the open entry.
pub const WINDOW: usize = 25;

/// The part of a level of `len` entries that is listed: all of them when they
/// are few, else `2 * WINDOW + 1` around `focus` (the open entry), or the
/// first ones when no entry is open.
fn window(len: usize, focus: Option<usize>) -> std::ops::Range<usize> {
    let size = 2 * WINDOW + 1;
    if len <= size {
        return 0..len;
    }
    let end = (focus.unwrap_or(0).saturating_sub(WINDOW) + size).min(len);
    end - size..end
}

/// The tree for one render of a site.
pub struct Nav<'a> {
    library: &'a Library,
    base_path: &'a str,
    /// The theme's strings, for "N more in Section" in the page's language.
    strings: Option<&'a crate::strings::Strings>,
    /// Each page's entry as every page but itself and its descendants see it:
    /// closed, not current.
    closed: Vec<OnceLock<Value>>,
}

impl<'a> Nav<'a> {
    pub fn new(library: &'a Library, base_path: &'a str) -> Nav<'a> {
        Nav { library, base_path, strings: None, closed: (0..library.pages.len()).map(|_| OnceLock::new()).collect() }
    }

    /// The tree with its "N more in Section" entries in the words of the
    /// theme's strings (`nav_more`, `nav_earlier`), English without them.
    pub fn with_strings(self, strings: &'a crate::strings::Strings) -> Nav<'a> {
        Nav { strings: Some(strings), ..self }
    }

    /// The label of `key` in `lang`, or `english`.
    fn label(&self, lang: &str, key: &str, english: &'static str) -> String {
        let value = self.strings.map(|s| s.of(lang));
        value.as_ref().and_then(|v| v.get_from_path(key)).and_then(|v| v.as_str()).unwrap_or(english).to_string()
    }

    /// The tree seen from `current`.
    pub fn seen_from(&self, current: PageId) -> Value {
        let mut open = self.library.ancestors(current);
        open.push(current);
        // Each language's pages are a tree of their own.
        let home = self.library.home_of(&self.library.pages[current].lang);
        self.level(home, current, &open)
    }

    fn level(&self, parent: PageId, current: PageId, open: &[PageId]) -> Value {
        let children = &self.library.pages[parent].children;
        let listed = window(children.len(), children.iter().position(|id| open.contains(id)));
        let mut entries: Vec<Value> = Vec::with_capacity(listed.len() + 2);
        if listed.start > 0 {
            entries.push(self.more(parent, listed.start, true));
        }
        for &id in &children[listed.clone()] {
            entries.push(if open.contains(&id) {
                self.entry(id, id == current, true, self.level(id, current, open))
            } else {
                self.closed[id].get_or_init(|| self.entry(id, false, false, Value::from(Vec::<Value>::new()))).clone()
            });
        }
        if listed.end < children.len() {
            entries.push(self.more(parent, children.len() - listed.end, false));
        }
        Value::from(entries)
    }

    fn more(&self, parent: PageId, more: usize, earlier: bool) -> Value {
        let section = &self.library.pages[parent];
        let lang = &section.lang;
        let words = if earlier {
            self.label(lang, "nav_earlier", "earlier in")
        } else {
            self.label(lang, "nav_more", "more in")
        };
        let item = MoreItem {
            title: format!("{more} {words} {}", section.meta.title),
            url: self.library.url(self.base_path, parent),
            more,
            earlier,
        };
        // Strings, a number and a flag: serialising them cannot fail.
        Value::try_from_serializable(&item).unwrap_or_else(|_| Value::none())
    }

    fn entry(&self, id: PageId, current: bool, open: bool, children: Value) -> Value {
        let page = &self.library.pages[id];
        let item = NavItem {
            title: &page.meta.title,
            url: self.library.url(self.base_path, id),
            number: page.meta.section.as_deref(),
            current,
            open,
            has_children: !page.children.is_empty(),
            children,
        };
        // Strings, flags and a value: serialising them cannot fail.
        Value::try_from_serializable(&item).unwrap_or_else(|_| Value::none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_lists_a_bounded_window_around_the_open_entry() {
        let size = 2 * WINDOW + 1;
        assert_eq!(window(10, Some(3)), 0..10);
        assert_eq!(window(size, Some(3)), 0..size);
        assert_eq!(window(1000, None), 0..size);
        assert_eq!(window(1000, Some(3)), 0..size);
        assert_eq!(window(1000, Some(500)), 500 - WINDOW..500 + WINDOW + 1);
        assert_eq!(window(1000, Some(999)), 1000 - size..1000);
    }
}
