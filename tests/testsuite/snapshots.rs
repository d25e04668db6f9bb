//! Whole rendered output of each fixture site, kept as insta snapshots: a
//! change to anything acta writes for them is a diff to review (`cargo insta
//! review`, or `INSTA_UPDATE=always cargo test` and `git diff`), not a
//! substring that happens to survive. The search index (Pagefind's binary
//! fragments) and copied files are left out; every page, feed, sitemap and
//! data file is in.

use std::path::Path;

use crate::support::TestSite;

/// The text files a build wrote, sorted by path.
fn text_outputs(public: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(public)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(public).ok()?.to_string_lossy().replace('\\', "/");
            let text = ["html", "xml", "txt", "json"]
                .iter()
                .any(|ext| rel.ends_with(&format!(".{ext}")))
                .then(|| std::fs::read_to_string(e.path()).ok())??;
            // The theme's fonts/ holds copied licence texts, not output.
            (!rel.starts_with("pagefind/") && !rel.starts_with("fonts/")).then_some((rel, text))
        })
        .collect();
    files.sort();
    files
}

/// Builds fixture `name` and snapshots every text file it wrote, one
/// snapshot per file (`<fixture>@<path>`), so a diff names the page.
fn snapshot_fixture(name: &str) {
    let site = TestSite::fixture(name);
    site.build().assert_ok();
    let files = text_outputs(&site.path().join("public"));
    assert!(!files.is_empty(), "{name} wrote no text files");
    for (rel, text) in files {
        insta::assert_snapshot!(format!("{name}@{}", rel.replace('/', "__")), text);
    }
}

#[test]
fn basic_site() {
    snapshot_fixture("basic");
}

#[test]
fn glossary_site() {
    snapshot_fixture("glossary");
}

#[test]
fn markdown_features() {
    snapshot_fixture("markdown");
}

#[test]
fn writing_features() {
    snapshot_fixture("features");
}

#[test]
fn zola_site() {
    snapshot_fixture("zola-site");
}

#[test]
fn mdbook_book() {
    snapshot_fixture("mdbook-book");
}

#[test]
fn shared_forms_site() {
    snapshot_fixture("shared-forms");
}
