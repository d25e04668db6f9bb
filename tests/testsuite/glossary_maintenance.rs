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
