//! Tests of the whole importer on the paper, two fixtures in other layouts and bad input.

use super::*;

const PAPER: &str = include_str!("../../tests/fixtures/import/security-institutions-americas-2002.txt");
const COASTAL: &str = include_str!("../../tests/fixtures/import/coastal-flood-report.txt");
const HARBOUR: &str = include_str!("../../tests/fixtures/import/harbour-review.txt");

const HEAD_1: &str = "V CONFERENCIA DE MINISTROS DE DEFENSA DE LAS AMERICAS";
const HEAD_2: &str = "SANTIAGO DE CHILE 18 AL 22 DE NOVIEMBRE DE 2002";

fn import(text: &str) -> Vec<ImportedPage> {
    import_text(text.as_bytes(), &ImportOptions::default()).expect("imports")
}

fn page<'a>(pages: &'a [ImportedPage], path: &str) -> &'a str {
    pages
        .iter()
        .find(|p| p.path == std::path::Path::new(path))
        .map(|p| p.contents.as_str())
        .unwrap_or_else(|| panic!("no page {path}"))
}

/// (front matter, body) of a page.
fn split(contents: &str) -> (&str, &str) {
    let rest = contents.strip_prefix("---\n").expect("front matter opens");
    let end = rest.find("\n---\n").expect("front matter closes");
    (&rest[..end + 1], rest[end + 5..].trim_start_matches('\n'))
}

fn front_matter(contents: &str) -> serde_yaml::Value {
    serde_yaml::from_str(split(contents).0).expect("valid YAML")
}

fn html(markdown: &str) -> String {
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(markdown));
    out
}

/// The text of HTML without tags, entities decoded.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// The paper's lines after its title block, without the running heads.
fn paper_body_words() -> Vec<String> {
    let start = PAPER.find("Chile's Rapporteur Report").expect("preamble");
    let body: Vec<&str> = PAPER[start..].lines().filter(|l| l.trim() != HEAD_1 && l.trim() != HEAD_2).collect();
    words(&body.join("\n"))
}

#[test]
fn running_heads_are_removed_from_every_page() {
    let pages = import(PAPER);
    assert_eq!(PAPER.matches(HEAD_1).count(), 18);
    for p in &pages {
        assert!(!p.contents.contains(HEAD_1), "{}", p.path.display());
        assert!(!p.contents.contains(HEAD_2), "{}", p.path.display());
    }
}

#[test]
fn the_paper_produces_these_pages() {
    let pages = import(PAPER);
    let got: Vec<(String, String, Option<u64>, Option<String>)> = pages
        .iter()
        .map(|p| {
            let fm = front_matter(&p.contents);
            (
                p.path.to_string_lossy().replace('\\', "/"),
                fm["title"].as_str().unwrap_or_default().to_string(),
                fm["weight"].as_u64(),
                fm["section"].as_str().map(str::to_string),
            )
        })
        .collect();
    let expected = [
        ("_index.md", "Toward the Renewal of Security Institutions in the Americas", None, None),
        ("01-abstract.md", "Abstract", Some(1), Some("1")),
        (
            "02-globalization-security/_index.md",
            "Globalization and Security: New Realities, New Concepts",
            Some(2),
            Some("2"),
        ),
        ("02-globalization-security/01-globalization-security.md", "Globalization and Security", Some(1), Some("2.1")),
        (
            "02-globalization-security/02-political-effects-globalization.md",
            "The Political Effects of Globalization. Increasing International Cooperation and Developing Governance Regimes",
            Some(2),
            Some("2.2"),
        ),
        (
            "02-globalization-security/03-toward-broader-more-integrating-security.md",
            "Toward Broader and More Integrating Security Concepts: Human Security, State Security, International Security",
            Some(3),
            Some("2.3"),
        ),
        (
            "02-globalization-security/04-globalization-latin-america-security.md",
            "Globalization, Latin America and Security",
            Some(4),
            Some("2.4"),
        ),
        ("03-security-institutions-continent/_index.md", "Security Institutions in the Continent", Some(3), Some("3")),
        (
            "03-security-institutions-continent/01-toward-flexible-regional-security-architecture.md",
            "Toward a Flexible Regional Security Architecture",
            Some(1),
            Some("3.1"),
        ),
        (
            "04-summary-preliminary-recommendations/_index.md",
            "Summary and Preliminary Recommendations",
            Some(4),
            Some("4"),
        ),
        (
            "04-summary-preliminary-recommendations/01-region-refounding-stage-its-security.md",
            "The Region in a Refounding Stage of Its Security Institutions",
            Some(1),
            Some("4.1"),
        ),
        (
            "04-summary-preliminary-recommendations/02-need-advance-direction-agenda-more.md",
            "A Need to Advance in the Direction of an Agenda with More Precise Policies",
            Some(2),
            Some("4.2"),
        ),
        (
            "04-summary-preliminary-recommendations/03-oas-conference-ministers-defense-americas.md",
            "OAS-Conference of Ministers of Defense of the Americas Link",
            Some(3),
            Some("4.3"),
        ),
    ];
    let expected: Vec<(String, String, Option<u64>, Option<String>)> =
        expected.iter().map(|(p, t, w, s)| (p.to_string(), t.to_string(), *w, s.map(str::to_string))).collect();
    assert_eq!(got, expected);
}

#[test]
fn the_home_page_holds_the_title_block_and_the_preamble() {
    let pages = import(PAPER);
    let home = page(&pages, "_index.md");
    let fm = front_matter(home);
    let extra = &fm["extra"];
    assert_eq!(extra["event"].as_str(), Some("V Conferencia de Ministros de Defensa de las Americas"));
    assert_eq!(extra["place"].as_str(), Some("Santiago de Chile"));
    assert_eq!(extra["dates"].as_str(), Some("18 al 22 de noviembre de 2002"));
    assert_eq!(extra["thematic_line"].as_str(), Some("1: Regional Security at the Onset of the 21st Century"));
    assert_eq!(extra["sub_theme"].as_str(), Some("1B: Structures and Mechanisms for Facing New Threats"));
    assert_eq!(extra["speaker"].as_str(), Some("Chile"));
    assert_eq!(
        fm["description"].as_str(),
        Some("V Conferencia de Ministros de Defensa de las Americas, Santiago de Chile, 18 al 22 de noviembre de 2002")
    );
    let (_, body) = split(home);
    assert!(body.starts_with("Chile's Rapporteur Report on Subtopic B,"));
    assert!(!body.contains('#'), "the home page has no section heading");
    // Every word of the title block (labels become keys) is kept in the front matter.
    let fm_text = split(home).0.to_lowercase().replace(['-', '_'], "");
    for line in PAPER.lines().skip(8).take(7) {
        for word in words(&line.replace('-', "")) {
            assert!(fm_text.contains(&word), "{word}");
        }
    }
}

#[test]
fn descriptions_are_first_sentences_of_at_most_200_characters() {
    let pages = import(PAPER);
    for p in &pages {
        let fm = front_matter(&p.contents);
        let description = fm["description"].as_str().expect("description");
        assert!(!description.is_empty() && description.chars().count() <= 200, "{}", p.path.display());
        assert!(!description.contains('*'));
    }
    let description = |path| front_matter(page(&pages, path))["description"].as_str().unwrap_or_default().to_string();
    assert_eq!(
        description("02-globalization-security/02-political-effects-globalization.md"),
        "This new scenario that has emerged in recent years demands great effort in governments to reformulate international policy concepts and practices, especially in the context of security."
    );
    let abstract_ = description("01-abstract.md");
    assert!(abstract_.starts_with("The American continent has embarked upon the 21st century"));
    assert!(abstract_.ends_with("toward a joint…"), "{abstract_}");
    // A section without text of its own is described by its first subsection's text.
    assert!(
        description("03-security-institutions-continent/_index.md")
            .starts_with("Security and defense institutions in America started")
    );
}

#[test]
fn every_numbered_section_is_a_heading_at_its_depth() {
    let pages = import(PAPER);
    let all: String = pages.iter().map(|p| p.contents.as_str()).collect();
    let mut checked = 0;
    for line in PAPER.lines() {
        let Some((number, _)) = line.split_once(' ') else {
            continue;
        };
        let parts: Vec<&str> = number.trim_end_matches('.').split('.').collect();
        if !number.ends_with('.') || !parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) {
            continue;
        }
        // Each page's first heading is `##` (the title is the <h1>): top-level
        // and second-level sections start their pages, deeper ones sit below.
        let hashes = "#".repeat(parts.len().max(2));
        let heading = format!("\n{hashes} {number} ");
        assert!(all.contains(&heading), "{number} as {hashes}");
        checked += 1;
    }
    assert_eq!(checked, 29);
    for three in ["2.1.3.", "2.3.5.", "3.1.3.", "4.2.2."] {
        assert!(all.contains(&format!("\n### {three} ")), "{three}");
    }
    // The unnumbered all-caps run-in heading sits one level below 4.1.
    assert!(
        all.contains("\n### Toward the Renewal of Principles and Institutions\n\nThe region's security institutions")
    );
}

#[test]
fn run_in_headings_are_split_from_their_paragraph() {
    let pages = import(PAPER);
    let sub = page(&pages, "02-globalization-security/01-globalization-security.md");
    assert!(sub.contains(
        "### 2.1.1. End of the state as a monopolic international security actor and the incorporation of new actors\n\nGlobalization has diversified the international system's types of actors"
    ));
    let sub = page(&pages, "03-security-institutions-continent/01-toward-flexible-regional-security-architecture.md");
    assert!(sub.contains(
        "### 3.1.1. Post World War II Institutions: Values and institutionality\n\nSecurity and defense institutions"
    ));
}

#[test]
fn numbered_headings_do_not_become_ordered_lists() {
    for p in import(PAPER) {
        let (_, body) = split(&p.contents);
        let rendered = html(body);
        assert!(!rendered.contains("<ol"), "{}", p.path.display());
    }
    let rendered = html(split(page(&import(PAPER), "01-abstract.md")).1);
    assert!(rendered.starts_with("<h2>1. Abstract</h2>"), "{rendered}");
    // A numbered line that is not a heading keeps its number as text.
    let pages = import("Notes\n\nSome text here to start with.\n\n3. lower-case numbered line, not a heading.\n");
    let (_, body) = split(&pages[0].contents);
    assert!(body.contains("3\\. lower-case numbered line"));
    assert!(html(body).contains("<p>3. lower-case numbered line"));
}

#[test]
fn lettered_and_bulleted_items_become_list_items() {
    let pages = import(PAPER);
    let sub = page(&pages, "02-globalization-security/01-globalization-security.md");
    assert!(sub.contains("\n- a) **Market.** The most visible instance"));
    assert!(sub.contains("\n- b) **Civil Society.** Civil society"));
    // `a)` items without a dash, the paragraph between `a)` and `b)` belonging to `a)`.
    assert!(sub.contains("\n- a) Inter-state conflicts. The evolution"));
    assert!(sub.contains("tasks.\n\n  Inter-state conflictivity is practically non-existent"));
    // Bullets after an item ending with a colon nest under it.
    assert!(sub.contains("common characteristics:\n\n  - **They are of transnational scope.** They are"));
    let arch = page(&pages, "03-security-institutions-continent/01-toward-flexible-regional-security-architecture.md");
    // `d)` opening a page continues the list of `- c)` before the break.
    assert!(arch.contains("\n- d) Important, but insufficient advances."));
    let list = html(split(arch).1);
    assert!(list.contains("<li>\n<p>d) Important, but insufficient advances."), "{list}");
}

#[test]
fn a_list_item_continued_on_the_next_page_keeps_its_paragraph() {
    let pages = import(PAPER);
    let sub = page(&pages, "02-globalization-security/01-globalization-security.md");
    // "c) Human Person." ends one page; "This tendency …" opens the next.
    assert!(
        sub.contains("during the post Cold War period.\n\n  This tendency started in the aftermath of World War II")
    );
    let rendered = html(split(sub).1);
    let item = rendered.find("Human Person.").expect("item");
    let tendency = rendered.find("This tendency started").expect("continuation");
    let close = rendered[item..].find("</li>").map(|i| i + item).expect("end of item");
    assert!(tendency < close, "the continuation stays inside the item");
}

#[test]
fn paragraphs_cut_mid_sentence_by_a_page_break_are_joined() {
    let coastal = import(COASTAL);
    let walls = page(&coastal, "02-condition-defences/01-sea-walls.md");
    assert!(walls.contains(
        "in one stretch near the harbour, a loss of crest height of almost half a metre since the survey of 1987."
    ));
    let works = page(&coastal, "03-recommended-works.md");
    assert!(works.contains("and the raising of Section W9 to the level of its neighbours."));
    let harbour = import(HARBOUR);
    let operations = page(&harbour, "02-operations.md");
    assert!(operations.contains("a further twenty moorings in the outer basin, which would clear most of the list."));
    // A list item cut mid-sentence: the rest, indented on the next page, is joined to it.
    assert!(operations.contains("\n- replacing the timber fendering on the east wall, a job that had been postponed twice for lack of funds and which finally began in September;\n- clearing silt"));
}

#[test]
fn words_hyphenated_across_lines_are_rejoined() {
    let pages = import(COASTAL);
    let all: String = pages.iter().map(|p| p.contents.as_str()).collect();
    for word in [
        "engineers have raised the walls",
        "good condition.",
        "control gear, however, dates",
        "before they threaten the structure",
    ] {
        assert!(all.contains(word), "{word}");
    }
    // The document writes "long-term" elsewhere, so that hyphen is kept.
    assert!(all.contains("which is why a long-term fix is urgent."));
}

#[test]
fn literal_markdown_characters_are_escaped() {
    let coastal = import(COASTAL);
    let works = page(&coastal, "03-recommended-works.md");
    assert!(works.contains("(see \\<Annex A>) is attached; costs are given in pounds\\_sterling \\* 1,000."));
    assert!(works.contains("\n1987 was the year"));
    let harbour = import(HARBOUR);
    let finances = page(&harbour, "03-finances.md");
    assert!(finances.contains("EARLY\\_BIRD and must be quoted on the form \\[see annex\\]."));
    assert!(finances.contains("\n\\# of boats on the waiting list"));
    let rendered = html_text(&html(split(finances).1));
    for literal in ["EARLY_BIRD", "[see annex]", "# of boats", "(see note <3> in the accounts)"] {
        assert!(rendered.contains(literal), "{literal}");
    }
    let rendered = html(split(works).1);
    assert!(!rendered.contains("<em>") && html_text(&rendered).contains("pounds_sterling * 1,000"));
    // Emphasis already in the paper is kept.
    let paper = import(PAPER);
    let scope = page(&paper, "02-globalization-security/03-toward-broader-more-integrating-security.md");
    assert!(html(split(scope).1).contains("<em>per se</em>"));
}

#[test]
fn the_spanish_paragraph_is_wrapped_with_its_language() {
    let pages = import(PAPER);
    let all: String = pages.iter().map(|p| p.contents.as_str()).collect();
    assert_eq!(all.matches("<div lang=").count(), 1);
    let spanish = PAPER.lines().find(|l| l.starts_with("No obstante")).expect("Spanish paragraph");
    assert!(all.contains(&format!("<div lang=\"es\">\n\n{spanish}\n\n</div>")));
    let english =
        PAPER.lines().find(|l| l.starts_with("However, it is important to also assume")).expect("English version");
    assert!(all.contains(&format!("</div>\n\n{english}\n")));
    assert!(!all.contains("<div lang=\"en\">"));
}

#[test]
fn every_word_of_the_paper_survives_in_order() {
    let expected = paper_body_words();
    let pages = import(PAPER);
    let markdown: String = pages
        .iter()
        .map(|p| split(&p.contents).1)
        .flat_map(|body| body.lines().filter(|l| !l.starts_with("<div") && !l.starts_with("</div")))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(words(&markdown), expected, "Markdown words");
    let rendered: String = pages.iter().map(|p| html_text(&html(split(&p.contents).1))).collect::<Vec<_>>().join("\n");
    assert_eq!(words(&rendered), expected, "HTML words");
}

#[test]
fn front_matter_is_valid_yaml_on_every_page() {
    for text in [PAPER, COASTAL, HARBOUR] {
        for p in import(text) {
            let fm = front_matter(&p.contents);
            assert!(fm["title"].as_str().is_some_and(|t| !t.is_empty()), "{}", p.path.display());
            assert!(p.contents.ends_with('\n'));
            assert!(p.path.components().count() <= 2);
        }
    }
}

#[test]
fn the_hard_wrapped_report_with_form_feeds_imports_cleanly() {
    let pages = import(COASTAL);
    let paths: Vec<String> = pages.iter().map(|p| p.path.to_string_lossy().replace('\\', "/")).collect();
    assert_eq!(
        paths,
        [
            "_index.md",
            "01-introduction.md",
            "02-condition-defences/_index.md",
            "02-condition-defences/01-sea-walls.md",
            "02-condition-defences/02-dunes-tidal-gates.md",
            "03-recommended-works.md"
        ]
    );
    let home = front_matter(page(&pages, "_index.md"));
    assert_eq!(home["title"].as_str(), Some("Report on Coastal Flood Defences"));
    assert_eq!(home["extra"]["dates"].as_str(), Some("12 September 2011"));
    assert_eq!(home["extra"]["subtitle"].as_str(), Some("Prepared for the Regional Water Board"));
    let all: String = pages.iter().map(|p| p.contents.as_str()).collect();
    assert!(!all.contains("Page ") && !all.contains('\u{c}'));
    assert!(all.contains("\n## 1. Introduction\n"));
    assert!(all.contains("\n## 2.1. Sea walls\n"));
    assert!(all.contains("\n### 2.2.1. Mill Creek gates\n\nThe gates close automatically on a rising tide."));
    assert!(all.contains("\n- Section W4, where the toe has been undermined over a length of about 300 metres and the wall has begun to lean seaward.\n- Section W7"));
    // Indentation of the body text does not turn it into code.
    assert!(!all.lines().any(|l| l.starts_with("    ")));
}

#[test]
fn the_review_with_a_title_header_and_bracketed_page_numbers_imports_cleanly() {
    let pages = import(HARBOUR);
    let paths: Vec<String> = pages.iter().map(|p| p.path.to_string_lossy().replace('\\', "/")).collect();
    assert_eq!(paths, ["_index.md", "01-summary.md", "02-operations.md", "03-finances.md", "04-outlook.md"]);
    let home = front_matter(page(&pages, "_index.md"));
    assert_eq!(home["title"].as_str(), Some("Quiet Harbour Trust"));
    assert_eq!(home["extra"]["dates"].as_str(), Some("14 March 2019"));
    assert_eq!(home["extra"]["prepared_by"].as_str(), Some("The Trust Secretariat"));
    assert_eq!(home["extra"]["chair"].as_str(), Some("Margaret Oduya"));
    let all: String = pages.iter().map(|p| p.contents.as_str()).collect();
    assert!(!all.contains("[Page") && !all.contains("QUIET HARBOUR TRUST: ANNUAL REVIEW"));
    let summary = page(&pages, "01-summary.md");
    let fm = front_matter(summary);
    assert_eq!((fm["title"].as_str(), fm["weight"].as_u64(), fm["section"].as_str()), (Some("Summary"), Some(1), None));
    assert!(summary.contains("\n## Summary\n\nThe Trust had a steady year."));
    assert!(summary.contains("The main events of the year were:\n\n- the opening of the visitor pontoon at the north quay, which was completed two weeks ahead of schedule;\n- the dredging"));
    assert!(page(&pages, "04-outlook.md").contains("\n## Outlook\n"));
}

#[test]
fn split_level_one_keeps_subsections_inside_their_section() {
    let opts = ImportOptions { split_level: 1, ..ImportOptions::default() };
    let pages = import_text(PAPER.as_bytes(), &opts).expect("imports");
    let paths: Vec<String> = pages.iter().map(|p| p.path.to_string_lossy().to_string()).collect();
    assert_eq!(
        paths,
        [
            "_index.md",
            "01-abstract.md",
            "02-globalization-security.md",
            "03-security-institutions-continent.md",
            "04-summary-preliminary-recommendations.md"
        ]
    );
    assert!(
        page(&pages, "02-globalization-security.md").contains("\n### 2.4. Globalization, Latin America and Security\n")
    );
    let err = import_text(PAPER.as_bytes(), &ImportOptions { split_level: 3, ..ImportOptions::default() });
    assert_eq!(err, Err(ImportError::InvalidSplitLevel(3)));
}

#[test]
fn bad_input_is_reported_clearly() {
    let opts = ImportOptions::default();
    assert_eq!(import_text(b"", &opts), Err(ImportError::Empty));
    assert_eq!(import_text(b" \n\n\t\x0c\n", &opts), Err(ImportError::Empty));
    assert_eq!(import_text(b"PK\x03\x04\x00\x00binary", &opts), Err(ImportError::Binary { offset: 4 }));
    assert_eq!(import_text(b"caf\xe9 au lait", &opts), Err(ImportError::InvalidUtf8 { offset: 3 }));
    assert_eq!(import_text(b"\xff\xfeT\x00i\x00", &opts), Err(ImportError::Utf16));
    assert_eq!(
        ImportError::InvalidUtf8 { offset: 1234 }.to_string(),
        "the file is not valid UTF-8 (first bad byte at offset 1234); convert it with iconv -f latin1 -t utf-8"
    );
    assert!(ImportError::Binary { offset: 4 }.to_string().contains("offset 4"));
    assert!(ImportError::Empty.to_string().contains("empty"));
    assert!(ImportError::Utf16.to_string().contains("iconv -f utf-16"));
}

#[test]
fn a_text_without_headings_is_one_page_titled_by_its_first_line() {
    let text = "Minutes of the spring meeting\n\nThe members met on a Tuesday. They agreed to paint the hall.\n\nThe treasurer reported a small surplus, which was welcomed.\n";
    let pages = import(text);
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].path, std::path::Path::new("_index.md"));
    assert_eq!(
        pages[0].contents,
        "---\ntitle: \"Minutes of the spring meeting\"\ndescription: \"The members met on a Tuesday.\"\n---\n\nThe members met on a Tuesday. They agreed to paint the hall.\n\nThe treasurer reported a small surplus, which was welcomed.\n"
    );
    // No title line: the fallback title (the file stem) is used.
    let opts = ImportOptions { fallback_title: "minutes-2019".to_string(), ..ImportOptions::default() };
    let pages = import_text(b"The members met on a Tuesday. They agreed to paint the hall.\n", &opts).expect("imports");
    assert_eq!(pages.len(), 1);
    assert_eq!(front_matter(&pages[0].contents)["title"].as_str(), Some("minutes-2019"));
}

#[test]
fn odd_input_never_panics() {
    let odd = [
        "*",
        "#",
        "1.",
        "1. ",
        "- ",
        "a)",
        "\u{c}\u{c}\u{c}",
        "1. A\n1.1. B\n1.1.1. C",
        "**",
        "—\n—\n—",
        "2.3. ORPHAN SUBSECTION\n\ntext",
        "é-\nnoncé",
        "(",
        ")",
        "\"",
        "99.99. X",
        "::",
        "A: B",
    ];
    for text in odd {
        let _ = import_text(text.as_bytes(), &ImportOptions::default());
    }
    // Cuts of the paper and the fixtures at many char boundaries.
    for source in [PAPER, COASTAL, HARBOUR] {
        let bounds: Vec<usize> = source.char_indices().map(|(i, _)| i).step_by(997).collect();
        for (k, &start) in bounds.iter().enumerate() {
            let end = bounds.get(k + 3).copied().unwrap_or(source.len());
            let _ = import_text(&source.as_bytes()[start..end], &ImportOptions::default());
        }
    }
}

#[test]
fn sections_numbered_without_periods_are_headings() {
    let text = "Water Pricing in Small Towns\n\n1 Introduction\n\nSmall towns face a difficult choice when they set the price of water.\nThey must cover the cost of the network, yet keep the service afford-\nable for households on low incomes.\n\n2 Method\n\n2.1 Data\n\nWe collected tariffs from 112 towns between 2015 and 2018.\n\n2.2 Model\n\nThe model compares three tariff designs.\n";
    let pages = import(text);
    let paths: Vec<String> = pages.iter().map(|p| p.path.to_string_lossy().replace('\\', "/")).collect();
    assert_eq!(
        paths,
        ["_index.md", "01-introduction.md", "02-method/_index.md", "02-method/01-data.md", "02-method/02-model.md"]
    );
    assert_eq!(front_matter(&pages[0].contents)["title"].as_str(), Some("Water Pricing in Small Towns"));
    assert!(page(&pages, "01-introduction.md").contains("\n## 1 Introduction\n\nSmall towns face"));
    assert!(page(&pages, "01-introduction.md").contains("service affordable for households"));
    assert_eq!(front_matter(page(&pages, "02-method/01-data.md"))["section"].as_str(), Some("2.1"));
}

#[test]
fn roman_numbered_sections_and_bare_page_footers() {
    let text = "I. INTRODUCTION\n\nThe council asked for a short review of the parks budget. This note answers that request.\n\nII. OPTIONS\n\nThere are three options, described below, and each of them has a different effect on the staff who work in the\n\nPage 1 of 2\n\nparks and on the people who use them every day of the week.\n\nPage 2 of 2\n\nIII. RECOMMENDATION\n\nWe recommend the second option.\n";
    let pages = import(text);
    let paths: Vec<String> = pages.iter().map(|p| p.path.to_string_lossy().replace('\\', "/")).collect();
    assert_eq!(paths, ["_index.md", "01-introduction.md", "02-options.md", "03-recommendation.md"]);
    let options = page(&pages, "02-options.md");
    assert_eq!(front_matter(options)["section"].as_str(), Some("II"));
    assert!(options.contains("\n## II. Options\n\nThere are three options"));
    assert!(options.contains("who work in the parks and on the people"));
    assert!(pages.iter().all(|p| !p.contents.contains("Page 1") && !p.contents.contains("Page 2")));
    assert_eq!(front_matter(&pages[0].contents)["title"].as_str(), Some("Untitled"));
}

#[test]
fn a_table_of_contents_does_not_make_headings() {
    let text = "ANNUAL PLAN\n\nCONTENTS\n\n1. INTRODUCTION .......... 2\n2. BUDGET .......... 3\n\n1. INTRODUCTION\n\nThe plan covers the year ahead.\n\n2. BUDGET\n\nThe budget is balanced.\n";
    let pages = import(text);
    let paths: Vec<String> = pages.iter().map(|p| p.path.to_string_lossy().replace('\\', "/")).collect();
    assert_eq!(paths, ["_index.md", "01-introduction.md", "02-budget.md"]);
    let home = &pages[0].contents;
    assert_eq!(front_matter(home)["title"].as_str(), Some("Annual Plan"));
    // The document's own table of contents, heading and entries, is dropped: the site's navigation replaces it.
    assert!(!home.contains("Contents") && !home.contains(".........."), "{home}");
}
