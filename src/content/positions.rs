//! Where a key, its value or an item of its list is written in a
//! front-matter block: text positions for errors found after parsing, by
//! the front matter, the citation and the glossary checks alike.

/// The 0-based line and 1-based column of `key`'s value in a front-matter
/// block, or of item `index` of its list, written `[a, b]` on the key's line
/// or (YAML) as `- a` lines below it. A best effort for pointing at errors:
/// `None` when the layout is another one.
pub fn item_position(block: &str, key: &str, index: Option<usize>) -> Option<(usize, usize)> {
    let line = line_of_key(block, key)?;
    let text = block.lines().nth(line)?;
    let after_sep = value_start(text, key)?;
    let value = &text[after_sep..];
    let value_start = after_sep + (value.len() - value.trim_start().len());
    let column = |byte: usize, text: &str| text[..byte].chars().count() + 1;
    let Some(index) = index else { return Some((line, column(value_start, text))) };
    if value.trim_start().starts_with('[') {
        // Item starts: the first non-blank after `[` or after a comma outside quotes.
        let mut quote = None;
        let mut starts = Vec::new();
        let mut expecting = false;
        for (i, c) in text[value_start..].char_indices() {
            let at = value_start + i;
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '[' | ',') => expecting = true,
                (None, ']') => break,
                (None, c) if c.is_whitespace() => {}
                (None, c) => {
                    if expecting {
                        starts.push(at);
                        expecting = false;
                    }
                    if c == '"' || c == '\'' {
                        quote = Some(c);
                    }
                }
            }
        }
        // Fewer starts than items (a list that goes on to the next line):
        // point at the bracket.
        return Some((line, column(starts.get(index).copied().unwrap_or(value_start), text)));
    }
    // Block style: `- item` lines more indented than the key (or at its level).
    block
        .lines()
        .enumerate()
        .skip(line + 1)
        .take_while(|(_, l)| l.trim().is_empty() || l.starts_with(' ') || l.starts_with('-'))
        .filter(|(_, l)| l.trim_start().starts_with('-'))
        .nth(index)
        .map(|(n, l)| {
            let dash = l.len() - l.trim_start().len();
            let rest = &l[dash + 1..];
            let item = dash + 1 + (rest.len() - rest.trim_start().len());
            (n, column(if item >= l.len() { dash } else { item }, l))
        })
}

/// The 0-based line of `key:` (YAML) or `key =` (TOML) in a front-matter
/// block, for errors found after parsing. Top-level keys only: a TOML
/// block's keys all come before its first `[table]`.
pub fn line_of_key(block: &str, key: &str) -> Option<usize> {
    block.lines().position(|l| value_start(l, key).is_some())
}

/// The byte just after the `:` or `=` of `line` when it sets `key`.
fn value_start(line: &str, key: &str) -> Option<usize> {
    let rest = line.strip_prefix(key)?;
    let sep = rest.trim_start();
    (sep.starts_with(':') || sep.starts_with('=')).then(|| line.len() - sep.len() + 1)
}

/// The 0-based line and 1-based column of the value of `key` in a block.
pub fn value_position(block: &str, key: &str) -> Option<(usize, usize)> {
    item_position(block, key, None)
}
