//! Properties over random input: the glossary pass links only prose and
//! changes no text; the importer loses no word.

use std::path::PathBuf;

use acta::content::{FrontMatter, Library, LoadOptions, Page, url_of};
use acta::diagnostic::Diagnostics;
use acta::glossary::{Glossary, LinkPolicy};
use acta::import::{ImportOptions, import_text};
use acta::markdown::{self, MarkdownContext, glossary_links::GlossarySettings};
use proptest::prelude::*;
use proptest::sample::select;

// ---------------------------------------------------------------- glossary

/// Words of the generated pages: terms in several cases and spellings,
/// near misses, and characters that HTML escapes.
const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "in",
    "OAS",
    "oas",
    "Oas",
    "(OAS)",
    "OAS's",
    "OASIS",
    "human",
    "security",
    "Human",
    "Security",
    "security.",
    "TIAR",
    "Rio",
    "Treaty",
    "treaty",
    "US",
    "us",
    "AT&T",
    "5<6",
    "a>b",
    "\"quoted\"",
    "it's",
    "Organization",
    "American",
    "States",
    "OEA",
    "Hemispheric",
    "x",
];
const PLAIN: &[&str] = &["the", "OAS", "human", "security", "TIAR", "Rio", "Treaty", "of", "US", "us"];

#[derive(Debug, Clone)]
enum Inline {
    Word(&'static str),
    Code(Vec<&'static str>),
    Link(Vec<&'static str>),
    Emphasis(Vec<&'static str>),
}

#[derive(Debug, Clone)]
enum Block {
    Paragraph(Vec<Inline>),
    Heading(usize, Vec<&'static str>),
}

fn inline() -> impl Strategy<Value = Inline> {
    let words = || prop::collection::vec(select(WORDS), 1..4);
    prop_oneof![
        8 => select(WORDS).prop_map(Inline::Word),
        1 => words().prop_map(Inline::Code),
        1 => words().prop_map(Inline::Link),
        1 => prop::collection::vec(select(PLAIN), 1..3).prop_map(Inline::Emphasis),
    ]
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        3 => prop::collection::vec(inline(), 1..24).prop_map(Block::Paragraph),
        1 => (1usize..=6, prop::collection::vec(select(WORDS), 1..6)).prop_map(|(l, w)| Block::Heading(l, w)),
    ]
}

/// The Markdown of `blocks`, and the words a reader sees, in order.
fn markdown_and_words(blocks: &[Block]) -> (String, Vec<String>) {
    let mut md = String::new();
    let mut words = Vec::new();
    for block in blocks {
        match block {
            Block::Heading(level, w) => {
                md.push_str(&format!("{} {}\n\n", "#".repeat(*level), w.join(" ")));
                words.extend(w.iter().map(|s| s.to_string()));
            }
            Block::Paragraph(inlines) => {
                for (i, inline) in inlines.iter().enumerate() {
                    // Some soft breaks: a term may be split over two lines.
                    md.push_str(if i == 0 {
                        ""
                    } else if i % 5 == 0 {
                        "\n"
                    } else {
                        " "
                    });
                    let (text, w) = match inline {
                        Inline::Word(w) => (w.to_string(), vec![*w]),
                        Inline::Code(w) => (format!("`{}`", w.join(" ")), w.clone()),
                        Inline::Link(w) => (format!("[{}](other.md)", w.join(" ")), w.clone()),
                        Inline::Emphasis(w) => (format!("*{}*", w.join(" ")), w.clone()),
                    };
                    md.push_str(&text);
                    words.extend(w.iter().map(|s| s.to_string()));
                }
                md.push_str("\n\n");
            }
        }
    }
    (md, words)
}

fn page(rel: &str, meta: FrontMatter, body: &str) -> Page {
    let is_section = rel.ends_with("_index.md");
    Page {
        rel: rel.into(),
        path: PathBuf::from(format!("content/{rel}")),
        url: url_of(rel),
        lang: "en".into(),
        key: rel.into(),
        meta,
        body: body.into(),
        body_line: 4,
        is_section,
        is_term: rel.starts_with("glossary/") && !is_section,
        is_glossary_index: rel == "glossary/_index.md",
        front_matter: String::new(),
        format: None,
        ignored_keys: Vec::new(),
        parent: None,
        children: Vec::new(),
    }
}

fn term(title: &str, expansion: Option<&str>, synonyms: &[&str]) -> FrontMatter {
    FrontMatter {
        title: title.into(),
        expansion: expansion.map(str::to_string),
        summary: Some(format!("What {title} means, with <b>markup</b> & all.")),
        synonyms: synonyms.iter().map(|s| s.to_string()).collect(),
        ..FrontMatter::default()
    }
}

/// The body HTML of a page in a small library with four terms, every
/// occurrence linked.
fn render(body: &str) -> String {
    let titled = |t: &str| FrontMatter { title: t.into(), ..FrontMatter::default() };
    let pages = vec![
        page("_index.md", titled("Home"), ""),
        page("glossary/_index.md", titled("Glossary"), ""),
        page("glossary/oas.md", term("OAS", Some("Organization of American States"), &["OEA"]), ""),
        page("glossary/human-security.md", term("human security", None, &[]), ""),
        page("glossary/tiar.md", term("TIAR", Some("Inter-American Treaty"), &["Rio Treaty"]), ""),
        page("glossary/us.md", term("US", None, &[]), ""),
        page("other.md", titled("Other"), ""),
        page("page.md", titled("Page"), body),
    ];
    let opts = LoadOptions {
        drafts: false,
        glossary_dir: "glossary".into(),
        site_title: "Props".into(),
        taxonomies: Vec::new(),
        languages: Default::default(),
    };
    let lib = Library::assemble(pages, Vec::new(), &opts, &mut Diagnostics::new());
    let (glossary, problems) = Glossary::build(&lib);
    assert!(problems.iter().all(|d| !d.is_error()), "{problems:?}");
    let ctx = MarkdownContext {
        library: &lib,
        base_path: "/",
        smart_punctuation: false,
        glossary_dir: "glossary",
        shortcodes: None,
        glossary: GlossarySettings {
            glossary: &glossary,
            policy: LinkPolicy::All,
            expand_first_use: acta::glossary::first_use::ExpandFirstUse::Off,
            first_uses: None,
            ignore: &[],
        },
    };
    markdown::render(lib.by_rel("page.md").unwrap(), &ctx).html
}

/// An HTML start or end tag at `html[i..]`: (name, is_end, the whole tag).
fn tag_at(html: &str, i: usize) -> Option<(String, bool, &str)> {
    let rest = &html[i..];
    if !rest.starts_with('<') {
        return None;
    }
    let end = rest.find('>')? + 1;
    let tag = &rest[..end];
    let inner = tag.trim_start_matches('<');
    let (is_end, inner) = match inner.strip_prefix('/') {
        Some(s) => (true, s),
        None => (false, inner),
    };
    let name: String = inner.chars().take_while(char::is_ascii_alphanumeric).collect();
    (!name.is_empty()).then_some((name, is_end, tag))
}

/// Term links (and marked uses) that sit inside code, a link or a heading.
fn misplaced_terms(html: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut bad = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off;
        let Some((name, is_end, tag)) = tag_at(html, i) else {
            i += 1;
            continue;
        };
        if is_end {
            if let Some(pos) = stack.iter().rposition(|n| *n == name) {
                stack.truncate(pos);
            }
        } else {
            let is_term = tag.contains("class=\"term\"") || tag.contains("class=\"term-use\"");
            let forbidden = ["code", "a", "h1", "h2", "h3", "h4", "h5", "h6"];
            if is_term && stack.iter().any(|n| forbidden.contains(&n.as_str())) {
                bad.push(format!("{tag} inside {stack:?}"));
            }
            if !matches!(name.as_str(), "br" | "img" | "hr") {
                stack.push(name);
            }
        }
        i += tag.len();
    }
    bad
}

/// The text a reader sees: tooltips and heading anchors dropped, tags
/// removed, entities decoded.
fn visible_words(html: &str) -> Vec<String> {
    let mut out = String::new();
    let mut i = 0;
    while i < html.len() {
        match tag_at(html, i) {
            Some((_, false, tag)) if tag.contains("class=\"term-tip\"") => {
                // Skip to the `</span>` that closes the tooltip.
                let mut depth = 0;
                while let Some(off) = html[i..].find('<') {
                    i += off;
                    match tag_at(html, i) {
                        Some((n, end, t)) if n == "span" => {
                            depth += if end { -1 } else { 1 };
                            i += t.len();
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => i += 1,
                    }
                }
            }
            Some((_, false, tag)) if tag.contains("class=\"anchor\"") => {
                i += html[i..].find("</a>").map_or(html.len() - i, |e| e + 4);
            }
            Some((_, _, tag)) => i += tag.len(),
            None => {
                let c = html[i..].chars().next().unwrap();
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    let text = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().map(str::to_string).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn glossary_links_only_prose_and_keeps_the_text(blocks in prop::collection::vec(block(), 1..10)) {
        let (md, words) = markdown_and_words(&blocks);
        let html = render(&md);
        let bad = misplaced_terms(&html);
        prop_assert!(bad.is_empty(), "{bad:?}\n{md}\n{html}");
        prop_assert_eq!(visible_words(&html), words, "\n{}\n{}", md, html);
        // Not vacuous: a bare OAS in a paragraph is linked.
        let bare = blocks.iter().any(|b| matches!(b, Block::Paragraph(i) if i.iter().any(|x| matches!(x, Inline::Word("OAS")))));
        if bare {
            prop_assert!(html.contains("<a class=\"term\" href=\"/glossary/oas/\""), "\n{}\n{}", md, html);
        }
    }
}

#[test]
fn the_helpers_see_what_they_should() {
    let html = render("The OAS and `OAS` and [OAS](other.md).\n\n## OAS\n");
    assert!(misplaced_terms(&html).is_empty(), "{html}");
    assert_eq!(misplaced_terms("<code><a class=\"term\" href=\"x\">OAS</a></code>").len(), 1);
    assert_eq!(visible_words(&html), ["The", "OAS", "and", "OAS", "and", "OAS.", "OAS"], "{html}");
}

// ---------------------------------------------------------------- importer

const PROSE: &[&str] = &[
    "the",
    "security",
    "of",
    "states",
    "in",
    "region",
    "was",
    "discussed",
    "by",
    "ministers",
    "and",
    "their",
    "advisers",
    "OAS",
    "Santiago,",
    "threats.",
    "new",
    "(2002)",
    "renewal",
    "hemispheric",
    "defence;",
    "R&D",
    "a<b",
    "*stars*",
    "_under_",
    "[brackets]",
    "`ticks`",
    "#hash",
    "50%",
    "self-defence",
    "Américas",
    "niño",
    "\"quoted\"",
    "it's",
    "e.g.",
    "etc.",
    "x",
];
const HEADS: &[&str] =
    &["Security", "Hemispheric", "Review", "Defence", "Institutions", "Renewal", "Cooperation", "Threats"];

#[derive(Debug, Clone)]
struct Section {
    heading: Vec<&'static str>,
    paragraphs: Vec<Vec<&'static str>>,
    items: Vec<Vec<&'static str>>,
    subsections: Vec<(Vec<&'static str>, Vec<Vec<&'static str>>)>,
}

fn paragraph() -> impl Strategy<Value = Vec<&'static str>> {
    // Starting with a lower-case word and long enough not to pass for a heading.
    (select(&PROSE[..12]), prop::collection::vec(select(PROSE), 8..60)).prop_map(|(first, mut rest)| {
        rest.insert(0, first);
        rest
    })
}

fn section() -> impl Strategy<Value = Section> {
    let heading = || prop::collection::vec(select(HEADS), 1..4);
    (
        heading(),
        prop::collection::vec(paragraph(), 1..4),
        prop::collection::vec(paragraph(), 0..4),
        prop::collection::vec((heading(), prop::collection::vec(paragraph(), 1..3)), 0..3),
    )
        .prop_map(|(heading, paragraphs, items, subsections)| Section { heading, paragraphs, items, subsections })
}

/// Hard-wraps `words` at 68 columns, continuation lines indented by `indent`.
fn wrap(words: &[&str], first: &str, indent: &str) -> String {
    let mut out = String::from(first);
    let mut col = first.len();
    for (i, w) in words.iter().enumerate() {
        if i > 0 && col + 1 + w.len() > 68 {
            out.push('\n');
            out.push_str(indent);
            col = indent.len();
        } else if i > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(w);
        col += w.len();
    }
    out.push('\n');
    out
}

/// A paper in the plain-text layout acta imports: a title in capitals,
/// numbered headings, hard-wrapped paragraphs and bulleted lists.
fn paper(sections: &[Section]) -> String {
    let mut text = String::from("THE RENEWAL OF SECURITY INSTITUTIONS\n\n");
    for (i, s) in sections.iter().enumerate() {
        text.push_str(&format!("{}. {}\n\n", i + 1, s.heading.join(" ")));
        for p in &s.paragraphs {
            text.push_str(&wrap(p, "", ""));
            text.push('\n');
        }
        for item in &s.items {
            text.push_str(&wrap(item, "• ", "  "));
        }
        if !s.items.is_empty() {
            text.push('\n');
        }
        for (j, (heading, paragraphs)) in s.subsections.iter().enumerate() {
            text.push_str(&format!("{}.{}. {}\n\n", i + 1, j + 1, heading.join(" ")));
            for p in paragraphs {
                text.push_str(&wrap(p, "", ""));
                text.push('\n');
            }
        }
    }
    text
}

/// Letters and digits, lower-cased, in order: what "no word lost" compares.
fn alnum_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_importer_loses_no_word(sections in prop::collection::vec(section(), 1..5), level in 1u8..=2) {
        let text = paper(&sections);
        let body_start = text.find("\n1. ").unwrap();
        let expected = alnum_words(&text[body_start..]);
        let pages = import_text(text.as_bytes(), &ImportOptions { split_level: level, fallback_title: "x".into() }).unwrap();
        let bodies: String = pages
            .iter()
            .map(|p| {
                let rest = p.contents.strip_prefix("---\n").unwrap();
                let body = &rest[rest.find("\n---\n").unwrap() + 5..];
                body.lines().filter(|l| !l.starts_with("<div") && !l.starts_with("</div")).collect::<Vec<_>>().join("\n")
            })
            .collect::<Vec<_>>()
            .join("\n");
        prop_assert_eq!(alnum_words(&bodies), expected, "\n{}\n----\n{}", text, bodies);
    }
}
