//! What the default theme prints around the text (issue 17): the home page as
//! a title page, `extra` kept private, the lede only when it adds something.

use crate::support::TestSite;

/// The `<header class="doc-header">` of a page.
fn header(html: &str) -> &str {
    let start = html.find(r#"<header class="doc-header">"#).expect("a doc header");
    &html[start..start + html[start..].find("</header>").expect("its end")]
}

#[test]
fn the_home_page_shows_the_title_first_then_only_the_fields_the_theme_knows() {
    let site = TestSite::minimal();
    site.write(
        "content/_index.md",
        "---\ntitle: A Report\nextra:\n  analytics_id: G-12345\n  event: The Conference\n  \
         authors: [Ana, Bo]\n  subtitle: On things\n  secret_note: do not print\n---\n\nHello.\n",
    );
    site.build().assert_ok();
    let home = site.read("index.html");
    assert!(!home.contains("G-12345") && !home.contains("Analytics"), "extra printed: {home}");
    assert!(!home.contains("do not print"), "{home}");
    let head = header(&home);
    let title = head.find("<h1>A Report</h1>").expect("the title");
    let block = head.find(r#"<dl class="title-block">"#).expect("the title block");
    assert!(title < block, "the title comes first: {head}");
    assert!(head.contains("<dt>Event</dt><dd>The Conference</dd>"), "{head}");
    assert!(head.contains("<dt>Authors</dt><dd>Ana, Bo</dd>"), "{head}");
    assert!(head.contains(r#"<p class="subtitle">On things</p>"#), "{head}");
}

#[test]
fn a_home_page_without_known_fields_has_no_title_block() {
    let site = TestSite::minimal();
    site.write("content/_index.md", "---\ntitle: Home\nextra: {analytics_id: \"G-12345\"}\n---\n\nHello.\n");
    site.build().assert_ok();
    let home = site.read("index.html");
    assert!(!home.contains("title-block") && !home.contains("G-12345"), "{home}");
}

#[test]
fn the_description_is_a_lede_only_when_the_body_does_not_open_with_it() {
    let site = TestSite::minimal();
    site.write(
        "content/same.md",
        "---\ntitle: Same\ndescription: \"Chile's report opens the body.\"\n---\n\n\
         ## Same\n\nChile's report opens the body. And goes on.\n",
    );
    site.write(
        "content/cut.md",
        "---\ntitle: Cut\ndescription: \"Chile's report opens…\"\n---\n\nChile's report opens the body.\n",
    );
    site.write(
        "content/other.md",
        "---\ntitle: \"Chile's \\\"Other\\\" page\"\ndescription: \"Chile's summary -- of its own.\"\n---\n\n\
         The body says something else.\n",
    );
    site.build().assert_ok();
    for page in ["same", "cut"] {
        let html = site.read(&format!("{page}/index.html"));
        assert!(!header(&html).contains("lede"), "{page}: the lede repeats the body: {}", header(&html));
        // Still the page's description for search engines and listings.
        assert!(html.contains(r#"<meta name="description" content="Chile’s report opens"#), "{page}: {html}");
    }
    let other = site.read("other/index.html");
    let head = header(&other);
    // Titles and descriptions get the body's typography.
    assert!(head.contains("<p class=\"lede\">Chile’s summary – of its own.</p>"), "{head}");
    assert!(head.contains("Chile’s “Other” page</h1>"), "{head}");
    assert!(other.contains("<title>Chile’s “Other” page · Test</title>"), "{other}");
}

#[test]
fn without_smart_punctuation_titles_keep_their_straight_quotes() {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"Test\"\n[markdown]\nsmart_punctuation = false\n");
    site.write("content/a.md", "---\ntitle: \"Chile's page\"\n---\n\nText.\n");
    site.build().assert_ok();
    let html = site.read("a/index.html");
    assert!(html.contains("Chile&#39;s page</h1>"), "{html}");
}

#[test]
fn a_base_url_that_is_only_a_path_builds_with_a_warning_about_relative_urls() {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"Test\"\nbase_url = \"/\"\n");
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr
            .lines()
            .any(|l| l.contains("site.toml") && l.contains("warning") && l.contains("not an absolute URL")),
        "{}",
        run.stderr
    );
    // Absolute: no warning, absolute sitemap.
    site.write("site.toml", "title = \"Test\"\nbase_url = \"https://example.org/docs/\"\n");
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("absolute URL"), "{}", run.stderr);
    assert!(site.read("sitemap.xml").contains("<loc>https://example.org/docs/</loc>"));
    // --base-url on the command line counts, not site.toml's.
    site.write("site.toml", "title = \"Test\"\n");
    let run = site.acta(&["build", "--base-url", "https://example.org/"]);
    assert!(!run.stderr.contains("absolute URL"), "{}", run.stderr);
}

#[test]
fn a_base_url_without_scheme_that_is_not_a_path_is_an_error() {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"Test\"\nbase_url = \"example.org\"\n");
    site.build().assert_error(&["site.toml", "`base_url` \"example.org\" has no scheme and is not a path"]);
    assert!(!site.exists("index.html"), "nothing is written");
    let site = TestSite::minimal();
    site.acta(&["build", "--base-url", "example.org/docs"]).assert_error(&["has no scheme"]);
}

#[test]
fn the_built_in_theme_ships_its_fonts_with_their_licence_and_preloads_the_text_face() {
    // No themes/ folder: the theme compiled into the binary.
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"Test\"\nbase_url = \"https://example.org/docs/\"\n");
    site.build().assert_ok();
    let css = site.read("acta.css");
    let fonts: Vec<&str> = css.split("url(fonts/").skip(1).filter_map(|s| s.split(')').next()).collect();
    assert_eq!(fonts.len(), 8, "serif regular, italic, bold and the sans, Latin and Latin Extended: {fonts:?}");
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/fonts");
    for font in &fonts {
        let on_disk = std::fs::read(repo.join(font)).unwrap_or_else(|e| panic!("{font}: {e}"));
        let written =
            std::fs::read(site.path().join("public/fonts").join(font)).unwrap_or_else(|e| panic!("{font}: {e}"));
        assert!(written.starts_with(b"wOF2") && written == on_disk, "{font}: not the theme's WOFF2");
    }
    // Each face swaps in when loaded, and Latin Extended is fetched only for its characters.
    assert_eq!(css.matches("font-display: swap").count(), fonts.len());
    assert_eq!(css.matches("unicode-range: U+0100-02BA").count(), fonts.len() / 2);
    assert!(site.read("fonts/OFL.txt").contains("SIL Open Font License, Version 1.1"));
    assert!(site.read("fonts/SOURCE.txt").contains("@fontsource/source-serif-4 5.3.1"));
    // Preloaded under the site's path, and a face the stylesheet uses.
    let home = site.read("index.html");
    let preload = r#"<link rel="preload" href="/docs/fonts/source-serif-4-latin-400-normal.woff2" as="font" type="font/woff2" crossorigin>"#;
    assert!(home.contains(preload), "{home}");
    assert!(fonts.contains(&"source-serif-4-latin-400-normal.woff2"));
}
