//! Cross-references: a link with no text to a label — `[](#fig-map)`,
//! `[](#sec-x)`, `[](@/a.md#sec-x)`, `[](../a.md)` — is written as the
//! label's name: "Figure 3", "Section 2.1 Title" (a heading's own number,
//! as the importer and authors write them), the heading's text when it has
//! no number, or for a whole page "Section 2.1 Title" from its `section`
//! and title. The target's first paragraph (a figure's caption) shows
//! beside it on hover and focus, in the footnotes' and terms' markup, so
//! the theme's CSS shows it with no script.
//!
//! Labels are known only once the target is rendered: a link is written
//! as a placeholder, filled in at the end of its page's render (targets on
//! the page) or once every body is rendered ([`resolve_across`]).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::early::Env;
use super::links::{Target, Use, resolve};
use super::{LinkKind, LinkRecord, RenderedMarkdown, TocEntry};
use crate::content::{Library, Page, PageId};
use crate::diagnostic::Diagnostic;
use crate::html::{encode_path, escape};

/// What a cross-reference to a label writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Label {
    /// "Figure 3", "Section 2.1 Title".
    pub text: String,
    /// The target's first paragraph, or a figure's caption, as plain text.
    pub preview: String,
}

/// A cross-reference waiting for its label.
#[derive(Debug, Clone)]
pub struct Xref {
    /// The number in its placeholder.
    pub key: usize,
    pub target: PageId,
    /// `None`: the target page itself.
    pub anchor: Option<String>,
    pub href: String,
    /// The id of its preview.
    pub tip_id: String,
    pub line: usize,
    pub column: usize,
}

/// Marks a placeholder: `\u{FDD0}3\u{FDD0}` stands for cross-reference 3.
/// A noncharacter, which no text is meant to hold.
const MARK: char = '\u{FDD0}';

/// The early pass that finds links with no text: holds each link's start
/// until the event after it says whether the link is empty.
#[derive(Default)]
pub(super) struct Detector<'a> {
    held: Option<(Event<'a>, Range<usize>)>,
}

impl<'a> Detector<'a> {
    pub(super) fn take(
        &mut self,
        event: Event<'a>,
        range: Range<usize>,
        env: &mut Env<'_>,
        ready: &mut Vec<(Event<'a>, Range<usize>)>,
    ) {
        if let Some((held, held_range)) = self.held.take() {
            if let (Event::Start(Tag::Link { dest_url, .. }), Event::End(TagEnd::Link)) = (&held, &event)
                && let Some(placeholder) = placeholder(dest_url, held_range.start, env)
            {
                ready.push((Event::InlineHtml(placeholder.into()), held_range));
                return;
            }
            ready.push((held, held_range));
        }
        if let Event::Start(Tag::Link { link_type: LinkType::Inline, .. }) = event {
            self.held = Some((event, range));
        } else {
            ready.push((event, range));
        }
    }

    pub(super) fn flush(&mut self, ready: &mut Vec<(Event<'a>, Range<usize>)>) {
        ready.extend(self.held.take());
    }
}

/// The placeholder of an empty link to `dest` written at `at`, if `dest`
/// is a page of the site or an anchor: recorded as the page's link.
fn placeholder(dest: &str, at: usize, env: &mut Env<'_>) -> Option<String> {
    let lib = env.ctx.library;
    let (target, anchor) = match resolve(dest, Use::Link, &env.src.page.rel, lib) {
        Ok(Target::SamePage(anchor)) if !anchor.is_empty() => (env.from, Some(anchor)),
        Ok(Target::Page { id, anchor }) => (id, anchor),
        _ => return None,
    };
    let same = target == env.from && dest.starts_with('#');
    let fragment = anchor.as_deref().map(|a| format!("#{}", encode_path(a))).unwrap_or_default();
    let href = if same { fragment } else { format!("{}{fragment}", lib.url(env.ctx.base_path, target)) };
    let (line, column) = env.src.at(at);
    let key = env.out.xrefs.len();
    let tip_id = env.ids.allocate(&format!("xref-{}-tip", key + 1));
    let kind = if same { LinkKind::Anchor } else { LinkKind::Page };
    let record = LinkRecord {
        url: href.clone(),
        kind,
        line,
        column,
        url_line: line,
        url_column: column,
        from_definition: false,
    };
    env.out.links.push(record);
    env.out.xrefs.push(Xref { key, target, anchor, href, tip_id, line, column });
    Some(format!("{MARK}{key}{MARK}"))
}

/// Each heading's and the page's first paragraph, as the events pass.
#[derive(Default)]
pub(super) struct Previews {
    open: Option<(String, String)>,
    found: HashMap<String, String>,
    in_note: usize,
}

impl Previews {
    /// Reads `event`; `last_heading` is the id of the heading the text is
    /// under (`None` before the first).
    pub(super) fn observe(&mut self, event: &Event<'_>, in_heading: bool, last_heading: Option<&str>) {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => self.in_note += 1,
            Event::End(TagEnd::FootnoteDefinition) => self.in_note = self.in_note.saturating_sub(1),
            Event::Start(Tag::Paragraph) if !in_heading && self.in_note == 0 && self.open.is_none() => {
                let key = last_heading.unwrap_or("");
                if !self.found.contains_key(key) {
                    self.open = Some((key.to_string(), String::new()));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut self.open {
                    text.push_str(t);
                }
            }
            // A shortcode's output reads as its text; a cross-reference's
            // placeholder stays, for [`resolve_here`] to name.
            Event::InlineHtml(html) | Event::Html(html) => {
                if let Some((_, text)) = &mut self.open {
                    match html.contains(MARK) {
                        true => text.push_str(html),
                        false => text.push_str(&crate::html::strip_tags(html)),
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, text)) = &mut self.open {
                    text.push(' ');
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some((key, text)) = self.open.take() {
                    self.found.insert(key, text.split_whitespace().collect::<Vec<_>>().join(" "));
                }
            }
            _ => {}
        }
    }

    /// The labels of the page's headings (`headings` in order, not nested)
    /// and its first paragraph, into `out`.
    pub(super) fn finish(self, headings: &[TocEntry], out: &mut RenderedMarkdown) {
        for h in headings {
            let preview = self.found.get(&h.id).cloned().unwrap_or_default();
            out.labels.entry(h.id.clone()).or_insert(Label { text: section_label(&h.title), preview });
        }
        let first_heading = headings.first().and_then(|h| self.found.get(&h.id));
        out.lead = self.found.get("").or(first_heading).cloned().unwrap_or_default();
    }
}

/// "2.1 Title" → "Section 2.1 Title"; a heading with no number is its text.
fn section_label(title: &str) -> String {
    let number_len = title.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(title.len());
    let (number, rest) = title.split_at(number_len);
    let number = number.trim_end_matches('.');
    // `2.1` (roman numbers are not read); a year (`2020 was…`) is not a number of a section.
    let is_number = !number.is_empty() && number.split('.').all(|p| (1..=3).contains(&p.len()));
    if is_number && rest.starts_with(char::is_whitespace) && !rest.trim().is_empty() {
        format!("Section {number} {}", rest.trim())
    } else {
        title.to_string()
    }
}

/// A whole page's label: "Section 2.1 Title" (from its `section`) or its title.
fn page_label(page: &Page, body: &RenderedMarkdown) -> Label {
    let text = match &page.meta.section {
        Some(n) => format!("Section {n} {}", page.meta.title),
        None => page.meta.title.clone(),
    };
    Label { text, preview: body.lead.clone() }
}

/// The HTML of `x`, given its target's label; an unknown label is an error
/// in `page` and leaves a plain link.
fn markup(x: &Xref, label: Option<&Label>, page: &Page, target: Option<&Page>, diags: &mut Vec<Diagnostic>) -> String {
    let href = escape(&x.href);
    let Some(label) = label else {
        let anchor = x.anchor.as_deref().unwrap_or("");
        let on = target.map_or("this page".to_string(), |t| t.path.display().to_string());
        diags.push(
            Diagnostic::error(
                &page.path,
                x.line,
                x.column,
                format!("cross-reference to an unknown label `#{anchor}` on {on}"),
            )
            .with_hint(
                "labels are heading ids (`## Title {#sec-x}`, or the heading's text in lower case joined by `-`) \
                     and figure ids (`{#fig-x}` after an image, `id=\"fig-x\"` in the figure shortcode)",
            )
            .broken_link(),
        );
        return format!("<a href=\"{href}\">#{}</a>", escape(anchor));
    };
    if label.preview.is_empty() {
        return format!("<a class=\"xref-link\" href=\"{href}\">{}</a>", escape(&label.text));
    }
    format!(
        "<span class=\"term-ref fn-ref xref\"><a class=\"fn-link xref-link\" href=\"{href}\" aria-describedby=\"{tip}\">{text}</a>\
         <span class=\"term-tip fn-tip\" role=\"tooltip\" id=\"{tip}\">{preview}</span></span>",
        tip = escape(&x.tip_id),
        text = escape(&label.text),
        preview = escape(&label.preview),
    )
}

/// `html` with each placeholder whose cross-reference `fill` gives HTML for
/// replaced by it; the others are kept.
fn fill(html: &str, xrefs: &[Xref], mut fill: impl FnMut(&Xref) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(MARK) {
        out.push_str(&rest[..i]);
        let after = &rest[i + MARK.len_utf8()..];
        let digits = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
        let key = after[..digits].parse::<usize>().ok();
        let closed = after[digits..].starts_with(MARK);
        match (key.and_then(|k| xrefs.get(k)), closed) {
            (Some(x), true) => {
                let whole = &rest[i..i + 2 * MARK.len_utf8() + digits];
                match fill(x) {
                    Some(html) => out.push_str(&html),
                    None => out.push_str(whole),
                }
                rest = &after[digits + MARK.len_utf8()..];
            }
            _ => {
                out.push(MARK);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Fills in the cross-references of page `from` to labels on it.
pub(super) fn resolve_here(from: PageId, page: &Page, out: &mut RenderedMarkdown) {
    name_in_previews(from, page, out);
    if out.xrefs.iter().all(|x| x.target != from) {
        return;
    }
    let mut diags = Vec::new();
    let html = fill(&out.html, &out.xrefs, |x| {
        (x.target == from).then(|| match &x.anchor {
            Some(a) => markup(x, out.labels.get(a), page, None, &mut diags),
            None => markup(x, Some(&page_label(page, out)), page, None, &mut diags),
        })
    });
    out.html = html;
    out.diagnostics.extend(diags);
}

/// The previews of page `from` with its cross-references named as the text
/// does ("as Figure 1 shows"); those to other pages, not known yet, left out.
fn name_in_previews(from: PageId, page: &Page, out: &mut RenderedMarkdown) {
    let has_mark = |t: &str| t.contains(MARK);
    if !out.lead.contains(MARK) && !out.labels.values().any(|l| has_mark(&l.preview)) {
        return;
    }
    let name = |x: &Xref, out: &RenderedMarkdown| match (&x.anchor, x.target == from) {
        (Some(a), true) => out.labels.get(a).map(|l| l.text.clone()).unwrap_or_default(),
        (None, true) => page_label(page, out).text,
        (_, false) => String::new(),
    };
    let lead = fill(&out.lead, &out.xrefs, |x| Some(name(x, out)));
    let previews: Vec<(String, String)> = out
        .labels
        .iter()
        .filter(|(_, l)| has_mark(&l.preview))
        .map(|(id, l)| (id.clone(), fill(&l.preview, &out.xrefs, |x| Some(name(x, out)))))
        .collect();
    for (id, preview) in previews {
        if let Some(label) = out.labels.get_mut(&id) {
            label.preview = preview.split_whitespace().collect::<Vec<_>>().join(" ");
        }
    }
    out.lead = lead.split_whitespace().collect::<Vec<_>>().join(" ");
}

/// Fills in every body's cross-references to other pages, from their
/// labels: an unknown label is an error of the page that names it.
pub fn resolve_across(lib: &Library, bodies: &mut [Arc<RenderedMarkdown>]) {
    let work: Vec<(PageId, String, Vec<Diagnostic>)> = bodies
        .iter()
        .enumerate()
        .filter(|(id, b)| b.xrefs.iter().any(|x| x.target != *id) && b.html.contains(MARK))
        .map(|(id, b)| {
            let mut diags = Vec::new();
            let page = &lib.pages[id];
            let html = fill(&b.html, &b.xrefs, |x| {
                let (target, body) = (&lib.pages[x.target], bodies.get(x.target)?);
                Some(match &x.anchor {
                    Some(a) => markup(x, body.labels.get(a), page, Some(target), &mut diags),
                    None => markup(x, Some(&page_label(target, body)), page, Some(target), &mut diags),
                })
            });
            (id, html, diags)
        })
        .collect();
    for (id, html, diags) in work {
        let body = Arc::make_mut(&mut bodies[id]);
        body.html = html;
        body.diagnostics.extend(diags);
    }
}

/// The pages not in `dirty` with a cross-reference to a page in it: their
/// text follows the labels there, so a rebuild renders them again too.
pub fn dependents(bodies: &[Arc<RenderedMarkdown>], dirty: &HashSet<PageId>) -> Vec<PageId> {
    (0..bodies.len())
        .filter(|id| {
            !dirty.contains(id) && bodies[*id].xrefs.iter().any(|x| x.target != *id && dirty.contains(&x.target))
        })
        .collect()
}

/// Whether a body may hold a cross-reference to another page (`[](` not
/// followed by `#`): such a page waits for every body before it is written.
pub fn may_refer_across(body: &str) -> bool {
    body.match_indices("[](").any(|(i, _)| !body[i + 3..].starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_headings_say_section() {
        assert_eq!(section_label("2.1 Title"), "Section 2.1 Title");
        assert_eq!(section_label("2.1. Title"), "Section 2.1 Title");
        assert_eq!(section_label("Title"), "Title");
        assert_eq!(section_label("2020 was a year"), "2020 was a year");
        assert_eq!(section_label("1.5x faster"), "1.5x faster");
    }

    #[test]
    fn placeholders_are_filled_or_kept() {
        let x =
            |key| Xref { key, target: 0, anchor: None, href: String::new(), tip_id: String::new(), line: 1, column: 1 };
        let html = format!("a {MARK}0{MARK} b {MARK}1{MARK} c {MARK}x");
        let filled = fill(&html, &[x(0), x(1)], |x| (x.key == 0).then(|| "ZERO".to_string()));
        assert_eq!(filled, format!("a ZERO b {MARK}1{MARK} c {MARK}x"));
    }
}
