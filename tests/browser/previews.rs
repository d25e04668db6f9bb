//! Footnote and cross-reference previews (issue 16) on the `crossrefs`
//! fixture: shown on hover and on keyboard focus, dismissed with Escape,
//! opened by a first tap on a touch screen, shown without script, with no
//! axe violations; and the code blocks' Copy button.

use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::json;

use crate::accessibility::{axe, violations};
use crate::harness::{BrowserTest, NARROW, WIDE};
use crate::server::StaticServer;
use crate::webdriver::{Element, keys};

/// The page with both kinds of preview, and the page with a code block.
const FINDINGS: &str = "/report/findings/";
const METHOD: &str = "/report/method/";

/// A footnote's number and a cross-reference, as CSS selectors of their links.
const LINKS: [(&str, &str); 2] = [("footnote", ".fn-ref:not(.xref) .fn-link"), ("cross-reference", ".xref .xref-link")];

/// The `crossrefs` fixture, built once and served for every test of the run.
fn fixture() -> &'static StaticServer {
    static SITE: OnceLock<StaticServer> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-crossrefs");
        let _ = std::fs::remove_dir_all(&dir);
        crate::site::build(&crate::site::repo().join("tests/fixtures/crossrefs"), &dir);
        StaticServer::start(dir)
    })
}

/// Opens `path` of the fixture; it must load with no console error.
fn open(t: &BrowserTest, path: &str) {
    let _ = t.session().browser_log();
    t.goto(&fixture().url(path));
    let errors = t.console_errors(None);
    assert!(errors.is_empty(), "{path}: {errors:?}");
}

/// The first link matching `css`, scrolled to the middle of the viewport.
fn link(t: &BrowserTest, css: &str) -> Element {
    let link = t.find(&format!(".content {css}"));
    t.js_with::<()>("arguments[0].scrollIntoView({ block: 'center' })", vec![link.json()]);
    link
}

fn tip_shown(t: &BrowserTest, link: &Element) -> bool {
    t.js_with(
        "const tip = arguments[0].closest('.term-ref').querySelector('.term-tip');
         return getComputedStyle(tip).display !== 'none' && tip.getBoundingClientRect().width > 0",
        vec![link.json()],
    )
}

fn rest_mouse(t: &BrowserTest) {
    t.session().move_mouse_to(1, 1).unwrap();
}

#[test]
fn previews_open_on_hover_and_escape_closes_them() {
    let Some(t) = BrowserTest::start() else { return };
    open(&t, FINDINGS);
    for (what, css) in LINKS {
        rest_mouse(&t);
        let link = link(&t, css);
        assert!(!tip_shown(&t, &link), "the {what}'s preview shows before anything points at it");
        t.session().hover(&link).unwrap();
        assert!(tip_shown(&t, &link), "hovering the {what} does not show its preview");
        t.session().press(keys::ESCAPE).unwrap();
        assert!(!tip_shown(&t, &link), "Escape does not hide the {what}'s preview under the pointer");
    }
    // The cross-reference's preview is the target's caption.
    let text: String = t.js("return document.querySelector('.content .xref .term-tip').textContent");
    assert_eq!(text, "The surveyed region");
}

#[test]
fn previews_open_on_keyboard_focus_and_escape_closes_them() {
    let Some(t) = BrowserTest::start() else { return };
    for (what, css) in LINKS {
        open(&t, FINDINGS);
        rest_mouse(&t);
        let mut presses = 0;
        let focused = loop {
            t.session().press(keys::TAB).unwrap();
            presses += 1;
            let active = t.session().active().unwrap();
            if t.js_with::<bool>(&format!("return arguments[0].matches('.content {css}')"), vec![active.json()]) {
                break active;
            }
            assert!(presses < 80, "80 Tabs and no {what} got the focus");
        };
        assert!(tip_shown(&t, &focused), "the focused {what} does not show its preview");
        // Read out as the link's description.
        let described: bool = t.js_with(
            "const a = arguments[0]; const tip = document.getElementById(a.getAttribute('aria-describedby'));
             return !!tip && tip.closest('.term-ref') === a.closest('.term-ref')",
            vec![focused.json()],
        );
        assert!(described, "the {what}'s preview is not its accessible description");
        t.session().press(keys::ESCAPE).unwrap();
        assert!(!tip_shown(&t, &focused), "Escape does not hide the focused {what}'s preview");
    }
}

#[test]
fn on_a_touch_screen_the_first_tap_shows_the_preview() {
    let Some(t) = BrowserTest::start() else { return };
    t.viewport(NARROW);
    t.cdp("Emulation.setTouchEmulationEnabled", json!({ "enabled": true, "maxTouchPoints": 1 }));
    for (what, css) in LINKS {
        open(&t, FINDINGS);
        let link = link(&t, css);
        let (x, y): (f64, f64) = t.js_with(
            "const r = arguments[0].getClientRects()[0]; return [r.left + r.width / 2, r.top + r.height / 2]",
            vec![link.json()],
        );
        t.cdp("Input.dispatchTouchEvent", json!({ "type": "touchStart", "touchPoints": [{ "x": x, "y": y }] }));
        t.cdp("Input.dispatchTouchEvent", json!({ "type": "touchEnd", "touchPoints": [] }));
        assert_eq!(t.js::<String>("return location.pathname"), FINDINGS, "the first tap on the {what} followed it");
        assert!(tip_shown(&t, &link), "the first tap on the {what} does not show its preview");
    }
    t.cdp("Emulation.setTouchEmulationEnabled", json!({ "enabled": false }));
}

#[test]
fn without_javascript_previews_still_open_on_hover_and_focus() {
    let Some(t) = BrowserTest::start() else { return };
    t.cdp("Emulation.setScriptExecutionDisabled", json!({ "value": true }));
    for size in [NARROW, WIDE] {
        t.viewport(size);
        open(&t, FINDINGS);
        for (what, css) in LINKS {
            rest_mouse(&t);
            let link = link(&t, css);
            t.session().hover(&link).unwrap();
            assert!(tip_shown(&t, &link), "at {} px without script, hovering the {what} shows nothing", size.0);
            rest_mouse(&t);
            assert!(!tip_shown(&t, &link));
            t.js_with::<()>("arguments[0].focus()", vec![link.json()]);
            assert!(tip_shown(&t, &link), "at {} px without script, focusing the {what} shows nothing", size.0);
            t.js_with::<()>("arguments[0].blur()", vec![link.json()]);
        }
    }
    t.cdp("Emulation.setScriptExecutionDisabled", json!({ "value": false }));
}

#[test]
fn axe_finds_nothing_on_pages_with_figures_and_previews() {
    let Some(t) = BrowserTest::start() else { return };
    let Some(axe) = axe() else { return };
    t.session().set_script_timeout(120_000).unwrap();
    let mut found = Vec::new();
    for size in [WIDE, NARROW] {
        t.viewport(size);
        for path in [FINDINGS, METHOD, "/"] {
            open(&t, path);
            found.extend(violations(&t, axe, &format!("{path} at {} px", size.0)));
            // And with a preview open.
            let link = link(&t, ".xref .xref-link");
            t.js_with::<()>("arguments[0].focus()", vec![link.json()]);
            found.extend(violations(&t, axe, &format!("{path} at {} px, a preview open", size.0)));
        }
    }
    assert!(found.is_empty(), "axe violations:\n{}", found.join("\n"));
}

#[test]
fn the_copy_button_copies_the_code_and_says_so() {
    let Some(t) = BrowserTest::start() else { return };
    let origin = fixture().url("/");
    t.cdp(
        "Browser.grantPermissions",
        json!({ "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"], "origin": origin.trim_end_matches('/') }),
    );
    open(&t, METHOD);
    let button = t.find(".code-block .copy-code");
    t.js_with::<()>("arguments[0].scrollIntoView({ block: 'center' })", vec![button.json()]);
    let (x, y): (f64, f64) = t.js_with(
        "const r = arguments[0].getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]",
        vec![button.json()],
    );
    t.session().click_at(x as i64, y as i64).unwrap();
    t.wait_until(
        "the live region says Copied",
        Duration::from_secs(5),
        "const s = document.querySelector('[role=status][aria-live=polite]');
         return !!s && s.textContent === 'Copied' && document.querySelector('.copy-code').textContent === 'Copied'",
    );
    let copied = t
        .session()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             navigator.clipboard.readText().then(done, e => done('error: ' + e))",
            vec![],
        )
        .unwrap();
    assert_eq!(copied, json!("print(sum(sites))\n"), "the clipboard holds the code");
}
