//! `site.toml` → [`Config`]: typed, with unknown keys rejected.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, line_col};

/// The site's configuration, as written in `site.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    /// Where the site is published, e.g. `https://example.org/docs/`. Only its
    /// path matters for links, so the output also works under a subpath.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// The language of the site's pages; `default_language` (Zola's name)
    /// when the site declares others in `[languages]`.
    #[serde(default = "default_language", alias = "default_language")]
    pub language: String,
    /// The site's other languages (`[languages.es]`): `page.es.md` beside
    /// `page.md` is its Spanish translation, published under `/es/`. May
    /// also hold the default language, to name it in the switcher.
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageConfig>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Build a search index (Pagefind) and show a search box.
    #[serde(default = "default_true")]
    pub search: bool,
    /// Write an Atom feed (`atom.xml`) of the pages that have a `date`.
    #[serde(default)]
    pub feed: bool,
    /// Write the print edition (`print/index.html`) and link it from every page.
    /// Off unless asked for: it is one page holding the whole document, which
    /// suits a paper or a report (the paper site turns it on), not a
    /// 10,000-page manual (a 217 MB page, five times the build's memory, and
    /// two seconds more on every rebuild of the preview).
    #[serde(default)]
    pub print: bool,
    /// Relative to the site root; `public` when absent.
    #[serde(default)]
    pub output_dir: Option<PathBuf>,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub glossary: GlossaryConfig,
    #[serde(default)]
    pub check: CheckConfig,
    #[serde(default)]
    pub content: ContentConfig,
    /// `[[taxonomies]]`: the ways pages are classified (tags, categories),
    /// each with a page listing its values and a page per value.
    #[serde(default)]
    pub taxonomies: Vec<TaxonomyConfig>,
}

/// One `[[taxonomies]]` table, as Zola writes it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// The front-matter key (`tags`) and, as a slug, the URL (`/tags/`).
    pub name: String,
    /// The heading of its pages; the name made readable (`Tags`) when absent.
    #[serde(default)]
    pub title: Option<String>,
    /// Write an Atom feed per value (`/tags/security/atom.xml`).
    #[serde(default)]
    pub feed: bool,
    /// Pages listed on each page of a value; all on one page when absent.
    #[serde(default)]
    pub paginate_by: Option<usize>,
}

/// `[languages.xx]`: what a language changes of the site.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct LanguageConfig {
    /// The site's title in this language (the site's `title` when absent).
    pub title: Option<String>,
    /// The site's description in this language.
    pub description: Option<String>,
    /// The language's name in itself, as the language switcher shows it
    /// ("Español"); the code when absent.
    pub name: Option<String>,
}

/// `[content]`: what the pages must hold.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ContentConfig {
    /// Warn about every page written without front matter. Such a page is
    /// titled by its first heading (see `content::untitled`), as mdBook and
    /// MkDocs pages are; a site of acta's own may want them all explicit.
    pub require_front_matter: bool,
}

/// `[markdown]`: how pages are rendered.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Curly quotes, en and em dashes, ellipses.
    pub smart_punctuation: bool,
    /// A syntect theme name for code in light mode.
    pub highlight_theme: String,
    /// A syntect theme name for code in dark mode.
    pub highlight_theme_dark: String,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: true,
            highlight_theme: "InspiredGitHub".into(),
            highlight_theme_dark: "base16-ocean.dark".into(),
        }
    }
}

/// `[glossary]`: where the terms live and how they are linked.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct GlossaryConfig {
    /// The content folder holding one file per term.
    pub dir: String,
    /// Which occurrences become links: `first` (per page), `all` or `none`.
    pub link: crate::glossary::LinkPolicy,
    /// Spell out the expansion after a term's first use: per page, chapter
    /// or document, or never.
    pub expand_first_use: crate::glossary::first_use::ExpandFirstUse,
    /// Words in capitals that are not acronyms needing an entry (`PDF`, `USA`).
    pub ignore: Vec<String>,
    /// How many pages a term's "Used in" lists, in reading order (0: all).
    /// A term used on thousands of pages would otherwise make its page a
    /// megabyte of links nobody reads; the page says how many are left out,
    /// and terms.json and search have them all.
    pub used_in_limit: usize,
}

impl Default for GlossaryConfig {
    fn default() -> Self {
        GlossaryConfig {
            dir: "glossary".into(),
            link: crate::glossary::LinkPolicy::First,
            expand_first_use: crate::glossary::first_use::ExpandFirstUse::Off,
            ignore: Vec::new(),
            used_in_limit: 100,
        }
    }
}

/// `[check]`: what `acta check` leaves alone, and how strict links are.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    /// URL prefixes `check --external` does not fetch: sites that refuse
    /// robots, or pages behind a login (`https://www.linkedin.com/`).
    pub ignore_external: Vec<String>,
    /// Broken links into the site (missing pages, files, anchors, drafts)
    /// are warnings, not errors: `build` exits 0. For a site still being
    /// written; links to other sites and refused URLs stay errors.
    pub warn_only: bool,
}

fn default_base_url() -> String {
    "/".into()
}
fn default_true() -> bool {
    true
}
fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}

impl Config {
    /// Reads and validates `<root>/site.toml`.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join("site.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::error("site.toml", 0, 0, format!("cannot read the site configuration: {e}")).with_hint(
                "run acta in a site folder (one with site.toml), pass --root DIR, or create a site with `acta new DIR`",
            )
        })?;
        Config::parse(&text)
    }

    /// Parses the text of a `site.toml`.
    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((0, 0), |s| line_col(text, s.start));
            let mut d = Diagnostic::error("site.toml", line, column, e.message().trim().to_string());
            if e.message().contains("unknown field") {
                d = d.with_hint("check the spelling; the valid keys are listed above");
            }
            d
        })?;
        config.validate()?;
        config.validate_taxonomies(text)?;
        crate::lang::check_config(&config.languages, text)?;
        Ok(config)
    }

    /// Checks values a type cannot: run again when the command line overrides one.
    pub fn validate(&self) -> Result<(), Diagnostic> {
        if self.title.trim().is_empty() {
            return Err(Diagnostic::error("site.toml", 1, 1, "`title` is empty"));
        }
        if !crate::lang::is_tag(&self.language) {
            return Err(Diagnostic::error(
                "site.toml",
                0,
                0,
                format!("`language` {:?} is not a language tag", self.language),
            )
            .with_hint("write a BCP 47 language tag such as `en`, `es` or `es-CL`"));
        }
        if let Some(bad) = self.check.ignore_external.iter().find(|p| !crate::html::is_web_url(p)) {
            return Err(Diagnostic::error(
                "site.toml",
                0,
                0,
                format!("`[check] ignore_external` entry {bad:?} is not an http:// or https:// URL"),
            )
            .with_hint("write the start of the URLs to skip, e.g. \"https://www.linkedin.com/\""));
        }
        if self.base_url.contains(['"', '<', '>', ' ']) {
            return Err(Diagnostic::error("site.toml", 0, 0, format!("`base_url` {:?} is not a URL", self.base_url)));
        }
        // `example.org` would become the path `/example.org/` of every link.
        if !self.base_url.contains("://") && !self.base_url.starts_with('/') {
            return Err(Diagnostic::error(
                "site.toml",
                0,
                0,
                format!("`base_url` {:?} has no scheme and is not a path", self.base_url),
            )
            .with_hint(format!(
                "write `https://{}`, or a path such as `/docs/`",
                self.base_url.trim_start_matches('/')
            )));
        }
        Ok(())
    }

    /// A taxonomy's name is a front-matter key and a URL: it must be one,
    /// declared once, and not a key acta already reads.
    fn validate_taxonomies(&self, text: &str) -> Result<(), Diagnostic> {
        let mut seen = std::collections::HashSet::new();
        for t in &self.taxonomies {
            let name = t.name.as_str();
            let bad = if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') {
                Some("is not a name: write letters, digits, `_` or `-`, e.g. `tags`")
            } else if crate::content::keys::all().contains(&name) || name == "taxonomies" {
                Some("is a front-matter key acta reads already: choose another name")
            } else if !seen.insert(crate::content::slugify(name)) {
                Some("is declared twice")
            } else if t.paginate_by == Some(0) {
                Some("has `paginate_by = 0`: write a number of pages from 1, or leave it out")
            } else {
                None
            };
            if let Some(why) = bad {
                // Its `name = "…"` line, for the position (the one TOML gives is lost by now).
                let (line, column) = text.find(&format!("\"{name}\"")).map_or((0, 0), |at| line_col(text, at));
                return Err(Diagnostic::error("site.toml", line, column, format!("the taxonomy {name:?} {why}")));
            }
        }
        Ok(())
    }

    /// The names of the taxonomies, the front-matter keys they take.
    pub fn taxonomy_names(&self) -> Vec<String> {
        self.taxonomies.iter().map(|t| t.name.clone()).collect()
    }

    /// What builds but serves readers badly: a `base_url` that is a path only
    /// makes the sitemap, robots.txt's `Sitemap:`, the feed and canonical
    /// links relative, which the sitemap protocol and search engines reject.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        if crate::html::is_web_url(&self.base_url) {
            return Vec::new();
        }
        vec![
            Diagnostic::warning(
                "site.toml",
                0,
                0,
                format!(
                    "`base_url` {:?} is not an absolute URL: the sitemap, the feed and canonical links will be relative",
                    self.base_url
                ),
            )
            .with_hint("set `base_url = \"https://…/\"` to where the site is published, or pass `--base-url`"),
        ]
    }

    /// The path part of `base_url`, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        let rest = match self.base_url.find("://") {
            Some(i) => {
                let after = &self.base_url[i + 3..];
                after.find('/').map_or("/", |j| &after[j..])
            }
            None => self.base_url.as_str(),
        };
        let trimmed = rest.trim_matches('/');
        if trimmed.is_empty() { "/".into() } else { format!("/{trimmed}/") }
    }

    /// `base_url` with exactly one trailing `/`, for absolute permalinks.
    pub fn base_url_slash(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_key_line_and_valid_keys() {
        let err = Config::parse("title = \"x\"\n\ntitel = \"y\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert!(err.message.contains("titel"), "{}", err.message);
        assert!(err.message.contains("base_url"), "{}", err.message);
    }

    #[test]
    fn ignore_external_takes_web_urls_only() {
        assert!(Config::parse("title = \"x\"\n[check]\nignore_external = [\"https://a.org/\"]").is_ok());
        let err = Config::parse("title = \"x\"\n[check]\nignore_external = [\"a.org\"]").unwrap_err();
        assert!(err.message.contains("\"a.org\" is not an http:// or https:// URL"), "{}", err.message);
    }

    #[test]
    fn a_base_url_must_have_a_scheme_or_be_a_path() {
        let mut c: Config = toml::from_str("title = \"T\"").unwrap();
        c.base_url = "example.org".into();
        let err = c.validate().unwrap_err();
        assert!(err.message.contains("no scheme"), "{}", err.message);
        for ok in ["/", "/docs/", "https://example.org/docs/"] {
            c.base_url = ok.into();
            assert!(c.validate().is_ok(), "{ok}");
        }
        assert_eq!(c.warnings().len(), 0);
        c.base_url = "/docs/".into();
        assert_eq!(c.warnings().len(), 1);
    }

    #[test]
    fn base_path_from_url() {
        let mut c = Config::parse("title = \"x\"").unwrap();
        assert_eq!(c.base_path(), "/");
        c.base_url = "https://example.org/docs".into();
        assert_eq!(c.base_path(), "/docs/");
        c.base_url = "https://example.org".into();
        assert_eq!(c.base_path(), "/");
        c.base_url = "/a/b/".into();
        assert_eq!(c.base_path(), "/a/b/");
    }
}
