//! Nodes → Markdown, with every character Markdown would misread escaped.
//!
//! Emphasis already in the text (`**Market.**`, `*per se*`) is kept when its
//! asterisks pair up as CommonMark would read them; any other `*`, and `_`,
//! `` ` ``, `\`, `[`, `]`, `<`, `#`, `|`, `~` and entity-like `&`, are
//! escaped, as are block markers at the start of a block (`>`, `-`, `+`,
//! `=`, `1.`, `1)`).

use super::classify::{Code, Heading, Item, Node};

/// Renders nodes as Markdown blocks separated by blank lines (tight list items by a newline).
pub(crate) fn render(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        if !out.is_empty() {
            let tight = matches!(node, Node::Item(Item { tight: true, .. }));
            out.push_str(if tight { "\n" } else { "\n\n" });
        }
        match node {
            Node::Heading(h) => out.push_str(&heading(h)),
            Node::Paragraph(p) => match &p.lang {
                Some(lang) => {
                    out.push_str(&format!("<div lang=\"{lang}\">\n\n{}\n\n</div>", escape_block(&p.text)));
                }
                None => out.push_str(&escape_block(&p.text)),
            },
            Node::Item(item) => out.push_str(&list_item(item)),
            Node::Code(code) => out.push_str(&fence(code)),
        }
    }
    out
}

/// A fenced code block, verbatim: the fence is longer than any run of
/// backticks in the text, so nothing inside can close it.
fn fence(code: &Code) -> String {
    let longest = code.text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest.max(2) + 1);
    format!("{ticks}{}\n{}\n{ticks}", code.lang.tag(), code.text)
}

/// `## 2. Globalization and Security`: the level, the number as written, the text.
pub(crate) fn heading(h: &Heading) -> String {
    let hashes = "#".repeat(usize::from(h.level.clamp(1, 6)));
    match &h.number {
        Some(number) => format!("{hashes} {} {}", number.written, escape_inline(&h.text)),
        None => format!("{hashes} {}", escape_inline(&h.text)),
    }
}

fn list_item(item: &Item) -> String {
    let indent = "  ".repeat(usize::from(item.depth));
    let text = match &item.label {
        Some(label) => format!("{label} {}", item.text),
        None => item.text.clone(),
    };
    let mut out = format!("{indent}- {}", escape_block(&text));
    for more in &item.more {
        out.push_str(&format!("\n\n{indent}  {}", escape_block(more)));
    }
    out
}

/// Escapes a paragraph so that it stays one paragraph of literal text.
pub(crate) fn escape_block(text: &str) -> String {
    let mut out = escape_inline(text.trim());
    if out.starts_with(['>', '+', '-', '=']) {
        out.insert(0, '\\');
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// Escapes inline text, keeping emphasis whose asterisks pair up.
pub(crate) fn escape_inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let keep = paired_stars(&chars);
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '*' if keep.get(i).copied().unwrap_or(false) => out.push('*'),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' if entity_follows(chars.get(i + 1..).unwrap_or(&[])) => out.push_str("\\&"),
            _ => out.push(c),
        }
    }
    out
}

/// Marks the asterisks that open and close emphasis (`*x*`, `**x**`).
fn paired_stars(chars: &[char]) -> Vec<bool> {
    let mut keep = vec![false; chars.len()];
    let is_space = |c: Option<&char>| c.is_none_or(|c| c.is_whitespace());
    let is_punct = |c: Option<&char>| c.is_some_and(|c| !c.is_alphanumeric() && !c.is_whitespace());
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '*' {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] == '*' {
            i += 1;
        }
        let len = i - start;
        if len > 2 {
            continue;
        }
        let before = start.checked_sub(1).and_then(|b| chars.get(b));
        let after = chars.get(i);
        let can_open = !is_space(after) && (is_space(before) || is_punct(before));
        let can_close = !is_space(before) && (is_space(after) || is_punct(after));
        let closes = open.iter().rposition(|&(_, l)| l == len).filter(|_| can_close);
        if let Some(pos) = closes {
            let (s, _) = open[pos];
            open.truncate(pos);
            keep[s..s + len].iter_mut().for_each(|k| *k = true);
            keep[start..i].iter_mut().for_each(|k| *k = true);
        } else if can_open {
            open.push((start, len));
        }
    }
    keep
}

/// True when the characters after `&` would make an HTML entity (`&amp;`, `&#38;`).
fn entity_follows(rest: &[char]) -> bool {
    let name: Vec<&char> = rest.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '#').collect();
    !name.is_empty() && name.len() <= 32 && rest.get(name.len()) == Some(&';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_is_kept_and_stray_characters_are_escaped() {
        assert_eq!(escape_inline("**Market.** The *per se* case"), "**Market.** The *per se* case");
        assert_eq!(escape_inline("a 5 * 3 grid and a*b"), "a 5 \\* 3 grid and a\\*b");
        assert_eq!(
            escape_inline("snake_case <b> [1] `x` C# a|b ~"),
            "snake\\_case \\<b> \\[1\\] \\`x\\` C\\# a\\|b \\~"
        );
        assert_eq!(escape_inline("&amp; & AT&T"), "\\&amp; & AT&T");
        assert_eq!(escape_inline("back\\slash"), "back\\\\slash");
        assert_eq!(escape_inline("*unclosed emphasis"), "\\*unclosed emphasis");
    }

    #[test]
    fn block_markers_are_escaped_at_the_start() {
        assert_eq!(escape_block("1. not a list"), "1\\. not a list");
        assert_eq!(escape_block("2002) was"), "2002) was".to_string().replacen(')', "\\)", 1));
        assert_eq!(escape_block("# not a heading"), "\\# not a heading");
        assert_eq!(escape_block("> not a quote"), "\\> not a quote");
        assert_eq!(escape_block("- not an item"), "\\- not an item");
        assert_eq!(escape_block("1987 was the year"), "1987 was the year");
    }
}
