//! Hostile input: whatever an author types, or whatever a disk hands back,
//! acta answers with an exact error (file, line, message, exit 1) and leaves
//! the previous output byte for byte as it was, or builds, without panicking,
//! overflowing its stack or taking time out of proportion to the input.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Run, TestSite, snapshot_tree};

/// A minimal site built once, so a failing build has an output to spare.
fn built_site() -> TestSite {
    let site = TestSite::minimal();
    site.write("content/ok.md", "---\ntitle: Fine\n---\n\nA page that builds.\n");
    site.build().assert_ok();
    site
}

/// Writes `rel`, builds, and checks the build fails with a line holding every
/// fragment while `public/` stays exactly as the last good build left it.
#[track_caller]
fn fails_cleanly(site: &TestSite, rel: &str, bytes: &[u8], fragments: &[&str]) -> Run {
    let before = snapshot_tree(&site.path().join("public"));
    site.write_bytes(rel, bytes);
    let run = site.build();
    run.assert_error(fragments);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(before, snapshot_tree(&site.path().join("public")), "the failed build changed public/");
    std::fs::remove_file(site.path().join(rel)).unwrap();
    run
}

/// Runs `acta ARGS` in `dir`, killing it after `limit`: a guard against
/// run-away time, generous enough for a debug build on a busy machine.
fn acta_within(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_acta"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("acta {args:?} ran longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn page(body: &str) -> String {
    format!("---\ntitle: Hostile\n---\n\n{body}\n")
}

#[test]
fn malformed_yaml_is_reported_at_the_files_line() {
    let site = built_site();
    let cases: &[(&str, &[&str])] = &[
        // A mapping indented under a scalar, on the fifth line of the file.
        ("---\ntitle: A\nextra:\n  a: 1\n   b: 2\n---\n", &["content/t.md:5:5:", "mapping values are not allowed"]),
        // A tab where YAML wants spaces, on line 4.
        ("---\ntitle: A\nextra:\n\tb: 2\n---\n", &["content/t.md:4:1:", "cannot start any token"]),
        // A wrong type after three blank lines: line 6, column 9 (the value).
        ("---\ntitle: A\n\n\n\nweight: [1, 2]\n---\n", &["content/t.md:6:9:", "weight: invalid type: sequence"]),
        // A quote never closed: the YAML ends at the closing `---`, line 5.
        ("---\ntitle: A\ndescription: \"open\nweight: 2\n---\n", &["content/t.md:5:1:", "unexpected end of stream"]),
        ("---\ntitle: A\ntitle: B\n---\n", &["content/t.md:2:1:", "duplicate field `title`"]),
        ("---\ntitle: A\nextra: {a: 1, a: 2}\n---\n", &["content/t.md:3:8:", "duplicate entry with key \"a\""]),
        ("---\ntitle: A\n%YAML 1.2\n---\n", &["content/t.md:2:1:", "more than one document"]),
    ];
    for (text, fragments) in cases {
        let run = fails_cleanly(&site, "content/t.md", text.as_bytes(), fragments);
        assert!(run.stderr.contains("hint:"), "{}", run.stderr);
        // serde_yaml's own "at line N column M" counts from the YAML block: never shown.
        assert!(!run.stderr.contains(" at line "), "{}", run.stderr);
    }
}

#[test]
fn impossible_dates_are_errors_at_the_value() {
    let site = built_site();
    let cases: &[(&str, &[&str])] = &[
        (
            "---\ntitle: A\n\ndate: 2002-02-31\n---\n",
            &["content/t.md:4:7: error: `date` \"2002-02-31\" is not a date: February 2002 has 28 days"],
        ),
        (
            "---\ntitle: A\ndate: \"2002-04-31\"\n---\n",
            &["content/t.md:3:7: error: `date` \"2002-04-31\" is not a date: April 2002 has 30 days"],
        ),
        ("---\ntitle: A\ndate: 2002-13-01\n---\n", &["content/t.md:3:7:", "there is no month 13"]),
        ("---\ntitle: A\ndate: 18/11/2002\n---\n", &["content/t.md:3:7:", "the form is YYYY-MM-DD"]),
    ];
    for (text, fragments) in cases {
        let run = fails_cleanly(&site, "content/t.md", text.as_bytes(), fragments);
        assert!(run.stderr.contains("hint: write dates as YYYY-MM-DD"), "{}", run.stderr);
    }
    // A leap day is a date.
    site.write("content/leap.md", "---\ntitle: Leap\ndate: 2004-02-29\n---\n");
    site.build().assert_ok();
}

#[test]
fn unclosed_front_matter() {
    let site = built_site();
    fails_cleanly(
        &site,
        "content/t.md",
        b"---\ntitle: A\n\nThe body, and no closing line.\n",
        &["content/t.md:1:1:", "error: the front matter that starts here is never closed"],
    );
}

#[test]
fn bom_and_crlf_keep_line_numbers() {
    let site = built_site();
    // A BOM and CRLF line ends (Windows Notepad): the page builds…
    site.write_bytes("content/win.md", b"\xef\xbb\xbf---\r\ntitle: Windows\r\n---\r\n\r\nSaved on *Windows*.\r\n");
    site.build().assert_ok();
    let html = site.read("win/index.html");
    assert!(html.contains("<h1>Windows</h1>") && html.contains("Saved on <em>Windows</em>."), "{html}");
    assert!(!html.contains('\u{feff}') && !html.contains('\r'));
    // …and errors point at the line the editor shows, front matter or body.
    fails_cleanly(
        &site,
        "content/t.md",
        b"\xef\xbb\xbf---\r\ntitle: A\r\nweight: x\r\n---\r\n",
        &["content/t.md:3:9:", "weight: invalid type: string \"x\""],
    );
    fails_cleanly(
        &site,
        "content/t.md",
        b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\n\r\n\r\nSee [this](missing.md).\r\n",
        &["content/t.md:6:5:", "link to a missing page or file: `missing.md`"],
    );
}

#[test]
fn nul_byte_in_a_page_is_an_error_at_its_place() {
    let site = built_site();
    fails_cleanly(
        &site,
        "content/t.md",
        b"---\ntitle: A\n---\n\nhello\0world\n",
        &["content/t.md:5:6:", "error: the file holds a NUL byte"],
    );
    fails_cleanly(&site, "content/t.md", b"---\ntitle: A\0\n---\n", &["content/t.md:2:9:", "NUL byte"]);
}

#[test]
fn invalid_utf8_names_line_and_column() {
    let site = built_site();
    fails_cleanly(
        &site,
        "content/t.md",
        b"---\ntitle: A\n---\n\nna\xefve\n",
        &["content/t.md:5:3:", "error: the file is not valid UTF-8 (byte offset 20)"],
    );
    // UTF-16, as some Windows editors save, is not UTF-8 either.
    fails_cleanly(&site, "content/t.md", b"\xff\xfe-\0-\0-\0", &["content/t.md:1:1:", "not valid UTF-8"]);
}

#[test]
fn a_fifty_megabyte_page_builds() {
    let site = TestSite::minimal();
    let paragraph = "The renewal of *security institutions* in the Americas, with `code`, a [link](#top) and \
                     words enough to fill a long line of prose, again and again.\n\n";
    let mut body = String::with_capacity(50_000_100);
    body.push_str("---\ntitle: Big\n---\n\n## Top {#top}\n\n");
    while body.len() < 50_000_000 {
        body.push_str(paragraph);
    }
    site.write("content/big.md", &body);
    drop(body);
    let run = acta_within(site.path(), &["build"], Duration::from_secs(600));
    run.assert_ok();
    let html = std::fs::metadata(site.path().join("public/big/index.html")).unwrap();
    assert!(html.len() > 50_000_000, "{} bytes", html.len());
}

#[test]
fn nesting_ten_thousand_deep_does_not_overflow_the_stack() {
    let site = TestSite::minimal();
    let deep = 10_000;
    site.write("content/quotes.md", &page(&format!("{}deep", "> ".repeat(deep))));
    site.write("content/bullets.md", &page(&format!("{}deep", "- ".repeat(deep))));
    site.write("content/numbers.md", &page(&format!("{}deep", "1. ".repeat(deep))));
    site.write("content/mixed.md", &page(&format!("{}deep", "> * 1. ".repeat(deep / 3))));
    // One level per line, each indented under the last.
    let lines: String = (0..2_000).map(|i| format!("{}- level {i}\n", "  ".repeat(i))).collect();
    site.write("content/lines.md", &page(&lines));
    site.write("content/emphasis.md", &page(&format!("{}x{}", "*a ".repeat(deep), " b*".repeat(deep))));
    site.write(
        "content/brackets.md",
        &page(&format!("{}x{}", "[".repeat(deep), "](https://example.org/)".repeat(deep))),
    );
    let run = acta_within(site.path(), &["build"], Duration::from_secs(300));
    run.assert_ok();
    assert!(site.read("quotes/index.html").matches("<blockquote>").count() >= 1000);
    assert!(site.read("bullets/index.html").matches("<ul>").count() >= 1000);
}

#[test]
fn pathological_inline_markup_stays_linear() {
    // Patterns that make naive Markdown parsers quadratic or worse; each
    // file is 400–500 KB, so a quadratic pass would not finish in the limit.
    let site = TestSite::minimal();
    site.write("content/links.md", &page(&"[ (](".repeat(100_000)));
    site.write("content/stars.md", &page(&"a***".repeat(100_000)));
    site.write("content/mixed.md", &page(&"*a**".repeat(100_000)));
    site.write("content/refs.md", &page(&"[a]".repeat(100_000)));
    site.write("content/notes.md", &page(&"[^a]".repeat(100_000)));
    site.write("content/ticks.md", &page(&"`a``".repeat(100_000)));
    site.write("content/html.md", &page(&"<a ".repeat(100_000)));
    // GFM autolinks (issue 16): domains that read to the end of the run,
    // and closing parentheses trimmed one by one.
    site.write("content/www.md", &page(&"www._".repeat(100_000)));
    site.write("content/parens.md", &page(&format!("www.a.org/{}", ")".repeat(400_000))));
    let run = acta_within(site.path(), &["build"], Duration::from_secs(240));
    run.assert_ok();
}

#[test]
fn many_headings_with_one_text_stay_linear() {
    // Ids were found by counting `a-1`, `a-2`… from 1 for every heading:
    // 20,000 headings "a" took minutes.
    let site = TestSite::minimal();
    site.write("content/a.md", &page(&"## a\n\n".repeat(20_000)));
    site.write("content/b.md", &page(&"b\n---\n\n".repeat(20_000)));
    let run = acta_within(site.path(), &["build"], Duration::from_secs(120));
    run.assert_ok();
    let html = site.read("a/index.html");
    assert!(html.contains("<h2 id=\"a\">") && html.contains("<h2 id=\"a-19999\">"));
}

#[test]
fn yaml_alias_bomb_is_refused_quickly() {
    let site = built_site();
    let mut yaml = String::from(
        "---\ntitle: Bomb\nextra:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        yaml.push_str(&format!("  {}: &{} [{refs}]\n", pair[1], pair[1]));
    }
    yaml.push_str("---\n\nBoom.\n");
    let before = snapshot_tree(&site.path().join("public"));
    site.write("content/bomb.md", &yaml);
    let run = acta_within(site.path(), &["build"], Duration::from_secs(60));
    run.assert_error(&["content/bomb.md:2:1:", "invalid front matter: repetition limit exceeded"]);
    assert_eq!(before, snapshot_tree(&site.path().join("public")));
}

#[test]
fn template_error_at_runtime() {
    let site = built_site();
    site.write("templates/wide.html", "<html>\n{{ page.title }}\n{{ page.extra.missing }}\n</html>\n");
    fails_cleanly(
        &site,
        "content/t.md",
        b"---\ntitle: A\ntemplate: wide.html\n---\n",
        &["templates/wide.html:3:", "template error", "(rendering content/t.md)"],
    );
}

#[test]
fn missing_template() {
    let site = built_site();
    fails_cleanly(
        &site,
        "content/t.md",
        b"---\ntitle: A\ntemplate: nowhere.html\n---\n",
        &["templates/nowhere.html", "the template `nowhere.html` does not exist", "(rendering content/t.md)"],
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_skipped_with_a_warning() {
    use std::os::unix::fs::symlink;
    let site = TestSite::minimal();
    std::fs::create_dir_all(site.path().join("content/a")).unwrap();
    symlink("..", site.path().join("content/a/up")).unwrap();
    symlink("self.md", site.path().join("content/self.md")).unwrap();
    symlink("b.md", site.path().join("content/c.md")).unwrap();
    symlink("c.md", site.path().join("content/b.md")).unwrap();
    let run = acta_within(site.path(), &["build"], Duration::from_secs(60));
    run.assert_ok();
    for link in ["content/a/up", "content/self.md", "content/b.md", "content/c.md"] {
        assert!(run.stderr.contains(&format!("{link}: warning: symbolic link skipped")), "{link}: {}", run.stderr);
    }
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_not_followed() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let secret = "SECRET-7f3a9c outside the site";
    std::fs::write(outside.path().join("secret.md"), format!("---\ntitle: {secret}\n---\n{secret}\n")).unwrap();
    std::fs::write(outside.path().join("secret.txt"), secret).unwrap();
    let site = TestSite::minimal();
    symlink(outside.path().join("secret.md"), site.path().join("content/page.md")).unwrap();
    symlink(outside.path().join("secret.txt"), site.path().join("content/file.txt")).unwrap();
    symlink(outside.path(), site.path().join("content/dir")).unwrap();
    let run = site.build();
    run.assert_ok();
    assert!(run.stderr.contains("content/page.md: warning: symbolic link skipped"), "{}", run.stderr);
    for (path, bytes) in snapshot_tree(&site.path().join("public")) {
        assert!(!String::from_utf8_lossy(&bytes).contains("SECRET-7f3a9c"), "{path} has the linked file's content");
        assert!(!path.contains("secret"), "{path} was copied through a link");
    }
}

#[cfg(unix)]
#[test]
fn unreadable_page_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let site = built_site();
    site.write("content/locked.md", "---\ntitle: Locked\n---\n");
    let path = site.path().join("content/locked.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let before = snapshot_tree(&site.path().join("public"));
    let run = if std::fs::read(&path).is_err() {
        site.build()
    } else if let Some(run) = build_as_nobody(site.path()) {
        run
    } else {
        // root (CAP_DAC_OVERRIDE) reads a file whatever its mode.
        eprintln!(
            "skipped unreadable_page_is_an_error: running as root makes a chmod 000 file readable, and setpriv is missing"
        );
        return;
    };
    run.assert_error(&["content/locked.md: error: cannot read the file: Permission denied"]);
    assert_eq!(before, snapshot_tree(&site.path().join("public")));
}

/// As root, runs `acta build` as `nobody` (with util-linux `setpriv`), for
/// whom a file of mode 000 is unreadable; the rest of the site is opened to all.
#[cfg(unix)]
fn build_as_nobody(dir: &Path) -> Option<Run> {
    use std::os::unix::fs::PermissionsExt;
    let as_nobody = || {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", env!("CARGO_BIN_EXE_acta")]);
        c
    };
    // Without setpriv, or where nobody may not run the binary (a checkout
    // under /root), there is no one to test with.
    as_nobody().arg("--version").output().ok().filter(|o| o.status.success())?;
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let mode = entry.metadata().unwrap().permissions().mode();
        let open = if entry.file_type().is_dir() {
            0o755
        } else if mode & 0o777 == 0 {
            0
        } else {
            0o644
        };
        std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(open)).unwrap();
    }
    let out = as_nobody().arg("build").current_dir(dir).output().unwrap();
    Some(Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

#[test]
fn two_pages_with_one_url() {
    let site = built_site();
    site.write("content/a/b.md", "---\ntitle: B\n---\n");
    fails_cleanly(
        &site,
        "content/a/b/_index.md",
        b"---\ntitle: B section\n---\n",
        &["content/a/b/_index.md: error: content/a/b.md and content/a/b/_index.md both make the page /a/b/"],
    );
}

#[test]
fn a_synonym_claimed_by_two_terms() {
    let site = built_site();
    site.write("content/glossary/_index.md", "---\ntitle: Glossary\n---\n");
    site.write(
        "content/glossary/oas.md",
        "---\ntitle: OAS\nexpansion: Organization of American States\nsummary: The body.\n---\n",
    );
    fails_cleanly(
        &site,
        "content/glossary/oea.md",
        b"---\ntitle: OEA\nsummary: The body, in Spanish.\nsynonyms:\n  - Rio Group\n  - Organization of American States\n---\n",
        &["content/glossary/oea.md:6:1:", "`Organization of American States` is also a form of the term in content/glossary/oas.md"],
    );
}

#[test]
fn sections_nested_too_deep_are_one_error_on_the_deepest_page() {
    // Sixteen levels build, and the deepest page's navigation lists them all.
    let site = built_site();
    let mut dir = String::from("content");
    for level in 1..=15 {
        dir.push_str(&format!("/l{level}"));
        site.write(&format!("{dir}/_index.md"), &format!("---\ntitle: Level {level}\n---\n"));
    }
    site.write(&format!("{dir}/leaf.md"), "---\ntitle: Leaf\n---\n\nAt the bottom.\n");
    site.build().assert_ok();
    let leaf_url = format!("{}/leaf/", dir.trim_start_matches("content/"));
    let html = site.read(&format!("{leaf_url}index.html"));
    assert!(html.contains("aria-current=\"page\">Leaf</a>") && html.contains(">Level 15</a>"), "{html}");

    // Deeper, Tera's components would give up with an error naming no file:
    // one error names the deepest page instead.
    for level in 16..=20 {
        dir.push_str(&format!("/l{level}"));
        site.write(&format!("{dir}/_index.md"), &format!("---\ntitle: Level {level}\n---\n"));
    }
    let deepest = format!("{dir}/leaf.md");
    let run = fails_cleanly(
        &site,
        &deepest,
        b"---\ntitle: Deepest leaf\n---\n",
        &[&format!(
            "{deepest}: error: this page is 21 levels below the home page (4 other pages are too deep too); \
             the navigation allows at most 16"
        )],
    );
    assert!(run.stderr.contains("1 error,"), "{}", run.stderr);
    assert!(!run.stderr.contains("template error"), "{}", run.stderr);
}
