//! How one render runs, chosen once by its entry point, so that no stage
//! has to work it out again from an `Option` and a set.

use std::collections::HashSet;
use std::sync::Arc;

use super::{PageSink, RenderCache, StreamFn};
use crate::content::PageId;
use crate::markdown::RenderedMarkdown;

/// The three ways a site is rendered.
#[derive(Clone, Copy)]
pub(super) enum Plan<'a> {
    /// Every page rendered and kept: `check`, and `serve`'s first build.
    Full,
    /// Every page rendered and handed to `put` as soon as it is ready:
    /// `build`, which never holds a large site in memory.
    Streamed(StreamFn<'a>),
    /// A rebuild after an edit of the `dirty` pages' bodies: what they do not
    /// change is taken from `cache`, the last render of this same site.
    Incremental { cache: &'a RenderCache, dirty: &'a HashSet<PageId> },
}

/// Where one page's rendered Markdown comes from.
pub(super) enum BodyPlan<'a> {
    /// Unchanged since the last render.
    Reuse(&'a Arc<RenderedMarkdown>),
    /// Rendered again, reusing the code blocks the edit did not touch.
    RenderReusing(&'a Arc<RenderedMarkdown>),
    /// Rendered, then the page written at once: it shows nothing that
    /// depends on other pages' bodies.
    RenderAndEmit(StreamFn<'a>),
    Render,
}

impl<'a> Plan<'a> {
    /// Where page `id`'s body comes from; `depends_on_others` tells whether
    /// the page's HTML needs other pages' bodies (where terms are used, or
    /// first uses in a chapter or document), known only once every body is.
    pub(super) fn body(&self, id: PageId, depends_on_others: bool) -> BodyPlan<'a> {
        match *self {
            Plan::Incremental { cache, dirty } if !dirty.contains(&id) => BodyPlan::Reuse(&cache.bodies[id]),
            Plan::Incremental { cache, .. } => BodyPlan::RenderReusing(&cache.bodies[id]),
            Plan::Streamed(put) if !depends_on_others => BodyPlan::RenderAndEmit(put),
            Plan::Streamed(_) | Plan::Full => BodyPlan::Render,
        }
    }

    /// Where finished pages go.
    pub(super) fn sink(&self) -> PageSink<'a> {
        match *self {
            Plan::Streamed(put) => PageSink::Stream(put),
            Plan::Full | Plan::Incremental { .. } => PageSink::Keep,
        }
    }

    /// The last render, when this one continues it.
    pub(super) fn previous(&self) -> Option<&'a RenderCache> {
        match *self {
            Plan::Incremental { cache, .. } => Some(cache),
            _ => None,
        }
    }

    /// The pages whose bodies changed (none outside a rebuild).
    pub(super) fn is_dirty(&self, id: PageId) -> bool {
        matches!(*self, Plan::Incremental { dirty, .. } if dirty.contains(&id))
    }
}
