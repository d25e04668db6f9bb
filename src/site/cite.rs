//! Where citations go: a page's meta tags and JSON-LD (any page whose front
//! matter names `authors`), and for the home page the "Cite this" block
//! and the files it offers, `cite.bib`, `cite.json` and `CITATION.cff` at
//! the output root.

use super::Site;
use crate::citation::{CitationContext, Work};
use crate::content::PageId;
use crate::html::encode_path;
use crate::rendered::{OutputFile, Rendered};

/// The citation files, written beside the home page.
pub(super) const FILES: [&str; 3] = ["cite.bib", "cite.json", "CITATION.cff"];

impl Site {
    /// What to cite page `id` by; `None` when its front matter names no
    /// author (a citation without one is no citation), and then the page's
    /// other citation keys are not used.
    fn work(&self, id: PageId) -> Option<Work<'_>> {
        let page = &self.library.pages[id];
        if page.meta.citation.authors.is_empty() {
            return None;
        }
        Some(Work {
            title: &page.meta.title,
            date: page.meta.date.as_deref(),
            lang: page.meta.lang.as_deref().unwrap_or(&self.config.language),
            url: self.absolute_url(id),
            keys: &page.meta.citation,
        })
    }

    /// The page's absolute URL, when `base_url` is absolute: citations
    /// leave out a URL they cannot make whole.
    fn absolute_url(&self, id: PageId) -> Option<String> {
        let base = self.config.base_url_slash();
        let absolute = base.starts_with("https://") || base.starts_with("http://");
        absolute.then(|| format!("{base}{}", encode_path(&self.library.pages[id].url)))
    }

    /// `citation` in the page's template context.
    pub(super) fn citation_context(&self, id: PageId) -> Option<CitationContext<'_>> {
        let downloads = (id == self.library.home).then(|| self.base_path.clone());
        Some(self.work(id)?.context(downloads))
    }

    /// `cite.bib`, `cite.json` and `CITATION.cff`, when the home page has authors.
    pub(super) fn citation_files(&self, out: &mut Rendered) {
        let Some(work) = self.work(self.library.home) else { return };
        let texts = [work.bibtex(), work.csl_json(), work.citation_cff()];
        for (name, text) in FILES.iter().zip(texts) {
            out.files.push(OutputFile { rel: (*name).into(), bytes: text.into_bytes().into() });
        }
    }
}
