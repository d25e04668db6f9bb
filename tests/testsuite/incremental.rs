//! Incremental rebuilds produce exactly what a full build does.

use std::collections::BTreeMap;
use std::path::PathBuf;

use acta::serve::{Change, Kind, State, rebuild, rebuild_showing_first};
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

/// Now and then an edit breaks a link, and the next one mends it: nothing
/// may be shown first from a build that fails.
const BROKEN: &str = "\nA [broken link](missing.md).\n";

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
    let mut last_good = Some(files(&rebuild(&mut state, &[]).unwrap().rendered));
    let mut rng = Lcg(seed);
    let (mut incremental, mut early) = (0, 0);
    for step in 0..40 {
        let page = PAGES[rng.next(PAGES.len())];
        let path = site.path().join("content").join(page);
        let mut text = std::fs::read_to_string(&path).unwrap();
        let mended = PAGES.iter().find(|p| {
            let path = site.path().join("content").join(p);
            std::fs::read_to_string(path).unwrap().contains(BROKEN)
        });
        if let Some(&broken) = mended {
            let path = site.path().join("content").join(broken);
            std::fs::write(&path, std::fs::read_to_string(&path).unwrap().replace(BROKEN, "")).unwrap();
            if broken == page {
                text = std::fs::read_to_string(&path).unwrap();
            }
        }
        match rng.next(4) {
            _ if step % 6 == 3 && mended.is_none() => text.push_str(BROKEN),
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
        let change = |page: &str| Change { kind: Kind::Content, path: PathBuf::from("content").join(page) };
        let mut changes = vec![change(page)];
        changes.extend(mended.filter(|&&m| m != page).map(|m| change(m)));
        // As serve does: the edited page first, checked against the site shown.
        let mut first = Vec::new();
        let shown = last_good.take();
        let is_file = |f: &str| shown.as_ref().is_some_and(|s| s.contains_key(f) || f.starts_with("pagefind/"));
        let got = rebuild_showing_first(
            &mut state,
            &changes,
            shown.as_ref().map(|_| &is_file as &dyn Fn(&str) -> bool),
            &mut |pages| first = pages,
        );
        let want = Site::load(&opts).and_then(|s| s.render());
        // What was shown first is already what the full build shows.
        if let Ok(want) = &want {
            for page in &first {
                assert!(
                    files(want).get(&page.rel) == Some(&page.bytes.to_vec()),
                    "step {step}: {} shown first differs",
                    page.rel
                );
            }
        } else {
            assert!(first.is_empty(), "step {step} ({page}): a page was shown first though the build fails");
        }
        early += usize::from(!first.is_empty());
        last_good = got.as_ref().ok().map(|got| files(&got.rendered));
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
    // Expanded once per document, a page depends on those before it: the
    // full rebuild decides, and nothing is shown first.
    if site_toml.is_none() {
        assert!(early >= 10, "only {early} of 40 edits showed the page first");
    } else {
        assert_eq!(early, 0, "a page was shown first though its expansions depend on others");
    }
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
