//! Recognising blocks: numbered and ALL-CAPS headings (run-in ones split
//! from their paragraph), list items (`-`, `•`, `a)`, `- a)`, `(iv)`) and
//! paragraphs, and the node types the rest of the importer works on.
//!
//! A numbered line is a heading when its first sentence is short; a
//! single-level `N.` must also come in sequence and be ALL CAPS, short, or
//! have `N.M` subsections, so that numbered paragraphs stay paragraphs.

use std::collections::HashSet;

use super::case::{Capitals, is_all_caps, is_month, reader_case, sentence_end, word_count};

/// Characters that start a bulleted list item when followed by a space.
const BULLETS: &[char] = &['-', '•', '*', '–', '◦', '▪', '·', '‣', '⁃', '○', '●', '■', '□', '►'];

/// Lines that belong together, before classification.
#[derive(Debug, Clone)]
pub(crate) struct RawBlock<'a> {
    /// Trimmed lines, borrowed from the pages: a copy of the whole text
    /// here was a third of the importer's peak memory.
    pub(crate) lines: Vec<&'a str>,
    /// Indentation of the first line.
    pub(crate) indent: usize,
    pub(crate) page: usize,
    /// Whether a blank line (or a page break) comes before it.
    pub(crate) blank_before: bool,
    /// What the line structure says the block is, before its words are read.
    pub(crate) kind: BlockKind,
}

/// What a block is by its layout alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// Running text, a list item or a heading: its words decide.
    Text,
    /// Lines whose layout matters (code, a grammar, a diagram, aligned
    /// columns): `lines` are untrimmed and kept as they are, blank lines included.
    Preformatted(CodeLang),
    /// A line underlined with `=` (level 1) or `-` (level 2).
    Setext(u8),
}

/// The language a preformatted block is tagged with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeLang {
    Text,
    C,
    Abnf,
}

impl CodeLang {
    /// The info string of the fence.
    pub(crate) fn tag(self) -> &'static str {
        match self {
            CodeLang::Text => "text",
            CodeLang::C => "c",
            CodeLang::Abnf => "abnf",
        }
    }
}

/// One Markdown block.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Heading(Heading),
    Paragraph(Paragraph),
    Item(Item),
    Code(Code),
}

/// A preformatted block, shown verbatim in a fence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Code {
    pub(crate) lang: CodeLang,
    /// The lines, their common indentation removed, joined with `\n`.
    pub(crate) text: String,
}

/// A section heading.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Heading {
    /// The section number as numbered in the text, if any.
    pub(crate) number: Option<Number>,
    /// Reader-cased text without the number or a trailing period.
    pub(crate) text: String,
    /// Markdown level: number depth + 1, or one below the enclosing numbered heading.
    pub(crate) level: u8,
    /// `Some(1)` for a top-level section, `Some(2)` for a second-level one:
    /// the headings that may start a page.
    pub(crate) split: Option<u8>,
}

/// A section number such as `2.1.3.`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Number {
    pub(crate) parts: Vec<u32>,
    /// As written, e.g. `2.1.3.`.
    pub(crate) written: String,
}

impl Number {
    /// Dotted form without a trailing period, e.g. `2.3`.
    pub(crate) fn dotted(&self) -> &str {
        self.written.trim_end_matches('.')
    }
}

/// A paragraph of running text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Paragraph {
    pub(crate) text: String,
    /// BCP 47 code when the paragraph is in another language than the document.
    pub(crate) lang: Option<String>,
}

/// A list item.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    /// The item's own label, e.g. `a)`, kept in the text.
    pub(crate) label: Option<String>,
    /// 0 for a top-level item, 1 for one nested under a labelled item.
    pub(crate) depth: u8,
    pub(crate) text: String,
    /// Further paragraphs of the same item.
    pub(crate) more: Vec<String>,
    /// Written right under the previous item, without a blank line.
    pub(crate) tight: bool,
}

/// A classified block with what the structural passes need to know.
#[derive(Debug)]
pub(crate) struct Piece {
    pub(crate) node: Node,
    /// Page of its first line.
    pub(crate) page: usize,
    /// Page of its last line, once fragments from later pages are joined to it.
    pub(crate) page_end: usize,
    pub(crate) blank_before: bool,
    /// Indentation of its first line.
    pub(crate) indent: usize,
    /// Column where an item's text starts (after the marker).
    pub(crate) text_indent: usize,
}

/// True when the text numbers its sections: a `2.1.` heading, or two `N.` ones.
pub(crate) fn has_numbered_headings<'a>(texts: impl Iterator<Item = &'a str>) -> bool {
    let numbered: Vec<Number> = texts.filter_map(parse_number).map(|(n, _)| n).collect();
    numbered.iter().any(|n| n.parts.len() > 1) || numbered.len() >= 2
}

/// The start of a list item.
#[derive(Debug, PartialEq)]
pub(crate) struct ItemStart<'a> {
    pub(crate) label: Option<&'a str>,
    pub(crate) rest: &'a str,
    /// Characters taken by the bullet, the label and the spaces after them.
    pub(crate) marker_chars: usize,
}

/// Parses `- text`, `• text`, `a) text`, `- a) text`, `(iv) text`, `1) text`.
pub(crate) fn parse_item(text: &str) -> Option<ItemStart<'_>> {
    let mut rest = text;
    let mut bullet = false;
    if let Some(c) = rest.chars().next().filter(|c| BULLETS.contains(c)) {
        let after = &rest[c.len_utf8()..];
        if after.starts_with(char::is_whitespace) {
            rest = after.trim_start();
            bullet = true;
        }
    }
    let (label, after) = match parse_label(rest) {
        Some((label, after)) => (Some(label), after),
        None => (None, rest),
    };
    if !bullet && label.is_none() {
        return None;
    }
    let body = after.trim_start();
    if body.is_empty() {
        return None;
    }
    Some(ItemStart { label, rest: body, marker_chars: text.chars().count() - body.chars().count() })
}

/// Parses an item label (`a)`, `(a)`, `iv)`, `1)`) followed by a space.
fn parse_label(text: &str) -> Option<(&str, &str)> {
    let close = text.find(')')?;
    if close > 6 {
        return None;
    }
    let label = &text[..=close];
    let after = &text[close + 1..];
    if !after.starts_with(char::is_whitespace) {
        return None;
    }
    let inner = label.strip_prefix('(').unwrap_or(label).strip_suffix(')')?;
    let letter = inner.len() == 1 && inner.chars().all(|c| c.is_ascii_alphabetic());
    let roman = !inner.is_empty() && inner.len() <= 4 && inner.chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
    let digits = !inner.is_empty() && inner.len() <= 2 && inner.chars().all(|c| c.is_ascii_digit());
    (letter || roman || digits).then_some((label, after))
}

/// True when label `b` directly follows label `a` (`a)` → `b)`, `ii)` → `iii)`, `3)` → `4)`).
pub(crate) fn label_follows(a: &str, b: &str) -> bool {
    const ROMAN: &[&str] = &["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"];
    let inner = |l: &str| l.trim_start_matches('(').trim_end_matches(')').to_string();
    let (a, b) = (inner(a), inner(b));
    if let (Some(x), Some(y)) = (ROMAN.iter().position(|r| *r == a), ROMAN.iter().position(|r| *r == b))
        && y == x + 1
    {
        return true;
    }
    if let (Ok(x), Ok(y)) = (a.parse::<u32>(), b.parse::<u32>()) {
        return y == x + 1;
    }
    let (mut ca, mut cb) = (a.chars(), b.chars());
    match (ca.next(), cb.next(), ca.next(), cb.next()) {
        (Some(x), Some(y), None, None) => (x as u32) + 1 == y as u32,
        _ => false,
    }
}

/// Parses a section number (`1.`, `2.1.`, `2.1.3`, not `2002.`) and the text after it.
pub(crate) fn parse_number(text: &str) -> Option<(Number, &str)> {
    parse_number_with(text, false)
}

/// Like [`parse_number`], also taking a single number without a period (`1 Introduction`).
fn parse_number_with(text: &str, dotless: bool) -> Option<(Number, &str)> {
    if is_contents_line(text) {
        return None;
    }
    let end = text.find(char::is_whitespace)?;
    let (written, rest) = (&text[..end], text[end..].trim_start());
    let body = written.strip_suffix('.').unwrap_or(written);
    let parts: Vec<u32> = match roman_value(body) {
        Some(n) if written.ends_with('.') => vec![n],
        _ => body
            .split('.')
            .map(|p| {
                if (1..=2).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()) { p.parse().ok() } else { None }
            })
            .collect::<Option<_>>()?,
    };
    let dotted = parts.len() > 1 || written.ends_with('.') || dotless;
    let starts_well = rest.starts_with(|c: char| c.is_uppercase() || matches!(c, '"' | '“' | '‘'));
    (dotted && parts.len() <= 6 && starts_well).then(|| (Number { parts, written: written.to_string() }, rest))
}

/// A short line numbered without a period, `1 Introduction` (not `12 September 2011`).
pub(crate) fn parse_dotless(line: &str) -> Option<(Number, &str)> {
    parse_number_with(line, true).filter(|(n, rest)| {
        n.parts.len() == 1
            && word_count(rest) <= 8
            && !rest.ends_with('.')
            && !rest.split_whitespace().next().is_some_and(is_month)
    })
}

/// True for a table-of-contents entry: `1. INTRODUCTION ........ 3` or `2.1 Data      12`.
pub(crate) fn is_contents_line(text: &str) -> bool {
    let Some(body) = text
        .trim_end()
        .strip_suffix(|c: char| c.is_ascii_digit())
        .map(|b| b.trim_end_matches(|c: char| c.is_ascii_digit()))
    else {
        return false;
    };
    let dots = body.trim_end();
    dots.ends_with("...") || dots.ends_with('…') || dots.ends_with(". .") || body.ends_with("   ")
}

/// The value of an upper-case Roman numeral from I to XX (`IV` → 4).
fn roman_value(text: &str) -> Option<u32> {
    const ROMAN: &[&str] = &[
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
        "XVIII", "XIX", "XX",
    ];
    ROMAN.iter().position(|r| *r == text).map(|i| i as u32 + 1)
}

/// What classification needs to know about the text around a block.
pub(crate) struct Context {
    pub(crate) has_numbered: bool,
    /// Top-level numbers that have `N.M` subsections somewhere.
    pub(crate) top_with_subsections: HashSet<u32>,
    pub(crate) last_top: u32,
    /// Depth of the last numbered heading.
    pub(crate) depth: usize,
    pub(crate) acronyms: Capitals,
}

/// Splits a run-in heading: `End of the state. Globalization has …` →
/// (`End of the state.`, `Globalization has …`), when the first sentence is short.
fn split_run_in(text: &str) -> Option<(&str, &str)> {
    if is_all_caps(text) {
        return Some((text, ""));
    }
    match sentence_end(text) {
        Some(end) if word_count(&text[..end]) <= 30 => Some((&text[..end], text[end..].trim())),
        Some(_) => None,
        None => (word_count(text) <= 30).then_some((text, "")),
    }
}

/// Heading text as a reader would write it: recased, without a trailing period or colon.
fn heading_text(text: &str, acronyms: &Capitals) -> String {
    let text = reader_case(text.trim(), acronyms);
    let text = text.strip_suffix(['.', ':']).unwrap_or(&text);
    text.trim_end().to_string()
}

pub(crate) fn classify(block: &RawBlock, text: String, ctx: &mut Context) -> Vec<Piece> {
    let piece = |node: Node, text_indent: usize| piece(block, node, text_indent);
    match block.kind {
        BlockKind::Preformatted(lang) => return vec![piece(Node::Code(Code { lang, text }), block.indent)],
        BlockKind::Setext(depth) => {
            // `=` underlines a top-level section, `-` the one below: pages split on them.
            let heading = Heading {
                number: None,
                text: heading_text(&text, &ctx.acronyms),
                level: depth + 1,
                split: Some(depth),
            };
            ctx.depth = usize::from(depth);
            return vec![piece(Node::Heading(heading), block.indent)];
        }
        BlockKind::Text => {}
    }
    if is_contents_line(&text) {
        return vec![piece(paragraph(&text), block.indent)];
    }
    if block.lines.len() == 1 && is_matter_heading(&text) {
        // Front and back matter are top-level parts, each on its own page.
        ctx.depth = 1;
        let heading = Heading { number: None, text: heading_text(&text, &ctx.acronyms), level: 2, split: Some(1) };
        return vec![piece(Node::Heading(heading), block.indent)];
    }
    if let Some(item) = parse_item(&text) {
        let node = Node::Item(Item {
            label: item.label.map(str::to_string),
            depth: 0,
            text: item.rest.to_string(),
            more: Vec::new(),
            tight: false,
        });
        return vec![piece(node, block.indent + item.marker_chars)];
    }
    numbered_heading(block, &text, ctx)
        .or_else(|| caps_heading(block, &text, ctx))
        .unwrap_or_else(|| vec![piece(paragraph(&text), block.indent)])
}

/// A piece of `block`'s text.
fn piece(block: &RawBlock, node: Node, text_indent: usize) -> Piece {
    Piece {
        node,
        page: block.page,
        page_end: block.page,
        blank_before: block.blank_before,
        indent: block.indent,
        text_indent,
    }
}

/// `2.1. Title`, and a run-in text after it, when the number fits the
/// document's numbering.
fn numbered_heading(block: &RawBlock, text: &str, ctx: &mut Context) -> Option<Vec<Piece>> {
    // In a text that numbers its sections, `1 Introduction` (no period) is a heading too.
    let dotless = || (ctx.has_numbered && block.lines.len() == 1).then(|| parse_dotless(text)).flatten();
    let (number, head, tail) = parse_number(text)
        .or_else(dotless)
        .and_then(|(number, rest)| split_run_in(rest).map(|(head, tail)| (number, head, tail)))
        .filter(|(number, head, _)| accept_number(number, head, ctx))?;
    let depth = number.parts.len();
    if depth == 1 {
        ctx.last_top = number.parts.first().copied().unwrap_or(0);
    }
    ctx.depth = depth;
    let heading = Heading {
        text: heading_text(head, &ctx.acronyms),
        level: (depth + 1).min(6) as u8,
        split: (depth <= 2).then_some(depth as u8),
        number: Some(number),
    };
    let mut out = vec![piece(block, Node::Heading(heading), block.indent)];
    if !tail.is_empty() {
        out.push(piece(block, paragraph(tail), block.indent));
    }
    Some(out)
}

/// A short line in capitals, or a run-in heading in capitals before the
/// sentence it starts.
fn caps_heading(block: &RawBlock, text: &str, ctx: &Context) -> Option<Vec<Piece>> {
    let one_line = block.lines.len() <= 2;
    let caps_heading = one_line && is_all_caps(text) && word_count(text) <= 15 && !text.ends_with([',', ';']);
    let run_in = sentence_end(text).filter(|&end| {
        let (head, tail) = text.split_at(end);
        is_all_caps(head) && word_count(head) >= 2 && !is_all_caps(tail)
    });
    if !caps_heading && run_in.is_none() {
        return None;
    }
    let end = run_in.unwrap_or(text.len());
    let (head, tail) = text.split_at(end);
    let (level, split) = if ctx.has_numbered { ((ctx.depth + 2).min(6) as u8, None) } else { (2, Some(1)) };
    let heading = Heading { number: None, text: heading_text(head, &ctx.acronyms), level, split };
    let mut out = vec![piece(block, Node::Heading(heading), block.indent)];
    if !tail.trim().is_empty() {
        out.push(piece(block, paragraph(tail.trim()), block.indent));
    }
    Some(out)
}

/// Unnumbered headings of front and back matter, as papers, books and RFCs write them.
const MATTER_HEADINGS: &[&str] = &[
    "abstract",
    "preface",
    "foreword",
    "preamble",
    "introduction",
    "summary",
    "executive summary",
    "status of this memo",
    "copyright notice",
    "table of contents",
    "contents",
    "acknowledgements",
    "acknowledgments",
    "references",
    "normative references",
    "informative references",
    "bibliography",
    "glossary",
    "index",
    "conclusion",
    "conclusions",
    "authors' addresses",
    "author's address",
];

/// True for a line that names a part of the front or back matter
/// ("Status of This Memo", "Authors' Addresses") or an appendix
/// ("Appendix A.  Acknowledgements"). ALL-CAPS lines are left to the
/// ALL-CAPS heading rule, which already takes them.
pub(crate) fn is_matter_heading(line: &str) -> bool {
    let line = line.trim();
    if is_all_caps(line) || word_count(line) > 10 {
        return false;
    }
    let bare = line.trim_end_matches(['.', ':']).to_lowercase();
    if MATTER_HEADINGS.contains(&bare.as_str()) {
        return true;
    }
    // `Appendix A.  Title`, `Appendix B`, `Appendix 2: Title`
    let mut words = line.split_whitespace();
    let (Some(first), Some(label)) = (words.next(), words.next()) else {
        return false;
    };
    let label = label.trim_end_matches(['.', ':']);
    let short_label = !label.is_empty()
        && label.len() <= 3
        && (label.chars().all(|c| c.is_ascii_uppercase()) || label.chars().all(|c| c.is_ascii_digit()));
    let rest: Vec<&str> = words.collect();
    first == "Appendix"
        && short_label
        && !line.ends_with(['.', ',', ';'])
        && rest.first().is_none_or(|w| w.starts_with(|c: char| c.is_uppercase()))
}

fn paragraph(text: &str) -> Node {
    Node::Paragraph(Paragraph { text: text.to_string(), lang: None })
}

/// Decides whether a numbered line is a section heading rather than a
/// numbered paragraph or list: `N.` headings must come in sequence and be
/// ALL CAPS, short, or have `N.M` subsections.
fn accept_number(number: &Number, head: &str, ctx: &Context) -> bool {
    match number.parts.as_slice() {
        [n] => {
            let in_sequence = *n > ctx.last_top && *n <= ctx.last_top + 2;
            in_sequence && (is_all_caps(head) || ctx.top_with_subsections.contains(n) || word_count(head) <= 12)
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_markers() {
        let item = parse_item("- a) **Market.** Text").unwrap();
        assert_eq!((item.label, item.rest), (Some("a)"), "**Market.** Text"));
        assert_eq!(parse_item("• the opening").unwrap().rest, "the opening");
        assert_eq!(parse_item("(iv) fourth").unwrap().label, Some("(iv)"));
        assert_eq!(parse_item("b) New conflicts").unwrap().label, Some("b)"));
        assert!(parse_item("-and so on").is_none());
        assert!(parse_item("(although not exclusively) text").is_none());
        assert!(parse_item("**Bold** text").is_none());
        assert!(label_follows("a)", "b)") && label_follows("(ii)", "(iii)") && label_follows("9)", "10)"));
        assert!(!label_follows("a)", "c)"));
    }

    #[test]
    fn section_numbers() {
        let (n, rest) = parse_number("2.1.3. The technological revolution").unwrap();
        assert_eq!((n.parts, n.written.as_str(), rest), (vec![2, 1, 3], "2.1.3.", "The technological revolution"));
        assert_eq!(parse_number("1. ABSTRACT.").unwrap().0.parts, vec![1]);
        assert!(parse_number("2002. The year").is_none());
        assert!(parse_number("1 apple").is_none());
        assert!(parse_number("3. lower case start").is_none());
        let (n, rest) = parse_number("IV. RESULTS").unwrap();
        assert_eq!((n.dotted(), rest), ("IV", "RESULTS"));
        assert_eq!(n.parts, vec![4]);
        assert!(parse_number("IV RESULTS").is_none());
        assert_eq!(parse_number("2.1 Background").unwrap().0.dotted(), "2.1");
        assert_eq!(parse_number_with("3 Results", true).unwrap().0.parts, vec![3]);
        assert!(parse_number("1. INTRODUCTION ........ 3").is_none());
        assert!(parse_number("2.1. Data      12").is_none());
    }
}
