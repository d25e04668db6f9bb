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
            "content/a.md:9:51: error: link to `/not/here/`, which is not in the built site",
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
