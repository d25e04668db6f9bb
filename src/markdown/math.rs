//! Math: `$…$` inline and `$$…$$` display, rendered at build time to
//! MathML Core, which browsers draw themselves: no script, no web font.
//!
//! pulldown-cmark finds the math (`Options::ENABLE_MATH`), with its rules
//! for prose: a `$` followed by a space or a digit after the closing one
//! is not math, so "$5 and $6" stays text. math-core converts it: it was
//! chosen over pulldown-latex (accents without `accent`, errors with no
//! position), latex2mathml (last release 2020, no `aligned`, unknown
//! commands printed as text without an error, `mathvariant` that Chromium
//! ignores) and KaTeX's bindings (a JavaScript engine compiled in) for its
//! MathML Core output and its errors with byte ranges, reported here at the
//! formula's own line and column. A formula that does not convert is an
//! error: publishing it half-drawn would go unnoticed.

use std::sync::OnceLock;

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use pulldown_cmark::{CowStr, Event};

use super::{RenderedMarkdown, Source};
use crate::diagnostic::Diagnostic;

/// One converter for the process: it holds only its configuration, and
/// each formula is converted with its own local state.
fn converter() -> Option<&'static LatexToMathML> {
    static CONVERTER: OnceLock<Option<LatexToMathML>> = OnceLock::new();
    CONVERTER.get_or_init(|| LatexToMathML::new(MathCoreConfig::default()).ok()).as_ref()
}

/// Replaces a math event by its MathML; a formula that does not convert is
/// reported at its position (`range` is the event's, delimiters included)
/// and shown as its source. Gives every other event back.
pub(super) fn rewrite<'a>(
    event: Event<'a>,
    range: std::ops::Range<usize>,
    src: &Source<'_>,
    out: &mut RenderedMarkdown,
) -> Event<'a> {
    let (latex, display) = match event {
        Event::InlineMath(latex) => (latex, MathDisplay::Inline),
        Event::DisplayMath(latex) => (latex, MathDisplay::Block),
        other => return other,
    };
    let converted = converter()
        .ok_or_else(|| (0, "the math converter could not start (an internal error)".to_string()))
        .and_then(|c| c.convert_with_local_state(&latex, display).map_err(|e| (e.0.start, e.error_message())));
    match converted {
        Ok(result) => Event::InlineHtml(CowStr::from(result.mathml)),
        Err((at, message)) => {
            let (line, column) = src.at(position(src, &range, &latex, at));
            out.diagnostics.push(
                Diagnostic::error(&src.page.path, line, column, format!("this formula is not valid LaTeX: {message}"))
                    .with_hint("fix the formula; a `$` that is not math is written `\\$`"),
            );
            let class = if display == MathDisplay::Block { "math-error math-display" } else { "math-error" };
            Event::InlineHtml(CowStr::from(format!("<code class=\"{class}\">{}</code>", crate::html::escape(&latex))))
        }
    }
}

/// The body offset of byte `at` of the formula: inside the source when the
/// formula is written there as it is (on one line, as most are), else the
/// formula's opening `$`.
fn position(src: &Source<'_>, range: &std::ops::Range<usize>, latex: &str, at: usize) -> usize {
    let written = src.page.body.get(range.clone()).unwrap_or_default();
    match written.find(latex) {
        Some(start) if at <= latex.len() => range.start + start + at,
        _ => range.start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_converter_writes_mathml_core() {
        let c = converter().expect("a converter");
        let out = c.convert_with_local_state(r"\frac{a}{b}", MathDisplay::Inline).unwrap().mathml;
        assert_eq!(out, "<math><mfrac><mi>a</mi><mi>b</mi></mfrac></math>");
        let err = c.convert_with_local_state(r"x^{2", MathDisplay::Inline).err().expect("an error");
        assert_eq!(err.0.start, 4);
    }
}
