//! One page's body HTML made a part of the print edition: its ids
//! prefixed so they stay unique on the one page, links to pages of the
//! document pointed at their place in it, glossary links made plain text
//! (with the expansion at a term's first use in the document) and the
//! tooltips and heading anchors, which paper cannot use, left out.
//!
//! The HTML is the Markdown pass's own (and the author's raw HTML inside
//! it): a scan of tags and attributes is enough, and what it does not
//! recognise it copies as it is.

use std::collections::{HashMap, HashSet};

use crate::html::{escape, unescape_attribute};

/// What rewriting a body needs from the whole edition.
pub struct Targets<'a> {
    /// A page's URL path as links write it (`/docs/a/b/`) → its anchor (`p3`).
    pub pages: &'a HashMap<String, String>,
    /// A term page's URL path → the term's anchor in the appendix and its expansion.
    pub terms: &'a HashMap<String, (String, Option<String>)>,
    /// Whether to write a term's expansion after its first use.
    pub expand: bool,
}

/// Per-document state: the terms already expanded, across pages.
#[derive(Default)]
pub struct Expanded(HashSet<String>);

/// Appends `html` (the body of the page at `page_path`, e.g. `/docs/a/b/`)
/// to `out`, every id prefixed by `prefix` (`p3-`).
pub fn rewrite(out: &mut String, html: &str, prefix: &str, page_path: &str, t: &Targets<'_>, expanded: &mut Expanded) {
    // For each open `<a>`: what closes it (`</a>`, or `</span>` and an expansion).
    let mut anchors: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").map_or(rest.len(), |i| i + 4 + 3);
            out.push_str(&rest[..end.min(rest.len())]);
            rest = &rest[end.min(rest.len())..];
            continue;
        }
        let Some(tag) = Tag::parse(rest) else {
            out.push('<');
            rest = &rest[1..];
            continue;
        };
        rest = &rest[tag.len..];
        match (tag.end, tag.name.as_str()) {
            (false, "script" | "style") => {
                // Raw text up to its end tag, as it is.
                out.push_str(&tag.source);
                let close = format!("</{}", tag.name);
                let end = find_ascii_ci(rest, &close).unwrap_or(rest.len());
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            (false, "span") if tag.has_class("term-tip") => rest = skip_element(rest, "span"),
            (false, "a") if tag.has_class("anchor") => rest = skip_element(rest, "a"),
            (false, "a") if tag.has_class("term") => {
                let href = tag.attr("href").unwrap_or_default();
                let term = t.terms.get(href.split('#').next().unwrap_or(""));
                let mut closing = "</span>".to_string();
                // The text itself may be the expansion: the term is spelt out then.
                let text = unescape_attribute(&rest[..rest.find('<').unwrap_or(rest.len())]);
                if let Some((anchor, Some(expansion))) = term
                    && t.expand
                    && expanded.0.insert(anchor.clone())
                    && !text.trim().eq_ignore_ascii_case(expansion)
                {
                    closing.push_str(&format!(" ({})", escape(expansion)));
                }
                out.push_str("<span class=\"term\"");
                if let Some(id) = tag.attr("id") {
                    out.push_str(&format!(" id=\"{}\"", escape(&format!("{prefix}{id}"))));
                }
                out.push('>');
                anchors.push(closing);
            }
            (false, _) => {
                if tag.name == "a" && !tag.self_closing {
                    anchors.push("</a>".into());
                }
                out.push_str(&tag.rewritten(prefix, page_path, t));
            }
            (true, "a") => out.push_str(&anchors.pop().unwrap_or_else(|| "</a>".into())),
            (true, _) => out.push_str(&tag.source),
        }
    }
    out.push_str(rest);
}

/// `rest` after the element whose start tag was just read, nested ones of
/// the same name included; everything when it is never closed.
fn skip_element<'h>(mut rest: &'h str, name: &str) -> &'h str {
    let mut depth = 1usize;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        match Tag::parse(rest) {
            Some(tag) => {
                rest = &rest[tag.len..];
                if tag.name == name && !tag.self_closing {
                    depth = if tag.end { depth - 1 } else { depth + 1 };
                    if depth == 0 {
                        return rest;
                    }
                }
            }
            None => rest = &rest[1..],
        }
    }
    ""
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack.as_bytes().windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// A start or end tag as written, with its attributes decoded.
struct Tag {
    name: String,
    end: bool,
    self_closing: bool,
    attrs: Vec<(String, String)>,
    source: String,
    len: usize,
}

impl Tag {
    /// The tag at the start of `s` (which starts with `<`), or `None` when
    /// it is no tag (`a < b` in text).
    fn parse(s: &str) -> Option<Tag> {
        let b = s.as_bytes();
        let end = b.get(1) == Some(&b'/');
        let start = if end { 2 } else { 1 };
        if !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        let name_len = s[start..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(s.len() - start);
        let name = s[start..start + name_len].to_ascii_lowercase();
        let mut i = start + name_len;
        let mut attrs = Vec::new();
        loop {
            while b.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            match b.get(i)? {
                b'>' => break,
                b'/' => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let n_end = s[i..].find(|c: char| c.is_ascii_whitespace() || "=>/".contains(c)).map_or(s.len(), |n| i + n);
            let key = s[i..n_end].to_ascii_lowercase();
            i = n_end;
            let mut value = String::new();
            if b.get(i) == Some(&b'=') {
                i += 1;
                match b.get(i)? {
                    q @ (b'"' | b'\'') => {
                        let close = s[i + 1..].find(*q as char)? + i + 1;
                        value = unescape_attribute(&s[i + 1..close]);
                        i = close + 1;
                    }
                    _ => {
                        let v_end =
                            s[i..].find(|c: char| c.is_ascii_whitespace() || c == '>').map_or(s.len(), |n| i + n);
                        value = unescape_attribute(&s[i..v_end]);
                        i = v_end;
                    }
                }
            }
            if key.is_empty() {
                i += 1;
                continue;
            }
            attrs.push((key, value));
        }
        let len = i + 1;
        let self_closing = s[..len].trim_end_matches('>').trim_end().ends_with('/');
        Some(Tag { name, end, self_closing, attrs, source: s[..len].to_string(), len })
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn has_class(&self, class: &str) -> bool {
        self.attr("class").is_some_and(|c| c.split_whitespace().any(|c| c == class))
    }

    /// The tag with ids and references to ids prefixed and links pointed
    /// inside the edition; as written when nothing changes.
    fn rewritten(&self, prefix: &str, page_path: &str, t: &Targets<'_>) -> String {
        let mut changed = false;
        let attrs: Vec<(String, String)> = self
            .attrs
            .iter()
            .map(|(k, v)| {
                let new = match k.as_str() {
                    "id" => Some(format!("{prefix}{v}")),
                    "aria-describedby" | "aria-labelledby" | "aria-controls" | "for" | "headers" => {
                        Some(v.split_whitespace().map(|id| format!("{prefix}{id}")).collect::<Vec<_>>().join(" "))
                    }
                    "href" => link(v, prefix, page_path, t),
                    "src" => relative_to_page(v, page_path),
                    _ => None,
                };
                changed |= new.is_some();
                (k.clone(), new.unwrap_or_else(|| v.clone()))
            })
            .collect();
        if !changed {
            return self.source.clone();
        }
        let mut out = format!("<{}", self.name);
        for (k, v) in attrs {
            out.push_str(&format!(" {k}=\"{}\"", escape(&v)));
        }
        out.push_str(if self.self_closing { " />" } else { ">" });
        out
    }
}

/// Where a link of the page leads in the edition: `#p3-frag` for an anchor
/// of this page or of another page of the document, `#p3` for a page, the
/// appendix for a term; `None` (unchanged) for anything else.
fn link(href: &str, prefix: &str, page_path: &str, t: &Targets<'_>) -> Option<String> {
    if let Some(frag) = href.strip_prefix('#') {
        return Some(format!("#{prefix}{frag}"));
    }
    let absolute = relative_to_page(href, page_path);
    let full = absolute.as_deref().unwrap_or(href);
    let (path, frag) = full.split_once('#').map_or((full, None), |(p, f)| (p, Some(f)));
    if let Some(anchor) = t.pages.get(path) {
        return Some(match frag {
            Some(f) if !f.is_empty() => format!("#{anchor}-{f}"),
            _ => format!("#{anchor}"),
        });
    }
    if let Some((anchor, _)) = t.terms.get(path) {
        return Some(format!("#{anchor}"));
    }
    absolute
}

/// A relative URL of raw HTML (`fig.png`) made root-relative from the page's
/// folder, since the edition is elsewhere; `None` for any other URL.
fn relative_to_page(url: &str, page_path: &str) -> Option<String> {
    let scheme = url.find(':').is_some_and(|i| !url[..i].contains(['/', '?', '#']));
    if url.is_empty() || url.starts_with(['/', '#', '?']) || scheme {
        return None;
    }
    Some(format!("{page_path}{url}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(html: &str, expand: bool) -> String {
        let pages = HashMap::from([("/a/".to_string(), "p1".to_string()), ("/".to_string(), "p0".to_string())]);
        let terms =
            HashMap::from([("/glossary/oas/".to_string(), ("term-oas".to_string(), Some("Org & Co".to_string())))]);
        let t = Targets { pages: &pages, terms: &terms, expand };
        let mut out = String::new();
        rewrite(&mut out, html, "p1-", "/a/", &t, &mut Expanded::default());
        out
    }

    #[test]
    fn ids_links_and_terms() {
        let html = "<h2 id=\"x\">X<a class=\"anchor\" href=\"#x\" aria-hidden=\"true\">#</a></h2>\
            <p><span class=\"term-ref\"><a class=\"term\" href=\"/glossary/oas/\" id=\"g-oas-1\" aria-describedby=\"g-oas-1-desc\">OAS</a>\
            <span class=\"term-tip\" id=\"t\"><span>tip <span>deep</span></span></span></span> and \
            <a class=\"term\" href=\"/glossary/oas/\" id=\"g-oas-2\">OAS</a>, <a href=\"/#top\">home</a>, \
            <a href=\"#x\">here</a>, <a href=\"https://e.org/\">out</a>, <img src=\"fig.png\" alt=\"a > b\"></p><!-- <a id=\"c\"> -->";
        assert_eq!(
            run(html, true),
            "<h2 id=\"p1-x\">X</h2><p><span class=\"term-ref\"><span class=\"term\" id=\"p1-g-oas-1\">OAS</span> (Org &amp; Co)</span> and \
             <span class=\"term\" id=\"p1-g-oas-2\">OAS</span>, <a href=\"#p0-top\">home</a>, <a href=\"#p1-x\">here</a>, \
             <a href=\"https://e.org/\">out</a>, <img src=\"/a/fig.png\" alt=\"a &gt; b\"></p><!-- <a id=\"c\"> -->"
        );
        assert!(!run(html, false).contains("Org"));
    }

    #[test]
    fn a_term_written_as_its_expansion_is_not_expanded_again() {
        let html = "<a class=\"term\" href=\"/glossary/oas/\">Org &amp; Co</a> <a class=\"term\" href=\"/glossary/oas/\">OAS</a>";
        assert_eq!(run(html, true), "<span class=\"term\">Org &amp; Co</span> <span class=\"term\">OAS</span>");
    }

    #[test]
    fn text_that_is_no_tag_and_scripts_are_copied() {
        assert_eq!(
            run("a < b <3 <script>if (a<b) x = '<a id=\"z\">'</script>", false),
            "a < b <3 <script>if (a<b) x = '<a id=\"z\">'</script>"
        );
    }
}
