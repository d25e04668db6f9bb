//! Page splitting and running head/footer removal.
//!
//! With form feeds, each page's first and last few lines are compared across
//! pages. Without them (PDF-to-text output where pages are only separated
//! by blank lines), a short line that repeats at least three times, mostly
//! after a gap of two or more blank lines, is a running head, and every place
//! where one stands is a page break. Lines are compared by a key in which
//! digits, month names and spacing are masked, so `Page 3 of 40` and
//! `Report — 4 March` match their siblings; page-number lines (`12`,
//! `- 12 -`, `[Page 12]`, `Page 3 of 40`) are footers even when they repeat
//! only twice.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use super::case::is_month;

/// How many non-blank lines at each edge of a page may hold a running head.
const EDGE_LINES: usize = 3;

/// The text split into pages, with running heads and footers removed.
///
/// Lines are slices of the text, not copies: a `String` per line cost the
/// text's size again plus 40 bytes a line, and was the importer's peak.
#[derive(Debug, Default)]
pub(crate) struct Pages<'a> {
    /// Each page's lines (trailing spaces trimmed); blank lines kept.
    pub(crate) pages: Vec<Vec<&'a str>>,
    /// Running-head lines found at the top of the first page, before any
    /// other text: they often name the event, place and date of the paper.
    pub(crate) first_heads: Vec<String>,
    /// The exact text of every line removed as a head or footer.
    pub(crate) removed: Vec<&'a str>,
}

/// Tabs expanded to spaces up to the next multiple of eight columns, as a
/// terminal shows them, so that tables and code keep their alignment; the
/// text itself when it has none.
pub(crate) fn expand_tabs(text: String) -> String {
    if !text.contains('\t') {
        return text;
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut column = 0;
    for c in text.chars() {
        match c {
            '\t' => {
                let next = (column / 8 + 1) * 8;
                out.extend(std::iter::repeat_n(' ', next - column));
                column = next;
            }
            '\n' | '\r' | '\u{c}' => {
                out.push(c);
                column = 0;
            }
            c => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

/// Splits the text (tabs already expanded) into pages and removes running heads and footers.
pub(crate) fn split_pages(text: &str) -> Pages<'_> {
    let lines: Vec<&str> = text.split('\n').map(clean_line).collect();
    if text.contains('\u{c}') { by_form_feeds(&lines) } else { by_repeated_lines(lines) }
}

/// A line with trailing spaces (not form feeds) trimmed.
fn clean_line(line: &str) -> &str {
    line.trim_end_matches(|c: char| c.is_whitespace() && c != '\u{c}')
}

/// The comparison key of a line that may be a head or footer, or `None` for
/// lines too long to be one.
fn head_key(line: &str) -> Option<String> {
    let mut key = String::new();
    head_key_into(line, &mut key).then_some(key)
}

/// Writes the comparison key of `line` into `key` (emptied first); false
/// for lines too long to be a head or footer.
fn head_key_into(line: &str, key: &mut String) -> bool {
    key.clear();
    let line = line.trim();
    if line.is_empty() || line.len() > 4 * 120 || line.chars().count() > 120 || line.split_whitespace().count() > 16 {
        return false;
    }
    for word in line.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        if is_month(word) && word.chars().any(char::is_alphabetic) {
            key.push_str("@month");
            continue;
        }
        for c in word.chars() {
            if c.is_ascii_digit() {
                if !key.ends_with('#') {
                    key.push('#');
                }
            } else {
                key.extend(c.to_lowercase());
            }
        }
    }
    true
}

/// A line's key in the repeated-lines pass: a hash of [`head_key`] rather
/// than the key, which for a long text was another copy of most of it.
/// Two keys sharing a 64-bit hash would count as one; at a few million
/// lines the odds are about one in a trillion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct LineKey {
    hash: u64,
    page_number: bool,
}

fn line_key(line: &str, buf: &mut String) -> Option<LineKey> {
    if !head_key_into(line, buf) {
        return None;
    }
    let mut hasher = DefaultHasher::new();
    buf.hash(&mut hasher);
    Some(LineKey { hash: hasher.finish(), page_number: is_page_number(buf) })
}

/// True for the key of a page-number line: `#`, `- # -`, `page # of #`, `[page #]`, `#/#`.
fn is_page_number(key: &str) -> bool {
    let compact: String = key.chars().filter(|c| c.is_alphanumeric() || matches!(c, '#' | '/')).collect();
    matches!(
        compact.as_str(),
        "#" | "page#"
            | "page#of#"
            | "p#"
            | "pg#"
            | "#of#"
            | "#/#"
            | "página#"
            | "página#de#"
            | "pagina#"
            | "pagina#de#"
            | "pág#"
            | "pag#"
            | "seite#"
            | "seite#von#"
            | "#de#"
    )
}

fn by_form_feeds<'a>(lines: &[&'a str]) -> Pages<'a> {
    let mut pages: Vec<Vec<&str>> = vec![Vec::new()];
    for line in lines {
        let mut parts = line.split('\u{c}');
        if let (Some(first), Some(page)) = (parts.next(), pages.last_mut()) {
            page.push(first.trim_end());
        }
        for part in parts {
            pages.push(vec![part.trim_end()]);
        }
    }
    pages.retain(|page| page.iter().any(|l| !l.trim().is_empty()));

    // Count, for each key, the pages that have it near an edge.
    let mut edge_pages: HashMap<String, usize> = HashMap::new();
    let edges: Vec<Vec<usize>> = pages.iter().map(|page| edge_indices(page)).collect();
    for (page, idx) in pages.iter().zip(&edges) {
        let keys: HashSet<String> = idx.iter().filter_map(|&i| head_key(page[i])).collect();
        for key in keys {
            *edge_pages.entry(key).or_default() += 1;
        }
    }
    let needed = (pages.len() * 2).div_ceil(5).max(2);
    let is_head = |key: &str| is_page_number(key) || edge_pages.get(key).is_some_and(|&n| n >= needed);

    let mut out = Pages::default();
    for (p, (page, idx)) in pages.iter().zip(&edges).enumerate() {
        let mut kept = Vec::new();
        let mut seen_text = false;
        for (i, line) in page.iter().enumerate() {
            let head = idx.contains(&i) && head_key(line).is_some_and(|k| is_head(&k));
            if head {
                let key = head_key(line).unwrap_or_default();
                if p == 0 && !seen_text && !is_page_number(&key) {
                    out.first_heads.push(line.trim().to_string());
                }
                out.removed.push(line.trim());
            } else {
                seen_text |= !line.trim().is_empty();
                kept.push(*line);
            }
        }
        out.pages.push(kept);
    }
    out
}

/// Indices of the first and last few non-blank lines of a page.
fn edge_indices(page: &[&str]) -> Vec<usize> {
    let filled: Vec<usize> = (0..page.len()).filter(|&i| !page[i].trim().is_empty()).collect();
    let mut idx: Vec<usize> = filled.iter().take(EDGE_LINES).copied().collect();
    idx.extend(filled.iter().rev().take(EDGE_LINES));
    idx
}

fn by_repeated_lines(lines: Vec<&str>) -> Pages<'_> {
    let mut buf = String::new();
    let keys: Vec<Option<LineKey>> = lines.iter().map(|l| line_key(l, &mut buf)).collect();
    let mut counts: HashMap<LineKey, usize> = HashMap::new();
    for key in keys.iter().flatten() {
        *counts.entry(*key).or_default() += 1;
    }
    let runs = candidate_runs(&lines, &keys, &counts);
    let heads = running_heads(&lines, &keys, &counts, &runs);
    cut_at_heads(&lines, &keys, &runs, &heads)
}

/// Runs of candidate lines (keys seen three times, or twice for a page
/// number) separated only by blank lines.
fn candidate_runs(lines: &[&str], keys: &[Option<LineKey>], counts: &HashMap<LineKey, usize>) -> Vec<Vec<usize>> {
    let candidate = |i: usize| {
        keys[i].is_some_and(|k| {
            let n = counts.get(&k).copied().unwrap_or(0);
            n >= 3 || (n >= 2 && k.page_number)
        })
    };
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !candidate(i) {
            i += 1;
            continue;
        }
        let mut run = vec![i];
        let mut j = i + 1;
        loop {
            let mut k = j;
            while k < lines.len() && k < j + 2 && lines[k].trim().is_empty() {
                k += 1;
            }
            if k < lines.len() && candidate(k) {
                run.push(k);
                j = k + 1;
            } else {
                break;
            }
        }
        i = j;
        runs.push(run);
    }
    runs
}

/// The keys that are running heads: most of their occurrences stand at a page edge.
fn running_heads(
    lines: &[&str],
    keys: &[Option<LineKey>],
    counts: &HashMap<LineKey, usize>,
    runs: &[Vec<usize>],
) -> HashSet<LineKey> {
    let blanks_before = |i: usize| lines[..i].iter().rev().take_while(|l| l.trim().is_empty()).count();
    let blanks_after = |i: usize| lines[i + 1..].iter().take_while(|l| l.trim().is_empty()).count();
    let mut at_edge: HashMap<LineKey, usize> = HashMap::new();
    for run in runs {
        let (Some(&first), Some(&last)) = (run.first(), run.last()) else {
            continue;
        };
        // A number on a line of its own is a footer only when it stands
        // apart: right under a line of text, it ends a sentence ("…in\n(2002).").
        let apart = first == 0 || blanks_before(first) > 0;
        let edge = first == blanks_before(first)
            || blanks_before(first) >= 2
            || blanks_after(last) >= 2
            || last + blanks_after(last) + 1 >= lines.len()
            || (apart && run.iter().any(|&i| keys[i].is_some_and(|k| k.page_number)));
        if edge {
            for key in run.iter().filter_map(|&i| keys[i]) {
                *at_edge.entry(key).or_default() += 1;
            }
        }
    }
    counts
        .iter()
        .filter(|&(key, &n)| {
            let edge = at_edge.get(key).copied().unwrap_or(0);
            edge >= 2 && edge * 5 >= n * 3
        })
        .map(|(key, _)| *key)
        .collect()
}

/// The text cut into pages where runs holding a running head stand; the
/// heads removed (and the first page's kept for the title).
fn cut_at_heads<'t>(
    lines: &[&'t str],
    keys: &[Option<LineKey>],
    runs: &[Vec<usize>],
    heads: &HashSet<LineKey>,
) -> Pages<'t> {
    let is_head = |i: usize| keys[i].is_some_and(|k| heads.contains(&k));
    let mut out = Pages::default();
    let mut page: Vec<&str> = Vec::new();
    let run_at: HashMap<usize, &Vec<usize>> = runs.iter().filter_map(|r| r.first().map(|&f| (f, r))).collect();
    let mut i = 0;
    while i < lines.len() {
        let Some(run) = run_at.get(&i).filter(|r| r.iter().any(|&k| is_head(k))) else {
            page.push(lines[i]);
            i += 1;
            continue;
        };
        let has_text = page.iter().any(|l| !l.trim().is_empty());
        for &k in run.iter() {
            if is_head(k) {
                out.removed.push(lines[k].trim());
                let page_number = keys[k].is_some_and(|k| k.page_number);
                if out.pages.is_empty() && !has_text && !page_number {
                    out.first_heads.push(lines[k].trim().to_string());
                }
            }
        }
        let kept: Vec<&str> = run.iter().filter(|&&k| !is_head(k)).map(|&k| lines[k]).collect();
        if has_text {
            out.pages.push(std::mem::take(&mut page));
        }
        page.extend(kept);
        i = run.last().map_or(i + 1, |&last| last + 1);
    }
    if page.iter().any(|l| !l.trim().is_empty()) || out.pages.is_empty() {
        out.pages.push(page);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_number_keys() {
        for line in ["12", "- 12 -", "[Page 12]", "Page 3 of 40", "3/40", "Página 2 de 9"] {
            let key = head_key(line).unwrap();
            assert!(is_page_number(&key), "{line}");
        }
        for line in ["1. Introduction", "Page layout", "2002 and after"] {
            assert!(!is_page_number(&head_key(line).unwrap()), "{line}");
        }
    }

    #[test]
    fn form_feed_pages_lose_repeated_headers_and_page_numbers() {
        let text = "Title line\n\nBody one of page one\nmore body\n\n  Page 1 of 3\n\u{c}Report 2011\nBody two\n\n  Page 2 of 3\n\u{c}Report 2011\nBody three\n  Page 3 of 3\n";
        let pages = split_pages(text);
        assert_eq!(pages.pages.len(), 3);
        let all: Vec<&str> = pages.pages.iter().flatten().copied().collect();
        assert!(all.iter().all(|l| !l.contains("Page") && !l.contains("Report 2011")));
        assert!(all.contains(&"Body three"));
    }

    #[test]
    fn repeated_heads_after_gaps_split_pages_and_vary_by_number() {
        let mut text = String::new();
        for n in 1..=4usize {
            let body = ["Apples grow here.", "Pears do not.", "Plums are late.", "Figs need sun."][n - 1];
            text.push_str(&format!("\n\n\nANNUAL MEETING {n} MAY 2002\n\n{body}\n"));
        }
        let pages = split_pages(&text);
        assert_eq!(pages.pages.len(), 4);
        assert_eq!(pages.first_heads, vec!["ANNUAL MEETING 1 MAY 2002"]);
        assert_eq!(pages.removed.len(), 4);
    }

    #[test]
    fn a_line_repeated_inside_the_text_is_not_a_head() {
        let text = "Intro\n\nYes\nNo\n\nYes\nMaybe\n\nYes\nEnd\n";
        let pages = split_pages(text);
        assert_eq!(pages.pages.len(), 1);
        assert!(pages.removed.is_empty());
    }

    #[test]
    fn a_number_under_a_line_of_text_ends_its_sentence() {
        // Found by the importer's word-loss property: "(2002)." alone on the
        // last line of two paragraphs was taken for a page number, dropped,
        // and the paragraphs joined as if cut by a page break.
        let text = "Intro\n\nThe treaty was signed in\n(2002).\n\nIt was renewed in\n(2002).\n\nEnd of the text.\n";
        let pages = split_pages(text);
        assert!(pages.removed.is_empty(), "{:?}", pages.removed);
        assert_eq!(pages.pages.len(), 1);
        // A number standing apart is still a footer.
        let text = "Intro\n\nOne page of text.\n\n(2)\n\nAnother page of text.\n\n(3)\n\nThe end.\n";
        assert_eq!(split_pages(text).removed, ["(2)", "(3)"]);
    }
}
