//! Stage 5b: the pages of the taxonomies — a list of values per taxonomy
//! (`/tags/`, template `taxonomy_list.html`), a page per value listing its
//! pages (`/tags/security/`, `taxonomy_single.html`, in pages of
//! `paginate_by`), and an Atom feed per value when the taxonomy asks —
//! with what the other stages take from them: each page's links to its
//! values, the sitemap's URLs and the search index's documents.
//!
//! They depend on front matter only (titles, dates, descriptions, values),
//! never on bodies: a rebuild after a body edit keeps them.

use std::sync::Arc;

use serde::Serialize;
use tera::Context;

use super::Site;
use super::render::Stage;
use crate::content::taxonomy::Taxonomy;
use crate::content::{Page, PageId};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::html::encode_path;
use crate::rendered::OutputFile;
use crate::templates::{PageTaxonomyContext, TaxonomyLink};

/// The taxonomies' files and the problems rendering them.
pub(super) type TaxonomyFiles = Arc<(Vec<OutputFile>, Diagnostics)>;

/// `taxonomy` in both templates.
#[derive(Serialize)]
struct TaxonomyContext<'a> {
    name: &'a str,
    title: &'a str,
    url: String,
    permalink: String,
}

/// One value in `values` of `taxonomy_list.html`.
#[derive(Serialize)]
struct ValueSummary<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    /// How many pages list it.
    count: usize,
}

/// `value` in `taxonomy_single.html`: its pages on this page of the list.
#[derive(Serialize)]
struct ValueContext<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    permalink: String,
    count: usize,
    pages: Vec<ListedPage<'a>>,
    /// The value's Atom feed, when the taxonomy has `feed = true`.
    feed_url: Option<String>,
}

/// A page in a value's list.
#[derive(Serialize)]
struct ListedPage<'a> {
    title: &'a str,
    url: String,
    description: Option<&'a str>,
    date: Option<&'a str>,
    number: Option<&'a str>,
}

/// `paginator` in `taxonomy_single.html`: which page of the value's list
/// this is (from 1), of how many, and the URLs around it.
#[derive(Serialize)]
struct Paginator {
    current: usize,
    last: usize,
    first_url: String,
    prev: Option<String>,
    next: Option<String>,
}

impl Site {
    /// The taxonomies' pages and feeds (the last render's in a rebuild).
    pub(super) fn taxonomy_pages(&self, stage: &Stage<'_>) -> TaxonomyFiles {
        if let Some(cache) = stage.plan.site_wide_reuse() {
            return Arc::clone(&cache.taxonomies);
        }
        let mut out = (Vec::new(), Diagnostics::new());
        let mut context = Context::new();
        context.insert("config", &stage.config);
        context.insert("nav", &stage.nav.seen_from(self.library.home));
        // A taxonomy's pages are the site's default language's (as the 404).
        context.insert("translations", &Vec::<()>::new());
        context.insert_value("strings", self.strings.of(&self.config.language));
        for taxonomy in &self.taxonomies.list {
            let tax = TaxonomyContext {
                name: &taxonomy.config.name,
                title: &taxonomy.title,
                url: self.site_url(&taxonomy.url()),
                permalink: self.permalink(&taxonomy.url()),
            };
            context.insert("taxonomy", &tax);
            let values: Vec<ValueSummary<'_>> = (taxonomy.values.iter().enumerate())
                .map(|(v, value)| ValueSummary {
                    name: &value.name,
                    slug: &value.slug,
                    url: self.site_url(&taxonomy.value_url(v)),
                    count: value.pages.len(),
                })
                .collect();
            context.insert("values", &values);
            self.render_file("taxonomy_list.html", &context, format!("{}index.html", taxonomy.url()), &mut out);
            for v in 0..taxonomy.values.len() {
                self.value_pages(taxonomy, v, &mut context, &mut out);
            }
        }
        Arc::new(out)
    }

    /// The page (or pages, with `paginate_by`) of value `v`, and its feed.
    fn value_pages(
        &self,
        taxonomy: &Taxonomy,
        v: usize,
        context: &mut Context,
        out: &mut (Vec<OutputFile>, Diagnostics),
    ) {
        let value = &taxonomy.values[v];
        let url = taxonomy.value_url(v);
        let feed_url = taxonomy.config.feed.then(|| self.site_url(&format!("{url}atom.xml")));
        let per_page = taxonomy.config.paginate_by.unwrap_or(usize::MAX).max(1);
        let chunks: Vec<&[PageId]> = value.pages.chunks(per_page).collect();
        let page_url = |n: usize| if n <= 1 { url.clone() } else { format!("{url}page/{n}/") };
        for (i, chunk) in chunks.iter().enumerate() {
            let n = i + 1;
            let listed = chunk.iter().map(|&id| self.listed(id)).collect();
            let ctx = ValueContext {
                name: &value.name,
                slug: &value.slug,
                url: self.site_url(&url),
                permalink: self.permalink(&page_url(n)),
                count: value.pages.len(),
                pages: listed,
                feed_url: feed_url.clone(),
            };
            let paginator = Paginator {
                current: n,
                last: chunks.len(),
                first_url: self.site_url(&url),
                prev: (n > 1).then(|| self.site_url(&page_url(n - 1))),
                next: (n < chunks.len()).then(|| self.site_url(&page_url(n + 1))),
            };
            context.insert("value", &ctx);
            context.insert("paginator", &paginator);
            self.render_file("taxonomy_single.html", context, format!("{}index.html", page_url(n)), out);
        }
        if taxonomy.config.feed {
            let base = self.config.base_url_slash();
            let pages = value.pages.iter().map(|&id| &self.library.pages[id]);
            let title = format!("{} · {}", value.name, self.config.title);
            let feed = self.feed_of(
                &base,
                &self.config.language,
                title,
                pages,
                format!("{base}{url}atom.xml"),
                format!("{base}{url}"),
            );
            match Context::from_serialize(&feed).map_err(|e| Diagnostic::site_wide(format!("internal error: {e}"))) {
                Ok(c) => self.render_file("atom.xml", &c, format!("{url}atom.xml"), out),
                Err(d) => out.1.push(d),
            }
        }
    }

    fn render_file(&self, template: &str, context: &Context, rel: String, out: &mut (Vec<OutputFile>, Diagnostics)) {
        match self.templates.render(template, context) {
            Ok(text) => out.0.push(OutputFile { rel, bytes: text.into_bytes().into() }),
            Err(d) => out.1.push(d),
        }
    }

    fn listed(&self, id: PageId) -> ListedPage<'_> {
        let page: &Page = &self.library.pages[id];
        ListedPage {
            title: &page.meta.title,
            url: self.library.url(&self.base_path, id),
            description: page.meta.description.as_deref(),
            date: page.meta.date.as_deref(),
            number: page.meta.section.as_deref(),
        }
    }

    /// A URL of the site from one relative to its base path.
    fn site_url(&self, rel: &str) -> String {
        format!("{}{}", self.base_path, encode_path(rel))
    }

    fn permalink(&self, rel: &str) -> String {
        format!("{}{}", self.config.base_url_slash(), encode_path(rel))
    }

    /// `page.taxonomies`: the values page `id` lists, linked, by taxonomy.
    pub(super) fn page_taxonomies(&self, id: PageId) -> Vec<PageTaxonomyContext<'_>> {
        let listed = self.taxonomies.by_page.get(id).map_or(&[][..], Vec::as_slice);
        let mut out: Vec<PageTaxonomyContext<'_>> = Vec::new();
        for &(t, v) in listed {
            let taxonomy = &self.taxonomies.list[t];
            let link = TaxonomyLink { name: &taxonomy.values[v].name, url: self.site_url(&taxonomy.value_url(v)) };
            match out.last_mut().filter(|last| last.name == taxonomy.config.name) {
                Some(last) => last.values.push(link),
                None => out.push(PageTaxonomyContext {
                    name: &taxonomy.config.name,
                    title: &taxonomy.title,
                    url: self.site_url(&taxonomy.url()),
                    values: vec![link],
                }),
            }
        }
        out
    }

    /// The URLs of the taxonomies' pages (relative to the base path, the
    /// first page of each value), with the date of their newest page, for
    /// the sitemap.
    pub(super) fn taxonomy_urls(&self) -> Vec<(String, Option<&str>)> {
        let newest = |pages: &[PageId]| pages.iter().find_map(|&id| self.library.pages[id].meta.date.as_deref());
        let mut urls = Vec::new();
        for taxonomy in &self.taxonomies.list {
            let all: Vec<PageId> = taxonomy.values.iter().flat_map(|v| v.pages.iter().copied()).collect();
            let latest = all.iter().filter_map(|&id| self.library.pages[id].meta.date.as_deref()).max();
            urls.push((taxonomy.url(), latest));
            for (v, value) in taxonomy.values.iter().enumerate() {
                urls.push((taxonomy.value_url(v), newest(&value.pages)));
            }
        }
        urls
    }

    /// One search document per value: its name, then its pages' titles and
    /// descriptions, so a search for a tag finds its page.
    pub(super) fn taxonomy_documents(&self) -> Vec<crate::search::Document> {
        let esc = crate::html::escape;
        let mut docs = Vec::new();
        for taxonomy in &self.taxonomies.list {
            for (v, value) in taxonomy.values.iter().enumerate() {
                let mut body = String::from("<ul>");
                for &id in &value.pages {
                    let meta = &self.library.pages[id].meta;
                    body.push_str(&format!("<li>{}", esc(&meta.title)));
                    if let Some(d) = &meta.description {
                        body.push_str(&format!(": {}", esc(d)));
                    }
                    body.push_str("</li>");
                }
                body.push_str("</ul>");
                let url = self.site_url(&taxonomy.value_url(v));
                let title = format!("{}: {}", taxonomy.title, value.name);
                docs.push(crate::search::Document::new(
                    url,
                    &self.config.language,
                    &title,
                    &[],
                    Some(&taxonomy.title),
                    &body,
                ));
            }
        }
        docs
    }
}
