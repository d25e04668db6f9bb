//! What the glossary's own pages show: a term's page (definition, related
//! terms, "Used in") and the A–Z index, as template context, and terms.json.

use serde::Serialize;

use super::Glossary;
use super::usage::Usage;
use crate::content::Library;

/// `term` in the term template.
#[derive(Debug, Serialize)]
pub struct TermContext<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub expansion: Option<&'a str>,
    pub synonyms: &'a [String],
    pub summary: Option<&'a str>,
    /// Related terms, both the ones this term names and the ones naming it.
    pub related: Vec<TermLink<'a>>,
    /// The first pages that use it (see `[glossary] used_in_limit`).
    pub used_in: Vec<UseContext<'a>>,
    /// Occurrences over all pages.
    pub total: usize,
    /// How many pages use it.
    pub pages: usize,
    /// How many of them `used_in` leaves out.
    pub more: usize,
}

/// A term in a list.
#[derive(Debug, Serialize)]
pub struct TermLink<'a> {
    pub title: &'a str,
    pub url: String,
    pub expansion: Option<&'a str>,
    pub summary: Option<&'a str>,
}

/// A page that uses a term.
#[derive(Debug, Serialize)]
pub struct UseContext<'a> {
    pub title: &'a str,
    pub url: String,
    pub number: Option<&'a str>,
    pub count: usize,
    pub occurrences: Vec<OccurrenceContext<'a>>,
}

/// One occurrence, linking to its id on the page.
#[derive(Debug, Serialize)]
pub struct OccurrenceContext<'a> {
    pub url: String,
    pub before: &'a str,
    pub text: &'a str,
    pub after: &'a str,
}

/// `glossary` in the glossary index template.
#[derive(Debug, Serialize)]
pub struct IndexContext<'a> {
    pub letters: Vec<String>,
    pub groups: Vec<LetterGroup<'a>>,
    /// Forms several terms share, each with its meanings: where the text
    /// links a use its page cannot decide.
    pub shared: Vec<SharedContext<'a>>,
}

/// A form several terms share, in the index.
#[derive(Debug, Serialize)]
pub struct SharedContext<'a> {
    pub form: &'a str,
    /// The id of its list.
    pub anchor: &'a str,
    pub meanings: Vec<Meaning<'a>>,
}

/// One meaning of a shared form.
#[derive(Debug, Serialize)]
pub struct Meaning<'a> {
    #[serde(flatten)]
    pub term: TermLink<'a>,
    pub sense: Option<&'a str>,
}

/// The terms filed under one letter.
#[derive(Debug, Serialize)]
pub struct LetterGroup<'a> {
    pub letter: String,
    pub terms: Vec<TermLink<'a>>,
}

/// One term in `terms.json`.
#[derive(Debug, Serialize)]
struct TermJson<'a> {
    term: &'a str,
    slug: &'a str,
    expansion: Option<&'a str>,
    synonyms: &'a [String],
    summary: Option<&'a str>,
    url: String,
    related: &'a [String],
    used_in: Vec<UseJson<'a>>,
}

#[derive(Debug, Serialize)]
struct UseJson<'a> {
    title: &'a str,
    url: String,
    count: usize,
}

/// The glossary with its usage, ready to fill templates.
pub struct GlossaryPages<'a> {
    pub glossary: &'a Glossary,
    pub lib: &'a Library,
    pub usage: &'a Usage,
    pub base_path: &'a str,
    /// How many pages "Used in" lists (0: all).
    pub used_in_limit: usize,
    /// The glossary's language, whose alphabet orders the A–Z index.
    pub lang: &'a str,
}

/// How many occurrences of a term one page lists on the term's page.
const SNIPPETS_PER_PAGE: usize = 5;

impl<'a> GlossaryPages<'a> {
    fn url(&self, page: usize) -> String {
        self.lib.url(self.base_path, page)
    }

    fn link(&self, term: usize) -> TermLink<'a> {
        let page = &self.lib.pages[self.glossary.terms[term].page];
        TermLink {
            title: &page.meta.title,
            url: self.url(self.glossary.terms[term].page),
            expansion: page.meta.expansion.as_deref(),
            summary: page.meta.summary.as_deref(),
        }
    }

    pub fn term(&self, term: usize) -> TermContext<'a> {
        let t = &self.glossary.terms[term];
        let meta = &self.lib.pages[t.page].meta;
        let mut related: Vec<usize> = meta.related.iter().filter_map(|s| self.glossary.by_slug(s)).collect();
        for &other in self.glossary.named_by(term) {
            if !related.contains(&other) {
                related.push(other);
            }
        }
        related.retain(|&r| r != term);
        let uses = &self.usage[term];
        let limit = if self.used_in_limit == 0 { uses.len() } else { self.used_in_limit.min(uses.len()) };
        let used_in: Vec<UseContext<'a>> = uses[..limit]
            .iter()
            .map(|u| {
                let page = &self.lib.pages[u.page];
                let url = self.url(u.page);
                UseContext {
                    title: &page.meta.title,
                    number: page.meta.section.as_deref(),
                    count: u.occurrences.len(),
                    occurrences: u
                        .occurrences
                        .iter()
                        .take(SNIPPETS_PER_PAGE)
                        .map(|o| OccurrenceContext {
                            url: format!("{url}#{}", o.id),
                            before: &o.before,
                            text: &o.text,
                            after: &o.after,
                        })
                        .collect(),
                    url,
                }
            })
            .collect();
        TermContext {
            title: &meta.title,
            slug: &t.slug,
            expansion: meta.expansion.as_deref(),
            synonyms: &meta.synonyms,
            summary: meta.summary.as_deref(),
            related: related.into_iter().map(|r| self.link(r)).collect(),
            total: uses.iter().map(|u| u.occurrences.len()).sum(),
            pages: uses.len(),
            more: uses.len() - limit,
            used_in,
        }
    }

    /// Terms sorted A–Z (accents with their letter), grouped by first letter.
    pub fn index(&self) -> IndexContext<'a> {
        let mut order: Vec<usize> = (0..self.glossary.terms.len()).collect();
        let title = |t: usize| self.lib.pages[self.glossary.terms[t].page].meta.title.as_str();
        order.sort_by_cached_key(|&t| crate::content::collation_key_in(title(t), self.lang));
        let mut groups: Vec<LetterGroup<'a>> = Vec::new();
        for t in order {
            let letter = crate::content::index_letter_in(title(t), self.lang);
            match groups.last_mut() {
                Some(g) if g.letter == letter => g.terms.push(self.link(t)),
                _ => groups.push(LetterGroup { letter, terms: vec![self.link(t)] }),
            }
        }
        let shared = self
            .glossary
            .shared
            .iter()
            .map(|sh| SharedContext {
                form: &sh.form,
                anchor: &sh.anchor,
                meanings: sh
                    .terms
                    .iter()
                    .map(|&t| Meaning {
                        term: self.link(t),
                        sense: self.lib.pages[self.glossary.terms[t].page].meta.sense.as_deref(),
                    })
                    .collect(),
            })
            .collect();
        IndexContext { letters: groups.iter().map(|g| g.letter.clone()).collect(), groups, shared }
    }

    /// `terms.json`: the glossary as data for other tools.
    pub fn json(&self) -> Vec<u8> {
        let parts: Vec<Vec<u8>> = (0..self.glossary.terms.len()).map(|t| self.term_json(t)).collect();
        join_json(&parts)
    }

    /// Term `t`'s entry of `terms.json`, indented as an element of its
    /// array: a rebuild serializes again only the terms whose usage changed
    /// and joins the parts ([`join_json`]).
    pub fn term_json(&self, t: usize) -> Vec<u8> {
        let term = &self.glossary.terms[t];
        let meta = &self.lib.pages[term.page].meta;
        let json = TermJson {
            term: &meta.title,
            slug: &term.slug,
            expansion: meta.expansion.as_deref(),
            synonyms: &meta.synonyms,
            summary: meta.summary.as_deref(),
            url: self.url(term.page),
            related: &meta.related,
            used_in: self.usage[t]
                .iter()
                .map(|u| UseJson {
                    title: &self.lib.pages[u.page].meta.title,
                    url: self.url(u.page),
                    count: u.occurrences.len(),
                })
                .collect(),
        };
        let text = serde_json::to_vec_pretty(&json).unwrap_or_else(|_| b"{}".to_vec());
        let mut out = Vec::with_capacity(text.len() + text.len() / 16);
        out.extend_from_slice(b"  ");
        for &b in &text {
            // serde_json leaves `<`, `>` and `&` as they are; escaped, the data
            // is also safe to inline in a <script> (a `</script>` in a summary
            // cannot close it). They appear only inside strings, where `\u`
            // escapes mean the same; so do newlines, raw only between tokens.
            match b {
                b'<' => out.extend_from_slice(b"\\u003c"),
                b'>' => out.extend_from_slice(b"\\u003e"),
                b'&' => out.extend_from_slice(b"\\u0026"),
                b'\n' => out.extend_from_slice(b"\n  "),
                _ => out.push(b),
            }
        }
        out
    }
}

/// The array of [`GlossaryPages::term_json`] parts, as `serde_json` writes
/// a pretty array.
pub fn join_json<P: AsRef<[u8]>>(parts: &[P]) -> Vec<u8> {
    if parts.is_empty() {
        return b"[]".to_vec();
    }
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.as_ref().len() + 2).sum::<usize>() + 4);
    out.extend_from_slice(b"[\n");
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        out.extend_from_slice(part.as_ref());
    }
    out.extend_from_slice(b"\n]");
    out
}
