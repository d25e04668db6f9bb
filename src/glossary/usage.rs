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
    pub occurrences: Arc<[Arc<Occurrence>]>,
}

/// For each term, the pages that use it, in reading order. Each term's list
/// is shared, so an edit copies only the lists of the terms it touches.
pub type Usage = Vec<Arc<Vec<PageUse>>>;

/// Whether a page's uses count. Glossary pages themselves are left out:
/// "Used in" is about the document.
pub(crate) fn counts(lib: &Library, page: PageId) -> bool {
    let p = &lib.pages[page];
    !p.is_term && !p.is_glossary_index
}

/// A page's occurrences grouped by term, in order of each term's first one.
fn by_term(occurrences: &[Arc<Occurrence>]) -> Vec<(usize, Arc<[Arc<Occurrence>]>)> {
    let mut groups: Vec<(usize, Vec<Arc<Occurrence>>)> = Vec::new();
    for occ in occurrences {
        match groups.iter_mut().find(|(t, _)| *t == occ.term) {
            Some((_, list)) => list.push(Arc::clone(occ)),
            None => groups.push((occ.term, vec![Arc::clone(occ)])),
        }
    }
    groups.into_iter().map(|(t, list)| (t, list.into())).collect()
}

/// Every term's usage, from each page's occurrences.
pub fn collect<'a>(
    lib: &Library,
    term_count: usize,
    per_page: impl Fn(PageId) -> Option<&'a [Arc<Occurrence>]>,
) -> Usage {
    let mut out: Vec<Vec<PageUse>> = vec![Vec::new(); term_count];
    for &page in &lib.reading_order {
        let Some(occurrences) = per_page(page).filter(|_| counts(lib, page)) else { continue };
        for (term, occurrences) in by_term(occurrences) {
            if let Some(uses) = out.get_mut(term) {
                uses.push(PageUse { page, occurrences });
            }
        }
    }
    out.into_iter().map(Arc::new).collect()
}

/// `previous` with the uses on the `dirty` pages replaced by the ones they
/// have now (`old` and `new` give a page's occurrences before and after),
/// and the terms whose uses changed: what [`collect`] would return, in time
/// proportional to the edit rather than to the site.
pub fn update<'a, 'b>(
    lib: &Library,
    previous: &Usage,
    dirty: impl IntoIterator<Item = PageId>,
    old: impl Fn(PageId) -> &'a [Arc<Occurrence>],
    new: impl Fn(PageId) -> &'b [Arc<Occurrence>],
) -> (Usage, Vec<usize>) {
    let mut usage = previous.clone();
    let mut changed = Vec::new();
    let mut position = vec![usize::MAX; lib.pages.len()];
    for (i, &page) in lib.reading_order.iter().enumerate() {
        position[page] = i;
    }
    for page in dirty {
        if position.get(page).is_none_or(|&p| p == usize::MAX) || !counts(lib, page) {
            continue;
        }
        let (before, after) = (by_term(old(page)), by_term(new(page)));
        let mut terms: Vec<usize> = before.iter().chain(&after).map(|(t, _)| *t).collect();
        terms.sort_unstable();
        terms.dedup();
        for term in terms {
            let find = |groups: &[(usize, Arc<[Arc<Occurrence>]>)]| {
                groups.iter().find(|(t, _)| *t == term).map(|(_, list)| Arc::clone(list))
            };
            let now = find(&after);
            if find(&before) == now {
                continue;
            }
            let Some(uses) = usage.get_mut(term) else { continue };
            let uses = Arc::make_mut(uses);
            let i = uses.partition_point(|u| position[u.page] < position[page]);
            let here = uses.get(i).is_some_and(|u| u.page == page);
            match (here, now) {
                (true, Some(occurrences)) => uses[i].occurrences = occurrences,
                (true, None) => {
                    uses.remove(i);
                }
                (false, Some(occurrences)) => uses.insert(i, PageUse { page, occurrences }),
                (false, None) => continue,
            }
            changed.push(term);
        }
    }
    changed.sort_unstable();
    changed.dedup();
    (usage, changed)
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
