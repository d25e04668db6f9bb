//! The reading aids of the default theme (issue 17): "On this page" beside
//! the text on a desktop and folded above it on a phone, with the section in
//! view marked.

use std::time::Duration;

use crate::harness::{BrowserTest, NARROW, WIDE};
use crate::site::CHAPTER;

fn shown(t: &BrowserTest, css: &str) -> bool {
    t.js_with(
        "const e = document.querySelector(arguments[0]);
         return !!e && getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 0",
        vec![css.into()],
    )
}

#[test]
fn on_this_page_lists_the_chapters_sections_and_marks_the_one_scrolled_to() {
    let Some(t) = BrowserTest::start() else { return };
    t.viewport(WIDE);
    t.load(&CHAPTER);
    assert!(shown(&t, ".toc-side"), "no 'On this page' column at 1440 px");
    assert!(!shown(&t, ".toc-top"), "the folded contents show beside the column");
    let links: Vec<String> = t.js("return [...document.querySelectorAll('.toc-side a')].map(a => a.textContent)");
    assert!(links.len() >= 2, "{links:?}");
    // The h2 repeating the title is not listed; its subsections are.
    assert!(links.iter().all(|l| l != "2.1. Globalization and Security"), "{links:?}");
    assert!(links[0].starts_with("2.1.1."), "{links:?}");
    // The column stays in view while reading.
    t.js::<()>("window.scrollTo(0, document.documentElement.scrollHeight / 2)");
    let top: f64 = t.js("return document.querySelector('.toc-side').getBoundingClientRect().top");
    assert!((0.0..400.0).contains(&top), "the column scrolled away: top {top}");
    // Scrolled to the second section, its link is the current one.
    t.js::<()>(
        "const id = decodeURIComponent(document.querySelectorAll('.toc-side a')[1].hash.slice(1));
         document.getElementById(id).scrollIntoView({ block: 'start' }); window.scrollBy(0, 1)",
    );
    t.wait_until(
        "the second section's link marked current",
        Duration::from_secs(2),
        "const a = document.querySelectorAll('.toc-side a')[1];
         return a.getAttribute('aria-current') === 'location'
             && document.querySelectorAll('.toc-side a[aria-current]').length === 1",
    );
}

#[test]
fn on_a_phone_on_this_page_is_folded_at_the_top_and_opens() {
    let Some(t) = BrowserTest::start() else { return };
    t.viewport(NARROW);
    t.load(&CHAPTER);
    assert!(!shown(&t, ".toc-side"));
    assert!(shown(&t, ".toc-top"), "no folded contents on a phone");
    let (open, above): (bool, bool) = t.js("const d = document.querySelector('.toc-top details');
         const first = document.querySelector('.content > *');
         return [d.open, d.getBoundingClientRect().bottom <= first.getBoundingClientRect().top]");
    assert!(!open && above, "folded: {open}, above the text: {above}");
    let (x, y): (i64, i64) = t.js("const r = document.querySelector('.toc-top summary').getBoundingClientRect();
         return [Math.round(r.x + 20), Math.round(r.y + r.height / 2)]");
    t.session().click_at(x, y).unwrap();
    assert!(shown(&t, ".toc-top li a"), "the contents do not open");
}
