//! Finding glossary terms in text: one Aho-Corasick automaton over every
//! surface form of every term, so the cost is linear in the text whatever
//! the number of terms.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// What a form stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// One term (its index in the glossary).
    Term(usize),
    /// A form several terms share, each where its `scope` says (an index
    /// into the glossary's shared forms): the page decides which.
    Shared(usize),
}

/// One surface form of a term: its title, expansion, a synonym, or an inflection of one.
#[derive(Debug, Clone)]
pub struct Form {
    pub text: String,
    pub target: Target,
    pub case_sensitive: bool,
}

/// A form found in text: `text[start..end]` stands for `target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub target: Target,
}

/// The automaton and the forms it was built from.
#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: Option<AhoCorasick>,
    forms: Vec<Form>,
}

impl Matcher {
    pub fn new(forms: Vec<Form>) -> Matcher {
        // Case-insensitive for ASCII at the automaton; case-sensitive forms are
        // checked on each hit. Overlapping search, so that when the longest form
        // at a position fails a check a shorter one can still match there.
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(forms.iter().map(|f| f.text.as_str()))
            .ok();
        Matcher { automaton, forms }
    }

    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// Whole-word occurrences of any form, leftmost first, longest at each
    /// position, never overlapping.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let Some(ac) = &self.automaton else { return Vec::new() };
        let mut candidates: Vec<Found> = ac
            .find_overlapping_iter(text)
            .filter_map(|m| {
                let form = &self.forms[m.pattern().as_usize()];
                let (start, end) = (m.start(), m.end());
                let hit = &text[start..end];
                if form.case_sensitive && hit != form.text {
                    return None;
                }
                if !is_boundary(text, start, end) {
                    return None;
                }
                Some(Found { start, end, target: form.target })
            })
            .collect();
        candidates.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out: Vec<Found> = Vec::with_capacity(candidates.len());
        for c in candidates {
            if out.last().is_none_or(|last| c.start >= last.end) {
                out.push(c);
            }
        }
        out
    }
}

/// Whether `text[start..end]` is a whole word: no letter or digit touches it.
fn is_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(forms: &[(&str, usize, bool)]) -> Matcher {
        Matcher::new(
            forms
                .iter()
                .map(|&(t, term, cs)| Form { text: t.into(), target: Target::Term(term), case_sensitive: cs })
                .collect(),
        )
    }

    #[test]
    fn longest_match_first() {
        let m = matcher(&[("OAS", 0, true), ("OAS Democratic Charter", 1, false)]);
        let found = m.find("The OAS Democratic Charter and the OAS.");
        assert_eq!(
            found,
            vec![
                Found { start: 4, end: 26, target: Target::Term(1) },
                Found { start: 35, end: 38, target: Target::Term(0) }
            ]
        );
    }

    #[test]
    fn whole_words_only() {
        let m = matcher(&[("OAS", 0, true), ("UN", 1, true)]);
        assert!(m.find("OASIS UNDP bOAS").is_empty());
        assert_eq!(m.find("(OAS), UN’s").len(), 2);
    }

    #[test]
    fn case_rules() {
        let m = matcher(&[("US", 0, true), ("human security", 1, false)]);
        assert!(m.find("let us go").is_empty());
        assert_eq!(m.find("Human Security and HUMAN SECURITY").len(), 2);
    }

    #[test]
    fn a_failed_long_form_leaves_room_for_a_shorter_one() {
        let m = matcher(&[("OAS", 0, true), ("OAS Charter", 1, false)]);
        let found = m.find("the OAS Charters");
        assert_eq!(found, vec![Found { start: 4, end: 7, target: Target::Term(0) }]);
    }

    #[test]
    fn non_ascii_text_is_safe() {
        let m = matcher(&[("Recíproca", 0, false)]);
        assert_eq!(m.find("Asistencia Recíproca, é").len(), 1);
    }
}
