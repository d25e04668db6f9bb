//! Site search: a Pagefind index of the rendered pages, built in memory.
//!
//! Pagefind, rather than an index of our own: it is made for static sites,
//! splits its index into chunks that a browser loads on demand (so a
//! 10,000-page site does not ship one huge file), stems words, highlights
//! excerpts, and ships an accessible UI.
//!
//! It is given a small document per page — title, a term's forms, the
//! rendered body without its markup for the eye (see [`searchable`]) —
//! rather than the page's full HTML: parsing every page's navigation cost
//! more than the indexing itself.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::rendered::OutputFile;

/// Parts of a body that are not its text (see also [`searchable`]).
const EXCLUDE: &[&str] = &[".anchor"];

/// What the index gets of one page.
pub struct Document {
    /// The page's URL, as links on the site write it.
    pub url: String,
    pub html: String,
}

impl Document {
    /// A page: its title (weighted like Pagefind's own `h1`), then its body.
    /// `forms` are a glossary term's expansion and synonyms, which rank
    /// right after its title.
    pub fn new(url: String, lang: &str, title: &str, forms: &[&str], body: &str) -> Document {
        let mut html = format!(
            "<html lang=\"{}\"><head><title>{}</title></head><body><main data-pagefind-body>",
            crate::html::escape(lang),
            crate::html::escape(title)
        );
        let title_weight = if forms.is_empty() { 7 } else { 10 };
        html.push_str(&format!("<h1 data-pagefind-weight=\"{title_weight}\">{}</h1>", crate::html::escape(title)));
        for form in forms {
            html.push_str(&format!("<p data-pagefind-weight=\"8\">{}</p>", crate::html::escape(form)));
        }
        html.push_str(&searchable(body));
        html.push_str("</main></body></html>");
        Document { url, html }
    }
}

/// The folder of the index in the output.
pub const DIR: &str = "pagefind";

/// Indexes `docs` and returns the index files, under `pagefind/`. Pagefind
/// takes one document at a time: they are made as it asks for them.
///
/// `force_language`: the language of every document, on a site of one
/// language; `None` on a multilingual site, where Pagefind reads each
/// document's `<html lang>` and makes one index per language (the search box
/// of a page loads its own language's).
pub fn index(docs: impl Iterator<Item = Document>, force_language: Option<&str>) -> Result<Vec<OutputFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let builder =
            PagefindServiceConfig::builder().exclude_selectors(EXCLUDE.iter().map(|s| s.to_string()).collect());
        let config = match force_language {
            // Pagefind wants the primary language subtag (`es` of `es-CL`).
            Some(language) => {
                builder.force_language(language.split('-').next().unwrap_or("en").to_ascii_lowercase()).build()
            }
            None => builder.build(),
        };
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for doc in docs {
            index
                .add_html_file(None, Some(doc.url.clone()), doc.html)
                .await
                .map_err(|e| format!("{}: {e}", doc.url))?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .map(|f| {
                let rel = f.filename.to_string_lossy().replace('\\', "/");
                let rel = rel.trim_start_matches('/');
                let rel = if rel.starts_with(&format!("{DIR}/")) { rel.to_string() } else { format!("{DIR}/{rel}") };
                OutputFile { rel, bytes: f.contents.into() }
            })
            .collect())
    })
}

/// A rendered body as the index needs it: the text and its structure,
/// without the markup acta adds for the eye. The highlighting spans of a
/// code block are most of a page's elements (and half of Pagefind's time
/// went to parsing them), and a term's tooltip would make every page that
/// uses the term match a search for the words of its summary. Spans an
/// author wrote stay, with their `data-pagefind-*` attributes.
pub fn searchable(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    // For each open span: whether it is acta's (and its tags dropped).
    let mut open: Vec<bool> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix("</span>") {
            if open.pop() != Some(true) {
                out.push_str("</span>");
            }
            rest = after;
        } else if rest.starts_with("<span class=\"term-tip\"") {
            rest = skip_element(rest);
        } else if rest.starts_with("<span") && rest[5..].starts_with([' ', '>']) {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let ours = rest.starts_with("<span class=\"hl-") || rest.starts_with("<span class=\"term-ref\">");
            if !ours {
                out.push_str(&rest[..end]);
            }
            open.push(ours);
            rest = &rest[end..];
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// What follows the span that `html` starts with (spans nest inside it).
fn skip_element(html: &str) -> &str {
    let mut depth = 0usize;
    let mut pos = 0;
    while let Some(i) = html[pos..].find('<').map(|i| i + pos) {
        if html[i..].starts_with("</span>") {
            depth = depth.saturating_sub(1);
            pos = i + "</span>".len();
            if depth == 0 {
                return &html[pos..];
            }
        } else {
            if html[i..].starts_with("<span") {
                depth += 1;
            }
            pos = i + 1;
        }
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_rank_by_title_then_forms() {
        let doc = Document::new("/g/tiar/".into(), "en", "TIAR", &["Rio Treaty"], "<p>Body &amp; more</p>");
        assert!(
            doc.html.contains(
                r#"<h1 data-pagefind-weight="10">TIAR</h1><p data-pagefind-weight="8">Rio Treaty</p><p>Body"#
            )
        );
        let page = Document::new("/p/".into(), "en", "<b>", &[], "");
        assert!(doc.html.contains("Body &amp; more"));
        assert!(
            page.html.contains(r#"<title>&lt;b&gt;</title>"#) && page.html.contains(r#"weight="7">&lt;b&gt;</h1>"#)
        );
    }

    #[test]
    fn searchable_drops_highlighting_and_tooltips_only() {
        let body = concat!(
            r#"<p>The <span class="term-ref"><a class="term" href="/g/oas/">OAS</a>"#,
            r#"<span class="term-tip" role="tooltip"><span class="term-tip-head"><b>OAS</b></span> "#,
            r#"<span class="term-tip-body">Organization of American States</span></span></span> met.</p>"#,
            r#"<pre><code><span class="hl-source"><span class="hl-keyword">fn</span> a &lt; b</span></code></pre>"#,
            r#"<p><span data-pagefind-weight="3">kept</span> x<y </span></p>"#,
        );
        assert_eq!(
            searchable(body),
            concat!(
                r#"<p>The <a class="term" href="/g/oas/">OAS</a> met.</p>"#,
                r#"<pre><code>fn a &lt; b</code></pre>"#,
                r#"<p><span data-pagefind-weight="3">kept</span> x<y </span></p>"#,
            )
        );
        assert_eq!(searchable(r#"a <span class="term-tip"><span>b"#), "a ");
    }
}
