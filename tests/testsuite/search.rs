//! Site search: a Pagefind index of every page, glossary included.

use std::io::Read;

use crate::support::TestSite;

/// The decompressed JSON of every fragment (one per indexed page).
pub(crate) fn fragments(site: &TestSite) -> Vec<serde_json::Value> {
    let dir = site.path().join("public/pagefind/fragment");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(e.unwrap().path()).unwrap())
                .read_to_end(&mut bytes)
                .unwrap();
            let json = bytes.strip_prefix(b"pagefind_dcd").expect("a pagefind fragment");
            serde_json::from_slice(json).unwrap()
        })
        .collect()
}

#[test]
fn index_holds_the_pages_and_the_glossary() {
    let site = TestSite::fixture("glossary");
    site.build().assert_ok();
    let fragments = fragments(&site);
    let urls: Vec<&str> = fragments.iter().map(|f| f["url"].as_str().unwrap()).collect();
    for url in ["/", "/paper/", "/glossary/", "/glossary/tiar/", "/glossary/oas/"] {
        assert!(urls.contains(&url), "{url} is not indexed: {urls:?}");
    }
    assert!(!urls.iter().any(|u| u.contains("404")), "the 404 page is not content");
    let tiar = fragments.iter().find(|f| f["url"] == "/glossary/tiar/").unwrap();
    assert_eq!(tiar["meta"]["title"], "TIAR");
    let content = tiar["content"].as_str().unwrap();
    assert!(
        content.contains("Rio Treaty") && content.contains("Inter-American Treaty of Reciprocal Assistance"),
        "{content}"
    );
    // Tooltips and navigation are not indexed: the paper's text appears once.
    let paper = fragments.iter().find(|f| f["url"] == "/paper/").unwrap();
    let text = paper["content"].as_str().unwrap();
    assert!(!text.contains("A 1947 mutual-defence pact"), "tooltip text leaked into the index: {text}");
    let entry: serde_json::Value = serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(entry["languages"]["en"]["page_count"], fragments.len());
}

#[test]
fn a_term_is_indexed_with_its_forms_first() {
    let site = TestSite::fixture("glossary");
    site.build().assert_ok();
    let tiar = fragments(&site).into_iter().find(|f| f["url"] == "/glossary/tiar/").unwrap();
    assert_eq!(
        tiar["content"],
        "TIAR. Inter-American Treaty of Reciprocal Assistance. Rio Treaty. Signed in Rio de Janeiro."
    );
}

/// Issue 17: a term ranks first for any of its names, and each result says
/// where it belongs. `search.js` ranks on `names` and shows `section`.
#[test]
fn each_page_has_its_names_and_section_as_metadata() {
    let site = TestSite::fixture("glossary");
    site.write("content/part/_index.md", "---\ntitle: \"Part <One>\"\nsection: \"2\"\n---\n\nIntro.\n");
    site.write("content/part/chapter.md", "---\ntitle: Chapter\n---\n\nText.\n");
    site.build().assert_ok();
    let fragments = fragments(&site);
    let meta = |url: &str| fragments.iter().find(|f| f["url"] == url).unwrap()["meta"].clone();
    let tiar = meta("/glossary/tiar/");
    assert_eq!(tiar["names"], "TIAR, Inter-American Treaty of Reciprocal Assistance, Rio Treaty");
    assert_eq!(tiar["section"], "Glossary");
    // A page of a section belongs to it, numbered as the section is; the
    // title is data, escaped on the way in and stored as written.
    let chapter = meta("/part/chapter/");
    assert_eq!(chapter["section"], "2. Part <One>");
    assert_eq!(chapter["names"], "Chapter");
    // A top-level page, and a section itself, belong to no other part.
    for url in ["/paper/", "/part/", "/glossary/", "/"] {
        assert!(meta(url).get("section").is_none(), "{url}: {}", meta(url));
    }
}

#[test]
fn hostile_titles_stay_data_and_are_escaped_where_shown() {
    let site = TestSite::minimal();
    site.write(
        "content/p.md",
        "---\ntitle: \"<img src=x onerror=alert(1)>\"\n---\n\nBody &lt;script&gt;alert(2)&lt;/script&gt;.\n",
    );
    site.build().assert_ok();
    let page = site.read("p/index.html");
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    let fragment = fragments(&site).into_iter().find(|f| f["url"] == "/p/").unwrap();
    // In the index the title is a JSON string: data, not markup…
    assert_eq!(fragment["meta"]["title"], "<img src=x onerror=alert(1)>");
    // …and the shipped search code escapes content before it builds excerpts
    // and sets titles as text. Guard against a Pagefind upgrade that changes this.
    let js = site.read("pagefind/pagefind.js");
    assert!(js.contains(r#"fragment.content.replace(/</g,"&lt;").replace(/>/g,"&gt;")"#));
}

#[test]
fn search_can_be_turned_off_and_works_under_a_subpath() {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"T\"\nsearch = false\n");
    site.build().assert_ok();
    assert!(!site.exists("pagefind"));
    assert!(!site.read("index.html").contains("search.js"));
    let sub = TestSite::minimal();
    sub.acta(&["build", "--base-url", "https://example.org/docs/"]).assert_ok();
    let home = sub.read("index.html");
    assert!(home.contains(r#"<script src="/docs/search.js" defer></script>"#), "{home}");
    assert!(home.contains(r#"data-base="/docs/""#));
}
