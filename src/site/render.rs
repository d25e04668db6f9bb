//! A render as a list of named stages, run in order by [`Site::render_with`]:
//! bodies → lint and anchors → usage → pages (with the search index and
//! terms.json on threads beside them) → the code stylesheet → the
//! taxonomies' pages → the print edition → extras → links to missing files.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::cache::TermsJson;
use super::plan::{BodyPlan, Plan};
use super::{PageResult, PageSink, RenderCache, Site};
use crate::content::PageId;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::glossary::first_use::FirstUses;
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
        // A page citing labels of an edited page is rendered again with it.
        let cited: HashSet<PageId>;
        let plan = match plan {
            Plan::Incremental { cache, dirty } => {
                let more = markdown::crossrefs::dependents(&cache.bodies, dirty);
                cited = dirty.iter().copied().chain(more).collect();
                Plan::Incremental { cache, dirty: &cited }
            }
            other => other,
        };
        let scope = self.config.glossary.expand_first_use;
        let rendered_with = match plan.previous() {
            Some(cache) => Arc::clone(&cache.first_uses),
            None => Arc::new(FirstUses::unknown(&self.library, scope)),
        };
        let stage = Stage {
            plan,
            markdown: self.markdown_context(&rendered_with),
            config: self.config_context(),
            nav: Nav::new(&self.library, &self.base_path).with_strings(&self.strings),
        };
        let mut diags = self.warnings.clone();
        let (mut bodies, early) = self.bodies(&stage);
        let (first_uses, rescoped) = self.first_uses(&rendered_with, &mut bodies);
        markdown::crossrefs::resolve_across(&self.library, &mut bodies);
        // The pages rendered again for their first uses changed like edited ones.
        let widened: HashSet<PageId>;
        let stage = match plan {
            Plan::Incremental { cache, dirty } if !rescoped.is_empty() => {
                widened = dirty.iter().chain(&rescoped).copied().collect();
                Stage { plan: Plan::Incremental { cache, dirty: &widened }, ..stage }
            }
            _ => stage,
        };
        let plan = stage.plan;
        self.lint_bodies(&bodies, &mut diags);
        let (usage, usage_changed) = self.usage(plan, &bodies);
        diags.extend(lint::unused_terms(&self.glossary, &self.library, &usage));
        diags.extend(markdown::check_anchors(&self.library, &bodies));
        // Before the pages: a site whose only problems are relaxed links
        // still gets its search index.
        self.relax_links(&mut diags);

        let (pages, search, terms_json) = self.pages(&stage, early, &bodies, &usage, &usage_changed, &diags);
        let terms_json = terms_json.unwrap_or_else(|_| {
            diags.push(Diagnostic::site_wide("terms.json could not be written: an internal error"));
            TermsJson::default()
        });
        let mut rendered = Rendered::default();
        let page_files = gather_pages(pages, &mut rendered, &mut diags);
        let search = self.search_outcome(plan, search, &mut diags);
        rendered.files.extend(search.files.iter().cloned());
        let highlight_css = self.highlight_css(plan, &mut rendered, &mut diags);
        let taxonomies = self.taxonomy_pages(&stage);
        rendered.files.extend(taxonomies.0.iter().cloned());
        diags.extend(taxonomies.1.iter().cloned());
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
        self.relax_links(&mut diags);
        let diags = merge_template_errors(diags);
        rendered.files.extend(terms_json.file.clone());
        let cache = RenderCache {
            bodies,
            usage,
            pages: page_files,
            search,
            highlight_css,
            extras,
            terms_json,
            first_uses,
            taxonomies,
        };
        (rendered, diags, cache)
    }

    pub(super) fn markdown_context<'a>(&'a self, first_uses: &'a FirstUses) -> MarkdownContext<'a> {
        MarkdownContext {
            library: &self.library,
            base_path: &self.base_path,
            smart_punctuation: self.config.markdown.smart_punctuation,
            glossary_dir: &self.config.glossary.dir,
            shortcodes: Some(&self.templates),
            glossary: markdown::glossary_links::GlossarySettings {
                glossary: &self.glossary,
                policy: self.config.glossary.link,
                expand_first_use: self.config.glossary.expand_first_use,
                first_uses: Some(first_uses),
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
            .map(|id| match stage.plan.body(id, self.depends_on_other_bodies(id)) {
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
                    // The search index keeps the text it needs, compressed;
                    // the print edition is made of the HTML.
                    if self.config.search {
                        body.search_text = Some(crate::search::Packed::new(&body.html));
                    }
                    if !self.config.print {
                        body.html = String::new();
                    }
                    (Arc::new(body), Some(page))
                }
                BodyPlan::Render => (Arc::new(markdown::render(id, &stage.markdown)), None),
            })
            .unzip()
    }

    /// Stage 1b, for `expand_first_use = "chapter"` or `"document"`: where
    /// each term is used first, from the bodies' occurrences, and the bodies
    /// rendered with other first uses (`rendered_with`: none known in a full
    /// render, the last render's in a rebuild) rendered again. Returns the
    /// first uses and the pages rendered again.
    fn first_uses(&self, rendered_with: &Arc<FirstUses>, bodies: &mut Bodies) -> (Arc<FirstUses>, Vec<PageId>) {
        let scope = self.config.glossary.expand_first_use;
        if !scope.crosses_pages() {
            return (Arc::clone(rendered_with), Vec::new());
        }
        let found = FirstUses::find(&self.library, scope, |page| bodies[page].occurrences.as_slice());
        let again = found.changed_pages(rendered_with);
        let ctx = self.markdown_context(&found);
        let fresh: Vec<(PageId, RenderedMarkdown)> =
            again.par_iter().map(|&id| (id, markdown::render_reusing(id, &ctx, &bodies[id].code_blocks))).collect();
        for (id, body) in fresh {
            bodies[id] = Arc::new(body);
        }
        (Arc::new(found), again)
    }

    /// Stage 2: what the bodies found — Markdown problems, and the glossary
    /// lint of each page's text.
    fn lint_bodies(&self, bodies: &Bodies, diags: &mut Diagnostics) {
        let definitions = crate::glossary::definitions::check(&self.glossary, &self.library);
        let ctx = lint::TextLint {
            glossary: &self.glossary,
            lib: &self.library,
            glossary_dir: &self.config.glossary.dir,
            defined: &definitions.first,
        };
        for (id, r) in bodies.iter().enumerate() {
            diags.extend(r.diagnostics.iter().cloned());
            let page = &self.library.pages[id];
            diags.extend(lint::page_text(ctx, page, &r.unknown_terms, &r.unknown_acronyms));
        }
        diags.extend(definitions.diagnostics);
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
        Option<std::thread::Result<Result<crate::search::Index, String>>>,
        std::thread::Result<TermsJson>,
    ) {
        let plan = stage.plan;
        let index_search = plan.site_wide_reuse().is_none() && self.config.search && !diags.has_errors();
        std::thread::scope(|scope| {
            let search = index_search.then(|| {
                let docs = self.search_documents(bodies);
                // A render that keeps its pages is one that rebuilds update.
                let rebuilt = matches!(plan.sink(), PageSink::Keep);
                let multilingual = self.config.languages.keys().any(|k| *k != self.config.language);
                let force = (!multilingual).then_some(self.config.language.as_str());
                scope.spawn(move || crate::search::index(docs, force, rebuilt))
            });
            let terms_json = match plan.terms_json_reuse(usage_changed) {
                Some(cache) => Ok(cache.terms_json.clone()),
                None => {
                    let previous = plan.previous().map(|cache| (&cache.terms_json, usage_changed));
                    Err(scope.spawn(move || self.terms_json(usage, previous)))
                }
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
        built: Option<std::thread::Result<Result<crate::search::Index, String>>>,
        diags: &mut Diagnostics,
    ) -> crate::search::Index {
        if let Some(cache) = plan.site_wide_reuse() {
            return cache.search.clone();
        }
        match built {
            Some(Ok(Ok(index))) if !diags.has_errors() => index,
            Some(Ok(Err(e))) => {
                diags.push(Diagnostic::site_wide(format!("the search index could not be built: {e}")));
                Default::default()
            }
            Some(Err(_)) => {
                diags.push(Diagnostic::site_wide(
                    "the search index could not be built: Pagefind stopped on an internal error; set `search = false` in site.toml to build without it",
                ));
                Default::default()
            }
            _ => Default::default(),
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
    /// `[check] warn_only`: broken links into the site become warnings.
    pub(crate) fn relax_links(&self, diags: &mut Diagnostics) {
        if self.config.check.warn_only {
            diags.relax_broken_links();
        }
    }

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
        let mut out = Vec::new();
        for (id, body) in bodies.iter().enumerate() {
            self.page_broken_links(id, body, &is_file, &mut out);
        }
        out
    }

    /// [`Self::broken_links`] of one page, given which output files exist.
    pub(super) fn page_broken_links(
        &self,
        id: PageId,
        body: &RenderedMarkdown,
        is_file: &dyn Fn(&str) -> bool,
        out: &mut Vec<Diagnostic>,
    ) {
        let found = |path: &str| {
            let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.into() };
            is_file(&file) || is_file(&format!("{file}/index.html"))
        };
        let page = &self.library.pages[id];
        for link in body.links.iter().filter(|l| matches!(l.kind, LinkKind::External | LinkKind::RawHtml)) {
            let Some(path) = site_path(&link.url, &self.base_path, &page.url, link.kind) else { continue };
            if found(&path) {
                continue;
            }
            let folder = path.strip_suffix("index.html").unwrap_or(&path);
            let folder = if folder.is_empty() || folder.ends_with('/') { folder.into() } else { format!("{folder}/") };
            if let Some(rel) = self.library.draft_at(&folder) {
                out.push(
                    Diagnostic::error(
                        &page.path,
                        link.line,
                        link.column,
                        format!("`{rel}` is a draft: build with --drafts or unlink it"),
                    )
                    .with_hint("drafts (`draft: true`) are left out of the site unless `--drafts` is given")
                    .broken_link(),
                );
                continue;
            }
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
                .with_hint(hint)
                .broken_link(),
            );
        }
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

/// One error per place in a template, however many pages and files it
/// failed: a mistake in `base.html` is one mistake, not one per page, and
/// Tera's list of the variables there differs by page (issue 16). The first
/// is kept, with how many others.
fn merge_template_errors(diags: Diagnostics) -> Diagnostics {
    let mut merged: Vec<(Diagnostic, usize)> = Vec::new();
    let mut at: HashMap<(std::path::PathBuf, usize, usize), usize> = HashMap::new();
    for d in diags {
        if !d.message.starts_with(crate::templates::ERROR) {
            merged.push((d, 0));
            continue;
        }
        match at.get(&(d.path.clone(), d.line, d.column)) {
            Some(&i) => merged[i].1 += 1,
            None => {
                at.insert((d.path.clone(), d.line, d.column), merged.len());
                merged.push((d, 0));
            }
        }
    }
    merged
        .into_iter()
        .map(|(mut d, others)| {
            if others > 0 {
                let others = if others == 1 { "1 other".to_string() } else { format!("{others} others") };
                d.message = match d.message.strip_suffix(')').filter(|_| d.message.contains(super::page::RENDERING)) {
                    Some(open) => format!("{open} and {others})"),
                    None => format!("{} (and {others})", d.message),
                };
            }
            d
        })
        .collect()
}
