//! On a phone the sidebar folds into a Contents button that works with the
//! keyboard; on a desktop it is always there.

use crate::harness::{BrowserTest, NARROW, WIDE};
use crate::site::{PAGE, TERM};
use crate::webdriver::keys;

fn nav_shown(t: &BrowserTest) -> bool {
    t.js("const nav = document.getElementById('site-nav');
          return getComputedStyle(nav).display !== 'none' && nav.getBoundingClientRect().height > 0")
}

fn expanded(t: &BrowserTest) -> String {
    t.js("return document.querySelector('.nav-toggle').getAttribute('aria-expanded')")
}

#[test]
fn at_360_px_the_contents_menu_opens_with_enter_and_closes_with_escape() {
    let Some(t) = BrowserTest::start() else { return };
    t.viewport(NARROW);
    t.load(&PAGE);
    assert!(!nav_shown(&t), "the sidebar is open on a phone before anyone asks");
    // Tab from the top: skip link, site title, the theme switch, the search
    // box (and its clear button), then the button.
    let mut presses = 0;
    loop {
        t.session().press(keys::TAB).unwrap();
        presses += 1;
        if t.js::<bool>("return document.activeElement.matches('.nav-toggle')") {
            break;
        }
        assert!(presses < 6, "the Contents button is not among the first Tab stops");
    }
    assert_eq!(expanded(&t), "false");
    t.session().press(keys::ENTER).unwrap();
    assert!(nav_shown(&t), "Enter on the Contents button does not show the sidebar");
    assert_eq!(expanded(&t), "true");
    // Its links are reachable with the next Tab.
    t.session().press(keys::TAB).unwrap();
    assert!(
        t.js::<bool>("return document.activeElement.closest('#site-nav') !== null"),
        "Tab does not enter the open menu"
    );
    t.session().press(keys::ESCAPE).unwrap();
    assert!(!nav_shown(&t), "Escape does not close the menu");
    assert_eq!(expanded(&t), "false");
    assert!(
        t.js::<bool>("return document.activeElement.matches('.nav-toggle')"),
        "Escape does not return the focus to the button"
    );
    // Space works as on any button.
    t.session().press(" ").unwrap();
    assert!(nav_shown(&t), "Space on the Contents button does not show the sidebar");
}

#[test]
fn at_1440_px_the_sidebar_shows_and_the_menu_button_does_not() {
    let Some(t) = BrowserTest::start() else { return };
    t.viewport(WIDE);
    t.load(&PAGE);
    assert!(nav_shown(&t));
    assert!(t.js::<bool>("return getComputedStyle(document.querySelector('.nav-toggle')).display === 'none'"));
    // The current page is marked in it.
    let current: String = t.js("return document.querySelector('#site-nav [aria-current=page]').getAttribute('href')");
    assert_eq!(current, PAGE.path);
}

#[test]
fn the_sidebar_shows_the_current_page_even_far_down_the_glossary() {
    let Some(t) = BrowserTest::start() else { return };
    t.viewport(WIDE);
    t.load(&TERM);
    let (top, bottom, list_top, list_bottom): (f64, f64, f64, f64) =
        t.js("const a = document.querySelector('#site-nav [aria-current=page]').getBoundingClientRect();
         const list = document.querySelector('#site-nav > ul').getBoundingClientRect();
         return [a.top, a.bottom, Math.max(list.top, 0), Math.min(list.bottom, innerHeight)]");
    assert!(
        list_top <= top && bottom <= list_bottom,
        "the current term's entry [{top}, {bottom}] is outside the sidebar's view [{list_top}, {list_bottom}]"
    );
}
