//! Expanding the masked shortcodes of a page's events: tokens in text
//! become inline HTML where they stand, masks in HTML blocks become the
//! rendered block.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

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
        match event {
            Event::Text(t) if t.chars().any(|c| token_index(c).is_some()) => {
                self.text(&t, range, figures, env, ready);
            }
            Event::Html(t) => {
                let html = self.html(t, range.clone(), figures, env);
                ready.push((Event::Html(html), range));
            }
            Event::InlineHtml(t) => {
                let html = self.html(t, range.clone(), figures, env);
                ready.push((Event::InlineHtml(html), range));
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
            let filler = self.pieces[piece].0.len() - 4;
            let rest = &t[start + 4..];
            i = start + 4 + filler.min(rest.len() - rest.trim_start_matches('x').len());
            plain = i;
            let place = at(start)..at(start);
            match &self.pieces[piece].1 {
                Kind::Literal(text) => ready.push((Event::Text(text.clone().into()), place)),
                _ => {
                    // A template file's last newline is not a space in the line.
                    let html = self.output(piece, figures, env);
                    let html = html.trim_end_matches(['\n', '\r']).to_string();
                    ready.push((Event::InlineHtml(html.into()), place));
                }
            }
        }
        if plain < t.len() {
            ready.push((Event::Text(t[plain..].to_string().into()), at(plain)..at(plain)));
        }
    }

    /// Raw HTML (a line of an HTML block, or inline) with the masks and
    /// tokens in it expanded.
    fn html<'a>(&mut self, t: CowStr<'a>, range: Range<usize>, figures: &mut Figures, env: &mut Env<'_>) -> CowStr<'a> {
        let first = self.pieces.partition_point(|(r, _, _)| r.start < range.start);
        let blocks: Vec<usize> = (first..self.pieces.len())
            .take_while(|&p| self.pieces[p].0.start < range.end)
            .filter(|&p| self.pieces[p].2)
            .collect();
        if blocks.is_empty() && !t.chars().any(|c| token_index(c).is_some()) {
            return t;
        }
        let mut html = t.to_string();
        let mut from = 0;
        for p in blocks {
            let mask = format!("<!--{}-->", "x".repeat(self.pieces[p].0.len() - 7));
            let Some(k) = html[from..].find(&mask).map(|k| from + k) else { continue };
            let output = self.output(p, figures, env);
            html.replace_range(k..k + mask.len(), &output);
            from = k + output.len();
        }
        while let Some((k, p)) = html.char_indices().find_map(|(k, c)| token_index(c).map(|p| (k, p))) {
            let filler = self.pieces.get(p).map_or(0, |(r, _, _)| r.len() - 4);
            let end = (k + 4 + filler).min(html.len());
            let output = if p < self.pieces.len() { self.output(p, figures, env) } else { String::new() };
            html.replace_range(k..end, &output);
        }
        html.into()
    }

    /// The HTML of piece `p`: a call rendered, a block's opening half (its
    /// closing half kept for its end), a literal escaped.
    fn output(&mut self, p: usize, figures: &mut Figures, env: &mut Env<'_>) -> String {
        let at = self.pieces[p].0.start;
        match &self.pieces[p].1 {
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
