//! Printing, as a reader does: the print edition (issue 18), whose
//! `print/` Chromium prints to PDF (CDP `Page.printToPDF`, as "Save as PDF"
//! does) on many pages without the site's navigation, and which axe passes;
//! and any ordinary page (issue 17), printed as its text alone, with where
//! its links lead and what its terms stand for.

use serde_json::{Value, json};

use crate::accessibility::{axe, violations};
use crate::harness::BrowserTest;
use crate::server::StaticServer;
use crate::site::{self, CHAPTER};

const PRINT: &str = "/print/";

/// Pages of a PDF: its page objects (`/Type /Page`, not `/Pages`).
fn page_count(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1).filter(|w| w.starts_with(needle) && w[needle.len()] != b's').count()
}

/// The open page printed to PDF, as "Save as PDF" does.
fn print_to_pdf(t: &BrowserTest) -> Vec<u8> {
    let pdf = t.cdp("Page.printToPDF", json!({ "printBackground": false, "preferCSSPageSize": true }));
    let pdf = crate::webdriver::decode_base64(pdf["data"].as_str().unwrap_or("")).expect("base64 PDF");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    pdf
}

/// The page's elements matching `css` that print media shows, outside the
/// page's own text (`.content`), as the start of their HTML.
fn printed(t: &BrowserTest, css: &str) -> Vec<String> {
    t.js_with(
        "return [...document.querySelectorAll(arguments[0])]
           .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
           .filter(e => !e.closest('.content'))
           .map(e => e.outerHTML.slice(0, 120))",
        vec![Value::from(css)],
    )
}

/// What print media writes after `css`'s first element (`::after`), or
/// `none`.
fn after(t: &BrowserTest, css: &str) -> String {
    t.js_with(
        "const e = document.querySelector(arguments[0]);
         return e ? getComputedStyle(e, '::after').content : 'no element ' + arguments[0]",
        vec![Value::from(css)],
    )
}

#[test]
fn the_print_edition_prints_to_many_pages_without_the_sites_navigation() {
    let Some(t) = BrowserTest::start() else { return };
    t.load_path(PRINT, 200);
    let pdf = print_to_pdf(&t);
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

/// Issue 17: chapter 2.1 of the paper prints as its text: no header, menu,
/// contents, search, theme switch or footer; a term that stands for
/// something says what (as an abbreviation is written out); it fills more
/// than one sheet. A link to another site (the Rio Protocol's entry cites a
/// scan) prints where it goes.
#[test]
fn a_chapter_prints_as_its_text_with_expansions_and_link_addresses() {
    let Some(t) = BrowserTest::start() else { return };
    t.load(&CHAPTER);
    let pdf = print_to_pdf(&t);
    let pages = page_count(&pdf);
    assert!(pages > 1, "chapter 2.1 printed on {pages} page");
    std::fs::write(crate::harness::screenshots_dir().join("print-chapter.pdf"), &pdf).unwrap();

    let term = ".content .term[data-expansion]";
    assert_eq!(after(&t, term), "none", "on screen, the expansion is the tooltip's");
    t.cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }));
    let chrome = ".site-header, nav, #search, .theme-switch, .toc, .site-footer, .back-to-top, .skip-link";
    let shown = printed(&t, chrome);
    assert!(shown.is_empty(), "the site's chrome is printed: {shown:#?}");
    t.screenshot("print-chapter", true);
    let expansion: String = t.js(&format!("return document.querySelector('{term}').dataset.expansion"));
    let written = after(&t, term);
    assert_eq!(written, format!("\" ({expansion})\""), "the term's expansion is not printed");

    // Black on white, whatever the screen's theme: a dark theme's light
    // text would print pale on the sheet (backgrounds are not printed).
    let dark_print = json!({ "media": "print", "features": [{ "name": "prefers-color-scheme", "value": "dark" }] });
    t.cdp("Emulation.setEmulatedMedia", dark_print);
    let colours: Vec<String> = t.js("return ['h1', '.content h2', '.content p', '.content .term']
           .map(css => css + ': ' + getComputedStyle(document.querySelector(css)).color)");
    for colour in &colours {
        assert!(colour.ends_with("rgb(0, 0, 0)"), "printed in dark mode, {colour}");
    }
    t.cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }));

    t.load_path("/glossary/rio-protocol/", 200);
    let link = ".content a[href^='https://www.cia.gov/']";
    let written = after(&t, link);
    let href: String = t.js(&format!("return document.querySelector(\"{link}\").getAttribute('href')"));
    assert_eq!(written, format!("\" ({href})\""), "the link's address is not printed");
    t.cdp("Emulation.setEmulatedMedia", json!({ "media": "" }));
}

/// Issue 17: printed, a link says where it goes unless its text is the
/// address; each h2 but the first starts a sheet, and no heading ends one.
#[test]
fn print_writes_link_addresses_once_and_starts_each_part_on_a_new_sheet() {
    let Some(t) = BrowserTest::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let write = site::writer(&root);
    write("site.toml", "title = \"Print\"\nsearch = false\n");
    write("content/_index.md", "---\ntitle: Home\n---\n\nHello.\n");
    write(
        "content/p.md",
        "---\ntitle: P\n---\n\n## One\n\nSee [the OAS](https://www.oas.org/en/), https://example.org/a/ and \
         <https://example.com/>.\n\n## Two\n\nMore.\n\n### Two point one\n\n```rust\nfn main() {}\n```\n",
    );
    site::build(&root, &dir.path().join("out"));
    let server = StaticServer::start(dir.path().join("out"));
    t.goto(&server.url("/p/"));
    t.cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }));
    let written = after(&t, ".content a[href='https://www.oas.org/en/']");
    assert_eq!(written, "\" (https://www.oas.org/en/)\"");
    for bare in ["https://example.org/a/", "https://example.com/"] {
        assert_eq!(after(&t, &format!(".content a[href='{bare}']")), "none", "{bare} is written twice");
    }
    let breaks: Vec<(String, String)> = t.js("return [...document.querySelectorAll('.content h2, .content h3')]
           .map(h => [getComputedStyle(h).breakBefore, getComputedStyle(h).breakAfter])");
    let expected = [("auto", "avoid"), ("page", "avoid"), ("auto", "avoid")];
    let expected: Vec<(String, String)> = expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(breaks, expected, "break-before and -after of h2 One, h2 Two, h3");
    // Code printed from a dark screen is black, not its pale dark colours.
    let dark_print = json!({ "media": "print", "features": [{ "name": "prefers-color-scheme", "value": "dark" }] });
    t.cdp("Emulation.setEmulatedMedia", dark_print);
    let colours: Vec<String> =
        t.js("return [...document.querySelectorAll('pre.code span')].map(s => getComputedStyle(s).color)");
    assert!(!colours.is_empty() && colours.iter().all(|c| c == "rgb(0, 0, 0)"), "{colours:?}");
    t.cdp("Emulation.setEmulatedMedia", json!({ "media": "" }));
}
