//! The paper site: the repository's own content, built as a reader gets it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::support::fixtures;

const HEADS: [&str; 2] =
    ["V CONFERENCIA DE MINISTROS DE DEFENSA DE LAS AMERICAS", "SANTIAGO DE CHILE 18 AL 22 DE NOVIEMBRE DE 2002"];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The paper site, built once for all the tests of this module.
fn built() -> &'static Path {
    &build().1
}

/// The build's output folder and what it printed on stderr.
fn build() -> &'static (tempfile::TempDir, PathBuf, String) {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf, String)> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_acta"))
            .args(["build", "--root"])
            .arg(repo())
            .arg("--output")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&status.stderr).into_owned();
        assert!(status.status.success(), "{stderr}");
        (dir, out, stderr)
    })
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(built().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The built pages of the document (not the glossary), in reading order.
fn document_pages() -> Vec<String> {
    let sitemap = read("sitemap.xml");
    sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .map(|url| url.trim_start_matches("/").to_string())
        .filter(|url| !url.starts_with("glossary"))
        .collect()
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap();
    &html[start..html.find("</main>").unwrap()]
}

/// What the page says, as opposed to navigation: the title block of the home
/// page and the rendered Markdown body.
fn document_of(html: &str) -> String {
    let mut out = String::new();
    if let Some(start) = html.find("<dl class=\"title-block\">") {
        out.push_str(&html[start..start + html[start..].find("</dl>").unwrap()]);
    }
    if let Some(start) = html.find("<h1>") {
        out.push_str(&html[start..start + html[start..].find("</h1>").unwrap()]);
    }
    // The content div holds other divs (`<div lang="es">`): it ends at the
    // last `</div>` of the article.
    let start = html.find("<div class=\"content\">").expect("content");
    let article_end = start + html[start..].find("</article>").unwrap();
    out.push_str(&html[start..html[..article_end].rfind("</div>").unwrap()]);
    out
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Text of HTML: tags dropped, tooltips (which repeat the glossary) dropped, entities decoded.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<span class=\"term-tip\"") {
        out.push_str(&rest[..i]);
        // The tooltip holds two nested spans and closes with a third.
        let after = &rest[i..];
        let mut depth = 0;
        let mut end = after.len();
        let mut j = 0;
        while j < after.len() {
            if after[j..].starts_with("<span") {
                depth += 1;
            } else if after[j..].starts_with("</span>") {
                depth -= 1;
                if depth == 0 {
                    end = j + 7;
                    break;
                }
            }
            j += after[j..].chars().next().map_or(1, char::len_utf8);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    let mut text = String::new();
    let mut in_tag = false;
    for c in out.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
}

#[test]
fn every_word_of_the_paper_is_in_the_site_in_order() {
    let paper = std::fs::read_to_string(fixtures().join("import/security-institutions-americas-2002.txt")).unwrap();
    let source: Vec<String> = paper.lines().filter(|l| !HEADS.contains(&l.trim())).flat_map(words).collect();
    let mut site = Vec::new();
    for url in document_pages() {
        site.extend(words(&text_of(&document_of(&read(&format!("{url}index.html"))))));
    }
    assert_in_order(&source, &site);
}

/// Issue 18: the print edition holds the whole paper too, in order, on one
/// page whose ids are unique and whose links stay on it.
#[test]
fn the_print_edition_has_every_word_of_the_paper_in_order() {
    let paper = std::fs::read_to_string(fixtures().join("import/security-institutions-americas-2002.txt")).unwrap();
    let source: Vec<String> = paper.lines().filter(|l| !HEADS.contains(&l.trim())).flat_map(words).collect();
    let html = read("print/index.html");
    crate::print::assert_self_contained(&html, "/");
    let body =
        &html[html.find("<section class=\"title-page\"").unwrap()..html.find("<section class=\"appendix\"").unwrap()];
    assert_in_order(&source, &words(&text_of(body)));
}

/// Asserts that the words of `source` are found in `site` in the same order
/// (all but 0.2%: the importer's few deliberate changes).
fn assert_in_order(source: &[String], site: &[String]) {
    // The longest common subsequence of the two word lists: the words of
    // the paper found in the site in the same order.
    let mut prev = vec![0u32; site.len() + 1];
    let mut row = vec![0u32; site.len() + 1];
    for w in source {
        for (j, s) in site.iter().enumerate() {
            row[j + 1] = if w == s { prev[j] + 1 } else { row[j].max(prev[j + 1]) };
        }
        std::mem::swap(&mut prev, &mut row);
    }
    let found = prev[site.len()] as usize;
    let ratio = found as f64 / source.len() as f64;
    eprintln!("{found} of {} words of the paper found in order ({:.2}%)", source.len(), ratio * 100.0);
    assert!(ratio >= 0.998, "{found} of {} words found in order ({:.2}%)", source.len(), ratio * 100.0);
}

#[test]
fn no_running_head_and_front_matter_everywhere_in_content() {
    for entry in walkdir::WalkDir::new(repo().join("content")).into_iter().flatten() {
        if entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert!(text.starts_with("---\n"), "{}", entry.path().display());
            for head in HEADS {
                assert!(!text.contains(head), "running head in {}", entry.path().display());
            }
        }
    }
}

#[test]
fn numbered_sections_are_headings_at_their_level() {
    let paper = std::fs::read_to_string(fixtures().join("import/security-institutions-americas-2002.txt")).unwrap();
    let mut html = String::new();
    for url in document_pages() {
        html.push_str(&read(&format!("{url}index.html")));
    }
    let mut checked = 0;
    for line in paper.lines() {
        let Some(number) = line.split_whitespace().next() else { continue };
        let parts: Vec<&str> = number.trim_end_matches('.').split('.').collect();
        if !number.ends_with('.') || !parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) {
            continue;
        }
        if parts.len() == 1 && line.chars().any(char::is_lowercase) {
            continue; // "1. a sentence" is a list item; top-level headings are in capitals
        }
        // A page's first heading is an <h2> under the title's <h1>; sections
        // of depth 1 and 2 start pages, deeper ones sit below them.
        let level = parts.len().max(2);
        let needle = format!("<h{level} id=\"{}", parts.join("-"));
        assert!(html.contains(&needle), "section {number} is not an <h{level}>");
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} numbered sections found");
}

#[test]
fn the_spanish_paragraph_is_marked_es() {
    let page = read("03-security-institutions-continent/01-toward-flexible-regional-security-architecture/index.html");
    let start = page.find("<div lang=\"es\">").expect("a div lang=es");
    let div = &page[start..start + page[start..].find("</div>").unwrap()];
    assert!(div.contains("seguridad") || div.contains("Seguridad"), "{div}");
}

#[test]
fn content_is_the_importers_output_but_for_curated_front_matter() {
    let bytes = std::fs::read(fixtures().join("import/security-institutions-americas-2002.txt")).unwrap();
    for page in acta::import::import_text(&bytes, &acta::import::ImportOptions::default()).unwrap() {
        let committed = std::fs::read_to_string(repo().join("content").join(&page.path)).unwrap();
        let body = |t: &str| t.splitn(3, "---\n").nth(2).unwrap_or("").to_string();
        assert_eq!(
            body(&committed),
            body(&page.contents),
            "{} differs from the importer's output",
            page.path.display()
        );
    }
}

#[test]
fn every_acronym_of_the_paper_links_to_its_term() {
    let paper = std::fs::read_to_string(fixtures().join("import/security-institutions-americas-2002.txt")).unwrap();
    let mut all = String::new();
    for url in document_pages() {
        all.push_str(&read(&format!("{url}index.html")));
    }
    let terms: serde_json::Value = serde_json::from_str(&read("glossary/terms.json")).unwrap();
    let mut checked = 0;
    let all_caps = |t: &str| {
        t.len() >= 2 && !t.chars().any(|c| c.is_ascii_lowercase()) && t.chars().any(|c| c.is_ascii_uppercase())
    };
    // Lines without lower case are headings and titles, not text.
    for line in paper.lines().filter(|l| l.chars().any(|c| c.is_lowercase())) {
        let tokens: Vec<&str> = line.split(|c: char| !c.is_ascii_alphanumeric()).filter(|t| !t.is_empty()).collect();
        for (i, &token) in tokens.iter().enumerate() {
            // A run of capitalised words is a heading or a title, not an acronym.
            let in_run = (i > 0 && all_caps(tokens[i - 1])) || tokens.get(i + 1).is_some_and(|t| all_caps(t));
            if !all_caps(token) || in_run || token.chars().all(|c| "IVXLCDM".contains(c) || c.is_ascii_digit()) {
                continue;
            }
            let term =
                terms.as_array().unwrap().iter().find(|t| {
                    t["term"] == token || t["synonyms"].as_array().is_some_and(|s| s.iter().any(|s| s == token))
                });
            let term = term.unwrap_or_else(|| panic!("no glossary term for {token}"));
            let url = term["url"].as_str().unwrap();
            assert!(all.contains(&format!("<a class=\"term\" href=\"{url}\"")), "{token} is never linked to {url}");
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked}");
}

#[test]
fn the_oas_page_lists_every_page_that_uses_oas() {
    let oas = read("glossary/oas/index.html");
    let used = &oas[oas.find("id=\"used-in\"").unwrap()..];
    let used = &used[..used.find("</section>").unwrap()];
    let mut expected = 0;
    for url in document_pages() {
        let text = text_of(&document_of(&read(&format!("{url}index.html"))));
        if text.split(|c: char| !c.is_alphanumeric()).any(|w| w == "OAS") {
            expected += 1;
            assert!(used.contains(&format!("class=\"use-page\" href=\"/{url}\"")), "/{url} uses OAS and is not listed");
        }
    }
    assert!(expected >= 2, "{expected}");
}

#[test]
fn term_links_are_never_in_headings_code_or_other_links_and_carry_tooltips() {
    for url in document_pages() {
        let html = read(&format!("{url}index.html"));
        let main = main_of(&html);
        for level in 1..=6 {
            for part in main.split(&format!("<h{level}")).skip(1) {
                let heading = &part[..part.find(&format!("</h{level}>")).unwrap()];
                assert!(!heading.contains("class=\"term"), "/{url}: a term in a heading: {heading}");
            }
        }
        for part in main.split("<code").skip(1) {
            assert!(!part[..part.find("</code>").unwrap()].contains("class=\"term"), "/{url}: term in code");
        }
        for part in main.split("<span class=\"term-ref\"><a class=\"term\"").skip(1) {
            let link = &part[..part.find("</a>").unwrap()];
            assert!(!link.contains("<a "), "/{url}: a link inside a term link");
            let after = &part[part.find("</a>").unwrap()..];
            assert!(
                after.starts_with("</a><span class=\"term-tip\" role=\"tooltip\""),
                "/{url}: a term link without its tooltip"
            );
        }
    }
}

/// A newcomer's first build prints nothing to fix: each glossary entry is
/// either used by the text or marked `background: true` (issue 22).
#[test]
fn the_paper_builds_and_checks_without_a_warning() {
    // The content and glossary print nothing; the one warning a plain build
    // gives is that site.toml's `base_url = "/"` makes the sitemap relative
    // (issue 17): where the paper will be published is not decided, so the
    // repository keeps "/" and this test names an address, as a deployment would.
    let stderr = &build().2;
    let only_base_url = stderr
        .lines()
        .filter(|l| l.contains("warning:"))
        .all(|l| l.starts_with("site.toml: warning: `base_url` \"/\""));
    assert!(only_base_url, "{stderr}");
    let out = tempfile::tempdir().unwrap();
    let published = std::process::Command::new(env!("CARGO_BIN_EXE_acta"))
        .args(["build", "--base-url", "https://example.org/paper/", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&published.stderr);
    assert!(published.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let check =
        std::process::Command::new(env!("CARGO_BIN_EXE_acta")).args(["check", "--root"]).arg(repo()).output().unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    assert!(!stderr.contains("warning:"), "{stderr}");
}

/// Every `(term slug, text)` that the document pages link or mark as a use.
fn term_uses() -> std::collections::BTreeSet<(String, String)> {
    let mut out = std::collections::BTreeSet::new();
    for page in document_pages() {
        let html = read(&format!("{page}index.html"));
        let mut rest = html.as_str();
        while let Some(at) = rest.find(" id=\"g-") {
            rest = &rest[at + 7..];
            let Some(id_end) = rest.find('"') else { break };
            // The id is `g-<anchor>-<n>` (the anchor is the slug here); its
            // tooltip's are `…-tip` and `…-desc`.
            let id = &rest[..id_end];
            if id.ends_with("-tip") || id.ends_with("-desc") {
                continue;
            }
            let anchor = id.rsplit_once('-').map_or("", |(a, _)| a).to_string();
            let Some(open_end) = rest.find('>') else { break };
            let text = &rest[open_end + 1..];
            let Some(close) = text.find("</") else { break };
            if !text[..close].contains('<') {
                out.insert((anchor, text[..close].split_whitespace().collect::<Vec<_>>().join(" ")));
            }
        }
    }
    out
}

/// Every title, expansion and synonym of the glossary, in lower case.
fn explicit_forms() -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for entry in std::fs::read_dir(repo().join("content/glossary")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let yaml = text.split("---\n").nth(1).unwrap();
        let meta: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        let strings = |key: &str| match &meta[key] {
            serde_yaml::Value::String(s) => vec![s.to_lowercase()],
            serde_yaml::Value::Sequence(items) => {
                items.iter().filter_map(|s| s.as_str()).map(str::to_lowercase).collect()
            }
            _ => Vec::new(),
        };
        out.extend(["title", "expansion", "synonyms"].into_iter().flat_map(strings));
    }
    out
}

/// Inflection finds the paper's own plurals (issue 22) once the hand-typed
/// ones are gone from the glossary, and nothing else: every use in the built
/// paper that no entry spells out is one of these. A new false link fails
/// here with its text.
#[test]
fn inflection_links_the_papers_plurals_and_nothing_else() {
    let forms = explicit_forms();
    let inflected: Vec<(String, String)> =
        term_uses().into_iter().filter(|(_, text)| !forms.contains(&text.to_lowercase())).collect();
    let expected = [
        ("collective-security", "collective security systems"),
        ("conference-of-ministers-of-defense", "Conferences of Ministers of Defense of the Americas"),
        ("failed-state", "failed states"),
        ("national-security-doctrine", "national security doctrines"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(inflected, expected);
}

/// A possessive needs no variant: `’s` is not a letter, so the noun before
/// it is a whole word.
#[test]
fn possessives_in_the_paper_are_uses_of_their_term() {
    assert!(term_uses().contains(&("inter-american-system".to_string(), "Inter-American System".to_string())));
    let abstract_html = read("01-abstract/index.html");
    assert!(abstract_html.contains(">Inter-American System</span>’s security institutions"), "{abstract_html}");
}

/// Issue 18: the paper is cited as it names itself — Chile's report to the
/// Conference in Santiago, November 2002 — with no person, number or DOI
/// that the document does not give.
#[test]
fn the_paper_is_cited_as_chiles_report_to_the_conference() {
    let home = read("index.html");
    for tag in [
        "<meta name=\"citation_title\" content=\"Toward the Renewal of Security Institutions in the Americas\">",
        "<meta name=\"citation_author\" content=\"Chile\">",
        "<meta name=\"citation_publication_date\" content=\"2002/11/18\">",
        "<meta name=\"citation_publisher\" content=\"V Conference of Ministers of Defense of the Americas\">",
    ] {
        assert!(home.contains(tag), "{tag}");
    }
    assert!(!home.contains("citation_doi") && !home.contains("citation_technical_report_number"));
    let cff: serde_yaml::Value = serde_yaml::from_str(&read("CITATION.cff")).unwrap();
    assert_eq!(cff["authors"][0]["name"].as_str(), Some("Chile"));
    assert_eq!(cff["date-released"].as_str(), Some("2002-11-18"));
    assert!(read("cite.bib").contains("author = {{Chile}}"));
}
