//! Keeping a glossary true (issue 22): ambiguous forms decided by scope,
//! first-use expansion per page, chapter or document, the list formats, and
//! the lint of the text's own definitions against the entries.

use std::collections::BTreeMap;
use std::path::PathBuf;

use acta::serve::{Change, Kind, State, rebuild};
use acta::site::{BuildOptions, Rendered, Site};

use crate::support::TestSite;

const OAS_EXPANDED: &str = "(Organization of American States)";

/// Two chapters, `a/` (pages one and two) and `b/` (page three), each page
/// using the OAS once, with `expand_first_use` as given.
fn chapters(expand: &str) -> TestSite {
    let site = TestSite::minimal();
    site.write("site.toml", &format!("title = \"T\"\nsearch = false\n[glossary]\nexpand_first_use = {expand}\n"));
    site.write(
        "content/glossary/oas.md",
        "---\ntitle: OAS\nexpansion: Organization of American States\nsummary: The regional body.\n---\n",
    );
    site.write("content/a/_index.md", "---\ntitle: A\nweight: 1\n---\n\nChapter A.\n");
    site.write("content/a/one.md", "---\ntitle: One\nweight: 1\n---\n\nThe OAS met.\n");
    site.write("content/a/two.md", "---\ntitle: Two\nweight: 2\n---\n\nThe OAS met again.\n");
    site.write("content/b/_index.md", "---\ntitle: B\nweight: 2\n---\n\nChapter B.\n");
    site.write("content/b/three.md", "---\ntitle: Three\nweight: 1\n---\n\nThe OAS met once more.\n");
    site
}

/// Which of the three pages spell the expansion out after their OAS.
fn expanded(site: &TestSite) -> Vec<&'static str> {
    ["a/one", "a/two", "b/three"]
        .into_iter()
        .filter(|p| site.read(&format!("{p}/index.html")).contains(OAS_EXPANDED))
        .collect()
}

#[test]
fn expand_first_use_per_page_chapter_or_document() {
    for (expand, want) in [
        ("false", vec![]),
        ("true", vec!["a/one", "a/two", "b/three"]),
        ("\"page\"", vec!["a/one", "a/two", "b/three"]),
        ("\"chapter\"", vec!["a/one", "b/three"]),
        ("\"document\"", vec!["a/one"]),
    ] {
        let site = chapters(expand);
        site.build().assert_ok();
        assert_eq!(expanded(&site), want, "expand_first_use = {expand}");
    }
}

#[test]
fn expand_first_use_is_off_by_default_and_names_its_values() {
    let site = chapters("false");
    site.write("site.toml", "title = \"T\"\nsearch = false\n");
    site.build().assert_ok();
    assert!(expanded(&site).is_empty());
    site.write("site.toml", "title = \"T\"\n[glossary]\nexpand_first_use = \"book\"\n");
    site.build().assert_error(&["site.toml:3:", "\"page\", \"chapter\", \"document\" or false"]);
}

/// Every file but the search index (see incremental.rs).
fn files(r: &Rendered) -> BTreeMap<String, Vec<u8>> {
    r.files.iter().filter(|f| !f.rel.starts_with("pagefind/")).map(|f| (f.rel.clone(), f.bytes.to_vec())).collect()
}

#[test]
fn a_rebuild_that_moves_a_first_use_equals_a_full_build() {
    let site = chapters("\"document\"");
    let opts = BuildOptions { root: site.path().to_path_buf(), ..BuildOptions::default() };
    let mut state = State::new(opts.clone());
    rebuild(&mut state, &[]).unwrap();
    // The first use moves from page one to page two, then back.
    for (body, first) in [("No term here.", "a/two/index.html"), ("The OAS met.", "a/one/index.html")] {
        site.write("content/a/one.md", &format!("---\ntitle: One\nweight: 1\n---\n\n{body}\n"));
        let change = Change { kind: Kind::Content, path: PathBuf::from("content/a/one.md") };
        let got = rebuild(&mut state, &[change]).unwrap();
        assert!(got.incremental, "a body edit rebuilds incrementally");
        let want = files(&Site::load(&opts).and_then(|s| s.render()).unwrap());
        let got = files(&got.rendered);
        assert_eq!(got.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>());
        for (rel, bytes) in &want {
            assert!(&got[rel] == bytes, "{rel} differs from a full build after `{body}`");
        }
        assert!(String::from_utf8_lossy(&want[first]).contains(OAS_EXPANDED), "{first} has the first use");
    }
}

/// The body of a page's Markdown content.
fn content(html: &str) -> &str {
    let start = html.find("<div class=\"content\">").expect("content div");
    &html[start..]
}

#[test]
fn a_shared_form_means_the_entry_whose_scope_holds_the_page() {
    let site = TestSite::fixture("shared-forms");
    site.build().assert_ok();
    for page in ["legal/index.html", "legal/rome/index.html"] {
        let html = site.read(page);
        assert!(content(&html).contains(r#"<a class="term" href="/glossary/icc/""#), "{page}: {html}");
        assert!(!content(&html).contains("icc-trade"), "{page}");
    }
    let trade = site.read("trade/index.html");
    assert!(content(&trade).contains(r#"<a class="term" href="/glossary/icc-trade/""#), "{trade}");
    // On its own page a term is not linked, and the other meaning is not either.
    assert!(content(&site.read("glossary/icc/index.html")).contains("<p>The ICC sits in The Hague.</p>"));
}

#[test]
fn a_shared_form_outside_every_scope_links_its_meanings_and_is_reported() {
    let site = TestSite::fixture("shared-forms");
    let run = site.build();
    run.assert_ok();
    let html = site.read("elsewhere/index.html");
    let body = content(&html);
    assert!(
        body.contains(r##"<a class="term term-shared" href="/glossary/#shared-icc" id="g-shared-icc-1""##),
        "{body}"
    );
    assert!(
        body.contains("International Criminal Court (law)")
            && body.contains("International Chamber of Commerce (trade)")
    );
    assert!(!body.contains("/glossary/icc/"), "an undecided use links to neither meaning");
    let index = site.read("glossary/index.html");
    let list = &index[index.find(r#"<dl id="shared-icc">"#).expect("the list of meanings")..];
    assert!(list.contains(r#"href="/glossary/icc/""#) && list.contains(r#"href="/glossary/icc-trade/""#), "{list}");
    assert!(
        run.stderr.contains("content/elsewhere.md:6:22: warning: `ICC` may mean International Chamber of Commerce"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`[ICC](term:icc-trade)` or `[ICC](term:icc)`"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("may mean").count(), 1, "once per page: {}", run.stderr);

    // The explicit link is the fix.
    site.write(
        "content/elsewhere.md",
        "---\ntitle: Elsewhere\nweight: 3\n---\n\nBoth meanings of the [ICC](term:icc) meet here.\n",
    );
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("may mean"), "{}", run.stderr);
    assert!(content(&site.read("elsewhere/index.html")).contains(r#"href="/glossary/icc/""#));
}

#[test]
fn a_page_in_two_scopes_is_undecided_too() {
    let site = TestSite::fixture("shared-forms");
    let trade = std::fs::read_to_string(site.path().join("content/glossary/icc-trade.md")).unwrap();
    site.write("content/glossary/icc-trade.md", &trade.replace("  - trade\n", "  - trade\n  - legal/rome.md\n"));
    let run = site.build();
    run.assert_ok();
    assert!(run.stderr.contains("content/legal/rome.md:5:38: warning: `ICC` may mean"), "{}", run.stderr);
    assert!(run.stderr.contains("more than one of their scopes covers this page"), "{}", run.stderr);
    assert!(
        content(&site.read("legal/index.html")).contains(r#"href="/glossary/icc/""#),
        "the section keeps its meaning"
    );
}

#[test]
fn sharing_a_form_needs_a_scope_or_sense_on_both_entries() {
    let site = TestSite::fixture("shared-forms");
    site.write(
        "content/glossary/icc.md",
        "---\ntitle: ICC\nexpansion: International Criminal Court\nsummary: S.\n---\n",
    );
    site.build().assert_error(&["content/glossary/icc.md:2:1: error: `ICC` is also a form of the term in"]);
    // A sense alone says the entry knows it shares the form: allowed, and
    // with no scope covering a page, every use there is undecided.
    site.write(
        "content/glossary/icc.md",
        "---\ntitle: ICC\nexpansion: International Criminal Court\nsense: law\nsummary: S.\n---\n",
    );
    let run = site.build();
    run.assert_ok();
    assert!(run.stderr.contains("content/legal/_index.md:6:5: warning: `ICC` may mean"), "{}", run.stderr);
    assert!(content(&site.read("trade/index.html")).contains(r#"href="/glossary/icc-trade/""#));
}

#[test]
fn a_scope_that_holds_no_page_is_an_error_at_its_line() {
    let site = TestSite::fixture("shared-forms");
    let icc = std::fs::read_to_string(site.path().join("content/glossary/icc.md")).unwrap();
    site.write("content/glossary/icc.md", &icc.replace("  - legal/\n", "  - legal/\n  - leagl/\n"));
    site.build().assert_error(&["content/glossary/icc.md:7:5: error: `scope` names `leagl/`, which holds no page"]);
}

/// The fields of one CSV record (RFC 4180: quoted fields, `""` for a quote).
fn csv_record(line: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted, mut chars) = (Vec::new(), String::new(), false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[test]
fn glossary_list_quotes_csv_and_writes_json_that_parses() {
    let site = TestSite::fixture("glossary");
    site.write(
        "content/glossary/rio-protocol.md",
        "---\ntitle: Protocol of Peace, \"Friendship\" and Boundaries\nsynonyms: [Rio Protocol]\nsummary: S.\n---\n",
    );
    site.write("content/more.md", "---\ntitle: More\nweight: 3\n---\n\nThe Rio Protocol of 1942.\n");
    let run = site.acta(&["glossary", "list", "--format", "csv"]);
    run.assert_ok();
    let row = run.stdout.lines().find(|l| l.starts_with("rio-protocol,")).expect("a row");
    assert_eq!(
        csv_record(row),
        ["rio-protocol", "Protocol of Peace, \"Friendship\" and Boundaries", "false", "1", "content/more.md"]
    );
    let run = site.acta(&["glossary", "list", "--format", "json", "--unused"]);
    run.assert_ok();
    let terms: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let slugs: Vec<&str> = terms.as_array().unwrap().iter().filter_map(|t| t["slug"].as_str()).collect();
    assert_eq!(slugs, ["organo-de-consulta"], "--unused leaves out the terms the text uses");
    let run = site.acta(&["glossary", "list", "--format", "json"]);
    let terms: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let rio = terms.as_array().unwrap().iter().find(|t| t["slug"] == "rio-protocol").unwrap();
    assert_eq!(rio["title"], "Protocol of Peace, \"Friendship\" and Boundaries");
    assert_eq!(rio["pages"][0]["url"], "/more/");
}

/// A site whose text defines its acronyms inline, against a glossary that
/// words one of them otherwise and lacks another.
fn defining_site() -> TestSite {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\nsearch = false\n");
    site.write(
        "content/glossary/cicad.md",
        "---\ntitle: CICAD\nexpansion: Inter-American Drug Abuse Control Commission\nsummary: S.\n---\n",
    );
    site.write(
        "content/glossary/oas.md",
        "---\ntitle: OAS\nexpansion: Organization of American States\nsummary: S.\n---\n",
    );
    site.write("content/a.md", "---\ntitle: A\nweight: 1\n---\n\nThe CICAD met.\n");
    site.write(
        "content/b.md",
        "---\ntitle: B\nweight: 2\n---\n\n\
         The Inter-American Drug Control Abuse Commission (CICAD) met the\n\
         Organization of the American States (OAS), the Organization of American States (OEA)\n\
         in Spanish, and the Inter-American Committee Against Terrorism (CICTE).\n",
    );
    site
}

#[test]
fn the_texts_own_wording_is_checked_against_the_entry() {
    let site = defining_site();
    let run = site.acta(&["check"]);
    run.assert_ok();
    let err = &run.stderr;
    assert!(
        err.contains(
            "content/b.md:6:50: warning: the text defines `CICAD` as `Inter-American Drug Control Abuse Commission`, \
             but its entry (content/glossary/cicad.md) says `Inter-American Drug Abuse Control Commission`"
        ),
        "{err}"
    );
    assert!(err.contains("add it to the entry's `synonyms`"), "{err}");
    // Articles, case and hyphens are no difference: "the American States" is fine.
    assert!(!err.contains("defines `OAS`"), "{err}");
    // The text's variant as a synonym settles it.
    site.write(
        "content/glossary/cicad.md",
        "---\ntitle: CICAD\nexpansion: Inter-American Drug Abuse Control Commission\nsynonyms: [Inter-American Drug Control Abuse Commission]\nsummary: S.\n---\n",
    );
    assert!(!site.acta(&["check"]).stderr.contains("defines `CICAD`"));
}

#[test]
fn an_acronym_used_before_the_text_defines_it_is_reported() {
    let site = defining_site();
    let run = site.acta(&["glossary", "check"]);
    run.assert_ok();
    assert!(
        run.stderr.contains(
            "content/b.md:6:50: warning: `CICAD` is defined here, but the text uses it before, at content/a.md:6:5"
        ),
        "{}",
        run.stderr
    );
    site.write("content/a.md", "---\ntitle: A\nweight: 1\n---\n\nNothing yet.\n");
    assert!(!site.acta(&["glossary", "check"]).stderr.contains("uses it before"));
}

#[test]
fn an_inline_definition_without_an_entry_gets_the_suggest_hint() {
    let site = defining_site();
    let run = site.acta(&["check"]);
    let err = &run.stderr;
    assert!(
        err.contains("content/b.md:8:65: warning: `CICTE` looks like an acronym and has no glossary entry"),
        "{err}"
    );
    assert!(
        err.contains("the text defines it as `Inter-American Committee Against Terrorism` (content/b.md:8): `acta glossary suggest --write` drafts its entry"),
        "{err}"
    );
    // A long form that is an entry's: the acronym belongs in its synonyms.
    assert!(err.contains("`OEA` looks like an acronym"), "{err}");
    assert!(err.contains("which is the term in content/glossary/oas.md: add `OEA` to its `synonyms`"), "{err}");
}
