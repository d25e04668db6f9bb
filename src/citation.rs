//! "Cite this": a page's citation keys (see `content::citation`) made into
//! what readers and their tools take: the formatted reference and the data
//! for Google Scholar's meta tags (templates write those), schema.org
//! JSON-LD, BibTeX, CSL-JSON and `CITATION.cff`.
//!
//! Pure functions of the page's metadata: the site decides where they go.
//! Names are written as the author wrote them, in every format: a name
//! cannot be split into given and family names reliably (`Gabriel García
//! Márquez`), so BibTeX gets it braced and CSL-JSON as a `literal`.

use serde::Serialize;
use serde_json::{Value, json};

use crate::content::citation::{Author, Citation};

/// What a citation is made of: the page's title and date with its keys.
#[derive(Debug, Clone)]
pub struct Work<'a> {
    pub title: &'a str,
    /// `YYYY-MM-DD`, possibly followed by a time (only the day is used).
    pub date: Option<&'a str>,
    pub lang: &'a str,
    /// The page's absolute URL, when the site has an absolute `base_url`.
    pub url: Option<String>,
    pub keys: &'a Citation,
}

/// `citation` in a page's template context (see the theme's `citation.html`).
#[derive(Debug, Serialize)]
pub struct CitationContext<'a> {
    pub title: &'a str,
    pub authors: &'a [Author],
    /// The day, `YYYY-MM-DD`.
    pub date: Option<&'a str>,
    /// The day as Google Scholar asks for it, `YYYY/MM/DD`.
    pub scholar_date: Option<String>,
    pub publisher: Option<&'a str>,
    pub report_number: Option<&'a str>,
    pub doi: Option<&'a str>,
    pub license: Option<&'a str>,
    pub keywords: &'a [String],
    #[serde(rename = "abstract")]
    pub abstract_text: Option<&'a str>,
    pub lang: &'a str,
    pub url: Option<String>,
    pub is_report: bool,
    /// The formatted reference, in three parts so the title can be set in italics.
    pub reference: Reference,
    /// schema.org JSON-LD, safe to write as it is inside `<script>`.
    pub json_ld: String,
    /// Where `cite.bib`, `cite.json` and `CITATION.cff` are, on the page that
    /// offers them (the home page).
    pub downloads: Option<String>,
}

/// The reference in the site's one style (APA-like, see [`reference`]).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Reference {
    pub before_title: String,
    pub title: String,
    pub after_title: String,
}

impl<'a> Work<'a> {
    fn day(&self) -> Option<&'a str> {
        self.date.map(|d| d.get(..10).unwrap_or(d))
    }

    fn year(&self) -> Option<&'a str> {
        self.date.and_then(|d| d.get(..4))
    }

    fn is_report(&self) -> bool {
        self.keys.report_number.is_some()
    }

    fn doi_url(&self) -> Option<String> {
        self.keys.doi.as_ref().map(|d| format!("https://doi.org/{d}"))
    }

    /// The template context; `downloads` is the folder of the citation files.
    pub fn context(&self, downloads: Option<String>) -> CitationContext<'a> {
        let k = self.keys;
        CitationContext {
            title: self.title,
            authors: &k.authors,
            date: self.day(),
            scholar_date: self.day().map(|d| d.replace('-', "/")),
            publisher: k.publisher.as_deref(),
            report_number: k.report_number.as_deref(),
            doi: k.doi.as_deref(),
            license: k.license.as_deref(),
            keywords: &k.keywords,
            abstract_text: k.abstract_text.as_deref(),
            lang: self.lang,
            url: self.url.clone(),
            is_report: self.is_report(),
            reference: self.reference(),
            json_ld: self.json_ld(),
            downloads,
        }
    }

    /// APA-like, names as written: `A, B, & C. (2002). Title (Report No. 7).
    /// Publisher. https://doi.org/…` — the publisher left out when it is the
    /// only author, the DOI's URL or else the page's.
    pub fn reference(&self) -> Reference {
        let names: Vec<&str> = self.keys.authors.iter().map(|a| a.name.trim()).collect();
        let mut before = match names.as_slice() {
            [] => String::new(),
            [one] => (*one).to_string(),
            [a, b] => format!("{a} & {b}"),
            [rest @ .., last] => format!("{}, & {last}", rest.join(", ")),
        };
        if !before.is_empty() {
            before.push_str(if before.ends_with('.') { " " } else { ". " });
        }
        before.push_str(&format!("({}). ", self.year().unwrap_or("n.d.")));
        let mut after = String::new();
        if let Some(n) = &self.keys.report_number {
            after.push_str(&format!(" (Report No. {n})"));
        }
        after.push('.');
        if let Some(p) = &self.keys.publisher
            && names != [p.trim()]
        {
            after.push_str(&format!(" {p}."));
        }
        if let Some(url) = self.doi_url().or_else(|| self.url.clone()) {
            after.push_str(&format!(" {url}"));
        }
        Reference { before_title: before, title: self.title.trim_end_matches('.').to_string(), after_title: after }
    }

    /// schema.org as JSON-LD, with `<`, `>` and `&` written as JSON escapes
    /// so no text (a title with `</script>`) can end the script element.
    pub fn json_ld(&self) -> String {
        let k = self.keys;
        let authors: Vec<Value> = k
            .authors
            .iter()
            .map(|a| {
                let mut v = json!({"@type": if a.person { "Person" } else { "Organization" }, "name": a.name});
                if let Some(o) = &a.orcid {
                    v["identifier"] = json!(format!("https://orcid.org/{o}"));
                }
                if let Some(aff) = &a.affiliation {
                    v["affiliation"] = json!({"@type": "Organization", "name": aff});
                }
                v
            })
            .collect();
        let mut v = json!({
            "@context": "https://schema.org",
            "@type": if self.is_report() { "Report" } else { "ScholarlyArticle" },
            "name": self.title,
            "headline": self.title,
            "author": authors,
            "inLanguage": self.lang,
        });
        let mut set = |key: &str, value: Option<Value>| {
            if let Some(value) = value {
                v[key] = value;
            }
        };
        set("datePublished", self.day().map(|d| json!(d)));
        set("publisher", k.publisher.as_ref().map(|p| json!({"@type": "Organization", "name": p})));
        set("reportNumber", k.report_number.as_ref().map(|n| json!(n)));
        set("identifier", self.doi_url().map(|d| json!(d)));
        set("license", k.license.as_ref().map(|l| json!(l)));
        set("keywords", (!k.keywords.is_empty()).then(|| json!(k.keywords.join(", "))));
        set("abstract", k.abstract_text.as_ref().map(|a| json!(a)));
        set("url", self.url.as_ref().map(|u| json!(u)));
        script_safe(&v.to_string())
    }

    /// The BibTeX key: the first author's first word and the year (`chile2002`).
    fn key(&self) -> String {
        let first = self.keys.authors.first().map_or(self.title, |a| a.name.as_str());
        let word: String = first
            .split_whitespace()
            .next()
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .flat_map(|c| c.to_lowercase())
            .collect();
        let word = if word.is_empty() { "ref".to_string() } else { word };
        format!("{word}{}", self.year().unwrap_or(""))
    }

    /// `@techreport` for a report (the publisher is its institution), else
    /// `@misc`: BibTeX's `@article` requires a journal, which a document
    /// published on its own has not.
    pub fn bibtex(&self) -> String {
        let k = self.keys;
        let kind = if self.is_report() { "techreport" } else { "misc" };
        let mut fields: Vec<(&str, String)> = vec![("title", format!("{{{}}}", bib_escape(self.title)))];
        if !k.authors.is_empty() {
            let names: Vec<String> = k.authors.iter().map(|a| format!("{{{}}}", bib_escape(&a.name))).collect();
            fields.push(("author", names.join(" and ")));
        }
        if let Some(y) = self.year() {
            fields.push(("year", y.to_string()));
        }
        if let Some(d) = self.day() {
            fields.push(("date", bib_escape(d)));
        }
        let publisher_key = if self.is_report() { "institution" } else { "publisher" };
        let optional = [
            (publisher_key, k.publisher.as_deref()),
            ("number", k.report_number.as_deref()),
            ("doi", k.doi.as_deref()),
            ("url", self.url.as_deref()),
            ("abstract", k.abstract_text.as_deref()),
            ("language", Some(self.lang)),
        ];
        fields.extend(optional.into_iter().filter_map(|(name, v)| Some((name, bib_escape(v?)))));
        if !k.keywords.is_empty() {
            fields.push(("keywords", bib_escape(&k.keywords.join(", "))));
        }
        let body: Vec<String> = fields.iter().map(|(name, v)| format!("  {name} = {{{v}}}")).collect();
        format!("@{kind}{{{},\n{}\n}}\n", self.key(), body.join(",\n"))
    }

    /// CSL-JSON: an array of one item, as Zotero and Pandoc read it.
    pub fn csl_json(&self) -> String {
        let k = self.keys;
        let mut item = json!({
            "id": self.key(),
            "type": if self.is_report() { "report" } else { "article" },
            "title": self.title,
            "author": k.authors.iter().map(|a| json!({"literal": a.name})).collect::<Vec<_>>(),
            "language": self.lang,
        });
        let parts: Option<Vec<u32>> = self.day().map(|d| d.split('-').filter_map(|p| p.parse().ok()).collect());
        let mut set = |key: &str, value: Option<Value>| {
            if let Some(value) = value {
                item[key] = value;
            }
        };
        set("issued", parts.map(|p| json!({"date-parts": [p]})));
        set("publisher", k.publisher.as_ref().map(|p| json!(p)));
        set("number", k.report_number.as_ref().map(|n| json!(n)));
        set("DOI", k.doi.as_ref().map(|d| json!(d)));
        set("URL", self.url.as_ref().map(|u| json!(u)));
        set("license", k.license.as_ref().map(|l| json!(l)));
        set("keyword", (!k.keywords.is_empty()).then(|| json!(k.keywords.join(", "))));
        set("abstract", k.abstract_text.as_ref().map(|a| json!(a)));
        let mut text = serde_json::to_string_pretty(&json!([item])).unwrap_or_default();
        text.push('\n');
        text
    }

    /// `CITATION.cff` (version 1.2.0). Every value is a JSON string, which
    /// YAML reads as a double-quoted scalar: nothing in a title can break it.
    /// A person gets `given-names` and `family-names` (the last word, as CFF
    /// requires names split), an organisation its `name`. `license` is
    /// written only when it looks like an SPDX identifier, which CFF requires.
    pub fn citation_cff(&self) -> String {
        let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let k = self.keys;
        let mut out = String::from("cff-version: 1.2.0\n");
        out.push_str("message: \"If you cite this document, please cite it as below.\"\n");
        out.push_str(&format!("title: {}\n", q(self.title)));
        out.push_str("authors:\n");
        for a in &k.authors {
            let name = a.name.trim();
            match name.rsplit_once(' ').filter(|_| a.person) {
                Some((given, family)) => {
                    out.push_str(&format!("  - family-names: {}\n    given-names: {}\n", q(family), q(given)))
                }
                None if a.person => out.push_str(&format!("  - family-names: {}\n", q(name))),
                None => out.push_str(&format!("  - name: {}\n", q(name))),
            }
            if let Some(o) = &a.orcid {
                out.push_str(&format!("    orcid: {}\n", q(&format!("https://orcid.org/{o}"))));
            }
            if let Some(aff) = a.affiliation.as_deref().filter(|_| a.person) {
                out.push_str(&format!("    affiliation: {}\n", q(aff)));
            }
        }
        if let Some(d) = self.day() {
            out.push_str(&format!("date-released: {}\n", q(d)));
        }
        let spdx = |l: &&String| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || "-.+".contains(c));
        let optional = [
            ("doi", k.doi.as_ref()),
            ("license", k.license.as_ref().filter(spdx)),
            ("abstract", k.abstract_text.as_ref()),
        ];
        for (key, value) in optional {
            if let Some(v) = value {
                out.push_str(&format!("{key}: {}\n", q(v)));
            }
        }
        if let Some(u) = &self.url {
            out.push_str(&format!("url: {}\n", q(u)));
        }
        if !k.keywords.is_empty() {
            out.push_str("keywords:\n");
            for kw in &k.keywords {
                out.push_str(&format!("  - {}\n", q(kw)));
            }
        }
        out
    }
}

/// JSON made safe inside an HTML `<script>`: `<`, `>` and `&` only occur in
/// strings there, where their `\u` escapes mean the same.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// A value inside BibTeX braces: its special characters as LaTeX commands,
/// so braces always balance and nothing becomes markup.
fn bib_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '$' | '&' | '%' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str("\\textasciicircum{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Citation {
        Citation {
            authors: vec![
                Author { name: "Jane Doe".into(), person: true, ..Author::default() },
                Author { name: "Chile".into(), ..Author::default() },
            ],
            report_number: Some("7".into()),
            publisher: Some("Ministry & Co".into()),
            ..Citation::default()
        }
    }

    #[test]
    fn reference_is_apa_like() {
        let k = keys();
        let w = Work { title: "A title.", date: Some("2002-11-18"), lang: "en", url: None, keys: &k };
        let r = w.reference();
        assert_eq!(r.before_title, "Jane Doe & Chile. (2002). ");
        assert_eq!(r.title, "A title");
        assert_eq!(r.after_title, " (Report No. 7). Ministry & Co.");
    }

    #[test]
    fn bibtex_escapes_and_json_ld_cannot_close_the_script() {
        let k = keys();
        let w = Work { title: "50% {of} </script>", date: None, lang: "en", url: None, keys: &k };
        let bib = w.bibtex();
        assert!(bib.contains("title = {{50\\% \\{of\\} </script>}}"), "{bib}");
        assert!(bib.contains("institution = {Ministry \\& Co}"), "{bib}");
        assert!(!w.json_ld().contains('<'));
    }
}
