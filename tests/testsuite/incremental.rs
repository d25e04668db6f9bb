//! Incremental rebuilds produce exactly what a full build does.

use std::collections::BTreeMap;
use std::path::PathBuf;

use acta::serve::{Change, Kind, State, rebuild};
use acta::site::{BuildOptions, Rendered, Site};

use crate::support::TestSite;

/// Every file but the search index, which incremental rebuilds keep from
/// the last full build by design (it costs more than the rest).
fn files(r: &Rendered) -> BTreeMap<String, Vec<u8>> {
    r.files.iter().filter(|f| !f.rel.starts_with("pagefind/")).map(|f| (f.rel.clone(), f.bytes.to_vec())).collect()
}

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

const PAGES: &[&str] = &["paper.md", "other.md", "_index.md", "glossary/oas.md", "glossary/tiar.md"];
const PIECES: &[&str] = &[
    "The OAS met again.",
    "The Rio Treaty was invoked.",
    "Human security matters.",
    "Plain words without terms.",
    "See [the Treaty](term:tiar).",
    "A [link home](@/_index.md).",
    "## A new heading",
];

#[test]
fn random_edits_give_the_same_site_as_a_full_build() {
    random_edits(None, 42);
}

/// With first uses counted over the whole document, an edit of one page
/// changes the expansions of the pages after it (issue 22).
#[test]
fn random_edits_with_document_first_uses_give_the_same_site_as_a_full_build() {
    for seed in [1, 7, 99] {
        random_edits(Some("title = \"G\"\n[glossary]\nignore = [\"PDF\"]\nexpand_first_use = \"document\"\n"), seed);
    }
}

/// 40 random edits, each rebuilt incrementally and compared with a full build.
fn random_edits(site_toml: Option<&str>, seed: u64) {
    let site = TestSite::fixture("glossary");
    if let Some(toml) = site_toml {
        site.write("site.toml", toml);
    }
    let opts = BuildOptions { root: site.path().to_path_buf(), ..BuildOptions::default() };
    let mut state = State::new(opts.clone());
    rebuild(&mut state, &[]).unwrap();
    let mut rng = Lcg(seed);
    let mut incremental = 0;
    for step in 0..40 {
        let page = PAGES[rng.next(PAGES.len())];
        let path = site.path().join("content").join(page);
        let mut text = std::fs::read_to_string(&path).unwrap();
        match rng.next(4) {
            // Mostly body edits; now and then a front-matter edit forces a full rebuild.
            0 if step % 5 == 0 => text = text.replacen("title: ", &format!("title: Step {step} "), 1),
            1 => {
                if let Some(cut) = text.rfind("\n\n").filter(|&c| c > text.find("\n---\n").unwrap_or(0) + 4) {
                    text.truncate(cut + 1);
                }
            }
            _ => text.push_str(&format!("\n{}\n", PIECES[rng.next(PIECES.len())])),
        }
        std::fs::write(&path, &text).unwrap();
        let change = Change { kind: Kind::Content, path: PathBuf::from("content").join(page) };
        let got = rebuild(&mut state, &[change]);
        let want = Site::load(&opts).and_then(|s| s.render());
        match (got, want) {
            (Ok(got), Ok(want)) => {
                incremental += usize::from(got.incremental);
                assert_eq!(files(&got.rendered).keys().collect::<Vec<_>>(), files(&want).keys().collect::<Vec<_>>());
                for (rel, bytes) in files(&want) {
                    assert!(
                        files(&got.rendered)[&rel] == bytes,
                        "step {step} ({page}): {rel} differs from a full build"
                    );
                }
            }
            (Err(got), Err(want)) => assert_eq!(got.0.sorted(), want.0.sorted(), "step {step}: other errors"),
            (got, want) => panic!("step {step}: incremental ok = {}, full ok = {}", got.is_ok(), want.is_ok()),
        }
    }
    assert!(incremental >= 15, "only {incremental} of 40 rebuilds were incremental");
}

#[test]
fn a_broken_edit_fails_and_its_fix_renders_incrementally() {
    let site = TestSite::fixture("glossary");
    let opts = BuildOptions { root: site.path().to_path_buf(), ..BuildOptions::default() };
    let mut state = State::new(opts.clone());
    rebuild(&mut state, &[]).unwrap();
    let change = || vec![Change { kind: Kind::Content, path: PathBuf::from("content/paper.md") }];
    let path = site.path().join("content/paper.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{good}\nA [broken](#nowhere) link.\n")).unwrap();
    let err = rebuild(&mut state, &change()).err().expect("a broken anchor fails the rebuild");
    assert!(err.0.iter().any(|d| d.message.contains("#nowhere")));
    std::fs::write(&path, format!("{good}\nThe OAS, fixed.\n")).unwrap();
    let built = rebuild(&mut state, &change()).unwrap();
    assert!(built.incremental);
    assert_eq!(files(&built.rendered), files(&Site::load(&opts).unwrap().render().unwrap()));
    // A front-matter edit is a full rebuild, and still the same site.
    std::fs::write(&path, good.replacen("title: The paper", "title: The renamed paper", 1)).unwrap();
    let built = rebuild(&mut state, &change()).unwrap();
    assert!(!built.incremental);
    assert_eq!(files(&built.rendered), files(&Site::load(&opts).unwrap().render().unwrap()));
}
