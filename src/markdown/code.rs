//! The code-block pass: a fenced or indented block's text gathered whole,
//! then highlighted (or its last highlighting reused) as one HTML event.

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use super::RenderedMarkdown;
use crate::highlight::Block;

/// Owns the block being read, if any.
pub(super) struct CodePass<'p> {
    /// The page's blocks from its last render: an unchanged one is reused.
    previous: &'p [Block],
    /// The open block's language and text.
    open: Option<(Option<String>, String)>,
}

impl<'p> CodePass<'p> {
    pub(super) fn new(previous: &'p [Block]) -> Self {
        CodePass { previous, open: None }
    }

    pub(super) fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Takes the events of a code block (emitting its HTML at the end);
    /// gives every other event back.
    pub(super) fn take<'a>(
        &mut self,
        event: Event<'a>,
        out: &mut RenderedMarkdown,
        events: &mut Vec<Event<'a>>,
    ) -> Option<Event<'a>> {
        if let Some((lang, text)) = &mut self.open {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let block = crate::highlight::highlight_reusing(text, lang.as_deref(), self.previous);
                    events.push(Event::Html(block.html.to_string().into()));
                    out.code_blocks.push(block);
                    self.open = None;
                }
                _ => {}
            }
            return None;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                self.open = Some((lang, String::new()));
                None
            }
            other => Some(other),
        }
    }
}
