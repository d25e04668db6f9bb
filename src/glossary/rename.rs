//! Renaming a term: the text edits that `acta glossary rename` makes, as
//! pure functions of a file's text. Edits are made on the text rather than
//! by re-serialising the front matter, so comments, key order and quoting
//! survive: only the changed item differs.

/// One change to a file: its 1-based line and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub line: usize,
    pub what: String,
}

/// The text of a file split at its front matter: `[start, end)` byte range
/// of the YAML lines, or `None` when the file has none.
fn yaml_range(text: &str) -> Option<(usize, usize)> {
    let first = text.split_inclusive('\n').next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut offset = first.len();
    for line in text[first.len()..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((first.len(), offset));
        }
        offset += line.len();
    }
    None
}

fn line_at(text: &str, byte: usize) -> usize {
    text[..byte].matches('\n').count() + 1
}

/// A YAML scalar as written, without quotes.
fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
        .unwrap_or(s)
}

/// Rewrites `old` to `new` in the front matter's `related:` list, written
/// inline (`related: [a, old]`) or as a block of `- old` items.
pub fn rewrite_related(text: &str, old: &str, new: &str) -> (String, Vec<Edit>) {
    let Some((start, end)) = yaml_range(text) else { return (text.to_string(), Vec::new()) };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    let mut edits = Vec::new();
    let mut in_related = false;
    let mut offset = start;
    for line in text[start..end].split_inclusive('\n') {
        let line_no = line_at(text, offset);
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = &line[body.len()..];
        let indented = body.starts_with([' ', '\t']) || body.trim_start().starts_with("- ");
        if let Some(rest) = body.strip_prefix("related:") {
            in_related = true;
            let value = rest.trim();
            if let Some(items) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                in_related = false;
                let items: Vec<&str> = items.split(',').map(str::trim).collect();
                if items.iter().any(|i| unquote(i) == old) {
                    let items: Vec<&str> = items.into_iter().map(|i| if unquote(i) == old { new } else { i }).collect();
                    out.push_str(&format!("related: [{}]{ending}", items.join(", ")));
                    edits.push(Edit { line: line_no, what: format!("related: `{old}` → `{new}`") });
                    continue;
                }
            }
            out.push_str(line);
            continue;
        }
        if in_related && indented {
            let trimmed = body.trim_start();
            if trimmed.strip_prefix("- ").is_some_and(|item| unquote(item) == old) {
                let indent = &body[..body.len() - trimmed.len()];
                out.push_str(&format!("{indent}- {new}{ending}"));
                edits.push(Edit { line: line_no, what: format!("related: `{old}` → `{new}`") });
                continue;
            }
        } else {
            in_related = false;
        }
        out.push_str(line);
    }
    out.push_str(&text[end..]);
    (out, edits)
}

/// Rewrites `term:old` links in the body (after the front matter) to
/// `term:new`: `[x](term:old)`, `[x](term:old "title")`, `[x]: term:old`.
pub fn rewrite_term_links(text: &str, old: &str, new: &str) -> (String, Vec<Edit>) {
    let body_start = yaml_range(text)
        .and_then(|(_, end)| text[end..].split_inclusive('\n').next().map(|close| end + close.len()))
        .unwrap_or(0);
    let needle = format!("term:{old}");
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..body_start]);
    let mut edits = Vec::new();
    let mut last = body_start;
    let body = &text[body_start..];
    for (at, _) in body.match_indices(&needle) {
        let at = body_start + at;
        let before = text[..at].chars().next_back();
        let after = text[at + needle.len()..].chars().next();
        let opens = matches!(before, Some('(' | '<' | ' ' | '\t'));
        let closes = !after.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.');
        if !(opens && closes) {
            continue;
        }
        out.push_str(&text[last..at]);
        out.push_str("term:");
        out.push_str(new);
        last = at + needle.len();
        edits.push(Edit { line: line_at(text, at), what: format!("`term:{old}` → `term:{new}`") });
    }
    out.push_str(&text[last..]);
    (out, edits)
}

/// Adds `alias` to the front matter's `aliases:` (creating the key at its
/// end if missing), unless it is there already.
pub fn add_alias(text: &str, alias: &str) -> Option<(String, Edit)> {
    let (start, end) = yaml_range(text)?;
    let yaml = &text[start..end];
    let mut offset = start;
    let mut lines = yaml.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let here = offset;
        offset += line.len();
        let Some(rest) = line.trim_end_matches(['\n', '\r']).strip_prefix("aliases:") else { continue };
        let value = rest.trim();
        if let Some(items) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            let mut items: Vec<&str> = items.split(',').map(str::trim).filter(|i| !i.is_empty()).collect();
            if items.iter().any(|i| unquote(i) == alias) {
                return None;
            }
            items.push(alias);
            let ending = &line[line.trim_end_matches(['\n', '\r']).len()..];
            let edit = Edit { line: line_at(text, here), what: format!("alias `{alias}`") };
            return Some((
                format!("{}aliases: [{}]{ending}{}", &text[..here], items.join(", "), &text[offset..]),
                edit,
            ));
        }
        // A block list: its items follow; the new one goes first.
        let mut indent = "  ".to_string();
        if let Some(next) = lines.peek() {
            let trimmed = next.trim_start();
            if trimmed.starts_with("- ") {
                indent = next[..next.len() - trimmed.len()].to_string();
            }
        }
        let existing = yaml[offset - start..]
            .lines()
            .take_while(|l| l.trim_start().starts_with("- "))
            .any(|l| unquote(l.trim_start().trim_start_matches("- ")) == alias);
        if existing {
            return None;
        }
        let line_no = line_at(text, offset);
        let text = format!("{}{indent}- {alias}\n{}", &text[..offset], &text[offset..]);
        return Some((text, Edit { line: line_no, what: format!("alias `{alias}`") }));
    }
    let line_no = line_at(text, end) + 1;
    let text = format!("{}aliases:\n  - {alias}\n{}", &text[..end], &text[end..]);
    Some((text, Edit { line: line_no, what: format!("alias `{alias}`") }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn related_in_blocks_and_inline() {
        let text = "---\ntitle: OAS\nrelated:\n  - tiar\n  - \"un\"\nsynonyms:\n  - tiar\n---\n\nBody tiar.\n";
        let (out, edits) = rewrite_related(text, "tiar", "rio-treaty");
        assert_eq!(out, text.replacen("  - tiar", "  - rio-treaty", 1));
        assert_eq!(edits, vec![Edit { line: 4, what: "related: `tiar` → `rio-treaty`".into() }]);
        let (out, _) = rewrite_related("---\ntitle: A\nrelated: [un, 'tiar']\n---\n", "tiar", "rio");
        assert_eq!(out, "---\ntitle: A\nrelated: [un, rio]\n---\n");
    }

    #[test]
    fn term_links_only_whole_slugs_in_the_body() {
        let text = "---\ntitle: P\n---\n\n[a](term:tiar), [b](term:tiar-2), [c](term:tiar \"t\"), <term:tiar>\n[d]: term:tiar\n";
        let (out, edits) = rewrite_term_links(text, "tiar", "rio");
        assert_eq!(
            out,
            "---\ntitle: P\n---\n\n[a](term:rio), [b](term:tiar-2), [c](term:rio \"t\"), <term:rio>\n[d]: term:rio\n"
        );
        assert_eq!(edits.len(), 4);
        assert_eq!(edits[0].line, 5);
    }

    #[test]
    fn alias_added_once_where_aliases_are() {
        let (out, edit) = add_alias("---\ntitle: T\n---\nBody\n", "glossary/tiar/").unwrap();
        assert_eq!(out, "---\ntitle: T\naliases:\n  - glossary/tiar/\n---\nBody\n");
        assert_eq!(edit.line, 4);
        let (out, _) = add_alias("---\ntitle: T\naliases: [old/]\n---\n", "glossary/tiar/").unwrap();
        assert_eq!(out, "---\ntitle: T\naliases: [old/, glossary/tiar/]\n---\n");
        let (out, _) = add_alias("---\naliases:\n    - old/\ntitle: T\n---\n", "new/").unwrap();
        assert_eq!(out, "---\naliases:\n    - new/\n    - old/\ntitle: T\n---\n");
        assert!(add_alias("---\naliases:\n  - new/\n---\n", "new/").is_none());
    }
}
