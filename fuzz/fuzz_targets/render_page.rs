//! One page through the whole Markdown and glossary pass, in a tiny library
//! built in memory. The first line of the input names a glossary term
//! (`title|expansion|synonym…`), the rest is the page's body.
//!
//! Checked besides "no panic": a body without raw HTML (no `<`) renders to
//! HTML with no `<script` and no link that runs script, whatever the term's
//! names hold.
#![no_main]

use std::path::PathBuf;

use acta::content::{FrontMatter, Library, LoadOptions, Page};
use acta::diagnostic::Diagnostics;
use acta::glossary::{Glossary, LinkPolicy};
use acta::markdown::{self, MarkdownContext, glossary_links::GlossarySettings};
use libfuzzer_sys::fuzz_target;

fn page(rel: &str, meta: FrontMatter, body: &str) -> Page {
    let is_section = rel.ends_with("_index.md");
    Page {
        rel: rel.into(),
        path: PathBuf::from(format!("content/{rel}")),
        url: acta::content::url_of(rel),
        meta,
        body: body.into(),
        body_line: 4,
        is_section,
        is_term: rel.starts_with("glossary/") && !is_section,
        is_glossary_index: rel == "glossary/_index.md",
        front_matter: String::new(),
        parent: None,
        children: Vec::new(),
    }
}

fn titled(title: &str) -> FrontMatter {
    FrontMatter { title: title.into(), ..FrontMatter::default() }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (head, body) = text.split_once('\n').unwrap_or(("", text));
    let flags = head.len();
    let mut forms = head.split('|').map(str::trim).filter(|f| !f.is_empty());

    let mut pages = vec![
        page("_index.md", titled("Home"), ""),
        page("glossary/_index.md", titled("Glossary"), ""),
        page(
            "glossary/oas.md",
            FrontMatter {
                title: "OAS".into(),
                expansion: Some("Organization of American States".into()),
                summary: Some("The regional body.".into()),
                ..FrontMatter::default()
            },
            "The OAS.",
        ),
        page("glossary/human-security.md", titled("human security"), ""),
        page("other.md", titled("Other"), "## Anchor\n\ntext\n"),
        page("page.md", titled("Page"), body),
    ];
    if let Some(title) = forms.next() {
        let meta = FrontMatter {
            title: title.into(),
            expansion: forms.next().map(str::to_string),
            summary: forms.next().map(str::to_string),
            synonyms: forms.map(str::to_string).collect(),
            ..FrontMatter::default()
        };
        pages.push(page("glossary/fuzz.md", meta, body));
    }
    let opts = LoadOptions { drafts: false, glossary_dir: "glossary".into(), site_title: "Fuzz".into() };
    let mut diags = Diagnostics::new();
    let lib = Library::assemble(pages, Vec::new(), &opts, &mut diags);
    let (glossary, _) = Glossary::build(&lib);
    let ctx = MarkdownContext {
        library: &lib,
        base_path: "/",
        smart_punctuation: flags % 2 == 0,
        glossary_dir: "glossary",
        shortcodes: None,
        glossary: GlossarySettings {
            glossary: &glossary,
            policy: if flags % 3 == 0 { LinkPolicy::All } else { LinkPolicy::First },
            expand_first_use: flags % 5 == 0,
            ignore: &[],
        },
    };
    let rendered: Vec<_> = (0..lib.pages.len()).map(|id| markdown::render(id, &ctx)).collect();
    let _ = markdown::check_anchors(&lib, &rendered);

    if !body.contains('<') {
        for r in &rendered {
            let lower = r.html.to_ascii_lowercase();
            assert!(!lower.contains("<script"), "script from a body without HTML:\n{}", r.html);
            for href in lower.split("href=\"").skip(1) {
                let value = href.split('"').next().unwrap_or_default();
                let value = value.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\"");
                assert!(!acta::html::is_script_url(&value), "script URL {value:?}:\n{}", r.html);
            }
        }
    }
});
