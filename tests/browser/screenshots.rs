//! PNGs of the main views, light and dark, phone and desktop, in
//! `target/screenshots/`: for people to look at, kept as CI artifacts.

use crate::harness::{BrowserTest, NARROW, WIDE};
use crate::search;
use crate::site::{CHAPTER, GLOSSARY, HOME, NOT_FOUND, PAGE, SECTION, TERM};

#[test]
fn screenshots_of_every_view_light_and_dark_narrow_and_wide() {
    let Some(t) = BrowserTest::start() else { return };
    for (scheme, dark) in [("light", false), ("dark", true)] {
        t.dark(dark);
        for (width, size) in [("360", NARROW), ("1440", WIDE)] {
            t.viewport(size);
            for page in [&HOME, &SECTION, &TERM, &GLOSSARY, &NOT_FOUND] {
                t.open(page);
                t.screenshot(&format!("{}-{scheme}-{width}", page.name), true);
            }
            // A paper page with a term's tooltip open, as a reader hovering it sees it.
            t.open(&PAGE);
            let term = t.find(".content .term-ref .term");
            t.js_with::<()>("arguments[0].scrollIntoView({ block: 'center' })", vec![term.json()]);
            t.session().hover(&term).unwrap();
            let shown: bool = t.js_with(
                "return getComputedStyle(arguments[0].parentNode.querySelector('.term-tip')).display !== 'none'",
                vec![term.json()],
            );
            assert!(shown, "the tooltip did not open for the screenshot");
            t.screenshot(&format!("page-tooltip-{scheme}-{width}"), false);
            t.session().move_mouse_to(0, 0).unwrap();
        }
    }
}

#[test]
fn screenshots_of_search_results_light_and_dark_narrow_and_wide() {
    let Some(t) = BrowserTest::start() else { return };
    for (scheme, dark) in [("light", false), ("dark", true)] {
        t.dark(dark);
        for (width, size) in [("360", NARROW), ("1440", WIDE)] {
            t.viewport(size);
            t.open(&PAGE);
            search::search(&t, "TIAR");
            t.screenshot(&format!("search-{scheme}-{width}"), false);
        }
    }
}

/// The reading views of issue 17 (home, chapter 2.1, the TIAR term page, the
/// glossary and the results for "drug") at a phone's 390 px and 1440 px, as
/// `reading-<view>-<scheme>-<width>.png`: the views compared before and after
/// a change to the theme's type or colours.
#[test]
fn screenshots_of_the_reading_views_at_390_and_1440_px() {
    let Some(t) = BrowserTest::start() else { return };
    let tiar = crate::site::PageType { name: "tiar", path: "/glossary/tiar/", status: 200 };
    for (scheme, dark) in [("light", false), ("dark", true)] {
        t.dark(dark);
        for (width, size) in [("390", (390, 844)), ("1440", WIDE)] {
            t.viewport(size);
            for page in [&HOME, &CHAPTER, &tiar, &GLOSSARY] {
                t.load(page);
                t.screenshot(&format!("reading-{}-{scheme}-{width}", page.name), true);
            }
            t.load(&HOME);
            search::search(&t, "drug");
            t.screenshot(&format!("reading-search-{scheme}-{width}"), false);
        }
    }
    t.dark(false);
}
