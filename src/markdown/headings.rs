//! Heading ids (unique, stable slugs), the table of contents built from
//! them, and the pass that gives each heading its id and anchor.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use serde::Serialize;

use super::{RenderedMarkdown, Source};
use crate::content::Page;
use crate::diagnostic::Diagnostic;
use crate::html::{encode_path, escape};

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

/// A heading's events, buffered until its end: its id comes from its text.
pub(super) struct HeadingBuf<'a> {
    level: u8,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    events: Vec<Event<'a>>,
    text: String,
}

/// The heading pass: owns the ids given so far, the flat table of contents
/// and the heading being read.
#[derive(Default)]
pub(super) struct HeadingPass<'a> {
    ids: IdAllocator,
    toc: Vec<TocEntry>,
    open: Option<HeadingBuf<'a>>,
}

impl<'a> HeadingPass<'a> {
    pub(super) fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// The headings so far, in order (not nested).
    pub(super) fn entries(&self) -> &[TocEntry] {
        &self.toc
    }

    /// The page's ids so far: footnotes take theirs from the same set.
    pub(super) fn ids(&mut self) -> &mut IdAllocator {
        &mut self.ids
    }

    /// Takes a heading's start and end (emitting the heading with its id and
    /// anchor at the end); gives every other event back.
    pub(super) fn take(
        &mut self,
        event: Event<'a>,
        offset: usize,
        src: &Source<'_>,
        out: &mut RenderedMarkdown,
        events: &mut Vec<Event<'a>>,
    ) -> Option<Event<'a>> {
        match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                self.open = Some(HeadingBuf {
                    level: level as u8,
                    id,
                    classes,
                    attrs,
                    events: Vec::new(),
                    text: String::new(),
                });
                None
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = self.open.take() {
                    let (line, column) = src.at(offset);
                    let html = finish_heading(h, &mut self.ids, &mut self.toc, src.page, line, column, out);
                    events.push(Event::Html(html.into()));
                }
                None
            }
            other => Some(other),
        }
    }

    /// Emits `event`: into the open heading (whose text it may be), or the page.
    pub(super) fn emit(&mut self, event: Event<'a>, events: &mut Vec<Event<'a>>) {
        match &mut self.open {
            Some(h) => {
                if let Event::Text(t) | Event::Code(t) = &event {
                    h.text.push_str(t);
                }
                h.events.push(event);
            }
            None => events.push(event),
        }
    }

    /// The table of contents and the heading ids, into `out`.
    pub(super) fn finish(self, out: &mut RenderedMarkdown) {
        out.toc = nest(self.toc);
        out.anchors.extend(self.ids.into_set());
    }
}

pub(super) fn finish_heading(
    h: HeadingBuf<'_>,
    ids: &mut IdAllocator,
    toc: &mut Vec<TocEntry>,
    page: &Page,
    line: usize,
    column: usize,
    out: &mut RenderedMarkdown,
) -> String {
    let title = h.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let id = match &h.id {
        Some(explicit) => {
            if !ids.reserve(explicit) {
                out.diagnostics.push(Diagnostic::error(
                    &page.path,
                    line,
                    column,
                    format!("the heading id `{explicit}` is used twice on this page"),
                ));
            }
            explicit.to_string()
        }
        None => ids.allocate(&slugify(&title)),
    };
    let mut inner = String::new();
    pulldown_cmark::html::push_html(&mut inner, h.events.into_iter());
    let id_attr = escape(&id);
    let mut html = format!("<h{} id=\"{id_attr}\"", h.level);
    if !h.classes.is_empty() {
        let classes: Vec<&str> = h.classes.iter().map(|c| c.as_ref()).collect();
        html.push_str(&format!(" class=\"{}\"", escape(&classes.join(" "))));
    }
    for (k, v) in &h.attrs {
        // An attribute name is only what HTML allows; anything else is dropped.
        if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && !k.to_ascii_lowercase().starts_with("on")
        {
            html.push_str(&format!(" {}=\"{}\"", k, escape(v.as_deref().unwrap_or(""))));
        }
    }
    html.push_str(&format!(
        ">{inner}<a class=\"anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{}>\n",
        escape(&encode_path(&id)),
        h.level
    ));
    toc.push(TocEntry { level: h.level, id, title, children: Vec::new() });
    html
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
