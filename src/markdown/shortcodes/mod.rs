//! Shortcodes, in Zola's syntax: `{{ name(key="v") }}` in a line and
//! `{% name(key="v") %}…{% end %}` around Markdown, each rendered by the
//! template `shortcodes/NAME.html` (the site's `templates/`, else the
//! theme's; the theme ships `figure`, `note` and `warning`).
//!
//! Why the source is masked rather than rewritten: every position acta
//! reports (errors, link records, glossary uses) is a byte offset into the
//! page's source. Before parsing, each shortcode's bytes are replaced by a
//! mask of the same length, so every offset after it stays exact and no
//! position map is needed:
//! - a shortcode alone on its line (a block's start or end, or a call alone
//!   in its paragraph) becomes an HTML comment, `<!--xxxx-->`, which starts
//!   a block of its own: the Markdown after a block's start is a paragraph
//!   of its own, and a list before its end is closed;
//! - any other becomes a private-use character that names it, then `x`s:
//!   text in its paragraph, replaced by the rendered HTML in place.
//!
//! A block's body stays in the page's Markdown, parsed with it: its links,
//! terms, footnotes, figures and errors are the page's, at their own lines.
//! Its template is rendered with `body` standing for the body and split
//! there: it must write `{{ body }}` once. A template named
//! `NAME.raw.html` instead receives the body as it is written, as text
//! (for code, tables of data, anything not Markdown).
//!
//! Shortcodes are never read in code spans or code blocks, and they are
//! found by a parse of the page made beforehand (only when the page has
//! `{{` or `{%`), which says where its code is.

pub mod parse;

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::templates::Templates;
use parse::{Call, Piece};

/// Stands for the body while a block's template is rendered (noncharacters,
/// which no argument is meant to hold).
const BODY: &str = "\u{FDD1}acta-shortcode-body\u{FDD1}";
/// The first private-use character naming a shortcode written inline.
const FIRST_TOKEN: u32 = 0xF0000;
/// How many shortcodes a page may have (the private-use plane's size).
const MAX_PIECES: usize = 65_534;

/// A shortcode piece ready to expand.
enum Kind {
    Inline(Call),
    Open(Call),
    /// The end of the block opened by the piece at this index.
    End(usize),
    /// A raw block whole: the call and its body as written.
    Raw(Call, String),
    Literal(String),
}

/// A piece kept: where it is, what it is, whether it is masked as a block,
/// and its text as written (given back where a mask lands in code).
struct Placed {
    range: Range<usize>,
    kind: Kind,
    block: bool,
    source: String,
}

/// One page's shortcodes: what each piece is, how it is masked, and the
/// closing halves of the blocks open.
pub(super) struct Shortcodes<'c> {
    templates: Option<&'c Templates>,
    pieces: Vec<Placed>,
    closes: HashMap<usize, String>,
    nth: HashMap<String, usize>,
    /// Problems found before parsing, reported by [`Self::finish`].
    early: Vec<(usize, String, String)>,
    /// Whether the events are in a code block.
    in_code: bool,
}

impl<'c> Shortcodes<'c> {
    /// Finds the shortcodes of `body`; returns them and the masked text to
    /// parse (`None` when there are none).
    pub(super) fn prepare(body: &str, options: Options, templates: Option<&'c Templates>) -> (Self, Option<String>) {
        let mut me = Shortcodes {
            templates,
            pieces: Vec::new(),
            closes: HashMap::new(),
            nth: HashMap::new(),
            early: Vec::new(),
            in_code: false,
        };
        let Some(templates) = templates.filter(|_| body.contains("{{") || body.contains("{%")) else {
            return (me, None);
        };
        let (found, errors) = parse::scan(body, &code_ranges(body, options));
        for e in errors {
            let hint = "write `{{ name(key=\"text\", n=3, flag=true) }}`, or `{{/* … */}}` to show it as text";
            me.early.push((e.offset, format!("shortcode: {}", e.message), hint.into()));
        }
        let known = |name: &str| template_of(templates, name).is_some();
        let slots = me.pair(body, found, &known);
        me.place(body, slots);
        let masked = me.mask(body);
        (me, Some(masked))
    }

    /// Decides how each piece is masked and keeps those that can be: a
    /// piece written in a line cannot hold a blank line (its mask would
    /// join two paragraphs), nor can a page hold more than [`MAX_PIECES`].
    fn place(&mut self, body: &str, slots: Vec<Option<(Range<usize>, Kind)>>) {
        let mut new_index = vec![usize::MAX; slots.len()];
        for (i, slot) in slots.into_iter().enumerate() {
            let Some((range, kind)) = slot else { continue };
            let block = match &kind {
                Kind::Inline(_) => alone(body, &range) && alone_in_paragraph(body, &range),
                Kind::Literal(_) => false,
                Kind::Open(_) | Kind::End(_) | Kind::Raw(..) => alone(body, &range),
            };
            let kind = match kind {
                Kind::End(open) if new_index[open] == usize::MAX => continue,
                Kind::End(open) => Kind::End(new_index[open]),
                // `{{/*` and `*/}}` paragraphs apart are text.
                Kind::Literal(_) if has_blank_line(&body[range.clone()]) => continue,
                _ if !block && has_blank_line(&body[range.clone()]) => {
                    let hint = "write the shortcode on lines of its own, or without blank lines";
                    self.early.push((
                        range.start,
                        "a shortcode written in a line cannot hold a blank line".into(),
                        hint.into(),
                    ));
                    continue;
                }
                kind => kind,
            };
            if self.pieces.len() == MAX_PIECES {
                self.early.push((range.start, "too many shortcodes on one page".into(), String::new()));
                break;
            }
            new_index[i] = self.pieces.len();
            let source = body[range.clone()].to_string();
            self.pieces.push(Placed { range, kind, block, source });
        }
    }

    /// Matches each block's start with its end, merges raw blocks whole,
    /// and drops (with an error) unknown names, unclosed starts and stray ends.
    fn pair(
        &mut self,
        body: &str,
        found: Vec<parse::Found>,
        known: &dyn Fn(&str) -> bool,
    ) -> Vec<Option<(Range<usize>, Kind)>> {
        let mut out: Vec<Option<(Range<usize>, Kind)>> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        for f in found {
            match f.piece {
                Piece::Inline(call) if !known(&call.name) => self.unknown(&call),
                Piece::Open(call) if !known(&call.name) => {
                    self.unknown(&call);
                    // Its end is dropped with it.
                    open.push(usize::MAX);
                }
                Piece::Inline(call) => out.push(Some((f.range, Kind::Inline(call)))),
                Piece::Open(call) => {
                    open.push(out.len());
                    out.push(Some((f.range, Kind::Open(call))));
                }
                Piece::End => match open.pop() {
                    Some(usize::MAX) => {}
                    Some(start) => self.close(body, &mut out, start, f.range),
                    None => self.early.push((
                        f.range.start,
                        "`{% end %}` with no shortcode open".into(),
                        "delete it, or open a block before it: `{% note() %}`".into(),
                    )),
                },
                Piece::Literal(text) => out.push(Some((f.range, Kind::Literal(text)))),
            }
        }
        for start in open.into_iter().filter(|&i| i != usize::MAX) {
            if let Some((range, Kind::Open(call))) = out[start].take() {
                self.early.push((
                    range.start,
                    format!("the shortcode `{}` is never closed", call.name),
                    "end its body with `{% end %}`".into(),
                ));
            }
        }
        out
    }

    /// Closes the block opened at `out[start]` with the end at `end`.
    fn close(&self, body: &str, out: &mut Vec<Option<(Range<usize>, Kind)>>, start: usize, end: Range<usize>) {
        let Some((open_range, Kind::Open(call))) = out[start].take() else { return };
        let raw = self.templates.is_some_and(|t| template_of(t, &call.name).is_some_and(|n| n.ends_with(".raw.html")));
        if raw {
            // What was read inside is the body's text, not shortcodes.
            for piece in &mut out[start + 1..] {
                *piece = None;
            }
            let text = body.get(open_range.end..end.start).unwrap_or("");
            let text = text.strip_prefix('\n').unwrap_or(text);
            let text = text.strip_suffix('\n').unwrap_or(text);
            out[start] = Some((open_range.start..end.end, Kind::Raw(call, text.to_string())));
        } else {
            out[start] = Some((open_range, Kind::Open(call)));
            out.push(Some((end, Kind::End(start))));
        }
    }

    fn unknown(&mut self, call: &Call) {
        let mut names: Vec<&str> = self
            .templates
            .map(|t| t.names().filter_map(|n| n.strip_prefix("shortcodes/")).collect())
            .unwrap_or_default();
        names.sort_unstable();
        let names: Vec<String> =
            names.iter().map(|n| n.trim_end_matches(".html").trim_end_matches(".raw").to_string()).collect();
        let known = if names.is_empty() {
            "there are none".to_string()
        } else {
            format!("the known ones are {}", names.join(", "))
        };
        self.early.push((
            call.name_at,
            format!("unknown shortcode `{}`: {known}", call.name),
            format!(
                "add templates/shortcodes/{}.html, or write `{{{{/* … */}}}}` around it to show it as text",
                call.name
            ),
        ));
    }

    /// `body` with every piece masked (see the module's comment).
    fn mask(&self, body: &str) -> String {
        let mut masked = String::with_capacity(body.len());
        let mut last = 0;
        for (i, Placed { range, block, .. }) in self.pieces.iter().enumerate() {
            masked.push_str(&body[last..range.start]);
            let len = range.len();
            if *block {
                masked.push_str("<!--");
                masked.extend(std::iter::repeat_n('x', len - 7));
                masked.push_str("-->");
            } else {
                masked.push(token(i));
                masked.extend(std::iter::repeat_n('x', len - 4));
            }
            last = range.end;
        }
        masked.push_str(&body[last..]);
        masked
    }
}

/// Whether `text` stands for a block's body (see [`BODY`]).
pub(super) fn is_body(text: &str) -> bool {
    text == BODY
}

/// The private-use character naming piece `i`.
fn token(i: usize) -> char {
    char::from_u32(FIRST_TOKEN + i as u32).unwrap_or('\u{F0000}')
}

/// The piece a character names, if it is a token.
fn token_index(c: char) -> Option<usize> {
    let n = (c as u32).checked_sub(FIRST_TOKEN)?;
    (n < MAX_PIECES as u32).then_some(n as usize)
}

/// The template of shortcode `name`: `shortcodes/NAME.html`, else the raw
/// `shortcodes/NAME.raw.html`.
fn template_of(templates: &Templates, name: &str) -> Option<String> {
    [format!("shortcodes/{name}.html"), format!("shortcodes/{name}.raw.html")].into_iter().find(|t| templates.has(t))
}

/// Whether `range` is alone on its line(s): only spaces (and a quote's `>`)
/// before it, only spaces after it.
fn alone(body: &str, range: &Range<usize>) -> bool {
    let line_start = body[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = body[range.end..].find('\n').map_or(body.len(), |i| range.end + i);
    body[line_start..range.start].chars().all(|c| c == ' ' || c == '\t' || c == '>')
        && body[range.end..line_end].trim().is_empty()
}

/// Whether the lines before and after `range` are blank (or absent): a
/// call alone in its paragraph is a block, not a word of it.
fn alone_in_paragraph(body: &str, range: &Range<usize>) -> bool {
    let blank = |line: &str| line.trim_matches(|c: char| c.is_whitespace() || c == '>').is_empty();
    let line_start = body[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let previous = if line_start == 0 { None } else { body[..line_start - 1].rsplit('\n').next() };
    let line_end = body[range.end..].find('\n').map(|i| range.end + i);
    let next = line_end.map(|e| body[e + 1..].split('\n').next().unwrap_or(""));
    previous.is_none_or(blank) && next.is_none_or(blank)
}

/// Whether `text` holds a line with nothing but spaces between two others.
fn has_blank_line(text: &str) -> bool {
    let lines: Vec<&str> = text.split('\n').collect();
    lines.len() > 2 && lines[1..lines.len() - 1].iter().any(|l| l.trim().is_empty())
}

/// Where `body` has code (blocks and spans), in order.
fn code_ranges(body: &str, options: Options) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        if matches!(event, Event::Start(Tag::CodeBlock(_)) | Event::Code(_)) {
            ranges.push(range);
        }
    }
    ranges.sort_by_key(|r| r.start);
    ranges
}

mod expand;
#[cfg(test)]
mod tests;
