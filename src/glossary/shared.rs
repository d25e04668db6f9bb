//! Forms several terms share: "ICC" is the International Criminal Court in
//! a paper's legal chapter and the International Chamber of Commerce in its
//! trade chapter. Two entries may claim one form when each says where it
//! applies — `scope:` (sections or pages, as content paths) or a `sense:`
//! label. On a page inside exactly one entry's scope the form means that
//! entry; anywhere else the text cannot say, so the form links to a list of
//! the meanings on the glossary index, and the lint asks for an explicit
//! `[ICC](term:slug)`.

use crate::content::{Library, Page, PageId};
use crate::diagnostic::Diagnostic;

use super::Glossary;

/// One form shared by several terms.
#[derive(Debug, Clone)]
pub struct Shared {
    /// The form as the first entry claiming it writes it.
    pub form: String,
    /// The id of its list of meanings on the glossary index.
    pub anchor: String,
    /// The terms that claim it, in glossary order.
    pub terms: Vec<usize>,
}

impl Shared {
    pub fn new(form: &str, terms: Vec<usize>) -> Shared {
        let slug: String =
            form.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
        Shared { form: form.to_string(), anchor: format!("shared-{slug}"), terms }
    }
}

/// Whether an entry says where it applies, so it may share a form.
pub fn placed(page: &Page) -> bool {
    !page.meta.scope.is_empty() || page.meta.sense.as_deref().is_some_and(|s| !s.trim().is_empty())
}

/// A `scope:` entry as a content path: `legal`, `legal/`, `@/legal/`,
/// `/legal/a.md` and `content/legal/a.md` all name what they would in a link.
fn normalise(entry: &str) -> &str {
    let e = entry.trim();
    let e = e.strip_prefix("@/").unwrap_or(e);
    let e = e.trim_start_matches('/');
    e.strip_prefix("content/").unwrap_or(e)
}

/// Whether the page at content path `rel` is inside `entry`: that page, or
/// a folder holding it.
pub fn covers(entry: &str, rel: &str) -> bool {
    let e = normalise(entry);
    if e.ends_with(".md") {
        return rel == e;
    }
    let folder = e.trim_end_matches('/');
    !folder.is_empty() && rel.strip_prefix(folder).is_some_and(|rest| rest.starts_with('/'))
}

impl Glossary {
    /// What shared form `shared` means on `page`: the one term whose scope
    /// covers it (or the page's own term), `None` when none or several do.
    pub fn resolve(&self, lib: &Library, shared: &Shared, page: PageId) -> Option<usize> {
        if let Some(own) = self.by_page(page).filter(|t| shared.terms.contains(t)) {
            return Some(own);
        }
        let rel = &lib.pages[page].rel;
        let mut covering =
            shared.terms.iter().filter(|&&t| lib.pages[self.terms[t].page].meta.scope.iter().any(|e| covers(e, rel)));
        match (covering.next(), covering.next()) {
            (Some(&t), None) => Some(t),
            _ => None,
        }
    }

    /// The shared form whose text is `form`, if any.
    pub fn shared_form(&self, form: &str) -> Option<&Shared> {
        self.shared.iter().find(|s| s.form.eq_ignore_ascii_case(form))
    }
}

/// `scope:` entries that cover no page of the site: a typo would otherwise
/// silently send every use to the list of meanings.
pub fn unknown_scopes(lib: &Library, page: &Page) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, entry) in page.meta.scope.iter().enumerate() {
        if !lib.pages.iter().any(|p| covers(entry, &p.rel)) {
            let (line, column) = crate::content::positions::item_position(&page.front_matter, "scope", Some(i))
                .map_or((page.line_of(entry), 1), |(l, c)| (l + 2, c));
            out.push(
                Diagnostic::error(&page.path, line, column, format!("`scope` names `{entry}`, which holds no page"))
                    .with_hint("write a section folder (`legal/`) or a page (`legal/courts.md`) under content/"),
            );
        }
    }
    out
}

/// A shared form on a page no single scope covers, at its first use there.
pub fn undecided_use(
    glossary: &Glossary,
    lib: &Library,
    page: &Page,
    shared: &Shared,
    at: (usize, usize),
) -> Diagnostic {
    let meanings: Vec<String> = shared
        .terms
        .iter()
        .map(|&t| {
            let entry = &lib.pages[glossary.terms[t].page];
            let name = entry.meta.expansion.as_deref().or(entry.meta.sense.as_deref()).unwrap_or(&entry.meta.title);
            format!("{name} ({})", entry.path.display())
        })
        .collect();
    let covering = shared
        .terms
        .iter()
        .filter(|&&t| lib.pages[glossary.terms[t].page].meta.scope.iter().any(|e| covers(e, &page.rel)))
        .count();
    let why = if covering > 1 { "more than one of their scopes covers this page" } else { "no scope covers this page" };
    let fixes: Vec<String> =
        shared.terms.iter().map(|&t| format!("`[{}](term:{})`", shared.form, glossary.terms[t].slug)).collect();
    Diagnostic::warning(&page.path, at.0, at.1, format!("`{}` may mean {}: {why}", shared.form, meanings.join(" or ")))
        .with_hint(format!("link the one meant, {}, or add this page to one entry's `scope`", fixes.join(" or ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_entries_name_folders_or_pages() {
        for entry in ["legal", "legal/", "@/legal/", "/legal", "content/legal/"] {
            assert!(covers(entry, "legal/_index.md"), "{entry}");
            assert!(covers(entry, "legal/courts.md"), "{entry}");
            assert!(!covers(entry, "legalese.md"), "{entry}");
            assert!(!covers(entry, "trade/legal.md"), "{entry}");
        }
        assert!(covers("legal/courts.md", "legal/courts.md"));
        assert!(!covers("legal/courts.md", "legal/other.md"));
        assert!(!covers("", "a.md"));
    }
}
