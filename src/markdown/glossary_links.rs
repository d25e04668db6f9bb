//! The glossary pass: terms found in a page's prose become links with a
//! tooltip (CSS and ARIA only, no script needed), and every occurrence gets an
//! id so the term's page can link back to it.

use std::collections::HashMap;

use crate::content::{Library, PageId};
use crate::glossary::first_use::{ExpandFirstUse, FirstUses};
use crate::glossary::usage::{Occurrence, snippet};
use crate::glossary::{Glossary, LinkPolicy, Target};
use crate::html::{escape, escape_into};

/// Per-page state of the glossary pass.
pub struct GlossaryPass<'a> {
    glossary: &'a Glossary,
    lib: &'a Library,
    base_path: &'a str,
    policy: LinkPolicy,
    expand_first_use: ExpandFirstUse,
    /// With a chapter or document scope, where each term is used first.
    first_uses: Option<&'a FirstUses>,
    ignore: &'a [String],
    /// The term this page defines: its own name is not linked here.
    own_term: Option<usize>,
    page: PageId,
    counts: HashMap<usize, usize>,
    /// Terms whose tooltip this page already carries. With `link = "all"` a
    /// term used 100,000 times would repeat its tooltip (title, expansion,
    /// summary) 100,000 times; later uses are plain links, so a page's size
    /// stays a small constant per use.
    tipped: std::collections::HashSet<usize>,
    body_lower: Option<String>,
    /// What each shared form means on this page (`None`: undecided).
    resolved: Vec<Option<usize>>,
    /// Uses of each undecided shared form so far, for their ids.
    undecided_uses: HashMap<usize, usize>,
}

/// What the glossary settings of the site say, for every page.
#[derive(Clone, Copy)]
pub struct GlossarySettings<'a> {
    pub glossary: &'a Glossary,
    pub policy: LinkPolicy,
    pub expand_first_use: ExpandFirstUse,
    /// Where each term is used first, for a chapter or document scope
    /// (`None` there expands nothing).
    pub first_uses: Option<&'a FirstUses>,
    pub ignore: &'a [String],
}

/// A run of capitals in prose that no term explains, at a byte offset of its chunk.
pub struct Acronym {
    pub text: String,
    pub offset: usize,
}

impl<'a> GlossaryPass<'a> {
    pub fn new(settings: GlossarySettings<'a>, lib: &'a Library, base_path: &'a str, page: PageId) -> Self {
        GlossaryPass {
            glossary: settings.glossary,
            lib,
            base_path,
            policy: settings.policy,
            expand_first_use: settings.expand_first_use,
            first_uses: settings.first_uses,
            ignore: settings.ignore,
            own_term: settings.glossary.by_page(page),
            page,
            counts: HashMap::new(),
            tipped: std::collections::HashSet::new(),
            body_lower: None,
            resolved: settings.glossary.shared.iter().map(|sh| settings.glossary.resolve(lib, sh, page)).collect(),
            undecided_uses: HashMap::new(),
        }
    }

    /// A shared form the page cannot decide: with `link` on, a link to the
    /// list of its meanings on the glossary index, the meanings in the
    /// tooltip of its first use.
    fn undecided(&mut self, html: &mut String, shared: usize, surface: &str) {
        let Some(sh) = self.glossary.shared.get(shared) else { return escape_into(html, surface) };
        let n = self.undecided_uses.entry(shared).or_insert(0);
        *n += 1;
        let n = *n;
        let link = match self.policy {
            LinkPolicy::All => true,
            LinkPolicy::First => n == 1,
            LinkPolicy::None => false,
        };
        if !link {
            return escape_into(html, surface);
        }
        let list = match self.glossary.index_page {
            Some(index) => self.lib.url(self.base_path, index),
            None => sh.terms.first().map_or_else(String::new, |&t| self.term_url(t)),
        };
        let id = format!("g-{}-{n}", sh.anchor);
        let href = escape(&format!("{list}#{}", sh.anchor));
        if n > 1 {
            html.push_str(&format!("<a class=\"term term-shared\" href=\"{href}\" id=\"{id}\">"));
            escape_into(html, surface);
            return html.push_str("</a>");
        }
        html.push_str(&format!(
            "<span class=\"term-ref\"><a class=\"term term-shared\" href=\"{href}\" id=\"{id}\" aria-describedby=\"{id}-tip\">"
        ));
        escape_into(html, surface);
        html.push_str(&format!(
            "</a><span class=\"term-tip\" role=\"tooltip\" id=\"{id}-tip\"><span class=\"term-tip-head\"><b>"
        ));
        escape_into(html, surface);
        html.push_str("</b> <span class=\"term-tip-exp\">has more than one meaning:</span></span>");
        for &t in &sh.terms {
            let meta = &self.lib.pages[self.glossary.terms[t].page].meta;
            html.push_str(" <span class=\"term-tip-body\">");
            escape_into(html, meta.expansion.as_deref().unwrap_or(&meta.title));
            if let Some(sense) = meta.sense.as_deref() {
                html.push_str(" (");
                escape_into(html, sense);
                html.push(')');
            }
            html.push_str("</span>");
        }
        html.push_str("</span></span>");
    }

    /// The next occurrence id of `term` on this page: `g-oas-1`, `g-oas-2`…
    pub fn next_id(&mut self, term: usize) -> (String, usize) {
        let n = self.counts.entry(term).or_insert(0);
        *n += 1;
        (format!("g-{}-{}", self.glossary.terms[term].anchor, n), *n)
    }

    fn term_url(&self, term: usize) -> String {
        self.lib.url(self.base_path, self.glossary.terms[term].page)
    }

    /// The opening `<a>` of an explicit `[text](term:slug)` link.
    pub fn explicit_link_open(&mut self, term: usize) -> (String, String) {
        let (id, _) = self.next_id(term);
        let meta = &self.lib.pages[self.glossary.terms[term].page].meta;
        let expansion =
            meta.expansion.as_deref().map(|e| format!(" data-expansion=\"{}\"", escape(e))).unwrap_or_default();
        let html = format!("<a class=\"term\" href=\"{}\" id=\"{id}\"{expansion}>", escape(&self.term_url(term)));
        (html, id)
    }

    /// Renders a run of prose: terms linked or marked, the rest escaped.
    pub fn text(
        &mut self,
        chunk: &str,
        occurrences: &mut Vec<std::sync::Arc<Occurrence>>,
        acronyms: &mut Vec<Acronym>,
    ) -> String {
        let mut html = String::with_capacity(chunk.len() + 64);
        // Soft breaks are kept as line breaks in `chunk`; terms are matched
        // (and quoted in "Used in") with spaces there. One byte for one, so
        // offsets hold in both.
        let spaced =
            if chunk.contains('\n') { std::borrow::Cow::Owned(chunk.replace('\n', " ")) } else { chunk.into() };
        let found = self.glossary.matcher.find(&spaced);
        self.find_acronyms(&spaced, &found, acronyms);
        let mut last = 0;
        for m in found {
            let term = match m.target {
                Target::Term(t) => Some(t),
                Target::Shared(g) => self.resolved.get(g).copied().flatten(),
            };
            if term.is_some() && term == self.own_term {
                continue;
            }
            escape_into(&mut html, &chunk[last..m.start]);
            last = m.end;
            let surface = &chunk[m.start..m.end];
            let Some(term) = term else {
                // A shared form this page cannot decide (only those have no
                // term): reported like an unexplained acronym, which the
                // lint tells apart, and linked to the list of its meanings.
                if let Target::Shared(g) = m.target {
                    let form = self.glossary.shared.get(g).map_or(surface, |sh| sh.form.as_str());
                    acronyms.push(Acronym { text: form.to_string(), offset: m.start });
                    self.undecided(&mut html, g, surface);
                }
                continue;
            };
            let (id, n) = self.next_id(term);
            let (before, text, after) = snippet(&spaced, m.start, m.end, 60);
            occurrences.push(std::sync::Arc::new(Occurrence { term, id: id.clone(), before, text, after }));
            let link = match self.policy {
                LinkPolicy::All => true,
                LinkPolicy::First => n == 1,
                LinkPolicy::None => false,
            };
            if link && !self.tipped.insert(term) {
                html.push_str("<a class=\"term\" href=\"");
                html.push_str(&escape(&self.term_url(term)));
                html.push_str(&format!("\" id=\"{id}\">"));
                escape_into(&mut html, surface);
                html.push_str("</a>");
            } else if link {
                let mut expansion = String::new();
                if n == 1 && self.expands_here(term) {
                    self.expand(&mut expansion, term, surface);
                }
                self.link(&mut html, term, &id, surface, expansion.is_empty());
                html.push_str(&expansion);
            } else {
                html.push_str(&format!("<span class=\"term-use\" id=\"{id}\">"));
                escape_into(&mut html, surface);
                html.push_str("</span>");
            }
        }
        escape_into(&mut html, &chunk[last..]);
        html
    }

    /// A linked use of `term`, with its tooltip. `data-expansion` is what
    /// print shows after the link (acta.css): not when the text is the
    /// expansion, nor when `in_print` is false (it is written right after).
    fn link(&self, html: &mut String, term: usize, id: &str, surface: &str, in_print: bool) {
        let meta = &self.lib.pages[self.glossary.terms[term].page].meta;
        let url = escape(&self.term_url(term));
        let has_summary = meta.summary.as_deref().is_some_and(|s| !s.trim().is_empty());
        let described = if has_summary { format!("{id}-desc") } else { format!("{id}-tip") };
        html.push_str("<span class=\"term-ref\"><a class=\"term\" href=\"");
        html.push_str(&url);
        html.push_str(&format!("\" id=\"{id}\" aria-describedby=\"{described}\""));
        if let Some(e) = meta.expansion.as_ref().filter(|e| in_print && !same_words(e, surface)) {
            html.push_str(&format!(" data-expansion=\"{}\"", escape(e)));
        }
        html.push('>');
        escape_into(html, surface);
        html.push_str(&format!(
            "</a><span class=\"term-tip\" role=\"tooltip\" id=\"{id}-tip\"><span class=\"term-tip-head\"><b>"
        ));
        escape_into(html, &meta.title);
        html.push_str("</b>");
        if let Some(e) = &meta.expansion {
            html.push_str(" <span class=\"term-tip-exp\">");
            escape_into(html, e);
            html.push_str("</span>");
        }
        html.push_str("</span>");
        if has_summary {
            html.push_str(&format!(" <span class=\"term-tip-body\" id=\"{id}-desc\">"));
            escape_into(html, meta.summary.as_deref().unwrap_or_default());
            html.push_str("</span>");
        }
        html.push_str("</span></span>");
    }

    /// Whether this page's first use of `term` is the first in its scope.
    fn expands_here(&self, term: usize) -> bool {
        match self.expand_first_use {
            ExpandFirstUse::Off => false,
            ExpandFirstUse::Page => true,
            ExpandFirstUse::Chapter | ExpandFirstUse::Document => {
                self.first_uses.is_some_and(|f| f.is_first(self.page, term))
            }
        }
    }

    /// "TIAR (Inter-American Treaty of Reciprocal Assistance)" on first use,
    /// unless the page spells the expansion out itself.
    fn expand(&mut self, html: &mut String, term: usize, surface: &str) {
        let meta = &self.lib.pages[self.glossary.terms[term].page].meta;
        let Some(expansion) = &meta.expansion else { return };
        if surface.eq_ignore_ascii_case(expansion) {
            return;
        }
        let body = self.body_lower.get_or_insert_with(|| self.lib.pages[self.page].body.to_lowercase());
        if body.contains(&expansion.to_lowercase()) {
            return;
        }
        html.push_str(" (");
        escape_into(html, expansion);
        html.push(')');
    }

    /// Runs of two or more capitals (digits allowed) that no term covers,
    /// except Roman numerals, ignored words and lines written all in capitals.
    fn find_acronyms(&self, chunk: &str, found: &[crate::glossary::matcher::Found], out: &mut Vec<Acronym>) {
        if self.glossary.terms.is_empty() {
            return;
        }
        let words = chunk.split_whitespace().count();
        if words >= 3 && !chunk.chars().any(char::is_lowercase) {
            return;
        }
        let bytes = chunk.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let starts_word = i == 0 || !chunk[..i].chars().next_back().is_some_and(char::is_alphanumeric);
            if !(starts_word && bytes[i].is_ascii_uppercase()) {
                i += chunk[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            let end = chunk[i..]
                .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit()))
                .map_or(chunk.len(), |e| i + e);
            let token = &chunk[i..end];
            let ends_word = !chunk[end..].chars().next().is_some_and(char::is_alphanumeric);
            let capitals = token.bytes().filter(u8::is_ascii_uppercase).count();
            let covered = found.iter().any(|f| f.start <= i && end <= f.end);
            // `[!NOTE]` where the parser did not take it as an alert's marker
            // (not alone on its line, or in an alert already) is still one.
            let marker = chunk[..i].ends_with("[!") && chunk[end..].starts_with(']') && ALERT_MARKERS.contains(&token);
            if ends_word
                && capitals >= 2
                && !covered
                && !marker
                && !is_roman(token)
                && !self.ignore.iter().any(|w| w == token)
            {
                out.push(Acronym { text: token.to_string(), offset: i });
            }
            i = end.max(i + 1);
        }
    }
}

/// GitHub's alert markers, `[!NOTE]` …: words of Markdown, not acronyms.
const ALERT_MARKERS: &[&str] = &["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];

fn is_roman(token: &str) -> bool {
    token.chars().all(|c| "IVXLCDM".contains(c))
}

/// Whether `a` and `b` are the same words, whatever their case and spacing
/// ("International Criminal Court" written so in the text).
fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace().map(str::to_lowercase).eq(b.split_whitespace().map(str::to_lowercase))
}
