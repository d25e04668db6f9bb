//! A good site builds, and the HTML has what readers and templates need.

use crate::support::TestSite;

fn built_basic() -> TestSite {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    site
}

#[test]
fn pages_get_pretty_urls() {
    let site = built_basic();
    for rel in ["index.html", "guide/index.html", "guide/one/index.html", "guide/two/index.html", "404.html"] {
        assert!(site.exists(rel), "{rel} missing");
    }
    let one = site.read("guide/one/index.html");
    assert!(one.contains("<title>One · Basic</title>"), "{one}");
    assert!(one.contains("<h1>One</h1>"));
}

#[test]
fn nav_marks_the_current_page_and_expands_its_section_only() {
    let site = built_basic();
    let one = site.read("guide/one/index.html");
    assert!(one.contains(r##"<a href="/guide/one/" aria-current="page">One</a>"##), "{one}");
    assert!(one.contains(r##"<a href="/guide/two/">Two</a>"##));
    // From the glossary, the guide's pages are not listed: only the open branch is expanded.
    let glossary = site.read("glossary/index.html");
    assert!(glossary.contains(r##"<a href="/guide/">Guide</a>"##));
    assert!(!glossary.contains(r##"href="/guide/one/""##), "{glossary}");
}

#[test]
fn headings_get_unique_ids_anchor_links_and_a_toc() {
    let site = built_basic();
    let one = site.read("guide/one/index.html");
    assert!(one.contains(r##"<h2 id="setting-up">Setting up<a class="anchor" href="#setting-up""##), "{one}");
    assert!(one.contains(r##"<h2 id="setting-up-1">"##));
    assert!(one.contains(r##"<h3 id="custom-id" class="wide">"##));
    let toc_start = one.find(r##"<nav class="toc"##).expect("toc");
    let toc = &one[toc_start..one[toc_start..].find("</nav>").unwrap() + toc_start];
    assert!(toc.contains(r##"<li><a href="#setting-up-1">Setting up</a></li>"##), "{toc}");
    assert!(toc.contains(r##"<li class="sub"><a href="#custom-id">Deeper</a></li>"##), "{toc}");
}

#[test]
fn internal_links_by_source_path_become_urls() {
    let site = built_basic();
    let one = site.read("guide/one/index.html");
    assert!(one.contains(r##"<a href="/guide/two/">link to two</a>"##), "{one}");
    assert!(one.contains(r##"<a href="/guide/two/#details">from root</a>"##));
    let home = site.read("index.html");
    assert!(home.contains(r##"<a href="/guide/">the guide</a>"##), "{home}");
    assert!(home.contains(r##"<a href="/guide/one/#setting-up">the first chapter</a>"##));
}

#[test]
fn breadcrumbs_and_prev_next_follow_reading_order() {
    let site = built_basic();
    let one = site.read("guide/one/index.html");
    assert!(one.contains(r##"<li><a href="/">Basic Home</a></li><li><a href="/guide/">Guide</a></li><li class="crumb-current"><span aria-current="page">One</span></li>"##), "{one}");
    assert!(one.contains(r##"<a class="prev" rel="prev" href="/guide/">"##));
    assert!(one.contains(r##"<a class="next" rel="next" href="/guide/two/">"##));
    // Two is followed by the glossary (weight 10 after the guide's 1).
    let two = site.read("guide/two/index.html");
    assert!(two.contains(r##"<a class="next" rel="next" href="/glossary/">"##), "{two}");
}

#[test]
fn code_is_highlighted_with_classes_and_a_stylesheet() {
    let site = built_basic();
    let one = site.read("guide/one/index.html");
    assert!(
        one.contains(
            r##"<pre class="code" data-lang="rust"><code class="language-rust"><span class="hl-source hl-rust">"##
        ),
        "{one}"
    );
    assert!(!one.contains("style=\""), "highlighting must not use inline styles");
    let css = site.read("highlight.css");
    assert!(css.contains(".hl-") && css.contains("prefers-color-scheme: dark"));
}

#[test]
fn assets_are_copied_beside_their_page() {
    let site = built_basic();
    assert_eq!(site.read("guide/figure.png"), "PNG");
    assert!(site.read("guide/one/index.html").contains(r##"<img src="/guide/figure.png" alt="a figure" />"##));
}

#[test]
fn aliases_redirect_to_the_page() {
    let site = built_basic();
    let alias = site.read("old/one/index.html");
    assert!(alias.contains(r##"<meta http-equiv="refresh" content="0; url=/guide/one/">"##), "{alias}");
    assert!(alias.contains(r##"<link rel="canonical" href="/guide/one/">"##));
}

#[test]
fn sitemap_and_robots() {
    let site = built_basic();
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/guide/one/</loc><lastmod>2024-01-02</lastmod>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.org/</loc>"));
    assert!(site.read("robots.txt").contains("Sitemap: https://example.org/sitemap.xml"));
}

#[test]
fn base_url_subpath_prefixes_every_internal_link() {
    let site = TestSite::fixture("basic");
    site.acta(&["build", "--base-url", "https://example.org/docs/"]).assert_ok();
    let one = site.read("guide/one/index.html");
    assert!(one.contains(r##"<a href="/docs/guide/two/">link to two</a>"##), "{one}");
    assert!(one.contains(r##"href="/docs/acta.css""##));
    assert!(one.contains(r##"<a href="/docs/guide/one/" aria-current="page">"##));
    assert!(one.contains(r##"<img src="/docs/guide/figure.png""##));
    assert!(one.contains(r##"<link rel="canonical" href="https://example.org/docs/guide/one/">"##));
    assert!(!one.contains(r##"href="/guide/"##), "a link escaped the subpath:\n{one}");
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let site = TestSite::minimal();
    site.write("content/wip.md", "---\ntitle: WIP\ndraft: true\n---\n");
    site.build().assert_ok();
    assert!(!site.exists("wip/index.html"));
    site.acta(&["build", "--drafts"]).assert_ok();
    assert!(site.exists("wip/index.html"));
}

#[test]
fn bom_and_crlf_are_accepted() {
    let site = TestSite::minimal();
    site.write_bytes(
        "content/win.md",
        b"\xef\xbb\xbf---\r\ntitle: Windows\r\n---\r\n\r\n## A heading\r\n\r\nText.\r\n",
    );
    site.build().assert_ok();
    let page = site.read("win/index.html");
    assert!(page.contains("<h1>Windows</h1>") && page.contains(r##"<h2 id="a-heading">"##), "{page}");
}

#[test]
fn site_templates_override_the_themes() {
    let site = TestSite::minimal();
    site.write("content/p.md", "---\ntitle: P\nextra:\n  mood: calm\n---\nBody.\n");
    site.write(
        "templates/page.html",
        "{{ page.title }}|{{ page.extra.mood }}|{{ config.title }}|{{ page.content | safe }}",
    );
    site.build().assert_ok();
    assert_eq!(site.read("p/index.html"), "P|calm|Test|<p>Body.</p>\n");
}

#[test]
fn unknown_code_language_is_plain_escaped_code() {
    let site = TestSite::minimal();
    site.write("content/p.md", "---\ntitle: P\n---\n\n```nosuchlang\n<b>&\n```\n");
    site.build().assert_ok();
    assert!(
        site.read("p/index.html")
            .contains(r##"<pre class="code" data-lang="nosuchlang"><code class="language-nosuchlang">&lt;b&gt;&amp;"##)
    );
}

#[test]
fn metadata_and_feed() {
    let site = TestSite::fixture("basic");
    site.write("site.toml", "title = \"Basic\"\nbase_url = \"https://example.org/\"\nfeed = true\n");
    site.write("content/guide/two.md", "---\ntitle: \"Two & <more>\"\nweight: 2\ndate: 2024-03-04\ndescription: \"The \\\"second\\\" page\"\n---\n\n## Details\n");
    site.build().assert_ok();
    let two = site.read("guide/two/index.html");
    assert!(two.contains(r#"<html lang="en">"#));
    // Smart punctuation applies to descriptions as to the body (issue 17).
    assert!(two.contains(r#"<meta name="description" content="The “second” page">"#), "{two}");
    assert!(two.contains(r#"<meta property="og:title" content="Two &amp; &lt;more&gt;">"#));
    assert!(two.contains(r#"<meta property="og:description" content="The “second” page">"#));
    assert!(two.contains(r#"<link rel="canonical" href="https://example.org/guide/two/">"#));
    assert!(two.contains(r#"<link rel="alternate" type="application/atom+xml" title="Basic" href="/atom.xml">"#));
    let feed = site.read("atom.xml");
    let newest = feed.find("<title>Two &amp; &lt;more&gt;</title>").expect("escaped title");
    let older = feed.find("<title>One</title>").expect("one");
    assert!(newest < older, "newest first:\n{feed}");
    assert!(feed.contains("<updated>2024-03-04T00:00:00Z</updated>"));
}

#[test]
fn static_files_from_the_theme_and_the_site() {
    let site = TestSite::minimal();
    site.write("static/acta.css", "/* mine */");
    site.write("static/img/logo.svg", "<svg/>");
    site.build().assert_ok();
    assert_eq!(site.read("acta.css"), "/* mine */", "the site's static files override the theme's");
    assert_eq!(site.read("img/logo.svg"), "<svg/>");
    assert!(site.read("acta.js").contains("use strict"), "the built-in theme's files are copied");
}

#[test]
fn sitemap_robots_feed_and_alias_pages_are_templates_a_site_can_override() {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"T\"\nfeed = true\nbase_url = \"https://example.org/docs/\"\n");
    site.write("content/a.md", "---\ntitle: A & B\ndate: 2002-11-18\naliases: [old/a]\n---\n");
    site.build().assert_ok();
    // The built-in templates: the same files as before they were templates.
    assert_eq!(
        site.read("sitemap.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>https://example.org/docs/</loc></url>\n  <url><loc>https://example.org/docs/a/</loc><lastmod>2002-11-18</lastmod></url>\n</urlset>\n"
    );
    assert_eq!(site.read("robots.txt"), "User-agent: *\nAllow: /\nSitemap: https://example.org/docs/sitemap.xml\n");
    assert!(
        site.read("atom.xml")
            .contains("<entry>\n<title>A &amp; B</title>\n<link href=\"https://example.org/docs/a/\"/>")
    );
    assert!(site.read("old/a/index.html").contains("<link rel=\"canonical\" href=\"/docs/a/\">"));

    site.write("templates/sitemap.xml", "{% for p in pages %}{{ p.loc }} {% endfor %}");
    site.write("templates/robots.txt", "User-agent: *\nDisallow: /\n");
    site.write("templates/atom.xml", "<feed>{{ title }} {{ entries | length }}</feed>");
    site.write("templates/alias.html", "<a href=\"{{ target }}\">moved</a>");
    site.build().assert_ok();
    assert_eq!(site.read("sitemap.xml"), "https://example.org/docs/ https://example.org/docs/a/ ");
    assert_eq!(site.read("robots.txt"), "User-agent: *\nDisallow: /\n");
    assert_eq!(site.read("atom.xml"), "<feed>T 1</feed>");
    assert_eq!(site.read("old/a/index.html"), "<a href=\"/docs/a/\">moved</a>");

    // An error in one is reported at its line, like any template's.
    site.write("templates/robots.txt", "line one\n{{ 1 + }}\n");
    site.build().assert_error(&["templates/robots.txt:2:"]);
}

#[test]
fn email_autolinks_are_mail_links_not_paths() {
    // Issue 16: `<foo@bar.example.com>` failed the build as a link to a
    // missing page, and with such a file present rendered `mailto:/foo@…`.
    let site = TestSite::minimal();
    site.write("content/a.md", "---\ntitle: A\n---\n\nWrite to <foo@bar.example.com>.\n");
    site.build().assert_ok();
    assert!(site.read("a/index.html").contains(r#"<a href="mailto:foo@bar.example.com">foo@bar.example.com</a>"#));
    site.write("content/foo@bar.example.com", "a file of that name");
    site.build().assert_ok();
    assert!(site.read("a/index.html").contains(r#"<a href="mailto:foo@bar.example.com">"#));
    site.acta(&["check"]).assert_ok();
}
