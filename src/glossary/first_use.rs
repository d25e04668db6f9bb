//! Where a term is used first, for `[glossary] expand_first_use`: once per
//! page, per chapter (the top-level section a page belongs to) or per
//! document (once in reading order over the whole site).
//!
//! With a chapter or document scope a page's HTML depends on the pages
//! before it: whether "OAS" is spelled out there depends on whether an
//! earlier page of the scope used it. Which terms a page uses does not
//! depend on that (the expansion is added after a use, never matched), so a
//! render finds the first uses from the bodies' occurrences and renders
//! again only the pages whose first uses differ from what they were
//! rendered with (see `site::render`).

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::usage::Occurrence;
use crate::content::{Library, PageId};

/// `[glossary] expand_first_use`: where a term's expansion is written after
/// its first use ("TIAR (Inter-American Treaty of Reciprocal Assistance)").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExpandFirstUse {
    /// Never (`false`).
    #[default]
    Off,
    /// At the first use on each page (`"page"`, or `true` as before scopes existed).
    Page,
    /// At the first use in each top-level section.
    Chapter,
    /// At the first use in the whole site, in reading order.
    Document,
}

impl ExpandFirstUse {
    /// Whether a page's expansions depend on the pages before it.
    pub fn crosses_pages(self) -> bool {
        matches!(self, ExpandFirstUse::Chapter | ExpandFirstUse::Document)
    }
}

impl<'de> Deserialize<'de> for ExpandFirstUse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bool(bool),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Bool(false) => Ok(ExpandFirstUse::Off),
            Raw::Bool(true) => Ok(ExpandFirstUse::Page),
            Raw::Text(s) => match s.as_str() {
                "page" => Ok(ExpandFirstUse::Page),
                "chapter" => Ok(ExpandFirstUse::Chapter),
                "document" => Ok(ExpandFirstUse::Document),
                "false" | "off" | "none" => Ok(ExpandFirstUse::Off),
                other => Err(serde::de::Error::custom(format!(
                    "`expand_first_use` is {other:?}: write \"page\", \"chapter\", \"document\" or false"
                ))),
            },
        }
    }
}

impl Serialize for ExpandFirstUse {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ExpandFirstUse::Off => s.serialize_bool(false),
            ExpandFirstUse::Page => s.serialize_str("page"),
            ExpandFirstUse::Chapter => s.serialize_str("chapter"),
            ExpandFirstUse::Document => s.serialize_str("document"),
        }
    }
}

/// For a chapter or document scope: which page holds each term's first use
/// in each scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FirstUses {
    /// Each page's scope (a chapter's page id, or 0 for the document); `None`
    /// for the glossary's own pages, which explain each term on their own
    /// and so keep the page scope.
    scope_of: Vec<Option<PageId>>,
    /// (scope, term) → the page of the first use.
    first: HashMap<(PageId, usize), PageId>,
}

impl FirstUses {
    /// The scopes of `lib`'s pages, with no use known yet: every page then
    /// expands nothing, except the glossary's own.
    pub fn unknown(lib: &Library, scope: ExpandFirstUse) -> FirstUses {
        let scope_of = (0..lib.pages.len())
            .map(|id| {
                if !super::usage::counts(lib, id) {
                    return None;
                }
                Some(match scope {
                    ExpandFirstUse::Chapter => chapter(lib, id),
                    _ => 0,
                })
            })
            .collect();
        FirstUses { scope_of, first: HashMap::new() }
    }

    /// The first uses, from each page's occurrences, in reading order.
    pub fn find<'a>(
        lib: &Library,
        scope: ExpandFirstUse,
        occurrences: impl Fn(PageId) -> &'a [Arc<Occurrence>],
    ) -> FirstUses {
        let mut out = FirstUses::unknown(lib, scope);
        for &page in &lib.reading_order {
            let Some(Some(s)) = out.scope_of.get(page).copied() else { continue };
            for occ in occurrences(page) {
                out.first.entry((s, occ.term)).or_insert(page);
            }
        }
        out
    }

    /// Whether `page` holds `term`'s first use in its scope (always, on the
    /// glossary's own pages).
    pub fn is_first(&self, page: PageId, term: usize) -> bool {
        match self.scope_of.get(page) {
            Some(Some(s)) => self.first.get(&(*s, term)) == Some(&page),
            _ => true,
        }
    }

    /// The pages whose first uses differ between `self` and `other`: the
    /// ones to render again when `other` was used to render them.
    pub fn changed_pages(&self, other: &FirstUses) -> Vec<PageId> {
        let mut out: Vec<PageId> = Vec::new();
        for (key, page) in &self.first {
            match other.first.get(key) {
                Some(p) if p == page => {}
                Some(p) => out.extend([*page, *p]),
                None => out.push(*page),
            }
        }
        for (key, page) in &other.first {
            if !self.first.contains_key(key) {
                out.push(*page);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The top-level section (or top-level page) that holds `id`.
fn chapter(lib: &Library, id: PageId) -> PageId {
    let mut cur = id;
    while let Some(parent) = lib.pages[cur].parent {
        if lib.is_home(parent) {
            break;
        }
        cur = parent;
    }
    cur
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(toml: &str) -> Result<ExpandFirstUse, String> {
        #[derive(Deserialize)]
        struct T {
            e: ExpandFirstUse,
        }
        toml::from_str::<T>(toml).map(|t| t.e).map_err(|e| e.to_string())
    }

    #[test]
    fn scope_from_bool_or_name() {
        assert_eq!(parse("e = false"), Ok(ExpandFirstUse::Off));
        assert_eq!(parse("e = true"), Ok(ExpandFirstUse::Page));
        assert_eq!(parse("e = \"page\""), Ok(ExpandFirstUse::Page));
        assert_eq!(parse("e = \"chapter\""), Ok(ExpandFirstUse::Chapter));
        assert_eq!(parse("e = \"document\""), Ok(ExpandFirstUse::Document));
        assert!(parse("e = \"book\"").unwrap_err().contains("\"chapter\""));
    }
}
