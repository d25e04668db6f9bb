//! Heading ids (unique, stable slugs) and the table of contents built from them.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

/// One heading in a page's table of contents, with the headings under it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// `2.1.3. End of the State` → `2-1-3-end-of-the-state`. Letters of any script
/// are kept (lower-cased); everything else separates words.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    if slug.is_empty() { "section".into() } else { slug }
}

/// Hands out ids that are unique within one page: `a`, `a-1`, `a-2`…
#[derive(Debug, Default)]
pub struct IdAllocator {
    used: HashSet<String>,
    /// The next suffix to try for each base: without it, `n` headings with
    /// one text took `n²` steps (20,000 of them took minutes).
    next: HashMap<String, usize>,
}

impl IdAllocator {
    /// Reserves an id the author chose (`{#id}`); returns false if it was taken.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    /// A fresh id derived from `base`.
    pub fn allocate(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        // Suffixes below `next` are all taken (ids are never released), so
        // starting there gives the same id as counting from 1.
        let n = self.next.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }

    pub fn into_set(self) -> HashSet<String> {
        self.used
    }
}

/// Nests a flat list of headings by level.
pub fn nest(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for entry in flat {
        insert(&mut root, entry);
    }
    root
}

fn insert(siblings: &mut Vec<TocEntry>, entry: TocEntry) {
    match siblings.last_mut() {
        Some(last) if last.level < entry.level => insert(&mut last.children, entry),
        _ => siblings.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("2.1.3. End of the State"), "2-1-3-end-of-the-state");
        assert_eq!(slugify("Seguridad Hemisférica"), "seguridad-hemisférica");
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn ids_are_unique() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.allocate("a"), "a");
        assert_eq!(ids.allocate("a"), "a-1");
        assert!(ids.reserve("b"));
        assert_eq!(ids.allocate("b"), "b-1");
        assert!(ids.reserve("a-3"));
        assert_eq!(ids.allocate("a"), "a-2");
        assert_eq!(ids.allocate("a"), "a-4");
    }

    #[test]
    fn nesting() {
        let e = |level, id: &str| TocEntry { level, id: id.into(), title: id.into(), children: vec![] };
        let toc = nest(vec![e(2, "a"), e(3, "b"), e(3, "c"), e(2, "d"), e(4, "e")]);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children.len(), 2);
        assert_eq!(toc[1].children[0].id, "e");
    }
}
