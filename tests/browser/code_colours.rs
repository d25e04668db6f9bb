//! Highlighted code follows the header's Light / Dark / Auto switch like the
//! rest of the page (issue 17), not only the system's `prefers-color-scheme`.

use crate::harness::BrowserTest;
use crate::server::StaticServer;
use crate::site;

/// A page with a Rust block, built and served; the server lives with the folder.
fn code_site() -> (tempfile::TempDir, StaticServer) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let write = site::writer(&root);
    write("site.toml", "title = \"Code\"\nsearch = false\n");
    write("content/_index.md", "---\ntitle: Home\n---\n\n```rust\nfn main() { let x = \"text\"; }\n```\n");
    site::build(&root, &dir.path().join("out"));
    let server = StaticServer::start(dir.path().join("out"));
    (dir, server)
}

/// The colours of a keyword, a string and the code block's background.
fn code_colours(t: &BrowserTest) -> Vec<String> {
    t.js("return ['.hl-keyword', '.hl-string', 'pre.code'].map(css => {
            const s = getComputedStyle(document.querySelector(css));
            return css === 'pre.code' ? s.backgroundColor : s.color; })")
}

/// Opens the page with the reader's `choice` stored (`None`: Auto).
fn open_with(t: &BrowserTest, server: &StaticServer, choice: Option<&str>) -> Vec<String> {
    t.goto(&server.url("/"));
    t.js_with::<()>(
        "if (arguments[0]) localStorage.setItem('acta-theme', arguments[0]); else localStorage.removeItem('acta-theme')",
        vec![choice.into()],
    );
    t.goto(&server.url("/"));
    code_colours(t)
}

#[test]
fn code_colours_follow_the_theme_switch_against_the_system() {
    let Some(t) = BrowserTest::start() else { return };
    let (_dir, server) = code_site();
    // What the system alone gives.
    t.dark(false);
    let light = open_with(&t, &server, None);
    t.dark(true);
    let dark = open_with(&t, &server, None);
    for i in 0..light.len() {
        assert_ne!(light[i], dark[i], "the system's dark does not change the code's colours: {light:?}");
    }
    // The switch set against the system wins, for the code as for the page.
    t.dark(false);
    assert_eq!(open_with(&t, &server, Some("dark")), dark, "Dark chosen on a light system");
    t.dark(true);
    assert_eq!(open_with(&t, &server, Some("light")), light, "Light chosen on a dark system");
    // Clicking the switch changes them at once, without a reload: Auto → Light.
    open_with(&t, &server, None);
    t.js::<()>("document.querySelector('.theme-switch').click()");
    assert_eq!(code_colours(&t), light, "after clicking Light on a dark system");
    t.js::<()>("localStorage.removeItem('acta-theme')");
    t.dark(false);
}
