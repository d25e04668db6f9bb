//! Glossary tooltips: shown on hover and on keyboard focus, dismissed by
//! Escape, inside the viewport on a phone and a desktop, and read out by
//! screen readers as the link's description.

use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::{BrowserTest, NARROW, WIDE};
use crate::site::PAGE;
use crate::webdriver::{Element, keys};

/// Pages of the paper with many terms in their prose.
const TERM_PAGES: [&str; 3] = [
    PAGE.path,
    "/02-globalization-security/03-toward-broader-more-integrating-security/",
    "/03-security-institutions-continent/01-toward-flexible-regional-security-architecture/",
];

fn tip_shown(t: &BrowserTest, term: &Element) -> bool {
    t.js_with(
        "const tip = arguments[0].parentNode.querySelector('.term-tip');
         return getComputedStyle(tip).display !== 'none' && tip.getBoundingClientRect().width > 0",
        vec![term.json()],
    )
}

/// The tip of `term` as `[left, right, innerWidth]`.
fn tip_box(t: &BrowserTest, term: &Element) -> (f64, f64, f64) {
    t.js_with(
        "const r = arguments[0].parentNode.querySelector('.term-tip').getBoundingClientRect();
         return [r.left, r.right, innerWidth]",
        vec![term.json()],
    )
}

fn rest_mouse(t: &BrowserTest) {
    // The corner of the header: over nothing that has a tooltip.
    t.session().move_mouse_to(1, 1).unwrap();
}

#[test]
fn a_tooltip_opens_on_hover_and_escape_closes_it() {
    let Some(t) = BrowserTest::start() else { return };
    t.load(&PAGE);
    rest_mouse(&t);
    let term = t.find(".content .term-ref .term");
    t.js_with::<()>("arguments[0].scrollIntoView({ block: 'center' })", vec![term.json()]);
    assert!(!tip_shown(&t, &term), "the tooltip shows before anything points at the term");
    t.session().hover(&term).unwrap();
    assert!(tip_shown(&t, &term), "hovering the term does not show its tooltip");
    t.session().press(keys::ESCAPE).unwrap();
    assert!(!tip_shown(&t, &term), "Escape does not hide the tooltip under the pointer");
    rest_mouse(&t);
    t.session().hover(&term).unwrap();
    assert!(tip_shown(&t, &term), "the tooltip does not come back when the pointer returns");
    // The pointer can move from the term onto the card (WCAG 1.4.13: hoverable).
    let (x, y): (i64, i64) = t.js_with(
        "const r = arguments[0].parentNode.querySelector('.term-tip').getBoundingClientRect();
         return [Math.round(r.left + r.width / 2), Math.round(r.top + 4)]",
        vec![term.json()],
    );
    t.session().move_mouse_to(x, y).unwrap();
    assert!(tip_shown(&t, &term), "the tooltip closes when the pointer moves onto it");
}

#[test]
fn a_tooltip_opens_on_keyboard_focus_and_escape_closes_it() {
    let Some(t) = BrowserTest::start() else { return };
    t.load(&PAGE);
    rest_mouse(&t);
    // Tab from the top of the page, as a keyboard user does.
    let mut presses = 0;
    let term = loop {
        t.session().press(keys::TAB).unwrap();
        presses += 1;
        let active = t.session().active().unwrap();
        if t.js_with::<bool>("return arguments[0].matches('.term-ref .term')", vec![active.json()]) {
            break active;
        }
        assert!(presses < 60, "60 Tabs and no glossary term got the focus");
    };
    assert!(t.js_with::<bool>("return arguments[0].matches(':focus-visible')", vec![term.json()]));
    assert!(tip_shown(&t, &term), "the focused term does not show its tooltip");
    t.session().press(keys::ESCAPE).unwrap();
    assert!(!tip_shown(&t, &term), "Escape does not hide the tooltip of the focused term");
    assert!(
        t.js_with::<bool>("return document.activeElement === arguments[0]", vec![term.json()]),
        "Escape moved the focus"
    );
    // The next term's tooltip shows as usual.
    let next = loop {
        t.session().press(keys::TAB).unwrap();
        presses += 1;
        let active = t.session().active().unwrap();
        if t.js_with::<bool>("return arguments[0].matches('.term-ref .term')", vec![active.json()]) {
            break active;
        }
        assert!(presses < 120, "no second glossary term got the focus");
    };
    assert!(tip_shown(&t, &next), "after Escape, the next term's tooltip does not show");
}

#[test]
fn tooltips_stay_inside_the_viewport_at_360_and_1440_px() {
    let Some(t) = BrowserTest::start() else { return };
    let mut outside = Vec::new();
    for size in [NARROW, WIDE] {
        t.viewport(size);
        for path in TERM_PAGES {
            t.load_path(path, 200);
            // Every term of the page, focused in turn (that is what a keyboard user does).
            let bad: Vec<String> = t.js("const out = [];
                 for (const term of document.querySelectorAll('.term-ref .term')) {
                   term.focus();
                   const r = term.parentNode.querySelector('.term-tip').getBoundingClientRect();
                   if (r.width === 0 || r.left < 0 || r.right > innerWidth)
                     out.push(`${term.id}: [${Math.round(r.left)}, ${Math.round(r.right)}] in ${innerWidth}`);
                   term.blur();
                 }
                 return out");
            outside.extend(bad.into_iter().map(|b| format!("{path} at {} px: {b}", size.0)));
        }
    }
    assert!(outside.is_empty(), "tooltips outside the viewport:\n{}", outside.join("\n"));
}

#[test]
fn at_360_px_the_tooltip_of_a_term_at_the_right_edge_stays_on_screen() {
    let Some(t) = BrowserTest::start() else { return };
    t.viewport(NARROW);
    for path in TERM_PAGES {
        t.load_path(path, 200);
        rest_mouse(&t);
        // The term that starts furthest right on its line.
        let index: usize = t.js("const terms = [...document.querySelectorAll('.term-ref .term')];
             const left = t => t.getClientRects()[0].left;
             return terms.reduce((best, t, i) => left(t) > left(terms[best]) ? i : best, 0)");
        let term = t.session().find_all(".term-ref .term").unwrap().swap_remove(index);
        t.js_with::<()>("arguments[0].scrollIntoView({ block: 'center' })", vec![term.json()]);
        let start: f64 = t.js_with("return arguments[0].getClientRects()[0].left", vec![term.json()]);
        assert!(start > 180.0, "{path}: no term near the right edge (the rightmost starts at {start} px)");
        t.session().hover(&term).unwrap();
        assert!(tip_shown(&t, &term), "{path}: hovering the rightmost term shows no tooltip");
        let (left, right, width) = tip_box(&t, &term);
        assert!(0.0 <= left && right <= width, "{path}: the tooltip spans [{left}, {right}] in a {width} px viewport");
        rest_mouse(&t);
    }
}

#[test]
fn a_terms_accessible_description_is_its_summary() {
    let Some(t) = BrowserTest::start() else { return };
    for path in TERM_PAGES {
        t.load_path(path, 200);
        // The IDREF of every term resolves to the summary's text…
        let links: Vec<(String, String, String)> =
            t.js("return [...document.querySelectorAll('.term-ref .term')].map(a => {
               const ids = (a.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
               const text = ids.map(id => document.getElementById(id)?.textContent ?? `#${id} missing`).join(' ');
               return [a.id, new URL(a.href).pathname, text.trim()];
             })");
        assert!(!links.is_empty(), "{path}: no term links");
        for (id, term, text) in &links {
            let summary = t.site.summaries.get(term).unwrap_or_else(|| panic!("{term} has no summary"));
            assert_eq!(&text, &summary, "{path}#{id}: described by something else than the summary of {term}");
        }
        // …and Chromium computes it as the link's accessible description.
        t.cdp("Accessibility.enable", json!({}));
        let root = t.cdp("DOM.getDocument", json!({ "depth": 0 }))["root"]["nodeId"].clone();
        for (id, term, _) in links.iter().take(5) {
            let node =
                t.cdp("DOM.querySelector", json!({ "nodeId": root, "selector": format!("#{id}") }))["nodeId"].clone();
            let ax = t.cdp("Accessibility.getAXNodeAndAncestors", json!({ "nodeId": node }));
            let link = &ax["nodes"][0];
            assert_eq!(link["role"]["value"], "link", "{path}#{id}: {link}");
            let description = link["description"]["value"].as_str().unwrap_or("");
            assert_eq!(description, t.site.summaries[term], "{path}#{id}: accessible description");
            let name = link["name"]["value"].as_str().unwrap_or("");
            let text: String = t.js(&format!("return document.getElementById('{id}').textContent"));
            assert_eq!(name, text, "{path}#{id}: the accessible name is not the term as written");
        }
        let _: Value = t.cdp("Accessibility.disable", json!({}));
    }
}

#[test]
fn without_javascript_tooltips_still_open_and_fit_a_phone() {
    let Some(t) = BrowserTest::start() else { return };
    t.cdp("Emulation.setScriptExecutionDisabled", json!({ "value": true }));
    for size in [NARROW, WIDE] {
        t.viewport(size);
        t.load(&PAGE);
        assert!(!t.js::<bool>("return document.documentElement.classList.contains('js')"), "acta.js ran");
        rest_mouse(&t);
        let term = t.find(".content .term-ref .term");
        t.js_with::<()>("arguments[0].scrollIntoView({ block: 'center' })", vec![term.json()]);
        t.session().hover(&term).unwrap();
        assert!(tip_shown(&t, &term), "at {} px without script, hovering shows no tooltip", size.0);
        rest_mouse(&t);
        assert!(!tip_shown(&t, &term));
        t.js_with::<()>("arguments[0].focus()", vec![term.json()]);
        assert!(tip_shown(&t, &term), "at {} px without script, focus shows no tooltip", size.0);
    }
    // On a phone the card spans the text column, wherever the term is.
    t.viewport(NARROW);
    let bad: Vec<String> = t.js("const out = [];
         for (const term of document.querySelectorAll('.term-ref .term')) {
           term.focus();
           const r = term.parentNode.querySelector('.term-tip').getBoundingClientRect();
           if (r.left < 0 || r.right > innerWidth) out.push(`${term.id}: [${r.left}, ${r.right}]`);
         }
         return out");
    assert!(bad.is_empty(), "without script, tooltips outside a 360 px viewport: {bad:?}");
}

/// The middle of the first line of `term`, in viewport pixels.
fn centre_of(t: &BrowserTest, term: &Element) -> (f64, f64) {
    t.js_with(
        "const r = arguments[0].getClientRects()[0]; return [r.left + r.width / 2, r.top + r.height / 2]",
        vec![term.json()],
    )
}

/// A tap of one finger at a point of the viewport, as a touch screen sends it.
fn tap(t: &BrowserTest, (x, y): (f64, f64)) {
    t.cdp("Input.dispatchTouchEvent", json!({ "type": "touchStart", "touchPoints": [{ "x": x, "y": y }] }));
    t.cdp("Input.dispatchTouchEvent", json!({ "type": "touchEnd", "touchPoints": [] }));
}

#[test]
fn on_a_touch_screen_the_first_tap_shows_the_tooltip_and_the_second_follows_the_link() {
    let Some(t) = BrowserTest::start() else { return };
    t.viewport(NARROW);
    t.cdp("Emulation.setTouchEmulationEnabled", json!({ "enabled": true, "maxTouchPoints": 1 }));
    t.load(&PAGE);
    let term = t.find(".content .term-ref .term");
    t.js_with::<()>("arguments[0].scrollIntoView({ block: 'center' })", vec![term.json()]);
    let target: String = t.js_with("return new URL(arguments[0].href).pathname", vec![term.json()]);
    let centre = || centre_of(&t, &term);
    let on_page = || t.js::<String>("return location.pathname") == PAGE.path;
    tap(&t, centre());
    assert!(on_page(), "the first tap on a term followed its link");
    assert!(tip_shown(&t, &term), "the first tap on a term does not show its tooltip");
    // A tap elsewhere (the margin left of the text) closes it; the next tap
    // on the term opens it again.
    tap(&t, (5.0, 100.0));
    assert!(!tip_shown(&t, &term), "a tap elsewhere does not close the tooltip");
    tap(&t, centre());
    assert!(on_page() && tip_shown(&t, &term), "after a tap elsewhere, the term's first tap does not show its tooltip");
    // The second tap follows the link.
    tap(&t, centre());
    let followed = format!("return location.pathname === {target:?}");
    t.wait_until("the second tap on a term follows its link", Duration::from_secs(10), &followed);
    // A mouse click follows the link at once, as ever.
    t.load(&PAGE);
    let term = t.find(".content .term-ref .term");
    t.js_with::<()>("arguments[0].scrollIntoView({ block: 'center' })", vec![term.json()]);
    let (x, y) = centre_of(&t, &term);
    t.session().click_at(x as i64, y as i64).unwrap();
    t.wait_until("a mouse click on a term follows its link", Duration::from_secs(10), &followed);
}
