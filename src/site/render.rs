//! A render as a list of named stages, run in order by [`Site::render_with`]:
//! bodies → lint and anchors → usage → pages (with the search index and
//! terms.json on threads beside them) → the code stylesheet → the print
//! edition → extras → links to missing files.

use std::collections::HashSet;
use std::sync::Arc;

use rayon::prelude::*;

use super::plan::{BodyPlan, Plan};
use super::{PageResult, PageSink, RenderCache, Site};
use crate::content::PageId;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::glossary::lint;
use crate::glossary::usage::Usage;
use crate::markdown::{self, LinkKind, MarkdownContext, RenderedMarkdown};
use crate::nav::Nav;
use crate::rendered::{OutputFile, Rendered};
use crate::templates::ConfigContext;

/// What every stage of one render reads.
pub(super) struct Stage<'s> {
    pub(super) plan: Plan<'s>,
    pub(super) markdown: MarkdownContext<'s>,
    pub(super) config: ConfigContext<'s>,
    pub(super) nav: Nav<'s>,
}

/// The stages' outputs that the next render may reuse.
type Bodies = Vec<Arc<RenderedMarkdown>>;

impl Site {
    pub(super) fn render_with(&self, plan: Plan<'_>) -> (Rendered, Diagnostics, RenderCache) {
        let stage = Stage {
            plan,
            markdown: self.markdown_context(),
            config: self.config_context(),
            nav: Nav::new(&self.library, &self.base_path),
        };
        let mut diags = self.warnings.clone();
        let (bodies, early) = self.bodies(&stage);
        self.lint_bodies(&bodies, &mut diags);
        let (usage, usage_changed) = self.usage(plan, &bodies);
        diags.extend(lint::unused_terms(&self.glossary, &self.library, &usage));
        diags.extend(markdown::check_anchors(&self.library, &bodies));

        let (pages, search, terms_json) = self.pages(&stage, early, &bodies, &usage, &usage_changed, &diags);
        let terms_json = terms_json.unwrap_or_else(|_| {
            diags.push(Diagnostic::site_wide("terms.json could not be written: an internal error"));
            None
        });
        let mut rendered = Rendered::default();
        let page_files = gather_pages(pages, &mut rendered, &mut diags);
        let search = self.search_outcome(plan, search, &mut diags);
        rendered.files.extend(search.iter().cloned());
        let highlight_css = self.highlight_css(plan, &mut rendered, &mut diags);
        // Before the extras, which must know every generated path.
        if self.config.print {
            match self.print_edition(&stage.config, &bodies, &usage) {
                Ok(file) => rendered.files.extend(file),
                Err(d) => diags.push(d),
            }
        }
        let extras = self.extras(&stage, &rendered);
        rendered.files.extend(extras.0.files.iter().cloned());
        rendered.copies.extend(extras.0.copies.iter().cloned());
        diags.extend(extras.1.iter().cloned());
        diags.extend(self.broken_links(&bodies, &rendered));
        rendered.files.extend(terms_json.clone());
        let cache = RenderCache { bodies, usage, pages: page_files, search, highlight_css, extras, terms_json };
        (rendered, diags, cache)
    }

    fn markdown_context(&self) -> MarkdownContext<'_> {
        MarkdownContext {
            library: &self.library,
            base_path: &self.base_path,
            smart_punctuation: self.config.markdown.smart_punctuation,
            glossary_dir: &self.config.glossary.dir,
            glossary: markdown::glossary_links::GlossarySettings {
                glossary: &self.glossary,
                policy: self.config.glossary.link,
                expand_first_use: self.config.glossary.expand_first_use,
                ignore: &self.config.glossary.ignore,
            },
        }
    }

    /// Stage 1: every page's Markdown, rendered or reused. A streamed build
    /// also renders and writes each page whose HTML needs nothing but its own
    /// body the moment that body is ready, and keeps the body's HTML only for
    /// the search index: a large site's bodies are never all in memory.
    fn bodies(&self, stage: &Stage<'_>) -> (Bodies, Vec<Option<PageResult>>) {
        (0..self.library.pages.len())
            .into_par_iter()
            .map(|id| match stage.plan.body(id, self.shows_usage(id)) {
                BodyPlan::Reuse(body) => (Arc::clone(body), None),
                BodyPlan::RenderReusing(old) => {
                    (Arc::new(markdown::render_reusing(id, &stage.markdown, &old.code_blocks)), None)
                }
                BodyPlan::RenderAndEmit(put) => {
                    let mut body = markdown::render(id, &stage.markdown);
                    // Only rebuilds reuse blocks, and a streamed build has none.
                    body.code_blocks = Vec::new();
                    let page = self
                        .render_page(id, &body, &stage.config, &stage.nav, &Usage::new())
                        .and_then(|f| self.emit(id, f, put));
                    // The search index and the print edition are made of the HTML.
                    if !self.config.search && !self.config.print {
                        body.html = String::new();
                    }
                    (Arc::new(body), Some(page))
                }
                BodyPlan::Render => (Arc::new(markdown::render(id, &stage.markdown)), None),
            })
            .unzip()
    }

    /// Stage 2: what the bodies found — Markdown problems, and the glossary
    /// lint of each page's text.
    fn lint_bodies(&self, bodies: &Bodies, diags: &mut Diagnostics) {
        for (id, r) in bodies.iter().enumerate() {
            diags.extend(r.diagnostics.iter().cloned());
            let page = &self.library.pages[id];
            diags.extend(lint::page_text(page, &r.unknown_terms, &r.unknown_acronyms, &self.config.glossary.dir));
        }
    }

    /// Stage 3: where each term is used, and (in a rebuild) the term pages
    /// whose "Used in" changed: a page's HTML depends on its own body, on the
    /// titles and order of others (unchanged here) and, for a term, on this.
    fn usage(&self, plan: Plan<'_>, bodies: &Bodies) -> (Usage, HashSet<PageId>) {
        match plan {
            Plan::Incremental { cache, dirty } => {
                let (usage, changed) = crate::glossary::usage::update(
                    &self.library,
                    &cache.usage,
                    dirty.iter().copied(),
                    |page| cache.bodies[page].occurrences.as_slice(),
                    |page| bodies[page].occurrences.as_slice(),
                );
                let pages = changed.iter().filter_map(|&t| self.glossary.terms.get(t)).map(|t| t.page).collect();
                (usage, pages)
            }
            Plan::Full | Plan::Streamed(_) => {
                let usage = crate::glossary::usage::collect(&self.library, self.glossary.terms.len(), |page| {
                    bodies.get(page).map(|b| b.occurrences.as_slice())
                });
                (usage, HashSet::new())
            }
        }
    }

    /// Stage 4: every page not written yet, rendered (or reused) and kept or
    /// streamed. The search index needs only the bodies, and Pagefind takes
    /// one document at a time: it is built on a thread of its own while the
    /// pages render on the others, and terms.json (12 MB at 10,000 pages)
    /// beside them too.
    #[allow(clippy::type_complexity)]
    fn pages(
        &self,
        stage: &Stage<'_>,
        mut early: Vec<Option<PageResult>>,
        bodies: &Bodies,
        usage: &Usage,
        usage_changed: &HashSet<PageId>,
        diags: &Diagnostics,
    ) -> (
        Vec<PageResult>,
        Option<std::thread::Result<Result<Vec<OutputFile>, String>>>,
        std::thread::Result<Option<OutputFile>>,
    ) {
        let plan = stage.plan;
        let index_search = plan.site_wide_reuse().is_none() && self.config.search && !diags.has_errors();
        std::thread::scope(|scope| {
            let search = index_search.then(|| {
                let docs = self.search_documents(bodies);
                scope.spawn(move || crate::search::index(docs, &self.config.language))
            });
            let terms_json = match plan.terms_json_reuse(usage_changed) {
                Some(cache) => Ok(cache.terms_json.clone()),
                None => Err(scope.spawn(|| self.terms_json(usage))),
            };
            let pages: Vec<PageResult> = early
                .par_iter_mut()
                .enumerate()
                .map(|(id, early)| {
                    if let Some(done) = early.take() {
                        return done;
                    }
                    let file = match plan.page_reuse(id, usage_changed) {
                        Some(file) => Ok(file.clone()),
                        None => self.render_page(id, &bodies[id], &stage.config, &stage.nav, usage),
                    }?;
                    match plan.sink() {
                        PageSink::Keep => Ok(Some(file)),
                        PageSink::Stream(put) => self.emit(id, file, put),
                    }
                })
                .collect();
            let terms_json = terms_json.or_else(|handle| handle.join());
            (pages, search.map(|handle| handle.join()), terms_json)
        })
    }

    /// The search index of this render, or the last full render's in a
    /// rebuild; like any other output of a build that fails, not kept then.
    fn search_outcome(
        &self,
        plan: Plan<'_>,
        built: Option<std::thread::Result<Result<Vec<OutputFile>, String>>>,
        diags: &mut Diagnostics,
    ) -> Vec<OutputFile> {
        if let Some(cache) = plan.site_wide_reuse() {
            return cache.search.clone();
        }
        match built {
            Some(Ok(Ok(files))) if !diags.has_errors() => files,
            Some(Ok(Err(e))) => {
                diags.push(Diagnostic::site_wide(format!("the search index could not be built: {e}")));
                Vec::new()
            }
            Some(Err(_)) => {
                diags.push(Diagnostic::site_wide(
                    "the search index could not be built: Pagefind stopped on an internal error; set `search = false` in site.toml to build without it",
                ));
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Stage 5: the code stylesheet, from the highlight themes of site.toml.
    fn highlight_css(
        &self,
        plan: Plan<'_>,
        rendered: &mut Rendered,
        diags: &mut Diagnostics,
    ) -> Result<Arc<[u8]>, String> {
        let css = match plan.highlight_css_reuse() {
            Some(css) => css.clone(),
            None => crate::highlight::stylesheet(
                &self.config.markdown.highlight_theme,
                &self.config.markdown.highlight_theme_dark,
            )
            .map(|css| Arc::from(css.into_bytes())),
        };
        match &css {
            Ok(css) => rendered.files.push(OutputFile { rel: "highlight.css".into(), bytes: Arc::clone(css) }),
            Err(e) => diags.push(Diagnostic::error("site.toml", 0, 0, e.clone())),
        }
        css
    }

    /// Stage 6: aliases, sitemap, feed, 404 and static files. They depend on
    /// the pages' front matter, never on their bodies: a rebuild keeps them.
    fn extras(&self, stage: &Stage<'_>, rendered: &Rendered) -> Arc<(Rendered, Diagnostics)> {
        if let Some(cache) = stage.plan.site_wide_reuse() {
            return cache.extras.clone();
        }
        // Generated files win over static files of the same path.
        let generated: HashSet<String> = (self.library.pages.iter().map(|p| format!("{}index.html", p.url)))
            .chain(rendered.files.iter().map(|f| f.rel.clone()))
            .collect();
        let mut extras = (Rendered::default(), Diagnostics::new());
        self.render_extras(&stage.config, &generated, &mut extras.0, &mut extras.1);
        Arc::new(extras)
    }
}

impl Site {
    /// Stage 7: the links the bodies wrote as they are (root-relative URLs,
    /// raw HTML) that lead to no file of the built site — the same errors
    /// for `build` and `check`, at the link's own line and column.
    fn broken_links(&self, bodies: &Bodies, rendered: &Rendered) -> Vec<Diagnostic> {
        let exists: HashSet<&str> = rendered
            .files
            .iter()
            .map(|f| f.rel.as_str())
            .chain(rendered.copies.iter().map(|c| c.rel.as_str()))
            .collect();
        // Pages may have been streamed to disk: known by their URLs, not their files.
        let urls: HashSet<&str> = self.library.pages.iter().map(|p| p.url.as_str()).collect();
        let is_file = |f: &str| exists.contains(f) || f.strip_suffix("index.html").is_some_and(|u| urls.contains(u));
        let found = |path: &str| {
            let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.into() };
            is_file(&file) || is_file(&format!("{file}/index.html"))
        };
        let mut out = Vec::new();
        for (id, body) in bodies.iter().enumerate() {
            let page = &self.library.pages[id];
            for link in body.links.iter().filter(|l| matches!(l.kind, LinkKind::External | LinkKind::RawHtml)) {
                let Some(path) = site_path(&link.url, &self.base_path, &page.url, link.kind) else { continue };
                if !found(&path) {
                    let hint = if link.kind == LinkKind::RawHtml && path.ends_with(".md") {
                        "raw HTML is written as it is: use a Markdown link (`[text](page.md)`), which acta rewrites and checks"
                    } else {
                        "link pages by their source path (`../a/b.md`) so acta can check and rewrite them"
                    };
                    out.push(
                        Diagnostic::error(
                            &page.path,
                            link.line,
                            link.column,
                            format!("link to `{}`, which is not in the built site", link.url),
                        )
                        .with_hint(hint),
                    );
                }
            }
        }
        out
    }
}

/// The output path a link written as it is leads to, for links into the
/// site: root-relative ones under the base path, and relative ones in raw
/// HTML (from the page's own folder). `None` for anything else: other
/// sites, other schemes, `//host/…`, anchors on the page.
fn site_path(url: &str, base_path: &str, page_url: &str, kind: LinkKind) -> Option<String> {
    let path = url.split(['#', '?']).next().unwrap_or("");
    let scheme = path.find(':').is_some_and(|i| !path[..i].contains('/'));
    if path.is_empty() || path.starts_with("//") || scheme {
        return None;
    }
    let joined = if let Some(rooted) = path.strip_prefix('/') {
        format!("/{rooted}").strip_prefix(base_path)?.to_string()
    } else if kind == LinkKind::RawHtml {
        format!("{page_url}{path}")
    } else {
        return None;
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            ".." => {
                parts.pop()?;
            }
            "." => {}
            p => parts.push(p),
        }
    }
    Some(crate::html::decode_percent(&parts.join("/")))
}

/// The rendered pages into `rendered` (kept ones) and their problems into
/// `diags`; returns each page's file for the cache.
fn gather_pages(pages: Vec<PageResult>, rendered: &mut Rendered, diags: &mut Diagnostics) -> Vec<Option<OutputFile>> {
    let mut files = Vec::with_capacity(pages.len());
    for p in pages {
        match p {
            Ok(f) => {
                rendered.files.extend(f.clone());
                files.push(f);
            }
            Err(d) => {
                files.push(None);
                diags.push(d);
            }
        }
    }
    files
}
