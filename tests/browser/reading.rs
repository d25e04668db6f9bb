//! The reading aids of the default theme (issue 17): "On this page" beside
//! the text on a desktop and folded above it on a phone, with the section in
//! view marked.

use std::time::Duration;

use crate::accessibility::{axe, violations};
use crate::harness::{BrowserTest, NARROW, WIDE};
use crate::site::{CHAPTER, GLOSSARY, HOME, TERM};

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

/// Sums the page's layout shifts in `window.__shifts`, and defines
/// `__boxes()`: where the page's main blocks are.
const RECORD_SHIFTS: &str = "
  window.__shifts = 0;
  new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__shifts += e.value; })
    .observe({ type: 'layout-shift', buffered: true });
  window.__boxes = () => Object.fromEntries(
    ['.site-header', '.search', '.layout', 'main', 'main h1', '.content', '.sidebar', '.toc-side', '.letter-bar', '.breadcrumbs']
      .map(css => [css, document.querySelector(css)])
      .filter(([, e]) => e)
      .map(([css, e]) => { const r = e.getBoundingClientRect();
        return [css, [r.x + scrollX, r.y + scrollY, r.width, r.height].map(Math.round)]; }));
";

fn record_shifts(t: &BrowserTest) {
    t.cdp("Page.enable", serde_json::json!({}));
    t.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": RECORD_SHIFTS }));
}

/// Opens `path` as its first paint shows it: the deferred scripts (the
/// theme's, search) are not loaded, only what is inline in <head> runs.
/// Returns `script`'s result on that page.
fn at_first_paint<T: serde::de::DeserializeOwned>(t: &BrowserTest, path: &str, script: &str) -> T {
    t.cdp("Network.enable", serde_json::json!({}));
    t.cdp("Network.setBlockedURLs", serde_json::json!({ "urls": ["*.js"] }));
    t.goto(&t.site.server.url(path));
    assert!(t.js::<bool>("return !document.querySelector('#search input')"), "{path}: the scripts ran");
    let result = t.js(script);
    t.cdp("Network.setBlockedURLs", serde_json::json!({ "urls": [] }));
    // The blocked requests' console errors belong to this look only.
    let _ = t.session().browser_log();
    t.site.server.take_hits();
    result
}

fn background(t: &BrowserTest) -> String {
    t.js("return getComputedStyle(document.body).backgroundColor")
}

#[test]
fn the_theme_switch_is_remembered_across_pages_and_reloads_without_a_flash() {
    let Some(t) = BrowserTest::start() else { return };
    t.dark(false);
    t.load(&CHAPTER);
    let light = background(&t);
    let label = |t: &BrowserTest| -> String {
        t.js("return [...document.querySelectorAll('.theme-switch span:not(.visually-hidden)')]
                .filter(s => getComputedStyle(s).display !== 'none').map(s => s.textContent).join('')")
    };
    assert_eq!(label(&t), "Auto");
    // Auto → Light → Dark.
    t.js::<()>("document.querySelector('.theme-switch').click(); document.querySelector('.theme-switch').click()");
    assert_eq!(label(&t), "Dark");
    let dark = background(&t);
    assert_ne!(light, dark, "the page did not turn dark");
    for (how, page) in [("another page", &TERM), ("a reload", &TERM), ("the home page", &HOME)] {
        // Before acta.js runs, the page is dark already: no flash of light.
        let first: String = at_first_paint(&t, page.path, "return getComputedStyle(document.body).backgroundColor");
        assert_eq!(first, dark, "after {how}, the first paint is not dark (a flash of the light theme)");
        t.load(page);
        assert_eq!(background(&t), dark, "after {how}");
        assert_eq!(label(&t), "Dark", "after {how}");
    }
    // Back to Auto: the system's light again, and nothing stored.
    t.js::<()>("document.querySelector('.theme-switch').click()");
    assert_eq!(label(&t), "Auto");
    assert_eq!(background(&t), light);
    let first: String = at_first_paint(&t, CHAPTER.path, "return getComputedStyle(document.body).backgroundColor");
    assert_eq!(first, light);
    let stored: Option<String> = t.js("return localStorage.getItem('acta-theme')");
    assert_eq!(stored, None);
}

#[test]
fn without_a_choice_the_theme_follows_the_system() {
    let Some(t) = BrowserTest::start() else { return };
    t.dark(false);
    t.load(&HOME);
    let light = background(&t);
    t.dark(true);
    assert_ne!(background(&t), light, "prefers-color-scheme: dark is not followed");
    t.dark(false);
}

#[test]
fn the_header_with_search_and_contents_stays_in_view_while_reading() {
    let Some(t) = BrowserTest::start() else { return };
    for size in [WIDE, NARROW] {
        t.viewport(size);
        t.load(&CHAPTER);
        t.js::<()>("window.scrollTo(0, document.documentElement.scrollHeight * 0.6)");
        let (scrolled, top, search, contents): (f64, f64, bool, bool) = t.js(
            "const h = document.querySelector('.site-header').getBoundingClientRect();
             const visible = css => { const e = document.querySelector(css); const r = e.getBoundingClientRect();
               return getComputedStyle(e).display !== 'none' && r.height > 0 && r.top >= 0 && r.bottom <= h.bottom + 1; };
             return [scrollY, h.top, visible('.search input, .search'), visible('.nav-toggle') || innerWidth > 840]",
        );
        assert!(scrolled > 1000.0, "the chapter did not scroll");
        assert_eq!(top, 0.0, "{size:?}: the header scrolled away");
        assert!(search && contents, "{size:?}: search {search}, contents button {contents}");
        // A long page ends with a way back up.
        assert!(t.js::<bool>("return !!document.querySelector('.back-to-top a[href=\"#top\"]')"));
    }
}

#[test]
fn at_1440_px_no_breadcrumb_of_the_paper_is_cut_short() {
    let Some(t) = BrowserTest::start() else { return };
    t.viewport(WIDE);
    let pages = [
        CHAPTER.path,
        "/02-globalization-security/02-political-effects-globalization/",
        "/03-security-institutions-continent/01-toward-flexible-regional-security-architecture/",
        "/04-summary-preliminary-recommendations/03-oas-conference-ministers-defense-americas/",
        TERM.path,
        GLOSSARY.path,
    ];
    let mut cut = Vec::new();
    for path in pages {
        t.load_path(path, 200);
        let truncated: Vec<String> = t.js(
            // The current page's crumb is for screen readers only (the h1 shows it).
            "return [...document.querySelectorAll('.breadcrumbs a')]
               .filter(e => e.scrollWidth > e.clientWidth + 0.5).map(e => e.textContent)",
        );
        let crumbs: usize = t.js("return document.querySelectorAll('.breadcrumbs li').length");
        assert!(crumbs >= 2, "{path}: no breadcrumbs");
        cut.extend(truncated.into_iter().map(|c| format!("{path}: {c}")));
    }
    assert!(cut.is_empty(), "cut short:\n{}", cut.join("\n"));
}

#[test]
fn at_390_px_the_glossary_letter_bar_shows_every_letter() {
    let Some(t) = BrowserTest::start() else { return };
    t.viewport((390, 844));
    t.load(&GLOSSARY);
    let hidden: Vec<String> = t.js("return [...document.querySelectorAll('.letter-bar a')].filter(a => {
           const r = a.getBoundingClientRect();
           return r.width === 0 || r.left < 0 || r.right > document.documentElement.clientWidth;
         }).map(a => a.textContent)");
    let count: usize = t.js("return document.querySelectorAll('.letter-bar a').length");
    assert!(count > 10, "{count} letters");
    assert!(hidden.is_empty(), "letters out of view: {hidden:?}");
}

#[test]
fn nothing_moves_once_the_scripts_have_run() {
    let Some(t) = BrowserTest::start() else { return };
    record_shifts(&t);
    let mut moved = Vec::new();
    for size in [WIDE, NARROW] {
        t.viewport(size);
        for page in [&HOME, &CHAPTER, &TERM, &GLOSSARY] {
            let first: serde_json::Value = at_first_paint(&t, page.path, "return window.__boxes()");
            t.load(page);
            // The search box is filled in by Pagefind's script, loaded after the page.
            t.wait_until("the search box", Duration::from_secs(5), "return !!document.querySelector('#search input')");
            std::thread::sleep(Duration::from_millis(300));
            let (now, shifts): (serde_json::Value, f64) = t.js("return [window.__boxes(), window.__shifts]");
            if first != now {
                moved.push(format!("{} at {size:?}:\n  first paint {first}\n  after       {now}", page.name));
            }
            if shifts > 0.02 {
                moved.push(format!("{} at {size:?}: cumulative layout shift {shifts:.3}", page.name));
            }
        }
    }
    assert!(moved.is_empty(), "{}", moved.join("\n"));
}

#[test]
fn axe_finds_nothing_with_the_switch_set_to_light_or_dark_on_a_system_of_the_other() {
    let Some(t) = BrowserTest::start() else { return };
    let Some(axe) = axe() else { return };
    t.session().set_script_timeout(120_000).unwrap();
    let mut found = Vec::new();
    // The reader's choice against the system's: the switch's colours, not
    // the media query's, must hold.
    for (choice, system_dark) in [("dark", false), ("light", true)] {
        t.dark(system_dark);
        for (width, size) in [("1440", WIDE), ("390", (390, 844))] {
            t.viewport(size);
            for page in [&HOME, &CHAPTER, &TERM, &GLOSSARY] {
                t.load(page);
                t.js_with::<()>(
                    "localStorage.setItem('acta-theme', arguments[0]); location.reload()",
                    vec![choice.into()],
                );
                t.wait_until("the reload", Duration::from_secs(5), "return document.readyState === 'complete'");
                let theme: Option<String> = t.js("return document.documentElement.getAttribute('data-theme')");
                assert_eq!(theme.as_deref(), Some(choice));
                found.extend(violations(&t, axe, &format!("{} {choice} {width}", page.name)));
            }
        }
    }
    t.js::<()>("localStorage.removeItem('acta-theme')");
    t.dark(false);
    assert!(found.is_empty(), "axe-core violations:\n{}", found.join("\n"));
}
