//! The edited pages first: while an author writes, `serve` shows the page
//! they saved before the rest of the rebuild (term pages, terms.json, the
//! site-wide checks) has run, so an edit is on screen in milliseconds at any
//! site size (issue 23). The full incremental render follows at once and
//! replaces what this served; only its result is ever kept.
//!
//! A page is shown early only if the full render would show it too: its
//! body has no error, its links lead somewhere, every anchor link of the
//! site still finds its anchor, and its template renders. Otherwise nothing
//! is shown early and the full render reports the errors.
//!
//! Last, the search index: the full render keeps the last one (indexing
//! costs more than the rest of a rebuild), and [`Site::refresh_search`]
//! indexes again the shards that hold the edited pages, after the rebuild is
//! shown (issue 19).

use std::collections::HashSet;
use std::sync::Arc;

use super::{RenderCache, Site};
use crate::content::PageId;
use crate::glossary::lint;
use crate::markdown::{self, RenderedMarkdown};
use crate::nav::Nav;
use crate::rendered::OutputFile;

impl Site {
    /// The HTML of the `dirty` pages alone, rendered against `cache` (the
    /// last render, which built without errors) — what they show of other
    /// pages (navigation, a term's "Used in") is the last render's until the
    /// full rebuild. `is_file` tells which output files the served site has.
    /// `None` when a page has an error or is one whose HTML depends on other
    /// pages' bodies (a term, the glossary index).
    pub fn render_dirty_first(
        &self,
        cache: &RenderCache,
        dirty: &HashSet<PageId>,
        is_file: &dyn Fn(&str) -> bool,
    ) -> Option<Vec<OutputFile>> {
        // Expanded once per chapter or document, a page's text depends on
        // the pages before it: the full render decides.
        let scoped = self.config.glossary.expand_first_use.crosses_pages();
        if scoped || dirty.iter().any(|&id| self.shows_usage(id) || id >= cache.bodies.len()) {
            return None;
        }
        let ctx = self.markdown_context(&cache.first_uses);
        let fresh: Vec<(PageId, Arc<RenderedMarkdown>)> = dirty
            .iter()
            .map(|&id| (id, Arc::new(markdown::render_reusing(id, &ctx, &cache.bodies[id].code_blocks))))
            .collect();
        let mut errors = Vec::new();
        // The text-vs-entry lint only warns: the full render gives it.
        let defined = std::collections::HashMap::new();
        let lint_ctx = lint::TextLint {
            glossary: &self.glossary,
            lib: &self.library,
            glossary_dir: &self.config.glossary.dir,
            defined: &defined,
        };
        for (id, body) in &fresh {
            let page = &self.library.pages[*id];
            errors.extend(body.diagnostics.iter().filter(|d| d.is_error()).cloned());
            let lint = lint::page_text(lint_ctx, page, &body.unknown_terms, &body.unknown_acronyms);
            errors.extend(lint.into_iter().filter(|d| d.is_error()));
            self.page_broken_links(*id, body, is_file, &mut errors);
        }
        if !errors.is_empty() {
            return None;
        }
        // Anchors: the edited pages' links, and every other page's links to
        // anchors the edit may have removed.
        let mut bodies: Vec<&RenderedMarkdown> = cache.bodies.iter().map(|b| &**b).collect();
        for (id, body) in &fresh {
            bodies[*id] = body;
        }
        if !markdown::check_anchors(&self.library, &bodies).is_empty() {
            return None;
        }
        let config = self.config_context();
        let nav = Nav::new(&self.library, &self.base_path).with_strings(&self.strings);
        fresh.iter().map(|(id, body)| self.render_page(*id, body, &config, &nav, &cache.usage).ok()).collect()
    }
}

impl Site {
    /// What indexing the `dirty` pages again takes: the last render's search
    /// index and, for each of its shards that holds a dirty page, the
    /// documents of all its pages (see [`crate::search::Index::update`],
    /// which does the work, on serve's thread for it). `None` when the site
    /// has no search.
    pub fn search_redo(&self, cache: &RenderCache, dirty: &HashSet<PageId>) -> Option<SearchRedo> {
        if !self.config.search || dirty.is_empty() {
            return None;
        }
        // Documents after the pages' are the taxonomies' pages (see
        // `search_documents`), made again only if a shard holds one.
        let pages = self.library.pages.len();
        let mut extra: Option<Vec<crate::search::Document>> = None;
        let mut doc = |n: usize| match cache.bodies.get(n) {
            Some(body) if n < pages => Some(self.search_document(n, body)),
            _ => extra.get_or_insert_with(|| self.taxonomy_documents()).get(n - pages).cloned(),
        };
        let redo = (cache.search.shards_of(dirty).into_iter())
            .map(|(k, range)| (k, range.filter_map(&mut doc).collect()))
            .collect();
        Some((cache.search.clone(), redo))
    }

    /// Makes `index` the search index the next render keeps.
    pub fn keep_search(cache: &mut RenderCache, index: crate::search::Index) {
        cache.search = index;
    }
}

/// A search index and the shards of it to index again.
pub type SearchRedo = (crate::search::Index, Vec<(usize, Vec<crate::search::Document>)>);
