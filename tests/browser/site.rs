//! The paper site (this repository's content), built once with the `acta`
//! binary and served by [`StaticServer`] for every test of the run.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use serde_json::Value;

use crate::server::StaticServer;

/// One page of each kind the theme renders, by its path on the site.
pub struct PageType {
    pub name: &'static str,
    pub path: &'static str,
    /// The HTTP status the page is served with.
    pub status: u16,
}

pub const HOME: PageType = PageType { name: "home", path: "/", status: 200 };
pub const SECTION: PageType = PageType { name: "section", path: "/02-globalization-security/", status: 200 };
/// A page of the paper with glossary terms in its prose.
pub const PAGE: PageType = PageType { name: "page", path: "/01-abstract/", status: 200 };
/// A long chapter of the paper, whose first h2 repeats its title.
pub const CHAPTER: PageType =
    PageType { name: "chapter", path: "/02-globalization-security/01-globalization-security/", status: 200 };
pub const GLOSSARY: PageType = PageType { name: "glossary", path: "/glossary/", status: 200 };
/// A term used on several pages, with related terms.
pub const TERM: PageType = PageType { name: "term", path: "/glossary/oas/", status: 200 };
pub const NOT_FOUND: PageType = PageType { name: "404", path: "/no-such-page/", status: 404 };

pub const PAGE_TYPES: [&PageType; 6] = [&HOME, &SECTION, &PAGE, &GLOSSARY, &TERM, &NOT_FOUND];

/// The built site and its server.
pub struct PaperSite {
    pub server: StaticServer,
    /// `summary` of each term, by the term page's URL path (`/glossary/oas/`).
    pub summaries: HashMap<String, String>,
    /// The URL path of each term's page, by the term as written (`OAS`).
    pub term_urls: HashMap<String, String>,
}

/// A writer of files under `root` (folders made as needed), for the small
/// sites a test writes.
pub fn writer(root: &Path) -> impl Fn(&str, &str) + '_ {
    move |rel, text| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Builds the site at `root` into `output` with the `acta` binary.
pub fn build(root: &Path, output: &Path) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_acta"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .output()
        .expect("run acta");
    assert!(out.status.success(), "acta build failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The paper site, built on first use.
pub fn paper() -> &'static PaperSite {
    static SITE: OnceLock<PaperSite> = OnceLock::new();
    SITE.get_or_init(|| {
        // Under target/tmp rather than a temporary folder: a static is never
        // dropped, and a fixed place is also handy to look at after a failure.
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-site");
        let _ = std::fs::remove_dir_all(&dir);
        build(repo(), &dir);
        let terms: Value = serde_json::from_slice(&std::fs::read(dir.join("glossary/terms.json")).unwrap()).unwrap();
        let pairs = |key: &str, value: &str| -> HashMap<String, String> {
            let terms = terms.as_array().unwrap().iter();
            terms.filter_map(|t| Some((t[key].as_str()?.to_string(), t[value].as_str()?.to_string()))).collect()
        };
        let (summaries, term_urls) = (pairs("url", "summary"), pairs("term", "url"));
        PaperSite { server: StaticServer::start(dir), summaries, term_urls }
    })
}
