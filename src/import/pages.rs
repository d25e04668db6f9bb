//! Page splitting and front matter.
//!
//! The home page (`_index.md`) holds the title block and the text before the
//! first section. Each top-level section becomes `NN-slug.md`, or, when it
//! has second-level sections and the split level is 2, a folder
//! `NN-slug/` with its own text in `_index.md` and one `MM-slug.md` per
//! subsection. Deeper headings stay inside their page.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::blocks::Doc;
use super::case::{first_sentence, slug};
use super::classify::{Heading, Node};
use super::markdown::render;
use super::{ImportOptions, ImportedPage};

/// Longest `description`, in characters.
const DESCRIPTION_CHARS: usize = 200;

/// Splits the document into pages.
pub(crate) fn build(doc: Doc, opts: &ImportOptions) -> Vec<ImportedPage> {
    let Doc { title, nodes } = doc;
    let mut chunks = split_at(nodes, 1).into_iter();
    let preamble = chunks.next().unwrap_or_default();
    let mut paths = Paths::default();

    let page_title = title.title.clone().filter(|t| !t.is_empty()).unwrap_or_else(|| opts.fallback_title.clone());
    let event_summary: Vec<&str> = ["event", "place", "dates"].iter().filter_map(|key| title.field(key)).collect();
    let description = if title.field("event").is_some() {
        event_summary.join(", ")
    } else {
        first_text(&preamble).or(title.field("subtitle")).unwrap_or(&page_title).to_string()
    };
    let mut fm = FrontMatter::default();
    fm.string("title", &page_title);
    fm.string("description", &describe(&description));
    if !title.fields.is_empty() {
        fm.line("extra:");
        for (key, value) in &title.fields {
            fm.line(&format!("  {key}: {}", quote(value)));
        }
    }
    let mut pages = vec![page(paths.unique("", "_index", ".md"), fm, &preamble)];

    let chunks: Vec<Vec<Node>> = chunks.collect();
    // Front matter (Abstract) and appendices beside numbered sections: the
    // numbers would not order the pages, their place in the text does.
    let numbered = |c: &Vec<Node>| matches!(c.first(), Some(Node::Heading(h)) if h.number.is_some());
    let mixed = chunks.iter().any(numbered) && !chunks.iter().all(numbered);
    for (index, section) in chunks.into_iter().enumerate() {
        let Some(Node::Heading(heading)) = section.first().cloned() else {
            continue;
        };
        let in_order = index as u32 + 1;
        let number = if mixed { in_order } else { part(&heading, 0).unwrap_or(in_order) };
        let name = format!("{number:02}-{}", slug(&heading.text));
        let section_text = first_text(&section).map(str::to_string);
        let mut subs = if opts.split_level >= 2 { split_at(section, 2).into_iter() } else { vec![section].into_iter() };
        let own = subs.next().unwrap_or_default();
        let has_subs = subs.len() > 0;
        let fm = section_front_matter(&heading, number, first_text(&own).or(section_text.as_deref()));
        if !has_subs {
            pages.push(page(paths.unique("", &name, ".md"), fm, &own));
            continue;
        }
        let folder = paths.unique("", &name, "");
        let folder_name = folder.to_string_lossy().to_string();
        pages.push(page(folder.join("_index.md"), fm, &own));
        for (sub_index, sub) in subs.enumerate() {
            let Some(Node::Heading(sub_heading)) = sub.first() else {
                continue;
            };
            let sub_number = part(sub_heading, 1).unwrap_or(sub_index as u32 + 1);
            let sub_name = format!("{sub_number:02}-{}", slug(&sub_heading.text));
            let fm = section_front_matter(sub_heading, sub_number, first_text(&sub));
            pages.push(page(paths.unique(&folder_name, &sub_name, ".md"), fm, &sub));
        }
    }
    pages
}

/// Splits nodes before each heading that starts a page at `depth`; the first chunk is what precedes them.
fn split_at(nodes: Vec<Node>, depth: u8) -> Vec<Vec<Node>> {
    let mut chunks = vec![Vec::new()];
    for node in nodes {
        let starts = matches!(&node, Node::Heading(h) if h.split == Some(depth));
        if starts {
            chunks.push(Vec::new());
        }
        if let Some(chunk) = chunks.last_mut() {
            chunk.push(node);
        }
    }
    chunks
}

fn part(heading: &Heading, i: usize) -> Option<u32> {
    heading.number.as_ref().and_then(|n| n.parts.get(i).copied())
}

/// The first paragraph's text, else the first list item's.
fn first_text(nodes: &[Node]) -> Option<&str> {
    let paragraph = nodes.iter().find_map(|n| match n {
        Node::Paragraph(p) => Some(p.text.as_str()),
        _ => None,
    });
    paragraph.or_else(|| {
        nodes.iter().find_map(|n| match n {
            Node::Item(item) => Some(item.text.as_str()),
            _ => None,
        })
    })
}

fn section_front_matter(heading: &Heading, weight: u32, text: Option<&str>) -> FrontMatter {
    let mut fm = FrontMatter::default();
    fm.string("title", &heading.text);
    fm.line(&format!("weight: {weight}"));
    if let Some(number) = &heading.number {
        fm.string("section", number.dotted());
    }
    fm.string("description", &describe(text.unwrap_or(&heading.text)));
    fm
}

fn page(path: PathBuf, fm: FrontMatter, nodes: &[Node]) -> ImportedPage {
    // The theme shows the page title as the <h1>: the page's first heading is
    // an <h2> and the others keep their distance from it, so no level is
    // skipped (2.1 on its own page is `##`, 2.1.3 under it `###`).
    let top = nodes.iter().filter_map(|n| if let Node::Heading(h) = n { Some(h.level) } else { None }).min();
    let shift = top.map_or(0, |t| t.saturating_sub(2));
    let shifted: Vec<Node>;
    let nodes = if shift > 0 {
        shifted = nodes
            .iter()
            .cloned()
            .map(|n| match n {
                Node::Heading(mut h) => {
                    h.level = h.level.saturating_sub(shift).max(2);
                    Node::Heading(h)
                }
                other => other,
            })
            .collect();
        &shifted[..]
    } else {
        nodes
    };
    let body = render(nodes);
    let contents =
        if body.is_empty() { format!("---\n{}---\n", fm.yaml) } else { format!("---\n{}---\n\n{}\n", fm.yaml, body) };
    ImportedPage { path, contents }
}

/// The first sentence as plain text, at most [`DESCRIPTION_CHARS`] characters, cut at a word.
fn describe(text: &str) -> String {
    let plain = text.replace('*', "");
    let sentence = first_sentence(&plain).split_whitespace().collect::<Vec<_>>().join(" ");
    if sentence.chars().count() <= DESCRIPTION_CHARS {
        return sentence;
    }
    let head: String = sentence.chars().take(DESCRIPTION_CHARS - 1).collect();
    let cut = head.rfind(' ').map_or(head.as_str(), |i| &head[..i]);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ', '-', '—']))
}

/// YAML front matter with every string double-quoted.
#[derive(Default)]
struct FrontMatter {
    yaml: String,
}

impl FrontMatter {
    fn line(&mut self, line: &str) {
        self.yaml.push_str(line);
        self.yaml.push('\n');
    }

    fn string(&mut self, key: &str, value: &str) {
        self.line(&format!("{key}: {}", quote(value)));
    }
}

/// A YAML double-quoted scalar: any text, escaped.
fn quote(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Hands out page paths, numbering repeats (`03-x-2.md`) so that no two pages collide.
#[derive(Default)]
struct Paths {
    used: HashSet<PathBuf>,
    /// For each path asked for, the next number to try: without it the
    /// k-th repeat of a name tried all k-1 numbers before it, quadratic in
    /// a long document whose sections repeat a heading ("Conclusions").
    next: HashMap<PathBuf, u32>,
    /// Paths tried, to test that the work stays linear.
    #[cfg(test)]
    probes: usize,
}

impl Paths {
    fn unique(&mut self, folder: &str, name: &str, ext: &str) -> PathBuf {
        let base = PathBuf::from(folder);
        let wanted = base.join(format!("{name}{ext}"));
        let mut path = wanted.clone();
        let n = self.next.entry(wanted).or_insert(2);
        loop {
            #[cfg(test)]
            {
                self.probes += 1;
            }
            // `03-x-2.md` may also be a page's own name: skip numbers taken.
            if !self.used.contains(&path) {
                break;
            }
            path = base.join(format!("{name}-{n}{ext}"));
            *n += 1;
        }
        self.used.insert(path.clone());
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_cut_at_a_word() {
        assert_eq!(describe("Short one. Second."), "Short one.");
        let long = "word ".repeat(80);
        let cut = describe(&long);
        assert!(cut.chars().count() <= DESCRIPTION_CHARS && cut.ends_with("word…"), "{cut}");
        assert_eq!(describe("**Market.** The market"), "Market.");
    }

    #[test]
    fn yaml_strings_are_escaped() {
        assert_eq!(quote("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
        assert_eq!(quote("\u{7}"), "\"\\u0007\"");
    }

    #[test]
    fn repeated_paths_get_a_suffix() {
        let mut paths = Paths::default();
        assert_eq!(paths.unique("", "03-x", ".md"), PathBuf::from("03-x.md"));
        assert_eq!(paths.unique("", "03-x", ".md"), PathBuf::from("03-x-2.md"));
        assert_eq!(paths.unique("03-y", "01-z", ".md"), PathBuf::from("03-y/01-z.md"));
        // A name that is another's numbered form is skipped over.
        assert_eq!(paths.unique("", "03-x-3", ".md"), PathBuf::from("03-x-3.md"));
        assert_eq!(paths.unique("", "03-x", ".md"), PathBuf::from("03-x-4.md"));
    }

    #[test]
    fn repeated_paths_cost_one_probe_each() {
        let mut paths = Paths::default();
        for _ in 0..2000 {
            paths.unique("", "05-conclusions", ".md");
        }
        assert_eq!(paths.unique("", "05-conclusions", ".md"), PathBuf::from("05-conclusions-2001.md"));
        // Each call tries the path it will hand out, and the first repeat also the bare name.
        assert!(paths.probes <= 2 * 2001, "{} probes for 2001 paths", paths.probes);
    }
}
