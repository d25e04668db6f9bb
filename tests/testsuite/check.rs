//! `acta check`: every problem at once, with its place, as text or JSON.

use crate::support::TestSite;

#[test]
fn reports_each_broken_thing_with_its_place() {
    let site = TestSite::fixture("broken");
    let run = site.acta(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let diagnostics: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("content/")).collect();
    assert_eq!(
        diagnostics,
        vec![
            "content/a.md:7:3: error: link to a missing page or file: `nope.md` (content/nope.md)",
            "content/a.md:7:33: error: link to a missing anchor `#second` on this page",
            "content/a.md:8:4: error: link to a missing anchor `#nothing` on content/_index.md",
            "content/a.md:8:46: error: `term:nosuch` names no glossary term",
            "content/a.md:9:3: error: link to a missing page or file: `missing.png` (content/missing.png)",
            // The link's own position, as for every other link error (the record;
            // before, check guessed it from the URL text: 9:51).
            "content/a.md:9:39: error: link to `/not/here/`, which is not in the built site",
            "content/a.md:11:4: error: the id `first` is used twice on this page",
            "content/glossary/oas.md:1:1: warning: this term is never used in the text",
        ],
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("7 errors, 1 warning"));
    assert!(!site.path().join("public").exists(), "check writes nothing");
}

#[test]
fn json_output_parses() {
    let site = TestSite::fixture("broken");
    let run = site.acta(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["errors"], 7);
    assert_eq!(report["warnings"], 1);
    let first = &report["diagnostics"][0];
    assert_eq!(first["path"], "content/a.md");
    assert_eq!(first["line"], 7);
    assert_eq!(first["column"], 3);
    assert_eq!(first["severity"], "error");
}

#[test]
fn a_clean_site_passes() {
    let site = TestSite::fixture("basic");
    let run = site.acta(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("No problems found."));
}

#[test]
fn build_and_check_report_the_same_broken_links_at_their_positions() {
    // Issue 16: `build` exited 0 on a root-relative link to a missing page
    // or image and on raw HTML `<a href="nope.md">`; only `check` found the
    // first two (at a guessed position) and nobody the third.
    let site = TestSite::minimal();
    site.write("content/there.md", "---\ntitle: There\n---\n");
    site.write(
        "content/a.md",
        "---\ntitle: A\n---\n\nSee [nothing](/guide/nothing/) and [there](/there/).\n\n![none](/img/none.png)\n\n<p>Raw: <a href=\"nope.md\">nope</a>, <a href=\"../there/\">ok</a></p>\n\n<div>\n  <img src=\"/missing.png\">\n</div>\n",
    );
    let expected = [
        ("content/a.md:5:5:", "link to `/guide/nothing/`, which is not in the built site"),
        ("content/a.md:7:1:", "link to `/img/none.png`, which is not in the built site"),
        ("content/a.md:9:18:", "link to `nope.md`, which is not in the built site"),
        ("content/a.md:12:13:", "link to `/missing.png`, which is not in the built site"),
    ];
    let build = site.build();
    for (at, message) in expected {
        build.assert_error(&[at, message]);
    }
    assert!(build.stderr.contains("4 errors"), "{}", build.stderr);
    let check = site.acta(&["check"]);
    for (at, message) in expected {
        check.assert_error(&[at, message]);
    }
    assert!(check.stderr.contains("4 errors"), "each link once: {}", check.stderr);
    assert!(!check.stderr.contains("there/"), "{}", check.stderr);
}
