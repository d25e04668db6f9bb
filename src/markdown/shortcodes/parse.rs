//! Finding shortcodes in a page's Markdown source (Zola's syntax):
//! `{{ name(key="v", n=3, x=1.5, flag=true) }}`, `{% name(…) %}…{% end %}`,
//! and `{{/* name() */}}` / `{%/* name() */%}` to write one as it is.
//!
//! `{{` or `{%` followed by anything but a name and `(` is text, as it was
//! before shortcodes: `{{ page.title }}` in prose stays prose. Once the
//! name and `(` are read, the rest must be a call: a mistake is an error at
//! its byte offset, which the caller turns into the file's line and column.

use std::ops::Range;

use serde::Serialize;

/// An argument's value, typed as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// `name(key=value, …)` and where the name is.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Vec<(String, Value)>,
    /// Byte offset of the name in the body.
    pub name_at: usize,
}

/// One piece of shortcode syntax.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// `{{ name(…) }}`.
    Inline(Call),
    /// `{% name(…) %}`, the start of a block.
    Open(Call),
    /// `{% end %}`.
    End,
    /// `{{/* … */}}`: the text to show instead (`{{ … }}`).
    Literal(String),
}

/// A piece and the bytes of the body it spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub range: Range<usize>,
    pub piece: Piece,
}

/// A shortcode written wrong, at byte `offset` of the body.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// Every piece of shortcode syntax in `body` outside the `code` ranges
/// (sorted, not overlapping), in order, and the mistakes.
pub fn scan(body: &str, code: &[Range<usize>]) -> (Vec<Found>, Vec<SyntaxError>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let mut from = 0;
    let mut code = code.iter().peekable();
    while let Some(i) = body[from..].find(['{']).map(|i| from + i) {
        from = i + 1;
        while code.peek().is_some_and(|r| r.end <= i) {
            code.next();
        }
        if let Some(r) = code.peek().filter(|r| r.start <= i) {
            from = r.end;
            continue;
        }
        let close = match body.get(i + 1..i + 2) {
            Some("{") => "}}",
            Some("%") => "%}",
            _ => continue,
        };
        match piece_at(body, i, close) {
            Ok(Some((end, piece))) => {
                found.push(Found { range: i..end, piece });
                from = end;
            }
            Ok(None) => {}
            Err(e) => {
                errors.push(e);
                // Past the bad call's closing braces, if any, so one mistake is one error.
                from = body[i + 2..].find(close).map_or(body.len(), |j| i + 2 + j + 2);
            }
        }
    }
    (found, errors)
}

/// The piece starting with `{{`/`{%` at `start` and the offset after it;
/// `None` when the braces start no shortcode.
fn piece_at(body: &str, start: usize, close: &str) -> Result<Option<(usize, Piece)>, SyntaxError> {
    let mut r = Reader { body, at: start + 2 };
    if r.rest().starts_with("/*") {
        // After the `/*`: `{{/*/}}` is not a literal.
        let Some(end) = r.rest()[2..].find(&format!("*/{close}")).map(|e| e + 2) else { return Ok(None) };
        let inner = &r.rest()[2..end];
        let open = &body[start..start + 2];
        return Ok(Some((r.at + end + 4, Piece::Literal(format!("{open}{inner}{close}")))));
    }
    r.skip_ws();
    let name_at = r.at;
    let name = r.ident();
    if name.is_empty() {
        return Ok(None);
    }
    r.skip_ws();
    if close == "%}" && name == "end" {
        return Ok(r.eat(close).then_some((r.at, Piece::End)));
    }
    if !r.eat("(") {
        return Ok(None);
    }
    let args = args(&mut r)?;
    r.skip_ws();
    if !r.eat(close) {
        return Err(r.error(format!("expected `{close}` to end the shortcode `{name}`")));
    }
    let call = Call { name: name.to_string(), args, name_at };
    Ok(Some((r.at, if close == "}}" { Piece::Inline(call) } else { Piece::Open(call) })))
}

/// The arguments after `(`, up to and including `)`.
fn args(r: &mut Reader<'_>) -> Result<Vec<(String, Value)>, SyntaxError> {
    let mut args: Vec<(String, Value)> = Vec::new();
    loop {
        r.skip_ws();
        if r.eat(")") {
            return Ok(args);
        }
        let key_at = r.at;
        let key = r.ident();
        if key.is_empty() {
            return Err(r.error("expected an argument name (`name=\"value\"`) or `)`"));
        }
        r.skip_ws();
        if !r.eat("=") {
            return Err(r.error(format!("expected `=` after the argument name `{key}`")));
        }
        r.skip_ws();
        let value = value(r)?;
        if args.iter().any(|(k, _)| k == key) {
            return Err(SyntaxError { offset: key_at, message: format!("the argument `{key}` is given twice") });
        }
        args.push((key.to_string(), value));
        r.skip_ws();
        if !r.eat(",") && !r.rest().starts_with(')') {
            return Err(r.error("expected `,` or `)` after an argument"));
        }
    }
}

/// A string in `"`, `'` or `` ` ``, an integer, a float, `true` or `false`.
fn value(r: &mut Reader<'_>) -> Result<Value, SyntaxError> {
    let rest = r.rest();
    if let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'' | '`')) {
        let Some(len) = rest[1..].find(quote) else {
            return Err(r.error(format!("this string has no closing {quote}")));
        };
        let text = rest[1..1 + len].to_string();
        r.at += len + 2;
        return Ok(Value::Str(text));
    }
    let word: &str =
        &rest[..rest.find(|c: char| !(c.is_ascii_alphanumeric() || "+-._".contains(c))).unwrap_or(rest.len())];
    let parsed = match word {
        "true" => Some(Value::Bool(true)),
        "false" => Some(Value::Bool(false)),
        _ => word
            .parse::<i64>()
            .map(Value::Int)
            .ok()
            .or_else(|| word.parse::<f64>().ok().filter(|f| f.is_finite()).map(Value::Float)),
    };
    match parsed {
        Some(v) if !word.is_empty() => {
            r.at += word.len();
            Ok(v)
        }
        _ => Err(r.error("expected a value: a string in quotes, a number, `true` or `false`")),
    }
}

/// A cursor over the body.
struct Reader<'b> {
    body: &'b str,
    at: usize,
}

impl<'b> Reader<'b> {
    fn rest(&self) -> &'b str {
        self.body.get(self.at..).unwrap_or("")
    }

    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, s: &str) -> bool {
        let ok = self.rest().starts_with(s);
        if ok {
            self.at += s.len();
        }
        ok
    }

    /// `[A-Za-z_][A-Za-z0-9_-]*`, or empty.
    fn ident(&mut self) -> &'b str {
        let rest = self.rest();
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            return "";
        }
        let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(rest.len());
        self.at += len;
        &rest[..len]
    }

    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError { offset: self.at, message: message.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, args: &[(&str, Value)], name_at: usize) -> Call {
        Call { name: name.into(), args: args.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(), name_at }
    }

    #[test]
    fn typed_arguments() {
        let body = "A {{ fig(src=\"a.png\", n=3, x=1.5, show=true, t='q') }} b";
        let (found, errors) = scan(body, &[]);
        assert!(errors.is_empty(), "{errors:?}");
        let args = [
            ("src", Value::Str("a.png".into())),
            ("n", Value::Int(3)),
            ("x", Value::Float(1.5)),
            ("show", Value::Bool(true)),
            ("t", Value::Str("q".into())),
        ];
        assert_eq!(found, [Found { range: 2..body.len() - 2, piece: Piece::Inline(call("fig", &args, 5)) }]);
    }

    #[test]
    fn blocks_ends_and_literals() {
        let body = "{% note(title=\"T\") %}\nbody\n{% end %} {{/* x() */}}";
        let (found, _) = scan(body, &[]);
        let pieces: Vec<_> = found.iter().map(|f| &f.piece).collect();
        assert!(matches!(pieces[0], Piece::Open(c) if c.name == "note"));
        assert_eq!(pieces[1], &Piece::End);
        assert_eq!(pieces[2], &Piece::Literal("{{ x() }}".into()));
        let (found, errors) = scan("{{/*/}} {%/**/%}", &[]);
        assert_eq!((found.len(), errors.len()), (1, 0), "{found:?}");
    }

    #[test]
    fn braces_that_are_not_calls_stay_text() {
        let (found, errors) = scan("{{ page.title }} {% if x %} {{}} {", &[]);
        assert!(found.is_empty() && errors.is_empty());
    }

    #[test]
    fn code_is_skipped() {
        let body = "`{{ a() }}` {{ b() }}";
        let code = [0..11, 100..100];
        let (found, _) = scan(body, &code);
        assert_eq!(found.len(), 1);
        assert!(matches!(&found[0].piece, Piece::Inline(c) if c.name == "b"));
    }

    #[test]
    fn mistakes_are_placed() {
        let (_, errors) = scan("x {{ a(b) }}", &[]);
        assert_eq!(errors, [SyntaxError { offset: 8, message: "expected `=` after the argument name `b`".into() }]);
        let (_, errors) = scan("{{ a(b=nope) }}", &[]);
        assert_eq!(errors[0].offset, 7);
        let (_, errors) = scan("{{ a(b=\"x) }}", &[]);
        assert!(errors[0].message.contains("no closing"), "{errors:?}");
        let (_, errors) = scan("{{ a(b=1, b=2) }}", &[]);
        assert_eq!(errors[0].offset, 10);
    }
}
