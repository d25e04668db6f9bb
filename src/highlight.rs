//! Code highlighting with syntect, to CSS classes (themes restyle code without a rebuild).

use std::sync::{Arc, OnceLock};

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Loaded once per process, from the dump inside the binary: parsing the
/// grammars is the most expensive part of highlighting.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// A fenced code block as HTML. An unknown or missing language gives plain
/// escaped code, never an error.
pub fn highlight(code: &str, lang: Option<&str>) -> String {
    let lang_attr = lang.map(|l| format!(" data-lang=\"{}\"", crate::html::escape(l))).unwrap_or_default();
    let ss = syntaxes();
    let syntax = lang.and_then(|l| ss.find_syntax_by_token(l));
    let body = match syntax {
        Some(syntax) => {
            let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
            let mut ok = true;
            for line in LinesWithEndings::from(code) {
                if generator.parse_html_for_line_which_includes_newline(line).is_err() {
                    ok = false;
                    break;
                }
            }
            if ok { generator.finalize() } else { crate::html::escape(code) }
        }
        None => crate::html::escape(code),
    };
    // `language-xyz` on `<code>`: the class client tools (copy buttons,
    // other highlighters) look for.
    let class = lang.map(|l| format!(" class=\"language-{}\"", crate::html::escape(l))).unwrap_or_default();
    format!("<pre class=\"code\"{lang_attr}><code{class}>{body}</code></pre>\n")
}

/// A highlighted block, kept with a page's rendered body so that rendering
/// the page again (an edit in `serve`) reuses the blocks the edit did not
/// touch: syntect costs 40-50 µs per line (scripts/highlight-cost), most of a page's render.
#[derive(Debug, Clone)]
pub struct Block {
    lang: Option<Box<str>>,
    code: Box<str>,
    pub html: Arc<str>,
}

/// [`highlight`], reusing the block of `previous` with the same language
/// and code, if there is one.
pub fn highlight_reusing(code: &str, lang: Option<&str>, previous: &[Block]) -> Block {
    let same = |b: &&Block| b.lang.as_deref() == lang && &*b.code == code;
    match previous.iter().find(same) {
        Some(block) => block.clone(),
        None => Block { lang: lang.map(Box::from), code: code.into(), html: highlight(code, lang).into() },
    }
}

/// The stylesheet for highlighted code: `light` or `dark` as the rest of the
/// theme is, by the reader's choice in the header's switch (`data-theme` on
/// `<html>`) or else by `prefers-color-scheme`.
pub fn stylesheet(light: &str, dark: &str) -> Result<String, String> {
    let themes = ThemeSet::load_defaults();
    let get = |name: &str| {
        themes.themes.get(name).ok_or_else(|| {
            let mut names: Vec<_> = themes.themes.keys().cloned().collect();
            names.sort();
            format!("unknown highlight theme {name:?}; available: {}", names.join(", "))
        })
    };
    let light_css = css_for_theme_with_class_style(get(light)?, CLASS_STYLE).map_err(|e| e.to_string())?;
    let dark_css = css_for_theme_with_class_style(get(dark)?, CLASS_STYLE).map_err(|e| e.to_string())?;
    Ok(scoped_to_schemes(&light_css, &dark_css))
}

/// Each theme's rules apply only while its scheme is the page's, as acta.css
/// does for its colours. Were the light rules left global, a light rule of
/// more classes (`.hl-string.hl-regexp …`) would win over the dark one for
/// the same token, and a reader's "Light" on a dark system would keep dark
/// code.
fn scoped_to_schemes(light: &str, dark: &str) -> String {
    let light_system = r#":root:not([data-theme="dark"])"#;
    let dark_system = r#":root:not([data-theme="light"])"#;
    format!(
        "@media not all and (prefers-color-scheme: dark) {{\n{}}}\n{}\
         @media (prefers-color-scheme: dark) {{\n{}}}\n{}",
        prefix_selectors(light, light_system),
        prefix_selectors(light, r#":root[data-theme="light"]"#),
        prefix_selectors(dark, dark_system),
        prefix_selectors(dark, r#":root[data-theme="dark"]"#),
    )
}

/// `css` (flat rules, as syntect writes them) with `scope` and a space before
/// each selector, comments dropped.
fn prefix_selectors(css: &str, scope: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        let selectors = strip_comments(&rest[..open]);
        let scoped: Vec<String> =
            selectors.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| format!("{scope} {s}")).collect();
        if !scoped.is_empty() {
            out.push_str(&scoped.join(", "));
            out.push_str(" {");
            out.push_str(rest[open + 1..close].trim_end());
            out.push_str("\n}\n");
        }
        rest = &rest[close + 1..];
    }
    out
}

fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..].find("*/").map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes() {
        let html = highlight("fn main() {}\n", Some("rust"));
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("data-lang=\"rust\""));
        assert!(html.contains("<code class=\"language-rust\">"), "{html}");
    }

    #[test]
    fn unchanged_blocks_are_reused_and_changed_ones_highlighted() {
        let first = highlight_reusing("fn a() {}\n", Some("rust"), &[]);
        let again = highlight_reusing("fn a() {}\n", Some("rust"), std::slice::from_ref(&first));
        assert!(Arc::ptr_eq(&first.html, &again.html), "the same block is not highlighted again");
        let other_lang = highlight_reusing("fn a() {}\n", Some("python"), std::slice::from_ref(&first));
        assert!(!Arc::ptr_eq(&first.html, &other_lang.html));
        let edited = highlight_reusing("fn b() {}\n", Some("rust"), std::slice::from_ref(&first));
        assert!(!Arc::ptr_eq(&first.html, &edited.html));
        assert_eq!(*edited.html, *highlight("fn b() {}\n", Some("rust")));
    }

    #[test]
    fn each_themes_rules_apply_only_under_its_scheme_chosen_or_from_the_system() {
        let css = stylesheet("InspiredGitHub", "base16-ocean.dark").unwrap();
        let light = r#":root[data-theme="light"] .hl-keyword {"#;
        let dark = r#":root[data-theme="dark"] .hl-keyword {"#;
        assert!(css.contains(light) && css.contains(dark), "{css}");
        // No rule outside a scope: a selector always starts with `:root`.
        for line in css.lines().filter(|l| l.ends_with('{') && !l.starts_with("@media")) {
            assert!(all_scoped(line), "unscoped: {line}");
        }
        let media = css.find("@media (prefers-color-scheme: dark) {").expect("the system's dark");
        assert!(css[media..].contains(r#":root:not([data-theme="light"]) .hl-keyword {"#));
        assert!(
            css.starts_with("@media not all and (prefers-color-scheme: dark) {\n:root:not([data-theme=\"dark\"]) ")
        );
    }

    fn all_scoped(line: &str) -> bool {
        line.trim_end_matches('{').split(", ").all(|s| s.starts_with(":root"))
    }

    #[test]
    fn selectors_are_prefixed_one_by_one_and_comments_dropped() {
        let css = "/*\n * theme \"X\"\n */\n\n.a {\n color: red;\n}\n.b .c, .d {\n color: blue;\n}\n";
        assert_eq!(prefix_selectors(css, "S"), "S .a {\n color: red;\n}\nS .b .c, S .d {\n color: blue;\n}\n");
    }

    #[test]
    fn unknown_language_is_escaped_plain_code() {
        let html = highlight("<b>\n", Some("\"><script>"));
        assert!(html.contains("&lt;b&gt;"));
        assert!(!html.contains("<script>"));
    }
}
