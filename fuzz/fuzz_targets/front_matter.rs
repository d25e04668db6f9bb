//! Front matter: decoding the file's bytes, splitting `---` blocks and parsing
//! the YAML. Any input must give a page or a diagnostic, never a panic, and a
//! diagnostic must point at a line of the file.
#![no_main]

use std::path::Path;

use acta::content::discovery::decode;
use acta::content::front_matter::{parse, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("content/fuzz.md");
    let text = match decode(path, data.to_vec()) {
        Ok(text) => text,
        Err(d) => {
            assert!(d.line >= 1, "{d}");
            return;
        }
    };
    let lines = text.split('\n').count();
    if let Ok(s) = split(&text) {
        assert!(s.body_line >= 3 && s.body_line <= lines + 1, "{s:?}");
    }
    match parse(path, &text) {
        Ok((_, body, body_line)) => {
            assert!(text.ends_with(body));
            assert!(body_line <= lines + 1);
        }
        // A position past the end would send the author to a line that is not there.
        Err(d) => assert!(d.line >= 1 && d.line <= lines + 1, "line {} of {lines}: {d}", d.line),
    }
});
