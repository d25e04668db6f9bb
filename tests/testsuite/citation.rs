//! "Cite this" (issue 18): the citation keys of the front matter become
//! meta tags, JSON-LD, a formatted reference and `cite.bib`, `cite.json`
//! and `CITATION.cff`, each read back here as its readers would.

use serde_json::Value;

use crate::support::TestSite;

/// The `content` of every `<meta name="NAME">` of `html`, in order.
fn meta(html: &str, name: &str) -> Vec<String> {
    let open = format!("<meta name=\"{name}\" content=\"");
    html.match_indices(&open)
        .map(|(i, _)| {
            let rest = &html[i + open.len()..];
            let value = &rest[..rest.find('"').unwrap()];
            value.replace("&quot;", "\"").replace("&amp;", "&").replace("&#x27;", "'").replace("&lt;", "<")
        })
        .collect()
}

/// The JSON-LD of a page, parsed.
fn json_ld(html: &str) -> Value {
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open).expect("no JSON-LD") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("the JSON-LD is not JSON")
}

const TITLE: &str = "Security & Defence: {Braces}, 100% \"Quoted\" — Ñandú";

#[test]
fn the_home_page_carries_scholar_and_dublin_core_meta_tags() {
    let site = TestSite::fixture("citation");
    site.build().assert_ok();
    let html = site.read("index.html");
    assert_eq!(meta(&html, "citation_title"), [TITLE]);
    assert_eq!(meta(&html, "citation_author"), ["Jane Q. Doe", "Ministry of Defense of Chile"]);
    assert_eq!(meta(&html, "citation_author_orcid"), ["https://orcid.org/0000-0002-1825-0097"]);
    assert_eq!(meta(&html, "citation_publication_date"), ["2002/11/18"]);
    assert_eq!(meta(&html, "citation_technical_report_number"), ["MD-2002/7"]);
    assert_eq!(meta(&html, "citation_publisher"), ["Ministry of Defense of Chile"]);
    assert_eq!(meta(&html, "citation_doi"), ["10.5281/zenodo.1234"]);
    assert!(meta(&html, "citation_pdf_url").is_empty(), "there is no PDF yet");
    assert_eq!(meta(&html, "DC.title"), [TITLE]);
    assert_eq!(meta(&html, "DC.creator").len(), 2);
    assert_eq!(meta(&html, "DC.date"), ["2002-11-18"]);
    assert_eq!(meta(&html, "DC.publisher"), ["Ministry of Defense of Chile"]);
    assert_eq!(meta(&html, "DC.rights"), ["CC-BY-4.0"]);
    // A page without authors of its own has none of it.
    let chapter = site.read("chapter/index.html");
    assert!(!chapter.contains("citation_title") && !chapter.contains("ld+json"), "{chapter}");
}

#[test]
fn the_json_ld_is_a_report_with_its_fields() {
    let site = TestSite::fixture("citation");
    site.build().assert_ok();
    let ld = json_ld(&site.read("index.html"));
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "Report");
    assert_eq!(ld["name"], TITLE);
    assert_eq!(ld["reportNumber"], "MD-2002/7");
    assert_eq!(ld["datePublished"], "2002-11-18");
    assert_eq!(ld["author"][0]["@type"], "Person");
    assert_eq!(ld["author"][0]["affiliation"]["name"], "Universidad de Chile");
    assert_eq!(ld["author"][1]["@type"], "Organization");
    assert_eq!(ld["identifier"], "https://doi.org/10.5281/zenodo.1234");
    assert_eq!(ld["url"], "https://example.org/report/");
}

#[test]
fn without_a_report_number_the_work_is_a_scholarly_article() {
    let site = TestSite::minimal();
    site.write("content/_index.md", "---\ntitle: Paper\nauthors: [Chile]\n---\n\nText.\n");
    site.build().assert_ok();
    assert_eq!(json_ld(&site.read("index.html"))["@type"], "ScholarlyArticle");
    assert!(site.read("cite.bib").starts_with("@misc{chile,"), "{}", site.read("cite.bib"));
    assert_eq!(serde_json::from_str::<Value>(&site.read("cite.json")).unwrap()[0]["type"], "article");
}

#[test]
fn a_hostile_title_cannot_leave_the_json_ld_script() {
    let site = TestSite::minimal();
    let title = "</script><script>alert(1)</script> <!-- & \\u003c";
    site.write("content/_index.md", &format!("---\ntitle: '{title}'\nauthors: ['</script><b>x']\n---\n"));
    site.build().assert_ok();
    let html = site.read("index.html");
    assert!(!html.contains("<script>alert(1)"), "{html}");
    assert!(!html.contains("<b>x"), "{html}");
    let ld = json_ld(&html);
    assert_eq!(ld["name"], title);
    assert_eq!(ld["author"][0]["name"], "</script><b>x");
}

#[test]
fn the_home_page_has_a_cite_this_block_with_downloads() {
    let site = TestSite::fixture("citation");
    site.build().assert_ok();
    let html = site.read("index.html");
    let block = &html[html.find("<section class=\"cite-this\"").expect("no Cite this block")..];
    let block = &block[..block.find("</section>").unwrap()];
    assert!(
        block.contains(
            "Jane Q. Doe &amp; Ministry of Defense of Chile. (2002). <i>Security &amp; Defence: {Braces}, 100% “Quoted” — Ñandú</i> (Report No. MD-2002/7). Ministry of Defense of Chile. https://doi.org/10.5281/zenodo.1234"
        ),
        "{block}"
    );
    for file in ["cite.bib", "cite.json", "CITATION.cff"] {
        assert!(block.contains(&format!("href=\"/report/{file}\"")), "{file}: {block}");
        assert!(site.exists(file), "{file}");
    }
    // A site whose home page names no author offers no citation.
    let plain = TestSite::minimal();
    plain.build().assert_ok();
    assert!(!plain.read("index.html").contains("cite-this") && !plain.exists("cite.bib"));
}

/// A BibTeX entry read as BibTeX reads it: `@type{key,` then `name = {value}`
/// fields whose braces balance (`\{` is an escaped brace), then `}`.
fn parse_bibtex(text: &str) -> (String, String, Vec<(String, String)>) {
    let text = text.trim();
    let rest = text.strip_prefix('@').expect("no @");
    let (kind, rest) = rest.split_once('{').unwrap();
    let (key, mut rest) = rest.split_once(',').unwrap();
    let mut fields = Vec::new();
    loop {
        rest = rest.trim_start();
        if rest == "}" {
            break;
        }
        let (name, after) = rest.split_once('=').expect("a field without =");
        let after = after.trim_start().strip_prefix('{').expect("a value not in braces");
        let (mut depth, mut end, mut escaped) = (1, None, false);
        for (i, c) in after.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let end = end.expect("unbalanced braces");
        fields.push((name.trim().to_string(), after[..end].to_string()));
        rest = after[end + 1..].trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
    (kind.to_string(), key.to_string(), fields)
}

#[test]
fn cite_bib_is_a_techreport_with_escaped_values() {
    let site = TestSite::fixture("citation");
    site.build().assert_ok();
    let (kind, key, fields) = parse_bibtex(&site.read("cite.bib"));
    assert_eq!((kind.as_str(), key.as_str()), ("techreport", "jane2002"));
    let field = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    assert_eq!(field("title"), Some("{Security \\& Defence: \\{Braces\\}, 100\\% \"Quoted\" — Ñandú}"));
    assert_eq!(field("author"), Some("{Jane Q. Doe} and {Ministry of Defense of Chile}"));
    assert_eq!(field("institution"), Some("Ministry of Defense of Chile"));
    assert_eq!(field("number"), Some("MD-2002/7"));
    assert_eq!(field("year"), Some("2002"));
    assert_eq!(field("doi"), Some("10.5281/zenodo.1234"));
    assert_eq!(field("abstract"), Some("A report on security institutions\\_ and \\$costs."));
}

/// The same file read by a BibTeX library (Typst's `biblatex`), as
/// reference managers read it: the escaped values come back as written.
#[test]
fn cite_bib_round_trips_through_a_bibtex_parser() {
    use biblatex::ChunksExt;
    let site = TestSite::fixture("citation");
    site.build().assert_ok();
    let bib = biblatex::Bibliography::parse(&site.read("cite.bib")).expect("cite.bib is not BibTeX");
    assert_eq!(bib.len(), 1);
    let entry = bib.get("jane2002").expect("the entry's key");
    assert_eq!(entry.entry_type, biblatex::EntryType::TechReport);
    let field = |name: &str| entry.get(name).map(|chunks| chunks.format_verbatim());
    assert_eq!(field("title").as_deref(), Some(TITLE));
    let authors: Vec<String> = entry.author().unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(authors, ["Jane Q. Doe", "Ministry of Defense of Chile"]);
    assert_eq!(field("institution").as_deref(), Some("Ministry of Defense of Chile"));
    assert_eq!(field("number").as_deref(), Some("MD-2002/7"));
    assert_eq!(field("doi").as_deref(), Some("10.5281/zenodo.1234"));
    assert_eq!(field("abstract").as_deref(), Some("A report on security institutions_ and $costs."));
}

#[test]
fn cite_json_is_csl_json_with_its_required_fields() {
    let site = TestSite::fixture("citation");
    site.build().assert_ok();
    let csl: Value = serde_json::from_str(&site.read("cite.json")).unwrap();
    let item = &csl.as_array().expect("CSL-JSON is an array")[0];
    assert_eq!(item["id"], "jane2002");
    assert_eq!(item["type"], "report");
    assert_eq!(item["title"], TITLE);
    assert_eq!(item["author"][0]["literal"], "Jane Q. Doe");
    assert_eq!(item["issued"]["date-parts"], serde_json::json!([[2002, 11, 18]]));
    assert_eq!(item["DOI"], "10.5281/zenodo.1234");
    assert_eq!(item["number"], "MD-2002/7");
}

#[test]
fn citation_cff_is_yaml_with_the_required_keys() {
    let site = TestSite::fixture("citation");
    site.build().assert_ok();
    let cff: serde_yaml::Value = serde_yaml::from_str(&site.read("CITATION.cff")).unwrap();
    assert_eq!(cff["cff-version"].as_str(), Some("1.2.0"));
    assert!(cff["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert_eq!(cff["title"].as_str(), Some(TITLE));
    let authors = cff["authors"].as_sequence().unwrap();
    assert_eq!(authors[0]["family-names"].as_str(), Some("Doe"));
    assert_eq!(authors[0]["given-names"].as_str(), Some("Jane Q."));
    assert_eq!(authors[0]["orcid"].as_str(), Some("https://orcid.org/0000-0002-1825-0097"));
    assert_eq!(authors[1]["name"].as_str(), Some("Ministry of Defense of Chile"));
    assert_eq!(cff["date-released"].as_str(), Some("2002-11-18"));
    assert_eq!(cff["doi"].as_str(), Some("10.5281/zenodo.1234"));
    assert_eq!(cff["license"].as_str(), Some("CC-BY-4.0"));
}

#[test]
fn a_malformed_orcid_or_doi_is_an_error_at_its_value() {
    let site = TestSite::minimal();
    site.write(
        "content/_index.md",
        "---\ntitle: Home\nauthors:\n  - name: Jane Doe\n    orcid: 0000-0002-1825-0098\n---\n",
    );
    site.build().assert_error(&["content/_index.md:5:12:", "ORCID", "wrong check digit"]);
    site.write("content/_index.md", "---\ntitle: Home\nauthors:\n  - name: Jane Doe\n    orcid: 1234\n---\n");
    site.build().assert_error(&["content/_index.md:5:12:", "0000-0000-0000-000X"]);
    site.write("content/_index.md", "---\ntitle: Home\nauthors: [Chile]\ndoi: https://doi.org/10.1/x\n---\n");
    site.build().assert_error(&["content/_index.md:4:6:", "is not a DOI"]);
    site.write("content/_index.md", "---\ntitle: Home\nauthors:\n  - name: \" \"\n---\n");
    site.build().assert_error(&["content/_index.md:4:5:", "author 1 has no name"]);
}

#[test]
fn an_unknown_key_is_still_reported_at_its_line_with_the_valid_keys() {
    let site = TestSite::minimal();
    site.write("content/_index.md", "---\ntitle: Home\n\nauthrs: [Chile]\n---\n");
    site.build().assert_error(&["content/_index.md:4:1:", "unknown field `authrs`", "`authors`", "`title`"]);
}

/// Unbalanced braces and LaTeX's special characters in a title cannot end a
/// BibTeX value early or turn into markup.
#[test]
fn special_characters_cannot_break_cite_bib() {
    use biblatex::ChunksExt;
    let site = TestSite::minimal();
    site.write("content/_index.md", "---\ntitle: 'a } b { c}} 50% #1 $x$ @misc{evil,'\nauthors: ['{Chile']\n---\n");
    site.build().assert_ok();
    let bib = biblatex::Bibliography::parse(&site.read("cite.bib")).expect("cite.bib is not BibTeX");
    assert_eq!(bib.len(), 1, "{}", site.read("cite.bib"));
    let entry = bib.iter().next().unwrap();
    assert_eq!(entry.get("title").unwrap().format_verbatim(), "a } b { c}} 50% #1 $x$ @misc{evil,");
}

/// A page with authors of its own is cited as itself: its tags and JSON-LD
/// name it, while the "Cite this" block and files stay the home page's.
#[test]
fn a_page_with_its_own_authors_gets_its_own_meta_tags() {
    let site = TestSite::fixture("citation");
    site.write(
        "content/annex.md",
        "---\ntitle: An annex\ndate: 2003-01-02\nauthors:\n  - name: Ana Pérez\n---\n\nText.\n",
    );
    site.build().assert_ok();
    let html = site.read("annex/index.html");
    assert_eq!(meta(&html, "citation_title"), ["An annex"]);
    assert_eq!(meta(&html, "citation_author"), ["Ana Pérez"]);
    assert_eq!(meta(&html, "citation_publication_date"), ["2003/01/02"]);
    assert_eq!(json_ld(&html)["url"], "https://example.org/report/annex/");
    assert!(!html.contains("cite-this"), "{html}");
    assert!(site.read("cite.bib").contains("jane2002"));
}
