//! Bad input gets one clear message per problem, naming file and line, and exit 1.

use crate::support::TestSite;

#[test]
fn malformed_yaml_reports_the_files_line() {
    let site = TestSite::minimal();
    site.write("content/bad.md", "---\ntitle: Fine\ndescription: [unclosed\nweight: 2\n---\n");
    site.build().assert_error(&["content/bad.md:", "invalid front matter"]);
    let run = site.build();
    let line = run.stderr.lines().find(|l| l.contains("content/bad.md:")).unwrap();
    let n: usize = line.split(':').nth(1).unwrap().parse().unwrap();
    assert!((3..=5).contains(&n), "line {n} is not a line of the YAML block in the file: {line}");
}

#[test]
fn missing_title() {
    let site = TestSite::minimal();
    site.write("content/p.md", "---\nweight: 1\n---\n");
    site.build().assert_error(&["content/p.md:2:", "missing field `title`"]);
}

#[test]
fn front_matter_type_error_and_unknown_key() {
    let site = TestSite::minimal();
    site.write("content/a.md", "---\ntitle: A\nweight: heavy\n---\n");
    site.write("content/b.md", "---\ntitle: B\n\nauthr: me\n---\n");
    let run = site.build();
    run.assert_error(&["content/a.md:3:", "weight"]);
    run.assert_error(&["content/b.md:4:1:", "unknown field `authr`"]);
}

#[test]
fn unknown_site_toml_key() {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"T\"\nbase_ulr = \"/\"\n");
    site.build().assert_error(&["site.toml:2:1:", "unknown field `base_ulr`", "`base_url`"]);
}

#[test]
fn two_files_for_one_url() {
    let site = TestSite::minimal();
    site.write("content/a/b.md", "---\ntitle: B\n---\n");
    site.write("content/a/b/_index.md", "---\ntitle: B section\n---\n");
    site.build().assert_error(&["content/a/b.md", "content/a/b/_index.md", "/a/b/"]);
}

#[test]
fn broken_internal_link_and_anchor() {
    let site = TestSite::minimal();
    site.write(
        "content/a.md",
        "---\ntitle: A\n---\n\n## Here\n\nSee [b](b.md) and\n[here](#nowhere) and [home](_index.md#nope).\n",
    );
    let run = site.build();
    run.assert_error(&["content/a.md:7:5:", "missing page", "b.md"]);
    run.assert_error(&["content/a.md:8:1:", "missing anchor `#nowhere`"]);
    run.assert_error(&["content/a.md:8:", "missing anchor `#nope`", "content/_index.md"]);
    assert!(run.stderr.contains("3 errors"), "{}", run.stderr);
}

#[test]
fn javascript_urls_are_refused() {
    let site = TestSite::minimal();
    site.write("content/a.md", "---\ntitle: A\n---\n\n[click](javascript:alert(1))\n");
    site.build().assert_error(&["content/a.md:5:1:", "a `javascript:` URL is not allowed in a link"]);
}

#[test]
fn template_error_names_template_and_line() {
    let site = TestSite::minimal();
    site.write("templates/page.html", "line one\n{{ page.title }}\n{{ page.nonexistent_field }}\n");
    site.write("content/p.md", "---\ntitle: P\n---\n");
    site.build().assert_error(&["templates/page.html:3:", "nonexistent_field"]);
}

#[test]
fn template_syntax_error() {
    let site = TestSite::minimal();
    site.write("templates/page.html", "{% if %}\n");
    site.build().assert_error(&["templates/page.html:1:"]);
}

#[test]
fn invalid_utf8_in_a_page() {
    let site = TestSite::minimal();
    site.write_bytes("content/latin1.md", b"---\ntitle: A\n---\n\nCaf\xe9\n");
    site.build().assert_error(&["content/latin1.md:5:4:", "not valid UTF-8"]);
}

#[test]
fn every_problem_is_reported_at_once() {
    let site = TestSite::minimal();
    site.write("content/a.md", "---\ntitle: [\n---\n");
    site.write("content/b.md", "---\ntitle: B\nweigth: 1\n---\n");
    site.write("content/c.md", "---\ntitle: C\n---\n[x](missing.md)\n");
    let run = site.build();
    run.assert_error(&["content/a.md"]);
    run.assert_error(&["content/b.md:3:1:", "unknown field `weigth`"]);
    assert!(!run.stderr.contains("content/c.md"), "c.md is only checked once the pages load: {}", run.stderr);
}

#[test]
fn no_site_toml_is_a_clear_error() {
    let site = TestSite::minimal();
    std::fs::remove_file(site.path().join("site.toml")).unwrap();
    site.build().assert_error(&["site.toml", "cannot read the site configuration"]);
}

#[test]
fn usage_error_exits_2() {
    let site = TestSite::minimal();
    assert_eq!(site.acta(&["build", "--no-such-flag"]).code, 2);
}
