//! Internal links: authors link pages by source path, and we turn those into URLs.
//!
//! `../a/b.md#x` (relative, which also works when the Markdown is read on a
//! code host) and `@/a/b.md#x` (from the content root) both become `/a/b/#x`.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, RefDefs, Tag, TagEnd};

use super::glossary_links::GlossaryPass;
use super::{AnchorLink, LinkKind, LinkRecord, MarkdownContext, RenderedMarkdown, Source};
use crate::content::{Library, Page, PageId};
use crate::diagnostic::Diagnostic;
use crate::html::encode_path;

/// What a link in Markdown points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Left as written: another site, a mail address, a root-relative URL.
    External,
    /// A page of this site, maybe an anchor on it.
    Page { id: PageId, anchor: Option<String> },
    /// An anchor on the page itself.
    SamePage(String),
    /// A file under `content/` that is not a page.
    Asset(String),
    /// `term:slug`, a glossary term by its slug.
    Term(String),
}

/// Where a URL is written: a link is followed, an image is only shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    Link,
    Image,
}

/// Why a link cannot be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// `javascript`, `vbscript` or `data` (see `html::active_scheme`).
    Scheme(&'static str),
    MissingPage(String),
}

/// Resolves `dest` written in the page `from_rel` (a path relative to `content/`).
///
/// URLs that carry their own code are refused, except `data:image/…` in an
/// image: an `<img>` runs no script, and small inline images are common.
pub fn resolve(dest: &str, used: Use, from_rel: &str, lib: &Library) -> Result<Target, LinkError> {
    match crate::html::active_scheme(dest) {
        Some("data") if used == Use::Image && crate::html::is_image_data_url(dest) => return Ok(Target::External),
        Some(scheme) => return Err(LinkError::Scheme(scheme)),
        None => {}
    }
    if let Some(slug) = dest.strip_prefix("term:") {
        return Ok(Target::Term(slug.to_string()));
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Ok(Target::SamePage(anchor.to_string()));
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (dest, None),
    };
    let rel = if let Some(from_root) = path.strip_prefix("@/") {
        normalize(from_root)
    } else if has_scheme(path) || path.starts_with('/') || path.is_empty() || path.contains('?') {
        return Ok(Target::External);
    } else {
        let dir = from_rel.rsplit_once('/').map_or("", |(d, _)| d);
        normalize(&format!("{dir}/{}", crate::html::decode_percent(path)))
    };
    let Some(rel) = rel else {
        return Err(LinkError::MissingPage(path.to_string()));
    };
    if rel.ends_with(".md") {
        return match lib.by_rel(&rel) {
            Some(id) => Ok(Target::Page { id, anchor: fragment.filter(|f| !f.is_empty()) }),
            None => Err(LinkError::MissingPage(rel)),
        };
    }
    if lib.has_asset(&rel) {
        return Ok(Target::Asset(rel));
    }
    // A folder link (`../a/`) written for the code host: its `_index.md`.
    let index = format!("{}/_index.md", rel.trim_end_matches('/'));
    if let Some(id) = lib.by_rel(index.trim_start_matches('/')) {
        return Ok(Target::Page { id, anchor: fragment.filter(|f| !f.is_empty()) });
    }
    Err(LinkError::MissingPage(rel))
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) => {
            let scheme = &s[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => s.starts_with("//"),
    }
}

/// Folds `.` and `..`; `None` when the path climbs out of `content/`.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The link pass: owns how deep the text is in links and images (terms are
/// not linked there) and the explicit `term:` link being read; rewrites
/// every other destination with [`rewrite`].
pub(super) struct LinkPass<'c> {
    from: PageId,
    ctx: &'c MarkdownContext<'c>,
    in_link: usize,
    in_image: usize,
    /// The open `[text](term:slug)`: its term, occurrence id and text so far.
    explicit: Option<(usize, String, String)>,
    /// The page's reference definitions: label (folded) → byte offset of the URL.
    definitions: Vec<(String, usize)>,
}

impl<'c> LinkPass<'c> {
    /// The pass for page `from`, whose reference definitions the parser
    /// read before the first event.
    pub(super) fn new(from: PageId, ctx: &'c MarkdownContext<'c>, defs: &RefDefs<'_>, body: &str) -> Self {
        let definitions = defs
            .iter()
            .map(|(label, def)| (fold_label(label), definition_url_offset(body, def.span.clone())))
            .collect();
        LinkPass { from, ctx, in_link: 0, in_image: 0, explicit: None, definitions }
    }

    /// Where the URL of a link or image spanning `range` is written: for a
    /// reference link, in its definition (one place for every link that uses it).
    fn url_place(&self, src: &Source<'_>, link_type: LinkType, dest: &str, id: &str, range: Range<usize>) -> Place {
        let offset = range.start;
        let at = src.at(offset);
        let by_reference = matches!(
            link_type,
            LinkType::Reference
                | LinkType::ReferenceUnknown
                | LinkType::Collapsed
                | LinkType::CollapsedUnknown
                | LinkType::Shortcut
                | LinkType::ShortcutUnknown
        );
        if by_reference {
            let label = fold_label(id);
            if let Some(&(_, offset)) = self.definitions.iter().find(|(l, _)| *l == label) {
                return Place { at, url_at: src.at(offset), from_definition: true };
            }
        }
        let body = &src.page.body;
        let url = match link_type {
            // `<https://…>`, or a bare URL (GFM's extended autolinks).
            LinkType::Autolink | LinkType::Email => {
                Some(offset + usize::from(body.get(offset..).is_some_and(|r| r.starts_with('<'))))
            }
            _ => inline_url_offset(body, range, dest),
        };
        Place { at, url_at: url.map_or(at, |o| src.at(o)), from_definition: false }
    }

    pub(super) fn depth(&self) -> usize {
        self.in_link + self.in_image
    }

    /// Rewrites a link's or image's destination, and opens an explicit term
    /// link (which it emits itself); gives every other event back.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn take<'a>(
        &mut self,
        event: Event<'a>,
        range: Range<usize>,
        src: &Source<'_>,
        in_heading: bool,
        terms: &mut GlossaryPass<'_>,
        out: &mut RenderedMarkdown,
        events: &mut Vec<Event<'a>>,
    ) -> Option<Event<'a>> {
        let page = src.page;
        Some(match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                self.in_link += 1;
                let place = self.url_place(src, link_type, &dest_url, &id, range.clone());
                let at = place.at;
                if let Some(slug) = dest_url.strip_prefix("term:") {
                    match self.ctx.glossary.glossary.by_slug(slug) {
                        Some(term) if !in_heading => {
                            let (html, occurrence_id) = terms.explicit_link_open(term);
                            self.explicit = Some((term, occurrence_id, String::new()));
                            events.push(Event::InlineHtml(html.into()));
                            return None;
                        }
                        Some(_) => {}
                        None => out.unknown_terms.push((slug.to_string(), at.0, at.1)),
                    }
                }
                // `<a@b.org>`: an address, to which the HTML writer adds
                // `mailto:` itself; never a path (issue 16).
                if link_type == LinkType::Email {
                    return Some(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                }
                let dest = rewrite(&dest_url, Use::Link, self.from, page, self.ctx, place, out);
                Event::Start(Tag::Link { link_type, dest_url: dest.into(), title, id })
            }
            Event::End(TagEnd::Link) => {
                self.in_link = self.in_link.saturating_sub(1);
                if let Some((term, occurrence_id, text)) = self.explicit.take() {
                    out.occurrences.push(std::sync::Arc::new(crate::glossary::usage::Occurrence {
                        term,
                        id: occurrence_id,
                        before: String::new(),
                        text,
                        after: String::new(),
                    }));
                }
                event
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                self.in_image += 1;
                let place = self.url_place(src, link_type, &dest_url, &id, range.clone());
                let dest = rewrite(&dest_url, Use::Image, self.from, page, self.ctx, place, out);
                Event::Start(Tag::Image { link_type, dest_url: dest.into(), title, id })
            }
            Event::End(TagEnd::Image) => {
                self.in_image = self.in_image.saturating_sub(1);
                event
            }
            other => other,
        })
    }

    /// The text of an open explicit term link, for its "Used in" entry.
    pub(super) fn observe(&mut self, event: &Event<'_>) {
        if let (Some(e), Event::Text(t) | Event::Code(t)) = (&mut self.explicit, event) {
            e.2.push_str(t);
        }
    }
}

/// The URL a link or image points at in the output.
fn rewrite(
    dest: &str,
    used: Use,
    from: PageId,
    page: &Page,
    ctx: &MarkdownContext<'_>,
    place: Place,
    out: &mut RenderedMarkdown,
) -> String {
    let (line, column) = place.at;
    let resolved = resolve(dest, used, &page.rel, ctx.library);
    let kind = match &resolved {
        Ok(Target::Page { .. }) => LinkKind::Page,
        Ok(Target::SamePage(_)) => LinkKind::Anchor,
        Ok(Target::Asset(_)) => LinkKind::Asset,
        Ok(Target::Term(_)) => LinkKind::Term,
        Ok(Target::External) | Err(_) => LinkKind::External,
    };
    let url = rewritten(dest, resolved, used, from, page, ctx, (line, column), out);
    let (url_line, url_column) = place.url_at;
    out.links.push(LinkRecord {
        url: url.clone(),
        kind,
        line,
        column,
        url_line,
        url_column,
        from_definition: place.from_definition,
    });
    url
}

/// [`rewrite`] for a URL written at `at` by other means than a link (a
/// shortcode's argument): recorded, checked and rewritten as a link's is.
pub(super) fn rewrite_at(
    dest: &str,
    used: Use,
    from: PageId,
    page: &Page,
    ctx: &MarkdownContext<'_>,
    at: (usize, usize),
    out: &mut RenderedMarkdown,
) -> String {
    rewrite(dest, used, from, page, ctx, Place { at, url_at: at, from_definition: false }, out)
}

/// Where a link is and where its URL is written.
#[derive(Debug, Clone, Copy)]
struct Place {
    at: (usize, usize),
    url_at: (usize, usize),
    from_definition: bool,
}

/// A reference label as the parser matches it: case and runs of
/// whitespace do not count (a close approximation of Unicode case folding).
fn fold_label(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The offset of the URL in the reference definition `[label]: url` at `span`.
fn definition_url_offset(body: &str, span: Range<usize>) -> usize {
    let text = body.get(span.clone()).unwrap_or("");
    let Some(colon) = text.find("]:") else { return span.start };
    let after = &text[colon + 2..];
    let skipped = after.len() - after.trim_start().len();
    let angle = usize::from(after.trim_start().starts_with('<'));
    span.start + colon + 2 + skipped + angle
}

/// The offset of `dest` in the inline link `[text](dest "title")` at
/// `range`: after the `](` that the destination follows (the text may hold
/// the same URL); `None` where the source writes it otherwise (escapes,
/// entities). Only the link's own text is read: a page of many links stays
/// linear.
fn inline_url_offset(body: &str, range: Range<usize>, dest: &str) -> Option<usize> {
    let text = body.get(range.clone())?;
    text.match_indices("](").find_map(|(i, _)| {
        let after = &text[i + 2..];
        let trimmed = after.trim_start().trim_start_matches('<');
        trimmed.starts_with(dest).then(|| range.start + i + 2 + (after.len() - trimmed.len()))
    })
}

/// [`rewrite`]'s URL, and the problems of a link that cannot be resolved.
#[allow(clippy::too_many_arguments)]
fn rewritten(
    dest: &str,
    resolved: Result<Target, LinkError>,
    used: Use,
    from: PageId,
    page: &Page,
    ctx: &MarkdownContext<'_>,
    (line, column): (usize, usize),
    out: &mut RenderedMarkdown,
) -> String {
    match resolved {
        Ok(Target::External) => {
            if dest.starts_with('/') && !dest.starts_with("//") && ctx.base_path != "/" {
                format!("{}{}", ctx.base_path.trim_end_matches('/'), dest)
            } else {
                dest.to_string()
            }
        }
        Ok(Target::SamePage(anchor)) => {
            out.anchor_links.push(AnchorLink { target: from, anchor, line, column });
            dest.to_string()
        }
        Ok(Target::Page { id, anchor }) => {
            let url = ctx.library.url(ctx.base_path, id);
            match anchor {
                Some(a) => {
                    let link = format!("{url}#{}", encode_path(&a));
                    out.anchor_links.push(AnchorLink { target: id, anchor: a, line, column });
                    link
                }
                None => url,
            }
        }
        Ok(Target::Asset(rel)) => format!("{}{}", ctx.base_path, encode_path(&rel)),
        Ok(Target::Term(slug)) => {
            let url = format!("{}/{slug}.md", ctx.glossary_dir);
            match ctx.library.by_rel(&url) {
                Some(id) => ctx.library.url(ctx.base_path, id),
                None => "#".into(),
            }
        }
        Err(LinkError::Scheme(scheme)) => {
            let what = if used == Use::Image { "an image" } else { "a link" };
            let hint = match (scheme, used) {
                ("data", Use::Link) => {
                    "a `data:` URL can be a whole page with its own scripts: link to a page or a web address \
                     (images may use `data:image/…`)"
                }
                ("data", Use::Image) => "images may use `data:image/…` URLs only",
                _ => "link to a page or a web address; put scripts in the theme",
            };
            out.diagnostics.push(
                Diagnostic::error(&page.path, line, column, format!("a `{scheme}:` URL is not allowed in {what}"))
                    .with_hint(hint),
            );
            "#".into()
        }
        Err(LinkError::MissingPage(target)) => {
            let diagnostic = missing_page(dest, &target, page, ctx.library, (line, column));
            out.diagnostics.push(diagnostic.broken_link());
            dest.to_string()
        }
    }
}

/// The error for a link to `content/<target>`, which is not a page of this
/// build: a draft left out is named as one.
fn missing_page(dest: &str, target: &str, page: &Page, lib: &Library, (line, column): (usize, usize)) -> Diagnostic {
    let folder = format!("{}/_index.md", target.trim_end_matches('/'));
    match [target, folder.as_str()].into_iter().find(|rel| lib.is_draft(rel)) {
        Some(rel) => {
            Diagnostic::error(&page.path, line, column, format!("`{rel}` is a draft: build with --drafts or unlink it"))
                .with_hint("drafts (`draft: true`) are left out of the site unless `--drafts` is given")
        }
        None => Diagnostic::error(
            &page.path,
            line,
            column,
            format!("link to a missing page or file: `{dest}` (content/{target})"),
        )
        .with_hint("link pages by their source path, relative (`../a/b.md`) or from the content root (`@/a/b.md`)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_paths() {
        assert_eq!(normalize("a/./b/../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalize("../x.md"), None);
    }

    #[test]
    fn schemes() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(has_scheme("//cdn"));
        assert!(!has_scheme("a/b.md"));
    }
}
