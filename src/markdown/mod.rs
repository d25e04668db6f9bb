//! Markdown → HTML for one page: pulldown-cmark events, rewritten in one
//! traversal by small passes that each own their state — prose for the
//! glossary (`prose`, `glossary_links`), code highlighting (`code`), heading
//! ids (`headings`), internal links (`links`), raw HTML (`raw`) — composed
//! in [`render_reusing`].

mod code;
pub mod glossary_links;
pub mod headings;
pub mod links;
mod prose;
mod raw;

use std::collections::HashSet;

use pulldown_cmark::{Event, Options, Parser};

use crate::content::{Library, Page, PageId};
use crate::diagnostic::Diagnostic;
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
}

/// One link of a page's body, as the output has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRecord {
    /// The URL in the output (rewritten where acta resolved it).
    pub url: String,
    pub kind: LinkKind,
    /// Where the source has it.
    pub line: usize,
    pub column: usize,
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
        | Options::ENABLE_HEADING_ATTRIBUTES;
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
/// The passes, in the order each event meets them: prose (gathered for the
/// glossary), code blocks, headings, links, raw HTML; each takes the events
/// it owns and gives the others back. What is left is emitted, into the open
/// heading or the page.
pub fn render_reusing(id: PageId, ctx: &MarkdownContext<'_>, previous: &[crate::highlight::Block]) -> RenderedMarkdown {
    let page = &ctx.library.pages[id];
    let src = Source::new(page);
    let mut out = RenderedMarkdown::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    let glossary = glossary_links::GlossaryPass::new(ctx.glossary, ctx.library, ctx.base_path, id);
    let mut prose = prose::Prose::new(glossary, page.meta.glossary != Some(false));
    let mut code = code::CodePass::new(previous);
    let mut headings = headings::HeadingPass::default();
    let mut links = links::LinkPass::new(id, ctx);
    let mut raw = raw::RawHtml::default();
    for (event, range) in Parser::new_ext(&page.body, options(ctx.smart_punctuation)).into_offset_iter() {
        let can_link = !headings.is_open() && !code.is_open() && links.depth() + raw.depth() == 0;
        let Some(event) = prose.take(event, range.start, can_link) else { continue };
        prose.flush(&src, &mut out, &mut events);
        let Some(event) = code.take(event, &mut out, &mut events) else { continue };
        let Some(event) = headings.take(event, range.start, &src, &mut out, &mut events) else { continue };
        let in_heading = headings.is_open();
        let Some(event) = links.take(event, range.start, &src, in_heading, prose.terms(), &mut out, &mut events) else {
            continue;
        };
        let event = raw.observe(event, range.start, &src, &mut out);
        links.observe(&event);
        headings.emit(event, &mut events);
    }
    prose.flush(&src, &mut out, &mut events);
    out.html.reserve(page.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    headings.finish(&mut out);
    out
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
