//! GFM's extended autolinks: a bare `https://…`, `http://…` or
//! `www.example.com` in prose becomes a link, as on GitHub. Runs first, so
//! the links it makes are rewritten, recorded and kept free of glossary
//! links like any other.
//!
//! Never inside code, a link, an image or inline raw HTML: the URL there is
//! code, already a link, or the author's own markup.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// Owns the run of text being gathered (the parser may split one URL over
/// several text events) and where the text stands: in code, a link, or
/// inline HTML.
#[derive(Default)]
pub(super) struct Autolinks<'a> {
    /// Text events since the last other event, with their source offsets.
    run: Vec<(CowStr<'a>, usize)>,
    in_code_block: bool,
    /// Open links and images.
    in_link: usize,
    /// Open inline HTML elements.
    in_html: usize,
}

impl<'a> Autolinks<'a> {
    /// Takes `event` (at source `range`) and puts what is ready into
    /// `ready`: a run of text waits for the event after it, then leaves as
    /// text and autolinks. Events it makes have empty ranges at their start.
    pub(super) fn take(&mut self, event: Event<'a>, range: Range<usize>, ready: &mut Vec<(Event<'a>, Range<usize>)>) {
        match &event {
            Event::Text(_) if self.in_code_block || self.in_link + self.in_html > 0 => {}
            Event::Text(_) => {
                if let Event::Text(t) = event {
                    self.run.push((t, range.start));
                }
                return;
            }
            Event::Start(Tag::CodeBlock(_)) => self.in_code_block = true,
            Event::End(TagEnd::CodeBlock) => self.in_code_block = false,
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.in_link += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => self.in_link = self.in_link.saturating_sub(1),
            Event::InlineHtml(html) => self.in_html = super::raw::track_inline_html(html, self.in_html),
            _ => {}
        }
        self.flush(ready);
        ready.push((event, range));
    }

    /// Puts the text gathered so far into `ready`, with its autolinks.
    pub(super) fn flush(&mut self, ready: &mut Vec<(Event<'a>, Range<usize>)>) {
        if self.run.is_empty() {
            return;
        }
        let has_candidate = |t: &str| t.contains("://") || t.contains("www.") || t.contains("WWW.");
        if self.run.len() == 1 && !has_candidate(&self.run[0].0) {
            let (text, offset) = self.run.remove(0);
            ready.push((Event::Text(text), offset..offset));
            return;
        }
        let text: String = self.run.iter().map(|(t, _)| t.as_ref()).collect();
        let found = find(&text);
        if found.is_empty() {
            ready.extend(self.run.drain(..).map(|(t, o)| (Event::Text(t), o..o)));
            return;
        }
        // Where each piece starts, in the joined text and in the source.
        let mut starts = Vec::with_capacity(self.run.len());
        let mut at = 0;
        for (t, o) in self.run.drain(..) {
            starts.push((at, o));
            at += t.len();
        }
        let source = |i: usize| {
            let k = starts.partition_point(|&(t, _)| t <= i).saturating_sub(1);
            starts.get(k).map_or(0, |&(t, o)| o + (i - t))
        };
        let mut last = 0;
        for link in found {
            if link.start > last {
                ready.push((Event::Text(text[last..link.start].to_string().into()), source(last)..source(last)));
            }
            let label = &text[link.start..link.end];
            let dest = if link.www { format!("http://{label}") } else { label.to_string() };
            let tag = Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: dest.into(),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            };
            let at = source(link.start);
            ready.push((Event::Start(tag), at..at));
            ready.push((Event::Text(label.to_string().into()), at..at));
            ready.push((Event::End(TagEnd::Link), at..at));
            last = link.end;
        }
        if last < text.len() {
            ready.push((Event::Text(text[last..].to_string().into()), source(last)..source(last)));
        }
    }
}

/// An extended autolink in a text: `text[start..end]`, and whether it is a
/// `www.` link (whose URL gets `http://` in front).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Found {
    pub start: usize,
    pub end: usize,
    pub www: bool,
}

/// The extended autolinks of `text`, in order (GFM spec, section 6.9).
pub(super) fn find(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let prefix = ["https://", "http://", "www."]
            .into_iter()
            .find(|p| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p.as_bytes()));
        // Only at the start, after a space, or after `*`, `_`, `~`, `(`.
        let boundary = i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'*' | b'_' | b'~' | b'(');
        if let (Some(prefix), true) = (prefix, boundary) {
            let www = prefix == "www.";
            let domain_start = if www { i } else { i + prefix.len() };
            if let Some(end) = link_end(text, domain_start, !www) {
                out.push(Found { start: i, end, www });
                i = end;
                continue;
            }
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// The longest domain name DNS allows, with `www.` counted in.
const MAX_DOMAIN: usize = 253;

/// The end of the link whose domain starts at `start`, or `None` if no
/// valid domain starts there. `short`: a domain without a period
/// (`http://localhost`) is allowed, as cmark-gfm does for URLs.
fn link_end(text: &str, start: usize, short: bool) -> Option<usize> {
    // A name longer than DNS allows is no domain; stopping there keeps a run
    // of 100,000 `www._` linear (each would read to the run's end).
    let mut domain_len = text.len() - start;
    for (i, c) in text[start..].char_indices() {
        if !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.') {
            domain_len = i;
            break;
        }
        if i > MAX_DOMAIN {
            return None;
        }
    }
    let domain = &text[start..start + domain_len];
    if !valid_domain(domain, short) {
        return None;
    }
    let path_len = text[start..].find(|c: char| c.is_whitespace() || c == '<').unwrap_or(text.len() - start);
    let end = trim_trailing(&text[start..start + path_len]);
    Some(start + end)
}

/// Segments of letters, digits, `-` and `_` between periods, with at least
/// one period (unless `short`) and no `_` in the last two segments.
fn valid_domain(domain: &str, short: bool) -> bool {
    let domain = domain.trim_end_matches('.');
    let segments: Vec<&str> = domain.split('.').collect();
    if domain.is_empty() || segments.iter().any(|s| s.is_empty()) || (!short && segments.len() < 2) {
        return false;
    }
    !segments.iter().rev().take(2).any(|s| s.contains('_'))
}

/// The length of `link` without its trailing punctuation: `?!.,:*_~` (and,
/// beyond GFM, quotes and an ellipsis, which smart punctuation makes of
/// the text after a URL), a `)` with no `(` to close, an entity-like `&x;`.
/// The parentheses are counted once: a link ending in 100,000 `)` is
/// trimmed in one pass, not 100,000.
fn trim_trailing(link: &str) -> usize {
    let open = link.matches('(').count();
    let mut close = link.matches(')').count();
    let mut end = link.len();
    loop {
        let s = &link[..end];
        let Some(last) = s.chars().next_back() else { return end };
        if "?!.,:*_~'\"’”…".contains(last) {
            end -= last.len_utf8();
        } else if last == ')' && close > open {
            end -= 1;
            close -= 1;
        } else if last == ';' {
            let body = s[..s.len() - 1].trim_end_matches(|c: char| c.is_ascii_alphanumeric());
            match body.strip_suffix('&') {
                Some(before) if before.len() + 2 < s.len() => end = before.len(),
                _ => return end,
            }
        } else {
            return end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|f| &text[f.start..f.end]).collect()
    }

    #[test]
    fn finds_urls_and_www() {
        assert_eq!(
            links("See https://example.com/a_b?x=1 and www.commonmark.org/help."),
            ["https://example.com/a_b?x=1", "www.commonmark.org/help"]
        );
        assert_eq!(links("Visit www.commonmark.org."), ["www.commonmark.org"]);
        assert_eq!(links("(www.google.com/search?q=Markup+(business))"), ["www.google.com/search?q=Markup+(business)"]);
        assert_eq!(links("www.google.com/search?q=Markup+(business)))"), ["www.google.com/search?q=Markup+(business)"]);
        assert_eq!(links("www.google.com/search?q=commonmark&hl;"), ["www.google.com/search?q=commonmark"]);
        assert_eq!(links("www.commonmark.org/he<lp"), ["www.commonmark.org/he"]);
        assert_eq!(links("http://localhost:8000/x"), ["http://localhost:8000/x"]);
        let parens = format!("www.a.org/(b){}", ")".repeat(1000));
        assert_eq!(links(&parens), ["www.a.org/(b)"]);
    }

    #[test]
    fn refuses_what_gfm_refuses() {
        assert!(links("www.xxx_yyy.com").is_empty(), "underscore in the last two segments");
        assert!(links("www.").is_empty());
        assert!(links("awww.example.com xhttp://a.b").is_empty(), "not at a word start");
        assert!(links("http://").is_empty());
        assert!(links(&format!("www.{}.org", "a".repeat(300))).is_empty(), "longer than DNS allows");
    }
}
