//! What authors coming from GitHub and the other generators expect of
//! Markdown (issue 16): alerts, definition lists, footnotes, bare URLs as
//! links, soft breaks kept, `language-xyz` on code, a copy button. The
//! `features` fixture shows each; its pages are snapshotted too.

use std::collections::HashSet;

use crate::support::TestSite;

fn built() -> TestSite {
    let site = TestSite::fixture("features");
    site.build().assert_ok();
    site
}

/// The page's body: between the content's opening and the article's end.
fn content(html: &str) -> &str {
    let start = html.find("<div class=\"content\">").expect("a content block");
    let end = html[start..].find("</article>").map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// A site with one page `p.md` holding `body`.
fn page(body: &str) -> TestSite {
    let site = TestSite::minimal();
    site.write("content/p.md", &format!("---\ntitle: P\n---\n\n{body}"));
    site
}

#[test]
fn github_alerts_are_admonitions_with_a_visible_title() {
    let site = built();
    let html = site.read("blocks/index.html");
    let body = content(&html);
    for (class, title) in
        [("note", "Note"), ("tip", "Tip"), ("important", "Important"), ("warning", "Warning"), ("caution", "Caution")]
    {
        let open =
            format!("<div class=\"admonition {class}\" role=\"note\">\n<p class=\"admonition-title\">{title}</p>\n");
        assert!(body.contains(&open), "no {class} admonition:\n{body}");
    }
    assert!(!body.contains("[!"), "the marker is not shown: {body}");
    assert!(body.contains("<blockquote>\n<p>A plain quotation stays a quotation.</p>\n</blockquote>"), "{body}");
    let css = site.read("acta.css");
    assert!(css.contains(".admonition.warning"), "admonitions are styled");
}

#[test]
fn alert_markers_are_not_acronyms_to_the_glossary_lint() {
    let site = TestSite::fixture("features");
    // A control: an unknown acronym in the same text is still found.
    site.write("content/p.md", "---\ntitle: P\n---\n\n> [!WARNING]\n> The UNDP too.\n\n> [!CAUTION]\n> [!IMPORTANT]\n");
    let run = site.build();
    run.assert_ok();
    assert!(run.stderr.contains("`UNDP`"), "the lint runs on alerts:\n{}", run.stderr);
    for marker in ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"] {
        assert!(!run.stderr.contains(&format!("`{marker}`")), "{marker} called an acronym:\n{}", run.stderr);
    }
}

#[test]
fn definition_lists_are_dl_dt_dd() {
    let site = built();
    let html = site.read("blocks/index.html");
    let body = content(&html);
    assert!(
        body.contains("<dl>\n<dt>Member state</dt>\n<dd>A state that has joined the organization.</dd>\n<dt>Observer</dt>\n<dd>A state or body that takes part without a vote.</dd>\n<dd>It may speak in debates.</dd>\n</dl>"),
        "{body}"
    );
    assert!(site.read("acta.css").contains(".content dd"), "definition lists are styled");
}

#[test]
fn footnotes_are_numbered_in_order_of_first_reference_and_gathered_at_the_end() {
    let site = built();
    let html = site.read("notes/index.html");
    let body = content(&html);
    // `rio` is defined second but referred to first: it is note 1.
    let reference = |label: &str, id: &str, n: usize| {
        format!(
            "<sup><a class=\"fn-link\" href=\"#fn-{label}\" id=\"{id}\" role=\"doc-noteref\" aria-describedby=\"{id}-tip\">{n}</a></sup>"
        )
    };
    assert!(body.contains(&reference("rio", "fnref-rio", 1)), "{body}");
    assert!(body.contains(&reference("ratified", "fnref-ratified", 2)), "{body}");
    assert!(body.contains(&reference("archive", "fnref-archive", 3)), "{body}");
    let section = body.find("<section class=\"footnotes\" role=\"doc-endnotes\"").expect("a footnotes section");
    assert!(body[..section].contains("holds the originals."), "the notes come after the text");
    let notes = &body[section..];
    let order: Vec<usize> = ["<li id=\"fn-rio\">", "<li id=\"fn-ratified\">", "<li id=\"fn-archive\">"]
        .iter()
        .map(|li| notes.find(li).expect(li))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "notes in the order of their numbers: {notes}");
    assert!(notes.starts_with("<section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"Footnotes\">\n<ol>\n"));
    assert!(notes.contains(
        "<p>By two thirds of the signatories. <a class=\"fn-back\" href=\"#fnref-ratified\" role=\"doc-backlink\" aria-label=\"Back to reference 2\">↩</a></p>"
    ), "{notes}");
    // Never the label as an id (`id="1"` was pulldown-cmark's), never the number.
    assert!(!html.contains("id=\"rio\"") && !html.contains("id=\"1\""), "{body}");
}

#[test]
fn a_footnote_referred_to_twice_has_two_back_links_with_distinct_ids() {
    let site = built();
    let html = site.read("notes/index.html");
    let body = content(&html);
    assert!(body.contains("id=\"fnref-rio\"") && body.contains("id=\"fnref-rio-2\""), "{body}");
    assert!(body.contains(
        "<a class=\"fn-back\" href=\"#fnref-rio\" role=\"doc-backlink\" aria-label=\"Back to reference 1\">↩</a> <a class=\"fn-back\" href=\"#fnref-rio-2\" role=\"doc-backlink\" aria-label=\"Back to reference 1 (use 2)\">↩<sup>2</sup></a>"
    ), "{body}");
    let ids: Vec<&str> = html.split(" id=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    let unique: HashSet<&&str> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "ids are unique: {ids:?}");
}

#[test]
fn a_footnote_reference_previews_its_note_like_a_term() {
    let site = built();
    let html = site.read("notes/index.html");
    let body = content(&html);
    // The same structure as a term's tooltip: CSS shows it on hover and
    // focus, aria-describedby gives it to screen readers; plain text.
    assert!(body.contains(
        "<span class=\"term-ref fn-ref\"><sup><a class=\"fn-link\" href=\"#fn-archive\" id=\"fnref-archive\" role=\"doc-noteref\" aria-describedby=\"fnref-archive-tip\">3</a></sup><span class=\"term-tip fn-tip\" role=\"tooltip\" id=\"fnref-archive-tip\">The national archive, series B.</span></span>"
    ), "{body}");
    let css = site.read("acta.css");
    assert!(css.contains(".fn-ref:focus-within .term-tip"), "the preview shows on keyboard focus without script");
}

#[test]
fn footnote_ids_stay_unique_beside_a_heading_of_the_same_text() {
    let site = page("## Fn a\n\nText[^a].\n\n[^a]: The note.\n");
    site.build().assert_ok();
    let html = site.read("p/index.html");
    assert!(html.contains("<h2 id=\"fn-a\">"), "{html}");
    assert!(html.contains("<li id=\"fn-a-1\">") && html.contains("href=\"#fn-a-1\""), "{html}");
}

#[test]
fn an_undefined_footnote_is_a_warning_at_its_place() {
    let site = page("First line.\nA note[^missing] here, `[^code]` and \\[^escaped] are not.\n");
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr.contains("content/p.md:6:7: warning: footnote `[^missing]` is not defined on this page"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("[^code]") && !run.stderr.contains("[^escaped]"), "{}", run.stderr);
    assert!(site.read("p/index.html").contains("A note[^missing] here"), "shown as written");
}

#[test]
fn a_footnote_nothing_refers_to_is_a_warning() {
    let site = page("Text.\n\n[^lonely]: A note.\n");
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr.contains("content/p.md:7:1: warning: footnote `[^lonely]` is never referred to"),
        "{}",
        run.stderr
    );
    assert!(!site.read("p/index.html").contains("footnotes"));
}

#[test]
fn bare_urls_and_www_become_links_without_trailing_punctuation() {
    let site = built();
    let html = site.read("links/index.html");
    let body = content(&html);
    assert!(body.contains(
        "The reports are at <a href=\"https://example.org/reports/2024\">https://example.org/reports/2024</a>, or <a href=\"http://www.example.com\">www.example.com</a>.\n"
    ), "{body}");
    assert!(
        body.contains("(see <a href=\"https://example.org/old\">https://example.org/old</a>) are archived."),
        "{body}"
    );
}

#[test]
fn autolinks_leave_code_links_and_raw_html_alone() {
    let site = built();
    let html = site.read("links/index.html");
    let body = content(&html);
    assert!(body.contains("<a href=\"https://example.org/written\">written link</a>"), "{body}");
    assert!(body.contains("<code>https://example.org/in-code</code>"), "{body}");
    assert!(!body.contains("href=\"https://example.org/in-a-code-block\""), "{body}");
    let site = page("<span>see https://example.org/raw</span> and [https://example.org/x](https://example.org/y)\n");
    site.build().assert_ok();
    let html = site.read("p/index.html");
    assert!(html.contains("<span>see https://example.org/raw</span>"), "{html}");
    assert!(html.contains("<a href=\"https://example.org/y\">https://example.org/x</a>"), "{html}");
}

#[test]
fn soft_breaks_stay_line_breaks_in_the_html() {
    let site = built();
    let html = site.read("links/index.html");
    assert!(html.contains("www.example.com</a>.\nOlder ones"), "{html}");
    // In prose the glossary reads (the home page uses a term), too.
    let home = site.read("index.html");
    assert!(home.contains("definition lists</a>,\n<a href=\"/notes/\">footnotes</a>"), "{home}");
}

#[test]
fn code_blocks_carry_language_class_beside_acta_classes() {
    let site = built();
    let html = site.read("links/index.html");
    assert!(
        html.contains("<pre class=\"code\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-"),
        "{html}"
    );
}

#[test]
fn the_copy_button_is_added_by_the_script_only() {
    let site = built();
    let html = site.read("links/index.html");
    assert!(!html.contains("copy-code"), "no button without script: {html}");
    let js = site.read("acta.js");
    for needed in ["navigator.clipboard", "copy-code", "aria-live", "Copied"] {
        assert!(js.contains(needed), "acta.js lacks {needed}");
    }
    assert!(site.read("acta.css").contains(".copy-code"), "the button is styled");
}

#[test]
fn footnote_labels_match_whatever_their_case() {
    let site = page("Signed[^Rio].\n\n[^rio]: In 1947.\n");
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("footnote"), "{}", run.stderr);
    let html = site.read("p/index.html");
    assert!(html.contains("id=\"fnref-rio-tip\">In 1947.</span>"), "{html}");
    assert!(html.contains("<li id=\"fn-rio\">\n<p>In 1947. <a class=\"fn-back\" href=\"#fnref-rio\""), "{html}");
}

#[test]
fn math_is_mathml_written_at_build_time() {
    let site = built();
    let html = site.read("math/index.html");
    let body = content(&html);
    // Inline and display, fractions, sums with limits, accents, \mathbb, a matrix.
    assert!(body.contains("The mean of <math><mi>n</mi></math> values"), "{body}");
    assert!(body.contains("<mover accent=\"true\"><mi>x</mi>"), "{body}");
    assert!(body.contains("<p><math display=\"block\"><munderover>"), "{body}");
    assert!(body.contains("<mfrac>") && body.contains("<mi>ℝ</mi>") && body.contains("<mtable"), "{body}");
    assert!(!html.contains("katex") && !html.contains("mathjax"), "no script draws the math");
}

#[test]
fn dollars_in_prose_and_code_are_not_math() {
    let site = built();
    let html = site.read("math/index.html");
    let body = content(&html);
    assert!(body.contains("the report costs $5 and the summary $6, and a dollar"), "{body}");
    assert!(body.contains("stays one: $x$.</p>"), "an escaped dollar is a dollar: {body}");
    assert!(body.contains("<code>$HOME</code>") && body.contains("costs <span"), "{body}");
    assert_eq!(body.matches("<math").count(), 6, "{body}");
}

#[test]
fn a_latex_error_is_an_error_at_the_formulas_line_and_column() {
    let site = page("Fine $x$ here.\n\nThen $x \\notacommand y$ breaks.\n");
    let run = site.build();
    run.assert_error(&["content/p.md:7:9: error: this formula is not valid LaTeX: Unknown command \"\\notacommand\""]);
    assert!(run.stderr.contains("`\\$`"), "the hint says how to write a dollar: {}", run.stderr);
    site.write("content/p.md", "---\ntitle: P\n---\n\n$$\n\\sqrt{x} & y\n$$\n");
    site.build().assert_error(&["content/p.md:6:10: error: this formula is not valid LaTeX: Found \"&\""]);
    site.acta(&["check"]).assert_error(&["content/p.md:6:10:", "not valid LaTeX"]);
}

#[test]
fn a_footnotes_preview_shows_its_formula_as_written() {
    let site = page("Text[^a].\n\n[^a]: The value $x^2$ grows.\n");
    site.build().assert_ok();
    let html = site.read("p/index.html");
    assert!(html.contains("id=\"fnref-a-tip\">The value x^2 grows.</span>"), "{html}");
    assert!(html.contains("<li id=\"fn-a\">\n<p>The value <math><msup>"), "the note itself has the MathML: {html}");
}
