//! `acta new DIR` makes a site that builds.

use crate::support::TestSite;

#[test]
fn new_site_builds() {
    let site = TestSite::minimal();
    let run = site.acta(&["new", "my-site"]);
    run.assert_ok();
    // Where it is, then how to preview it (first: that is what a newcomer
    // wants) and build it, as commands that run as shown.
    assert_eq!(
        run.stdout,
        "Created a new site in my-site\nPreview it with: acta serve --root my-site\nBuild it with:   acta build --root my-site\n"
    );
    site.acta(&["build", "--root", "my-site"]).assert_ok();
    let home = std::fs::read_to_string(site.path().join("my-site/public/index.html")).unwrap();
    assert!(home.contains("<h1>My Site</h1>"), "{home}");
    let chapter = std::fs::read_to_string(site.path().join("my-site/public/chapter-1/index.html")).unwrap();
    assert!(chapter.contains("hl-rust"));
}

/// Issue 17: the starter shows a glossary term at work on its first page:
/// the chapter links the term (with its tooltip), the term's page lists the
/// chapter, and `acta check` finds nothing to say.
#[test]
fn the_starter_site_has_a_term_its_chapter_uses_and_checks_clean() {
    let site = TestSite::minimal();
    site.acta(&["new", "my-site"]).assert_ok();
    let check = site.acta(&["check", "--root", "my-site", "--format", "json"]);
    check.assert_ok();
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!((report["errors"].as_u64(), report["warnings"].as_u64()), (Some(0), Some(0)), "{}", check.stdout);
    site.acta(&["build", "--root", "my-site"]).assert_ok();
    let read = |rel: &str| std::fs::read_to_string(site.path().join("my-site/public").join(rel)).unwrap();
    let chapter = read("chapter-1/index.html");
    assert!(
        chapter.contains(r#"<a class="term" href="/glossary/front-matter/" id="g-front-matter-1""#),
        "the chapter does not link the term: {chapter}"
    );
    assert!(chapter.contains(r#"<span class="term-tip" role="tooltip""#), "no tooltip: {chapter}");
    let term = read("glossary/front-matter/index.html");
    assert!(term.contains(r#"href="/chapter-1/#g-front-matter-1""#), "the term page does not list the chapter: {term}");
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
