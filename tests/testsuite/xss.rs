//! Script injection: markup typed into front matter, term entries, link
//! titles, code-fence info strings, heading attributes, file names and
//! site.toml reaches the output only escaped, in HTML, XML and terms.json.
//!
//! By design, raw HTML that an author writes in a page's *body* passes
//! through as it is: Markdown allows it, and the author publishes their own
//! site. Everything else (front matter, config, names) is data, and data is
//! always escaped. `javascript:`, `vbscript:` and `data:` links are refused
//! wherever they are written (`data:image/…` is allowed as an image).

use crate::support::{TestSite, snapshot_tree};

/// Each payload tries a different way out: a double-quoted attribute, an
/// element, a single-quoted attribute, and a `<script>` holding JSON.
const SCRIPT: &str = "\"><script>alert(1)</script>";
const IMG: &str = "<img src=x onerror=alert(1)>";
const SVG: &str = "'><svg onload=alert(2)>";
const CLOSE: &str = "</script><script>alert(3)</script>";

fn payload() -> String {
    format!("{SCRIPT}{IMG}{SVG}{CLOSE}")
}

/// A YAML double-quoted scalar holding `s`.
fn yaml(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The tags of `html` (text between `<` and `>`, quotes respected) that carry
/// an event-handler attribute or are script-like elements.
///
/// The default theme's one inline script (in <head>: the reader's light/dark
/// choice before the first paint) is allowed, by its exact start.
const THEME_INIT: &str = r#">(function(d){d.className+=" js";try{var t=localStorage.getItem("acta-theme");"#;

fn dangerous_tags(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' && bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic()) {
            let mut j = i + 1;
            let mut quote = None;
            while j < bytes.len() {
                match (quote, bytes[j]) {
                    (None, b'"' | b'\'') => quote = Some(bytes[j]),
                    (Some(q), b) if b == q => quote = None,
                    (None, b'>') => break,
                    _ => {}
                }
                j += 1;
            }
            let tag = &html[i..j.min(html.len())];
            let lower = tag.to_ascii_lowercase();
            let name: String = lower[1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            // Attribute names outside quoted values: split on what ends a name.
            let mut outside = String::new();
            let mut q = None;
            for c in lower.chars() {
                match (q, c) {
                    (None, '"' | '\'') => q = Some(c),
                    (Some(open), c) if c == open => q = None,
                    (None, c) => outside.push(c),
                    _ => {}
                }
            }
            let handler = outside
                .split(|c: char| c.is_whitespace() || c == '/')
                .any(|attr| attr.starts_with("on") && attr.contains('='));
            if handler
                || matches!(name.as_str(), "svg" | "img" if lower.contains("alert"))
                || (name == "script" && !tag.contains("src=") && !html[j..].starts_with(THEME_INIT))
            {
                found.push(tag.to_string());
            }
            i = j;
        }
        i += 1;
    }
    found
}

/// Asserts no output file carries a payload unescaped.
#[track_caller]
fn assert_all_escaped(site: &TestSite, skip: &[&str]) {
    let files = snapshot_tree(&site.path().join("public"));
    assert!(files.len() > 5);
    for (path, bytes) in files {
        if skip.contains(&path.as_str()) || !(path.ends_with(".html") || path.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        for needle in ["<script>alert", "<img src=x", "<svg onload", "alert(3)</script>"] {
            assert!(!text.contains(needle), "{path} holds {needle:?} unescaped:\n{text}");
        }
        let bad = dangerous_tags(&text);
        assert!(bad.is_empty(), "{path} has dangerous tags {bad:?}");
    }
}

fn hostile_site() -> TestSite {
    let p = payload();
    let y = yaml(&p);
    let site = TestSite::minimal();
    site.write(
        "site.toml",
        &format!(
            "title = {t}\ndescription = {t}\nauthor = {t}\nfeed = true\n[glossary]\nexpand_first_use = true\n",
            t = toml_string(&p)
        ),
    );
    site.write(
        "content/_index.md",
        &format!(
            "---\ntitle: {y}\ndescription: {y}\nextra:\n  event: {y}\n  {key}: x\n---\n\nThe home page, about the OAS.\n",
            key = yaml(&format!("k{IMG}"))
        ),
    );
    site.write(
        "content/page.md",
        &format!(
            "---\ntitle: {y}\ndescription: {y}\ndate: {date}\nsection: {y}\nlang: {y}\naliases: [{alias}]\nextra:\n  k: {y}\n  list: [{y}]\ntemplate: extra.html\n---\n\n\
             See [a link](other.md {link_title}) and [another](other.md '\\'><svg onload=alert(2)>').\n\n\
             ```{info}{img}\ncode\n```\n\n\
             ## Heading {{#{id} .{class} data-x={attr}}}\n\n\
             ## A `{code_span}` in a heading\n\n\
             Text with &lt;script&gt;alert(1)&lt;/script&gt; near the OAS.\n",
            // A date is checked as RFC 3339 now, so markup never reaches
            // `<time>` or the feed (see `hostile_dates_are_refused`).
            date = yaml("2002-11-18 10:00"),
            alias = yaml(&format!("old/{IMG}")),
            link_title = yaml(&p),
            info = "rust",
            img = IMG,
            id = "x\"onmouseover=alert(1)",
            class = "c\"onclick=alert(1)",
            attr = "\"onfocus=alert(1)",
            code_span = "<script>alert(1)</script>",
        ),
    );
    site.write("content/other.md", "---\ntitle: Other\n---\n\nThe OAS again.\n");
    site.write(
        &format!("content/{}.md", "\"><svg onload=alert(2)>"),
        &format!("---\ntitle: {y}\n---\n\nA file name.\n"),
    );
    site.write(&format!("content/{}.txt", "x<img src=x onerror=alert(1)>"), "an asset");
    site.write(
        "templates/extra.html",
        "{% extends \"page.html\" %}{% block content %}<p data-k=\"{{ page.extra.k }}\">{{ page.extra.k }}</p><p>{{ page.extra.list[0] }}</p><p>{{ page.date }}</p>{{ super() }}{% endblock content %}",
    );
    site.write("content/glossary/_index.md", &format!("---\ntitle: {y}\ndescription: {y}\n---\n"));
    site.write(
        "content/glossary/oas.md",
        &format!("---\ntitle: OAS\nexpansion: {y}\nsummary: {y}\nsynonyms: [{y}, {syn}]\nrelated: [other]\n---\n\nDefinition.\n", syn = yaml(&format!("Org {IMG}"))),
    );
    site.write(
        "content/glossary/other.md",
        &format!(
            "---\ntitle: {}\nexpansion: {}\nsummary: {y}\n---\n\nAnother.\n",
            yaml(&format!("Other {SVG}")),
            yaml(&format!("Other {SCRIPT}"))
        ),
    );
    site
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn hostile_dates_are_refused() {
    let site = TestSite::minimal();
    site.write("content/page.md", &format!("---\ntitle: P\ndate: {}\n---\n", yaml(&format!("2002-11-18 {SCRIPT}"))));
    site.build().assert_error(&["content/page.md:3:7:", "is not a date: the time is not valid"]);
}

#[test]
fn front_matter_config_and_names_are_escaped_everywhere() {
    let site = hostile_site();
    let run = site.build();
    run.assert_ok();
    assert_all_escaped(&site, &[]);
    // The payloads are there, as text: escaping, not deletion.
    let page = site.read("page/index.html");
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"), "{page}");
    assert!(page.contains("data-lang=\"rust&lt;img"), "code-fence info string: {page}");
    assert!(page.contains("title=\"&#39;&gt;&lt;svg onload=alert(2)&gt;\">another</a>"), "link title: {page}");
    assert!(page.contains("id=\"x&quot;onmouseover=alert(1)\""), "heading id: {page}");
    assert!(page.contains("class=\"c&quot;onclick=alert(1)\""), "heading class: {page}");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
}

#[test]
fn a_language_that_is_not_a_language_tag_is_an_error() {
    let site = TestSite::minimal();
    site.write("site.toml", &format!("title = \"T\"\nlanguage = {}\n", toml_string(&payload())));
    site.build().assert_error(&["site.toml", "`language`", "language tag"]);
    // A page's own `lang` is the author's to set; it is escaped like the rest.
    let site = TestSite::minimal();
    site.write("content/p.md", &format!("---\ntitle: P\nlang: {}\n---\n", yaml(&payload())));
    site.build().assert_ok();
    assert!(site.read("p/index.html").contains("<html lang=\"&quot;&gt;&lt;script&gt;"));
}

#[test]
fn terms_json_is_safe_inside_a_script_element() {
    let site = hostile_site();
    site.build().assert_ok();
    let json = site.read("glossary/terms.json");
    // No `<` at all: `</script>` in a summary cannot end an inline <script>.
    assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'), "{json}");
    // …and the data is intact for whoever reads it.
    let terms: serde_json::Value = serde_json::from_str(&json).unwrap();
    let oas = terms.as_array().unwrap().iter().find(|t| t["slug"] == "oas").unwrap();
    assert_eq!(oas["summary"], payload().as_str());
    assert_eq!(oas["expansion"], payload().as_str());
    assert_eq!(oas["synonyms"][1], format!("Org {IMG}").as_str());
}

#[test]
fn alias_redirect_pages_escape_their_target() {
    let site = hostile_site();
    site.build().assert_ok();
    let alias = format!("old/{IMG}/index.html");
    let html = site.read(&alias);
    assert!(html.contains("url=/page/"), "{html}");
    assert!(dangerous_tags(&html).is_empty(), "{html}");
}

#[test]
fn javascript_links_are_refused_however_disguised() {
    let site = TestSite::minimal();
    site.build().assert_ok();
    let before = snapshot_tree(&site.path().join("public"));
    site.write(
        "content/j.md",
        "---\ntitle: J\n---\n\n\
         [plain](javascript:alert(1))\n\n\
         [case](JaVaScRiPt:alert(1))\n\n\
         [entity](&#106;avascript:alert(1))\n\n\
         [hex entity](&#x6A;avascript&#x3A;alert(1))\n\n\
         [tab](java&#x09;script:alert(1))\n\n\
         [newline](java&#10;script:alert(1))\n\n\
         [named](javascript&colon;alert(1))\n\n\
         [leading space](< javascript:alert(1)>)\n\n\
         <jAvAsCrIpT:alert(1)>\n\n\
         ![image](javascript:alert(1))\n\n\
         [reference][r]\n\n\
         [r]: vbscript:msgbox(1)\n",
    );
    let run = site.build();
    for line in [5, 7, 9, 11, 13, 15, 17, 19, 21] {
        run.assert_error(&[&format!("content/j.md:{line}:1: error: a `javascript:` URL is not allowed in a link")]);
    }
    run.assert_error(&["content/j.md:23:1: error: a `javascript:` URL is not allowed in an image"]);
    // The message names the scheme written, not always `javascript:`.
    run.assert_error(&["content/j.md:25:1: error: a `vbscript:` URL is not allowed in a link"]);
    assert!(run.stderr.contains("11 errors"), "{}", run.stderr);
    assert_eq!(before, snapshot_tree(&site.path().join("public")));
}

#[test]
fn data_urls_are_refused_in_links_and_allowed_for_images() {
    let site = TestSite::minimal();
    site.build().assert_ok();
    let before = snapshot_tree(&site.path().join("public"));
    // A `data:text/html` link opens a page of the link's own making, scripts included.
    site.write(
        "content/d.md",
        "---\ntitle: D\n---\n\n\
         [page](data:text/html,<script>alert(1)</script>)\n\n\
         [case](DaTa:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n\n\
         [even an image](data:image/svg+xml,<svg/onload=alert(1)>)\n\n\
         <data:text/html,x>\n\n\
         ![html as image](data:text/html,x)\n",
    );
    let run = site.build();
    for line in [5, 7, 9, 11] {
        run.assert_error(&[&format!("content/d.md:{line}:1: error: a `data:` URL is not allowed in a link")]);
    }
    run.assert_error(&["content/d.md:13:1: error: a `data:` URL is not allowed in an image"]);
    assert!(run.stderr.contains("hint: a `data:` URL can be a whole page with its own scripts"), "{}", run.stderr);
    assert!(run.stderr.contains("hint: images may use `data:image/…` URLs only"), "{}", run.stderr);
    assert!(run.stderr.contains("5 errors"), "{}", run.stderr);
    assert_eq!(before, snapshot_tree(&site.path().join("public")));

    // An image may be inline: an `<img>` runs no script.
    site.write("content/d.md", "---\ntitle: D\n---\n\n![dot](data:image/png;base64,iVBORw0KGgo=)\n");
    site.build().assert_ok();
    let html = site.read("d/index.html");
    assert!(html.contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"dot\""), "{html}");
}

#[test]
fn raw_html_in_the_body_passes_through_by_design() {
    // The author's own markup is theirs to publish; acta does not sanitise it.
    let site = TestSite::minimal();
    site.write(
        "content/raw.md",
        "---\ntitle: Raw\n---\n\n<div class=\"note\" onclick=\"toggle()\">Mine</div>\n\nInline <b>bold</b>.\n",
    );
    site.build().assert_ok();
    let html = site.read("raw/index.html");
    assert!(html.contains("<div class=\"note\" onclick=\"toggle()\">Mine</div>"), "{html}");
    assert!(html.contains("Inline <b>bold</b>."));
    // Braces holding a `<` are not read as heading attributes: the `<script>`
    // is inline HTML in the heading's text, the author's own, and the id is
    // the slug of the text.
    site.write("content/raw.md", "---\ntitle: Raw\n---\n\n## H {#\"><script>}\n");
    site.build().assert_ok();
    let html = site.read("raw/index.html");
    assert!(html.contains("<h2 id=\"h\">H {#“&gt;<script>}"), "{html}");
}

#[test]
fn a_base_url_with_markup_is_refused_from_the_command_line_too() {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"T\"\nfeed = true\n");
    site.write("content/p.md", "---\ntitle: P\ndate: 2002-11-18\n---\n");
    site.build().assert_ok();
    let before = snapshot_tree(&site.path().join("public"));
    let run = site.acta(&["build", "--base-url", "https://example.org/\"><script>alert(1)</script>"]);
    run.assert_error(&["`base_url`", "is not a URL"]);
    assert_eq!(before, snapshot_tree(&site.path().join("public")));
    // An `&` is a valid URL character: it is escaped in the feed, not refused.
    site.acta(&["build", "--base-url", "https://example.org/r&d/"]).assert_ok();
    let feed = site.read("atom.xml");
    assert!(feed.contains("<id>https://example.org/r&amp;d/</id>"), "{feed}");
    assert!(!feed.contains("r&d"), "{feed}");
}

#[test]
fn the_scanner_finds_what_it_should() {
    assert_eq!(dangerous_tags("<p>&lt;script&gt;</p><a href=\"x\" title=\"onerror=1\">"), Vec::<String>::new());
    assert_eq!(dangerous_tags("<img src=x onerror=alert(1)>").len(), 1);
    assert_eq!(dangerous_tags("<a href=\"\"><script>alert(1)</script>").len(), 1);
    assert_eq!(dangerous_tags("<div title='a' onclick='b'>").len(), 1);
    assert!(dangerous_tags("<script src=\"/acta.js\" defer></script>").is_empty());
}
