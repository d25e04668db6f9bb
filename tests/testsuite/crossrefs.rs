//! Numbered figures and cross-references (issue 16): captioned images and
//! the figure shortcode become numbered `<figure>`s; a link with no text to
//! a label names it ("Figure 2", "Section 2.1.1 Results") and previews the
//! target's first paragraph the way footnotes do. The `crossrefs` fixture
//! uses them all; its pages are snapshotted too.

use crate::support::TestSite;

fn built() -> TestSite {
    let site = TestSite::fixture("crossrefs");
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("warning: this figure"), "{}", run.stderr);
    site
}

/// The page's body: between the content's opening and the article's end.
fn content(html: &str) -> String {
    let start = html.find("<div class=\"content\">").expect("a content block");
    let end = html[start..].find("</article>").map_or(html.len(), |e| start + e);
    html[start..end].to_string()
}

/// A site with one page `p.md` holding `body` (its first line is line 5).
fn page(body: &str) -> TestSite {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"Test\"\nsearch = false\n");
    site.write("content/p.md", &format!("---\ntitle: P\n---\n\n{body}"));
    site.write_bytes("content/m.png", b"png");
    site
}

/// The cross-reference markup with text `text` to `href`, preview `tip`.
fn xref(n: usize, href: &str, text: &str, tip: &str) -> String {
    format!(
        "<span class=\"term-ref fn-ref xref\"><a class=\"fn-link xref-link\" href=\"{href}\" aria-describedby=\"xref-{n}-tip\">{text}</a>\
         <span class=\"term-tip fn-tip\" role=\"tooltip\" id=\"xref-{n}-tip\">{tip}</span></span>"
    )
}

#[test]
fn captioned_images_and_figure_shortcodes_are_numbered_in_order() {
    let site = built();
    let body = content(&site.read("report/findings/index.html"));
    let map = "<figure id=\"fig-map\" class=\"figure\">\n<img src=\"/report/map.png\" alt=\"A map of the surveyed region, with the three districts shaded\" />\n\
               <figcaption><span class=\"figure-number\">Figure 1</span>: The surveyed region</figcaption>\n</figure>";
    assert!(body.contains(map), "an image with a title alone in its paragraph, with `{{#id}}`: {body}");
    let trend = "<figure id=\"fig-trend\" class=\"figure\">\n<img src=\"/report/map.png\" alt=\"A line rising from 2019 to 2023\">\n\
                 <figcaption><span class=\"figure-number\">Figure 2</span>: Sites found each year <span class=\"figure-credit\">Survey team</span></figcaption>\n</figure>";
    assert!(body.contains(trend), "the figure shortcode, numbered after it: {body}");
    assert!(!body.contains("title=\"The surveyed region\""), "the caption is not also a tooltip");
}

#[test]
fn figures_without_an_id_are_numbered_and_an_image_in_text_stays_an_image() {
    let site = page(
        "![One](m.png \"First\")\n\nText ![inline](m.png \"Not a figure\") here.\n\n![Two](m.png)\n\n{{ figure(src=\"m.png\", alt=\"Three\") }}\n",
    );
    site.build().assert_ok();
    let body = content(&site.read("p/index.html"));
    assert!(body.contains("<figure id=\"figure-1\" class=\"figure\">"), "{body}");
    assert!(body.contains("<img src=\"/m.png\" alt=\"inline\" title=\"Not a figure\" />"), "{body}");
    assert!(body.contains("<p><img src=\"/m.png\" alt=\"Two\" /></p>"), "no title, no figure: {body}");
    assert!(body.contains("<figure id=\"figure-2\" class=\"figure\">\n<img src=\"/m.png\" alt=\"Three\">\n<figcaption><span class=\"figure-number\">Figure 2</span></figcaption>"), "{body}");
}

#[test]
fn a_figure_without_alt_text_is_a_warning_at_its_place() {
    let site = page("Text.\n\n![](m.png \"A caption\")\n\n  {{ figure(src=\"m.png\", caption=\"C\") }}\n");
    let run = site.build();
    run.assert_ok();
    assert!(run.stderr.contains("content/p.md:7:1: warning: this figure has no alt text"), "{}", run.stderr);
    assert!(run.stderr.contains("content/p.md:9:6: warning: this figure has no alt text"), "{}", run.stderr);
}

#[test]
fn a_figures_missing_image_is_one_error_at_the_shortcode() {
    let site = page("{{ figure(src=\"nope.png\", alt=\"x\") }}\n");
    let run = site.build();
    run.assert_error(&["content/p.md:5:4:", "nope.png"]);
    assert_eq!(run.stderr.matches("error:").count(), 2, "one for the image, and the summary line: {}", run.stderr);
}

#[test]
fn empty_links_name_what_they_point_at() {
    let site = built();
    let body = content(&site.read("report/findings/index.html"));
    for expected in [
        xref(1, "#fig-map", "Figure 1", "The surveyed region"),
        xref(2, "#fig-trend", "Figure 2", "Sites found each year"),
        // An unnumbered heading is named by its text.
        xref(3, "#method-in-brief", "Method in brief", "Walked transects, as Section 2.1.1 Results explains."),
        // A numbered one says "Section".
        xref(
            6,
            "#sec-results",
            "Section 2.1.1 Results",
            "Most sites were found where the rivers meet, as Figure 1 shows.",
        ),
        // Inside a shortcode's body, to another page.
        xref(5, "/report/method/#sources", "Sources", "Field notebooks and the regional archive."),
    ] {
        assert!(body.contains(&expected), "missing {expected}\nin {body}");
    }
    let method = content(&site.read("report/method/index.html"));
    let lead = "What the survey found in the region, in two figures: Figure 1 shows where, and Figure 2 how it changed; \
                Method in brief says how. The counts were made twice.";
    for expected in [
        // A whole page: its `section` number and title, its first paragraph.
        xref(1, "/report/findings/", "Section 2.1 Findings", lead),
        xref(2, "/report/findings/#fig-map", "Figure 1", "The surveyed region"),
        xref(
            3,
            "/report/findings/#sec-results",
            "Section 2.1.1 Results",
            "Most sites were found where the rivers meet, as Figure 1 shows.",
        ),
    ] {
        assert!(method.contains(&expected), "missing {expected}\nin {method}");
    }
    // A link with text is a link as before.
    assert!(body.contains("<a href=\"/report/method/\">the method</a>"), "{body}");
}

#[test]
fn a_label_on_a_heading_or_figure_is_its_id() {
    let site = page(
        "See [](#sec-x), [](#fig-a) and [](#plain-heading).\n\n## Title {#sec-x}\n\nUnder it.\n\n## Plain heading\n\n![Alt](m.png \"Cap\"){#fig-a}\n",
    );
    site.build().assert_ok();
    let body = content(&site.read("p/index.html"));
    assert!(body.contains("<h2 id=\"sec-x\">Title<a class=\"anchor\""), "{body}");
    assert!(body.contains(&xref(1, "#sec-x", "Title", "Under it.")), "{body}");
    assert!(body.contains(&xref(2, "#fig-a", "Figure 1", "Cap")), "{body}");
    // A heading with no paragraph under it: a link with no preview.
    assert!(body.contains("<a class=\"xref-link\" href=\"#plain-heading\">Plain heading</a>"), "{body}");
}

#[test]
fn an_unknown_label_is_an_error_at_the_link() {
    let site = page("Text.\nSee [](#nowhere) and [](q.md#nothere) and [](q.md#there).\n");
    site.write("content/q.md", "---\ntitle: Q\n---\n\n## There\n\nYes.\n");
    let run = site.build();
    run.assert_error(&["content/p.md:6:5: error: cross-reference to an unknown label `#nowhere` on this page"]);
    run.assert_error(&["content/p.md:6:22: error: cross-reference to an unknown label `#nothere` on content/q.md"]);
    assert_eq!(run.stderr.matches("nowhere").count(), 1, "one error, not also a missing anchor: {}", run.stderr);
    // `[check] warn_only` relaxes it like any broken link.
    site.write("site.toml", "title = \"Test\"\nsearch = false\n[check]\nwarn_only = true\n");
    site.build().assert_ok();
}

#[test]
fn check_reports_the_same_errors() {
    let site = page("See [](#nowhere).\n");
    let run = site.acta(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/p.md:5:5: error: cross-reference to an unknown label `#nowhere`"),
        "{}",
        run.stderr
    );
}
