//! The files besides the pages: 404, sitemap, robots.txt, the Atom feed and
//! alias redirects — each a built-in template (`sitemap.xml`, `robots.txt`,
//! `atom.xml`, `alias.html`) that a theme or the site overrides by name —
//! and the static files and content assets, copied.

use std::collections::HashSet;

use serde::Serialize;
use tera::Context;

use super::Site;
use crate::content::{Page, PageId};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::html::encode_path;
use crate::nav::Nav;
use crate::rendered::{CopiedFile, OutputFile, Rendered};
use crate::templates::ConfigContext;
use crate::theme::Source;

impl Site {
    /// Alias redirects, 404, sitemap, robots.txt, the code stylesheet, static files, assets.
    pub(super) fn render_extras(
        &self,
        config: &ConfigContext<'_>,
        generated: &HashSet<String>,
        out: &mut Rendered,
        diags: &mut Diagnostics,
    ) {
        let mut context = Context::new();
        context.insert("config", config);
        // One 404 for the whole site, in its default language.
        context.insert("translations", &Vec::<()>::new());
        context.insert_value("strings", self.strings.of(&self.config.language));
        context.insert(
            "nav",
            &Nav::new(&self.library, &self.base_path).with_strings(&self.strings).seen_from(self.library.home),
        );
        match self.templates.render("404.html", &context) {
            Ok(html) => out.files.push(OutputFile { rel: "404.html".into(), bytes: html.into_bytes().into() }),
            Err(d) => diags.push(d),
        }

        let base = self.config.base_url_slash();
        let sitemap = SitemapContext {
            config,
            base: &base,
            pages: self
                .library
                .reading_order
                .iter()
                .map(|&id| {
                    let page = &self.library.pages[id];
                    (page.url.clone(), page.meta.date.as_deref(), self.alternates(id))
                })
                .chain(self.taxonomy_urls().into_iter().map(|(url, date)| (url, date, Vec::new())))
                .map(|(url, date, alternates)| SitemapEntry {
                    loc: format!("{base}{}", encode_path(&url)),
                    lastmod: date.map(|d| d.get(..10).unwrap_or(d)),
                    alternates,
                })
                .collect(),
        };
        for name in ["sitemap.xml", "robots.txt"] {
            self.render_extra(name, &sitemap, out, diags);
        }
        if self.config.feed {
            let languages = crate::lang::Languages::from_config(&self.config);
            for lang in languages.codes() {
                let prefix = languages.prefix(lang);
                let home = format!("{base}{}", encode_path(&self.library.pages[self.library.home_of(lang)].url));
                let title = self.config.languages.get(lang).and_then(|l| l.title.clone());
                let pages = self.library.pages.iter().filter(|p| p.lang == lang);
                let title = title.unwrap_or_else(|| self.config.title.clone());
                let feed = self.feed_of(&base, lang, title, pages, format!("{base}{prefix}atom.xml"), home);
                match context_of(&feed).and_then(|c| self.templates.render("atom.xml", &c)) {
                    Ok(text) => {
                        out.files.push(OutputFile { rel: format!("{prefix}atom.xml"), bytes: text.into_bytes().into() })
                    }
                    Err(d) => diags.push(d),
                }
            }
        }
        self.citation_files(out);
        // Aliases come last: they must not replace any file written above.
        let redirects = self.aliases(generated, out, diags);
        out.files.extend(redirects);
        self.copies(generated, out, diags);
    }

    /// The redirect page at each alias, or why an alias cannot have one.
    fn aliases(&self, generated: &HashSet<String>, out: &Rendered, diags: &mut Diagnostics) -> Vec<OutputFile> {
        let mut taken: std::collections::HashSet<String> = self.library.pages.iter().map(|p| p.url.clone()).collect();
        // Files the alias's folder would have to pass through or replace.
        let files: HashSet<&str> = generated
            .iter()
            .map(String::as_str)
            .chain(out.files.iter().map(|f| f.rel.as_str()))
            .chain(self.theme.statics.iter().map(|s| s.rel.as_str()))
            .chain(self.library.assets.iter().map(|a| a.rel.as_str()))
            .collect();
        let mut redirects = Vec::new();
        for page in &self.library.pages {
            for alias in &page.meta.aliases {
                let (line, column) = alias_position(&page.front_matter, alias);
                let at = |message: String| Diagnostic::error(&page.path, line, column, message);
                let clean = alias.trim_matches('/');
                let drive = clean.as_bytes().get(1) == Some(&b':') && clean.as_bytes()[0].is_ascii_alphabetic();
                if clean.is_empty()
                    // `..` climbs out; `.git`, `.acta-manifest`: the author's or acta's own files.
                    || clean.split('/').any(|c| c.starts_with('.'))
                    || crate::html::is_script_url(alias)
                    // Windows paths: a name with `\` on Unix, another folder on Windows.
                    || clean.contains('\\')
                    || drive
                    || clean.chars().any(char::is_control)
                {
                    diags.push(
                        at(format!("the alias {alias:?} is not a path inside the site"))
                            .with_hint("write aliases as URL paths with `/`, e.g. `old/page/`"),
                    );
                    continue;
                }
                let url = format!("{clean}/");
                if let Some(file) = parent_dirs_and_self(clean).find(|p| files.contains(p)) {
                    diags.push(
                        at(format!("the alias {alias:?} would replace the generated or copied file `{file}`"))
                            .with_hint("choose another alias"),
                    );
                    continue;
                }
                if !taken.insert(url.clone()) {
                    diags.push(at(format!("the alias {alias:?} is already the URL of another page or alias")));
                    continue;
                }
                let target = format!("{}{}", self.base_path, encode_path(&page.url));
                let context = AliasContext { lang: &page.lang, target: &target };
                match context_of(&context).and_then(|c| self.templates.render("alias.html", &c)) {
                    Ok(html) => {
                        redirects.push(OutputFile { rel: format!("{url}index.html"), bytes: html.into_bytes().into() })
                    }
                    Err(d) => diags.push(d),
                }
            }
        }
        redirects
    }

    /// Static files and content assets, copied. One rule for a path claimed
    /// twice: what acta generates wins over
    /// `static/` (and the theme's static files), with a warning, since the
    /// author's file is silently not published otherwise.
    fn copies(&self, generated: &HashSet<String>, out: &mut Rendered, diags: &mut Diagnostics) {
        let written: HashSet<&String> = generated.iter().chain(out.files.iter().map(|f| &f.rel)).collect();
        for s in &self.theme.statics {
            if !written.contains(&s.rel) {
                out.copies.push(CopiedFile { rel: s.rel.clone(), source: s.source.clone() });
            } else if let Source::Disk(path) = &s.source {
                diags.push(
                    Diagnostic::warning(
                        crate::diagnostic::display_path(&self.root, path),
                        0,
                        0,
                        format!("`{}` is generated by acta, so this static file is not published", s.rel),
                    )
                    .with_hint("rename or remove the static file; a theme overrides generated pages with templates"),
                );
            }
        }
        for a in &self.library.assets {
            if written.contains(&a.rel) {
                diags.push(Diagnostic::error(
                    format!("content/{}", a.rel),
                    0,
                    0,
                    "this file has the same output path as a generated file",
                ));
                continue;
            }
            out.copies.push(CopiedFile { rel: a.rel.clone(), source: Source::Disk(a.abs.clone()) });
        }
    }
}

/// `a`, `a/b`, `a/b/c` for `a/b/c`.
fn parent_dirs_and_self(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i]).chain(std::iter::once(path))
}

/// The file line and column (1-based) of `alias` in a page's front matter,
/// which starts on the file's second line; the `aliases:` line if not found.
fn alias_position(front_matter: &str, alias: &str) -> (usize, usize) {
    let key = crate::content::positions::line_of_key(front_matter, "aliases").unwrap_or(0);
    front_matter
        .lines()
        .enumerate()
        .skip(key)
        .find_map(|(i, l)| {
            // On the key's own line, only after `aliases:`.
            let from = if i == key { l.find(':').map_or(0, |c| c + 1) } else { 0 };
            let rest = &l[from..];
            // As written, or inside a double-quoted YAML string, which doubles `\`.
            let found = rest.find(alias).or_else(|| rest.find(&alias.replace('\\', "\\\\")));
            found.map(|c| (i + 2, l[..from + c].chars().count() + 1))
        })
        .unwrap_or((key + 2, 1))
}

impl Site {
    /// Renders the built-in template `name` (a theme or the site may
    /// override it) into the file of the same name.
    fn render_extra(&self, name: &str, data: &impl Serialize, out: &mut Rendered, diags: &mut Diagnostics) {
        match context_of(data).and_then(|c| self.templates.render(name, &c)) {
            Ok(text) => out.files.push(OutputFile { rel: name.into(), bytes: text.into_bytes().into() }),
            Err(d) => diags.push(d),
        }
    }

    /// The sitemap's `xhtml:link` alternates of page `id`: each translation,
    /// itself included, and `x-default`; none when it has no translation.
    fn alternates(&self, id: PageId) -> Vec<Alternate> {
        let translations: Vec<_> = self.translations(id).into_iter().filter(|t| t.translated).collect();
        if translations.len() < 2 {
            return Vec::new();
        }
        let default = translations.iter().find(|t| t.is_default).map(|t| t.permalink.clone());
        let mut out: Vec<Alternate> =
            translations.into_iter().map(|t| Alternate { hreflang: t.lang.to_string(), href: t.permalink }).collect();
        out.extend(default.map(|href| Alternate { hreflang: "x-default".into(), href }));
        out
    }

    /// An Atom feed's data: the dated pages of `pages`, newest first, at
    /// most 50, in language `lang`; `url` is the feed's own, `home` the page
    /// it follows.
    pub(super) fn feed_of<'a>(
        &'a self,
        base: &'a str,
        lang: &'a str,
        title: String,
        pages: impl Iterator<Item = &'a Page>,
        url: String,
        home: String,
    ) -> FeedContext<'a> {
        let mut dated: Vec<&Page> = pages.filter(|p| p.meta.date.is_some()).collect();
        dated.sort_by(|a, b| b.meta.date.cmp(&a.meta.date));
        let stamp = crate::content::dates::rfc3339;
        let updated =
            dated.first().and_then(|p| p.meta.date.as_deref()).map_or_else(|| "1970-01-01".to_string(), str::to_string);
        FeedContext {
            lang,
            title,
            base,
            url,
            home,
            updated: stamp(&updated),
            author: self.config.author.as_deref(),
            entries: dated
                .into_iter()
                .take(50)
                .map(|page| FeedEntry {
                    title: &page.meta.title,
                    url: format!("{base}{}", encode_path(&page.url)),
                    updated: stamp(page.meta.date.as_deref().unwrap_or_default()),
                    summary: page.meta.description.as_deref(),
                })
                .collect(),
        }
    }
}

/// A template context from a struct of ours: it always serialises to a map,
/// so an error here is acta's, reported rather than unwrapped.
fn context_of(data: &impl Serialize) -> Result<Context, Diagnostic> {
    Context::from_serialize(data).map_err(|e| Diagnostic::site_wide(format!("internal error: a template context: {e}")))
}

/// `sitemap.xml` and `robots.txt`: `base` is the absolute base URL with its
/// slash, `pages` every page in reading order.
#[derive(Serialize)]
struct SitemapContext<'a> {
    config: &'a ConfigContext<'a>,
    base: &'a str,
    pages: Vec<SitemapEntry<'a>>,
}

#[derive(Serialize)]
struct SitemapEntry<'a> {
    loc: String,
    lastmod: Option<&'a str>,
    /// The page's translations, for `<xhtml:link rel="alternate">`.
    alternates: Vec<Alternate>,
}

#[derive(Serialize)]
struct Alternate {
    hreflang: String,
    href: String,
}

/// `alias.html`: the redirect page written at an old URL.
#[derive(Serialize)]
struct AliasContext<'a> {
    lang: &'a str,
    target: &'a str,
}

/// `atom.xml`: the site's feed (one per language: `es/atom.xml`), and
/// each taxonomy value's.
#[derive(Serialize)]
pub(super) struct FeedContext<'a> {
    lang: &'a str,
    title: String,
    /// The site's base URL.
    base: &'a str,
    /// The feed's own URL.
    url: String,
    /// The page the feed follows: the home page, or a value's page.
    home: String,
    updated: String,
    author: Option<&'a str>,
    entries: Vec<FeedEntry<'a>>,
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    url: String,
    updated: String,
    summary: Option<&'a str>,
}
