//! The content model: pages and sections loaded from `content/`, with their
//! URLs, their place in the section tree and the reading order.

pub mod citation;
pub mod dates;
pub mod discovery;
pub mod front_matter;
pub mod keys;
pub mod positions;
pub mod summary;
pub mod taxonomy;
pub mod untitled;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use discovery::is_ignored_name;
pub use front_matter::FrontMatter;

use crate::diagnostic::{Diagnostic, Diagnostics};

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
    /// Drafts left out of this build: source path → the URL they would have.
    drafts: HashMap<String, String>,
    /// Whether the home page was made up, the site having no `_index.md`.
    home_made_up: bool,
    /// The pages `content/SUMMARY.md` lists, in its order ([`summary`]).
    summary: Vec<String>,
    asset_by_rel: HashMap<String, usize>,
    position: Vec<usize>,
}

/// What [`Library::load`] needs to know besides the files.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub drafts: bool,
    /// The glossary folder, relative to `content/` (no slashes around it).
    pub glossary_dir: String,
    /// The title of a home page that has no `_index.md`.
    pub site_title: String,
    /// The taxonomies site.toml declares: the front-matter keys that list
    /// a page's tags, categories… (see [`taxonomy`]).
    pub taxonomies: Vec<String>,
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
    pub fn assemble(mut pages: Vec<Page>, assets: Vec<Asset>, opts: &LoadOptions, diags: &mut Diagnostics) -> Library {
        let home_made_up = !pages.iter().any(|p| p.rel == "_index.md");
        if home_made_up {
            pages.push(made_up_home(opts));
        }
        pages.sort_by(|a, b| a.rel.cmp(&b.rel));

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
        check_folded_collisions(&pages, &assets, diags);
        let by_rel: HashMap<String, PageId> = pages.iter().enumerate().map(|(i, p)| (p.rel.clone(), i)).collect();
        let home = by_rel["_index.md"];

        for i in 0..pages.len() {
            if i == home {
                continue;
            }
            let parent = parent_section(&pages[i].rel, &by_rel).unwrap_or(home);
            pages[i].parent = Some(parent);
            pages[parent].children.push(i);
        }
        for i in 0..pages.len() {
            let mut children = std::mem::take(&mut pages[i].children);
            children.sort_by(|&a, &b| order_key(&pages[a]).cmp(&order_key(&pages[b])));
            pages[i].children = children;
        }

        check_depth(&pages, diags);

        let mut reading_order = Vec::with_capacity(pages.len());
        let mut stack = vec![home];
        while let Some(id) = stack.pop() {
            reading_order.push(id);
            stack.extend(pages[id].children.iter().rev());
        }
        let mut position = vec![usize::MAX; pages.len()];
        for (pos, &id) in reading_order.iter().enumerate() {
            position[id] = pos;
        }
        let asset_by_rel = assets.iter().enumerate().map(|(i, a): (usize, &Asset)| (a.rel.clone(), i)).collect();
        Library {
            pages,
            assets,
            home,
            reading_order,
            by_rel,
            drafts: HashMap::new(),
            home_made_up,
            summary: Vec::new(),
            asset_by_rel,
            position,
        }
    }

    /// The page made from `content/<rel>`.
    pub fn by_rel(&self, rel: &str) -> Option<PageId> {
        self.by_rel.get(rel).copied()
    }

    /// A warning for each page written without front matter, for sites that
    /// want every page to have one (`[content] require_front_matter`).
    pub fn front_matter_lint(&self) -> Vec<Diagnostic> {
        let written = |(id, _): &(PageId, &Page)| !(self.home_made_up && *id == self.home);
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
        let prev = pos.checked_sub(1).map(|p| self.reading_order[p]);
        let next = self.reading_order.get(pos + 1).copied();
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

/// The home page of a site without `content/_index.md`: the site's title
/// and nothing else.
fn made_up_home(opts: &LoadOptions) -> Page {
    Page {
        rel: "_index.md".into(),
        path: PathBuf::from("content/_index.md"),
        url: String::new(),
        meta: FrontMatter { title: opts.site_title.clone(), ..FrontMatter::default() },
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
    (weight.unwrap_or(i64::MAX), collation_key(&p.meta.title), &p.rel)
}

/// A sort key for A–Z lists: accents sort with their letter (é with e, ñ with n),
/// case is ignored, and the original breaks ties.
pub fn collation_key(s: &str) -> (String, String) {
    let mut folded = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match fold_accent(c) {
            Some(ascii) => folded.push_str(ascii),
            None if c.is_alphanumeric() || c == ' ' => folded.push(c),
            None => {}
        }
    }
    (folded, s.to_string())
}

/// The ASCII letters a lower-case accented Latin letter stands for (`é` →
/// `e`, `ß` → `ss`); `None` for any other character. One table for sorting,
/// slugs and keys, so they all agree on what a letter is.
pub fn fold_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ș' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ț' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// The nearest `_index.md` above `rel` (for a section, above its own folder).
fn parent_section(rel: &str, by_rel: &HashMap<String, PageId>) -> Option<PageId> {
    let mut dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    if rel.ends_with("_index.md") {
        dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        if rel == "_index.md" {
            return None;
        }
    }
    loop {
        let candidate = if dir.is_empty() { "_index.md".to_string() } else { format!("{dir}/_index.md") };
        if let Some(&id) = by_rel.get(&candidate) {
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

/// `a/b.md` → `a/b/`, `a/_index.md` → `a/`, `_index.md` → ``, each folder
/// and file name made a slug (see [`slugify`]).
pub fn url_of(rel: &str) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    if stem == "_index" {
        return String::new();
    }
    let stem = stem.strip_suffix("/_index").unwrap_or(stem);
    let mut url = String::with_capacity(stem.len() + 1);
    for part in stem.split('/') {
        url.push_str(&slugify(part));
        url.push('/');
    }
    url
}

/// A file or folder name as a URL path segment, as Zola does by default:
/// lower case, letters and digits of any script kept (in Unicode's composed
/// form, so a name typed on macOS and one typed elsewhere are one URL),
/// `-`, `_` and `.` kept, every other run of characters (spaces, `#`, `?`,
/// `%`, quotes) one `-`. A name with nothing left is kept as it is (and
/// percent-encoded in links). `slug:` in front matter chooses a page's own.
pub fn slugify(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut slug = String::with_capacity(name.len());
    for c in name.nfc().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || matches!(c, '_' | '.') {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() || slug.chars().all(|c| c == '.') { name.to_string() } else { slug.to_string() }
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
    let is_section = f.rel == "_index.md" || f.rel.ends_with("/_index.md");
    let in_glossary = f.rel.starts_with(&format!("{}/", opts.glossary_dir));
    let is_term = in_glossary && !is_section;
    let kind = match (is_term, is_section) {
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
    Ok(Page {
        url: page_url(&path, &f.rel, &meta, &front_matter)?,
        rel: f.rel.clone(),
        path,
        body,
        body_line,
        meta,
        is_section,
        is_term,
        is_glossary_index: in_glossary && is_section && f.rel == format!("{}/_index.md", opts.glossary_dir),
        front_matter,
        format,
        ignored_keys,
        parent: None,
        children: Vec::new(),
    })
}

/// The page's URL: [`url_of`] its path, with `slug:` replacing the last part.
fn page_url(path: &Path, rel: &str, meta: &FrontMatter, front_matter: &str) -> Result<String, Diagnostic> {
    let url = url_of(rel);
    let Some(slug) = &meta.slug else { return Ok(url) };
    let line = positions::line_of_key(front_matter, "slug").map_or(2, |l| l + 2);
    let clean = slugify(slug.trim());
    if clean.is_empty() || clean.contains(['/', '\\']) || clean.starts_with('.') {
        return Err(Diagnostic::error(path, line, 1, format!("`slug` {slug:?} cannot be a URL path segment"))
            .with_hint("use letters, digits and `-`, e.g. `slug: my-page`; no `/`, and not starting with `.`"));
    }
    let parent = url.trim_end_matches('/').rsplit_once('/').map_or("", |(p, _)| p);
    Ok(if parent.is_empty() { format!("{clean}/") } else { format!("{parent}/{clean}/") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(url_of("a/b.md"), "a/b/");
        assert_eq!(url_of("a/_index.md"), "a/");
        assert_eq!(url_of("_index.md"), "");
        assert_eq!(url_of("b.md"), "b/");
        assert_eq!(url_of("Notes/My Page #1?.md"), "notes/my-page-1/");
        assert_eq!(url_of("100% sure & co.md"), "100-sure-co/");
        assert_eq!(url_of("caf\u{e9}.md"), url_of("cafe\u{301}.md"));
        assert_eq!(url_of("Año/Niño.md"), "año/niño/");
        assert_eq!(url_of("###.md"), "###/");
    }

    #[test]
    fn accents_sort_with_their_letter() {
        assert_eq!(collation_key("Éclat, Ñandú!").0, "eclat nandu");
        assert_eq!(collation_key("Straße Łódź").0, "strasse lodz");
        let mut words = ["zebra", "Ábaco", "apple", "Œuvre", "ocean"];
        words.sort_by_key(|w| collation_key(w));
        assert_eq!(words, ["Ábaco", "apple", "ocean", "Œuvre", "zebra"]);
        assert_eq!(fold_accent('x'), None);
    }
}
