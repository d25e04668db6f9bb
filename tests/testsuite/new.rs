//! `acta new DIR` makes a site that builds.

use crate::support::TestSite;

#[test]
fn new_site_builds() {
    let site = TestSite::minimal();
    let run = site.acta(&["new", "my-site"]);
    run.assert_ok();
    assert!(run.stdout.contains("Created a new site in my-site"), "{}", run.stdout);
    site.acta(&["build", "--root", "my-site"]).assert_ok();
    let home = std::fs::read_to_string(site.path().join("my-site/public/index.html")).unwrap();
    assert!(home.contains("<h1>My Site</h1>"), "{home}");
    let chapter = std::fs::read_to_string(site.path().join("my-site/public/chapter-1/index.html")).unwrap();
    assert!(chapter.contains("hl-rust"));
}

#[test]
fn new_refuses_a_non_empty_folder() {
    let site = TestSite::minimal();
    site.write("taken/file.txt", "x");
    site.acta(&["new", "taken"]).assert_error(&["not empty"]);
}
