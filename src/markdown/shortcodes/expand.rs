//! Expanding the masked shortcodes of a page's events: tokens in text
//! become inline HTML where they stand, masks in HTML blocks become the
//! rendered block.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::parse::{Call, Value};
use super::{BODY, Kind, Shortcodes, template_of, token_index};
use crate::diagnostic::Diagnostic;
use crate::html::escape;
use crate::markdown::early::Env;
use crate::markdown::figures::{Figures, warn_no_alt};
use crate::markdown::links::{Use, rewrite_at};

impl Shortcodes<'_> {
    /// Puts `event` into `ready`, with the shortcodes it holds expanded.
    pub(in crate::markdown) fn expand<'a>(
        &mut self,
        event: Event<'a>,
        range: Range<usize>,
        figures: &mut Figures,
        env: &mut Env<'_>,
        ready: &mut Vec<(Event<'a>, Range<usize>)>,
    ) {
        if self.pieces.is_empty() {
            ready.push((event, range));
            return;
        }
        let has_token = |t: &str| t.chars().any(|c| token_index(c).is_some());
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                self.in_code = true;
                ready.push((event, range));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code = false;
                ready.push((event, range));
            }
            // A mask that a code span or block took in (its backticks
            // moved by another mask): the text as written.
            Event::Text(t) if self.in_code && has_token(&t) => {
                ready.push((Event::Text(self.restore(&t).into()), range))
            }
            Event::Code(t) if has_token(&t) => ready.push((Event::Code(self.restore(&t).into()), range)),
            Event::Text(t) if has_token(&t) => self.text(&t, range, figures, env, ready),
            Event::Html(t) | Event::InlineHtml(t) if self.touches(&t, &range) => {
                self.html(&t, range, figures, env, ready);
            }
            other => ready.push((other, range)),
        }
    }

    /// A text with tokens, as text and inline HTML.
    fn text<'a>(
        &mut self,
        t: &str,
        range: Range<usize>,
        figures: &mut Figures,
        env: &mut Env<'_>,
        ready: &mut Vec<(Event<'a>, Range<usize>)>,
    ) {
        // Offsets in the text are offsets in the source when the text is
        // the source as written (no entity or escape in it).
        let exact = t.len() == range.len();
        let at = |i: usize| if exact { range.start + i } else { range.start };
        let mut plain = 0;
        let mut i = 0;
        while let Some((j, c)) = t[i..].char_indices().find(|&(_, c)| token_index(c).is_some()) {
            let start = i + j;
            let Some(piece) = token_index(c).filter(|&p| p < self.pieces.len()) else {
                i = start + c.len_utf8();
                continue;
            };
            if start > plain {
                ready.push((Event::Text(t[plain..start].to_string().into()), at(plain)..at(plain)));
            }
            let filler = self.pieces[piece].range.len() - 4;
            let rest = &t[start + 4..];
            i = start + 4 + filler.min(rest.len() - rest.trim_start_matches('x').len());
            plain = i;
            let place = at(start)..at(start);
            match &self.pieces[piece].kind {
                Kind::Literal(text) => ready.push((Event::Text(text.clone().into()), place)),
                _ => {
                    // A template file's last newline is not a space in the line.
                    let html = self.output(piece, figures, env);
                    push_output(html.trim_end_matches(['\n', '\r']), place.start, ready);
                }
            }
        }
        if plain < t.len() {
            ready.push((Event::Text(t[plain..].to_string().into()), at(plain)..at(plain)));
        }
    }

    /// `t` with each token and its filler replaced by the piece as written.
    fn restore(&self, t: &str) -> String {
        self.replace_tokens(t, true)
    }

    /// `t` without its tokens and their filler: the text of a footnote's
    /// preview, which shows no shortcode.
    pub(in crate::markdown) fn strip_tokens(&self, t: &str) -> String {
        self.replace_tokens(t, false)
    }

    fn replace_tokens(&self, t: &str, as_written: bool) -> String {
        let mut out = String::with_capacity(t.len());
        let mut rest = t;
        while let Some((k, c)) = rest.char_indices().find(|&(_, c)| token_index(c).is_some()) {
            out.push_str(&rest[..k]);
            let after = &rest[k + c.len_utf8()..];
            let Some(piece) = token_index(c).and_then(|p| self.pieces.get(p)) else {
                out.push(c);
                rest = after;
                continue;
            };
            let xs = after.len() - after.trim_start_matches('x').len();
            if as_written {
                out.push_str(&piece.source);
            }
            rest = &after[xs.min(piece.range.len() - 4)..];
        }
        out.push_str(rest);
        out
    }

    /// Whether raw HTML at `range` holds a mask or a token.
    fn touches(&self, t: &str, range: &Range<usize>) -> bool {
        let first = self.pieces.partition_point(|p| p.range.start < range.start);
        let block = self.pieces[first..].iter().take_while(|p| p.range.start < range.end).any(|p| p.block);
        block || t.chars().any(|c| token_index(c).is_some())
    }

    /// Raw HTML (a line of an HTML block, or inline) with the masks and
    /// tokens in it expanded: the HTML around each kept at its own place in
    /// the source, so the links written there are recorded where they are.
    fn html<'a>(
        &mut self,
        t: &str,
        range: Range<usize>,
        figures: &mut Figures,
        env: &mut Env<'_>,
        ready: &mut Vec<(Event<'a>, Range<usize>)>,
    ) {
        // Offsets in the HTML are the source's where it is written as is.
        let exact = t.len() == range.len();
        let at = |i: usize| if exact { range.start + i } else { range.start };
        let inline = !t.contains('\n');
        let first = self.pieces.partition_point(|p| p.range.start < range.start);
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        let mut from = 0;
        for p in (first..self.pieces.len()).take_while(|&p| self.pieces[p].range.start < range.end) {
            if !self.pieces[p].block {
                continue;
            }
            let mask = format!("<!--{}-->", "x".repeat(self.pieces[p].range.len() - 7));
            if let Some(k) = t[from..].find(&mask).map(|k| from + k) {
                found.push((k, k + mask.len(), p));
                from = k + mask.len();
            }
        }
        for (k, c) in t.char_indices() {
            let Some(piece) = token_index(c).and_then(|p| self.pieces.get(p).map(|piece| (p, piece))) else { continue };
            let rest = &t[k + 4..];
            let xs = rest.len() - rest.trim_start_matches('x').len();
            found.push((k, k + 4 + xs.min(piece.1.range.len() - 4), piece.0));
        }
        found.sort_unstable();
        let mut cursor = 0;
        for (k, end, p) in found {
            if k < cursor {
                continue;
            }
            if k > cursor {
                let text = t[cursor..k].to_string().into();
                ready.push((if inline { Event::InlineHtml(text) } else { Event::Html(text) }, at(cursor)..at(cursor)));
            }
            let output = self.output(p, figures, env);
            push_output(&output, self.pieces[p].range.start, ready);
            cursor = end;
        }
        if cursor < t.len() {
            let text = t[cursor..].to_string().into();
            ready.push((if inline { Event::InlineHtml(text) } else { Event::Html(text) }, at(cursor)..at(cursor)));
        }
    }

    /// The HTML of piece `p`: a call rendered, a block's opening half (its
    /// closing half kept for its end), a literal escaped.
    fn output(&mut self, p: usize, figures: &mut Figures, env: &mut Env<'_>) -> String {
        let at = self.pieces[p].range.start;
        match &self.pieces[p].kind {
            Kind::Literal(text) => escape(text),
            Kind::End(open) => self.closes.remove(open).unwrap_or_default(),
            Kind::Inline(call) => {
                let call = call.clone();
                self.render(&call, None, figures, env).unwrap_or_default()
            }
            Kind::Raw(call, body) => {
                let (call, body) = (call.clone(), body.clone());
                self.render(&call, Some(&body), figures, env).unwrap_or_default()
            }
            Kind::Open(call) => {
                let call = call.clone();
                let Some(html) = self.render(&call, Some(BODY), figures, env) else { return String::new() };
                let halves: Vec<&str> = html.split(BODY).collect();
                if let [open, close] = halves[..] {
                    self.closes.insert(p, close.to_string());
                    return open.to_string();
                }
                let (line, column) = env.src.at(at);
                env.out.diagnostics.push(
                    Diagnostic::error(
                        &env.src.page.path,
                        line,
                        column,
                        format!(
                            "the template of the shortcode `{}` writes its body {} times: a block's template writes `{{{{ body }}}}` once",
                            call.name,
                            halves.len() - 1
                        ),
                    )
                    .with_hint(format!(
                        "write `{{{{ body }}}}` once in templates/shortcodes/{0}.html, or name it {0}.raw.html to get the body as text",
                        call.name
                    )),
                );
                String::new()
            }
        }
    }

    /// `call` rendered by its template, with `body` when a block; an error
    /// at the call's name when the template fails.
    fn render(&mut self, call: &Call, body: Option<&str>, figures: &mut Figures, env: &mut Env<'_>) -> Option<String> {
        let templates = self.templates?;
        let name = template_of(templates, &call.name)?;
        let mut context = tera::Context::new();
        for (k, v) in &call.args {
            context.insert(k.clone(), v);
        }
        let nth = self.nth.entry(call.name.clone()).or_default();
        *nth += 1;
        context.insert("nth", &*nth);
        if let Some(body) = body {
            context.insert("body", body);
        }
        if call.name == "figure" {
            figure(call, &mut context, figures, env);
        }
        match templates.render(&name, &context) {
            Ok(html) => Some(html),
            Err(d) => {
                let (line, column) = env.src.at(call.name_at);
                let message = d.message.strip_prefix(crate::templates::ERROR).unwrap_or(&d.message);
                env.out.diagnostics.push(
                    Diagnostic::error(
                        &env.src.page.path,
                        line,
                        column,
                        format!("the shortcode `{}` could not be rendered: {message}", call.name),
                    )
                    .with_hint(format!("in {}:{}:{}", d.path.display(), d.line, d.column)),
                );
                None
            }
        }
    }

    /// Reports the problems found before parsing.
    pub(in crate::markdown) fn finish(&mut self, env: &mut Env<'_>) {
        for (offset, message, hint) in self.early.drain(..) {
            let (line, column) = env.src.at(offset);
            let d = Diagnostic::error(&env.src.page.path, line, column, message);
            env.out.diagnostics.push(if hint.is_empty() { d } else { d.with_hint(hint) });
        }
    }
}

/// The figure shortcode's context: `src` rewritten as an image's URL is,
/// `alt`, `caption`, `credit` (empty when not given), and the figure's
/// `id` and `number`.
fn figure(call: &Call, context: &mut tera::Context, figures: &mut Figures, env: &mut Env<'_>) {
    let arg = |key: &str| {
        call.args.iter().find(|(k, _)| k == key).map(|(_, v)| match v {
            Value::Str(s) => s.clone(),
            Value::Int(n) => n.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => b.to_string(),
        })
    };
    let (line, column) = env.src.at(call.name_at);
    let src = match arg("src") {
        Some(src) => {
            let errors = env.out.diagnostics.len();
            let url = rewrite_at(&src, Use::Image, env.from, env.src.page, env.ctx, (line, column), env.out);
            // A missing image is reported here, once: not again as the
            // `src` of the HTML written.
            if env.out.diagnostics.len() > errors { String::new() } else { url }
        }
        None => {
            env.out.diagnostics.push(
                Diagnostic::error(&env.src.page.path, line, column, "the figure shortcode needs `src`")
                    .with_hint("`{{ figure(src=\"map.png\", alt=\"A map of …\", caption=\"…\") }}`"),
            );
            String::new()
        }
    };
    let alt = arg("alt").unwrap_or_default();
    if alt.trim().is_empty() {
        warn_no_alt(call.name_at, env.src, env.out);
    }
    let caption = arg("caption").unwrap_or_default();
    context.insert("src", &src);
    context.insert("alt", &alt);
    context.insert("caption", &caption);
    context.insert("credit", &arg("credit").unwrap_or_default());
    let n = figures.number(arg("id").as_deref(), &caption, call.name_at, env);
    context.insert("id", &n.id);
    context.insert("number", &n.number);
}

/// A shortcode's HTML as raw HTML at `at`, the shortcode's place: one event
/// a line, so every link in it is recorded on the shortcode's line. Raw
/// HTML, not inline HTML: it is whole, so it opens no element that would
/// keep the glossary and autolinks out of the rest of the paragraph.
fn push_output<'a>(html: &str, at: usize, ready: &mut Vec<(Event<'a>, Range<usize>)>) {
    for line in html.split_inclusive('\n') {
        ready.push((Event::Html(line.to_string().into()), at..at));
    }
}
