//! The glossary: terms from `content/<glossary dir>/`, the matcher that finds
//! them in text, where each is used, and the lint that keeps them honest
//! (every check in `lint`).

pub mod definitions;
pub mod first_use;
pub mod inflect;
pub mod lint;
pub mod matcher;
pub mod pages;
pub mod rename;
pub mod shared;
pub mod suggest;
pub mod usage;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

pub use crate::content::collation_key;
use crate::content::{Library, PageId};
use crate::diagnostic::Diagnostic;
pub use matcher::{Matcher, Target};
pub use shared::Shared;

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
    /// Forms several terms claim, each where its `scope` says.
    pub shared: Vec<Shared>,
    /// The glossary's index page, where shared forms list their meanings.
    pub index_page: Option<PageId>,
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
    /// Collects the terms of `lib` and the inflections of their forms; returns
    /// the glossary and the problems found in the entries (a form claimed
    /// twice, a `related` slug that does not exist, a synonym inflection covers…).
    pub fn build(lib: &Library) -> (Glossary, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut terms = Vec::new();
        let mut forms = Vec::new();
        let mut owner: HashMap<String, usize> = HashMap::new();
        let mut shared: Vec<Shared> = Vec::new();
        let mut shared_key: HashMap<String, usize> = HashMap::new();
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
                if let Some(why) = lint::too_common(form, case_sensitive) {
                    problems.push(lint::common_form(page, field, item, form, why));
                    continue;
                }
                let key = form.to_lowercase();
                match owner.get(&key) {
                    Some(&other) if other != index => {
                        let other_page = &lib.pages[terms.get(other).map_or(page_id, |t: &Term| t.page)];
                        if shared::placed(page) && shared::placed(other_page) {
                            let g = *shared_key.entry(key).or_insert_with(|| {
                                shared.push(Shared::new(form, vec![other]));
                                shared.len() - 1
                            });
                            if !shared[g].terms.contains(&index) {
                                shared[g].terms.push(index);
                            }
                        } else {
                            problems.push(lint::claimed_twice(page, form, other_page));
                        }
                        continue;
                    }
                    Some(_) => continue,
                    None => {
                        owner.insert(key, index);
                    }
                }
                forms.push(matcher::Form { text: form.to_string(), target: Target::Term(index), case_sensitive });
            }
            problems.extend(lint::missing_summary(page));
            problems.extend(shared::unknown_scopes(lib, page));
            let anchor: String =
                slug.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
            terms.push(Term { page: page_id, slug, anchor });
        }
        // Every explicit form is known before any variant is added, so a
        // variant never takes a form that a later entry names.
        for form in &mut forms {
            if let Some(&g) = shared_key.get(&form.text.to_lowercase()) {
                form.target = Target::Shared(g);
            }
        }
        let first_term = |target: Target| match target {
            Target::Term(t) => t,
            Target::Shared(g) => shared[g].terms[0],
        };
        let inflected = inflected_forms(lib, &terms, &forms, &owner, first_term);
        problems.extend(redundant_synonyms(lib, &terms));
        forms.extend(inflected);
        let by_slug: HashMap<String, usize> = terms.iter().enumerate().map(|(i, t)| (t.slug.clone(), i)).collect();
        let named_by = named_by(lib, &terms, &by_slug, &mut problems);
        let by_page = terms.iter().enumerate().map(|(i, t)| (t.page, i)).collect();
        let index_page = lib.pages.iter().position(|p| p.is_glossary_index);
        let matcher = Matcher::new(forms);
        (Glossary { terms, matcher, shared, index_page, by_slug, by_page, named_by }, problems)
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

/// For each term, the terms whose `related` names it; a `related` slug
/// that names no term is a problem.
fn named_by(
    lib: &Library,
    terms: &[Term],
    by_slug: &HashMap<String, usize>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Vec<usize>> {
    let mut named_by = vec![Vec::new(); terms.len()];
    for (index, term) in terms.iter().enumerate() {
        let page = &lib.pages[term.page];
        for related in &page.meta.related {
            if let Some(&named) = by_slug.get(related) {
                if named_by[named].last() != Some(&index) {
                    named_by[named].push(index);
                }
            } else {
                problems.push(lint::unknown_related(page, related));
            }
        }
    }
    named_by
}

/// Whether `page`'s forms match their inflections too (`inflect:`, default yes).
fn inflects(page: &crate::content::Page) -> bool {
    page.meta.inflect.unwrap_or(true)
}

/// The inflected variants of the explicit `forms` (see [`inflect`]) that no
/// entry claims: a variant that is another form's text is left out, and one
/// that two terms generate links to neither, since the text cannot say which.
fn inflected_forms(
    lib: &Library,
    terms: &[Term],
    forms: &[matcher::Form],
    explicit: &HashMap<String, usize>,
    first_term: impl Fn(Target) -> usize,
) -> Vec<matcher::Form> {
    let mut generated: HashMap<String, (Option<matcher::Form>, Target)> = HashMap::new();
    let mut order = Vec::new();
    for form in forms {
        // A shared form inflects as its first entry says.
        let page = &lib.pages[terms[first_term(form.target)].page];
        if !inflects(page) {
            continue;
        }
        let meta = &page.meta;
        for text in inflect::variants(&form.text) {
            let key = text.to_lowercase();
            if explicit.contains_key(&key) {
                continue;
            }
            // `NGO` stays case-sensitive as `NGOs`, which is not acronym-like itself.
            let case_sensitive = meta.case_sensitive.unwrap_or(form.case_sensitive || is_acronym_like(&text));
            if lint::too_common(&text, case_sensitive).is_some() {
                continue;
            }
            match generated.get_mut(&key) {
                Some((slot, target)) if *target != form.target => *slot = None,
                Some(_) => {}
                None => {
                    order.push(key.clone());
                    let variant = matcher::Form { text, target: form.target, case_sensitive };
                    generated.insert(key, (Some(variant), form.target));
                }
            }
        }
    }
    // In the order the entries gave them, so the automaton is the same on every build.
    order.into_iter().filter_map(|key| generated.remove(&key).and_then(|(form, _)| form)).collect()
}

/// Synonyms that an earlier form of the same entry already inflects to.
fn redundant_synonyms(lib: &Library, terms: &[Term]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for term in terms {
        let page = &lib.pages[term.page];
        if !inflects(page) {
            continue;
        }
        let meta = &page.meta;
        let mut kept: Vec<&str> =
            std::iter::once(meta.title.trim()).chain(meta.expansion.as_deref().map(str::trim)).collect();
        for (i, synonym) in meta.synonyms.iter().enumerate() {
            let synonym = synonym.trim();
            let from =
                kept.iter().find(|k| inflect::variants(k).iter().any(|v| v.to_lowercase() == synonym.to_lowercase()));
            match from {
                Some(from) => out.push(lint::redundant_synonym(page, i, synonym, from)),
                None => kept.push(synonym),
            }
        }
    }
    out
}

/// The letter a term is filed under in the A–Z index.
pub fn index_letter(title: &str) -> String {
    crate::content::index_letter_in(title, "en")
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
}
