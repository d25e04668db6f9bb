//! The output folder: replaced whole, never half-written, foreign files kept.

use crate::support::{TestSite, snapshot_tree};

#[test]
fn failed_build_leaves_previous_output_byte_identical() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    let before = snapshot_tree(&site.path().join("public"));
    site.write("content/guide/two.md", "---\ntitle: [broken\n---\n");
    site.build().assert_error(&["content/guide/two.md"]);
    assert_eq!(before, snapshot_tree(&site.path().join("public")));
}

#[test]
fn files_acta_did_not_write_are_kept() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    site.write("public/CNAME", "example.org\n");
    site.write("public/.git/HEAD", "ref: refs/heads/main\n");
    site.write("public/guide/notes.txt", "mine\n");
    // A page removed from the site disappears from the output…
    std::fs::remove_file(site.path().join("content/guide/two.md")).unwrap();
    site.write("content/guide/one.md", "---\ntitle: One\n---\n## Setting up\n\nNo links now.\n");
    site.build().assert_ok();
    assert!(!site.exists("guide/two/index.html"));
    // …and what the user put there stays.
    assert_eq!(site.read("CNAME"), "example.org\n");
    assert_eq!(site.read(".git/HEAD"), "ref: refs/heads/main\n");
    assert_eq!(site.read("guide/notes.txt"), "mine\n");
}

#[test]
fn refuses_a_non_empty_folder_it_did_not_create() {
    let site = TestSite::minimal();
    site.write("elsewhere/important.txt", "do not lose me");
    let run = site.acta(&["build", "--output", "elsewhere"]);
    run.assert_error(&["refusing to write into", "acta did not create it"]);
    assert!(run.stderr.contains("pass --force"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(site.path().join("elsewhere/important.txt")).unwrap(), "do not lose me");
    site.acta(&["build", "--output", "elsewhere", "--force"]).assert_ok();
    assert_eq!(std::fs::read_to_string(site.path().join("elsewhere/important.txt")).unwrap(), "do not lose me");
    assert!(site.path().join("elsewhere/index.html").exists());
}

#[test]
fn refuses_source_folders_and_the_root_as_output() {
    let site = TestSite::minimal();
    for bad in [".", "content", "content/sub", "themes", ".."] {
        site.acta(&["build", "--output", bad]).assert_error(&["refusing to write the site there"]);
    }
    assert!(site.path().join("content/_index.md").exists());
}

#[test]
fn a_file_in_the_way_is_a_conflict_not_an_overwrite() {
    let site = TestSite::minimal();
    site.build().assert_ok();
    site.write("public/page/index.html", "hand-written");
    site.write("content/page.md", "---\ntitle: Page\n---\n");
    site.build().assert_error(&["was not written by acta"]);
    assert_eq!(site.read("page/index.html"), "hand-written");
}
