//! One page of the site: its template context and its HTML, and the few
//! per-page facts the stages ask for.

use std::collections::HashSet;
use std::sync::Arc;

use tera::Context;

use super::cache::TermsJson;
use super::{PageResult, Site, StreamFn};
use crate::content::{Page, PageId};
use crate::diagnostic::Diagnostic;
use crate::glossary::pages::{GlossaryPages, join_json};
use crate::glossary::usage::Usage;
use crate::html::encode_path;
use crate::markdown::RenderedMarkdown;
use crate::nav::Nav;
use crate::rendered::OutputFile;
use crate::templates::{ChildContext, ConfigContext, LinkContext, PageContext, ReadingAids, TranslationLink};

/// How a template error names the page it was rendering: `… (rendering
/// content/a.md)` (see `render::merge_template_errors`).
pub(super) const RENDERING: &str = " (rendering ";

impl Site {
    /// `<glossary>/terms.json`, if the site has terms, with its part for
    /// each term. A rebuild passes the last render's and the term pages
    /// whose usage changed: only their parts are serialized again (12 MB at
    /// 10,000 pages would be, on every edit that touches a term).
    pub(super) fn terms_json(&self, usage: &Usage, previous: Option<(&TermsJson, &HashSet<PageId>)>) -> TermsJson {
        if self.glossary.terms.is_empty() {
            return TermsJson::default();
        }
        let pages = self.glossary_pages(usage);
        let parts: Vec<Arc<[u8]>> = (self.glossary.terms.iter().enumerate())
            .map(|(t, term)| match previous {
                Some((old, changed)) if !changed.contains(&term.page) && t < old.parts.len() => {
                    Arc::clone(&old.parts[t])
                }
                _ => Arc::from(pages.term_json(t)),
            })
            .collect();
        let rel = format!("{}/terms.json", self.config.glossary.dir.trim_matches('/'));
        TermsJson { file: Some(OutputFile { rel, bytes: join_json(&parts).into() }), parts }
    }

    pub(super) fn config_context(&self) -> ConfigContext<'_> {
        self.config_context_in(&self.config.language)
    }

    /// `config` for the pages of `lang`: its title, description and home.
    pub(super) fn config_context_in<'a>(&'a self, lang: &'a str) -> ConfigContext<'a> {
        let c = &self.config;
        let local = c.languages.get(lang);
        ConfigContext {
            title: local.and_then(|l| l.title.as_deref()).unwrap_or(&c.title),
            description: local.and_then(|l| l.description.as_deref()).or(c.description.as_deref()),
            author: c.author.as_deref(),
            language: if c.languages.is_empty() { &c.language } else { lang },
            base_url: &c.base_url,
            base_path: &self.base_path,
            feed: c.feed,
            search: c.search,
            print: c.print,
            home: self.url(self.library.home_of(lang)),
            multilingual: c.languages.keys().any(|k| *k != c.language),
        }
    }

    /// Each language of the site as page `id` sees it: its translation, or
    /// that language's home page. Empty on a site of one language.
    pub(super) fn translations(&self, id: PageId) -> Vec<TranslationLink<'_>> {
        let c = &self.config;
        if !c.languages.keys().any(|k| *k != c.language) {
            return Vec::new();
        }
        let own = &self.library.pages[id].lang;
        let codes = std::iter::once(&c.language).chain(c.languages.keys().filter(|k| **k != c.language));
        codes
            .map(|lang| {
                let found = self.library.translation(id, lang);
                let target = found.unwrap_or_else(|| self.library.home_of(lang));
                let name = c.languages.get(lang).and_then(|l| l.name.as_deref()).unwrap_or(lang);
                TranslationLink {
                    lang,
                    name,
                    url: self.url(target),
                    permalink: format!("{}{}", c.base_url_slash(), encode_path(&self.library.pages[target].url)),
                    current: lang == own,
                    translated: found.is_some(),
                    is_default: *lang == c.language,
                }
            })
            .collect()
    }

    fn url(&self, id: PageId) -> String {
        self.library.url(&self.base_path, id)
    }

    fn link(&self, id: PageId) -> LinkContext<'_> {
        LinkContext { title: &self.library.pages[id].meta.title, url: self.url(id) }
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
        if self.library.is_home(id) {
            "index.html".into()
        } else if page.is_section {
            "section.html".into()
        } else {
            "page.html".into()
        }
    }

    /// What the search index gets: every page but the 404, with its title and
    /// rendered body, and a term's expansion and synonyms.
    pub(super) fn search_documents<'a, R: std::ops::Deref<Target = RenderedMarkdown> + Sync>(
        &'a self,
        bodies: &'a [R],
    ) -> impl Iterator<Item = crate::search::Document> + Send + 'a {
        // Page n is document n; the taxonomies' pages come after them.
        (0..self.library.pages.len()).map(|id| self.search_document(id, &bodies[id])).chain(self.taxonomy_documents())
    }

    /// Page `id`'s search document.
    pub(super) fn search_document(&self, id: PageId, body: &RenderedMarkdown) -> crate::search::Document {
        let page = &self.library.pages[id];
        let meta = &page.meta;
        let forms: Vec<&str> = if page.is_term {
            meta.expansion.iter().chain(meta.synonyms.iter()).map(String::as_str).collect()
        } else {
            Vec::new()
        };
        // The site language, not `lang:`: Pagefind makes an index per
        // language, and a page belongs to its language's.
        let lang = &page.lang;
        let section = self.search_section(id);
        let (url, section) = (self.url(id), section.as_deref());
        match &body.search_text {
            Some(text) => crate::search::Document::of_text(url, lang, &meta.title, &forms, section, &text.unpack()),
            None => crate::search::Document::new(url, lang, &meta.title, &forms, section, &body.html),
        }
    }

    /// The part of the site a search result belongs to: the top-level
    /// section above the page (the glossary for a term, the chapter for a
    /// page of it), with its number; none for the home page and for a
    /// top-level page, whose own title says it.
    fn search_section(&self, id: PageId) -> Option<String> {
        let top = *self.library.ancestors(id).get(1)?;
        let meta = &self.library.pages[top].meta;
        Some(match &meta.section {
            Some(number) => format!("{number}. {}", meta.title),
            None => meta.title.clone(),
        })
    }

    /// Whether a page's HTML shows where terms are used: a term's page and
    /// the glossary index.
    pub(super) fn shows_usage(&self, id: PageId) -> bool {
        self.glossary.by_page(id).is_some() || self.library.pages[id].is_glossary_index
    }

    /// Whether a page's HTML depends on other pages' bodies: it shows where
    /// terms are used, or its expansions depend on the pages before it.
    pub(super) fn depends_on_other_bodies(&self, id: PageId) -> bool {
        self.shows_usage(id)
            || self.config.glossary.expand_first_use.crosses_pages()
            || crate::markdown::crossrefs::may_refer_across(&self.library.pages[id].body)
    }

    /// Hands a rendered page to a streaming sink.
    pub(super) fn emit(&self, id: PageId, file: OutputFile, put: StreamFn<'_>) -> PageResult {
        put(&file).map(|()| None).map_err(|e| Diagnostic::error(&self.library.pages[id].path, 0, 0, e))
    }

    fn glossary_pages<'a>(&'a self, usage: &'a Usage) -> GlossaryPages<'a> {
        GlossaryPages {
            glossary: &self.glossary,
            lib: &self.library,
            usage,
            base_path: &self.base_path,
            used_in_limit: self.config.glossary.used_in_limit,
            lang: &self.config.language,
        }
    }

    pub(super) fn render_page(
        &self,
        id: PageId,
        body: &RenderedMarkdown,
        config: &ConfigContext<'_>,
        nav: &Nav<'_>,
        usage: &Usage,
    ) -> Result<OutputFile, Diagnostic> {
        let page = &self.library.pages[id];
        let (prev, next) = self.library.neighbours(id);
        let ctx = PageContext {
            title: &page.meta.title,
            description: page.meta.description.as_deref(),
            date: page.meta.date.as_deref(),
            url: self.url(id),
            permalink: format!("{}{}", self.config.base_url_slash(), encode_path(&page.url)),
            content: &body.html,
            toc: &body.toc,
            lang: page.meta.lang.as_deref().unwrap_or(&page.lang),
            number: page.meta.section.as_deref(),
            is_section: page.is_section,
            extra: page.meta.extra.as_ref(),
            ancestors: self.library.ancestors(id).into_iter().map(|a| self.link(a)).collect(),
            prev: prev.map(|p| self.link(p)),
            next: next.map(|n| self.link(n)),
            pages: page
                .children
                .iter()
                .map(|&c| {
                    let child = &self.library.pages[c];
                    ChildContext {
                        title: &child.meta.title,
                        url: self.url(c),
                        description: child.meta.description.as_deref(),
                        number: child.meta.section.as_deref(),
                        is_section: child.is_section,
                    }
                })
                .collect(),
            source: &page.rel,
            citation: self.citation_context(id),
            taxonomies: self.page_taxonomies(id),
            aids: ReadingAids::new(&page.meta.title, page.meta.description.as_deref(), &body.html, &body.toc),
        };
        let mut context = Context::new();
        if page.lang == self.config.language {
            context.insert("config", config);
        } else {
            context.insert("config", &self.config_context_in(&page.lang));
        }
        context.insert("translations", &self.translations(id));
        context.insert_value("strings", self.strings.of(&page.lang));
        context.insert("nav", &nav.seen_from(id));
        context.insert(if page.is_section { "section" } else { "page" }, &ctx);
        if let Some(term) = self.glossary.by_page(id) {
            context.insert("term", &self.glossary_pages(usage).term(term));
        }
        if page.is_glossary_index {
            context.insert("glossary", &self.glossary_pages(usage).index());
        }
        let template = self.template_for(id, page);
        let html = self.templates.render(&template, &context).map_err(|mut d| {
            d.message = format!("{}{RENDERING}{})", d.message, page.path.display());
            d
        })?;
        Ok(OutputFile { rel: format!("{}index.html", page.url), bytes: html.into_bytes().into() })
    }
}
