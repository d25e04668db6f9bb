//! The navigation tree every page gets as `nav`: the home page's children,
//! with the branch that leads to the page expanded.
//!
//! A page in a section of 500 pages lists those 500 pages, so the tree is the
//! one part of a page whose size grows with the site. Building it entry by
//! entry for every page made a 10,000-page site's render cost grow with the
//! square of its size; here each entry is built once per render, the first
//! time a page needs it, and shared: tera's values are reference-counted, so a
//! page's tree is mostly 500 counter increments.

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

/// The tree for one render of a site.
pub struct Nav<'a> {
    library: &'a Library,
    base_path: &'a str,
    /// Each page's entry as every page but itself and its descendants see it:
    /// closed, not current.
    closed: Vec<OnceLock<Value>>,
}

impl<'a> Nav<'a> {
    pub fn new(library: &'a Library, base_path: &'a str) -> Nav<'a> {
        Nav { library, base_path, closed: (0..library.pages.len()).map(|_| OnceLock::new()).collect() }
    }

    /// The tree seen from `current`.
    pub fn seen_from(&self, current: PageId) -> Value {
        let mut open = self.library.ancestors(current);
        open.push(current);
        self.level(self.library.home, current, &open)
    }

    fn level(&self, parent: PageId, current: PageId, open: &[PageId]) -> Value {
        let entries: Vec<Value> = self.library.pages[parent]
            .children
            .iter()
            .map(|&id| {
                if open.contains(&id) {
                    self.entry(id, id == current, true, self.level(id, current, open))
                } else {
                    self.closed[id]
                        .get_or_init(|| self.entry(id, false, false, Value::from(Vec::<Value>::new())))
                        .clone()
                }
            })
            .collect();
        Value::from(entries)
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
