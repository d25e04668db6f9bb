//! The glossary: terms from `content/<glossary dir>/`, the matcher that finds
//! them in text, where each is used, and the lint that keeps them honest.

pub mod matcher;
pub mod pages;
pub mod suggest;
pub mod usage;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

pub use crate::content::collation_key;
use crate::content::{Library, PageId};
use crate::diagnostic::Diagnostic;
pub use matcher::Matcher;

/// `[glossary] link`: which occurrences of a term on a page become links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkPolicy {
    /// The first occurrence of each term on each page.
    #[default]
    First,
    All,
    None,
}

/// A glossary term, from its page's front matter.
#[derive(Debug, Clone)]
pub struct Term {
    pub page: PageId,
    /// The file name without `.md`: what `term:slug` and `related` refer to.
    pub slug: String,
    /// The id prefix of its occurrences: the slug, reduced to safe characters.
    pub anchor: String,
}

/// Every term, the automaton over their surface forms, and lookups.
#[derive(Debug, Clone)]
pub struct Glossary {
    pub terms: Vec<Term>,
    pub matcher: Matcher,
    by_slug: HashMap<String, usize>,
    by_page: HashMap<PageId, usize>,
    /// For each term, the terms whose `related` names it: built once, so a
    /// term page does not scan the whole glossary (which made rendering
    /// every term page grow with the square of the glossary's size).
    named_by: Vec<Vec<usize>>,
}

/// Whether a surface form is written like an acronym (`OAS`, `G-8`): no
/// lower-case letters, a letter, and two or more letters or digits. Such forms
/// are matched with their case, so `US` never matches "us".
pub fn is_acronym_like(form: &str) -> bool {
    !form.chars().any(char::is_lowercase)
        && form.chars().any(char::is_alphabetic)
        && form.chars().filter(|c| c.is_alphanumeric()).count() >= 2
}

impl Glossary {
    /// Collects the terms of `lib`; returns the glossary and the problems found
    /// in the entries (a form claimed twice, a `related` slug that does not exist…).
    pub fn build(lib: &Library) -> (Glossary, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut terms = Vec::new();
        let mut forms = Vec::new();
        let mut owner: HashMap<String, usize> = HashMap::new();
        for (page_id, page) in lib.terms() {
            let slug = page.rel.rsplit('/').next().unwrap_or(&page.rel).trim_end_matches(".md").to_string();
            let index = terms.len();
            let meta = &page.meta;
            let surface = std::iter::once(("title", None, &meta.title))
                .chain(meta.expansion.iter().map(|e| ("expansion", None, e)))
                .chain(meta.synonyms.iter().enumerate().map(|(i, s)| ("synonyms", Some(i), s)));
            for (field, item, form) in surface {
                let form = form.trim();
                if form.is_empty() {
                    continue;
                }
                let case_sensitive = meta.case_sensitive.unwrap_or_else(|| is_acronym_like(form));
                if let Some(why) = too_common(form, case_sensitive) {
                    let (line, column) = crate::content::front_matter::item_position(&page.front_matter, field, item)
                        .map_or((page.line_of(form), 1), |(l, c)| (l + 2, c));
                    problems.push(
                        Diagnostic::error(&page.path, line, column, format!("`{form}` {why}: as a form of this term it would link ordinary words all over the text"))
                            .with_hint("remove it; an acronym of one letter may stay if written in capitals with `case_sensitive: true`"),
                    );
                    continue;
                }
                let key = form.to_lowercase();
                match owner.get(&key) {
                    Some(&other) if other != index => {
                        let other_page = &lib.pages[terms.get(other).map_or(page_id, |t: &Term| t.page)];
                        problems.push(
                            Diagnostic::error(&page.path, page.line_of(form), 1, format!("`{form}` is also a form of the term in {}", other_page.path.display()))
                                .with_hint("a title, expansion or synonym must belong to one term only; remove it from one of them"),
                        );
                        continue;
                    }
                    Some(_) => continue,
                    None => {
                        owner.insert(key, index);
                    }
                }
                forms.push(matcher::Form { text: form.to_string(), term: index, case_sensitive });
            }
            if meta.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
                problems.push(
                    Diagnostic::warning(&page.path, 2, 1, "this term has no `summary`")
                        .with_hint("add one plain sentence: it is the tooltip readers see"),
                );
            }
            let anchor: String =
                slug.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
            terms.push(Term { page: page_id, slug, anchor });
        }
        let by_slug: HashMap<String, usize> = terms.iter().enumerate().map(|(i, t)| (t.slug.clone(), i)).collect();
        let mut named_by = vec![Vec::new(); terms.len()];
        for (index, term) in terms.iter().enumerate() {
            let page = &lib.pages[term.page];
            for related in &page.meta.related {
                if let Some(&named) = by_slug.get(related) {
                    if named_by[named].last() != Some(&index) {
                        named_by[named].push(index);
                    }
                } else {
                    problems.push(
                        Diagnostic::error(
                            &page.path,
                            page.line_of(related),
                            1,
                            format!("`related` names `{related}`, which is not a term"),
                        )
                        .with_hint("use the file name of another term, without `.md`"),
                    );
                }
            }
        }
        let by_page = terms.iter().enumerate().map(|(i, t)| (t.page, i)).collect();
        (Glossary { terms, matcher: Matcher::new(forms), by_slug, by_page, named_by }, problems)
    }

    /// The terms whose `related` list names `term`, in glossary order.
    pub fn named_by(&self, term: usize) -> &[usize] {
        self.named_by.get(term).map_or(&[], Vec::as_slice)
    }

    pub fn by_slug(&self, slug: &str) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }

    /// The term whose page is `page`.
    pub fn by_page(&self, page: PageId) -> Option<usize> {
        self.by_page.get(&page).copied()
    }
}

/// Words too common to be a term's form in English, Spanish, Portuguese and
/// French: articles, prepositions, conjunctions. Linked, every sentence would
/// carry a tooltip per word and a page's size would grow many times over.
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    // English
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "if", "in", "into", "is", "it", "its",
    "no", "not", "of", "on", "or", "so", "than", "that", "the", "their", "then", "there", "these", "this", "to",
    "was", "we", "were", "which", "who", "will", "with",
    // Spanish
    "al", "con", "de", "del", "el", "en", "es", "la", "las", "lo", "los", "para", "por", "que", "se", "su", "sus",
    "un", "una", "uno", "unos", "unas", "y",
    // Portuguese
    "ao", "aos", "com", "da", "das", "do", "dos", "em", "na", "nas", "nos", "os", "um", "uma", "umas", "uns",
    // French
    "au", "aux", "ce", "ces", "dans", "des", "du", "et", "il", "le", "les", "ou", "où", "par", "pour", "qui", "sur",
    "une", "à",
];

/// Why `form` may not be a form of a term, if it may not: one letter or
/// digit, or a stop word. Written in capitals and matched with case
/// (`X` with `case_sensitive: true`, `DE` as an acronym), it stays: then it
/// matches only where the text writes it in capitals too.
pub fn too_common(form: &str, case_sensitive: bool) -> Option<&'static str> {
    if case_sensitive && !form.chars().any(char::is_lowercase) {
        return None;
    }
    if form.chars().filter(|c| c.is_alphanumeric()).count() <= 1 {
        return Some("has fewer than two letters or digits");
    }
    // "of the" matches as often as its words do.
    let lower = form.to_lowercase();
    lower.split_whitespace().all(|w| STOP_WORDS.contains(&w)).then_some("is a common word")
}

/// The letter a term is filed under in the A–Z index.
pub fn index_letter(title: &str) -> String {
    collation_key(title)
        .0
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .map_or_else(|| "#".to_string(), |c| c.to_uppercase().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_sort_with_their_letter() {
        let mut words = vec!["Ottawa", "Órgano", "Ecuador", "Ñandú", "Nación", "éxito"];
        words.sort_by_key(|w| collation_key(w));
        assert_eq!(words, vec!["Ecuador", "éxito", "Nación", "Ñandú", "Órgano", "Ottawa"]);
        assert_eq!(index_letter("Órgano"), "O");
        assert_eq!(index_letter("9/11"), "#");
    }

    #[test]
    fn acronym_like_forms() {
        assert!(is_acronym_like("OAS"));
        assert!(is_acronym_like("G-8"));
        assert!(!is_acronym_like("Rio Group"));
        assert!(!is_acronym_like("X"));
    }

    #[test]
    fn common_forms() {
        assert_eq!(too_common("a", false), Some("has fewer than two letters or digits"));
        assert_eq!(too_common("A", false), Some("has fewer than two letters or digits"));
        assert_eq!(too_common("A", true), None);
        assert_eq!(too_common("The", true), Some("is a common word"));
        assert_eq!(too_common("de", false), Some("is a common word"));
        assert_eq!(too_common("DE", true), None);
        assert_eq!(too_common("à", false), Some("has fewer than two letters or digits"));
        assert_eq!(too_common("-", false), Some("has fewer than two letters or digits"));
        assert_eq!(too_common("OAS", true), None);
        assert_eq!(too_common("Rio Treaty", false), None);
        assert_eq!(too_common("of the", false), Some("is a common word"));
        assert_eq!(too_common("Bank of the South", false), None);
    }
}
