//! Markdown → HTML for one page: pulldown-cmark events, rewritten by small
//! passes (heading ids, internal links, code highlighting) in one traversal.

pub mod headings;
pub mod links;

use std::collections::HashSet;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::content::{Library, Page, PageId};
use crate::diagnostic::Diagnostic;
use crate::html::{encode_path, escape};
pub use headings::TocEntry;
use links::{LinkError, Target};

/// What rendering a page needs from the rest of the site.
pub struct MarkdownContext<'a> {
    pub library: &'a Library,
    /// The site's base path (`/` or `/docs/`): every internal URL starts with it.
    pub base_path: &'a str,
    pub smart_punctuation: bool,
    /// The glossary folder under `content/`, for `term:` links.
    pub glossary_dir: &'a str,
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
    /// `term:` links, resolved by the glossary.
    pub term_links: Vec<(String, usize, usize)>,
    pub diagnostics: Vec<Diagnostic>,
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
    let page = &ctx.library.pages[id];
    let body = page.body.as_str();
    let lines = Lines::new(body, page.body_line);
    let mut out = RenderedMarkdown::default();
    let mut ids = headings::IdAllocator::default();
    let mut flat_toc = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading: Option<HeadingBuf<'_>> = None;
    let mut code: Option<(Option<String>, String)> = None;

    for (event, range) in Parser::new_ext(body, options(ctx.smart_punctuation)).into_offset_iter() {
        if let Some((lang, text)) = &mut code {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    events.push(Event::Html(crate::highlight::highlight(text, lang.as_deref()).into()));
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
                let (line, column) = lines.at(body, range.start);
                let dest = rewrite(&dest_url, id, page, ctx, line, column, &mut out);
                Event::Start(Tag::Link { link_type, dest_url: dest.into(), title, id: link_id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id: image_id }) => {
                let (line, column) = lines.at(body, range.start);
                let dest = rewrite(&dest_url, id, page, ctx, line, column, &mut out);
                Event::Start(Tag::Image { link_type, dest_url: dest.into(), title, id: image_id })
            }
            Event::Start(Tag::FootnoteDefinition(ref label)) => {
                out.anchors.insert(label.to_string());
                event
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                collect_html_ids(html, &mut out.anchors);
                event
            }
            other => other,
        };
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
    from: PageId,
    page: &Page,
    ctx: &MarkdownContext<'_>,
    line: usize,
    column: usize,
    out: &mut RenderedMarkdown,
) -> String {
    match links::resolve(dest, &page.rel, ctx.library) {
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
            let url = format!("{}{}", ctx.base_path, encode_path(&ctx.library.pages[id].url));
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
            out.term_links.push((slug.clone(), line, column));
            let url = format!("{}/{slug}.md", ctx.glossary_dir);
            match ctx.library.by_rel(&url) {
                Some(id) => format!("{}{}", ctx.base_path, encode_path(&ctx.library.pages[id].url)),
                None => "#".into(),
            }
        }
        Err(LinkError::Script) => {
            out.diagnostics.push(
                Diagnostic::error(&page.path, line, column, "a `javascript:` URL is not allowed in a link")
                    .with_hint("link to a page or a web address; put scripts in the theme"),
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

/// The anchor links of every page that point nowhere, as diagnostics.
pub fn check_anchors(lib: &Library, rendered: &[RenderedMarkdown]) -> Vec<Diagnostic> {
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
