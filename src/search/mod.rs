//! Site search: a Pagefind index of the rendered pages, built in memory.
//!
//! Pagefind, rather than an index of our own: it is made for static sites,
//! splits its index into chunks that a browser loads on demand (so a
//! 10,000-page site does not ship one huge file), stems words, highlights
//! excerpts, and ships an accessible UI.
//!
//! It is given a small document per page — title, a term's forms, the
//! section it belongs to, the rendered body without its markup for the eye
//! (see [`searchable`]) —
//! rather than the page's full HTML: parsing every page's navigation cost
//! more than the indexing itself.

mod files;
mod format;
mod merge;
mod shard;
mod words;

use crate::rendered::OutputFile;

/// Parts of a body that are not its text (see also [`searchable`]).
const EXCLUDE: &[&str] = &[".anchor"];

/// What the index gets of one page.
#[derive(Clone)]
pub struct Document {
    /// The page's URL, as links on the site write it.
    pub url: String,
    pub html: String,
}

/// The weight of a page's names in its text: Pagefind's own for an `h1`.
/// The same for every page, a term's or a chapter's, so that neither kind
/// outranks the other by what it is (issue 17: "drug" listed five glossary
/// entries, whose titles weighed more, above every chapter).
const NAME_WEIGHT: u8 = 7;

impl Document {
    /// A page: its title, then its body. `forms` are a glossary term's
    /// expansion and synonyms: other names of the page, weighted as its
    /// title. `section` is the part of the site it belongs to, shown with
    /// the result (see `search.js`).
    ///
    /// Besides the text, two metadata fields: `names` (the title and the
    /// forms), on which `search.js` puts the boost Pagefind gives by default
    /// to `title`, so that a term ranks first for any of its names; and
    /// `section`, which is not ranked.
    pub fn new(url: String, lang: &str, title: &str, forms: &[&str], section: Option<&str>, body: &str) -> Document {
        Document::of_text(url, lang, title, forms, section, &searchable(body))
    }

    /// As [`Document::new`], of a body already made [`searchable`].
    pub fn of_text(
        url: String,
        lang: &str,
        title: &str,
        forms: &[&str],
        section: Option<&str>,
        text: &str,
    ) -> Document {
        let esc = crate::html::escape;
        let mut html = format!("<html lang=\"{}\"><head><title>{}</title></head><body>", esc(lang), esc(title));
        let names: Vec<&str> = std::iter::once(title).chain(forms.iter().copied()).collect();
        html.push_str(&format!("<i data-pagefind-meta=\"names:{}\"></i>", esc(&names.join(", "))));
        if let Some(section) = section {
            html.push_str(&format!("<i data-pagefind-meta=\"section:{}\"></i>", esc(section)));
        }
        html.push_str(&format!(
            "<main data-pagefind-body><h1 data-pagefind-weight=\"{NAME_WEIGHT}\">{}</h1>",
            esc(title)
        ));
        for form in forms {
            html.push_str(&format!("<p data-pagefind-weight=\"{NAME_WEIGHT}\">{}</p>", esc(form)));
        }
        html.push_str(text);
        html.push_str("</main></body></html>");
        Document { url, html }
    }
}

/// A body's [`searchable`] text, compressed: what a streamed build keeps of
/// a page it has written until the page's shard is indexed (a fifth of the
/// body's HTML, which is dropped).
#[derive(Debug, Clone)]
pub struct Packed(std::sync::Arc<[u8]>);

impl Packed {
    pub fn new(body_html: &str) -> Packed {
        use std::io::Write;
        let text = searchable(body_html);
        let mut gz = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        // Writing into a Vec cannot fail.
        let _ = gz.write_all(text.as_bytes());
        Packed(gz.finish().unwrap_or_default().into())
    }

    pub fn unpack(&self) -> String {
        use std::io::Read;
        let mut text = String::new();
        // Our own bytes, compressed above: they read back.
        let _ = flate2::read::DeflateDecoder::new(&self.0[..]).read_to_string(&mut text);
        text
    }
}

/// The folder of the index in the output.
pub const DIR: &str = "pagefind";

/// A site's search index: its files, and the shards they were merged
/// from, which a rebuild indexes again one at a time ([`Index::update`]).
#[derive(Clone, Default)]
pub struct Index {
    pub files: Vec<OutputFile>,
    shards: std::sync::Arc<Vec<files::Shard>>,
    plan: shard::Plan,
    /// The language every page is indexed in, on a site of one language.
    language: Option<String>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("files", &self.files.len()).field("shards", &self.shards.len()).finish()
    }
}

/// Indexes `docs` (page `n` is document `n`) and returns the index, its
/// files under `pagefind/`: the pages in shards, merged into one index (see
/// [`merge`]). `rebuilt` when the index will be updated by rebuilds (serve):
/// smaller shards, so one edit re-indexes fewer pages, and files compressed
/// fast rather than small.
///
/// `force_language`: the language of every document, on a site of one
/// language; `None` on a multilingual site, where Pagefind reads each
/// document's `<html lang>` and makes one index per language (the search box
/// of a page loads its own language's).
pub fn index(
    docs: impl Iterator<Item = Document> + Send,
    force_language: Option<&str>,
    rebuilt: bool,
) -> Result<Index, String> {
    let plan = if rebuilt { shard::Plan::REBUILT } else { shard::Plan::default() };
    let shards = shard::index(docs, force_language, plan)?;
    let files = merge::merge(&shards, plan.level)?;
    Ok(Index { files, shards: shards.into(), plan, language: force_language.map(str::to_string) })
}

impl Index {
    /// The shards that hold the `dirty` pages: each shard's number and the
    /// pages it holds.
    pub fn shards_of(&self, dirty: &std::collections::HashSet<usize>) -> Vec<(usize, std::ops::Range<usize>)> {
        let size = self.plan.pages.max(1);
        let mut redo: Vec<usize> = dirty.iter().map(|n| n / size).filter(|&k| k < self.shards.len()).collect();
        redo.sort_unstable();
        redo.dedup();
        redo.into_iter().map(|k| (k, k * size..k * size + self.shards[k].page_count())).collect()
    }

    /// The index with shards indexed again from new documents (`redo`: a
    /// shard's number and its pages' documents, see [`Index::shards_of`]),
    /// the other shards kept. `None` if `current()` says, before the merge,
    /// that the result is no longer wanted.
    pub fn update(
        &self,
        redo: Vec<(usize, Vec<Document>)>,
        current: &dyn Fn() -> bool,
    ) -> Result<Option<Index>, String> {
        let mut shards: Vec<files::Shard> = self.shards.as_ref().clone();
        for (k, docs) in redo {
            if k < shards.len() {
                shards[k] = files::Shard::new(shard::index_one(docs, self.language.as_deref())?)?;
            }
        }
        if !current() {
            return Ok(None);
        }
        let files = merge::merge(&shards, self.plan.level)?;
        Ok(Some(Index { files, shards: shards.into(), ..self.clone() }))
    }
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
    fn a_terms_forms_weigh_as_its_title_and_every_page_has_names() {
        let doc =
            Document::new("/g/tiar/".into(), "en", "TIAR", &["Rio Treaty"], Some("Glossary"), "<p>Body &amp; more</p>");
        assert!(doc.html.contains(r#"<i data-pagefind-meta="names:TIAR, Rio Treaty"></i>"#), "{}", doc.html);
        assert!(doc.html.contains(r#"<i data-pagefind-meta="section:Glossary"></i>"#));
        assert!(doc.html.contains(
            r#"<h1 data-pagefind-weight="7">TIAR</h1><p data-pagefind-weight="7">Rio Treaty</p><p>Body &amp; more"#
        ));
        // A chapter's title weighs the same as a term's; a top-level page has no section.
        let page = Document::new("/p/".into(), "en", "<b>\"", &[], None, "");
        assert!(page.html.contains(r#"<title>&lt;b&gt;&quot;</title>"#), "{}", page.html);
        assert!(page.html.contains(r#"weight="7">&lt;b&gt;&quot;</h1>"#));
        assert!(page.html.contains(r#"data-pagefind-meta="names:&lt;b&gt;&quot;""#));
        assert!(!page.html.contains("section:"));
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
