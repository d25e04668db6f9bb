//! The print edition (issue 18): `print/index.html`, the whole document on
//! one page in reading order, with the glossary as an appendix.

use std::collections::HashSet;

use crate::support::TestSite;

/// Every value of `attr="…"` in `html`, in order.
pub fn attrs<'h>(html: &'h str, attr: &str) -> Vec<&'h str> {
    let open = format!(" {attr}=\"");
    html.match_indices(&open)
        .map(|(i, _)| {
            let rest = &html[i + open.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// Asserts that no id is used twice and that every `#fragment` link and
/// every link to a page of the site leads to an id of the page.
pub fn assert_self_contained(html: &str, base_path: &str) {
    let mut ids = HashSet::new();
    for id in attrs(html, "id") {
        assert!(ids.insert(id), "the id {id:?} is used twice");
    }
    for href in attrs(html, "href") {
        if let Some(fragment) = href.strip_prefix('#') {
            assert!(ids.contains(fragment), "the link {href:?} leads to no id of the page");
        } else {
            // Only the way back to the site, other sites and files may leave the page.
            let page_link = href.starts_with(base_path) && href.ends_with('/') && href != base_path;
            assert!(!page_link, "the link {href:?} leaves the page for a page of the site");
        }
    }
}

#[test]
fn every_page_is_in_reading_order_with_unique_ids_and_no_site_navigation() {
    let site = TestSite::fixture("markdown");
    site.build().assert_ok();
    let html = site.read("print/index.html");
    assert_self_contained(&html, "/docs/");
    // The pages by weight (Blocks, Inline text, Links); the home page's title opens the title page.
    let mut at = 0;
    for title in
        ["<h1>Markdown features", ">Blocks</h1>", ">Inline text</h1>", ">Links</h1>", ">Abbreviations and terms</h1>"]
    {
        let found = html[at..].find(title).unwrap_or_else(|| panic!("{title:?} is missing or out of order"));
        at += found + title.len();
    }
    for nav in
        ["id=\"site-nav\"", "class=\"sidebar\"", "class=\"site-header\"", "id=\"search\"", "prev-next", "<script"]
    {
        assert!(!html.contains(nav), "{nav} is in the print edition");
    }
}

#[test]
fn links_between_pages_lead_to_their_place_in_the_edition() {
    let site = TestSite::fixture("markdown");
    site.build().assert_ok();
    let html = site.read("print/index.html");
    let links = &html[html.find(">Links</h1>").unwrap()..];
    let hrefs = attrs(links, "href");
    // [a page](blocks.md), [its heading](blocks.md#a-third-level), [this page's heading](#targets).
    let blocks = attrs(&html, "id")
        .into_iter()
        .find(|id| html.contains(&format!("id=\"{id}\">\n<h1 class=\"chapter-title\">Blocks")));
    let blocks = blocks.expect("the Blocks chapter has an id");
    assert!(hrefs.contains(&format!("#{blocks}").as_str()), "{hrefs:?}");
    assert!(hrefs.contains(&format!("#{blocks}-a-third-level").as_str()), "{hrefs:?}");
    assert!(hrefs.iter().any(|h| h.starts_with('#') && h.ends_with("-targets")), "{hrefs:?}");
    // External links stay, for the print stylesheet to show their address.
    assert!(hrefs.contains(&"https://example.com/a?b=1&amp;c=2"), "{hrefs:?}");
    assert!(html.contains("a[href^=\"https://\"]::after"));
}

#[test]
fn terms_are_text_expanded_at_their_first_use_with_an_appendix() {
    let site = TestSite::fixture("glossary");
    site.build().assert_ok();
    let html = site.read("print/index.html");
    assert_self_contained(&html, "/");
    let main = &html[html.find("<main>").unwrap()..html.find("<section class=\"appendix\"").unwrap()];
    assert!(!main.contains("class=\"term-tip\"") && !main.contains("<a class=\"term\""), "{main}");
    assert_eq!(main.matches("(Organization of American States)").count(), 1, "{main}");
    assert!(main.contains(">OAS</span> (Organization of American States)"), "{main}");
    let appendix = &html[html.find("<section class=\"appendix\"").unwrap()..];
    let oas = &appendix[appendix.find("<dt id=\"term-oas\">OAS</dt>").expect("OAS in the appendix")..];
    let oas = &oas[..oas.find("</dd>").unwrap()];
    assert!(oas.contains("Organization of American States."), "{oas}");
    assert!(oas.contains("The paper</a> (2)"), "{oas}");
    // Used on no page of the document: not listed.
    assert!(!appendix.contains("term-organo-de-consulta"), "{appendix}");
}

#[test]
fn every_page_links_to_the_print_edition() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    for page in ["index.html", "guide/index.html", "guide/one/index.html", "glossary/index.html", "404.html"] {
        assert!(site.read(page).contains("href=\"/print/\">Print / PDF</a>"), "{page}");
    }
    assert!(site.read("sitemap.xml").contains("guide") && !site.read("sitemap.xml").contains("print"));
}

#[test]
fn a_theme_overrides_the_print_template() {
    let site = with_print(TestSite::minimal());
    site.write("templates/print.html", "<p>{{ home.title }}: {{ chapters | length }} chapters</p>\n");
    site.write("content/a.md", "---\ntitle: A\n---\n\nText.\n");
    site.build().assert_ok();
    assert_eq!(site.read("print/index.html"), "<p>Home: 1 chapters</p>\n");
}

#[test]
fn a_page_at_print_wins_over_the_edition_with_a_warning() {
    let site = with_print(TestSite::minimal());
    site.write("content/print.md", "---\ntitle: My print page\n---\n\nMine.\n");
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr.contains("content/print.md") && run.stderr.contains("print edition is not written"),
        "{}",
        run.stderr
    );
    assert!(site.read("print/index.html").contains("My print page"));
}

#[test]
fn ids_of_raw_html_and_hostile_text_stay_escaped_and_unique() {
    let site = with_print(TestSite::minimal());
    site.write("content/_index.md", "---\ntitle: Home\n---\n\n<div id='same'>raw</div>\n\n[b](b.md)\n");
    site.write("content/b.md", "---\ntitle: \"B </h1><script>x</script>\"\n---\n\n<div id=same>raw b</div>\n");
    site.build().assert_ok();
    let html = site.read("print/index.html");
    assert_self_contained(&html, "/");
    assert!(!html.contains("<script>x"), "{html}");
}

/// `site` with the print edition on (it is off unless site.toml asks).
fn with_print(site: TestSite) -> TestSite {
    site.write("site.toml", "title = \"Test\"\nprint = true\n");
    site
}

/// Off by default, and `print = false` says so too: no edition, no link.
#[test]
fn the_print_edition_is_off_unless_asked_for() {
    let site = TestSite::minimal();
    site.write("content/a.md", "---\ntitle: A\n---\n\nText.\n");
    site.build().assert_ok();
    assert!(!site.path().join("public/print").exists());
    assert!(!site.read("a/index.html").contains("/print/"));
}

#[test]
fn print_false_writes_no_edition_and_no_link() {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"Test\"\nprint = false\nsearch = false\n");
    site.write("content/a.md", "---\ntitle: A\n---\n\nText.\n");
    site.build().assert_ok();
    assert!(!site.exists("print/index.html"));
    assert!(!site.read("a/index.html").contains("Print / PDF"));
    assert!(site.read("a/index.html").contains("Text."));
}
