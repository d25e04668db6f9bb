//! Figures: an image with a title alone in its paragraph
//! (`![A map](map.png "The region")`, optionally followed by `{#fig-map}`)
//! and the `figure` shortcode become `<figure>` with a `<figcaption>`,
//! numbered per page in order ("Figure 1: The region"), each with an id a
//! cross-reference can name.
//!
//! The image pass runs on the parser's events before every other pass (it
//! needs the paragraph whole, and the glossary pass would take the
//! `{#id}` text); it leaves the image's own events in place, so the link
//! pass rewrites and checks its URL as for any image.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::early::Env;
use super::{Label, RenderedMarkdown, Source};
use crate::diagnostic::Diagnostic;
use crate::html::escape;

/// The page's figures so far: their count, shared by images and the
/// `figure` shortcode.
#[derive(Default)]
pub(super) struct Figures {
    count: usize,
}

/// A numbered figure's id and number.
pub(super) struct Numbered {
    pub id: String,
    pub number: usize,
}

impl Figures {
    /// Numbers the next figure, with the id the author gave (`fig-map`) or
    /// `figure-N`; records its label for cross-references. A repeated id is
    /// an error at `at`.
    pub(super) fn number(&mut self, id: Option<&str>, caption: &str, at: usize, env: &mut Env<'_>) -> Numbered {
        let (ids, src) = (&mut *env.ids, env.src);
        let out = &mut *env.out;
        self.count += 1;
        let number = self.count;
        let id = match id.filter(|id| !id.is_empty()) {
            Some(id) => {
                if !ids.reserve(id) {
                    let (line, column) = src.at(at);
                    out.diagnostics.push(
                        Diagnostic::error(
                            &src.page.path,
                            line,
                            column,
                            format!("the id `{id}` is used twice on this page"),
                        )
                        .with_hint("give each figure and heading an id of its own"),
                    );
                }
                id.to_string()
            }
            None => ids.allocate(&format!("figure-{number}")),
        };
        let label = Label { text: format!("Figure {number}"), preview: caption.to_string() };
        out.labels.insert(id.clone(), label);
        Numbered { id, number }
    }
}

/// Warns of a figure without alt text, at `at`.
pub(super) fn warn_no_alt(at: usize, src: &Source<'_>, out: &mut RenderedMarkdown) {
    let (line, column) = src.at(at);
    out.diagnostics.push(
        Diagnostic::warning(&src.page.path, line, column, "this figure has no alt text")
            .with_hint("describe the image for readers who cannot see it: `![A map of the region](map.png \"Caption\")`, or `alt=\"…\"` in the figure shortcode"),
    );
}

/// `<figcaption>`: "Figure N: caption", escaped.
fn figcaption(number: usize, caption: &str) -> String {
    let caption = if caption.is_empty() { String::new() } else { format!(": {}", escape(caption)) };
    format!("<figcaption><span class=\"figure-number\">Figure {number}</span>{caption}</figcaption>")
}

/// What the image pass holds while it reads a paragraph that may be a figure.
enum Held<'a> {
    /// Nothing.
    None,
    /// A paragraph's start, waiting for its first event.
    Paragraph(Vec<(Event<'a>, Range<usize>)>),
    /// A paragraph that starts with an image with a title: the image's
    /// events so far, and whether its end was read.
    Image { events: Vec<(Event<'a>, Range<usize>)>, closed: bool, id: Option<String> },
}

/// The image pass: a paragraph holding only an image with a title (and an
/// optional `{#id}`) becomes a figure.
pub(super) struct ImageFigures<'a> {
    held: Held<'a>,
}

impl<'a> ImageFigures<'a> {
    pub(super) fn new() -> Self {
        ImageFigures { held: Held::None }
    }

    /// Takes `event`; puts what is ready into `ready`.
    pub(super) fn take(
        &mut self,
        event: Event<'a>,
        range: Range<usize>,
        figures: &mut Figures,
        env: &mut Env<'_>,
        ready: &mut Vec<(Event<'a>, Range<usize>)>,
    ) {
        let held = std::mem::replace(&mut self.held, Held::None);
        self.held = match (held, event) {
            (Held::None, e @ Event::Start(Tag::Paragraph)) => Held::Paragraph(vec![(e, range)]),
            (Held::Paragraph(_), Event::Start(Tag::Image { link_type, dest_url, title, id })) if !title.is_empty() => {
                // The title is the caption: not also a tooltip.
                let image = Tag::Image { link_type, dest_url, title: CowStr::Borrowed(""), id };
                let events = vec![(Event::Start(image), range), (Event::Text(title), 0..0)];
                Held::Image { events, closed: false, id: None }
            }
            (Held::Image { mut events, closed: false, id }, e) => {
                let closed = matches!(e, Event::End(TagEnd::Image));
                events.push((e, range));
                Held::Image { events, closed, id }
            }
            (Held::Image { events, closed: true, id: None }, Event::Text(t)) if label_of(&t).is_some() => {
                let id = label_of(&t).map(str::to_string);
                Held::Image { events, closed: true, id }
            }
            (Held::Image { events, closed: true, id }, Event::End(TagEnd::Paragraph)) => {
                figure(events, id, figures, env, ready);
                Held::None
            }
            (held, e) => {
                release(held, ready);
                if let e @ Event::Start(Tag::Paragraph) = e {
                    Held::Paragraph(vec![(e, range)])
                } else {
                    ready.push((e, range));
                    Held::None
                }
            }
        };
    }

    /// Gives back whatever is held at the end of the page.
    pub(super) fn flush(&mut self, ready: &mut Vec<(Event<'a>, Range<usize>)>) {
        release(std::mem::replace(&mut self.held, Held::None), ready);
    }
}

/// The image's events, wrapped in the figure's markup.
fn figure<'a>(
    mut events: Vec<(Event<'a>, Range<usize>)>,
    id: Option<String>,
    figures: &mut Figures,
    env: &mut Env<'_>,
    ready: &mut Vec<(Event<'a>, Range<usize>)>,
) {
    let at = events.first().map_or(0, |(_, r)| r.start);
    let caption = match events.remove(1) {
        (Event::Text(t), _) => t.to_string(),
        _ => String::new(),
    };
    let alt_empty = events[1..events.len() - 1]
        .iter()
        .all(|(e, _)| matches!(e, Event::Text(t) if t.trim().is_empty()) || matches!(e, Event::SoftBreak));
    if alt_empty {
        warn_no_alt(at, env.src, env.out);
    }
    let n = figures.number(id.as_deref(), &caption, at, env);
    let open = format!("<figure id=\"{}\" class=\"figure\">\n", escape(&n.id));
    ready.push((Event::Html(open.into()), at..at));
    ready.extend(events);
    ready.push((Event::Html(format!("\n{}\n</figure>\n", figcaption(n.number, &caption)).into()), at..at));
}

/// The held events, as they were read.
fn release<'a>(held: Held<'a>, ready: &mut Vec<(Event<'a>, Range<usize>)>) {
    match held {
        Held::None => {}
        Held::Paragraph(events) => ready.extend(events),
        Held::Image { mut events, id, closed } => {
            // Put the title back where it was, and the `{#id}` text.
            if let (Event::Text(title), _) = events.remove(1)
                && let (Event::Start(Tag::Image { link_type, dest_url, id, .. }), r) = events.remove(0)
            {
                events.insert(0, (Event::Start(Tag::Image { link_type, dest_url, title, id }), r));
            }
            ready.push((Event::Start(Tag::Paragraph), 0..0));
            ready.extend(events);
            if let (Some(id), true) = (id, closed) {
                ready.push((Event::Text(format!("{{#{id}}}").into()), 0..0));
            }
        }
    }
}

/// `fig-map` from `{#fig-map}` (with spaces around), the whole text.
fn label_of(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix("{#")?.strip_suffix('}')?;
    let ok = !inner.is_empty() && inner.chars().all(|c| c.is_alphanumeric() || "-_:.".contains(c));
    ok.then_some(inner)
}
