//! A page written without front matter, as mdBook and MkDocs write them:
//! its title is its first heading, or its file name made readable.
//!
//! Themes print the title as the page's heading, so a first heading that
//! opens the file (only blank lines before it) becomes the title and is
//! taken out of the body: the page shows it once, as the title. A first
//! heading further down stays where it is. The heading's lines are blanked,
//! not removed, so every line of the body keeps its number in the file.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The title of a page written without front matter, and its body.
pub fn title_and_body(rel: &str, text: &str) -> (Option<String>, String) {
    let Some((title, range)) = first_heading(text) else { return (readable_name(rel), text.to_string()) };
    if !text[..range.start].trim().is_empty() {
        return (Some(title), text.to_string());
    }
    let heading = &text[range.clone()];
    let blank = "\n".repeat(heading.matches('\n').count());
    (Some(title), format!("{}{blank}{}", &text[..range.start], &text[range.end..]))
}

/// The plain text of the first heading with any, and its bytes.
fn first_heading(text: &str) -> Option<(String, std::ops::Range<usize>)> {
    let mut parser = Parser::new_ext(text, Options::ENABLE_HEADING_ATTRIBUTES).into_offset_iter();
    let start = parser.by_ref().find_map(|(e, r)| matches!(e, Event::Start(Tag::Heading { .. })).then_some(r))?;
    let mut title = String::new();
    for (event, _) in parser.by_ref() {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => title.push_str(&t),
            Event::SoftBreak | Event::HardBreak => title.push(' '),
            _ => {}
        }
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then_some((title, start))
}

/// `getting-started.md` → "Getting started", a section by its folder's name
/// (`user_guide/_index.md` → "User guide"); `None` for the home page.
pub fn readable_name(rel: &str) -> Option<String> {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    let stem = stem.strip_suffix("/_index").unwrap_or(stem);
    let name = stem.rsplit('/').next().filter(|n| !n.is_empty() && *n != "_index")?;
    let words = name.split(['-', '_', ' ']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    let mut chars = words.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_opening_heading_becomes_the_title_once() {
        let (title, body) = title_and_body("a.md", "\n# The *first* `one`\n\nText.\n\n## Later\n");
        assert_eq!(title.as_deref(), Some("The first one"));
        assert_eq!(body, "\n\n\nText.\n\n## Later\n");
        let (title, body) = title_and_body("a.md", "Setext\n======\n\nText.\n");
        assert_eq!((title.as_deref(), body.as_str()), (Some("Setext"), "\n\n\nText.\n"));
    }

    #[test]
    fn a_later_heading_titles_the_page_and_stays() {
        let text = "Intro.\n\n## Details\n";
        assert_eq!(title_and_body("a.md", text), (Some("Details".into()), text.into()));
        assert_eq!(title_and_body("a.md", "```\n# not a heading\n```\n").0.as_deref(), Some("A"));
    }

    #[test]
    fn file_names_made_readable() {
        assert_eq!(readable_name("guide/getting-started.md").as_deref(), Some("Getting started"));
        assert_eq!(readable_name("user_guide/_index.md").as_deref(), Some("User guide"));
        assert_eq!(readable_name("chapter_1.md").as_deref(), Some("Chapter 1"));
        assert_eq!(readable_name("_index.md"), None);
    }
}
