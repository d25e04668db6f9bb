//! The text's own definitions against the glossary: where the text says
//! "Inter-American Drug Abuse Control Commission (CICAD)" (found as `acta
//! glossary suggest` finds them), its long form should be one the entry
//! knows, and the acronym should not be used before the text defines it.
//! A definition with no entry at all is left to the lint of unexplained
//! acronyms, whose hint then points at `acta glossary suggest --write`.
//!
//! The sources are scanned as written (as `suggest` does): a definition is
//! a fact about the text, wherever Markdown puts it.

use std::collections::HashMap;

use crate::content::{Library, Page, PageId};
use crate::diagnostic::Diagnostic;

use super::suggest::{Candidate, suggest};
use super::{Glossary, Target, inflect};

/// An inline definition, at its page and byte offset in the body.
#[derive(Debug, Clone)]
pub struct Definition {
    pub page: PageId,
    pub long_form: String,
    pub offset: usize,
}

/// What the text defines inline, and the lint of those definitions.
#[derive(Debug, Default)]
pub struct Findings {
    /// Each acronym's first definition in reading order.
    pub first: HashMap<String, Definition>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Articles left out when comparing a long form with an entry's.
const ARTICLES: &[&str] = &["the", "a", "an", "el", "la", "los", "las", "le", "les", "un", "una", "l"];

/// A long form reduced to what a difference in wording is about: lower case,
/// hyphens, apostrophes and runs of space as one space, no articles, no
/// emphasis marks.
fn normalise(form: &str) -> String {
    let lower = form.to_lowercase().replace(['-', '‐', '–', '’', '\''], " ");
    lower
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty() && !ARTICLES.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A form and its inflections, normalised.
fn normalised_variants(form: &str) -> impl Iterator<Item = String> {
    std::iter::once(form.to_string()).chain(inflect::variants(form)).map(|f| normalise(&f))
}

/// The term `acronym` is a form of on `page` (its inflections included).
fn entry_of(glossary: &Glossary, lib: &Library, page: PageId, acronym: &str) -> Option<usize> {
    let found = glossary.matcher.find(acronym);
    let whole = found.first().filter(|f| found.len() == 1 && f.start == 0 && f.end == acronym.len())?;
    match whole.target {
        Target::Term(t) => Some(t),
        Target::Shared(g) => glossary.shared.get(g).and_then(|sh| glossary.resolve(lib, sh, page)),
    }
}

/// Whether the entry's title, expansion or a synonym (or an inflection of
/// one) is `long_form`, once both are normalised.
fn entry_knows(entry: &Page, long_form: &str) -> bool {
    let meta = &entry.meta;
    let text: Vec<String> = normalised_variants(long_form).collect();
    std::iter::once(&meta.title)
        .chain(meta.expansion.iter())
        .chain(meta.synonyms.iter())
        .flat_map(|f| normalised_variants(f))
        .any(|f| text.contains(&f))
}

/// The file line and column of byte `offset` of `page`'s body.
fn place(page: &Page, offset: usize) -> (usize, usize) {
    let (line, column) = crate::diagnostic::line_col(&page.body, offset);
    (page.body_line + line - 1, column)
}

/// Where the definition `c` starts: the acronym's own place when the text
/// writes `ACR (Long Form)`, so that an earlier use is one before it.
fn definition_start(body: &str, c: &Candidate) -> usize {
    let before = body[..c.offset].trim_end();
    if before.ends_with(c.acronym.as_str()) { before.len() - c.acronym.len() } else { c.offset }
}

/// Every inline definition of the document's pages, in reading order, checked
/// against the glossary.
pub fn check(glossary: &Glossary, lib: &Library) -> Findings {
    let mut out = Findings::default();
    let pages: Vec<PageId> =
        lib.reading_order.iter().copied().filter(|&p| super::usage::counts(lib, p) && !lib.pages[p].is_term).collect();
    let defined: Vec<(usize, Vec<Candidate>)> = pages
        .iter()
        .enumerate()
        .map(|(i, &id)| (i, suggest(&lib.pages[id].body)))
        .filter(|(_, c)| !c.is_empty())
        .collect();
    if defined.is_empty() {
        return out;
    }
    let first_uses = first_uses(lib, &pages, defined.iter().flat_map(|(_, cs)| cs.iter().map(|c| c.acronym.as_str())));
    for (position, candidates) in &defined {
        let id = pages[*position];
        let page = &lib.pages[id];
        for c in candidates {
            let term = entry_of(glossary, lib, id, &c.acronym);
            if let Some(entry) = term.map(|t| &lib.pages[glossary.terms[t].page])
                && !entry_knows(entry, &c.long_form)
            {
                out.diagnostics.push(other_wording(page, c, entry));
            }
            if out.first.contains_key(&c.acronym) {
                continue;
            }
            let start = definition_start(&page.body, c);
            if let Some(&(p, at)) = first_uses.get(c.acronym.as_str()).filter(|&&u| u < (*position, start)) {
                let used = &lib.pages[pages[p]];
                out.diagnostics.push(used_before(page, c, used, place(used, at)));
            }
            let def = Definition { page: id, long_form: c.long_form.clone(), offset: c.offset };
            out.first.insert(c.acronym.clone(), def);
        }
    }
    out
}

/// Where each of `acronyms` is first used as a whole word: (index in
/// `pages`, byte offset in its body). One automaton over them all, so the
/// text is read once whatever the number of definitions.
fn first_uses<'a>(
    lib: &Library,
    pages: &[PageId],
    acronyms: impl Iterator<Item = &'a str>,
) -> HashMap<&'a str, (usize, usize)> {
    let mut words: Vec<&str> = acronyms.collect();
    words.sort_unstable();
    words.dedup();
    let mut out = HashMap::new();
    let Ok(ac) = aho_corasick::AhoCorasick::new(&words) else { return out };
    for (i, &id) in pages.iter().enumerate() {
        let body = &lib.pages[id].body;
        for m in ac.find_overlapping_iter(body) {
            let before = body[..m.start()].chars().next_back();
            let after = body[m.end()..].chars().next();
            if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
                out.entry(words[m.pattern().as_usize()]).or_insert((i, m.start()));
            }
        }
        if out.len() == words.len() {
            break;
        }
    }
    out
}

/// The text's long form is none of the entry's.
fn other_wording(page: &Page, c: &Candidate, entry: &Page) -> Diagnostic {
    let (line, column) = place(page, c.offset);
    let says = entry.meta.expansion.as_deref().unwrap_or(&entry.meta.title);
    Diagnostic::warning(
        &page.path,
        line,
        column,
        format!(
            "the text defines `{}` as `{}`, but its entry ({}) says `{says}`",
            c.acronym,
            c.long_form,
            entry.path.display()
        ),
    )
    .with_hint("if the text's wording is a real variant, add it to the entry's `synonyms`; otherwise correct the text or the entry's `expansion`")
}

/// The acronym is used (at `used`, `at`) before the text defines it.
fn used_before(page: &Page, c: &Candidate, used: &Page, at: (usize, usize)) -> Diagnostic {
    let (line, column) = place(page, definition_start(&page.body, c));
    Diagnostic::warning(
        &page.path,
        line,
        column,
        format!(
            "`{}` is defined here, but the text uses it before, at {}:{}:{}",
            c.acronym,
            used.path.display(),
            at.0,
            at.1
        ),
    )
    .with_hint(format!("define it at its first use (\"{} ({})\"), or spell it out there", c.long_form, c.acronym))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording_is_compared_without_case_hyphens_articles_or_number() {
        assert_eq!(
            normalise("The Inter-American  Drug Abuse Control Commission"),
            normalise("inter american drug abuse control commission")
        );
        assert_eq!(normalise("*Comisión Interamericana*"), "comisión interamericana");
        assert_ne!(
            normalise("Inter-American Drug Control Abuse Commission"),
            normalise("Inter-American Drug Abuse Control Commission")
        );
        let plural: Vec<String> = normalised_variants("confidence-building measure").collect();
        assert!(plural.contains(&normalise("Confidence-Building Measures")));
    }
}
