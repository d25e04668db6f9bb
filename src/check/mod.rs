//! `acta check`: build in memory, write nothing, and report every problem at
//! once — the build's own diagnostics plus what only a finished site shows
//! (links to missing files in the output, ids used twice on a page) and, with
//! `--external`, links to other sites that fail ([`external`]).

pub mod external;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::content::Page;
use crate::diagnostic::{Diagnostic, Diagnostics, Failed};
use crate::html::attribute_values;
use crate::site::{BuildOptions, RenderCache, Rendered, Site};

/// What a check found.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Diagnostics,
    /// The counts of the external link check, when it ran.
    pub external: Option<external::Summary>,
}

/// Every diagnostic for the site at `opts.root`; external links are fetched
/// only when `external` is given.
pub fn check(opts: &BuildOptions, external: Option<&external::Options>) -> Report {
    let site = match Site::load(opts) {
        Ok(site) => site,
        Err(Failed(diagnostics)) => return Report { diagnostics, external: None },
    };
    let (rendered, mut diagnostics, cache) = site.render_incremental(None, &HashSet::new());
    diagnostics.extend(check_output(&site, &rendered, &cache));
    site.relax_links(&mut diagnostics);
    let external = external.map(|ext| {
        let (diags, summary) = external::check(external::collect(&site, &rendered, &cache), ext);
        diagnostics.extend(diags);
        summary
    });
    Report { diagnostics, external }
}

/// The rendered HTML of each page, with its id (the files that are not a
/// page's are generated listings and assets, with no Markdown to point at).
fn pages_html<'a>(site: &'a Site, rendered: &'a Rendered) -> Vec<(usize, &'a Page, Cow<'a, str>)> {
    let page_by_rel: HashMap<String, usize> =
        site.library.pages.iter().enumerate().map(|(i, p)| (format!("{}index.html", p.url), i)).collect();
    rendered
        .files
        .iter()
        .filter_map(|file| {
            let &id = page_by_rel.get(&file.rel)?;
            Some((id, &site.library.pages[id], String::from_utf8_lossy(&file.bytes)))
        })
        .collect()
}

/// Checks on the rendered HTML: duplicate ids, and root-relative links to
/// files the site does not have that the page's body did not write — a
/// template's or the front matter's; the body's own links were checked by
/// the render, at their recorded positions.
fn check_output(site: &Site, rendered: &Rendered, cache: &RenderCache) -> Vec<Diagnostic> {
    let base_path = &site.base_path;
    let mut exists: HashSet<String> = rendered.files.iter().map(|f| f.rel.clone()).collect();
    exists.extend(rendered.copies.iter().map(|c| c.rel.clone()));
    // A page that failed to render is reported by its own error: links to
    // it are not broken (after a template error, that would be every link).
    exists.extend(site.library.pages.iter().map(|p| format!("{}index.html", p.url)));
    let mut out = Vec::new();
    for (id, page, html) in pages_html(site, rendered) {
        let recorded: HashSet<&str> = cache.links(id).iter().map(|l| l.url.as_str()).collect();
        let mut seen = HashSet::new();
        for (_, value) in attribute_values(&html, "id") {
            if !seen.insert(value) {
                let (line, column) = locate(page, &format!("id=\"{value}\""));
                out.push(
                    Diagnostic::error(&page.path, line, column, format!("the id `{value}` is used twice on this page"))
                        .with_hint("give headings with the same text an explicit id: `## Title {#other-id}`"),
                );
            }
        }
        let mut reported = HashSet::new();
        for attr in ["href", "src"] {
            for (_, url) in attribute_values(&html, attr) {
                if recorded.contains(crate::html::unescape_attribute(url).as_str()) {
                    continue;
                }
                let Some(path) = url.strip_prefix(base_path.as_str()).filter(|_| !url.starts_with("//")) else {
                    continue;
                };
                let path = path.split(['#', '?']).next().unwrap_or("");
                let path = crate::html::decode_percent(path);
                let target =
                    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.clone() };
                if exists.contains(&target) || exists.contains(&format!("{target}/index.html")) || !reported.insert(url)
                {
                    continue;
                }
                let (line, column) = locate(page, &format!("/{path}"));
                out.push(
                    Diagnostic::error(
                        &page.path,
                        line,
                        column,
                        format!("link to `{url}`, which is not in the built site"),
                    )
                    .with_hint("link pages by their source path (`../a/b.md`) so acta can check and rewrite them")
                    .broken_link(),
                );
            }
        }
    }
    out
}

/// Where `needle` first appears in the page's source; (0, 0) when it does not
/// (the problem then comes from a template, not the page).
fn locate(page: &Page, needle: &str) -> (usize, usize) {
    page.body.find(needle).map_or((0, 0), |offset| position(page, offset))
}

/// Line and column in the page's file of a byte offset in its body.
fn position(page: &Page, offset: usize) -> (usize, usize) {
    let (line, column) = crate::diagnostic::line_col(&page.body, offset);
    (page.body_line + line - 1, column)
}

/// The report as JSON, for CI tools: the counts, every diagnostic, and the
/// external link counts when they were checked.
pub fn to_json(diags: &[Diagnostic], external: Option<&external::Summary>) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let mut value = serde_json::json!({
        "errors": errors,
        "warnings": diags.len() - errors,
        "diagnostics": diags,
    });
    if let (Some(summary), Some(map)) = (external, value.as_object_mut()) {
        map.insert("external".into(), serde_json::json!(summary));
    }
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
