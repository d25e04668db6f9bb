//! Markdown → HTML for one page: pulldown-cmark events, rewritten in one
//! traversal by small passes that each own their state — prose for the
//! glossary (`prose`, `glossary_links`), code highlighting (`code`), heading
//! ids (`headings`), internal links (`links`), raw HTML (`raw`), GitHub
//! alerts (`alerts`), footnotes (`footnotes`), math to MathML (`math`),
//! and bare URLs made links first (`autolinks`) — composed in
//! [`render_reusing`]. Before them all, the early passes (`early`) expand
//! shortcodes (`shortcodes`), make captioned images figures (`figures`) and
//! empty links cross-references (`crossrefs`).

mod alerts;
mod autolinks;
mod code;
pub mod crossrefs;
mod early;
mod figures;
mod footnotes;
pub mod glossary_links;
pub mod headings;
pub mod links;
mod math;
mod prose;
mod raw;
mod shortcodes;

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, Options, Parser};

use crate::content::{Library, Page, PageId};
use crate::diagnostic::Diagnostic;
pub use crossrefs::{Label, Xref};
pub use headings::TocEntry;

/// What rendering a page needs from the rest of the site.
pub struct MarkdownContext<'a> {
    pub library: &'a Library,
    /// The site's base path (`/` or `/docs/`): every internal URL starts with it.
    pub base_path: &'a str,
    pub smart_punctuation: bool,
    /// The glossary folder under `content/`, for `term:` links.
    pub glossary_dir: &'a str,
    pub glossary: glossary_links::GlossarySettings<'a>,
    /// The templates shortcodes are rendered with; `None` reads none.
    pub shortcodes: Option<&'a crate::templates::Templates>,
}

/// A page's body as HTML, with what the rest of the build needs to know about it.
#[derive(Debug, Default, Clone)]
pub struct RenderedMarkdown {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every id on the page a link may point at.
    pub anchors: HashSet<String>,
    /// Links to anchors, checked once every page is rendered.
    pub anchor_links: Vec<AnchorLink>,
    /// `term:` links to slugs that are not terms.
    pub unknown_terms: Vec<(String, usize, usize)>,
    /// Every occurrence of a glossary term, in order.
    /// Shared with the terms' usage, which outlives a body's re-render.
    pub occurrences: Vec<std::sync::Arc<crate::glossary::usage::Occurrence>>,
    /// Acronyms no term explains: (acronym, line, column).
    pub unknown_acronyms: Vec<(String, usize, usize)>,
    pub diagnostics: Vec<Diagnostic>,
    /// The highlighted code blocks, for [`render_reusing`].
    pub code_blocks: Vec<crate::highlight::Block>,
    /// Every link and image the body writes, recorded once where it is read:
    /// the checks of a built site read this, not the HTML.
    pub links: Vec<LinkRecord>,
    /// In a streamed build, the body's text for the search index once the
    /// page is written and `html` dropped.
    pub search_text: Option<crate::search::Packed>,
    /// What a cross-reference to each id of the page writes (headings, figures).
    pub labels: HashMap<String, Label>,
    /// The page's first paragraph, as plain text: its cross-references' preview.
    pub lead: String,
    /// The page's cross-references; those to other pages wait in the HTML
    /// for [`crossrefs::resolve_across`].
    pub xrefs: Vec<Xref>,
}

/// One link of a page's body, as the output has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRecord {
    /// The URL in the output (rewritten where acta resolved it).
    pub url: String,
    pub kind: LinkKind,
    /// Where the source has it: the link's `[` or `<`, or the attribute in raw HTML.
    pub line: usize,
    pub column: usize,
    /// Where its URL is written: in the link, or on the line of the
    /// reference definition (`[x]: url`) it comes from.
    pub url_line: usize,
    pub url_column: usize,
    /// The URL is a reference definition's, one place shared by every link
    /// that names it.
    pub from_definition: bool,
}

/// What a recorded link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// A page of the site (maybe an anchor on it), resolved from its source path.
    Page,
    /// An anchor on the page itself.
    Anchor,
    /// A file under `content/`.
    Asset,
    /// A glossary term, `term:slug`.
    Term,
    /// Left as written: another site, a mail address, or a root-relative URL.
    External,
    /// An `href` or `src` written in raw HTML, left as written.
    RawHtml,
}

/// A link to `#anchor` on page `target`, written at `line:column` of the source.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    pub target: PageId,
    pub anchor: String,
    pub line: usize,
    pub column: usize,
}

/// Byte offsets of line starts, to turn event offsets into file lines.
struct Lines {
    starts: Vec<usize>,
    first_line: usize,
}

impl Lines {
    fn new(text: &str, first_line: usize) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { starts, first_line }
    }

    fn at(&self, text: &str, offset: usize) -> (usize, usize) {
        let idx = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts[idx];
        let column = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (self.first_line + idx, column)
    }
}

fn options(smart_punctuation: bool) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_MATH;
    if smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// The page being rendered, with line starts to turn event offsets into
/// the file's lines and columns.
pub(crate) struct Source<'a> {
    pub(crate) page: &'a Page,
    lines: Lines,
}

impl<'a> Source<'a> {
    fn new(page: &'a Page) -> Self {
        Source { page, lines: Lines::new(&page.body, page.body_line) }
    }

    /// The file line and column of byte `offset` of the body.
    pub(crate) fn at(&self, offset: usize) -> (usize, usize) {
        self.lines.at(&self.page.body, offset)
    }
}

/// Renders the body of `ctx.library.pages[id]`.
pub fn render(id: PageId, ctx: &MarkdownContext<'_>) -> RenderedMarkdown {
    render_reusing(id, ctx, &[])
}

/// [`render`], taking the code blocks of `previous` (the page's last
/// render) whose language and code are unchanged instead of highlighting
/// them again.
///
/// Autolinks come first (they make links of text); then each event meets,
/// in order: prose (gathered for the glossary), code blocks, headings,
/// links, raw HTML, alerts, footnotes; each takes the events it owns and
/// gives the others back. What is left is emitted, into the open heading or
/// the page.
pub fn render_reusing(id: PageId, ctx: &MarkdownContext<'_>, previous: &[crate::highlight::Block]) -> RenderedMarkdown {
    let page = &ctx.library.pages[id];
    let src = Source::new(page);
    let mut out = RenderedMarkdown::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    let glossary = glossary_links::GlossaryPass::new(ctx.glossary, ctx.library, ctx.base_path, id);
    let options = options(ctx.smart_punctuation);
    // Shortcodes masked to the same length: every offset stays the source's.
    let (shortcodes, masked) = shortcodes::Shortcodes::prepare(&page.body, options, ctx.shortcodes);
    let text = masked.as_deref().unwrap_or(&page.body);
    let notes = masked.as_deref().filter(|m| m.contains("[^")).map(|m| shortcodes.strip_tokens(m));
    let parser = Parser::new_ext(text, options).into_offset_iter();
    let mut passes = Passes {
        prose: prose::Prose::new(glossary, page.meta.glossary != Some(false)),
        code: code::CodePass::new(previous),
        headings: headings::HeadingPass::default(),
        links: links::LinkPass::new(id, ctx, parser.reference_definitions(), &page.body),
        raw: raw::RawHtml::default(),
        footnotes: footnotes::Footnotes::new(notes.as_deref().unwrap_or(text), options),
        previews: crossrefs::Previews::default(),
    };
    // Most pages have no shortcode, image or empty link: they skip the early passes.
    let needs_early = masked.is_some() || page.body.contains("![") || page.body.contains("[](");
    let mut early = early::Early::new(shortcodes);
    let mut autolinks = autolinks::Autolinks::default();
    let (mut fresh, mut ready) = (Vec::new(), Vec::new());
    // `None` after the last event: the early passes give back what they hold.
    for item in parser.map(Some).chain([None]) {
        let mut env = early::Env { ctx, from: id, src: &src, out: &mut out, ids: passes.headings.ids() };
        match item {
            Some((event, range)) if !needs_early => fresh.push((event, range)),
            Some((event, range)) => early.take(event, range, &mut env, &mut fresh),
            None => early.flush(&mut env, &mut fresh),
        }
        for (event, range) in fresh.drain(..) {
            passes.footnotes.observe(&event, range.clone(), &src, &mut out);
            autolinks.take(event, range, &mut ready);
            for (event, range) in ready.drain(..) {
                passes.step(event, range, &src, &mut out, &mut events);
            }
        }
    }
    autolinks.flush(&mut ready);
    for (event, range) in ready.drain(..) {
        passes.step(event, range, &src, &mut out, &mut events);
    }
    let Passes { mut prose, headings, footnotes, previews, .. } = passes;
    prose.flush(&src, &mut out, &mut events);
    footnotes.finish(&src, &mut out, &mut events);
    previews.finish(headings.entries(), &mut out);
    out.html.reserve(page.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    headings.finish(&mut out);
    crossrefs::resolve_here(id, page, &mut out);
    out
}

/// The passes every event of a page goes through, in order.
struct Passes<'a, 'c> {
    prose: prose::Prose<'c>,
    code: code::CodePass<'c>,
    headings: headings::HeadingPass<'a>,
    links: links::LinkPass<'c>,
    raw: raw::RawHtml,
    footnotes: footnotes::Footnotes<'a>,
    previews: crossrefs::Previews,
}

impl<'a> Passes<'a, '_> {
    /// Runs `event` (at source `range`) through the passes.
    fn step(
        &mut self,
        event: Event<'a>,
        range: std::ops::Range<usize>,
        src: &Source<'_>,
        out: &mut RenderedMarkdown,
        events: &mut Vec<Event<'a>>,
    ) {
        let offset = range.start;
        self.previews.observe(&event, self.headings.is_open(), self.headings.entries().last().map(|h| h.id.as_str()));
        let whole = range.clone();
        let can_link = !self.headings.is_open() && !self.code.is_open() && self.links.depth() + self.raw.depth() == 0;
        let Some(event) = self.prose.take(event, offset, can_link) else { return };
        self.prose.flush(src, out, events);
        let Some(event) = self.code.take(event, out, events) else { return };
        let Some(event) = self.headings.take(event, offset, src, out, events) else { return };
        let in_heading = self.headings.is_open();
        let Some(event) = self.links.take(event, range, src, in_heading, self.prose.terms(), out, events) else {
            return;
        };
        let event = self.raw.observe(event, offset, src, out);
        self.links.observe(&event);
        let event = alerts::rewrite(event);
        let event = math::rewrite(event, whole, src, out);
        let Some(event) = self.footnotes.take(event, offset, self.headings.ids(), events) else { return };
        self.headings.emit(event, events);
    }
}

/// Templates' `markdown` filter: `text` rendered as plain CommonMark, except
/// a shortcode block's body, which is rendered with its page already.
pub fn markdown_filter(text: &str) -> String {
    if shortcodes::is_body(text) {
        return text.to_string();
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(text, options(false)));
    html
}

/// The anchor links of every page that point nowhere, as diagnostics.
pub fn check_anchors<R: std::ops::Deref<Target = RenderedMarkdown>>(lib: &Library, rendered: &[R]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (id, r) in rendered.iter().enumerate() {
        for link in &r.anchor_links {
            if !rendered[link.target].anchors.contains(&link.anchor) {
                let target = &lib.pages[link.target];
                let where_ =
                    if link.target == id { "this page".to_string() } else { target.path.display().to_string() };
                out.push(
                    Diagnostic::error(
                        &lib.pages[id].path,
                        link.line,
                        link.column,
                        format!("link to a missing anchor `#{}` on {where_}", link.anchor),
                    )
                    .with_hint("anchors are the heading ids: the heading text in lower case, words joined by `-`")
                    .broken_link(),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::LoadOptions;
    use crate::glossary::{Glossary, LinkPolicy};

    /// `body` rendered as the page `p.md` of a site of its own.
    fn render_body(body: &str) -> RenderedMarkdown {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/p.md"), format!("---\ntitle: P\n---\n\n{body}")).unwrap();
        let opts = LoadOptions {
            drafts: false,
            glossary_dir: "glossary".into(),
            site_title: "T".into(),
            taxonomies: Vec::new(),
            languages: Default::default(),
        };
        let library = Library::load(dir.path(), &opts).0.unwrap();
        let (glossary, _) = Glossary::build(&library);
        let ctx = MarkdownContext {
            library: &library,
            base_path: "/",
            smart_punctuation: false,
            glossary_dir: "glossary",
            shortcodes: None,
            glossary: glossary_links::GlossarySettings {
                glossary: &glossary,
                policy: LinkPolicy::First,
                expand_first_use: crate::glossary::first_use::ExpandFirstUse::Off,
                first_uses: None,
                ignore: &[],
            },
        };
        render(library.by_rel("p.md").unwrap(), &ctx)
    }

    #[test]
    fn autolinks_are_recorded_as_external_links_where_written() {
        let out = render_body("Line one.\nSee https://example.org/a, and www.example.com.\n");
        let autolinks: Vec<_> = out.links.iter().map(|l| (l.url.as_str(), l.kind, l.line, l.column)).collect();
        assert_eq!(
            autolinks,
            [
                ("https://example.org/a", LinkKind::External, 6, 5),
                ("http://www.example.com", LinkKind::External, 6, 32)
            ]
        );
    }

    #[test]
    fn footnote_ids_are_anchors_of_the_page() {
        let out = render_body("Text[^n].\n\n[^n]: A note.\n");
        assert!(out.anchors.contains("fn-n") && out.anchors.contains("fnref-n"), "{:?}", out.anchors);
        assert!(!out.anchors.contains("n"));
    }
}
