//! `acta new DIR` makes a site that builds.

use crate::support::TestSite;

#[test]
fn new_site_builds() {
    let site = TestSite::minimal();
    let run = site.acta(&["new", "my-site"]);
    run.assert_ok();
    assert!(run.stdout.contains("Created a new site in my-site\n"), "{}", run.stdout);
    assert!(run.stdout.contains("acta serve --root my-site"), "the preview command is named: {}", run.stdout);
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

#[test]
fn new_on_a_file_says_it_is_a_file() {
    let site = TestSite::minimal();
    site.write("empty.txt", "");
    site.acta(&["new", "empty.txt"]).assert_error(&["empty.txt is a file, not a folder"]);
    assert_eq!(std::fs::read_to_string(site.path().join("empty.txt")).unwrap(), "", "the file is left alone");
}

#[test]
fn new_in_the_current_folder_names_it_and_says_how_to_preview() {
    let site = TestSite::minimal();
    std::fs::create_dir(site.path().join("blog")).unwrap();
    let run = acta_in(&site.path().join("blog"), &["new", "."]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(!stdout.contains(".."), "no path glued to a full stop: {stdout}");
    assert!(stdout.contains("Created a new site in the current folder (blog)."), "{stdout}");
    assert!(stdout.contains("Preview it with: acta serve\n"), "{stdout}");
    assert!(site.path().join("blog/site.toml").is_file());
}

#[test]
fn new_accepts_a_folder_with_only_hidden_entries() {
    let site = TestSite::minimal();
    site.write("repo/.git/HEAD", "ref: refs/heads/main\n");
    site.write("repo/.gitignore", "public/\n");
    site.acta(&["new", "repo"]).assert_ok();
    assert!(site.path().join("repo/site.toml").is_file());
    let ignore = std::fs::read_to_string(site.path().join("repo/.gitignore")).unwrap();
    assert_eq!(ignore, "public/\n", "hidden files are kept as they were");
    site.acta(&["build", "--root", "repo"]).assert_ok();
    // A visible file still makes the folder taken.
    site.write("other/.git/HEAD", "x");
    site.write("other/notes.md", "x");
    site.acta(&["new", "other"]).assert_error(&["not empty"]);
}

/// Runs acta in `dir` (TestSite::acta runs in the site's root).
fn acta_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_acta")).args(args).current_dir(dir).output().unwrap()
}
