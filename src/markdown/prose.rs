//! The prose pass: text is gathered across events (smart punctuation splits
//! it) and handed to the glossary pass whole, with where each piece starts in
//! the source, so a term may span a split or a soft break.

use pulldown_cmark::Event;

use super::glossary_links::GlossaryPass;
use super::{RenderedMarkdown, Source};

/// Owns the prose being gathered and the page's glossary pass.
pub(super) struct Prose<'g> {
    terms: GlossaryPass<'g>,
    /// `glossary: false` in the page's front matter turns linking off.
    linkable: bool,
    /// The text so far, and (offset in the text, offset in the body) of each piece.
    gathered: Option<(String, Vec<(usize, usize)>)>,
}

impl<'g> Prose<'g> {
    pub(super) fn new(terms: GlossaryPass<'g>, linkable: bool) -> Self {
        Prose { terms, linkable, gathered: None }
    }

    /// The glossary pass, for explicit `term:` links.
    pub(super) fn terms(&mut self) -> &mut GlossaryPass<'g> {
        &mut self.terms
    }

    /// Takes text and soft breaks where terms may be linked (`can_link`:
    /// not in a heading, code, a link, an image or inline HTML); gives every
    /// other event back.
    pub(super) fn take<'a>(&mut self, event: Event<'a>, offset: usize, can_link: bool) -> Option<Event<'a>> {
        if !(can_link && self.linkable) {
            return Some(event);
        }
        // A soft break stays a line break in the HTML (it matters in raw
        // `<pre>` and `white-space: pre`); terms may span it.
        let piece = match &event {
            Event::Text(t) => t.as_ref(),
            Event::SoftBreak => "\n",
            _ => return Some(event),
        };
        let (text, starts) = self.gathered.get_or_insert_with(Default::default);
        starts.push((text.len(), offset));
        text.push_str(piece);
        None
    }

    /// Runs the glossary pass over the gathered prose, if any, and emits it.
    pub(super) fn flush(&mut self, src: &Source<'_>, out: &mut RenderedMarkdown, events: &mut Vec<Event<'_>>) {
        let Some((text, starts)) = self.gathered.take() else { return };
        let mut acronyms = Vec::new();
        let html = self.terms.text(&text, &mut out.occurrences, &mut acronyms);
        for a in acronyms {
            let i = starts.partition_point(|&(t, _)| t <= a.offset).saturating_sub(1);
            let (text_start, source_start) = starts.get(i).copied().unwrap_or_default();
            let (line, column) = src.at(source_start + (a.offset - text_start));
            out.unknown_acronyms.push((a.text, line, column));
        }
        events.push(Event::InlineHtml(html.into()));
    }
}
