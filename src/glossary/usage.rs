//! Where each term is used: the occurrences found while rendering pages,
//! gathered per term for the "Used in" list of its page and for terms.json.

use std::sync::Arc;

use crate::content::{Library, PageId};

/// One occurrence of a term on a page, with the id it carries in the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub term: usize,
    pub id: String,
    /// Plain text around the occurrence, split so templates can mark it.
    pub before: String,
    pub text: String,
    pub after: String,
}

/// The occurrences of one term on one page. They are shared with the
/// page's rendered body: gathering them copies no text, and comparing two
/// usages (to know which term pages an edit changed) is a pointer compare
/// for every page the edit did not touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageUse {
    pub page: PageId,
    pub occurrences: Vec<Arc<Occurrence>>,
}

/// For each term, the pages that use it, in reading order. Glossary pages
/// themselves are left out: "Used in" is about the document.
pub fn collect<'a>(
    lib: &Library,
    term_count: usize,
    per_page: impl Fn(PageId) -> Option<&'a [Arc<Occurrence>]>,
) -> Vec<Vec<PageUse>> {
    let mut out: Vec<Vec<PageUse>> = vec![Vec::new(); term_count];
    for &page in &lib.reading_order {
        let p = &lib.pages[page];
        if p.is_term || p.is_glossary_index {
            continue;
        }
        let Some(occurrences) = per_page(page) else { continue };
        for occ in occurrences {
            let uses = &mut out[occ.term];
            match uses.last_mut() {
                Some(last) if last.page == page => last.occurrences.push(Arc::clone(occ)),
                _ => uses.push(PageUse { page, occurrences: vec![Arc::clone(occ)] }),
            }
        }
    }
    out
}

/// Splits `chunk` around `start..end` into a short snippet: about `width`
/// characters each side, cut at spaces.
pub fn snippet(chunk: &str, start: usize, end: usize, width: usize) -> (String, String, String) {
    let before = &chunk[..start];
    let after = &chunk[end..];
    let mut b: String = before.chars().rev().take(width).collect::<Vec<_>>().into_iter().rev().collect();
    if b.len() < before.len() {
        b = match b.find(' ') {
            Some(i) => format!("…{}", &b[i..]),
            None => format!("…{b}"),
        };
    }
    let mut a: String = after.chars().take(width).collect();
    if a.len() < after.len() {
        a = match a.rfind(' ') {
            Some(i) => format!("{}…", &a[..i]),
            None => format!("{a}…"),
        };
    }
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let pad_b = if before.ends_with(char::is_whitespace) { " " } else { "" };
    let pad_a = if after.starts_with(char::is_whitespace) { " " } else { "" };
    (format!("{}{pad_b}", fold(&b)), chunk[start..end].to_string(), format!("{pad_a}{}", fold(&a)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_cuts_at_spaces() {
        let text = "one two three four OAS five six seven eight";
        let start = text.find("OAS").unwrap();
        let (b, t, a) = snippet(text, start, start + 3, 10);
        assert_eq!(t, "OAS");
        assert_eq!(b, "… four ");
        assert_eq!(a, " five six…");
    }
}
