//! Tera templates (theme + site overrides) and the typed context they receive.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera};

use crate::diagnostic::Diagnostic;
use crate::markdown::TocEntry;
use crate::theme::TemplateFile;

/// The compiled templates, and where each came from for error messages.
pub struct Templates {
    tera: Tera,
    paths: HashMap<String, PathBuf>,
}

/// Templates every theme must have.
pub const REQUIRED: &[&str] = &["base.html", "index.html", "section.html", "page.html", "404.html"];

impl Templates {
    /// `smart_punctuation`: whether the `smart` filter typesets (the site's
    /// `[markdown] smart_punctuation`), so titles follow the body.
    pub fn compile(files: &[TemplateFile], smart_punctuation: bool) -> Result<Templates, Vec<Diagnostic>> {
        let paths: HashMap<String, PathBuf> = files.iter().map(|f| (f.name.clone(), f.path.clone())).collect();
        let mut problems: Vec<Diagnostic> = REQUIRED
            .iter()
            .filter(|name| !paths.contains_key(**name))
            .map(|name| {
                Diagnostic::error(format!("templates/{name}"), 0, 0, format!("the template `{name}` is missing"))
                    .with_hint("every theme needs base.html, index.html, section.html, page.html and 404.html")
            })
            .collect();
        let mut tera = Tera::default();
        tera.autoescape_on([".html", ".xml"]);
        tera.set_escape_fn(crate::html::escape_to_writer);
        // `{{ page.title | smart }}`: titles and descriptions get the body's
        // typography. Set here rather than read from the context, which
        // components do not see.
        tera.register_filter(
            "smart",
            move |text: &str, _: Kwargs, _: &State| {
                if smart_punctuation { smarten(text) } else { text.to_string() }
            },
        );
        // Zola's shortcodes write `{{ body | markdown | safe }}`: they work
        // as they are (a block's body arrives rendered; other text is rendered).
        tera.register_filter("markdown", |text: &str, _: Kwargs, _: &State| crate::markdown::markdown_filter(text));
        if let Err(e) = tera.add_raw_templates(files.iter().map(|f| (f.name.as_str(), f.source.as_str()))) {
            problems.push(to_diagnostic(&e, &paths));
        }
        if problems.is_empty() { Ok(Templates { tera, paths }) } else { Err(problems) }
    }

    pub fn has(&self, name: &str) -> bool {
        self.paths.contains_key(name)
    }

    /// The names of every template (`page.html`, `shortcodes/note.html`).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.paths.keys().map(String::as_str)
    }

    /// Renders `name`; an error names the template file, line and column.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| to_diagnostic(&e, &self.paths))
    }
}

/// How the message of an error Tera found starts.
pub const ERROR: &str = "template error: ";

fn to_diagnostic(e: &tera::Error, paths: &HashMap<String, PathBuf>) -> Diagnostic {
    use tera::ErrorKind;
    let path_of = |name: &str| paths.get(name).cloned().unwrap_or_else(|| PathBuf::from(format!("templates/{name}")));
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let span = r.span();
            Diagnostic::error(
                path_of(r.filename()),
                span.start_line,
                span.start_col + 1,
                format!("{ERROR}{}", r.message()),
            )
        }
        ErrorKind::TemplateNotFound(name) => {
            Diagnostic::error(path_of(name), 0, 0, format!("the template `{name}` does not exist"))
                .with_hint("add it to templates/ or fix the name in `template:` or `extends`")
        }
        ErrorKind::MissingParent { current, parent } => {
            Diagnostic::error(path_of(current), 1, 1, format!("`{current}` extends `{parent}`, which does not exist"))
        }
        other => Diagnostic::error("templates", 0, 0, format!("{ERROR}{other}")),
    }
}

/// `config` in templates.
#[derive(Debug, Serialize)]
pub struct ConfigContext<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub author: Option<&'a str>,
    pub language: &'a str,
    /// As configured; use it for absolute URLs (feeds, canonical links).
    pub base_url: &'a str,
    /// The path every internal URL starts with (`/` or `/docs/`).
    pub base_path: &'a str,
    /// Whether `atom.xml` exists, for `<link rel="alternate">`.
    pub feed: bool,
    /// Whether the site has a search index.
    pub search: bool,
    /// Whether `print/index.html` exists, for the "Print / PDF" link.
    pub print: bool,
    /// The URL of the home page in the page's language (`/`, `/es/`): the
    /// site title links there, and the language's feed is beside it.
    pub home: String,
    /// Whether the site has more than one language.
    pub multilingual: bool,
}

/// One language of the site as a page sees it, for `<link rel="alternate"
/// hreflang>` and the language switcher (`translations`, empty on a site
/// of one language).
#[derive(Debug, Serialize)]
pub struct TranslationLink<'a> {
    /// The language code, as `hreflang` wants it.
    pub lang: &'a str,
    /// The language's name in itself ("Español").
    pub name: &'a str,
    /// The page in this language, or the language's home page when the
    /// page is not translated.
    pub url: String,
    /// `url` made absolute with `base_url`.
    pub permalink: String,
    /// The language of the page being rendered.
    pub current: bool,
    /// Whether `url` is this page's translation (not the home page).
    pub translated: bool,
    /// The site's default language: `hreflang="x-default"` points here.
    pub is_default: bool,
}

/// A link to a page: breadcrumbs, prev/next.
#[derive(Debug, Serialize)]
pub struct LinkContext<'a> {
    pub title: &'a str,
    pub url: String,
}

/// A child of a section, for section listings.
#[derive(Debug, Serialize)]
pub struct ChildContext<'a> {
    pub title: &'a str,
    pub url: String,
    pub description: Option<&'a str>,
    pub number: Option<&'a str>,
    pub is_section: bool,
}

/// `page` (in page templates) or `section` (in section templates).
#[derive(Debug, Serialize)]
pub struct PageContext<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub date: Option<&'a str>,
    pub url: String,
    pub permalink: String,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub lang: &'a str,
    /// The paper's section number (`2.1`), when the page has one.
    pub number: Option<&'a str>,
    pub is_section: bool,
    pub extra: Option<&'a crate::content::front_matter::Extra>,
    pub ancestors: Vec<LinkContext<'a>>,
    pub prev: Option<LinkContext<'a>>,
    pub next: Option<LinkContext<'a>>,
    /// Sections only: their pages and subsections in order.
    pub pages: Vec<ChildContext<'a>>,
    /// Where the page is in `content/`, for "edit this page" links.
    pub source: &'a str,
    /// How to cite the page, when its front matter names `authors`.
    pub citation: Option<crate::citation::CitationContext<'a>>,
    /// The taxonomies' values the page lists (its tags…), linked.
    pub taxonomies: Vec<PageTaxonomyContext<'a>>,
    #[serde(flatten)]
    pub aids: ReadingAids<'a>,
}

/// One taxonomy of `page.taxonomies`: its name, title and page, and the
/// values the page lists, each linked to its page.
#[derive(Debug, Serialize)]
pub struct PageTaxonomyContext<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub url: String,
    pub values: Vec<TaxonomyLink<'a>>,
}

/// A taxonomy value and the URL of its page.
#[derive(Debug, Serialize)]
pub struct TaxonomyLink<'a> {
    pub name: &'a str,
    pub url: String,
}

/// What the theme shows around a page's text, worked out from it once:
/// flattened into `page` / `section`, so templates read `p.lede`, `p.on_page`.
#[derive(Debug, Serialize)]
pub struct ReadingAids<'a> {
    /// The description, unless the body opens with the same text: a lede that
    /// repeats the first paragraph is read twice.
    pub lede: Option<&'a str>,
    /// "On this page": the h2 and h3 headings, when there are two or more.
    pub on_page: Vec<OnPageEntry<'a>>,
    /// Long enough for a "Back to top" link at its end.
    pub long: bool,
}

/// One heading of "On this page"; `depth` 0 for a section, 1 for its subsections.
#[derive(Debug, Serialize)]
pub struct OnPageEntry<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub depth: u8,
}

/// Bytes of body HTML past which a page gets "Back to top": about three
/// screens of prose at 1440 × 900 (tooltips included, as they are in the HTML).
const LONG_PAGE_BYTES: usize = 12_000;

impl<'a> ReadingAids<'a> {
    pub fn new(title: &str, description: Option<&'a str>, html: &str, toc: &'a [TocEntry]) -> ReadingAids<'a> {
        ReadingAids { lede: lede(description, html), on_page: on_page(title, toc), long: html.len() > LONG_PAGE_BYTES }
    }
}

/// The description unless the body's first paragraph starts with it (a
/// description cut short with "…" included): letters and digits are compared,
/// so quotes, dashes and markup do not matter. A description ending in "…" is
/// an excerpt (the importer cuts a section's from its first page's opening),
/// which would repeat text the reader is about to meet: never a lede either.
fn lede<'a>(description: Option<&'a str>, html: &str) -> Option<&'a str> {
    let description = description.filter(|d| !d.trim().is_empty())?;
    if description.trim_end().ends_with('…') || description.trim_end().ends_with("...") {
        return None;
    }
    let wanted = key(description);
    let repeats = first_paragraph(html).is_some_and(|p| !wanted.is_empty() && key(&p).starts_with(&wanted));
    (!repeats).then_some(description)
}

/// The h2–h3 of the page, without a first heading that repeats the title (as
/// every imported page has: its subsections are then the page's sections).
/// Empty when fewer than two remain: one heading is no contents.
fn on_page<'a>(title: &str, toc: &'a [TocEntry]) -> Vec<OnPageEntry<'a>> {
    let top: Vec<&TocEntry> = match toc.split_first() {
        Some((first, rest)) if repeats_title(&first.title, title) => first.children.iter().chain(rest).collect(),
        _ => toc.iter().collect(),
    };
    let mut entries = Vec::new();
    for entry in top {
        push_entry(entry, 0, &mut entries);
    }
    if entries.len() < 2 {
        entries.clear();
    }
    entries
}

fn push_entry<'a>(entry: &'a TocEntry, depth: u8, out: &mut Vec<OnPageEntry<'a>>) {
    if !(2..=3).contains(&entry.level) {
        return;
    }
    out.push(OnPageEntry { id: &entry.id, title: &entry.title, depth });
    if depth == 0 {
        for child in &entry.children {
            push_entry(child, 1, out);
        }
    }
}

/// `2.1. Globalization and Security` repeats the title `Globalization and
/// Security`: the same words once the section number is set aside.
fn repeats_title(heading: &str, title: &str) -> bool {
    let title = key(title);
    !title.is_empty() && key(heading).trim_start_matches(|c: char| c.is_ascii_digit()) == title
}

/// Lower-case letters and digits only, for comparing texts typeset differently.
fn key(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The text of the first `<p>` of `html`, without tags, entities or the
/// glossary tooltips' cards (text the reader does not see in the paragraph).
fn first_paragraph(html: &str) -> Option<String> {
    let start = [html.find("<p>"), html.find("<p ")].into_iter().flatten().min()?;
    let body = &html[start..];
    let open_end = body.find('>')? + 1;
    let body = &body[open_end..body.find("</p>")?];
    let mut text = String::new();
    let mut rest = body;
    // Depth of <span> inside a tooltip card being skipped; 0 outside one.
    let mut skipping = 0usize;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let Some(end) = rest.find('>') else { break };
            let tag = &rest[1..end];
            if skipping > 0 {
                if tag.starts_with("span") {
                    skipping += 1;
                } else if tag == "/span" {
                    skipping -= 1;
                }
            } else if tag.starts_with("span") && tag.contains("term-tip") {
                skipping = 1;
            }
            rest = &rest[end + 1..];
        } else if c == '&' && rest.find(';').is_some_and(|i| i < 10) {
            // An entity: what it stands for is punctuation to `key` anyway,
            // or a letter it would spell out (`&eacute;`), rare in a lede.
            rest = &rest[rest.find(';').map_or(1, |i| i + 1)..];
        } else {
            if skipping == 0 {
                text.push(c);
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    Some(text)
}

/// The typography of Markdown's smart punctuation for text that never goes
/// through Markdown (titles, descriptions): curly quotes, en and em dashes,
/// an ellipsis. An apostrophe follows a letter (`Chile's` → `Chile’s`).
pub fn smarten(text: &str) -> String {
    // Called for every title in every page's navigation: most have nothing to change.
    if !text.contains(['\'', '"', '-', '.']) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = out.chars().last();
        // An opening quote starts the text or follows a space or an opening bracket or dash.
        let opens = prev.is_none_or(|p| p.is_whitespace() || "([{‘“–—-/".contains(p));
        match c {
            '\'' => out.push(if opens { '‘' } else { '’' }),
            '"' => out.push(if opens { '“' } else { '”' }),
            '.' if chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') => {
                out.push('…');
                i += 2;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                if chars.get(i + 2) == Some(&'-') {
                    out.push('—');
                    i += 2;
                } else {
                    out.push('–');
                    i += 1;
                }
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(level: u8, title: &str, children: Vec<TocEntry>) -> TocEntry {
        TocEntry { level, id: title.to_lowercase().replace(' ', "-"), title: title.into(), children }
    }

    #[test]
    fn smart_quotes_dashes_and_ellipsis() {
        assert_eq!(smarten("Chile's report"), "Chile’s report");
        assert_eq!(smarten("\"New threats\" -- and 'old' ones --- or..."), "“New threats” – and ‘old’ ones — or…");
        assert_eq!(smarten("the treaty (\"Rio\")"), "the treaty (“Rio”)");
        assert_eq!(smarten("a-b"), "a-b");
    }

    #[test]
    fn the_lede_is_left_out_when_the_body_opens_with_it() {
        let html = "<h2 id=\"x\">Title</h2>\n<p>Chile’s <span class=\"term-ref\"><a class=\"term\">OAS</a>\
                    <span class=\"term-tip\"><span><b>OAS</b></span> card text</span></span> report &amp; more.</p>";
        assert_eq!(lede(Some("Chile's OAS report & more."), html), None);
        // Cut short by the importer, from this page or another.
        assert_eq!(lede(Some("Chile's OAS report…"), html), None);
        assert_eq!(lede(Some("Another page's opening..."), html), None);
        assert_eq!(lede(Some("A summary of its own."), html), Some("A summary of its own."));
        assert_eq!(lede(Some("Anything"), "<pre><code>x</code></pre>"), Some("Anything"));
        assert_eq!(lede(None, html), None);
        assert_eq!(lede(Some("  "), html), None);
    }

    #[test]
    fn on_page_skips_a_first_heading_repeating_the_title() {
        let toc = vec![entry(
            2,
            "2.1. Globalization and Security",
            vec![entry(3, "2.1.1 Actors", vec![entry(4, "Deep", vec![])]), entry(3, "2.1.2 States", vec![])],
        )];
        let titles: Vec<_> = on_page("Globalization and Security", &toc).iter().map(|e| (e.title, e.depth)).collect();
        assert_eq!(titles, [("2.1.1 Actors", 0), ("2.1.2 States", 0)]);
        // A page whose headings are its own keeps them all, h2 and h3.
        let titles: Vec<_> = on_page("Another title", &toc).iter().map(|e| (e.title, e.depth)).collect();
        assert_eq!(titles, [("2.1. Globalization and Security", 0), ("2.1.1 Actors", 1), ("2.1.2 States", 1)]);
        // One heading left: no contents.
        let one = vec![entry(2, "Only", vec![])];
        assert!(on_page("Title", &one).is_empty());
    }
}
