//! The importer: any bytes give pages or an error, never a panic, and every
//! page it writes is one acta can build (front matter that parses).
#![no_main]

use std::path::Path;

use acta::content::front_matter::parse;
use acta::import::{ImportOptions, import_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (level, text) = match data.split_first() {
        Some((b, rest)) => (1 + (b & 1), rest),
        None => (2, data),
    };
    let opts = ImportOptions { split_level: level, fallback_title: "Untitled".into() };
    let Ok(pages) = import_text(text, &opts) else { return };
    assert!(!pages.is_empty());
    let mut paths = std::collections::HashSet::new();
    for page in &pages {
        assert!(paths.insert(page.path.clone()), "two pages at {}", page.path.display());
        let rel = page.path.to_string_lossy();
        assert!(
            rel.ends_with(".md") && !rel.starts_with('/') && !rel.split('/').any(|c| c == ".." || c.is_empty()),
            "{rel}"
        );
        if let Err(d) = parse(Path::new(&*rel), &page.contents) {
            panic!("the importer wrote a page acta cannot read: {d}\n{}", page.contents);
        }
    }
});
