//! What a render keeps for the next one, and the rules for reusing it: a
//! rebuild after an edit of bodies renders again only what depends on them,
//! and its result is exactly a full render's (the property test in
//! tests/testsuite/incremental.rs holds it to that).
//!
//! What depends on a body, and how that is known: no other body does — a
//! link resolves against paths and front matter, which a body edit leaves
//! alone (any other edit loads the site anew); the checks that read other
//! pages' bodies (anchors, links to files of the built site) read every
//! page's link record again on each render, which costs a pass over
//! records, not a render; a term's page depends on the usage, which is
//! updated by the edited pages' occurrences alone. So the record needs no
//! index of who links to whom.

use std::collections::HashSet;
use std::sync::Arc;

use super::plan::Plan;
use crate::content::PageId;
use crate::diagnostic::Diagnostics;
use crate::glossary::usage::Usage;
use crate::markdown::RenderedMarkdown;
use crate::rendered::{OutputFile, Rendered};

/// What a render keeps for the next one (see [`super::Site::render_incremental`]).
#[derive(Debug)]
pub struct RenderCache {
    pub(super) bodies: Vec<Arc<RenderedMarkdown>>,
    pub(super) usage: Usage,
    /// Each page's HTML; `None` where its template failed.
    pub(super) pages: Vec<Option<OutputFile>>,
    pub(super) search: crate::search::Index,
    pub(super) highlight_css: Result<Arc<[u8]>, String>,
    /// The files and diagnostics of the extras (404, sitemap, feed, aliases, copies).
    pub(super) extras: Arc<(Rendered, Diagnostics)>,
    pub(super) terms_json: TermsJson,
    /// The taxonomies' pages and feeds, which depend on front matter only.
    pub(super) taxonomies: super::taxonomies::TaxonomyFiles,
    /// Where each term was used first, which the bodies were rendered with.
    pub(super) first_uses: Arc<crate::glossary::first_use::FirstUses>,
}

/// `terms.json` and its part for each term, which a rebuild reuses for the
/// terms whose usage did not change.
#[derive(Debug, Default, Clone)]
pub(super) struct TermsJson {
    pub(super) file: Option<OutputFile>,
    pub(super) parts: Vec<Arc<[u8]>>,
}

impl RenderCache {
    /// The links page `id`'s body writes, as the render recorded them.
    pub fn links(&self, id: PageId) -> &[crate::markdown::LinkRecord] {
        self.bodies.get(id).map_or(&[], |b| b.links.as_slice())
    }
}

impl<'a> Plan<'a> {
    /// The last render, when what depends on the pages' front matter only —
    /// the extras, and the search index, which costs more than the rest of a
    /// rebuild (serve brings it up to date after the rebuild is shown:
    /// [`super::Site::refresh_search`]) —
    /// may be kept. An incremental plan with nothing dirty recomputes them.
    pub(super) fn site_wide_reuse(&self) -> Option<&'a RenderCache> {
        match *self {
            Plan::Incremental { cache, dirty } if !dirty.is_empty() => Some(cache),
            _ => None,
        }
    }

    /// terms.json, kept when no term's usage changed.
    pub(super) fn terms_json_reuse(&self, usage_changed: &HashSet<PageId>) -> Option<&'a RenderCache> {
        self.site_wide_reuse().filter(|_| usage_changed.is_empty())
    }

    /// Page `id`'s HTML from the last render, if neither its body nor (for a
    /// term) its "Used in" changed.
    pub(super) fn page_reuse(&self, id: PageId, usage_changed: &HashSet<PageId>) -> Option<&'a OutputFile> {
        let cache = self.previous()?;
        let file = cache.pages[id].as_ref()?;
        (!self.is_dirty(id) && !usage_changed.contains(&id)).then_some(file)
    }

    /// The code stylesheet: it depends on site.toml only, which a rebuild keeps.
    pub(super) fn highlight_css_reuse(&self) -> Option<&'a Result<Arc<[u8]>, String>> {
        self.previous().map(|c| &c.highlight_css)
    }
}
