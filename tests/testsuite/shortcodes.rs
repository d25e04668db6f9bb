//! Shortcodes in Zola's syntax (issue 16): `{{ name(…) }}` and
//! `{% name(…) %}…{% end %}`, rendered by `templates/shortcodes/` (the
//! site's, else the theme's), with typed arguments, a Markdown body, errors
//! at the Markdown file's line and column, and never inside code.

use crate::support::TestSite;

/// A site with one page `p.md` holding `body` (its first line is line 5).
fn page(body: &str) -> TestSite {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"Test\"\nsearch = false\n");
    site.write("content/p.md", &format!("---\ntitle: P\n---\n\n{body}"));
    site
}

/// The page's body: between the content's opening and the article's end.
fn content(html: &str) -> String {
    let start = html.find("<div class=\"content\">").expect("a content block");
    let end = html[start..].find("</article>").map_or(html.len(), |e| start + e);
    html[start..end].to_string()
}

#[test]
fn inline_shortcodes_get_typed_arguments() {
    let site = page(
        "Values: {{ show(s=\"a<b\", n=3, x=1.5, flag=true, off=false) }} and {{ show(s='q', n=-2, x=2.0, flag=false, off=true) }}.\n",
    );
    site.write(
        "templates/shortcodes/show.html",
        "[{{ s }}|{{ n + 1 }}|{{ x * 2 }}|{% if flag %}on{% else %}off{% endif %}|{{ off }}|{{ nth }}]",
    );
    site.build().assert_ok();
    let body = content(&site.read("p/index.html"));
    assert!(
        body.contains("<p>Values: [a&lt;b|4|3.0|on|false|1] and [q|-1|4.0|off|true|2].</p>"),
        "strings are escaped, numbers are numbers, booleans booleans, `nth` counts: {body}"
    );
}

#[test]
fn a_blocks_body_is_markdown_of_the_page() {
    let site =
        page("Before.\n{% note(title=\"Heads up\") %}\nA [link](q.md), **bold**.\n\n- one\n- two\n{% end %}\nAfter.\n");
    site.write("content/q.md", "---\ntitle: Q\n---\n\nQ.\n");
    site.build().assert_ok();
    let body = content(&site.read("p/index.html"));
    let expected = "<p>Before.</p>\n<div class=\"admonition note\" role=\"note\">\n<p class=\"admonition-title\">Heads up</p>\n\n\
                    <p>A <a href=\"/q/\">link</a>, <strong>bold</strong>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n\n</div>\n\n<p>After.</p>";
    assert!(body.contains(expected), "the body is rendered in place, its links resolved: {body}");
    // The body's errors are at their own lines.
    site.write(
        "content/p.md",
        "---\ntitle: P\n---\n\n{% warning() %}\nText.\n\nA [broken](nope.md) link.\n{% end %}\n",
    );
    site.build().assert_error(&["content/p.md:8:3:", "nope.md"]);
}

#[test]
fn the_theme_ships_figure_note_and_warning_and_a_site_overrides_them() {
    let site = page("{% warning() %}\nCareful.\n{% end %}\n\n{% note() %}\nNoted.\n{% end %}\n");
    site.build().assert_ok();
    let body = content(&site.read("p/index.html"));
    assert!(
        body.contains("<div class=\"admonition warning\" role=\"note\">\n<p class=\"admonition-title\">Warning</p>"),
        "{body}"
    );
    assert!(body.contains("<p class=\"admonition-title\">Note</p>"), "{body}");
    site.write("templates/shortcodes/note.html", "<aside class=\"mine\">{{ body }}</aside>");
    site.build().assert_ok();
    let body = content(&site.read("p/index.html"));
    assert!(body.contains("<aside class=\"mine\">\n<p>Noted.</p>\n</aside>"), "the site's template wins: {body}");
}

#[test]
fn a_raw_shortcode_gets_its_body_as_written() {
    let site = page("{% csv(caption=\"Counts\") %}\nyear,*sites*\n2019,<12>\n{% end %}\n");
    site.write("templates/shortcodes/csv.raw.html", "<pre title=\"{{ caption }}\">{{ body }}</pre>");
    site.build().assert_ok();
    let body = content(&site.read("p/index.html"));
    assert!(
        body.contains("<pre title=\"Counts\">year,*sites*\n2019,&lt;12&gt;</pre>"),
        "not Markdown, escaped: {body}"
    );
}

#[test]
fn zolas_markdown_filter_works_on_a_body() {
    let site = page("{% quote(by=\"Ann\") %}\nIt *works*.\n{% end %}\n\n{{ md(text=\"a *b*\") }}\n");
    site.write(
        "templates/shortcodes/quote.html",
        "<blockquote>{{ body | markdown | safe }}<p>{{ by }}</p></blockquote>",
    );
    site.write("templates/shortcodes/md.html", "<div>{{ text | markdown | safe }}</div>");
    site.build().assert_ok();
    let body = content(&site.read("p/index.html"));
    assert!(body.contains("<blockquote>\n<p>It <em>works</em>.</p>\n<p>Ann</p></blockquote>"), "{body}");
    assert!(body.contains("<div><p>a <em>b</em></p>\n</div>"), "{body}");
}

#[test]
fn shortcodes_are_never_expanded_in_code() {
    let site = page(
        "`{{ note() }}` in a span.\n\n```\n{{ note() }}\n{% note() %}x{% end %}\n```\n\n    {{ note() }}\n\nAnd {{/* note(a=1) */}} as written.\n",
    );
    site.build().assert_ok();
    let body = content(&site.read("p/index.html"));
    assert!(!body.contains("admonition"), "nothing was expanded: {body}");
    assert!(body.contains("<code>{{ note() }}</code> in a span."), "{body}");
    assert!(body.contains("{{ note() }}\n{% note() %}x{% end %}\n</code></pre>"), "{body}");
    assert!(body.contains("<pre class=\"code\"><code>{{ note() }}\n</code></pre>"), "indented code: {body}");
    assert!(body.contains("<p>And {{ note(a=1) }} as written.</p>"), "{body}");
}

#[test]
fn braces_that_are_not_calls_stay_text() {
    let site = page("Tera users write {{ page.title }} and {% if x %} in prose.\n");
    site.build().assert_ok();
    assert!(site.read("p/index.html").contains("<p>Tera users write {{ page.title }} and {% if x %} in prose.</p>"));
}

#[test]
fn an_unknown_shortcode_is_an_error_that_lists_the_known_ones() {
    let site = page("Line one.\nSee {{ youtube(id=\"x\") }}.\n");
    site.write("templates/shortcodes/chart.html", "chart");
    site.build().assert_error(&[
        "content/p.md:6:8: error: unknown shortcode `youtube`: the known ones are chart, figure, note, warning",
    ]);
}

#[test]
fn bad_argument_syntax_is_an_error_where_it_is() {
    for (text, at, message) in [
        ("{{ note(title) }}", "5:14:", "expected `=` after the argument name `title`"),
        ("x {{ note(n=abc) }}", "5:13:", "expected a value: a string in quotes, a number, `true` or `false`"),
        ("{{ note(t=\"open) }}", "5:11:", "this string has no closing \""),
        ("{{ note(a=1 b=2) }}", "5:13:", "expected `,` or `)` after an argument"),
        ("{{ note(a=1, a=2) }}", "5:14:", "the argument `a` is given twice"),
        ("{{ note(a=1) %}", "5:14:", "expected `}}` to end the shortcode `note`"),
    ] {
        let site = page(&format!("{text}\n"));
        site.build().assert_error(&[&format!("content/p.md:{at} error: shortcode: {message}")]);
    }
}

#[test]
fn an_unclosed_block_and_a_stray_end_are_errors() {
    let site = page("Text.\n\n{% note() %}\nNever closed.\n");
    site.build().assert_error(&["content/p.md:7:1: error: the shortcode `note` is never closed"]);
    let site = page("Text.\n{% end %}\n");
    site.build().assert_error(&["content/p.md:6:1: error: `{% end %}` with no shortcode open"]);
}

#[test]
fn a_template_error_is_reported_at_the_shortcode() {
    let site = page("Text.\n\n  {{ bad() }}\n");
    site.write("templates/shortcodes/bad.html", "{{ missing.field }}");
    site.build().assert_error(&["content/p.md:7:6: error: the shortcode `bad` could not be rendered"]);
}

#[test]
fn positions_after_shortcodes_are_the_files() {
    // A call over three lines, then a broken link and an unknown acronym:
    // each reported where it is written.
    let site = page(
        "{{ figure(src=\"m.png\",\n  alt=\"A map\",\n  caption=\"Map\") }} and [x](nope.md)\n\nThe ZZQ said {{ note() }} [y](gone.md).\n",
    );
    site.write_bytes("content/m.png", b"png");
    let run = site.build();
    run.assert_error(&["content/p.md:7:25:", "nope.md"]);
    run.assert_error(&["content/p.md:9:27:", "gone.md"]);
}

#[test]
fn a_zola_sites_shortcodes_build() {
    let site = TestSite::fixture("zola-site");
    site.build().assert_ok();
    let html = content(&site.read("blog/field-kit/index.html"));
    assert!(
        html.contains("Bring <span class=\"gear\" title=\"Boots\">boots (2)</span> and a notebook."),
        "inline, site template: {html}"
    );
    assert!(html.contains("<div class=\"admonition note\" role=\"note\">"), "block, theme template: {html}");
    assert!(html.contains("<figure id=\"figure-1\" class=\"figure\">"), "{html}");
    assert!(
        html.contains("<aside class=\"packing\">\n\n<p>Pack <em>light</em>.</p>\n\n</aside>"),
        "`body | markdown`: {html}"
    );
}

#[test]
fn terms_and_bare_urls_after_an_inline_shortcode_are_still_linked() {
    let site = TestSite::fixture("features");
    site.write("templates/shortcodes/tag.html", "<span class=\"tag\">{{ t }}</span>");
    site.write("content/p.md", "---\ntitle: P\n---\n\nA {{ tag(t=\"x\") }} then the WHO at www.example.org.\n");
    site.build().assert_ok();
    let body = content(&site.read("p/index.html"));
    assert!(
        body.contains("<span class=\"tag\">x</span> then the <span class=\"term-ref\">"),
        "the term is linked: {body}"
    );
    assert!(body.contains("<a href=\"http://www.example.org\">www.example.org</a>"), "{body}");
}

#[test]
fn a_link_in_a_shortcodes_output_is_checked_at_the_shortcode() {
    let site = page("Text.\n\n{{ card(to=\"/nowhere/\") }}\n");
    site.write(
        "templates/shortcodes/card.html",
        "<div class=\"card\">\n<p>See</p>\n<a href=\"{{ to }}\">there</a>\n</div>\n",
    );
    site.build().assert_error(&["content/p.md:7:", "/nowhere/"]);
}
