//! Every page type loads cleanly and fits a phone's width.

use crate::harness::{BrowserTest, NARROW, WIDE};
use crate::site::{PAGE, PAGE_TYPES};

#[test]
fn every_page_type_loads_without_console_errors_or_failed_requests() {
    let Some(t) = BrowserTest::start() else { return };
    let mut problems = Vec::new();
    for size in [WIDE, NARROW] {
        t.viewport(size);
        for page in PAGE_TYPES {
            problems.extend(t.open(page));
            // What the page refers to, fetched or not (a feed, the canonical URL).
            let urls: Vec<String> = t.js("return [...document.querySelectorAll('link[href], script[src], img[src]')]
                   .map(e => e.href || e.src)
                   .filter(u => u.startsWith(location.origin))
                   .map(u => new URL(u).pathname)");
            assert!(urls.iter().any(|u| u.ends_with("acta.css")), "{}: no stylesheet", page.name);
            for url in urls {
                let status = t.site.server.status_of(&url);
                if status != 200 {
                    problems.push(format!("{}: {url} answers {status}", page.name));
                }
            }
            // Scripts ran to the end: the theme's script marks the page.
            let js: bool = t.js("return document.documentElement.classList.contains('js')");
            assert!(js, "{}: acta.js did not run", page.name);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn at_360_px_no_page_type_scrolls_sideways() {
    let Some(t) = BrowserTest::start() else { return };
    t.viewport(NARROW);
    let mut wide = Vec::new();
    for page in PAGE_TYPES {
        t.load(page);
        let (scroll, inner): (f64, f64) = t.js("return [document.documentElement.scrollWidth, innerWidth]");
        if scroll > inner {
            // Name the elements that stick out, to say what to fix.
            let culprits: Vec<String> = t.js("return [...document.querySelectorAll('body *')]
                   .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
                   .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className)");
            wide.push(format!("{}: {scroll} px wide in {inner}: {culprits:?}", page.name));
        }
    }
    assert!(wide.is_empty(), "{}", wide.join("\n"));
}

#[test]
fn on_a_desktop_body_text_runs_about_70_characters_a_line() {
    let Some(t) = BrowserTest::start() else { return };
    t.viewport(WIDE);
    t.load(&PAGE);
    // The longest paragraph: its visible characters (no tooltips) over its
    // lines, the last one counted half full.
    let per_line: f64 = t.js(
        "const p = [...document.querySelectorAll('.content p')].sort((a, b) => b.innerText.length - a.innerText.length)[0];
         const lines = p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight);
         return p.innerText.length / (Math.round(lines) - 0.5)",
    );
    assert!((60.0..=80.0).contains(&per_line), "{per_line:.0} characters a line");
}
