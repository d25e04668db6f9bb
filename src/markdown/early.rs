//! The early passes, which see the parser's events before any other:
//! shortcodes expanded (`shortcodes`), images with a caption made figures
//! (`figures`), and links with no text made cross-references (`crossrefs`).
//! Each needs to read ahead or to rewrite a paragraph whole, which the
//! glossary and autolink passes after them would otherwise take apart.

use std::ops::Range;

use pulldown_cmark::Event;

use super::crossrefs::Detector;
use super::figures::{Figures, ImageFigures};
use super::headings::IdAllocator;
use super::shortcodes::Shortcodes;
use super::{MarkdownContext, RenderedMarkdown, Source};
use crate::content::PageId;

/// What the early passes read and change besides the events.
pub(super) struct Env<'e> {
    pub ctx: &'e MarkdownContext<'e>,
    pub from: PageId,
    pub src: &'e Source<'e>,
    pub out: &'e mut RenderedMarkdown,
    pub ids: &'e mut IdAllocator,
}

/// The early passes of one page, in order, with the buffers between them.
pub(super) struct Early<'a, 'c> {
    shortcodes: Shortcodes<'c>,
    images: ImageFigures<'a>,
    xrefs: Detector<'a>,
    figures: Figures,
    between: Vec<(Event<'a>, Range<usize>)>,
    images_out: Vec<(Event<'a>, Range<usize>)>,
}

impl<'a, 'c> Early<'a, 'c> {
    pub(super) fn new(shortcodes: Shortcodes<'c>) -> Self {
        Early {
            shortcodes,
            images: ImageFigures::new(),
            xrefs: Detector::default(),
            figures: Figures::default(),
            between: Vec::new(),
            images_out: Vec::new(),
        }
    }

    /// Runs `event` through the early passes, into `ready`.
    pub(super) fn take(
        &mut self,
        event: Event<'a>,
        range: Range<usize>,
        env: &mut Env<'_>,
        ready: &mut Vec<(Event<'a>, Range<usize>)>,
    ) {
        self.shortcodes.expand(event, range, &mut self.figures, env, &mut self.between);
        for (e, r) in self.between.drain(..) {
            self.images.take(e, r, &mut self.figures, env, &mut self.images_out);
        }
        for (e, r) in self.images_out.drain(..) {
            self.xrefs.take(e, r, env, ready);
        }
    }

    /// Whatever the passes still hold at the end of the page, into `ready`.
    pub(super) fn flush(&mut self, env: &mut Env<'_>, ready: &mut Vec<(Event<'a>, Range<usize>)>) {
        self.images.flush(&mut self.images_out);
        for (e, r) in self.images_out.drain(..) {
            self.xrefs.take(e, r, env, ready);
        }
        self.xrefs.flush(ready);
        self.shortcodes.finish(env);
    }
}
