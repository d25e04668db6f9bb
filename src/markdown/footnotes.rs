//! Footnotes: each reference numbered in order of first use, with the note
//! shown beside it on hover and focus the way glossary terms are (CSS and
//! ARIA only); the notes gathered at the end of the page, each with a link
//! back to every reference. A reference to a note that does not exist is a
//! warning at its place.
//!
//! The preview needs the note's text where the reference is, and notes are
//! usually written after it: a page with `[^` is read once more beforehand,
//! for its notes' text only ([`note_texts`]).

use std::collections::HashMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::headings::{IdAllocator, slugify};
use super::{RenderedMarkdown, Source};
use crate::diagnostic::Diagnostic;
use crate::html::{encode_path, escape, escape_into};

/// One note of the page, by its label.
struct Note<'a> {
    /// Its label as first written (labels match whatever their case).
    label: String,
    /// Its number, once referenced.
    number: Option<usize>,
    /// The note's id and the ids of its references, in order.
    id: String,
    refs: Vec<String>,
    /// Its rendered events, once its definition is read, and where the
    /// definition is in the source.
    body: Option<Vec<Event<'a>>>,
    defined_at: usize,
}

/// The footnote pass: owns the page's notes and the definitions being read.
pub(super) struct Footnotes<'a> {
    /// Each note's text, for previews: empty unless the page has notes.
    texts: HashMap<String, String>,
    notes: HashMap<String, Note<'a>>,
    /// Labels in order of first reference.
    order: Vec<String>,
    /// The definitions being read: label, where their events start in the
    /// page's, and where the definition is in the source.
    open: Vec<(String, usize, usize)>,
    /// Text events since the last other event, with their source ranges,
    /// to find `[^label]` left as text (a note that does not exist).
    text_run: Option<(usize, usize)>,
    in_code_block: bool,
    /// The undefined labels warned of so far.
    warned: std::collections::HashSet<String>,
}

/// Undefined footnotes warned of on one page, at most.
const MAX_UNDEFINED_WARNINGS: usize = 20;

impl<'a> Footnotes<'a> {
    pub(super) fn new(body: &str, options: Options) -> Self {
        Footnotes {
            texts: if body.contains("[^") { note_texts(body, options) } else { HashMap::new() },
            notes: HashMap::new(),
            order: Vec::new(),
            open: Vec::new(),
            text_run: None,
            in_code_block: false,
            warned: std::collections::HashSet::new(),
        }
    }

    /// Watches the parser's own events for `[^label]` left as text: the
    /// parser leaves a reference to a note that does not exist as it is.
    pub(super) fn observe(
        &mut self,
        event: &Event<'_>,
        range: std::ops::Range<usize>,
        src: &Source<'_>,
        out: &mut RenderedMarkdown,
    ) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.in_code_block = true,
            Event::End(TagEnd::CodeBlock) => self.in_code_block = false,
            Event::Text(_) if !self.in_code_block => {
                self.text_run = match self.text_run {
                    Some((start, end)) if end == range.start => Some((start, range.end)),
                    _ => {
                        self.check_run(src, out);
                        Some((range.start, range.end))
                    }
                };
                return;
            }
            _ => {}
        }
        self.check_run(src, out);
    }

    /// Warns of each `[^label]` in the source of the text run just ended.
    fn check_run(&mut self, src: &Source<'_>, out: &mut RenderedMarkdown) {
        let Some((start, end)) = self.text_run.take() else { return };
        let Some(text) = src.page.body.get(start..end) else { return };
        let mut from = 0;
        while let Some(i) = text[from..].find("[^").map(|i| from + i) {
            from = i + 2;
            let Some(len) = text[from..].find(']') else { break };
            let label = &text[from..from + len];
            // The run may start after the backslash of `\[^x]`: read the source.
            let escaped = src.page.body.get(..start + i).is_some_and(|before| before.ends_with('\\'));
            if escaped || label.is_empty() || label.contains(['[', '\n']) {
                continue;
            }
            // Once per label, and a few labels a page: a page of 100,000
            // `[^a]` gets one warning, not 100,000 (each a column count).
            if self.warned.len() >= MAX_UNDEFINED_WARNINGS || !self.warned.insert(label.to_string()) {
                continue;
            }
            let (line, column) = src.at(start + i);
            out.diagnostics.push(
                Diagnostic::warning(
                    &src.page.path,
                    line,
                    column,
                    format!("footnote `[^{label}]` is not defined on this page: it is shown as written"),
                )
                .with_hint(format!("define it on a line of its own: `[^{label}]: The note's text.`")),
            );
        }
    }

    /// Takes footnote references (as a numbered link and its preview) and
    /// definitions (moved out of `events`, to the end of the page); gives
    /// every other event back.
    pub(super) fn take(
        &mut self,
        event: Event<'a>,
        offset: usize,
        ids: &mut IdAllocator,
        events: &mut Vec<Event<'a>>,
    ) -> Option<Event<'a>> {
        match event {
            Event::FootnoteReference(label) => Some(Event::InlineHtml(self.reference(&label, ids).into())),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.open.push((label.to_string(), events.len(), offset));
                None
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let (label, start, defined_at) = self.open.pop()?;
                let body: Vec<Event<'a>> = events.drain(start.min(events.len())..).collect();
                let note = self.note(&label, ids);
                // A label defined twice: the first definition is the note.
                if note.body.is_none() {
                    note.body = Some(body);
                    note.defined_at = defined_at;
                }
                None
            }
            other => Some(other),
        }
    }

    /// The note of `label` (as written), made on first sight.
    fn note(&mut self, label: &str, ids: &mut IdAllocator) -> &mut Note<'a> {
        self.notes.entry(key(label)).or_insert_with(|| Note {
            label: label.to_string(),
            number: None,
            id: ids.allocate(&format!("fn-{}", slugify(label))),
            refs: Vec::new(),
            body: None,
            defined_at: 0,
        })
    }

    /// `<sup><a href="#fn-x" id="fnref-x" role="doc-noteref">1</a></sup>`
    /// with the note's text as its tooltip.
    fn reference(&mut self, label: &str, ids: &mut IdAllocator) -> String {
        let next = self.order.len() + 1;
        let note = self.note(label, ids);
        let number = *note.number.get_or_insert(next);
        let base = format!("fnref-{}", slugify(label));
        let ref_id = match note.refs.len() {
            0 => ids.allocate(&base),
            n => ids.allocate(&format!("{base}-{}", n + 1)),
        };
        let tip_id = ids.allocate(&format!("{ref_id}-tip"));
        let mut html = format!(
            "<span class=\"term-ref fn-ref\"><sup><a class=\"fn-link\" href=\"#{href}\" id=\"{id}\" \
             role=\"doc-noteref\" aria-describedby=\"{tip}\">{number}</a></sup>\
             <span class=\"term-tip fn-tip\" role=\"tooltip\" id=\"{tip}\">",
            href = escape(&encode_path(&note.id)),
            id = escape(&ref_id),
            tip = escape(&tip_id),
        );
        note.refs.push(ref_id);
        escape_into(&mut html, self.texts.get(&key(label)).map_or("", String::as_str));
        html.push_str("</span></span>");
        if number == next {
            self.order.push(key(label));
        }
        html
    }

    /// Appends the notes, in the order of their numbers, as the page's last
    /// section; warns of notes nothing refers to.
    pub(super) fn finish(mut self, src: &Source<'_>, out: &mut RenderedMarkdown, events: &mut Vec<Event<'a>>) {
        let mut unused: Vec<(&String, usize)> =
            self.notes.values().filter(|n| n.number.is_none()).map(|n| (&n.label, n.defined_at)).collect();
        unused.sort_by_key(|&(_, at)| at);
        for (label, at) in unused {
            let (line, column) = src.at(at);
            out.diagnostics.push(
                Diagnostic::warning(
                    &src.page.path,
                    line,
                    column,
                    format!("footnote `[^{label}]` is never referred to"),
                )
                .with_hint(format!("refer to it with `[^{label}]` in the text, or delete it")),
            );
        }
        if self.order.is_empty() {
            return;
        }
        events.push(Event::Html(
            "<section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"Footnotes\">\n<ol>\n".into(),
        ));
        for label in std::mem::take(&mut self.order) {
            let Some(note) = self.notes.remove(&label) else { continue };
            let number = note.number.unwrap_or_default();
            events.push(Event::Html(format!("<li id=\"{}\">\n", escape(&note.id)).into()));
            let mut body = note.body.unwrap_or_default();
            let back = back_links(number, &note.refs);
            // The links go at the end of the note's last paragraph, where
            // they read as part of it; after it when it ends otherwise.
            match body.last() {
                Some(Event::End(TagEnd::Paragraph)) => {
                    let end = body.pop();
                    body.push(Event::InlineHtml(back.into()));
                    body.extend(end);
                }
                _ => body.push(Event::Html(format!("<p>{back}</p>\n").into())),
            }
            events.extend(body);
            events.push(Event::Html("</li>\n".into()));
        }
        events.push(Event::Html("</ol>\n</section>\n".into()));
    }
}

/// ` ↩` back to each reference of note `number`; the second and later
/// ones are told apart by a small number, as on GitHub.
fn back_links(number: usize, refs: &[String]) -> String {
    let mut html = String::new();
    for (i, id) in refs.iter().enumerate() {
        let (label, mark) = match i {
            0 => (format!("Back to reference {number}"), String::new()),
            _ => (format!("Back to reference {number} (use {})", i + 1), format!("<sup>{}</sup>", i + 1)),
        };
        html.push_str(&format!(
            " <a class=\"fn-back\" href=\"#{}\" role=\"doc-backlink\" aria-label=\"{label}\">↩{mark}</a>",
            escape(&encode_path(id))
        ));
    }
    html
}

/// A label as the parser matches it: `[^Rio]` refers to `[^rio]:`.
fn key(label: &str) -> String {
    label.to_lowercase()
}

/// The plain text of each note of `body`, by [`key`]: the reference's preview.
fn note_texts(body: &str, options: Options) -> HashMap<String, String> {
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut open: Vec<String> = Vec::new();
    for event in Parser::new_ext(body, options) {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                open.push(key(&label));
                texts.entry(key(&label)).or_default();
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                open.pop();
            }
            // A preview is plain text: a formula shows as its LaTeX.
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if let Some(text) = open.last().and_then(|l| texts.get_mut(l)) {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => {
                if let Some(text) = open.last().and_then(|l| texts.get_mut(l)) {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    for text in texts.values_mut() {
        *text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    texts
}
