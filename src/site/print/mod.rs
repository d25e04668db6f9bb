//! The print edition, `print/index.html`: the whole document on one page in
//! reading order — a title page, the contents, every page's body, and the
//! glossary as an appendix, "Abbreviations and terms", with each term the
//! text uses, its expansion and where it is used. The built-in template
//! `print.html` (a theme may override it) carries the print stylesheet.
//!
//! Built from the bodies the render already has: each is rewritten (see
//! [`rewrite`]) so its ids are unique on the page, its links to other pages
//! lead to their place in the edition, and its glossary links are text.

mod rewrite;

use std::collections::HashMap;

use serde::Serialize;

use super::Site;
use crate::citation::CitationContext;
use crate::content::PageId;
use crate::diagnostic::Diagnostic;
use crate::glossary::usage::Usage;
use crate::markdown::RenderedMarkdown;
use crate::rendered::OutputFile;
use crate::templates::ConfigContext;
use rewrite::{Expanded, Targets};

/// Where the edition is written, and its URL below the base path.
pub(super) const PRINT_FILE: &str = "print/index.html";
const PRINT_URL: &str = "print/";
/// Around a page's id in the template's output, where its body goes: a
/// control character no template or title writes.
const MARK: &str = "\u{1}acta-print\u{1}";

/// `print.html`'s context.
#[derive(Serialize)]
struct PrintContext<'a> {
    config: &'a ConfigContext<'a>,
    lang: &'a str,
    /// The home page: its title, `extra` and body make the title page.
    home: Chapter<'a>,
    extra: Option<&'a serde_yaml::Value>,
    citation: Option<CitationContext<'a>>,
    chapters: Vec<Chapter<'a>>,
    terms: Vec<TermEntry<'a>>,
}

/// One page of the document, as a part of the edition.
#[derive(Serialize)]
struct Chapter<'a> {
    /// Its id in the edition (`p3`); the ids of its body start with `p3-`.
    anchor: String,
    number: Option<&'a str>,
    title: &'a str,
    /// 1 for the pages and sections under the home page, 2 below them…
    depth: usize,
    html: String,
}

/// A term of the appendix.
#[derive(Serialize)]
struct TermEntry<'a> {
    anchor: String,
    title: &'a str,
    expansion: Option<&'a str>,
    summary: Option<&'a str>,
    /// Each page using the term, linking to its first use there.
    uses: Vec<UseEntry<'a>>,
}

#[derive(Serialize)]
struct UseEntry<'a> {
    href: String,
    number: Option<&'a str>,
    title: &'a str,
    count: usize,
}

impl Site {
    /// The print edition, or why it could not be written. `None` when a page
    /// of the site has its URL: the author's page wins, with a warning.
    pub(super) fn print_edition(
        &self,
        config: &ConfigContext<'_>,
        bodies: &[impl std::ops::Deref<Target = RenderedMarkdown>],
        usage: &Usage,
    ) -> Result<Option<OutputFile>, Diagnostic> {
        if let Some(page) = self.library.pages.iter().find(|p| p.url == PRINT_URL) {
            return Err(Diagnostic::warning(
                &page.path,
                0,
                0,
                "the print edition is not written: this page has its URL, `print/`",
            )
            .with_hint("give the page another `slug` to have both"));
        }
        let in_document = |id: &PageId| {
            let p = &self.library.pages[*id];
            // The print edition is the default language's document.
            !p.is_term && !p.is_glossary_index && !self.library.is_home(*id) && p.lang == self.config.language
        };
        let order: Vec<PageId> = self.library.reading_order.iter().copied().filter(in_document).collect();
        let home = self.library.home;
        let pages: HashMap<String, String> = std::iter::once(home)
            .chain(order.iter().copied())
            .map(|id| (self.library.url(&self.base_path, id), format!("p{id}")))
            .collect();
        let terms = self.appendix(usage);
        let term_targets: HashMap<String, (String, Option<String>)> = terms
            .iter()
            .filter_map(|(term, entry)| {
                let page = self.glossary.terms.get(*term)?.page;
                let expansion = entry.expansion.map(str::to_string);
                Some((self.library.url(&self.base_path, page), (entry.anchor.clone(), expansion)))
            })
            .collect();
        // With `expand_first_use` the pages already spell out first uses.
        let expand = self.config.glossary.expand_first_use == crate::glossary::first_use::ExpandFirstUse::Off;
        let targets = Targets { pages: &pages, terms: &term_targets, expand };
        let mut expanded = Expanded::default();
        // The template gets a marker for each body, replaced by the body as
        // the page is assembled: a large document's text is then in memory
        // once more, not three times (rewritten, in Tera's context, output).
        let chapter = |id: PageId| {
            let page = &self.library.pages[id];
            let html = format!("{MARK}{id}{MARK}");
            Chapter {
                anchor: format!("p{id}"),
                number: page.meta.section.as_deref(),
                title: &page.meta.title,
                depth: self.library.ancestors(id).len(),
                html,
            }
        };
        let home_chapter = chapter(home);
        let chapters: Vec<Chapter<'_>> = order.iter().map(|&id| chapter(id)).collect();
        let context = PrintContext {
            config,
            lang: self.library.pages[home].meta.lang.as_deref().unwrap_or(&self.config.language),
            home: home_chapter,
            extra: self.library.pages[home].meta.extra.as_ref(),
            citation: self.citation_context(home),
            chapters,
            terms: terms.into_iter().map(|(_, entry)| entry).collect(),
        };
        let mut context = tera::Context::from_serialize(&context)
            .map_err(|e| Diagnostic::site_wide(format!("internal error: the print edition's context: {e}")))?;
        // The edition is the default language's document, in its words.
        context.insert_value("strings", self.strings.of(&self.config.language));
        let frame = self.templates.render("print.html", &context)?;
        let html = self.splice(&frame, bodies, &targets, &mut expanded);
        Ok(Some(OutputFile { rel: PRINT_FILE.into(), bytes: html.into_bytes().into() }))
    }

    /// The template's output with each page's marker replaced by its body,
    /// rewritten for the edition.
    fn splice(
        &self,
        frame: &str,
        bodies: &[impl std::ops::Deref<Target = RenderedMarkdown>],
        targets: &Targets<'_>,
        expanded: &mut Expanded,
    ) -> String {
        let mut html = String::with_capacity(frame.len() + bodies.iter().map(|b| b.html.len()).sum::<usize>());
        let mut rest = frame;
        while let Some((before, after)) = rest.split_once(MARK) {
            html.push_str(before);
            let Some((id, after)) = after.split_once(MARK) else {
                rest = after;
                break;
            };
            let id: Option<PageId> = id.parse().ok().filter(|id| *id < bodies.len());
            if let Some(id) = id {
                let path = self.library.url(&self.base_path, id);
                let prefix = format!("p{id}-");
                rewrite::rewrite(&mut html, &bodies[id].html, &prefix, &path, targets, expanded);
            }
            rest = after;
        }
        html.push_str(rest);
        html
    }

    /// The terms the document uses, A–Z, each with the pages using it.
    fn appendix(&self, usage: &Usage) -> Vec<(usize, TermEntry<'_>)> {
        let mut entries: Vec<(usize, TermEntry<'_>)> = self
            .glossary
            .terms
            .iter()
            .enumerate()
            .filter_map(|(t, term)| {
                let uses = usage.get(t).filter(|u| !u.is_empty())?;
                let meta = &self.library.pages[term.page].meta;
                let uses = uses
                    .iter()
                    .filter_map(|u| {
                        let first = u.occurrences.first()?;
                        let page = &self.library.pages[u.page];
                        Some(UseEntry {
                            href: format!("#p{}-{}", u.page, first.id),
                            number: page.meta.section.as_deref(),
                            title: &page.meta.title,
                            count: u.occurrences.len(),
                        })
                    })
                    .collect();
                let entry = TermEntry {
                    anchor: format!("term-{}", term.anchor),
                    title: &meta.title,
                    expansion: meta.expansion.as_deref(),
                    summary: meta.summary.as_deref(),
                    uses,
                };
                Some((t, entry))
            })
            .collect();
        entries.sort_by_cached_key(|(_, e)| crate::content::collation_key_in(e.title, &self.config.language));
        entries
    }
}
