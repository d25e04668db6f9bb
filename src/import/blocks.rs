//! Block and paragraph reconstruction: lines → blocks → the document's nodes.
//!
//! A text with many lines longer than 120 characters has one paragraph per
//! line; otherwise it is hard-wrapped and runs of lines between blank lines
//! are joined, a word hyphenated at a line end being rejoined unless the
//! document spells it with the hyphen elsewhere. Then:
//! - a paragraph cut by a page break mid-sentence (the part before the break
//!   does not end a sentence, or the part after it starts in lower case) is
//!   joined to its start;
//! - a paragraph opening a page right after a list item, or standing between
//!   two items whose labels follow each other (`a)` … `b)`), or indented
//!   under an item, continues that item;
//! - unlabelled bullets after a labelled item that ends with `:` nest under it.

use std::collections::HashSet;

use super::case::{collect_capitals, ends_sentence, is_all_caps, sentence_end, word_count};
use super::classify::{
    BlockKind, CodeLang, Context, Item, Node, Piece, RawBlock, classify, has_numbered_headings, is_contents_line,
    label_follows, parse_dotless, parse_item, parse_number,
};
use super::heads::Pages;
use super::title::{self, TitleBlock};

/// The document as the importer understands it.
#[derive(Debug, Default)]
pub(crate) struct Doc {
    /// What the first page's title block holds.
    pub(crate) title: TitleBlock,
    /// Everything after the title block, in reading order.
    pub(crate) nodes: Vec<Node>,
}

/// Whether the text is hard-wrapped, and at what width.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    pub(crate) wrapped: bool,
    pub(crate) width: usize,
    /// The indentation of most lines: where running text starts (0 in most
    /// files, 3 in an RFC). Preformatted blocks stand to the right of it.
    pub(crate) margin: usize,
}

impl Layout {
    fn of(pages: &Pages<'_>) -> Layout {
        let mut lens: Vec<usize> =
            pages.pages.iter().flatten().filter(|l| !l.trim().is_empty()).map(|l| l.chars().count()).collect();
        let long = lens.iter().filter(|&&n| n > 120).count();
        let mut indents = [0usize; 41];
        for line in pages.pages.iter().flatten().filter(|l| !l.trim().is_empty()) {
            indents[indent_of(line).min(40)] += 1;
        }
        // The most common indentation, the smallest one on a tie.
        let margin = (0..indents.len()).rev().max_by_key(|&i| indents[i]).unwrap_or(0);
        // The 90th percentile by selection: the same value as sorting, in linear time.
        let at = lens.len() * 9 / 10;
        let width = if at < lens.len() { *lens.select_nth_unstable(at).1 } else { 72 }.max(20);
        Layout { wrapped: long * 10 <= lens.len(), width, margin }
    }

    /// True when a line is clearly shorter than the wrap width.
    fn is_short(&self, line: &str) -> bool {
        !self.wrapped || line.chars().count() * 4 < self.width * 3
    }
}

/// Builds the document from its pages.
pub(crate) fn build(pages: &Pages<'_>) -> Doc {
    let layout = Layout::of(pages);
    let vocab = vocabulary(pages);
    let raw = raw_blocks(pages, layout);
    let texts: Vec<String> = raw.iter().map(|b| block_text(b, &vocab)).collect();
    let acronyms = collect_capitals(texts.iter().map(String::as_str));
    // Numbers inside code or a table are not section numbers.
    let prose = || raw.iter().zip(&texts).filter(|(b, _)| b.kind == BlockKind::Text).map(|(_, t)| t.as_str());
    let has_numbered = has_numbered_headings(prose());

    let extent = title_extent(&raw, pages.first_heads.len(), layout, has_numbered);
    let title_lines: Vec<String> = raw[..extent].iter().flat_map(|b| b.lines.iter().map(|l| l.to_string())).collect();
    let title = title::parse(&pages.first_heads, &title_lines, &acronyms);

    let mut ctx = Context {
        has_numbered,
        top_with_subsections: prose()
            .filter_map(parse_number)
            .filter(|(n, _)| n.parts.len() > 1)
            .filter_map(|(n, _)| n.parts.first().copied())
            .collect(),
        last_top: 0,
        depth: 0,
        acronyms,
    };
    let mut pieces = Vec::new();
    let toc = contents_blocks(&raw, &texts);
    for ((block, text), _) in raw.iter().zip(texts).zip(toc).skip(extent).filter(|(_, toc)| !toc) {
        pieces.extend(classify(block, text, &mut ctx));
    }
    let pieces = merge_page_breaks(pieces, &vocab);
    let pieces = attach_continuations(pieces, layout);
    let pieces = attach_between_labels(pieces);
    let mut nodes = nest_and_tighten(pieces);
    super::lang::mark_languages(&mut nodes);
    Doc { title, nodes }
}

/// Lower-case words of the text as written inside lines, hyphens kept: the
/// evidence for rejoining words hyphenated across lines.
fn vocabulary(pages: &Pages<'_>) -> HashSet<String> {
    let mut vocab = HashSet::new();
    let mut after_hyphen = false;
    for line in pages.pages.iter().flatten() {
        let words: Vec<&str> = line.split_whitespace().collect();
        for (i, word) in words.iter().enumerate() {
            // Both halves of a word broken across lines are left out.
            let first_half = i + 1 == words.len() && word.ends_with('-');
            if first_half || (i == 0 && after_hyphen) {
                continue;
            }
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            if !bare.is_empty() {
                vocab.insert(bare.to_lowercase());
            }
        }
        if !words.is_empty() {
            after_hyphen = words.last().is_some_and(|w| w.ends_with('-'));
        }
    }
    vocab
}

/// Marks the document's own table of contents: runs of at least two
/// contents entries (`1.  Introduction . . . 3`), and the `Contents` or
/// `Table of Contents` heading over them. The site's navigation replaces it.
fn contents_blocks(raw: &[RawBlock], texts: &[String]) -> Vec<bool> {
    let mut toc = vec![false; raw.len()];
    let mut i = 0;
    while i < raw.len() {
        let is_entry = |k: usize| raw[k].kind == BlockKind::Text && texts.get(k).is_some_and(|t| is_contents_line(t));
        let run = (i..raw.len()).take_while(|&k| is_entry(k)).count();
        if run < 2 {
            i += 1;
            continue;
        }
        toc[i..i + run].iter_mut().for_each(|t| *t = true);
        if let Some(before) = i.checked_sub(1)
            && let Some(text) = texts.get(before)
            && matches!(text.trim().trim_end_matches(':').to_lowercase().as_str(), "contents" | "table of contents")
        {
            toc[before] = true;
        }
        i += run;
    }
    toc
}

/// A block's text: prose joined, preformatted lines kept, less their common indentation.
fn block_text(block: &RawBlock, vocab: &HashSet<String>) -> String {
    if !matches!(block.kind, BlockKind::Preformatted(_)) {
        return join_lines(&block.lines, vocab);
    }
    let common = block.lines.iter().filter(|l| !l.trim().is_empty()).map(|l| indent_of(l)).min().unwrap_or(0);
    let mut out = String::with_capacity(block.lines.iter().map(|l| l.len() + 1).sum());
    for (i, line) in block.lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        // Indentation is ASCII spaces (tabs are expanded), so `common` bytes are spaces.
        out.push_str(line.get(common..).unwrap_or(line.trim_start()));
    }
    out
}

/// Number of leading whitespace characters.
fn indent_of(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).count()
}

/// Joins the lines of a block, rejoining hyphenated words.
fn join_lines(lines: &[&str], vocab: &HashSet<String>) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    for line in lines {
        join_two(&mut out, line, vocab);
    }
    out
}

/// Appends `next` to `out` as the continuation of the same paragraph.
fn join_two(out: &mut String, next: &str, vocab: &HashSet<String>) {
    let next = next.trim();
    if out.is_empty() {
        out.push_str(next);
        return;
    }
    if next.is_empty() {
        return;
    }
    if let Some(stem) = hyphenated_stem(out) {
        if !next.starts_with(|c: char| c.is_lowercase()) {
            out.push_str(next); // Inter-/American, COVID-/19: a compound, not a break
            return;
        }
        let tail: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
        let (stem, tail) = (stem.to_lowercase(), tail.to_lowercase());
        let joined = format!("{stem}{tail}");
        let kept = format!("{stem}-{tail}");
        // Keep the hyphen when the document spells the word with it, or when both
        // halves are words of their own and the joined form is not.
        let keep_hyphen =
            !vocab.contains(&joined) && (vocab.contains(&kept) || (vocab.contains(&stem) && vocab.contains(&tail)));
        if !keep_hyphen {
            out.pop();
        }
        out.push_str(next);
        return;
    }
    if out.ends_with('—') && !out.ends_with(" —") {
        out.push_str(next);
        return;
    }
    out.push(' ');
    out.push_str(next);
}

/// The word before a line-final hyphen, when the line ends with `letters-`.
fn hyphenated_stem(text: &str) -> Option<&str> {
    let body = text.strip_suffix('-')?;
    let start = body.char_indices().rev().take_while(|(_, c)| c.is_alphabetic()).last().map(|(i, _)| i)?;
    let stem = &body[start..];
    let before = body[..start].chars().next_back();
    if stem.chars().count() < 2 || before.is_some_and(|c| c == '-' || c.is_alphanumeric()) {
        return None;
    }
    Some(stem)
}

/// Groups lines into blocks: one per line in one-paragraph-per-line text,
/// else runs between blank lines, a new item marker or a heading line.
/// A run that is preformatted is one block, kept whole, and joined to a
/// preformatted run just before it (a table's header and body, code with
/// blank lines); a line with a setext underline is a block of its own.
fn raw_blocks<'a>(pages: &Pages<'a>, layout: Layout) -> Vec<RawBlock<'a>> {
    let mut blocks: Vec<RawBlock> = Vec::new();
    for (p, page) in pages.pages.iter().enumerate() {
        let mut blank_before = true;
        let mut blanks = 0;
        let mut last_pre = false;
        let mut i = 0;
        while i < page.len() {
            if page[i].trim().is_empty() {
                blank_before = true;
                blanks += 1;
                i += 1;
                continue;
            }
            let end = page[i..].iter().position(|l| l.trim().is_empty()).map_or(page.len(), |n| i + n);
            let run = &page[i..end];
            let pre = if layout.wrapped { preformatted(run, layout) } else { None };
            match (pre, blocks.last_mut()) {
                (Some(lang), Some(last)) if last_pre && blanks > 0 => {
                    last.lines.extend(std::iter::repeat_n("", blanks));
                    last.lines.extend_from_slice(run);
                    if let BlockKind::Preformatted(CodeLang::Text) = last.kind {
                        last.kind = BlockKind::Preformatted(lang);
                    }
                }
                (Some(lang), _) => blocks.push(RawBlock {
                    lines: run.to_vec(),
                    indent: indent_of(run[0]),
                    page: p,
                    blank_before,
                    kind: BlockKind::Preformatted(lang),
                }),
                (None, _) => text_blocks(&mut blocks, run, p, blank_before, layout),
            }
            last_pre = pre.is_some();
            blank_before = false;
            blanks = 0;
            i = end;
        }
    }
    blocks
}

/// The blocks of a run of prose lines (no blank line among them).
fn text_blocks<'a>(blocks: &mut Vec<RawBlock<'a>>, run: &[&'a str], page: usize, blank_before: bool, layout: Layout) {
    let mut current: Option<RawBlock> = None;
    let mut blank_before = blank_before;
    let mut k = 0;
    while k < run.len() {
        let line = run[k];
        let trimmed = line.trim();
        let indent = indent_of(line);
        if let Some(depth) = run.get(k + 1).and_then(|next| setext_depth(trimmed, next)) {
            blocks.extend(current.take());
            blocks.push(RawBlock { lines: vec![trimmed], indent, page, blank_before, kind: BlockKind::Setext(depth) });
            blank_before = false;
            k += 2;
            continue;
        }
        k += 1;
        if let Some(block) = current.as_mut().filter(|b| layout.wrapped && !starts_new_block(b, trimmed, layout)) {
            block.lines.push(trimmed);
            continue;
        }
        blocks.extend(current.take());
        current = Some(RawBlock { lines: vec![trimmed], indent, page, blank_before, kind: BlockKind::Text });
        blank_before = false;
    }
    blocks.extend(current);
}

/// 1 when `underline` is a row of `=` under `text`, 2 for a row of `-`:
/// at least three, and at least half as long as the text.
fn setext_depth(text: &str, underline: &str) -> Option<u8> {
    let underline = underline.trim();
    let c = underline.chars().next()?;
    let depth = match c {
        '=' => 1,
        '-' => 2,
        _ => return None,
    };
    let len = underline.chars().count();
    let full = underline.chars().all(|u| u == c) && len >= 3 && len * 2 >= text.chars().count();
    let text_line = text.chars().any(char::is_alphanumeric) && setext_depth("", text).is_none();
    (full && text_line).then_some(depth)
}

/// The language of a run of lines whose layout matters, or `None` for prose.
///
/// Every line must stand at least two columns right of the text's margin,
/// and the run must show why its line breaks matter: columns aligned by
/// runs of spaces, lines of code or grammar, or drawing characters. A
/// centred title block, a quotation or a hanging indent has none of these.
pub(crate) fn preformatted(run: &[&str], layout: Layout) -> Option<CodeLang> {
    let indented = run.iter().all(|l| indent_of(l) >= layout.margin + 2);
    // A table of contents is not kept: its entries look like a table's rows.
    if !indented || run.iter().all(|l| is_contents_line(l)) {
        return None;
    }
    let trimmed: Vec<&str> = run.iter().map(|l| l.trim()).collect();
    if abnf_rule(trimmed[0]) {
        return Some(CodeLang::Abnf);
    }
    let code = trimmed.iter().filter(|l| c_like(l)).count();
    if code > 0 && code * 3 >= run.len() {
        return Some(CodeLang::C);
    }
    let gaps = trimmed.iter().filter(|l| l.contains("   ")).count();
    let art = trimmed.iter().filter(|l| is_drawing(l)).count();
    (art > 0 || gaps >= run.len().min(2)).then_some(CodeLang::Text)
}

/// `name = elements` or `name =/ elements`: an ABNF (RFC 5234) rule.
fn abnf_rule(line: &str) -> bool {
    let mut parts = line.split_whitespace();
    let (Some(name), Some(op), Some(_)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let name_ok = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && name.chars().count() > 1;
    name_ok && (op == "=" || op == "=/")
}

/// A line of C-like code: a preprocessor line, a comment, or one ending a statement or opening a block.
fn c_like(line: &str) -> bool {
    ["#include", "#define", "#if", "//", "/*"].iter().any(|p| line.starts_with(p))
        || line.ends_with(';') && line.contains(['(', '=', '['])
        || line.ends_with('{')
        || line.starts_with('}')
}

/// A line that is mostly drawing characters (`+---+`, `|  |`, `<-->`).
fn is_drawing(line: &str) -> bool {
    let visible = line.chars().filter(|c| !c.is_whitespace()).count();
    let symbols =
        line.chars().filter(|c| matches!(c, '+' | '-' | '|' | '_' | '=' | '<' | '>' | '/' | '\\' | '*' | '^')).count();
    symbols >= 4 && symbols * 2 >= visible
}

/// True when `line` does not continue the hard-wrapped block above it.
fn starts_new_block(block: &RawBlock, line: &str, layout: Layout) -> bool {
    let contents = block.lines.last().is_some_and(|l| is_contents_line(l));
    if parse_item(line).is_some() || contents || is_contents_line(line) {
        return true;
    }
    match block.lines.as_slice() {
        [first] => {
            let heading = parse_number(first).is_some() || (is_all_caps(first) && !is_all_caps(line));
            heading && layout.is_short(first) && first.chars().count() * 5 < layout.width * 3
        }
        _ => false,
    }
}

/// How many blocks at the start of the first page form the title block.
fn title_extent(raw: &[RawBlock], heads: usize, layout: Layout, has_numbered: bool) -> usize {
    let mut n = 0;
    let mut seen = heads;
    while let Some(block) = raw.get(n) {
        if block.page != 0 || block.kind != BlockKind::Text || !title_like(block, layout) {
            break;
        }
        if block.lines.len() == 1 && super::classify::is_matter_heading(block.lines[0]) {
            break; // `Status of This Memo`, `Abstract`
        }
        if has_numbered && block.lines.iter().any(|l| parse_dotless(l).is_some()) {
            break; // `1 Introduction`
        }
        let caps_heading = block.lines.len() == 1 && is_all_caps(block.lines[0]);
        let before_contents = raw.get(n + 1).and_then(|next| next.lines.first()).is_some_and(|l| is_contents_line(l));
        if before_contents {
            break; // the heading of a table of contents
        }
        let before_text = raw
            .get(n + 1)
            .is_some_and(|next| next.page == 0 && (next.kind != BlockKind::Text || !title_like(next, layout)));
        if !has_numbered && seen > 0 && caps_heading && before_text {
            break; // an unnumbered section heading introducing the first paragraph
        }
        seen += block.lines.len();
        n += 1;
    }
    n
}

/// True for a block made of short title-block lines (title, event, date, `Label: value`).
fn title_like(block: &RawBlock, layout: Layout) -> bool {
    if block.lines.len() > 4 {
        return false;
    }
    block.lines.iter().all(|line| {
        let caps = is_all_caps(line);
        let field = title::is_field_line(line);
        parse_item(line).is_none()
            && parse_number(line).is_none()
            && !is_contents_line(line)
            && word_count(line) <= 20
            && (caps || layout.is_short(line))
            && (caps || field || !line.trim_end().ends_with(['.', '!', '?', ',', ';']))
            && (caps || sentence_end(line).is_none())
    })
}

/// The text that a following fragment would continue, if any.
fn open_text(node: &mut Node) -> Option<&mut String> {
    match node {
        Node::Paragraph(p) => Some(&mut p.text),
        Node::Item(item) => Some(item.more.last_mut().unwrap_or(&mut item.text)),
        Node::Heading(_) | Node::Code(_) => None,
    }
}

/// Runs `absorb(kept, next)` over consecutive pieces: a piece it absorbs
/// into the last kept one (returning true) is dropped. Compacts in place:
/// a second vector of pieces was a sixth of the importer's peak memory.
fn absorb_in_place(pieces: &mut Vec<Piece>, mut absorb: impl FnMut(&mut Piece, &mut Piece) -> bool) {
    let mut kept = 0;
    for i in 0..pieces.len() {
        if kept > 0 {
            let (head, tail) = pieces.split_at_mut(i);
            if let (Some(prev), Some(next)) = (head.get_mut(kept - 1), tail.first_mut())
                && absorb(prev, next)
            {
                continue;
            }
        }
        pieces.swap(kept, i);
        kept += 1;
    }
    pieces.truncate(kept);
}

/// Joins a paragraph that opens a page to the paragraph or item cut mid-sentence before it.
fn merge_page_breaks(mut pieces: Vec<Piece>, vocab: &HashSet<String>) -> Vec<Piece> {
    absorb_in_place(&mut pieces, |prev, piece| {
        let Node::Paragraph(p) = &piece.node else {
            return false;
        };
        let opens_page = piece.page > prev.page_end;
        match open_text(&mut prev.node) {
            Some(open) if opens_page && (!ends_sentence(open) || p.text.starts_with(char::is_lowercase)) => {
                join_two(open, &p.text, vocab);
                prev.page_end = piece.page;
                true
            }
            _ => false,
        }
    });
    pieces
}

/// Moves into a list item the paragraph that continues it: indented under
/// it (hard-wrapped text), or opening the next page (one-paragraph-per-line text).
fn attach_continuations(mut pieces: Vec<Piece>, layout: Layout) -> Vec<Piece> {
    absorb_in_place(&mut pieces, |prev, piece| {
        let Node::Paragraph(p) = &mut piece.node else {
            return false;
        };
        let indented = layout.wrapped && piece.indent >= prev.text_indent && piece.indent > prev.indent;
        let opens_page = !layout.wrapped && piece.page > prev.page_end;
        match &mut prev.node {
            Node::Item(item) if indented || (opens_page && item.more.is_empty()) => {
                item.more.push(std::mem::take(&mut p.text));
                prev.page_end = piece.page;
                true
            }
            _ => false,
        }
    });
    pieces
}

/// Moves paragraphs standing between items `a)` and `b)` into item `a)`, in place.
fn attach_between_labels(mut pieces: Vec<Piece>) -> Vec<Piece> {
    let (mut kept, mut i) = (0, 0);
    while i < pieces.len() {
        pieces.swap(kept, i);
        kept += 1;
        i += 1;
        // Look ahead over at most four paragraphs for the next label.
        let between = pieces[i..].iter().take(4).take_while(|p| matches!(p.node, Node::Paragraph(_))).count();
        let follows = match (pieces.get(kept - 1).map(|p| &p.node), pieces.get(i + between).map(|p| &p.node)) {
            (Some(Node::Item(Item { label: Some(a), .. })), Some(Node::Item(Item { label: Some(b), .. }))) => {
                label_follows(a, b)
            }
            _ => false,
        };
        if !follows {
            continue;
        }
        for j in i..i + between {
            let (head, tail) = pieces.split_at_mut(j);
            if let (Some(last), Some(p)) = (head.get_mut(kept - 1), tail.first_mut())
                && let (Node::Item(item), Node::Paragraph(para)) = (&mut last.node, &mut p.node)
            {
                item.more.push(std::mem::take(&mut para.text));
                last.page_end = last.page_end.max(p.page_end);
            }
        }
        i += between;
    }
    pieces.truncate(kept);
    pieces
}

/// Nests unlabelled bullets under a labelled item ending with `:`, and
/// marks items written right under the previous one as tight.
fn nest_and_tighten(pieces: Vec<Piece>) -> Vec<Node> {
    let mut parent_open = false;
    let mut prev_item = false;
    // `into_iter().map().collect()` reuses the pieces' buffer for the nodes.
    pieces
        .into_iter()
        .map(|piece| {
            let mut node = piece.node;
            if let Node::Item(item) = &mut node {
                if item.label.is_some() {
                    parent_open = item.more.last().unwrap_or(&item.text).trim_end().ends_with(':');
                    item.depth = 0;
                } else if parent_open && prev_item {
                    item.depth = 1;
                } else {
                    parent_open = false;
                }
                item.tight = prev_item && !piece.blank_before;
                prev_item = true;
            } else {
                parent_open = false;
                prev_item = false;
            }
            node
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphenated_words_follow_the_document_spelling() {
        let vocab: HashSet<String> = ["long-term".to_string()].into_iter().collect();
        let mut text = "the condi-".to_string();
        join_two(&mut text, "tion of the", &vocab);
        assert_eq!(text, "the condition of the");
        let mut text = "a long-".to_string();
        join_two(&mut text, "term plan", &vocab);
        assert_eq!(text, "a long-term plan");
        let mut text = "the Inter-".to_string();
        join_two(&mut text, "American system", &vocab);
        assert_eq!(text, "the Inter-American system");
        let vocab: HashSet<String> = ["expressions", "and"].iter().map(|w| w.to_string()).collect();
        let mut text = "society expressions-".to_string();
        join_two(&mut text, "and people", &vocab);
        assert_eq!(text, "society expressions-and people");
        let mut text = "pages 3 -".to_string();
        join_two(&mut text, "five", &vocab);
        assert_eq!(text, "pages 3 - five");
    }

    const LAYOUT: Layout = Layout { wrapped: true, width: 72, margin: 0 };

    #[test]
    fn code_grammar_drawings_and_tables_are_preformatted() {
        let c = ["    #include <stdio.h>", "    int main(void) {", "        puts(\"hi\");", "    }"];
        assert_eq!(preformatted(&c, LAYOUT), Some(CodeLang::C));
        let abnf = ["   date-fullyear   = 4DIGIT", "   date-month      = 2DIGIT  ; 01-12"];
        assert_eq!(preformatted(&abnf, LAYOUT), Some(CodeLang::Abnf));
        let art = [
            "     +--------+       +--------+",
            "     | client | ----> | server |",
            "     +--------+       +--------+",
        ];
        assert_eq!(preformatted(&art, LAYOUT), Some(CodeLang::Text));
        let table = ["    Release         Year", "    1.6             2000"];
        assert_eq!(preformatted(&table, LAYOUT), Some(CodeLang::Text));
    }

    #[test]
    fn centred_titles_quotations_and_hanging_indents_are_prose() {
        let title =
            ["                  REPORT ON COASTAL FLOOD DEFENCES", "                          12 September 2011"];
        assert_eq!(preformatted(&title, LAYOUT), None);
        let quote = ["    We shall defend our island, whatever the cost may be;", "    we shall never surrender."];
        assert_eq!(preformatted(&quote, LAYOUT), None);
        let hanging = ["(1) GPL-compatible doesn't mean that we're distributing Python under", "    the GPL.  All"];
        assert_eq!(preformatted(&hanging, LAYOUT), None);
        // At the text's margin (an RFC's three columns), aligned words are not enough.
        let rfc = Layout { margin: 3, ..LAYOUT };
        assert_eq!(preformatted(&["   Status of This Memo   and more"], rfc), None);
    }

    #[test]
    fn setext_underlines_make_headings_of_the_line_above() {
        assert_eq!(setext_depth("A. HISTORY OF THE SOFTWARE", "=========================="), Some(1));
        assert_eq!(setext_depth("PSF LICENSE AGREEMENT", "---------------------"), Some(2));
        assert_eq!(setext_depth("A much longer line of running text than its underline", "---"), None);
        assert_eq!(setext_depth("----", "----"), None);
        assert_eq!(setext_depth("Title", "=-=-="), None);
    }
}
