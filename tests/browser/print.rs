//! The print edition (issue 18) as a reader prints it: Chromium prints
//! `print/` to PDF (CDP `Page.printToPDF`, as "Save as PDF" does), the
//! result has many pages, the site's navigation is not printed, and axe
//! finds nothing on the edition.

use serde_json::json;

use crate::accessibility::{axe, violations};
use crate::harness::BrowserTest;

const PRINT: &str = "/print/";

/// Pages of a PDF: its page objects (`/Type /Page`, not `/Pages`).
fn page_count(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1).filter(|w| w.starts_with(needle) && w[needle.len()] != b's').count()
}

#[test]
fn the_print_edition_prints_to_many_pages_without_the_sites_navigation() {
    let Some(t) = BrowserTest::start() else { return };
    t.load_path(PRINT, 200);
    let pdf = t.cdp("Page.printToPDF", json!({ "printBackground": false, "preferCSSPageSize": true }));
    let pdf = crate::webdriver::decode_base64(pdf["data"].as_str().unwrap_or("")).expect("base64 PDF");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let pages = page_count(&pdf);
    assert!(pages > 10, "the whole report printed on {pages} pages");
    std::fs::write(crate::harness::screenshots_dir().join("print-edition.pdf"), &pdf).unwrap();

    // As printed: no site header, menu or search (the edition's own contents
    // list is a `nav` too, and belongs); the report's own text is there.
    t.cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }));
    let shown: Vec<String> = t.js("return [...document.querySelectorAll('header, nav, [role=search], .site-footer')]
           .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
           .filter(e => !e.closest('main, article, .print-edition, #contents'))
           .map(e => e.outerHTML.slice(0, 120))");
    assert!(shown.is_empty(), "site navigation in the printed edition: {shown:#?}");
    let text: String = t.js("return document.body.innerText");
    assert!(text.contains("Abbreviations and terms"), "no glossary appendix");
    t.cdp("Emulation.setEmulatedMedia", json!({ "media": "" }));
}

#[test]
fn axe_finds_no_violations_on_the_print_edition() {
    let Some(t) = BrowserTest::start() else { return };
    let Some(axe) = axe() else { return };
    t.session().set_script_timeout(120_000).unwrap();
    t.load_path(PRINT, 200);
    let found = violations(&t, axe, "print");
    assert!(found.is_empty(), "{}", found.join("\n"));
}
