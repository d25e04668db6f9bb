//! axe-core finds nothing against WCAG 2.1 A and AA on any page type, in
//! light and dark mode, on a phone and a desktop, and with a tooltip open.
//!
//! axe-core comes from npm (`tests/browser/package.json`, pinned by its lock
//! file): `.ci/run` installs it, and so does the first test that needs it when
//! npm is on the machine.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use crate::browser::{announce_skip, in_ci};
use crate::harness::{BrowserTest, NARROW, WIDE};
use crate::site::{PAGE, PAGE_TYPES};

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// The source of `axe.min.js`, installing it with `npm ci` if need be.
fn axe_source() -> Result<&'static str, String> {
    static SOURCE: OnceLock<Result<String, String>> = OnceLock::new();
    SOURCE
        .get_or_init(|| {
            let file = folder().join("node_modules/axe-core/axe.min.js");
            if !file.is_file() {
                let npm = std::process::Command::new("npm")
                    .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                    .current_dir(folder())
                    .status();
                match npm {
                    Ok(status) if status.success() => {}
                    Ok(status) => return Err(format!("`npm ci` in tests/browser failed ({status})")),
                    Err(e) => return Err(format!("axe-core is not installed and npm cannot run ({e})")),
                }
            }
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))
        })
        .as_deref()
        .map_err(Clone::clone)
}

/// axe-core's source, or `None` (with the reason printed) where it cannot be
/// had; in CI that fails the test instead.
pub fn axe() -> Option<&'static str> {
    match axe_source() {
        Ok(axe) => Some(axe),
        Err(reason) if in_ci() => panic!("CI is set and {reason}"),
        Err(reason) => {
            announce_skip(&format!("axe-core: {reason}"));
            None
        }
    }
}

/// Runs axe on the current page; returns one line per violation and element.
pub fn violations(t: &BrowserTest, axe: &str, label: &str) -> Vec<String> {
    let loaded: bool = t.js(&format!("{axe}\n;return typeof axe === 'object'"));
    assert!(loaded, "axe-core did not load");
    let result = t
        .session()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {
               runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
               resultTypes: ['violations'],
             }).then(r => done(r.violations.map(v => ({
               id: v.id, help: v.help,
               nodes: v.nodes.map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' ')),
             })))).catch(e => done({ error: String(e) }))",
            vec![],
        )
        .unwrap_or_else(|e| panic!("{label}: {e}"));
    assert!(result.get("error").is_none(), "{label}: axe failed: {result}");
    let mut out = Vec::new();
    for v in result.as_array().into_iter().flatten() {
        for node in v["nodes"].as_array().into_iter().flatten().take(5) {
            out.push(format!(
                "{label}: {} ({}): {}",
                v["id"],
                v["help"].as_str().unwrap_or(""),
                node.as_str().unwrap_or("")
            ));
        }
    }
    out
}

#[test]
fn axe_finds_no_wcag_21_aa_violations_on_any_page_type_light_and_dark() {
    let Some(t) = BrowserTest::start() else { return };
    let Some(axe) = axe() else { return };
    t.session().set_script_timeout(120_000).unwrap();
    let mut found = Vec::new();
    for (scheme, dark) in [("light", false), ("dark", true)] {
        t.dark(dark);
        for (width, size) in [("1440", WIDE), ("360", NARROW)] {
            t.viewport(size);
            for page in PAGE_TYPES {
                t.load(page);
                found.extend(violations(&t, axe, &format!("{} {scheme} {width}", page.name)));
            }
            // With a tooltip open, its card is checked too.
            t.load(&PAGE);
            let _: Value = t.js("document.querySelector('.term-ref .term').focus(); return null");
            found.extend(violations(&t, axe, &format!("tooltip {scheme} {width}")));
        }
    }
    assert!(found.is_empty(), "axe-core violations:\n{}", found.join("\n"));
}
