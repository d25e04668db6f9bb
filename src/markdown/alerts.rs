//! GitHub's alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`,
//! `[!CAUTION]`) as admonitions: a `role="note"` block whose visible title
//! says what kind it is, so a screen reader announces it as the eye sees it.
//! The marker itself never reaches the text (the parser takes it), so the
//! glossary's lint never sees `NOTE` as an acronym.

use pulldown_cmark::{BlockQuoteKind, Event, Tag, TagEnd};

/// The admonition's HTML for an alert's start and end; every other event
/// is given back.
pub(super) fn rewrite(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::BlockQuote(Some(kind))) => {
            let (class, title) = names(kind);
            Event::Html(
                format!(
                    "<div class=\"admonition {class}\" role=\"note\">\n<p class=\"admonition-title\">{title}</p>\n"
                )
                .into(),
            )
        }
        Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html("</div>\n".into()),
        other => other,
    }
}

/// The class and the visible title of each kind.
fn names(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}
