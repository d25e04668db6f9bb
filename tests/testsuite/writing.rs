//! Writing pages as authors coming from other generators do (issue 16):
//! TOML front matter, pages without front matter, unknown keys, the link
//! policy shared by `build` and `check`, and Zola and mdBook folders built
//! as they are.

use crate::support::TestSite;

/// How many times `needle` occurs in `haystack`.
fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn toml_front_matter_has_the_same_fields_as_yaml() {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\nfeed = true\n");
    site.write(
        "content/a.md",
        "+++\ntitle = \"Toml page\"\ndescription = \"Said in TOML\"\ndate = 2002-11-18\nweight = 1\naliases = [\"old/a\"]\n\n[extra]\nkey = \"v\"\n+++\n\nBody text.\n",
    );
    site.write("content/b.md", "+++\ntitle = \"Draft\"\ndraft = true\n+++\n");
    site.build().assert_ok();
    let page = site.read("a/index.html");
    assert!(page.contains("Toml page") && page.contains("Said in TOML") && page.contains("Body text."), "{page}");
    assert!(page.contains("2002-11-18"), "the TOML date reaches the page: {page}");
    assert!(site.read("atom.xml").contains("2002-11-18T00:00:00Z"));
    assert!(site.exists("old/a/index.html"), "aliases are read from TOML");
    assert!(!site.exists("b/index.html"), "a TOML draft is left out");
}

#[test]
fn toml_errors_point_at_the_files_line_and_column() {
    let site = TestSite::minimal();
    site.write("content/a.md", "+++\ntitle = \"A\"\nweight = [1\n+++\n");
    site.write("content/b.md", "+++\ntitle = \"B\"\n\nweight = \"heavy\"\n+++\n");
    site.write("content/c.md", "+++\ntitle = \"C\"\ndate = 2002-02-31\n+++\n");
    site.write("content/d.md", "+++\ntitle = \"D\"\n");
    let run = site.build();
    run.assert_error(&["content/a.md:3:", "invalid front matter"]);
    run.assert_error(&["content/b.md:4:10:", "`weight`", "expected i64"]);
    run.assert_error(&["content/c.md:3:8:", "invalid date"]);
    assert!(run.stderr.contains("hint: write dates as YYYY-MM-DD, e.g. `date = 2002-11-18`"), "{}", run.stderr);
    run.assert_error(&["content/d.md:1:1:", "never closed"]);
    assert!(run.stderr.contains("add a `+++` line"), "{}", run.stderr);
}

#[test]
fn a_page_without_front_matter_is_titled_by_its_first_heading_shown_once() {
    let site = TestSite::minimal();
    site.write("content/intro.md", "# Getting *started*\n\nFirst paragraph.\n\n## Next steps\n");
    site.write("content/guide/_index.md", "Text before any heading.\n\n## Later heading\n");
    site.write("content/release-notes.md", "Just text, and [a link](missing.md).\n");
    let run = site.build();
    // Line numbers are the file's own: the link is on line 1.
    run.assert_error(&["content/release-notes.md:1:", "missing"]);
    site.write("content/release-notes.md", "Just text.\n");
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("front matter"), "no warning unless asked: {}", run.stderr);
    let intro = site.read("intro/index.html");
    assert!(intro.contains("<title>Getting started"), "{intro}");
    assert_eq!(count(&intro, "<h1"), 1, "the opening heading is the title, once: {intro}");
    assert_eq!(count(&intro, "Getting started</h1>"), 1, "{intro}");
    assert!(intro.contains("First paragraph.") && intro.contains("Next steps"), "{intro}");
    let guide = site.read("guide/index.html");
    assert!(guide.contains("<title>Later heading"), "{guide}");
    assert!(guide.contains("Text before any heading."), "{guide}");
    assert!(site.read("release-notes/index.html").contains("<title>Release notes"));
}

#[test]
fn require_front_matter_warns_about_each_page_without_one() {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"T\"\n[content]\nrequire_front_matter = true\n");
    site.write("content/a.md", "# A\n");
    site.write("content/b.md", "---\ntitle: B\n---\n");
    let run = site.build();
    run.assert_ok();
    assert!(run.stderr.contains("content/a.md:1:1: warning: this page has no front matter"), "{}", run.stderr);
    assert_eq!(count(&run.stderr, "no front matter"), 1, "{}", run.stderr);
}

#[test]
fn unknown_keys_list_the_keys_of_that_kind_of_file() {
    let site = TestSite::fixture("glossary");
    site.write("content/a.md", "---\ntitle: A\ntitel: typo\n---\n");
    site.write("content/b.md", "+++\ntitle = \"B\"\ntags = [\"x\"]\n+++\n");
    site.write("content/s/_index.md", "---\ntitle: S\nsynonym: [x]\n---\n");
    site.write("content/glossary/t.md", "---\ntitle: T\nsummary: A term.\nsynonym: [x]\n---\n");
    let run = site.build();
    let line = |fragment: &str| run.stderr.lines().find(|l| l.contains(fragment)).unwrap_or_default().to_string();
    run.assert_error(&["content/a.md:3:1:", "unknown field `titel`", "the front matter of a page takes"]);
    let page = line("content/a.md:3:1:");
    assert!(page.contains("`title`") && page.contains("`slug`") && !page.contains("`synonyms`"), "{page}");
    assert!(
        run.stderr.contains("hint: did you mean `title`? Or put data of your own under `extra:`"),
        "{}",
        run.stderr
    );
    run.assert_error(&["content/b.md:3:1:", "unknown field `tags`"]);
    assert!(run.stderr.contains("hint: Put data of your own under `[extra]`"), "{}", run.stderr);
    let section = line("content/s/_index.md:3:1:");
    assert!(section.contains("a section (`_index.md`) takes") && !section.contains("`slug`"), "{section}");
    assert!(!section.contains("`synonyms`"), "{section}");
    let term = line("content/glossary/t.md:4:1:");
    assert!(term.contains("a glossary term takes") && term.contains("`synonyms`"), "{term}");
    assert!(run.stderr.contains("did you mean `synonyms`?"), "{}", run.stderr);
}

#[test]
fn a_link_to_a_draft_names_the_draft_in_build_and_check() {
    let site = TestSite::minimal();
    site.write("content/a.md", "---\ntitle: A\ndraft: true\n---\n");
    site.write("content/guide/_index.md", "+++\ntitle = \"Guide\"\ndraft = true\n+++\n");
    site.write("content/b.md", "---\ntitle: B\n---\n\n[a](a.md) and [guide](guide/) and [root](/a/).\n");
    for args in [&["build"][..], &["check"]] {
        let run = site.acta(args);
        run.assert_error(&["content/b.md:5:1:", "`a.md` is a draft: build with --drafts or unlink it"]);
        run.assert_error(&["content/b.md:5:15:", "`guide/_index.md` is a draft"]);
        run.assert_error(&["content/b.md:5:35:", "`a.md` is a draft"]);
        assert!(
            !run.stderr.contains("missing page") && !run.stderr.contains("not in the built site"),
            "{}",
            run.stderr
        );
    }
    site.acta(&["build", "--drafts"]).assert_ok();
    site.acta(&["check", "--drafts"]).assert_ok();
}

#[test]
fn warn_only_makes_broken_internal_links_warnings() {
    let site = TestSite::minimal();
    site.write("site.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\n[check]\nwarn_only = true\n");
    site.write("content/d.md", "---\ntitle: D\ndraft: true\n---\n");
    site.write(
        "content/a.md",
        "---\ntitle: A\n---\n\n[m](missing.md) [d](d.md) [r](/nothing/) [h](#nope) <a href=\"nope.md\">raw</a>\n",
    );
    for args in [&["build"][..], &["check"]] {
        let run = site.acta(args);
        run.assert_ok();
        for fragment in [
            "content/a.md:5:1: warning: link to a missing page or file",
            "content/a.md:5:17: warning: `d.md` is a draft",
            "content/a.md:5:27: warning: link to `/nothing/`, which is not in the built site",
            "content/a.md:5:42: warning: link to a missing anchor `#nope`",
            "content/a.md:5:62: warning: link to `nope.md`, which is not in the built site",
        ] {
            assert!(run.stderr.contains(fragment), "{args:?} lacks {fragment:?}:\n{}", run.stderr);
        }
        assert!(run.stderr.contains("0 errors, 5 warnings"), "{}", run.stderr);
    }
    // A URL that runs code is refused whatever the setting.
    site.write("content/a.md", "---\ntitle: A\n---\n\n[x](javascript:alert(1))\n");
    site.build().assert_error(&["content/a.md:5:1:", "error: a `javascript:` URL is not allowed"]);
    // Without the setting, the same links fail the build.
    site.write("site.toml", "title = \"T\"\n");
    site.write("content/a.md", "---\ntitle: A\n---\n\n[m](missing.md)\n");
    site.build().assert_error(&["content/a.md:5:1:", "error: link to a missing page or file"]);
}

#[test]
fn after_a_template_error_check_reports_it_alone() {
    let site = TestSite::fixture("template-error");
    let run = site.acta(&["check"]);
    run.assert_error(&["templates/page.html:4:", "template error", "autor", "and 2 others)"]);
    assert_eq!(count(&run.stderr, ": error: "), 1, "one error, not its consequences:\n{}", run.stderr);
    assert!(!run.stderr.contains("not in the built site"), "{}", run.stderr);
    let json = site.acta(&["check", "--format", "json"]);
    assert!(json.stdout.contains("\"errors\": 1,"), "{}", json.stdout);
    site.build().assert_error(&["templates/page.html:4:", "autor"]);
}

#[test]
fn a_zola_sites_content_builds_as_it_is() {
    let site = TestSite::fixture("zola-site");
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr.contains(
            "content/blog/_index.md:5:1: warning: `sort_by`, `paginate_by` ignored here: acta does not build Zola's pagination or sorting yet"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(count(&run.stderr, "warning:"), 1, "one warning for the site: {}", run.stderr);
    let first = site.read("blog/first-post/index.html");
    assert!(first.contains("<title>First post") && first.contains("Where the notes begin."), "{first}");
    assert!(first.contains("2024-03-01"), "{first}");
    assert!(first.contains("href=\"/blog/second-post/#what-changed\""), "`@/` links resolve: {first}");
    assert!(site.read("blog/second-post/index.html").contains("2024-03-08T09:30:00Z"));
    assert!(site.read("about/index.html").contains("<title>About"));
    // Zola's `[taxonomies]`, declared in site.toml as Zola's config declares them.
    assert!(first.contains(r#"<a rel="tag" href="/tags/water/">water</a>"#), "{first}");
    let water = site.read("tags/water/index.html");
    assert!(water.contains("/blog/first-post/") && water.contains("/blog/second-post/"), "{water}");
    assert!(site.read("categories/notes/index.html").contains("/blog/first-post/"));
    assert!(site.exists("tags/water/atom.xml"));
    assert!(!site.exists("blog/unfinished/index.html"), "drafts are left out");
    let blog = site.read("blog/index.html");
    let (one, two) = (blog.find("/blog/first-post/"), blog.find("/blog/second-post/"));
    assert!(one.is_some() && one < two, "weights order the section: {blog}");
    site.acta(&["check"]).assert_ok();
}

#[test]
fn an_mdbook_book_builds_in_its_summarys_order() {
    let site = TestSite::fixture("mdbook-book");
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    assert!(!site.exists("summary/index.html"), "SUMMARY.md is the table of contents, not a page");
    let intro = site.read("readme/index.html");
    assert!(intro.contains("<title>Introduction"), "{intro}");
    assert_eq!(count(&intro, "<h1"), 1, "{intro}");
    assert!(intro.contains("href=\"/manual/installing/\""), "{intro}");
    // Reading order is the summary's, not the titles' A–Z.
    let home = site.read("index.html");
    let at = |url: &str| home.find(&format!("href=\"/manual/{url}\"")).unwrap_or(usize::MAX);
    let order = ["readme/", "installing/", "chapter_1/", "chapter_1/daily_checks/", "chapter_1/maintenance/"];
    assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{home}");
    assert!(at("chapter_1/maintenance/") < at("troubleshooting/"), "{home}");
    let installing = site.read("installing/index.html");
    assert!(installing.contains("rel=\"prev\" href=\"/manual/readme/\""), "{installing}");
    assert!(installing.contains("rel=\"next\" href=\"/manual/chapter_1/\""), "{installing}");
    assert!(site.read("chapter_1/maintenance/index.html").contains("/manual/troubleshooting/#leaks"));
    site.acta(&["check"]).assert_ok();
}

#[test]
fn editing_a_books_page_rebuilds_only_that_page() {
    use acta::site::{BuildOptions, Site};
    let site = TestSite::fixture("mdbook-book");
    let opts = BuildOptions { root: site.path().to_path_buf(), ..BuildOptions::default() };
    let Ok(mut loaded) = Site::load(&opts) else { panic!("the book loads") };
    let path = site.path().join("content/installing.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\nOne more line.\n")).unwrap();
    // The page keeps the weight SUMMARY.md gave it, so only its body changed.
    let id = loaded.update_body("installing.md").unwrap();
    assert_eq!(id, loaded.library.by_rel("installing.md"));
    assert!(id.is_some());
    std::fs::write(&path, text.replacen("# Installing", "# Setting up", 1)).unwrap();
    assert_eq!(loaded.update_body("installing.md").unwrap(), None, "a new title is more than the body");
}

#[test]
fn the_writers_guide_names_every_front_matter_key_and_template() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = std::fs::read_to_string(root.join("docs/writing.md")).unwrap();
    for key in acta::content::keys::all() {
        assert!(guide.contains(&format!("`{key}`")), "docs/writing.md does not name the key `{key}`");
    }
    for entry in std::fs::read_dir(root.join("themes/default/templates")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(guide.contains(&format!("`{name}`")), "docs/writing.md does not name the template `{name}`");
    }
    assert!(guide.contains("## Shortcodes, figures and cross-references"));
}
