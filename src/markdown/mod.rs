//! Markdown → HTML for one page: pulldown-cmark events, rewritten by small
//! passes (heading ids, internal links, code highlighting) in one traversal.

pub mod glossary_links;
pub mod headings;
pub mod links;

use std::collections::HashSet;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::content::{Library, Page, PageId};
use crate::diagnostic::Diagnostic;
use crate::html::{encode_path, escape};
pub use headings::TocEntry;
use links::{LinkError, Target, Use};

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

struct HeadingBuf<'a> {
    level: u8,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    events: Vec<Event<'a>>,
    text: String,
}

/// Renders the body of `ctx.library.pages[id]`.
pub fn render(id: PageId, ctx: &MarkdownContext<'_>) -> RenderedMarkdown {
    render_reusing(id, ctx, &[])
}

/// [`render`], taking the code blocks of `previous` (the page's last
/// render) whose language and code are unchanged instead of highlighting
/// them again.
pub fn render_reusing(id: PageId, ctx: &MarkdownContext<'_>, previous: &[crate::highlight::Block]) -> RenderedMarkdown {
    let page = &ctx.library.pages[id];
    let body = page.body.as_str();
    let lines = Lines::new(body, page.body_line);
    let mut out = RenderedMarkdown::default();
    let mut ids = headings::IdAllocator::default();
    let mut flat_toc = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading: Option<HeadingBuf<'_>> = None;
    let mut code: Option<(Option<String>, String)> = None;
    let mut terms = glossary_links::GlossaryPass::new(ctx.glossary, ctx.library, ctx.base_path, id);
    let linkable = page.meta.glossary != Some(false);
    // Prose is gathered across events (smart punctuation splits text) and
    // handed to the glossary pass whole, with where each piece starts in the
    // source: (offset in the text, offset in the body).
    let mut prose: Option<(String, Vec<(usize, usize)>)> = None;
    // Where terms must not be linked: inside links, images and inline raw HTML.
    let (mut in_link, mut in_image, mut in_html) = (0usize, 0usize, 0usize);
    let mut explicit: Option<(usize, String, String)> = None;

    for (event, range) in Parser::new_ext(body, options(ctx.smart_punctuation)).into_offset_iter() {
        if heading.is_none() && code.is_none() && in_link + in_image + in_html == 0 && linkable {
            // A soft break is a space to the reader: terms may span it.
            let piece = match &event {
                Event::Text(t) => Some(t.as_ref()),
                Event::SoftBreak => Some(" "),
                _ => None,
            };
            if let Some(piece) = piece {
                let (text, starts) = prose.get_or_insert_with(Default::default);
                starts.push((text.len(), range.start));
                text.push_str(piece);
                continue;
            }
        }
        if let Some((text, starts)) = prose.take() {
            flush_prose(&text, &starts, &mut terms, &lines, body, &mut out, &mut events);
        }
        if let Some((lang, text)) = &mut code {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let block = crate::highlight::highlight_reusing(text, lang.as_deref(), previous);
                    events.push(Event::Html(block.html.to_string().into()));
                    out.code_blocks.push(block);
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                code = Some((lang, String::new()));
                continue;
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                heading = Some(HeadingBuf {
                    level: level as u8,
                    id,
                    classes,
                    attrs,
                    events: Vec::new(),
                    text: String::new(),
                });
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    let (line, column) = lines.at(body, range.start);
                    events.push(Event::Html(
                        finish_heading(h, &mut ids, &mut flat_toc, page, line, column, &mut out).into(),
                    ));
                }
                continue;
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id: link_id }) => {
                in_link += 1;
                let (line, column) = lines.at(body, range.start);
                if let Some(slug) = dest_url.strip_prefix("term:") {
                    match ctx.glossary.glossary.by_slug(slug) {
                        Some(term) if heading.is_none() => {
                            let (html, occurrence_id) = terms.explicit_link_open(term);
                            explicit = Some((term, occurrence_id, String::new()));
                            events.push(Event::InlineHtml(html.into()));
                            continue;
                        }
                        Some(_) => {}
                        None => out.unknown_terms.push((slug.to_string(), line, column)),
                    }
                }
                let dest = rewrite(&dest_url, Use::Link, id, page, ctx, (line, column), &mut out);
                Event::Start(Tag::Link { link_type, dest_url: dest.into(), title, id: link_id })
            }
            Event::End(TagEnd::Link) => {
                in_link = in_link.saturating_sub(1);
                if let Some((term, occurrence_id, text)) = explicit.take() {
                    out.occurrences.push(std::sync::Arc::new(crate::glossary::usage::Occurrence {
                        term,
                        id: occurrence_id,
                        before: String::new(),
                        text,
                        after: String::new(),
                    }));
                }
                event
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id: image_id }) => {
                in_image += 1;
                let (line, column) = lines.at(body, range.start);
                let dest = rewrite(&dest_url, Use::Image, id, page, ctx, (line, column), &mut out);
                Event::Start(Tag::Image { link_type, dest_url: dest.into(), title, id: image_id })
            }
            Event::End(TagEnd::Image) => {
                in_image = in_image.saturating_sub(1);
                event
            }
            Event::InlineHtml(ref html) => {
                collect_html_ids(html, &mut out.anchors);
                in_html = track_inline_html(html, in_html);
                event
            }
            Event::Start(Tag::FootnoteDefinition(ref label)) => {
                out.anchors.insert(label.to_string());
                event
            }
            Event::Html(ref html) => {
                collect_html_ids(html, &mut out.anchors);
                event
            }
            other => other,
        };
        if let (Some(e), Event::Text(t) | Event::Code(t)) = (&mut explicit, &event) {
            e.2.push_str(t);
        }
        match &mut heading {
            Some(h) => {
                if let Event::Text(t) | Event::Code(t) = &event {
                    h.text.push_str(t);
                }
                h.events.push(event);
            }
            None => events.push(event),
        }
    }
    if let Some((text, starts)) = prose.take() {
        flush_prose(&text, &starts, &mut terms, &lines, body, &mut out, &mut events);
    }
    out.html.reserve(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out.toc = headings::nest(flat_toc);
    out.anchors.extend(ids.into_set());
    out
}

fn finish_heading(
    h: HeadingBuf<'_>,
    ids: &mut headings::IdAllocator,
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
        None => ids.allocate(&headings::slugify(&title)),
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

/// The URL a link or image points at in the output.
fn rewrite(
    dest: &str,
    used: Use,
    from: PageId,
    page: &Page,
    ctx: &MarkdownContext<'_>,
    (line, column): (usize, usize),
    out: &mut RenderedMarkdown,
) -> String {
    match links::resolve(dest, used, &page.rel, ctx.library) {
        Ok(Target::External) => {
            if dest.starts_with('/') && !dest.starts_with("//") && ctx.base_path != "/" {
                format!("{}{}", ctx.base_path.trim_end_matches('/'), dest)
            } else {
                dest.to_string()
            }
        }
        Ok(Target::SamePage(anchor)) => {
            out.anchor_links.push(AnchorLink { target: from, anchor, line, column });
            dest.to_string()
        }
        Ok(Target::Page { id, anchor }) => {
            let url = ctx.library.url(ctx.base_path, id);
            match anchor {
                Some(a) => {
                    let link = format!("{url}#{}", encode_path(&a));
                    out.anchor_links.push(AnchorLink { target: id, anchor: a, line, column });
                    link
                }
                None => url,
            }
        }
        Ok(Target::Asset(rel)) => format!("{}{}", ctx.base_path, encode_path(&rel)),
        Ok(Target::Term(slug)) => {
            let url = format!("{}/{slug}.md", ctx.glossary_dir);
            match ctx.library.by_rel(&url) {
                Some(id) => ctx.library.url(ctx.base_path, id),
                None => "#".into(),
            }
        }
        Err(LinkError::Scheme(scheme)) => {
            let what = if used == Use::Image { "an image" } else { "a link" };
            let hint = match (scheme, used) {
                ("data", Use::Link) => {
                    "a `data:` URL can be a whole page with its own scripts: link to a page or a web address \
                     (images may use `data:image/…`)"
                }
                ("data", Use::Image) => "images may use `data:image/…` URLs only",
                _ => "link to a page or a web address; put scripts in the theme",
            };
            out.diagnostics.push(
                Diagnostic::error(&page.path, line, column, format!("a `{scheme}:` URL is not allowed in {what}"))
                    .with_hint(hint),
            );
            "#".into()
        }
        Err(LinkError::MissingPage(target)) => {
            out.diagnostics.push(
                Diagnostic::error(
                    &page.path,
                    line,
                    column,
                    format!("link to a missing page or file: `{dest}` (content/{target})"),
                )
                .with_hint(
                    "link pages by their source path, relative (`../a/b.md`) or from the content root (`@/a/b.md`)",
                ),
            );
            dest.to_string()
        }
    }
}

/// Ids written in raw HTML (`<a id="x">`) are anchors too.
fn collect_html_ids(html: &str, anchors: &mut HashSet<String>) {
    let mut rest = html;
    while let Some(i) = rest.find("id=") {
        let before = rest[..i].chars().last();
        rest = &rest[i + 3..];
        if !matches!(before, Some(c) if c.is_whitespace()) {
            continue;
        }
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
        if let Some(end) = rest[1..].find(quote) {
            anchors.insert(rest[1..1 + end].to_string());
            rest = &rest[1 + end..];
        }
    }
}

/// Runs the glossary pass over gathered prose and emits the result.
fn flush_prose(
    text: &str,
    starts: &[(usize, usize)],
    terms: &mut glossary_links::GlossaryPass<'_>,
    lines: &Lines,
    body: &str,
    out: &mut RenderedMarkdown,
    events: &mut Vec<Event<'_>>,
) {
    let mut acronyms = Vec::new();
    let html = terms.text(text, &mut out.occurrences, &mut acronyms);
    for a in acronyms {
        let i = starts.partition_point(|&(t, _)| t <= a.offset).saturating_sub(1);
        let (text_start, source_start) = starts.get(i).copied().unwrap_or_default();
        let (line, column) = lines.at(body, source_start + (a.offset - text_start));
        out.unknown_acronyms.push((a.text, line, column));
    }
    events.push(Event::InlineHtml(html.into()));
}

/// Depth of open inline HTML elements after `html` (`<span>` opens, `</span>`
/// closes, void and self-closing tags do neither): terms inside are not linked.
fn track_inline_html(html: &str, depth: usize) -> usize {
    const VOID: &[&str] = &["br", "img", "wbr", "hr", "input", "source", "meta", "link"];
    let tag = html.trim();
    if tag.starts_with("<!--") || tag.ends_with("/>") {
        return depth;
    }
    if tag.starts_with("</") {
        return depth.saturating_sub(1);
    }
    let name: String = tag.trim_start_matches('<').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    if name.is_empty() || VOID.contains(&name.to_ascii_lowercase().as_str()) { depth } else { depth + 1 }
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
                    .with_hint("anchors are the heading ids: the heading text in lower case, words joined by `-`"),
                );
            }
        }
    }
    out
}
