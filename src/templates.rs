//! Tera templates (theme + site overrides) and the typed context they receive.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostic::Diagnostic;
use crate::markdown::TocEntry;
use crate::theme::TemplateFile;

/// The compiled templates, and where each came from for error messages.
pub struct Templates {
    tera: Tera,
    paths: HashMap<String, PathBuf>,
}

/// Templates every theme must have.
pub const REQUIRED: &[&str] = &["base.html", "index.html", "section.html", "page.html", "404.html"];

impl Templates {
    pub fn compile(files: &[TemplateFile]) -> Result<Templates, Vec<Diagnostic>> {
        let paths: HashMap<String, PathBuf> = files.iter().map(|f| (f.name.clone(), f.path.clone())).collect();
        let mut problems: Vec<Diagnostic> = REQUIRED
            .iter()
            .filter(|name| !paths.contains_key(**name))
            .map(|name| {
                Diagnostic::error(format!("templates/{name}"), 0, 0, format!("the template `{name}` is missing"))
                    .with_hint("every theme needs base.html, index.html, section.html, page.html and 404.html")
            })
            .collect();
        let mut tera = Tera::default();
        tera.autoescape_on([".html", ".xml"]);
        tera.set_escape_fn(crate::html::escape_to_writer);
        if let Err(e) = tera.add_raw_templates(files.iter().map(|f| (f.name.as_str(), f.source.as_str()))) {
            problems.push(to_diagnostic(&e, &paths));
        }
        if problems.is_empty() { Ok(Templates { tera, paths }) } else { Err(problems) }
    }

    pub fn has(&self, name: &str) -> bool {
        self.paths.contains_key(name)
    }

    /// Renders `name`; an error names the template file, line and column.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| to_diagnostic(&e, &self.paths))
    }
}

fn to_diagnostic(e: &tera::Error, paths: &HashMap<String, PathBuf>) -> Diagnostic {
    use tera::ErrorKind;
    let path_of = |name: &str| paths.get(name).cloned().unwrap_or_else(|| PathBuf::from(format!("templates/{name}")));
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let span = r.span();
            Diagnostic::error(
                path_of(r.filename()),
                span.start_line,
                span.start_col + 1,
                format!("template error: {}", r.message()),
            )
        }
        ErrorKind::TemplateNotFound(name) => {
            Diagnostic::error(path_of(name), 0, 0, format!("the template `{name}` does not exist"))
                .with_hint("add it to templates/ or fix the name in `template:` or `extends`")
        }
        ErrorKind::MissingParent { current, parent } => {
            Diagnostic::error(path_of(current), 1, 1, format!("`{current}` extends `{parent}`, which does not exist"))
        }
        other => Diagnostic::error("templates", 0, 0, format!("template error: {other}")),
    }
}

/// `config` in templates.
#[derive(Debug, Serialize)]
pub struct ConfigContext<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub author: Option<&'a str>,
    pub language: &'a str,
    /// As configured; use it for absolute URLs (feeds, canonical links).
    pub base_url: &'a str,
    /// The path every internal URL starts with (`/` or `/docs/`).
    pub base_path: &'a str,
    /// Whether `atom.xml` exists, for `<link rel="alternate">`.
    pub feed: bool,
    /// Whether the site has a search index.
    pub search: bool,
}

/// A link to a page: breadcrumbs, prev/next.
#[derive(Debug, Serialize)]
pub struct LinkContext<'a> {
    pub title: &'a str,
    pub url: String,
}

/// A child of a section, for section listings.
#[derive(Debug, Serialize)]
pub struct ChildContext<'a> {
    pub title: &'a str,
    pub url: String,
    pub description: Option<&'a str>,
    pub number: Option<&'a str>,
    pub is_section: bool,
}

/// `page` (in page templates) or `section` (in section templates).
#[derive(Debug, Serialize)]
pub struct PageContext<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub date: Option<&'a str>,
    pub url: String,
    pub permalink: String,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub lang: &'a str,
    /// The paper's section number (`2.1`), when the page has one.
    pub number: Option<&'a str>,
    pub is_section: bool,
    pub extra: Option<&'a serde_yaml::Value>,
    pub ancestors: Vec<LinkContext<'a>>,
    pub prev: Option<LinkContext<'a>>,
    pub next: Option<LinkContext<'a>>,
    /// Sections only: their pages and subsections in order.
    pub pages: Vec<ChildContext<'a>>,
    /// Where the page is in `content/`, for "edit this page" links.
    pub source: &'a str,
}
