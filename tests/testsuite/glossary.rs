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
    // Across a soft line break too, which stays a line break (issue 16).
    assert!(body.contains("<span class=\"term-use\" id=\"g-human-security-2\">human\nsecurity</span>"), "{body}");
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
fn background_terms_are_indexed_but_not_reported_unused() {
    let site = TestSite::fixture("glossary");
    site.write(
        "content/glossary/organo-de-consulta.md",
        "---\ntitle: Órgano de Consulta\nlang: es\nsummary: The consultative organ of the TIAR.\nbackground: true\n---\n\nConvened under the treaty.\n",
    );
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("never used"), "{}", run.stderr);
    assert!(site.read("glossary/index.html").contains("/glossary/organo-de-consulta/"));
    assert!(site.exists("glossary/organo-de-consulta/index.html"));
}

#[test]
fn background_is_a_term_key_only() {
    let site = TestSite::minimal();
    site.write("content/p.md", "---\ntitle: P\nbackground: true\n---\n");
    site.build().assert_error(&["content/p.md:3:1:", "`background` is a glossary term key"]);
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

#[test]
fn empty_blank_and_null_synonyms_are_errors_where_they_are_written() {
    let site = TestSite::fixture("glossary");
    site.write("content/glossary/e1.md", "---\ntitle: Eone\nsummary: S.\nsynonyms: [\"\"]\n---\n");
    site.write("content/glossary/e2.md", "---\ntitle: Etwo\nsummary: S.\nsynonyms: [Ok, \" \"]\n---\n");
    site.write("content/glossary/e3.md", "---\ntitle: Ethree\nsummary: S.\nsynonyms: [null]\n---\n");
    site.write("content/glossary/e4.md", "---\ntitle: Efour\nsummary: S.\nsynonyms:\n  - Fine\n  - ~\n---\n");
    site.write("content/glossary/e5.md", "---\ntitle: Efive\nexpansion: \"  \"\nsummary: S.\n---\n");
    site.write("content/glossary/e6.md", "---\ntitle: null\nsummary: S.\n---\n");
    let run = site.build();
    run.assert_error(&["content/glossary/e1.md:4:12:", "synonym 1 is empty"]);
    run.assert_error(&["content/glossary/e2.md:4:16:", "synonym 2 is empty"]);
    run.assert_error(&["content/glossary/e3.md:4:12:", "synonym 1 is null"]);
    run.assert_error(&["content/glossary/e4.md:6:5:", "synonym 2 is null"]);
    run.assert_error(&["content/glossary/e5.md:3:12:", "`expansion` is empty"]);
    run.assert_error(&["content/glossary/e6.md:2:8:", "`title` is empty"]);
    assert!(run.stderr.contains("remove this one, or quote it"), "a hint says what to do: {}", run.stderr);
    // Quoted, "null" is a word like any other.
    let ok = TestSite::fixture("glossary");
    ok.write("content/glossary/n.md", "---\ntitle: Nterm\nsummary: S.\nsynonyms: [\"null\"]\n---\n");
    ok.build().assert_ok();
}

#[test]
fn one_letter_and_stop_word_forms_are_errors() {
    let site = TestSite::fixture("glossary");
    site.write("content/glossary/s1.md", "---\ntitle: Alpha\nsummary: S.\nsynonyms: [Alfa, a]\n---\n");
    site.write("content/glossary/s2.md", "---\ntitle: Beta\nexpansion: of the\nsummary: S.\n---\n");
    site.write("content/glossary/s3.md", "---\ntitle: Gamma\nsummary: S.\nsynonyms:\n  - De\n---\n");
    site.write("content/glossary/s4.md", "---\ntitle: la\nsummary: S.\n---\n");
    site.write("content/glossary/s5.md", "---\ntitle: Y\ncase_sensitive: false\nsummary: S.\n---\n");
    let run = site.build();
    run.assert_error(&["content/glossary/s1.md:4:18:", "`a` has fewer than two letters or digits"]);
    run.assert_error(&["content/glossary/s2.md:3:12:", "`of the` is a common word"]);
    run.assert_error(&["content/glossary/s3.md:5:5:", "`De` is a common word"]);
    run.assert_error(&["content/glossary/s4.md:2:8:", "`la` is a common word"]);
    run.assert_error(&["content/glossary/s5.md:2:8:", "`Y` has fewer than two letters"]);
    assert!(run.stderr.contains("case_sensitive: true"), "the hint names the way out: {}", run.stderr);
    // In capitals and matched with case they only match capitals: allowed.
    let ok = TestSite::fixture("glossary");
    ok.write("content/glossary/x.md", "---\ntitle: X\ncase_sensitive: true\nsummary: S.\n---\n");
    ok.write("content/glossary/de.md", "---\ntitle: DE\nsummary: Delaware.\n---\n");
    ok.write("content/x.md", "---\ntitle: Uses\n---\n\nThe X factor, a x, and DE but not de.\n");
    ok.build().assert_ok();
    let body = ok.read("x/index.html");
    assert_eq!(count(content(&body), "href=\"/glossary/x/\""), 1, "{body}");
    assert_eq!(count(content(&body), "href=\"/glossary/de/\""), 1, "{body}");
}

#[test]
fn a_page_of_one_letter_words_fails_the_build_instead_of_growing_it() {
    let site = TestSite::fixture("glossary");
    site.write("site.toml", "title = \"G\"\n[glossary]\nlink = \"all\"\n");
    site.write("content/glossary/article.md", "---\ntitle: Article\nsynonyms: [a]\nsummary: A word.\n---\n");
    site.write("content/a.md", &format!("---\ntitle: A\n---\n\n{}\n", "a ".repeat(5000)));
    site.build().assert_error(&["content/glossary/article.md:3:12:", "`a` has fewer than two letters"]);
}

#[test]
fn with_link_all_only_the_first_use_carries_the_tooltip() {
    let site = TestSite::fixture("glossary");
    site.write("site.toml", "title = \"G\"\n[glossary]\nlink = \"all\"\n");
    let summary = "A one-letter acronym with a long summary, repeated with every tooltip. ".repeat(4);
    site.write(
        "content/glossary/x.md",
        &format!("---\ntitle: X\nexpansion: The Letter Ex\ncase_sensitive: true\nsummary: {summary}\n---\n"),
    );
    let uses = 20_000;
    site.write("content/xs.md", &format!("---\ntitle: Xs\n---\n\n{}\n", "X ".repeat(uses)));
    site.build().assert_ok();
    let page = site.read("xs/index.html");
    let body = content(&page);
    assert_eq!(count(body, "href=\"/glossary/x/\""), uses);
    assert_eq!(count(body, "class=\"term-tip\""), 1);
    assert!(body.contains(r#"<a class="term" href="/glossary/x/" id="g-x-2">X</a> "#), "plain later uses");
    // The output is a small constant per use, whatever the summary's length.
    let per_use = body.len() / uses;
    assert!(per_use <= 64, "{per_use} bytes per use");
}

/// A glossary of `n` terms `Term 0000`…, and a page using the first.
fn glossary_of(n: usize) -> TestSite {
    let site = TestSite::minimal();
    site.write("content/glossary/_index.md", "---\ntitle: Glossary\n---\n");
    for i in 0..n {
        site.write(
            &format!("content/glossary/t{i:04}.md"),
            &format!("---\ntitle: Term {i:04}\nsummary: Term number {i}.\n---\n\nDefinition {i}.\n"),
        );
    }
    site.write("content/p.md", "---\ntitle: P\n---\n\nTerm 0100 and Term 0150.\n");
    site.build().assert_ok();
    site
}

#[test]
fn term_pages_do_not_grow_with_the_glossary() {
    let (small, big) = (glossary_of(200), glossary_of(2000));
    let size = |site: &TestSite| site.read("glossary/t0150/index.html").len();
    let (s, b) = (size(&small), size(&big));
    assert!(b * 10 <= s * 11, "term page: {s} bytes at 200 terms, {b} at 2,000");
    assert!(b <= 60 * 1024, "{b} bytes");
    // The rest of the glossary is one link away, in the A–Z index.
    let page = big.read("glossary/t0150/index.html");
    assert!(page.contains(r#"<li class="nav-more"><a href="/glossary/">125 earlier in Glossary</a>"#), "{page}");
    assert!(page.contains(r#"<li class="nav-more"><a href="/glossary/">1824 more in Glossary</a>"#), "{page}");
    assert!(page.contains(r#"<a href="/glossary/t0150/" aria-current="page">Term 0150</a>"#));
    assert!(page.contains(r#"<a href="/glossary/t0125/">Term 0125</a>"#));
    assert!(!page.contains(r#"<a href="/glossary/t0124/">"#));
    // The index still lists every term.
    assert_eq!(count(&big.read("glossary/index.html"), "<dt><a href=\"/glossary/t"), 2000);
}

#[test]
fn a_long_section_lists_a_window_of_siblings() {
    let site = TestSite::minimal();
    site.write("content/s/_index.md", "---\ntitle: Long\n---\n");
    for i in 0..300 {
        site.write(&format!("content/s/p{i:03}.md"), &format!("---\ntitle: Page {i:03}\nweight: {i}\n---\n\nText.\n"));
    }
    site.build().assert_ok();
    let nav = |rel: &str| {
        let html = site.read(rel);
        let start = html.find("<nav id=\"site-nav\"").expect("sidebar");
        html[start..start + html[start..].find("</nav>").expect("end")].to_string()
    };
    let first = nav("s/p000/index.html");
    assert_eq!(count(&first, "href=\"/s/p"), 51, "{first}");
    assert!(first.contains(r#"<a href="/s/">249 more in Long</a>"#), "{first}");
    assert!(!first.contains("earlier in"), "{first}");
    let last = nav("s/p299/index.html");
    assert!(last.contains(r#"<a href="/s/">249 earlier in Long</a>"#), "{last}");
    // The section's own page opens the level at its start.
    let section = nav("s/index.html");
    assert!(section.contains("href=\"/s/p000/\"") && section.contains("249 more in Long"), "{section}");
}

/// A site whose terms are given in one form and used in others (issue 22).
fn inflection_site() -> TestSite {
    let site = TestSite::minimal();
    let term = |slug: &str, yaml: &str| {
        site.write(&format!("content/glossary/{slug}.md"), &format!("---\n{yaml}summary: S.\n---\n\nDefinition.\n"));
    };
    term("failed-state", "title: failed state\nsynonyms:\n  - Estado fallido\n");
    term("cbm", "title: confidence-building measure\nsynonyms:\n  - CBM\n");
    term("policy", "title: policy\n");
    term("threat", "title: amenaza asimétrica\n");
    term("ngo", "title: NGO\n");
    // `arm` (a branch of service) would inflect to "arms", which `arms` claims.
    term("arm", "title: arm\n");
    term("arms", "title: arms\n");
    // "axes" is the plural of both: neither links.
    term("ax", "title: ax\n");
    term("axe", "title: axe\n");
    term("rio-group", "title: Rio Group\ninflect: false\n");
    site.write(
        "content/p.md",
        "---\ntitle: P\n---\n\nTwo failed states and one failed state's army; Estados fallidos. \
         New confidence-building measures and CBMs. Three policies. Las amenazas asimétricas. \
         Many NGOs and an NGO's report, but ngos is no acronym. Small arms and an arm. Two axes, an ax, an axe. \
         The Rio Groups, the Rio Group.\n",
    );
    site.write("site.toml", "title = \"T\"\n[glossary]\nlink = \"all\"\n");
    site
}

/// The text of every glossary link on `html`, with its term's slug.
fn linked(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in html.split("<a class=\"term\" href=\"/glossary/").skip(1) {
        let slug = part.split('/').next().unwrap_or_default().to_string();
        let text = part.split_once('>').map_or("", |(_, t)| t);
        out.push((slug, text.split("</a>").next().unwrap_or_default().to_string()));
    }
    out
}

#[test]
fn inflected_forms_link_to_their_term() {
    let site = inflection_site();
    site.build().assert_ok();
    let links = linked(content(&site.read("p/index.html")).to_string().as_str());
    let has = |slug: &str, text: &str| links.contains(&(slug.to_string(), text.to_string()));
    assert!(has("failed-state", "failed states"), "{links:?}");
    assert!(has("failed-state", "failed state"), "possessive: {links:?}");
    assert!(has("failed-state", "Estados fallidos"), "{links:?}");
    assert!(has("cbm", "confidence-building measures"), "{links:?}");
    assert!(has("cbm", "CBMs"), "{links:?}");
    assert!(has("policy", "policies"), "{links:?}");
    assert!(has("threat", "amenazas asimétricas"), "{links:?}");
    assert!(has("ngo", "NGOs"), "{links:?}");
    assert!(has("ngo", "NGO"), "possessive: {links:?}");
    assert!(!links.iter().any(|(_, t)| t == "ngos"), "acronyms keep their case: {links:?}");
}

#[test]
fn explicit_forms_win_and_colliding_variants_link_nothing() {
    let site = inflection_site();
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("axes"), "a collision of variants is no error: {}", run.stderr);
    let links = linked(content(&site.read("p/index.html")).to_string().as_str());
    assert!(links.contains(&("arms".into(), "arms".into())), "{links:?}");
    assert!(links.contains(&("arm".into(), "arm".into())), "{links:?}");
    assert!(!links.iter().any(|(_, t)| t == "axes"), "{links:?}");
    assert!(links.contains(&("ax".into(), "ax".into())) && links.contains(&("axe".into(), "axe".into())));
    assert!(!links.iter().any(|(_, t)| t == "Rio Groups"), "inflect: false: {links:?}");
    assert!(links.contains(&("rio-group".into(), "Rio Group".into())));
}

#[test]
fn synonyms_that_inflection_covers_are_reported() {
    let site = inflection_site();
    site.write(
        "content/glossary/failed-state.md",
        "---\ntitle: failed state\nsynonyms:\n  - failed states\n  - Estado fallido\n  - Estados fallidos\nsummary: S.\n---\n",
    );
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr.contains(
            "content/glossary/failed-state.md:4:5: warning: synonym `failed states` is an inflection of `failed state`"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(
        "content/glossary/failed-state.md:6:5: warning: synonym `Estados fallidos` is an inflection of `Estado fallido`"
    ));
    // With `inflect: false` the synonyms are the only way to match, so they stay.
    site.write(
        "content/glossary/failed-state.md",
        "---\ntitle: failed state\nsynonyms:\n  - failed states\ninflect: false\nsummary: S.\n---\n",
    );
    assert!(!site.build().stderr.contains("is an inflection"));
}

#[test]
fn glossary_list_as_json_counts_uses_per_page() {
    let site = TestSite::fixture("glossary");
    let run = site.acta(&["glossary", "list", "--format", "json"]);
    run.assert_ok();
    let terms: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let oas = terms.as_array().unwrap().iter().find(|t| t["slug"] == "oas").unwrap();
    assert_eq!(oas["title"], "OAS");
    assert_eq!(oas["uses"], 2);
    assert_eq!(oas["pages"][0]["path"], "content/paper.md");
    assert_eq!(oas["pages"][0]["url"], "/paper/");
    assert_eq!(oas["pages"][0]["uses"], 2);
    assert!(!site.path().join("public").exists(), "list writes nothing");
}

#[test]
fn glossary_list_unused_as_csv_and_text() {
    let site = TestSite::fixture("glossary");
    let run = site.acta(&["glossary", "list", "--unused", "--format", "csv"]);
    run.assert_ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines, vec!["slug,title,background,uses,pages", "organo-de-consulta,Órgano de Consulta,false,0,"]);
    let run = site.acta(&["glossary", "list"]);
    run.assert_ok();
    assert!(run.stdout.lines().any(|l| l == "oas\t2\tcontent/paper.md\tOAS"), "{}", run.stdout);
}

#[test]
fn glossary_check_reports_the_glossary_lint_and_fails_on_errors() {
    let site = TestSite::fixture("glossary");
    let run = site.acta(&["glossary", "check"]);
    run.assert_ok();
    assert!(run.stderr.contains("content/paper.md:19:9: warning: `XYZ` looks like an acronym"), "{}", run.stderr);
    assert!(run.stderr.contains("content/glossary/organo-de-consulta.md:1:1: warning: this term is never used"));
    site.write("content/glossary/x.md", "---\ntitle: Xterm\nsummary: X.\nrelated:\n  - nosuch\n---\n");
    site.write("content/other.md", "---\ntitle: Other\n---\n\nSee [it](term:nope).\n");
    let run = site.acta(&["glossary", "check"]);
    run.assert_error(&["content/glossary/x.md:5:1:", "`related` names `nosuch`"]);
    run.assert_error(&["content/other.md:5:5:", "`term:nope` names no glossary term"]);
    assert!(!site.path().join("public").exists(), "check writes nothing");
}

#[test]
fn glossary_rename_is_a_dry_run_by_default() {
    let site = TestSite::fixture("glossary");
    let run = site.acta(&["glossary", "rename", "tiar", "rio-treaty"]);
    run.assert_ok();
    assert!(run.stdout.contains("content/glossary/tiar.md → content/glossary/rio-treaty.md"), "{}", run.stdout);
    assert!(run.stdout.contains("content/glossary/oas.md:8: related: `tiar` → `rio-treaty`"), "{}", run.stdout);
    assert!(run.stdout.contains("content/paper.md:10: `term:tiar` → `term:rio-treaty`"), "{}", run.stdout);
    assert!(run.stdout.contains("content/glossary/rio-treaty.md:"), "{}", run.stdout);
    assert!(site.path().join("content/glossary/tiar.md").exists(), "a dry run changes nothing");
    let paper = std::fs::read_to_string(site.path().join("content/paper.md")).unwrap();
    assert!(paper.contains("(term:tiar)"));
}

#[test]
fn glossary_rename_write_keeps_the_site_whole_and_the_old_url_alive() {
    let site = TestSite::fixture("glossary");
    site.acta(&["glossary", "rename", "tiar", "rio-treaty", "--write"]).assert_ok();
    assert!(!site.path().join("content/glossary/tiar.md").exists());
    let check = site.acta(&["check"]);
    check.assert_ok();
    assert!(!check.stderr.contains("error:"), "{}", check.stderr);
    site.build().assert_ok();
    let redirect = site.read("glossary/tiar/index.html");
    assert!(redirect.contains(r#"<meta http-equiv="refresh" content="0; url=/glossary/rio-treaty/">"#), "{redirect}");
    assert!(site.read("paper/index.html").contains(r#"href="/glossary/rio-treaty/""#));
    assert!(site.read("glossary/oas/index.html").contains("/glossary/rio-treaty/"), "related is rewritten");
}

#[test]
fn glossary_rename_refuses_unknown_or_taken_slugs() {
    let site = TestSite::fixture("glossary");
    let run = site.acta(&["glossary", "rename", "nosuch", "x"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no term `nosuch`"), "{}", run.stderr);
    let run = site.acta(&["glossary", "rename", "tiar", "oas"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("content/glossary/oas.md exists already"), "{}", run.stderr);
    let run = site.acta(&["glossary", "rename", "tiar", "../x"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("is not a slug"), "{}", run.stderr);
}

/// The titles of the links to term pages in `html`, in order.
fn term_link_titles(html: &str) -> Vec<String> {
    let mut titles = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<a href=\"/glossary/") {
        rest = &rest[i..];
        let href_end = rest[9..].find('"').map_or(rest.len(), |e| e + 9);
        let is_term = rest[9..href_end] != *"/glossary/" && !rest[9..href_end].contains('#');
        let text_start = rest.find('>').map_or(rest.len(), |e| e + 1);
        let text_end = rest.find("</a>").unwrap_or(rest.len());
        if is_term && text_start <= text_end {
            titles.push(rest[text_start..text_end].to_string());
        }
        rest = &rest[text_end.max(1)..];
    }
    titles
}

/// Issue 17: "peace operations" and "Rio Group" are written so in the
/// glossary, and shown so. The sidebar and the A–Z index list the terms in
/// the same order (case and accents ignored), in the author's case, even
/// for a term that has a `weight` (the index cannot honour one).
#[test]
fn sidebar_and_index_sort_terms_alike_in_the_case_the_author_wrote() {
    let site = TestSite::minimal();
    let terms = [
        ("rio-group", "Rio Group", ""),
        ("peace", "peace operations", "weight: 1\n"),
        ("eclac", "ECLAC", ""),
        ("ecole", "école de guerre", ""),
        ("alt", "alternative development", ""),
        ("zone", "Zone of Peace", ""),
        ("human", "Human Security network", ""),
        ("human-security", "human security", ""),
    ];
    for (slug, title, extra) in terms {
        site.write(
            &format!("content/glossary/{slug}.md"),
            &format!("---\ntitle: \"{title}\"\n{extra}---\n\nAbout it.\n"),
        );
    }
    site.write("content/glossary/_index.md", "---\ntitle: Glossary\n---\n");
    site.build().assert_ok();
    let expected = [
        "alternative development",
        "ECLAC",
        "école de guerre",
        "human security",
        "Human Security network",
        "peace operations",
        "Rio Group",
        "Zone of Peace",
    ];
    let index = site.read("glossary/index.html");
    let index = &index[index.find("<main").unwrap()..];
    assert_eq!(term_link_titles(index), expected, "the glossary index");
    let page = site.read("glossary/rio-group/index.html");
    let sidebar = &page[page.find("<nav id=\"site-nav\"").unwrap()..];
    let sidebar = &sidebar[..sidebar.find("</nav>").unwrap()];
    let shown: Vec<String> = term_link_titles(sidebar)
        .into_iter()
        .map(|t| t.trim_start_matches("<span class=\"num\"></span> ").into())
        .collect();
    assert_eq!(shown, expected, "the sidebar");
}

/// `data-expansion` is what print shows after a term's link (acta.css):
/// never where the text already says it, by itself or by
/// `expand_first_use` right after the link (issue 17, print).
#[test]
fn print_expansion_is_left_out_where_the_text_already_says_it() {
    let site = TestSite::minimal();
    site.write(
        "content/glossary/icc.md",
        "---\ntitle: ICC\nexpansion: International Criminal Court\nsummary: A court.\n---\n\nA court.\n",
    );
    site.write(
        "content/glossary/oas.md",
        "---\ntitle: OAS\nexpansion: Organization of American States\nsummary: States.\n---\n\nStates.\n",
    );
    site.write("content/a.md", "---\ntitle: A\n---\n\nThe international criminal\ncourt and the OAS.\n");
    site.build().assert_ok();
    let a = site.read("a/index.html");
    assert!(a.contains("aria-describedby=\"g-icc-1-desc\">international criminal\ncourt</a>"), "{a}");
    assert!(a.contains("data-expansion=\"Organization of American States\">OAS</a>"), "{a}");
    site.write("site.toml", "title = \"T\"\n[glossary]\nexpand_first_use = \"page\"\n");
    site.build().assert_ok();
    let a = site.read("a/index.html");
    assert!(!a.contains("data-expansion"), "{a}");
    assert!(a.contains("</span></span> (Organization of American States)"), "{a}");
}
