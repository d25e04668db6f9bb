//! Every glossary check, in one place: an entry's own forms and fields
//! (while the glossary is built), the document's use of terms (after its
//! bodies are rendered), and terms the text never uses (after usage is known).
//! Errors stop a build; warnings are the lint that `build` prints and
//! `check` reports.

use std::collections::HashMap;

use crate::content::{Library, Page};
use crate::diagnostic::Diagnostic;

use super::Glossary;
use super::definitions::Definition;
use super::usage::Usage;

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

/// A form refused by [`too_common`], at its place in the front matter.
pub fn common_form(page: &Page, field: &str, item: Option<usize>, form: &str, why: &str) -> Diagnostic {
    let (line, column) = crate::content::positions::item_position(&page.front_matter, field, item)
        .map_or((page.line_of(form), 1), |(l, c)| (l + 2, c));
    Diagnostic::error(
        &page.path,
        line,
        column,
        format!("`{form}` {why}: as a form of this term it would link ordinary words all over the text"),
    )
    .with_hint("remove it; an acronym of one letter may stay if written in capitals with `case_sensitive: true`")
}

/// A title, expansion or synonym that another term claimed first.
pub fn claimed_twice(page: &Page, form: &str, other: &Page) -> Diagnostic {
    Diagnostic::error(
        &page.path,
        page.line_of(form),
        1,
        format!("`{form}` is also a form of the term in {}", other.path.display()),
    )
    .with_hint(
        "remove it from one of them, or give both a `scope:` (the sections or pages where each applies) or a `sense:` label",
    )
}

/// A synonym that inflection already matches: the plural (or singular) of
/// another form of the same entry.
pub fn redundant_synonym(page: &Page, item: usize, synonym: &str, from: &str) -> Diagnostic {
    let (line, column) = crate::content::positions::item_position(&page.front_matter, "synonyms", Some(item))
        .map_or((page.line_of(synonym), 1), |(l, c)| (l + 2, c));
    Diagnostic::warning(
        &page.path,
        line,
        column,
        format!("synonym `{synonym}` is an inflection of `{from}`, which matches it already"),
    )
    .with_hint("remove it, or set `inflect: false` to list every form by hand")
}

/// A term without the sentence its tooltip shows.
pub fn missing_summary(page: &Page) -> Option<Diagnostic> {
    page.meta.summary.as_deref().is_none_or(|s| s.trim().is_empty()).then(|| {
        Diagnostic::warning(&page.path, 2, 1, "this term has no `summary`")
            .with_hint("add one plain sentence: it is the tooltip readers see")
    })
}

/// A `related` slug that names no term.
pub fn unknown_related(page: &Page, related: &str) -> Diagnostic {
    Diagnostic::error(&page.path, page.line_of(related), 1, format!("`related` names `{related}`, which is not a term"))
        .with_hint("use the file name of another term, without `.md`")
}

/// What the lint of a page's text reads besides the page.
#[derive(Clone, Copy)]
pub struct TextLint<'a> {
    pub glossary: &'a Glossary,
    pub lib: &'a Library,
    pub glossary_dir: &'a str,
    /// Each acronym's first inline definition in the text.
    pub defined: &'a HashMap<String, Definition>,
}

/// What one page's text does with the glossary: `[x](term:slug)` links to
/// no term (errors), and acronyms without an entry (warnings, once per
/// acronym and page; not on the glossary's own pages, which explain rather
/// than are explained).
///
/// A shared form the page cannot decide comes as an unknown acronym too
/// (the Markdown pass reports both as text no term explains here): it gets
/// its own warning, with the explicit links that would decide it.
pub fn page_text(
    ctx: TextLint<'_>,
    page: &Page,
    unknown_terms: &[(String, usize, usize)],
    unknown_acronyms: &[(String, usize, usize)],
) -> Vec<Diagnostic> {
    let glossary_dir = ctx.glossary_dir;
    let mut out = Vec::new();
    for (slug, line, column) in unknown_terms {
        out.push(
            Diagnostic::error(&page.path, *line, *column, format!("`term:{slug}` names no glossary term"))
                .with_hint(format!("terms are the files in content/{glossary_dir}/, named by slug")),
        );
    }
    if page.is_term || page.is_glossary_index {
        return out;
    }
    let mut seen = std::collections::HashSet::new();
    for (acronym, line, column) in unknown_acronyms {
        if !seen.insert(acronym) {
            continue;
        }
        if let Some(shared) = ctx.glossary.shared_form(acronym) {
            out.push(super::shared::undecided_use(ctx.glossary, ctx.lib, page, shared, (*line, *column)));
        } else {
            out.push(
                Diagnostic::warning(
                    &page.path,
                    *line,
                    *column,
                    format!("`{acronym}` looks like an acronym and has no glossary entry"),
                )
                .with_hint(no_entry_hint(ctx, acronym)),
            );
        }
    }
    out
}

/// What to do about an acronym with no entry: if the text defines it, the
/// entry its long form names takes it as a synonym, or `suggest` drafts one.
fn no_entry_hint(ctx: TextLint<'_>, acronym: &str) -> String {
    let dir = ctx.glossary_dir;
    let Some(def) = ctx.defined.get(acronym) else {
        return format!("add content/{dir}/{}.md, or list it in [glossary] ignore", acronym.to_lowercase());
    };
    let page = &ctx.lib.pages[def.page];
    let (line, _) = crate::diagnostic::line_col(&page.body, def.offset);
    let at = format!("{}:{}", page.path.display(), page.body_line + line - 1);
    let found = ctx.glossary.matcher.find(&def.long_form);
    let named = found.first().filter(|f| found.len() == 1 && f.start == 0 && f.end == def.long_form.len());
    match named.map(|f| f.target) {
        Some(super::Target::Term(t)) => format!(
            "the text defines it as `{}` ({at}), which is the term in {}: add `{acronym}` to its `synonyms`",
            def.long_form,
            ctx.lib.pages[ctx.glossary.terms[t].page].path.display()
        ),
        _ => format!(
            "the text defines it as `{}` ({at}): `acta glossary suggest --write` drafts its entry in content/{dir}/",
            def.long_form
        ),
    }
}

/// Terms the document never uses, except those marked `background: true`:
/// a glossary may explain what the text assumes without naming it.
pub fn unused_terms<'a>(
    glossary: &'a Glossary,
    library: &'a Library,
    usage: &'a Usage,
) -> impl Iterator<Item = Diagnostic> + 'a {
    glossary
        .terms
        .iter()
        .zip(usage)
        .filter(|(term, uses)| uses.is_empty() && !library.pages[term.page].meta.background)
        .map(|(term, _)| {
            Diagnostic::warning(&library.pages[term.page].path, 1, 1, "this term is never used in the text").with_hint(
                "add the text's own wording as a synonym, or mark it `background: true` if the text assumes it without naming it",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

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
