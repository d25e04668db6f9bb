//! Site search: a Pagefind index of the rendered pages, built in memory.
//!
//! Pagefind, rather than an index of our own: it is made for static sites,
//! splits its index into chunks that a browser loads on demand (so a
//! 10,000-page site does not ship one huge file), stems words, highlights
//! excerpts, and ships an accessible UI.
//!
//! It is given a small document per page — title, a term's forms, the
//! rendered body — rather than the page's full HTML: parsing every page's
//! navigation cost more than the indexing itself.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::site::OutputFile;

/// Parts of a body that are not its text: tooltips would match every search.
const EXCLUDE: &[&str] = &[".term-tip", ".anchor"];

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
        html.push_str(body);
        html.push_str("</main></body></html>");
        Document { url, html }
    }
}

/// The folder of the index in the output.
pub const DIR: &str = "pagefind";

/// Indexes `docs` and returns the index files, under `pagefind/`.
pub fn index(docs: Vec<Document>, language: &str) -> Result<Vec<OutputFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            // Pagefind wants the primary language subtag (`es` of `es-CL`).
            .force_language(language.split('-').next().unwrap_or("en").to_ascii_lowercase())
            .exclude_selectors(EXCLUDE.iter().map(|s| s.to_string()).collect())
            .build();
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
        assert!(
            page.html.contains(r#"<title>&lt;b&gt;</title>"#) && page.html.contains(r#"weight="7">&lt;b&gt;</h1>"#)
        );
    }
}
