//! `Site::load(root)` → `Site::render()` → [`Rendered`]: the whole site in
//! memory, with no I/O besides reading the sources. `output` writes it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tera::Context;

use crate::config::Config;
use crate::content::{Library, LoadOptions, Page, PageId};
use crate::diagnostic::{Diagnostic, Diagnostics, Failed};
use crate::glossary::Glossary;
use crate::glossary::pages::GlossaryPages;
use crate::glossary::usage::Usage;
use crate::html::{encode_path, escape};
use crate::markdown::{self, MarkdownContext, RenderedMarkdown};
use crate::nav::Nav;
pub use crate::rendered::{CopiedFile, OutputFile, Rendered};
use crate::templates::{ChildContext, ConfigContext, LinkContext, PageContext, ReadingAids, Templates};
use crate::theme::{Source, Theme};

/// How to build: where the site is and what to override.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Replaces `base_url` from site.toml.
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
}

/// A loaded site: configuration, content and templates, ready to render.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub library: Library,
    pub glossary: Glossary,
    pub theme: Theme,
    pub templates: Templates,
    /// Warnings found while loading, reported with the build's.
    pub warnings: Diagnostics,
}

/// What a render keeps for the next one (see [`Site::render_incremental`]).
#[derive(Debug)]
pub struct RenderCache {
    bodies: Vec<Arc<RenderedMarkdown>>,
    usage: Usage,
    /// Each page's HTML; `None` where its template failed.
    pages: Vec<Option<OutputFile>>,
    search: Vec<OutputFile>,
    highlight_css: Result<Arc<[u8]>, String>,
    /// The files and diagnostics of `render_extras`.
    extras: Arc<(Rendered, Diagnostics)>,
    terms_json: Option<OutputFile>,
}

/// Where each page goes the moment it is rendered.
#[derive(Clone, Copy)]
pub enum PageSink<'a> {
    /// Into the [`Rendered`] and the [`RenderCache`]: `serve` and `check`.
    Keep,
    /// Handed to the function, then dropped: `build` writes a large site
    /// without ever holding all of it. An `Err` (the reason, naming the file)
    /// fails the render. The pages are then neither in the [`Rendered`] nor
    /// in the cache.
    Stream(StreamFn<'a>),
}

/// A [`PageSink::Stream`]'s function.
pub type StreamFn<'a> = &'a (dyn Fn(&OutputFile) -> Result<(), String> + Sync);

/// A rendered page: kept (`Some`), handed to a stream (`None`), or failed.
type PageResult = Result<Option<OutputFile>, Diagnostic>;

impl Site {
    /// Reads site.toml, every page and the templates, reporting all problems at once.
    pub fn load(opts: &BuildOptions) -> Result<Site, Failed> {
        let root = opts.root.clone();
        let mut diags = Diagnostics::new();
        let mut config = Config::load(&root).map_err(|d| Failed(Diagnostics::from_iter([d])))?;
        if let Some(url) = &opts.base_url {
            config.base_url = url.clone();
            config.validate().map_err(|d| Failed(Diagnostics::from_iter([d])))?;
        }
        let load = LoadOptions {
            drafts: opts.drafts,
            glossary_dir: config.glossary.dir.trim_matches('/').to_string(),
            site_title: config.title.clone(),
        };
        let (library, load_diags) = Library::load(&root, &load);
        diags.extend(load_diags);
        let theme = match Theme::load(&root, &config.theme) {
            Ok((theme, warnings)) => {
                diags.extend(warnings);
                Ok(theme)
            }
            Err(problems) => {
                diags.extend(problems);
                Err(())
            }
        };
        let smart = config.markdown.smart_punctuation;
        let templates = theme
            .as_ref()
            .ok()
            .map(|t| Templates::compile(&t.templates, smart))
            .transpose()
            .map_err(|p| diags.extend(p));
        let glossary = library.as_ref().map(|lib| {
            let (glossary, problems) = Glossary::build(lib);
            diags.extend(problems);
            glossary
        });
        match (library, glossary, theme, templates) {
            (Some(library), Some(glossary), Ok(theme), Ok(Some(templates))) if !diags.has_errors() => {
                Ok(Site { root, config, library, glossary, theme, templates, warnings: diags })
            }
            _ => Err(Failed(diags)),
        }
    }

    /// Takes in an edit of `content/<rel>` that changed only the page's body:
    /// returns the page to render again, or `None` when the edit changed more
    /// (front matter, a new or deleted file) and the site must be loaded anew.
    pub fn update_body(&mut self, rel: &str) -> Result<Option<PageId>, Diagnostic> {
        let Some(id) = self.library.by_rel(rel) else { return Ok(None) };
        if !self.root.join("content").join(rel).is_file() {
            return Ok(None);
        }
        let opts = LoadOptions {
            drafts: true,
            glossary_dir: self.config.glossary.dir.trim_matches('/').to_string(),
            site_title: self.config.title.clone(),
        };
        let fresh = crate::content::reload_page(&self.root, rel, &opts)?;
        let page = &mut self.library.pages[id];
        if fresh.meta != page.meta {
            return Ok(None);
        }
        page.body = fresh.body;
        page.body_line = fresh.body_line;
        page.front_matter = fresh.front_matter;
        Ok(Some(id))
    }

    /// Renders every page and generated file.
    pub fn render(&self) -> Result<Rendered, Failed> {
        self.render_streaming(PageSink::Keep)
    }

    /// Renders every page and generated file, handing each page to `sink`
    /// as soon as it is rendered.
    pub fn render_streaming(&self, sink: PageSink<'_>) -> Result<Rendered, Failed> {
        let (rendered, diags, cache) = self.render_with(None, &HashSet::new(), sink);
        // Freeing a large site's bodies one by one takes a tenth of a second
        // (10,000 pages) that no one needs to wait for.
        std::thread::spawn(move || drop(cache));
        if diags.has_errors() { Err(Failed(diags)) } else { Ok(Rendered { warnings: diags, ..rendered }) }
    }

    /// Renders all it can, errors or not: `check` inspects the result even
    /// when some pages have problems, so it can report everything at once.
    pub fn render_all(&self) -> (Rendered, Diagnostics) {
        let (rendered, diags, _) = self.render_incremental(None, &HashSet::new());
        (rendered, diags)
    }

    /// Renders the site reusing `previous` (the cache of a render of this same
    /// site, in which only the bodies of the `dirty` pages have changed since):
    /// their Markdown is rendered again, and the pages whose HTML depends on
    /// them — themselves, and the terms whose "Used in" changed. Everything
    /// site-wide (diagnostics, sitemap, search index) is computed as in a full
    /// render, so the result is exactly a full render's.
    pub fn render_incremental(
        &self,
        previous: Option<&RenderCache>,
        dirty: &HashSet<PageId>,
    ) -> (Rendered, Diagnostics, RenderCache) {
        self.render_with(previous, dirty, PageSink::Keep)
    }

    fn render_with(
        &self,
        previous: Option<&RenderCache>,
        dirty: &HashSet<PageId>,
        sink: PageSink<'_>,
    ) -> (Rendered, Diagnostics, RenderCache) {
        let mut diags = self.warnings.clone();
        let base_path = self.config.base_path();
        let md_ctx = MarkdownContext {
            library: &self.library,
            base_path: &base_path,
            smart_punctuation: self.config.markdown.smart_punctuation,
            glossary_dir: &self.config.glossary.dir,
            glossary: markdown::glossary_links::GlossarySettings {
                glossary: &self.glossary,
                policy: self.config.glossary.link,
                expand_first_use: self.config.glossary.expand_first_use,
                ignore: &self.config.glossary.ignore,
            },
        };
        let config_ctx = self.config_context(&base_path);
        let nav = Nav::new(&self.library, &base_path);
        // A streamed build writes each page the moment its body is ready,
        // unless the page shows where terms are used (known once every body
        // is), and keeps the body's HTML only for the search index: a large
        // site's bodies are never all in memory.
        let stream = match sink {
            PageSink::Stream(put) if previous.is_none() => Some(put),
            _ => None,
        };
        let (bodies, mut early): (Vec<Arc<RenderedMarkdown>>, Vec<Option<PageResult>>) = (0..self.library.pages.len())
            .into_par_iter()
            .map(|id| match (previous, stream) {
                (Some(cache), _) if !dirty.contains(&id) => (Arc::clone(&cache.bodies[id]), None),
                (_, Some(put)) if !self.shows_usage(id) => {
                    let mut body = markdown::render(id, &md_ctx);
                    // Only rebuilds reuse blocks, and a streamed build has none.
                    body.code_blocks = Vec::new();
                    let page = self
                        .render_page(id, &body, &config_ctx, &nav, &Usage::new())
                        .and_then(|f| self.emit(id, f, put));
                    if !self.config.search {
                        body.html = String::new();
                    }
                    (Arc::new(body), Some(page))
                }
                (Some(cache), _) => {
                    (Arc::new(markdown::render_reusing(id, &md_ctx, &cache.bodies[id].code_blocks)), None)
                }
                _ => (Arc::new(markdown::render(id, &md_ctx)), None),
            })
            .unzip();
        for (id, r) in bodies.iter().enumerate() {
            diags.extend(r.diagnostics.iter().cloned());
            let path = &self.library.pages[id].path;
            for (slug, line, column) in &r.unknown_terms {
                diags.push(
                    Diagnostic::error(path, *line, *column, format!("`term:{slug}` names no glossary term")).with_hint(
                        format!("terms are the files in content/{}/, named by slug", self.config.glossary.dir),
                    ),
                );
            }
            let mut seen = std::collections::HashSet::new();
            // The lint is about the document: glossary pages explain, they are not explained.
            let in_glossary = self.library.pages[id].is_term || self.library.pages[id].is_glossary_index;
            for (acronym, line, column) in r.unknown_acronyms.iter().filter(|_| !in_glossary) {
                if seen.insert(acronym) {
                    diags.push(
                        Diagnostic::warning(
                            path,
                            *line,
                            *column,
                            format!("`{acronym}` looks like an acronym and has no glossary entry"),
                        )
                        .with_hint(format!(
                            "add content/{}/{}.md, or list it in [glossary] ignore",
                            self.config.glossary.dir,
                            acronym.to_lowercase()
                        )),
                    );
                }
            }
        }
        // A page's HTML depends on its own body, on the titles and order of
        // others (unchanged here) and, for a term, on where it is used.
        let (usage, usage_changed): (Usage, HashSet<PageId>) = match previous {
            Some(cache) => {
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
            None => {
                let usage = crate::glossary::usage::collect(&self.library, self.glossary.terms.len(), |page| {
                    bodies.get(page).map(|b| b.occurrences.as_slice())
                });
                (usage, HashSet::new())
            }
        };
        for (term, uses) in self.glossary.terms.iter().zip(&usage) {
            if uses.is_empty() {
                diags.push(Diagnostic::warning(
                    &self.library.pages[term.page].path,
                    1,
                    1,
                    "this term is never used in the text",
                ));
            }
        }
        diags.extend(markdown::check_anchors(&self.library, &bodies));

        // The search index needs only the bodies, and Pagefind takes one
        // document at a time: it is built on a thread of its own while the
        // pages render on the others.
        // It also costs more than the rest of a rebuild: an incremental
        // rebuild keeps the last full build's (see the README).
        let reuse_search = previous.filter(|_| !dirty.is_empty()).map(|cache| cache.search.clone());
        let index_search = reuse_search.is_none() && self.config.search && !diags.has_errors();
        // terms.json (12 MB at 10,000 pages) is written beside them too.
        let reuse_terms_json = previous.filter(|_| !dirty.is_empty() && usage_changed.is_empty());
        let (pages, search, terms_json) = std::thread::scope(|scope| {
            let search = index_search.then(|| {
                let docs = self.search_documents(&base_path, &bodies);
                scope.spawn(move || crate::search::index(docs, &self.config.language))
            });
            let terms_json = match reuse_terms_json {
                Some(cache) => Ok(cache.terms_json.clone()),
                None => Err(scope.spawn(|| self.terms_json(&base_path, &usage))),
            };
            let pages: Vec<PageResult> = early
                .par_iter_mut()
                .enumerate()
                .map(|(id, early)| {
                    if let Some(done) = early.take() {
                        return done;
                    }
                    let file = match previous.and_then(|c| c.pages[id].as_ref()) {
                        Some(file) if !dirty.contains(&id) && !usage_changed.contains(&id) => Ok(file.clone()),
                        _ => self.render_page(id, &bodies[id], &config_ctx, &nav, &usage),
                    }?;
                    match sink {
                        PageSink::Keep => Ok(Some(file)),
                        PageSink::Stream(put) => self.emit(id, file, put),
                    }
                })
                .collect();
            let terms_json = terms_json.or_else(|handle| handle.join());
            (pages, search.map(|handle| handle.join()), terms_json)
        });
        let terms_json = terms_json.unwrap_or_else(|_| {
            diags.push(Diagnostic::error("site.toml", 0, 0, "terms.json could not be written: an internal error"));
            None
        });
        let mut rendered = Rendered::default();
        let mut page_files = Vec::with_capacity(pages.len());
        for p in pages {
            match p {
                Ok(f) => {
                    rendered.files.extend(f.clone());
                    page_files.push(f);
                }
                Err(d) => {
                    page_files.push(None);
                    diags.push(d);
                }
            }
        }
        let search = match (reuse_search, search) {
            (Some(files), _) => files,
            // Like any other output of a build that fails, the index is not kept.
            (None, Some(Ok(Ok(files)))) if !diags.has_errors() => files,
            (None, Some(Ok(Err(e)))) => {
                diags.push(Diagnostic::error("site.toml", 0, 0, format!("the search index could not be built: {e}")));
                Vec::new()
            }
            (None, Some(Err(_))) => {
                diags.push(Diagnostic::error(
                    "site.toml",
                    0,
                    0,
                    "the search index could not be built: Pagefind stopped on an internal error; set `search = false` in site.toml to build without it",
                ));
                Vec::new()
            }
            _ => Vec::new(),
        };
        rendered.files.extend(search.iter().cloned());
        let highlight_css = match previous.map(|c| c.highlight_css.clone()) {
            Some(css) => css,
            None => crate::highlight::stylesheet(
                &self.config.markdown.highlight_theme,
                &self.config.markdown.highlight_theme_dark,
            )
            .map(|css| Arc::from(css.into_bytes())),
        };
        match &highlight_css {
            Ok(css) => rendered.files.push(OutputFile { rel: "highlight.css".into(), bytes: Arc::clone(css) }),
            Err(e) => diags.push(Diagnostic::error("site.toml", 0, 0, e.clone())),
        }
        // Aliases, sitemap, feed, 404 and static files depend on the pages'
        // front matter, never on their bodies: an edit of bodies keeps them.
        let extras = match previous.filter(|_| !dirty.is_empty()) {
            Some(cache) => cache.extras.clone(),
            None => {
                // Generated files win over static files of the same path.
                let generated: HashSet<String> = (self.library.pages.iter().map(|p| format!("{}index.html", p.url)))
                    .chain(rendered.files.iter().map(|f| f.rel.clone()))
                    .collect();
                let mut extras = (Rendered::default(), Diagnostics::new());
                self.render_extras(&config_ctx, &base_path, &generated, &mut extras.0, &mut extras.1);
                Arc::new(extras)
            }
        };
        rendered.files.extend(extras.0.files.iter().cloned());
        rendered.copies.extend(extras.0.copies.iter().cloned());
        diags.extend(extras.1.iter().cloned());
        rendered.files.extend(terms_json.clone());
        let cache = RenderCache { bodies, usage, pages: page_files, search, highlight_css, extras, terms_json };
        (rendered, diags, cache)
    }

    /// `<glossary>/terms.json`, if the site has terms.
    fn terms_json(&self, base_path: &str, usage: &Usage) -> Option<OutputFile> {
        if self.glossary.terms.is_empty() {
            return None;
        }
        let rel = format!("{}/terms.json", self.config.glossary.dir.trim_matches('/'));
        Some(OutputFile { rel, bytes: self.glossary_pages(base_path, usage).json().into() })
    }

    fn config_context<'a>(&'a self, base_path: &'a str) -> ConfigContext<'a> {
        let c = &self.config;
        ConfigContext {
            title: &c.title,
            description: c.description.as_deref(),
            author: c.author.as_deref(),
            language: &c.language,
            base_url: &c.base_url,
            base_path,
            feed: c.feed,
            search: c.search,
        }
    }

    fn url(&self, base_path: &str, id: PageId) -> String {
        self.library.url(base_path, id)
    }

    fn link(&self, base_path: &str, id: PageId) -> LinkContext<'_> {
        LinkContext { title: &self.library.pages[id].meta.title, url: self.url(base_path, id) }
    }

    fn template_for(&self, id: PageId, page: &Page) -> String {
        if let Some(t) = &page.meta.template {
            return t.clone();
        }
        let special = if page.is_term {
            "term.html"
        } else if page.is_section && page.rel == format!("{}/_index.md", self.config.glossary.dir) {
            "glossary.html"
        } else {
            ""
        };
        if !special.is_empty() && self.templates.has(special) {
            return special.into();
        }
        if id == self.library.home {
            "index.html".into()
        } else if page.is_section {
            "section.html".into()
        } else {
            "page.html".into()
        }
    }

    /// What the search index gets: every page but the 404, with its title and
    /// rendered body, and a term's expansion and synonyms.
    fn search_documents<'a, R: std::ops::Deref<Target = RenderedMarkdown> + Sync>(
        &'a self,
        base_path: &'a str,
        bodies: &'a [R],
    ) -> impl Iterator<Item = crate::search::Document> + Send + 'a {
        self.library.pages.iter().enumerate().map(|(id, page)| {
            let meta = &page.meta;
            let forms: Vec<&str> = if page.is_term {
                meta.expansion.iter().chain(meta.synonyms.iter()).map(String::as_str).collect()
            } else {
                Vec::new()
            };
            let lang = meta.lang.as_deref().unwrap_or(&self.config.language);
            crate::search::Document::new(self.url(base_path, id), lang, &meta.title, &forms, &bodies[id].html)
        })
    }

    /// Whether a page's HTML shows where terms are used: a term's page and
    /// the glossary index.
    fn shows_usage(&self, id: PageId) -> bool {
        self.glossary.by_page(id).is_some() || self.library.pages[id].is_glossary_index
    }

    /// Hands a rendered page to a streaming sink.
    fn emit(&self, id: PageId, file: OutputFile, put: StreamFn<'_>) -> PageResult {
        put(&file).map(|()| None).map_err(|e| Diagnostic::error(&self.library.pages[id].path, 0, 0, e))
    }

    fn glossary_pages<'a>(&'a self, base_path: &'a str, usage: &'a Usage) -> GlossaryPages<'a> {
        GlossaryPages {
            glossary: &self.glossary,
            lib: &self.library,
            usage,
            base_path,
            used_in_limit: self.config.glossary.used_in_limit,
        }
    }

    fn render_page(
        &self,
        id: PageId,
        body: &RenderedMarkdown,
        config: &ConfigContext<'_>,
        nav: &Nav<'_>,
        usage: &Usage,
    ) -> Result<OutputFile, Diagnostic> {
        let base_path = config.base_path;
        let page = &self.library.pages[id];
        let (prev, next) = self.library.neighbours(id);
        let ctx = PageContext {
            title: &page.meta.title,
            description: page.meta.description.as_deref(),
            date: page.meta.date.as_deref(),
            url: self.url(base_path, id),
            permalink: format!("{}{}", self.config.base_url_slash(), encode_path(&page.url)),
            content: &body.html,
            toc: &body.toc,
            lang: page.meta.lang.as_deref().unwrap_or(&self.config.language),
            number: page.meta.section.as_deref(),
            is_section: page.is_section,
            extra: page.meta.extra.as_ref(),
            ancestors: self.library.ancestors(id).into_iter().map(|a| self.link(base_path, a)).collect(),
            prev: prev.map(|p| self.link(base_path, p)),
            next: next.map(|n| self.link(base_path, n)),
            pages: page
                .children
                .iter()
                .map(|&c| {
                    let child = &self.library.pages[c];
                    ChildContext {
                        title: &child.meta.title,
                        url: self.url(base_path, c),
                        description: child.meta.description.as_deref(),
                        number: child.meta.section.as_deref(),
                        is_section: child.is_section,
                    }
                })
                .collect(),
            source: &page.rel,
            aids: ReadingAids::new(&page.meta.title, page.meta.description.as_deref(), &body.html, &body.toc),
        };
        let mut context = Context::new();
        context.insert("config", config);
        context.insert("nav", &nav.seen_from(id));
        context.insert(if page.is_section { "section" } else { "page" }, &ctx);
        if let Some(term) = self.glossary.by_page(id) {
            context.insert("term", &self.glossary_pages(base_path, usage).term(term));
        }
        if page.is_glossary_index {
            context.insert("glossary", &self.glossary_pages(base_path, usage).index());
        }
        let template = self.template_for(id, page);
        let html = self.templates.render(&template, &context).map_err(|mut d| {
            d.message = format!("{} (rendering {})", d.message, page.path.display());
            d
        })?;
        Ok(OutputFile { rel: format!("{}index.html", page.url), bytes: html.into_bytes().into() })
    }

    /// Alias redirects, 404, sitemap, robots.txt, the code stylesheet, static files, assets.
    fn render_extras(
        &self,
        config: &ConfigContext<'_>,
        base_path: &str,
        generated: &HashSet<String>,
        out: &mut Rendered,
        diags: &mut Diagnostics,
    ) {
        let mut context = Context::new();
        context.insert("config", config);
        context.insert("nav", &Nav::new(&self.library, base_path).seen_from(self.library.home));
        match self.templates.render("404.html", &context) {
            Ok(html) => out.files.push(OutputFile { rel: "404.html".into(), bytes: html.into_bytes().into() }),
            Err(d) => diags.push(d),
        }

        let base = self.config.base_url_slash();
        let mut sitemap = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for &id in &self.library.reading_order {
            let page = &self.library.pages[id];
            sitemap.push_str(&format!("  <url><loc>{}</loc>", escape(&format!("{base}{}", encode_path(&page.url)))));
            if let Some(date) = &page.meta.date {
                sitemap.push_str(&format!("<lastmod>{}</lastmod>", escape(date.get(..10).unwrap_or(date))));
            }
            sitemap.push_str("</url>\n");
        }
        sitemap.push_str("</urlset>\n");
        out.files.push(OutputFile { rel: "sitemap.xml".into(), bytes: sitemap.into_bytes().into() });
        out.files.push(OutputFile {
            rel: "robots.txt".into(),
            bytes: format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n").into_bytes().into(),
        });

        if self.config.feed {
            out.files.push(OutputFile { rel: "atom.xml".into(), bytes: self.feed(&base).into_bytes().into() });
        }

        // Aliases come last: they must not replace any file written above.
        let mut taken: std::collections::HashSet<String> = self.library.pages.iter().map(|p| p.url.clone()).collect();
        // Files the alias's folder would have to pass through or replace.
        let files: HashSet<&str> = generated
            .iter()
            .map(String::as_str)
            .chain(out.files.iter().map(|f| f.rel.as_str()))
            .chain(self.theme.statics.iter().map(|s| s.rel.as_str()))
            .chain(self.library.assets.iter().map(|a| a.rel.as_str()))
            .collect();
        let mut redirects = Vec::new();
        for page in &self.library.pages {
            for alias in &page.meta.aliases {
                let (line, column) = alias_position(&page.front_matter, alias);
                let at = |message: String| Diagnostic::error(&page.path, line, column, message);
                let clean = alias.trim_matches('/');
                let drive = clean.as_bytes().get(1) == Some(&b':') && clean.as_bytes()[0].is_ascii_alphabetic();
                if clean.is_empty()
                    // `..` climbs out; `.git`, `.acta-manifest`: the author's or acta's own files.
                    || clean.split('/').any(|c| c.starts_with('.'))
                    || crate::html::is_script_url(alias)
                    // Windows paths: a name with `\` on Unix, another folder on Windows.
                    || clean.contains('\\')
                    || drive
                    || clean.chars().any(char::is_control)
                {
                    diags.push(
                        at(format!("the alias {alias:?} is not a path inside the site"))
                            .with_hint("write aliases as URL paths with `/`, e.g. `old/page/`"),
                    );
                    continue;
                }
                let url = format!("{clean}/");
                if let Some(file) = parent_dirs_and_self(clean).find(|p| files.contains(p)) {
                    diags.push(
                        at(format!("the alias {alias:?} would replace the generated or copied file `{file}`"))
                            .with_hint("choose another alias"),
                    );
                    continue;
                }
                if !taken.insert(url.clone()) {
                    diags.push(at(format!("the alias {alias:?} is already the URL of another page or alias")));
                    continue;
                }
                let target = format!("{base_path}{}", encode_path(&page.url));
                let t = escape(&target);
                let html = format!(
                    "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>Redirect</title><link rel=\"canonical\" href=\"{t}\"><meta http-equiv=\"refresh\" content=\"0; url={t}\"></head><body><p>This page has moved to <a href=\"{t}\">{t}</a>.</p></body></html>\n",
                    escape(&self.config.language)
                );
                redirects.push(OutputFile { rel: format!("{url}index.html"), bytes: html.into_bytes().into() });
            }
        }
        out.files.extend(redirects);

        // One rule for a path claimed twice: what acta generates wins over
        // `static/` (and the theme's static files), with a warning, since the
        // author's file is silently not published otherwise.
        let written: HashSet<&String> = generated.iter().chain(out.files.iter().map(|f| &f.rel)).collect();
        for s in &self.theme.statics {
            if !written.contains(&s.rel) {
                out.copies.push(crate::site::CopiedFile { rel: s.rel.clone(), source: s.source.clone() });
            } else if let Source::Disk(path) = &s.source {
                diags.push(
                    Diagnostic::warning(
                        crate::diagnostic::display_path(&self.root, path),
                        0,
                        0,
                        format!("`{}` is generated by acta, so this static file is not published", s.rel),
                    )
                    .with_hint("rename or remove the static file; a theme overrides generated pages with templates"),
                );
            }
        }
        for a in &self.library.assets {
            if written.contains(&a.rel) {
                diags.push(Diagnostic::error(
                    format!("content/{}", a.rel),
                    0,
                    0,
                    "this file has the same output path as a generated file",
                ));
                continue;
            }
            out.copies.push(CopiedFile { rel: a.rel.clone(), source: Source::Disk(a.abs.clone()) });
        }
    }
}

/// `a`, `a/b`, `a/b/c` for `a/b/c`.
fn parent_dirs_and_self(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i]).chain(std::iter::once(path))
}

/// The file line and column (1-based) of `alias` in a page's front matter,
/// which starts on the file's second line; the `aliases:` line if not found.
fn alias_position(front_matter: &str, alias: &str) -> (usize, usize) {
    let key = crate::content::front_matter::line_of_key(front_matter, "aliases").unwrap_or(0);
    front_matter
        .lines()
        .enumerate()
        .skip(key)
        .find_map(|(i, l)| {
            // On the key's own line, only after `aliases:`.
            let from = if i == key { l.find(':').map_or(0, |c| c + 1) } else { 0 };
            let rest = &l[from..];
            // As written, or inside a double-quoted YAML string, which doubles `\`.
            let found = rest.find(alias).or_else(|| rest.find(&alias.replace('\\', "\\\\")));
            found.map(|c| (i + 2, l[..from + c].chars().count() + 1))
        })
        .unwrap_or((key + 2, 1))
}

impl Site {
    /// An Atom feed of the dated pages, newest first.
    fn feed(&self, base: &str) -> String {
        let mut dated: Vec<&Page> = self.library.pages.iter().filter(|p| p.meta.date.is_some()).collect();
        dated.sort_by(|a, b| b.meta.date.cmp(&a.meta.date));
        let updated =
            dated.first().and_then(|p| p.meta.date.as_deref()).map_or_else(|| "1970-01-01".to_string(), str::to_string);
        let stamp = crate::content::front_matter::rfc3339;
        // The base URL goes into XML: an `&` in it must not end up raw.
        let base = &escape(base);
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<link href=\"{base}atom.xml\" rel=\"self\"/>\n<link href=\"{base}\"/>\n<updated>{}</updated>\n<id>{base}</id>\n",
            escape(&self.config.language),
            escape(&self.config.title),
            escape(&stamp(&updated))
        );
        if let Some(author) = &self.config.author {
            xml.push_str(&format!("<author><name>{}</name></author>\n", escape(author)));
        }
        for page in dated.into_iter().take(50) {
            let url = format!("{base}{}", escape(&encode_path(&page.url)));
            let date = escape(&stamp(page.meta.date.as_deref().unwrap_or_default()));
            xml.push_str(&format!(
                "<entry>\n<title>{}</title>\n<link href=\"{url}\"/>\n<id>{url}</id>\n<updated>{date}</updated>\n",
                escape(&page.meta.title)
            ));
            if let Some(d) = &page.meta.description {
                xml.push_str(&format!("<summary>{}</summary>\n", escape(d)));
            }
            xml.push_str("</entry>\n");
        }
        xml.push_str("</feed>\n");
        xml
    }
}

/// Loads and renders the site at `opts.root`.
pub fn build(opts: &BuildOptions) -> Result<Rendered, Failed> {
    Site::load(opts)?.render()
}

/// The root of a site: `path` if it holds `site.toml`.
pub fn is_site_root(path: &Path) -> bool {
    path.join("site.toml").is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rebuild_highlights_only_the_code_blocks_an_edit_changed() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        let fence = |code: &str| format!("```rust\n{code}\n```\n");
        let page = |a: &str, b: &str| format!("---\ntitle: Code\n---\n\nText.\n\n{}\n{}", fence(a), fence(b));
        write("site.toml", "title = \"T\"\nsearch = false\n");
        write("content/_index.md", "---\ntitle: Home\n---\n");
        write("content/code.md", &page("fn kept() {}", "fn edited() {}"));
        let opts = BuildOptions { root: dir.path().to_path_buf(), ..BuildOptions::default() };
        let mut site = Site::load(&opts).unwrap();
        let (_, _, first) = site.render_incremental(None, &HashSet::new());
        let id = site.library.by_rel("code.md").unwrap();
        assert_eq!(first.bodies[id].code_blocks.len(), 2);

        write("content/code.md", &page("fn kept() {}", "fn changed() {}"));
        assert_eq!(site.update_body("code.md").unwrap(), Some(id));
        let (rendered, _, second) = site.render_incremental(Some(&first), &HashSet::from([id]));
        let (old, new) = (&first.bodies[id].code_blocks, &second.bodies[id].code_blocks);
        assert!(Arc::ptr_eq(&old[0].html, &new[0].html), "the unchanged block was highlighted again");
        assert!(!Arc::ptr_eq(&old[1].html, &new[1].html));
        let html = rendered.files.iter().find(|f| f.rel == "code/index.html").unwrap();
        let html = String::from_utf8_lossy(&html.bytes);
        assert!(html.contains("changed") && html.contains("kept") && !html.contains("edited"), "{html}");
    }
}
