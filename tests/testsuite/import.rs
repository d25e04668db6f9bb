//! `acta import`: a paper becomes pages; bad input gets a clear message.

use crate::support::{TestSite, fixtures};

fn paper() -> std::path::PathBuf {
    fixtures().join("import/security-institutions-americas-2002.txt")
}

#[test]
fn imports_the_paper_and_never_overwrites_without_force() {
    let site = TestSite::minimal();
    let paper = paper();
    let run = site.acta(&["import", paper.to_str().unwrap(), "--output", "imported"]);
    run.assert_ok();
    assert!(run.stdout.contains("wrote imported/_index.md"), "{}", run.stdout);
    assert!(run.stdout.contains("wrote imported/02-globalization-security/01-globalization-security.md"));
    std::fs::write(site.path().join("imported/01-abstract.md"), "edited by hand").unwrap();
    let again = site.acta(&["import", paper.to_str().unwrap(), "--output", "imported"]);
    again.assert_error(&["these files exist and would be overwritten"]);
    assert!(again.stderr.contains("imported/01-abstract.md") && again.stderr.contains("--force"));
    assert_eq!(std::fs::read_to_string(site.path().join("imported/01-abstract.md")).unwrap(), "edited by hand");
    site.acta(&["import", paper.to_str().unwrap(), "--output", "imported", "--force"]).assert_ok();
    assert_ne!(std::fs::read_to_string(site.path().join("imported/01-abstract.md")).unwrap(), "edited by hand");
}

#[test]
fn split_level_one_makes_a_page_per_top_level_section() {
    let site = TestSite::minimal();
    site.acta(&["import", paper().to_str().unwrap(), "--output", "one", "--split-level", "1"]).assert_ok();
    assert!(site.path().join("one/02-globalization-security.md").exists());
    assert!(!site.path().join("one/02-globalization-security").exists());
    assert_eq!(site.acta(&["import", "x.txt", "--split-level", "3"]).code, 2);
}

#[test]
fn other_layouts_import_and_build() {
    for fixture in ["coastal-flood-report.txt", "harbour-review.txt"] {
        let site = TestSite::minimal();
        std::fs::remove_file(site.path().join("content/_index.md")).unwrap();
        let path = fixtures().join("import").join(fixture);
        site.acta(&["import", path.to_str().unwrap()]).assert_ok();
        site.build().assert_ok();
        let home = site.read("index.html");
        assert!(home.contains("<h1>"), "{fixture}: {home}");
        for entry in walkdir::WalkDir::new(site.path().join("content")).into_iter().flatten() {
            if entry.file_type().is_file() {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                assert!(text.starts_with("---\n"), "{}", entry.path().display());
                assert!(
                    !text.contains("Page 2 of") && !text.contains("[Page 2]"),
                    "footer left in {}",
                    entry.path().display()
                );
            }
        }
    }
}

#[test]
fn bad_input_gets_a_clear_message() {
    let site = TestSite::minimal();
    site.write("empty.txt", "  \n\n");
    site.write_bytes("binary.txt", b"PK\x03\x04\x00\x00zip");
    site.write_bytes("latin1.txt", b"Caf\xe9 society\n");
    site.acta(&["import", "empty.txt"]).assert_error(&["empty.txt", "the file is empty"]);
    site.acta(&["import", "binary.txt"]).assert_error(&["binary.txt", "NUL byte at offset 4"]);
    site.acta(&["import", "latin1.txt"]).assert_error(&["latin1.txt", "offset 3"]);
    site.acta(&["import", "missing.txt"]).assert_error(&["missing.txt"]);
}

#[test]
fn a_text_without_headings_imports_as_one_page() {
    let site = TestSite::minimal();
    site.write("notes.txt", "Some notes\n\nA first paragraph of plain text.\n\nA second one.\n");
    let run = site.acta(&["import", "notes.txt", "--output", "notes"]);
    run.assert_ok();
    let files: Vec<_> = walkdir::WalkDir::new(site.path().join("notes"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .collect();
    assert_eq!(files.len(), 1, "{}", run.stdout);
    let home = std::fs::read_to_string(site.path().join("notes/_index.md")).unwrap();
    assert!(home.contains("A second one."), "{home}");
}

/// The importer's output for the paper, reviewed: any change shows up as a diff.
#[test]
fn paper_import_snapshot() {
    let bytes = std::fs::read(paper()).unwrap();
    let pages = acta::import::import_text(&bytes, &acta::import::ImportOptions::default()).unwrap();
    let mut all = String::new();
    for p in pages {
        all.push_str(&format!("==> {} <==\n{}\n", p.path.display(), p.contents));
    }
    insta::assert_snapshot!("paper-import", all);
}

/// Files and bytes the import of `text` writes.
fn imported_size(text: &str) -> (usize, u64) {
    let site = TestSite::minimal();
    std::fs::write(site.path().join("paper.txt"), text).unwrap();
    site.acta(&["import", "paper.txt", "--output", "out"]).assert_ok();
    let files: Vec<_> = walkdir::WalkDir::new(site.path().join("out"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .collect();
    (files.len(), files.iter().map(|e| e.metadata().unwrap().len()).sum())
}

#[test]
fn the_output_of_a_repeated_paper_grows_linearly() {
    // Guards the 200 MB import (86 s, 1.5 GB): each copy of the paper must
    // add the same pages, with no copy's text carried into the next and no
    // page path growing with the number of repeats. Sizes, not times. From
    // 4 copies on, the paper's headings repeat often enough to be running
    // heads, as in any long text; before that the heuristics still change.
    let paper = std::fs::read_to_string(paper()).unwrap();
    let sizes: Vec<(usize, u64)> = [4, 8, 16].iter().map(|&n| imported_size(&paper.repeat(n))).collect();
    let [(files_4, bytes_4), (files_8, bytes_8), (files_16, bytes_16)] = sizes[..] else { unreachable!() };
    assert!(files_8 > files_4, "{sizes:?}");
    assert_eq!(files_16 - files_8, 2 * (files_8 - files_4), "8 more copies add twice the pages of 4: {sizes:?}");
    let (step, grown) = (bytes_8 - bytes_4, bytes_16 - bytes_8);
    assert!(grown.abs_diff(2 * step) * 100 <= 2 * step, "8 more copies add twice the bytes of 4 (±1%): {sizes:?}");
}

/// A real document from `tests/fixtures/import/<name>/`, imported as `acta import` would.
fn import_fixture(name: &str, file: &str) -> (String, Vec<acta::import::ImportedPage>) {
    let path = fixtures().join("import").join(name).join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
    let opts = acta::import::ImportOptions { split_level: 2, fallback_title: stem };
    let pages = acta::import::import_text(text.as_bytes(), &opts).unwrap();
    (text, pages)
}

/// A page's Markdown body, without its front matter.
fn body(page: &acta::import::ImportedPage) -> &str {
    let rest = page.contents.strip_prefix("---\n").unwrap();
    rest.find("\n---\n").map_or("", |end| &rest[end + 5..])
}

/// Headings as (level, text), in reading order.
type Outline = Vec<(usize, String)>;
/// Fenced code blocks as (info string, text), in reading order.
type CodeBlocks = Vec<(String, String)>;

/// Headings and fenced code blocks of all pages, in order.
fn structure(pages: &[acta::import::ImportedPage]) -> (Outline, CodeBlocks) {
    let (mut headings, mut code) = (Vec::new(), Vec::new());
    for page in pages {
        let mut fence: Option<(String, String, String)> = None;
        for line in body(page).lines() {
            if let Some((ticks, info, text)) = fence.as_mut() {
                if line == ticks.as_str() {
                    code.push((std::mem::take(info), std::mem::take(text)));
                    fence = None;
                } else {
                    text.push_str(line);
                    text.push('\n');
                }
            } else if line.starts_with("```") {
                let ticks: String = line.chars().take_while(|&c| c == '`').collect();
                fence = Some((ticks.clone(), line[ticks.len()..].to_string(), String::new()));
            } else if line.starts_with('#') {
                let level = line.chars().take_while(|&c| c == '#').count();
                headings.push((level, line[level..].trim().to_string()));
            }
        }
        assert!(fence.is_none(), "unclosed fence in {}", page.path.display());
    }
    (headings, code)
}

/// Every word of the source appears in the pages' bodies, in the same order.
fn assert_every_word_kept(source: &str, pages: &[acta::import::ImportedPage]) {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
    };
    let out: Vec<String> = pages.iter().flat_map(|p| words(body(p))).collect();
    let mut at = 0;
    for (i, word) in words(source).iter().enumerate() {
        match out[at..].iter().position(|w| w == word) {
            Some(n) => at += n + 1,
            None => panic!("word {i} ({word:?}) lost or out of order"),
        }
    }
}

#[test]
fn python_license_keeps_its_setext_headings_table_and_capitals() {
    let (text, pages) = import_fixture("python-license", "LICENSE.txt");
    let (headings, code) = structure(&pages);
    let expected: Vec<(usize, String)> = [
        (2, "A. History of the Software"),
        (2, "B. Terms and Conditions for Accessing or Otherwise Using Python"),
        (2, "PSF License Agreement for Python 2.3"),
        (2, "BeOpen.com License Agreement for Python 2.0"),
        (3, "BeOpen Python Open Source License Agreement Version 1"),
        (2, "CNRI License Agreement for Python 1.6.1"),
        (3, "ACCEPT"),
        (2, "CWI License Agreement for Python 0.9.0 Through 1.2"),
    ]
    .iter()
    .map(|(l, t)| (*l, t.to_string()))
    .collect();
    assert_eq!(headings, expected);
    // The release table, header and body, is one block, its columns aligned as written
    // (the header's second line starts with two tabs, expanded to column 16).
    assert_eq!(code.len(), 1, "{code:?}");
    assert_eq!(code[0].0, "text");
    assert!(
        code[0].1.starts_with("Release         Derived     Year        Owner       GPL-\n                from "),
        "{}",
        code[0].1
    );
    assert!(code[0].1.contains("\n2.0             1.6         2000        BeOpen.com  no\n"), "{}", code[0].1);
    // Appendix-like parts A and B are pages of their own, B's licences below it.
    let paths: Vec<String> = pages.iter().map(|p| p.path.display().to_string()).collect();
    assert_eq!(paths.len(), 7, "{paths:?}");
    assert!(paths.contains(&"01-history-software.md".to_string()), "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with("/02-beopen-com-license-agreement-python.md")), "{paths:?}");
    assert!(!pages.iter().any(|p| p.contents.contains("Beopen")));
    assert_every_word_kept(&text, &pages);
}

#[test]
fn rfc_front_matter_headings_abnf_kept_and_contents_dropped() {
    let (text, pages) = import_fixture("rfc5234", "rfc5234-pages-1-5.txt");
    let (headings, code) = structure(&pages);
    let expected: Vec<(usize, String)> = [
        (2, "Status of This Memo"),
        (2, "Abstract"),
        (2, "1. Introduction"),
        (2, "2. Rule Definition"),
        (2, "2.1. Rule Naming"),
        (3, "Note"),
        (2, "2.2. Rule Form"),
        (2, "2.3. Terminal Values"),
        (3, "Note"),
    ]
    .iter()
    .map(|(l, t)| (*l, t.to_string()))
    .collect();
    assert_eq!(headings, expected);
    // Every ABNF example is its own fenced block, verbatim; the table of bases is text.
    let langs: Vec<&str> = code.iter().map(|(lang, _)| lang.as_str()).collect();
    assert_eq!(langs, ["abnf", "text", "abnf", "abnf", "abnf", "abnf", "abnf", "abnf", "abnf"]);
    assert_eq!(code[0].1, "name =  elements crlf\n");
    assert_eq!(code[1].1, "b           =  binary\n\nd           =  decimal\n\nx           =  hexadecimal\n");
    assert!(code.iter().any(|(_, t)| t == "rulename    =  %d97 %d98 %d99\n"), "{code:?}");
    // Front matter and numbered sections are pages in the order of the text.
    let paths: Vec<String> = pages.iter().map(|p| p.path.display().to_string()).collect();
    assert_eq!(
        paths,
        [
            "_index.md",
            "01-status-this-memo.md",
            "02-abstract.md",
            "03-introduction.md",
            "04-rule-definition/_index.md",
            "04-rule-definition/01-rule-naming.md",
            "04-rule-definition/02-rule-form.md",
            "04-rule-definition/03-terminal-values.md",
        ]
    );
    // The RFC's own table of contents is gone; every other word is kept, in order.
    let all: String = pages.iter().map(|p| p.contents.as_str()).collect();
    assert!(!all.contains(". . .") && !all.contains("Table of Contents"), "{all}");
    let body: Vec<&str> = text
        .lines()
        .filter(|l| !l.contains(". . .") && l.trim() != "Table of Contents")
        .filter(|l| !l.starts_with("Crocker & Overell") && !l.starts_with("RFC 5234 "))
        .collect();
    assert_every_word_kept(&body.join("\n"), &pages);
}

#[test]
fn a_markdown_file_is_refused_with_a_hint_never_escaped() {
    let path = fixtures().join("import/gitignore-readme/README.md");
    let site = TestSite::minimal();
    let run = site.acta(&["import", path.to_str().unwrap(), "--output", "md"]);
    run.assert_error(&["README.md", "already Markdown", "line 1"]);
    assert!(run.stderr.contains("hint: copy it into content/"), "{}", run.stderr);
    assert!(!site.path().join("md").exists(), "nothing is written");
    // Plain text with a lone `#` line is still imported.
    site.write("notes.txt", "Notes\n\n# not a heading, a shell comment\n\nA paragraph of text.\n");
    site.acta(&["import", "notes.txt", "--output", "notes"]).assert_ok();
}
