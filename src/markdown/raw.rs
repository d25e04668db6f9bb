//! The raw-HTML pass: ids written in HTML are anchors too, and terms are not
//! linked inside inline HTML elements (`<span>…</span>`).

use std::collections::HashSet;

use pulldown_cmark::Event;

use super::{LinkKind, LinkRecord, RenderedMarkdown, Source};

/// Owns the depth of open inline HTML elements.
#[derive(Default)]
pub(super) struct RawHtml {
    depth: usize,
}

impl RawHtml {
    pub(super) fn depth(&self) -> usize {
        self.depth
    }

    /// Notes what `event` adds (anchors, open elements, links written in
    /// HTML, recorded at `offset` of the source) and gives it back.
    pub(super) fn observe<'a>(
        &mut self,
        event: Event<'a>,
        offset: usize,
        src: &Source<'_>,
        out: &mut RenderedMarkdown,
    ) -> Event<'a> {
        match &event {
            Event::InlineHtml(html) => {
                collect_html_ids(html, &mut out.anchors);
                record_links(html, offset, src, out);
                self.depth = track_inline_html(html, self.depth);
            }
            Event::Html(html) => {
                collect_html_ids(html, &mut out.anchors);
                record_links(html, offset, src, out);
            }
            _ => {}
        }
        event
    }
}

/// The `href` and `src` values of raw HTML, as links of the page. An HTML
/// block is one event from its first line: each value gets the line it is
/// on, counted from there.
fn record_links(html: &str, offset: usize, src: &Source<'_>, out: &mut RenderedMarkdown) {
    for attr in ["href", "src"] {
        for (at, value) in crate::html::attribute_values(html, attr) {
            let (first_line, first_column) = src.at(offset);
            let before = &html[..at];
            let (line, column) = match before.rfind('\n') {
                // A raw HTML block is verbatim: its later lines start at column 1.
                Some(nl) => (first_line + before.matches('\n').count(), before[nl + 1..].chars().count() + 1),
                None => (first_line, first_column + before.chars().count()),
            };
            let url = crate::html::unescape_attribute(value);
            out.links.push(LinkRecord {
                url,
                kind: LinkKind::RawHtml,
                line,
                column,
                url_line: line,
                url_column: column,
                from_definition: false,
            });
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

/// Depth of open inline HTML elements after `html` (`<span>` opens, `</span>`
/// closes, void and self-closing tags do neither): terms inside are not linked.
pub(super) fn track_inline_html(html: &str, depth: usize) -> usize {
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
