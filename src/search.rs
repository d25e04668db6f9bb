//! Site search: a Pagefind index of the rendered pages, built in memory.
//!
//! Pagefind, rather than an index of our own: it is made for static sites,
//! splits its index into chunks that a browser loads on demand (so a
//! 10,000-page site does not ship one huge file), stems words, highlights
//! excerpts, and ships an accessible UI. It indexes the `data-pagefind-body`
//! element of each page and skips navigation and tooltips (see `EXCLUDE`).

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::site::OutputFile;

/// Parts of a page that are not its text: they would match every search.
const EXCLUDE: &[&str] = &[".term-tip", "nav", ".toc", ".breadcrumbs", ".prev-next", ".anchor"];

/// The folder of the index in the output.
pub const DIR: &str = "pagefind";

/// Indexes `pages` (rendered HTML) and returns the index files, under `pagefind/`.
pub fn index(pages: &[OutputFile], language: &str) -> Result<Vec<OutputFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .exclude_selectors(EXCLUDE.iter().map(|s| s.to_string()).collect())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for page in pages.iter().filter(|p| p.rel.ends_with(".html")) {
            let html = String::from_utf8_lossy(&page.bytes).into_owned();
            index.add_html_file(Some(page.rel.clone()), None, html).await.map_err(|e| format!("{}: {e}", page.rel))?;
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
