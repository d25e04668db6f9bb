//! The content model: pages and sections loaded from `content/`, with their
//! URLs, their place in the section tree and the reading order.

pub mod citation;
pub mod collate;
pub mod dates;
pub mod discovery;
pub mod front_matter;
pub mod keys;
pub mod positions;
pub mod summary;
pub mod taxonomy;
pub mod untitled;
pub mod urls;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use collate::{collation_key, collation_key_in, fold_accent, index_letter_in};
pub use discovery::is_ignored_name;
pub use front_matter::FrontMatter;
pub use urls::{slugify, url_of};

use crate::diagnostic::{Diagnostic, Diagnostics};
use urls::page_url;

/// Index of a page in [`Library::pages`].
pub type PageId = usize;

/// How many levels below the home page a page may sit: `content/a.md` and
/// `content/a/_index.md` are on level 1, a page of that section on level 2.
///
/// The navigation lists every level down to the current page, and the theme
/// renders each with a nested Tera component; Tera stops at 20 nested
/// components. 16 leaves room for a theme's own components around it.
pub const MAX_DEPTH: usize = 16;

/// A page (`a/b.md`) or a section (`a/_index.md`).
#[derive(Debug, Clone)]
pub struct Page {
    /// Relative to `content/`, `/`-separated: `a/b.md`.
    pub rel: String,
    /// For diagnostics: relative to the site root, `content/a/b.md`.
    pub path: PathBuf,
    /// Relative to the site's base path, ending in `/`; empty for the home page.
    pub url: String,
    /// The site language the page is written in: the default one, or the
    /// one its file name says (`a.es.md`).
    pub lang: String,
    /// `rel` without the language (`a/b.md` for `a/b.es.md`): the
    /// translations of a page share it.
    pub key: String,
    pub meta: FrontMatter,
    pub body: String,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
    pub is_section: bool,
    /// A glossary term: a page in the glossary folder.
    pub is_term: bool,
    /// The glossary folder's own `_index.md`.
    pub is_glossary_index: bool,
    /// The front matter as written, between its fences, to point
    /// diagnostics at its lines (it starts on line 2); empty without one.
    pub front_matter: String,
    /// How the front matter is written; `None` for a file without one,
    /// titled by its first heading (see [`untitled`]).
    pub format: Option<front_matter::Format>,
    /// Front-matter keys read but not built yet ([`keys::IGNORED`]).
    pub ignored_keys: Vec<&'static str>,
    /// The section this belongs to; `None` for the home page.
    pub parent: Option<PageId>,
    /// Sections only: subsections and pages in order (weight, then title).
    pub children: Vec<PageId>,
}

/// A non-Markdown file under `content/`, copied to the same place in the output.
#[derive(Debug, Clone)]
pub struct Asset {
    pub rel: String,
    pub abs: PathBuf,
}

/// Every page of the site and how they relate.
#[derive(Debug, Clone)]
pub struct Library {
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    pub home: PageId,
    /// Pages in reading order: depth first from the home page.
    pub reading_order: Vec<PageId>,
    by_rel: HashMap<String, PageId>,
    /// (key, language) → page: a page's translations.
    by_key: HashMap<(String, String), PageId>,
    /// Each language's home page, the default language's first.
    homes: Vec<PageId>,
    /// Drafts left out of this build: source path → the URL they would have.
    drafts: HashMap<String, String>,
    /// The home pages made up, the site having no `_index.md` (or no
    /// `_index.es.md` for a language).
    made_up: Vec<PageId>,
    /// The pages `content/SUMMARY.md` lists, in its order ([`summary`]).
    summary: Vec<String>,
    asset_by_rel: HashMap<String, usize>,
    position: Vec<usize>,
}

/// What [`Library::load`] needs to know besides the files.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub drafts: bool,
    /// The glossary folder, relative to `content/` (no slashes around it).
    pub glossary_dir: String,
    /// The title of a home page that has no `_index.md`.
    pub site_title: String,
    /// The taxonomies site.toml declares: the front-matter keys that list
    /// a page's tags, categories… (see [`taxonomy`]).
    pub taxonomies: Vec<String>,
    /// The site's languages: which file names are translations.
    pub languages: crate::lang::Languages,
}

impl LoadOptions {
    /// The options site.toml gives.
    pub fn new(config: &crate::config::Config, drafts: bool) -> LoadOptions {
        LoadOptions {
            drafts,
            glossary_dir: config.glossary.dir.trim_matches('/').to_string(),
            site_title: config.title.clone(),
            languages: crate::lang::Languages::from_config(config),
            taxonomies: config.taxonomy_names(),
        }
    }
}

impl Library {
    /// Loads every page under `<root>/content`, reporting all problems at once.
    pub fn load(root: &Path, opts: &LoadOptions) -> (Option<Library>, Diagnostics) {
        let content_dir = root.join("content");
        let mut diags = Diagnostics::new();
        if !content_dir.is_dir() {
            diags.push(
                Diagnostic::error("content", 0, 0, "there is no content/ folder")
                    .with_hint("put the site's Markdown pages in content/; `acta new DIR` creates a site"),
            );
            return (None, diags);
        }
        let found = discovery::discover(root, &content_dir);
        diags.extend(found.problems);
        let (summaries, files): (Vec<_>, Vec<_>) = found.pages.iter().partition(|f| f.rel == summary::SUMMARY);
        let order = match summaries.first().map(|f| summary::read(f)) {
            Some(Err(d)) => {
                diags.push(d);
                Vec::new()
            }
            Some(Ok(order)) => order,
            None => Vec::new(),
        };
        let loaded: Vec<Result<Page, Diagnostic>> = files.par_iter().map(|f| load_page(root, f, opts)).collect();
        let mut pages = Vec::with_capacity(loaded.len());
        let mut drafts = HashMap::new();
        for page in loaded {
            match page {
                Ok(p) if p.meta.draft && !opts.drafts => {
                    drafts.insert(p.rel, p.url);
                }
                Ok(p) => pages.push(p),
                Err(d) => diags.push(d),
            }
        }
        diags.extend(keys::ignored_warning(&pages));
        summary::apply(&mut pages, &order);
        let assets = found.assets.into_iter().map(|f| Asset { rel: f.rel, abs: f.abs }).collect();
        let mut lib = Library::assemble(pages, assets, opts, &mut diags);
        lib.drafts = drafts;
        lib.summary = order;
        (Some(lib), diags)
    }

    /// Links loaded pages into a tree; pure, so tests can build libraries in memory.
    /// Each language is a tree of its own, under its own home page.
    pub fn assemble(mut pages: Vec<Page>, assets: Vec<Asset>, opts: &LoadOptions, diags: &mut Diagnostics) -> Library {
        let mut made_up = Vec::new();
        for lang in opts.languages.codes() {
            if !pages.iter().any(|p| p.key == "_index.md" && p.lang == lang) {
                made_up.push(made_up_home(opts, lang));
            }
        }
        let made_up_rels: Vec<String> = made_up.iter().map(|p| p.rel.clone()).collect();
        pages.extend(made_up);
        pages.sort_by(|a, b| a.rel.cmp(&b.rel));

        check_duplicate_urls(&pages, diags);
        check_folded_collisions(&pages, &assets, diags);
        let by_rel: HashMap<String, PageId> = pages.iter().enumerate().map(|(i, p)| (p.rel.clone(), i)).collect();
        let by_key: HashMap<(String, String), PageId> =
            pages.iter().enumerate().map(|(i, p)| ((p.key.clone(), p.lang.clone()), i)).collect();
        let homes: Vec<PageId> = opts
            .languages
            .codes()
            .filter_map(|l| by_key.get(&("_index.md".to_string(), l.to_string())))
            .copied()
            .collect();
        let home = homes[0];

        for i in 0..pages.len() {
            if homes.contains(&i) {
                continue;
            }
            let lang_home = homes.iter().copied().find(|&h| pages[h].lang == pages[i].lang).unwrap_or(home);
            let parent = parent_section(&pages[i].key, &pages[i].lang, &by_key).unwrap_or(lang_home);
            pages[i].parent = Some(parent);
            pages[parent].children.push(i);
        }
        for i in 0..pages.len() {
            let mut children = std::mem::take(&mut pages[i].children);
            children.sort_by(|&a, &b| order_key(&pages[a]).cmp(&order_key(&pages[b])));
            pages[i].children = children;
        }

        check_depth(&pages, diags);

        // The default language's pages first, as in a site of one language.
        let mut reading_order = Vec::with_capacity(pages.len());
        for &h in &homes {
            let mut stack = vec![h];
            while let Some(id) = stack.pop() {
                reading_order.push(id);
                stack.extend(pages[id].children.iter().rev());
            }
        }
        let mut position = vec![usize::MAX; pages.len()];
        for (pos, &id) in reading_order.iter().enumerate() {
            position[id] = pos;
        }
        let asset_by_rel = assets.iter().enumerate().map(|(i, a): (usize, &Asset)| (a.rel.clone(), i)).collect();
        Library {
            made_up: made_up_rels.iter().filter_map(|r| by_rel.get(r)).copied().collect(),
            pages,
            assets,
            home,
            reading_order,
            by_rel,
            by_key,
            homes,
            drafts: HashMap::new(),
            summary: Vec::new(),
            asset_by_rel,
            position,
        }
    }

    /// The home page of `lang` (the default language's when the site has not that language).
    pub fn home_of(&self, lang: &str) -> PageId {
        self.homes.iter().copied().find(|&h| self.pages[h].lang == lang).unwrap_or(self.home)
    }

    /// Whether `id` is the home page of a language.
    pub fn is_home(&self, id: PageId) -> bool {
        self.homes.contains(&id)
    }

    /// The translation of page `id` into `lang` (`id` itself for its own language).
    pub fn translation(&self, id: PageId, lang: &str) -> Option<PageId> {
        self.by_key.get(&(self.pages[id].key.clone(), lang.to_string())).copied()
    }

    /// The page made from `content/<rel>`.
    pub fn by_rel(&self, rel: &str) -> Option<PageId> {
        self.by_rel.get(rel).copied()
    }

    /// A warning for each page written without front matter, for sites that
    /// want every page to have one (`[content] require_front_matter`).
    pub fn front_matter_lint(&self) -> Vec<Diagnostic> {
        let written = |(id, _): &(PageId, &Page)| !self.made_up.contains(id);
        self.pages
            .iter()
            .enumerate()
            .filter(written)
            .filter(|(_, p)| p.format.is_none())
            .map(|(_, p)| {
                Diagnostic::warning(
                    &p.path,
                    1,
                    1,
                    format!(
                        "this page has no front matter; its title {:?} comes from its first heading or file name",
                        p.meta.title
                    ),
                )
                .with_hint(
                    "start the file with `---`, `title: …`, `---`, or set `[content] require_front_matter = false`",
                )
            })
            .collect()
    }

    /// The weight `content/SUMMARY.md` gives `content/<rel>`, for a page
    /// read again alone (see `Site::update_body`).
    pub fn summary_weight(&self, rel: &str) -> Option<i64> {
        summary::weight(&self.summary, rel)
    }

    /// Whether `content/<rel>` is a draft this build leaves out.
    pub fn is_draft(&self, rel: &str) -> bool {
        self.drafts.contains_key(rel)
    }

    /// The source path of the draft left out that would be at `url`
    /// (relative to the base path, ending in `/`).
    pub fn draft_at(&self, url: &str) -> Option<&str> {
        self.drafts.iter().find(|(_, u)| *u == url).map(|(rel, _)| rel.as_str())
    }

    /// Whether `content/<rel>` is an asset.
    pub fn has_asset(&self, rel: &str) -> bool {
        self.asset_by_rel.contains_key(rel)
    }

    /// The pages before and after `id` in reading order.
    pub fn neighbours(&self, id: PageId) -> (Option<PageId>, Option<PageId>) {
        let pos = self.position[id];
        if pos == usize::MAX {
            return (None, None);
        }
        // Reading stays in one language.
        let same = |other: &PageId| self.pages[*other].lang == self.pages[id].lang;
        let prev = pos.checked_sub(1).map(|p| self.reading_order[p]).filter(same);
        let next = self.reading_order.get(pos + 1).copied().filter(same);
        (prev, next)
    }

    /// The URL of page `id` on a site served under `base_path` (`/` or `/docs/`).
    pub fn url(&self, base_path: &str, id: PageId) -> String {
        format!("{base_path}{}", crate::html::encode_path(&self.pages[id].url))
    }

    /// The sections above `id`, from the home page down (not `id` itself).
    pub fn ancestors(&self, id: PageId) -> Vec<PageId> {
        let mut out = Vec::new();
        let mut cur = self.pages[id].parent;
        while let Some(p) = cur {
            out.push(p);
            cur = self.pages[p].parent;
        }
        out.reverse();
        out
    }

    /// The glossary terms, in file order.
    pub fn terms(&self) -> impl Iterator<Item = (PageId, &Page)> {
        self.pages.iter().enumerate().filter(|(_, p)| p.is_term)
    }
}

impl Page {
    /// The file line of the first front-matter line that contains `needle`
    /// (the start of the front matter when none does).
    pub fn line_of(&self, needle: &str) -> usize {
        self.front_matter.lines().position(|l| l.contains(needle)).map_or(1, |i| i + 2)
    }
}

/// The home page of a site without `content/_index.md` (or, for another
/// language, `_index.es.md`): the site's title and nothing else.
fn made_up_home(opts: &LoadOptions, lang: &str) -> Page {
    let languages = &opts.languages;
    let (rel, title) = match languages.others.iter().find(|(code, _)| code == lang) {
        Some((code, title)) => (format!("_index.{code}.md"), title.clone()),
        None => ("_index.md".to_string(), opts.site_title.clone()),
    };
    Page {
        path: PathBuf::from("content").join(&rel),
        rel,
        url: languages.prefix(lang),
        lang: lang.to_string(),
        key: "_index.md".into(),
        meta: FrontMatter { title, ..FrontMatter::default() },
        body: String::new(),
        body_line: 1,
        is_section: true,
        is_term: false,
        is_glossary_index: false,
        front_matter: String::new(),
        format: None,
        ignored_keys: Vec::new(),
        parent: None,
        children: Vec::new(),
    }
}

/// An error for each page whose URL another page has already.
fn check_duplicate_urls(pages: &[Page], diags: &mut Diagnostics) {
    let mut by_url: HashMap<&str, usize> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        if let Some(&j) = by_url.get(p.url.as_str()) {
            diags.push(
                Diagnostic::error(
                    &p.path,
                    0,
                    0,
                    format!("{} and {} both make the page /{}", pages[j].path.display(), p.path.display(), p.url),
                )
                .with_hint("rename or remove one of the two files"),
            );
        } else {
            by_url.insert(&p.url, i);
        }
    }
}

/// One error, on the deepest page, when pages sit more than [`MAX_DEPTH`]
/// levels deep: past that the navigation cannot be rendered.
fn check_depth(pages: &[Page], diags: &mut Diagnostics) {
    let depth = |mut id: PageId| {
        let mut d = 0;
        while let Some(p) = pages[id].parent {
            d += 1;
            id = p;
        }
        d
    };
    let too_deep: Vec<(usize, PageId)> =
        (0..pages.len()).map(|id| (depth(id), id)).filter(|&(d, _)| d > MAX_DEPTH).collect();
    let Some(&(deepest, id)) = too_deep.iter().max_by_key(|&&(d, id)| (d, std::cmp::Reverse(id))) else { return };
    let others = match too_deep.len() - 1 {
        0 => String::new(),
        1 => " (1 other page is too deep too)".to_string(),
        n => format!(" ({n} other pages are too deep too)"),
    };
    diags.push(
        Diagnostic::error(
            &pages[id].path,
            0,
            0,
            format!(
                "this page is {deepest} levels below the home page{others}; the navigation allows at most {MAX_DEPTH}"
            ),
        )
        .with_hint("move its folders up, or turn the deepest sections into pages with headings"),
    );
}

/// Where a page goes among its siblings: by weight, then A–Z. Glossary terms
/// go A–Z only, as the glossary index lists them (which a weight could not
/// reorder without breaking its letters): the sidebar shows them alike.
fn order_key(p: &Page) -> (i64, (String, String), &str) {
    let weight = if p.is_term { None } else { p.meta.weight };
    (weight.unwrap_or(i64::MAX), collation_key_in(&p.meta.title, &p.lang), &p.rel)
}

/// The nearest section of `lang` above `key` (for a section, above its own
/// folder): `_index.md`, or its translation into `lang`.
fn parent_section(key: &str, lang: &str, by_key: &HashMap<(String, String), PageId>) -> Option<PageId> {
    let mut dir = key.rsplit_once('/').map_or("", |(d, _)| d);
    if key.ends_with("_index.md") {
        dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        if key == "_index.md" {
            return None;
        }
    }
    loop {
        let candidate = if dir.is_empty() { "_index.md".to_string() } else { format!("{dir}/_index.md") };
        if let Some(&id) = by_key.get(&(candidate, lang.to_string())) {
            return Some(id);
        }
        if dir.is_empty() {
            return None;
        }
        dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
    }
}

/// Reports output paths that differ only by case or by Unicode normalisation:
/// one overwrites the other on macOS and Windows hosts (and in most zip files).
fn check_folded_collisions(pages: &[Page], assets: &[Asset], diags: &mut Diagnostics) {
    use unicode_normalization::UnicodeNormalization;
    let outputs = pages
        .iter()
        .map(|p| (format!("{}index.html", p.url), p.path.clone()))
        .chain(assets.iter().map(|a| (a.rel.clone(), PathBuf::from("content").join(&a.rel))));
    let mut seen: HashMap<String, (String, PathBuf)> = HashMap::new();
    for (out, path) in outputs {
        let folded: String = out.nfc().flat_map(char::to_lowercase).collect();
        match seen.get(&folded) {
            // The same path exactly is reported where it is written.
            Some((first, other)) if *first != out => diags.push(
                Diagnostic::error(
                    &path,
                    0,
                    0,
                    format!(
                        "this file's output `{out}` differs from that of {} (`{first}`) only by case or accents' encoding",
                        other.display()
                    ),
                )
                .with_hint("hosts on macOS and Windows would keep only one of them: rename one of the two files"),
            ),
            Some(_) => {}
            None => {
                seen.insert(folded, (out, path));
            }
        }
    }
}

/// Reads `content/<rel>` again, as [`Library::load`] would.
pub fn reload_page(root: &Path, rel: &str, opts: &LoadOptions) -> Result<Page, Diagnostic> {
    let found = discovery::Found { rel: rel.to_string(), abs: root.join("content").join(rel) };
    load_page(root, &found, opts)
}

fn load_page(root: &Path, f: &discovery::Found, opts: &LoadOptions) -> Result<Page, Diagnostic> {
    let path = crate::diagnostic::display_path(root, &f.abs);
    let bytes =
        std::fs::read(&f.abs).map_err(|e| Diagnostic::error(&path, 0, 0, format!("cannot read the file: {e}")))?;
    let text = discovery::decode(&path, bytes)?;
    let languages = &opts.languages;
    let (key, lang) = languages.split(&f.rel).map_err(|code| languages.undeclared(&path, code))?;
    let is_section = key == "_index.md" || key.ends_with("/_index.md");
    let in_glossary = f.rel.starts_with(&format!("{}/", opts.glossary_dir));
    let kind = match (in_glossary && !is_section, is_section) {
        (true, _) => keys::Kind::Term,
        (false, true) => keys::Kind::Section,
        (false, false) => keys::Kind::Page,
    };
    let (meta, body, body_line, front_matter, format, ignored_keys) =
        match front_matter::parse(&path, &text, kind, &opts.taxonomies)? {
            Some(p) => (p.meta, p.body.to_string(), p.body_line, p.block.to_string(), Some(p.format), p.ignored),
            None => {
                let (title, body) = untitled::title_and_body(&f.rel, &text);
                let title =
                    title.unwrap_or_else(|| if f.rel == "_index.md" { opts.site_title.clone() } else { f.rel.clone() });
                (FrontMatter { title, ..FrontMatter::default() }, body, 1, String::new(), None, Vec::new())
            }
        };
    // A translated term is a page of its language until glossaries have
    // languages: the glossary is the default language's.
    let is_term = in_glossary && !is_section && lang == languages.default;
    Ok(Page {
        url: format!("{}{}", languages.prefix(lang), page_url(&path, &key, &meta, &front_matter)?),
        lang: lang.to_string(),
        rel: f.rel.clone(),
        path,
        body,
        body_line,
        meta,
        is_section,
        is_term,
        is_glossary_index: in_glossary && is_section && f.rel == format!("{}/_index.md", opts.glossary_dir),
        key,
        front_matter,
        format,
        ignored_keys,
        parent: None,
        children: Vec::new(),
    })
}
