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
        html.push_str(&searchable(body));
        html.push_str("</main></body></html>");
        Document { url, html }
    }
}

/// The folder of the index in the output.
pub const DIR: &str = "pagefind";

/// Indexes `docs` and returns the index files, under `pagefind/`. Pagefind
/// takes one document at a time: they are made as it asks for them.
pub fn index(docs: impl Iterator<Item = Document>, language: &str) -> Result<Vec<OutputFile>, String> {
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
