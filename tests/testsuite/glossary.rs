//! Glossary terms are linked in prose, explain themselves, and trace their uses.

use crate::support::TestSite;

fn built(policy: Option<&str>) -> TestSite {
    let site = TestSite::fixture("glossary");
    if let Some(p) = policy {
        site.write("site.toml", &format!("title = \"G\"\n[glossary]\nignore = [\"PDF\"]\nlink = \"{p}\"\n"));
    }
    site.build().assert_ok();
    site
}

/// The HTML of the page's Markdown content only.
fn content(html: &str) -> &str {
    let start = html.find("<div class=\"content\">").expect("content div");
    let end = html[start..].find("\n</div>\n").map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// The page from its content on: the article, without the sidebar.
fn content_and_after(html: &str) -> &str {
    &html[html.find("<main").expect("main")..]
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn first_occurrence_per_page_is_linked_by_default() {
    let site = built(None);
    let paper = site.read("paper/index.html");
    let body = content(&paper);
    assert_eq!(count(body, r#"<a class="term" href="/glossary/oas/""#), 1, "{body}");
    assert!(body.contains(r#"<span class="term-use" id="g-oas-2">OAS</span>"#));
}

#[test]
fn link_all_and_none_policies() {
    let site = built(Some("all"));
    let body = site.read("paper/index.html");
    assert_eq!(count(content(&body), r#"<a class="term" href="/glossary/oas/""#), 2);
    let site = built(Some("none"));
    let body = site.read("paper/index.html");
    let body = content(&body);
    assert!(!body.contains("class=\"term-ref\""), "{body}");
    assert!(body.contains(r#"<span class="term-use" id="g-oas-1">OAS</span>"#));
}

#[test]
fn longest_match_wins() {
    let site = built(None);
    let body = site.read("paper/index.html");
    assert!(content(&body).contains(r#"href="/glossary/oas-charter/" id="g-oas-charter-1" aria-describedby="g-oas-charter-1-desc" data-expansion="Inter-American Democratic Charter">OAS Democratic Charter</a>"#));
}

#[test]
fn case_rules_acronyms_exact_phrases_any_case() {
    let site = built(None);
    let paper = site.read("paper/index.html");
    let body = content(&paper);
    assert!(body.contains("and oas in lower case"), "lower-case oas must not match the acronym: {body}");
    assert!(body.contains(">Human Security</a>"));
    // Across a soft line break too.
    assert!(body.contains(r#"<span class="term-use" id="g-human-security-2">human security</span>"#), "{body}");
}

#[test]
fn synonyms_link_to_their_term() {
    let site = built(None);
    assert!(site.read("paper/index.html").contains(r#"href="/glossary/tiar/" id="g-tiar-1" aria-describedby="g-tiar-1-desc" data-expansion="Inter-American Treaty of Reciprocal Assistance">Rio Treaty</a>"#));
}

#[test]
fn never_in_headings_code_links_alt_text_or_raw_html() {
    let site = built(Some("all"));
    let paper = site.read("paper/index.html");
    let body = content(&paper);
    let heading = &body[body.find("<h2").unwrap()..body.find("</h2>").unwrap()];
    assert!(!heading.contains("term"), "{heading}");
    assert!(body.contains("<code>TIAR</code>"));
    assert!(body.contains(r#"<a href="https://example.org/">TIAR link</a>"#));
    assert!(body.contains(r#"alt="TIAR""#));
    assert!(body.contains("<span>TIAR</span>"));
    assert!(body.contains("TIAR in a code block"));
    // The TOC shows the heading's text, not links.
    let toc_start = paper.find("class=\"toc\"").map(|i| &paper[i..]);
    assert!(toc_start.is_none_or(|t| !t[..t.find("</nav>").unwrap()].contains("term")));
}

#[test]
fn a_term_is_not_linked_on_its_own_page() {
    let site = built(None);
    let oas = site.read("glossary/oas/index.html");
    let body = content(&oas);
    assert!(body.contains("The OAS is the oldest"), "{body}");
    assert!(!body.contains(r#"href="/glossary/oas/""#));
    // Other terms are linked there.
    assert!(body.contains(r#"href="/glossary/oas-charter/""#));
}

#[test]
fn front_matter_can_turn_linking_off_for_a_page() {
    let site = built(None);
    let other = site.read("other/index.html");
    assert!(content(&other).contains("<p>The OAS appears here"), "{other}");
}

#[test]
fn explicit_term_links() {
    let site = built(None);
    assert!(site.read("paper/index.html").contains(r#"<a class="term" href="/glossary/tiar/" id="g-tiar-2" data-expansion="Inter-American Treaty of Reciprocal Assistance">the Treaty</a>"#));
    let bad = TestSite::fixture("glossary");
    bad.write("content/extra.md", "---\ntitle: Extra\n---\n\nSee [it](term:nosuch).\n");
    bad.build().assert_error(&["content/extra.md:5:5:", "`term:nosuch` names no glossary term"]);
}

#[test]
fn tooltip_is_described_by_the_summary() {
    let site = built(None);
    let paper = site.read("paper/index.html");
    assert!(paper.contains(r#"aria-describedby="g-oas-1-desc""#));
    assert!(paper.contains(r#"<span class="term-tip" role="tooltip" id="g-oas-1-tip">"#));
    assert!(paper.contains(r#"<span class="term-tip-body" id="g-oas-1-desc">The regional organization of the states of the Americas, founded in 1948.</span>"#));
}

#[test]
fn term_page_lists_every_use_with_context_and_anchor() {
    let site = built(None);
    let oas = site.read("glossary/oas/index.html");
    let used = &oas[oas.find("id=\"used-in\"").expect("Used in")..];
    let used = &used[..used.find("</section>").unwrap()];
    assert!(used.contains("2 occurrences on 1 page."), "{used}");
    assert!(used.contains(r#"<a class="use-page" href="/paper/">The paper</a> <span class="count">(2)</span>"#));
    assert!(used.contains(r##"<a href="/paper/#g-oas-1">The <mark>OAS</mark> met. Later the OAS met again, and oas in lower case is not…</a>"##), "{used}");
    assert!(used.contains(r##"href="/paper/#g-oas-2""##));
    // The page with the glossary off and the glossary pages are not uses.
    assert!(!used.contains("/other/") && !used.contains("/glossary/oas-charter/"));
}

#[test]
fn related_terms_link_both_ways() {
    let site = built(None);
    assert!(site.read("glossary/oas/index.html").contains(r#"<li><a href="/glossary/tiar/">TIAR</a>"#));
    assert!(site.read("glossary/tiar/index.html").contains(r#"<li><a href="/glossary/oas/">OAS</a>"#));
}

#[test]
fn glossary_index_is_a_to_z_with_accents_in_place() {
    let site = built(None);
    let page = site.read("glossary/index.html");
    let index = content_and_after(&page);
    let positions: Vec<usize> = ["human security", "OAS", "OAS Democratic Charter", "Órgano de Consulta", "TIAR"]
        .iter()
        .map(|t| index.find(&format!("\">{t}</a>")).unwrap_or_else(|| panic!("{t} missing")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert!(index.contains(r##"<li><a href="#letter-H">H</a></li><li><a href="#letter-O">O</a></li><li><a href="#letter-T">T</a></li>"##), "{index}");
}

#[test]
fn terms_json_has_the_glossary_as_data() {
    let site = built(None);
    let json: serde_json::Value = serde_json::from_str(&site.read("glossary/terms.json")).unwrap();
    let oas = json.as_array().unwrap().iter().find(|t| t["slug"] == "oas").unwrap();
    assert_eq!(oas["term"], "OAS");
    assert_eq!(oas["expansion"], "Organization of American States");
    assert_eq!(oas["url"], "/glossary/oas/");
    assert_eq!(oas["used_in"][0]["url"], "/paper/");
    assert_eq!(oas["used_in"][0]["count"], 2);
}

#[test]
fn lint_reports_acronyms_without_entries_and_unused_terms() {
    let site = TestSite::fixture("glossary");
    let run = site.build();
    run.assert_ok();
    assert!(run.stderr.contains("content/paper.md:19:9: warning: `XYZ` looks like an acronym"), "{}", run.stderr);
    assert!(!run.stderr.contains("`PDF`"), "ignored in site.toml");
    assert!(!run.stderr.contains("`III`"), "Roman numerals are not acronyms");
    assert!(run.stderr.contains("content/glossary/organo-de-consulta.md:1:1: warning: this term is never used"));
}

#[test]
fn lint_errors_for_shared_forms_and_unknown_related() {
    let site = TestSite::fixture("glossary");
    site.write("content/glossary/oea.md", "---\ntitle: OEA\nsummary: Spanish name.\n---\n");
    site.write("content/glossary/x.md", "---\ntitle: Xterm\nsummary: X.\nrelated:\n  - nosuch\n---\n");
    site.write("content/glossary/y.md", "---\ntitle: Yterm\n---\n");
    let run = site.build();
    run.assert_error(&["content/glossary/oea.md:2:1:", "`OEA` is also a form of the term in content/glossary/oas.md"]);
    run.assert_error(&["content/glossary/x.md:5:1:", "`related` names `nosuch`"]);
    assert!(run.stderr.contains("content/glossary/y.md:2:1: warning: this term has no `summary`"), "{}", run.stderr);
}

#[test]
fn term_keys_outside_the_glossary_are_an_error() {
    let site = TestSite::minimal();
    site.write("content/p.md", "---\ntitle: P\nexpansion: Nope\n---\n");
    site.build().assert_error(&["content/p.md", "`expansion` is a glossary term key"]);
}

#[test]
fn expansion_on_first_use_when_asked() {
    let site = TestSite::fixture("glossary");
    site.write("site.toml", "title = \"G\"\n[glossary]\nexpand_first_use = true\n");
    site.build().assert_ok();
    let body = site.read("paper/index.html");
    assert!(content(&body).contains("</span></span></span> (Organization of American States) met."), "{body}");
    // The page already spells out TIAR's expansion: no expansion added.
    site.write(
        "content/paper2.md",
        "---\ntitle: P2\n---\n\nThe TIAR, or Inter-American Treaty of Reciprocal Assistance.\n",
    );
    site.build().assert_ok();
    assert!(!content(&site.read("paper2/index.html")).contains("</span></span></span> (Inter-American"));
}

#[test]
fn suggest_finds_inline_definitions_in_both_orders_and_across_languages() {
    let site = TestSite::fixture("glossary");
    site.write(
        "content/defs.md",
        "---\ntitle: Definitions\n---\n\nThe creation of the International Criminal Court (ICC) in Rome.\n\n\
         In 1947 the Inter-American Treaty of Reciprocal Assistance (TIAR) was signed, and later the\n\
         Inter-American Committee Against Terrorism (CICTE) was created. The OEA (Organización de los Estados Americanos)\n\
         met. Capacity of international organization agreements (OAS) is not a definition.\n",
    );
    let run = site.acta(&["glossary", "suggest"]);
    run.assert_ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        vec![
            "ICC\tInternational Criminal Court\tcontent/defs.md:5",
            "TIAR\tInter-American Treaty of Reciprocal Assistance\tcontent/defs.md:7",
            "CICTE\tInter-American Committee Against Terrorism\tcontent/defs.md:8",
            "OEA\tOrganización de los Estados Americanos\tcontent/defs.md:8",
        ],
        "{}",
        run.stdout
    );
    site.acta(&["glossary", "suggest", "--write"]).assert_ok();
    let icc = std::fs::read_to_string(site.path().join("content/glossary/icc.md")).unwrap();
    assert!(icc.contains("title: \"ICC\"\nexpansion: \"International Criminal Court\"\ndraft: true\n"), "{icc}");
    assert!(site.path().join("content/glossary/cicte.md").exists());
    // Already in the glossary: no stub.
    assert!(!site.path().join("content/glossary/tiar-1.md").exists());
    let tiar = std::fs::read_to_string(site.path().join("content/glossary/tiar.md")).unwrap();
    assert!(!tiar.contains("draft"));
    assert!(!site.path().join("content/glossary/oea.md").exists(), "OEA is a synonym of OAS");
    // Stubs are drafts: the site still builds.
    site.build().assert_ok();
}

#[test]
fn suggest_write_never_names_a_file_after_a_windows_device() {
    let site = TestSite::fixture("glossary");
    site.write(
        "content/devices.md",
        "---\ntitle: Devices\n---\n\nThe Line Printer Terminal (LPT1) and the Console Office Network (CON)\n\
         sit beside the Auxiliary Unit Exchange (AUX).\n",
    );
    site.acta(&["glossary", "suggest", "--write"]).assert_ok();
    let dir = site.path().join("content/glossary");
    for reserved in ["lpt1.md", "con.md", "aux.md"] {
        assert!(!dir.join(reserved).exists(), "{reserved} is a device name on Windows");
    }
    let lpt1 = std::fs::read_to_string(dir.join("lpt1-term.md")).unwrap();
    assert!(lpt1.contains("title: \"LPT1\"\nexpansion: \"Line Printer Terminal\"\n"), "{lpt1}");
    assert!(dir.join("con-term.md").is_file());
    assert!(dir.join("aux-term.md").is_file());
    site.build().assert_ok();
}

#[test]
fn used_in_lists_the_first_pages_and_says_how_many_more() {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"Test\"\n[glossary]\nused_in_limit = 2\n");
    site.write("content/glossary/_index.md", "---\ntitle: Glossary\n---\n");
    site.write("content/glossary/oas.md", "---\ntitle: OAS\nsummary: Organization of American States.\n---\n");
    for i in 1..=5 {
        site.write(
            &format!("content/p{i}.md"),
            &format!("---\ntitle: P{i}\nweight: {i}\n---\n\nThe OAS met {i} times.\n"),
        );
    }
    site.build().assert_ok();
    let oas = site.read("glossary/oas/index.html");
    let used = &oas[oas.find("id=\"used-in\"").expect("Used in")..];
    let used = &used[..used.find("</section>").unwrap()];
    assert!(used.contains("5 occurrences on 5 pages."), "{used}");
    assert_eq!(count(used, "class=\"use-page\""), 2, "{used}");
    assert!(used.contains("href=\"/p1/\"") && used.contains("href=\"/p2/\"") && !used.contains("href=\"/p3/\""));
    assert!(used.contains("And 3 more pages, not listed here; search finds them all."), "{used}");
    // terms.json, data for other tools, has every use.
    let json: serde_json::Value = serde_json::from_str(&site.read("glossary/terms.json")).unwrap();
    assert_eq!(json[0]["used_in"].as_array().map(Vec::len), Some(5));

    site.write("site.toml", "title = \"Test\"\n[glossary]\nused_in_limit = 0\n");
    site.build().assert_ok();
    let oas = site.read("glossary/oas/index.html");
    assert_eq!(count(&oas, "class=\"use-page\""), 5);
    assert!(!oas.contains("more pages, not listed"));
}
