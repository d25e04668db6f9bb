//! A site: loaded once (`Site::load`), then rendered (`Site::render`) into a
//! [`Rendered`] — the whole site, with no I/O besides reading the sources;
//! `output` writes it.
//!
//! How a render runs is chosen once, as a [`plan::Plan`] (full, streamed to
//! disk, or incremental from the last render's [`RenderCache`]); `render`
//! then runs its stages in order: bodies → lint and anchors → usage → pages
//! (with search and terms.json beside them) → extras. `page` renders one
//! page, `extras` the files besides the pages (404, sitemap, robots.txt,
//! feed, aliases: built-in templates a theme may override), `cache` keeps
//! what a rebuild reuses.

mod cache;
mod cite;
mod extras;
mod page;
mod plan;
mod preview;
mod print;
mod render;
mod taxonomies;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::taxonomy::Taxonomies;
use crate::content::{Library, LoadOptions, PageId};
use crate::diagnostic::{Diagnostic, Diagnostics, Failed};
use crate::glossary::Glossary;
use crate::templates::Templates;
use crate::theme::Theme;

pub use crate::rendered::{CopiedFile, OutputFile, Rendered};
pub use cache::RenderCache;
use plan::Plan;
pub use preview::SearchRedo;

/// How to build: where the site is and what to override.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Replaces `base_url` from site.toml.
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
}

/// A loaded site: configuration, content and templates, ready to render.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// The path part of `base_url` (`/`, `/docs/`): every internal link
    /// starts with it. Computed once here, not in each stage.
    pub base_path: String,
    pub library: Library,
    pub glossary: Glossary,
    /// The values of each `[[taxonomies]]` and their pages.
    pub taxonomies: Taxonomies,
    pub theme: Theme,
    pub templates: Templates,
    /// The theme's strings in each of the site's languages.
    pub strings: crate::strings::Strings,
    /// Warnings found while loading, reported with the build's.
    pub warnings: Diagnostics,
}

/// Where each page goes the moment it is rendered.
#[derive(Clone, Copy)]
pub enum PageSink<'a> {
    /// Into the [`Rendered`] and the [`RenderCache`]: `serve` and `check`.
    Keep,
    /// Handed to the function, then dropped: `build` writes a large site
    /// without ever holding all of it. An `Err` (the reason, naming the file)
    /// fails the render. The pages are then neither in the [`Rendered`] nor
    /// in the cache.
    Stream(StreamFn<'a>),
}

/// A [`PageSink::Stream`]'s function.
pub type StreamFn<'a> = &'a (dyn Fn(&OutputFile) -> Result<(), String> + Sync);

/// A rendered page: kept (`Some`), handed to a stream (`None`), or failed.
type PageResult = Result<Option<OutputFile>, Diagnostic>;

impl Site {
    /// Reads site.toml, every page and the templates, reporting all problems at once.
    pub fn load(opts: &BuildOptions) -> Result<Site, Failed> {
        let root = opts.root.clone();
        let mut diags = Diagnostics::new();
        let mut config = Config::load(&root).map_err(|d| Failed(Diagnostics::from_iter([d])))?;
        if let Some(url) = &opts.base_url {
            config.base_url = url.clone();
            config.validate().map_err(|d| Failed(Diagnostics::from_iter([d])))?;
        }
        let load = LoadOptions::new(&config, opts.drafts);
        let (library, load_diags) = Library::load(&root, &load);
        diags.extend(load_diags);
        if config.content.require_front_matter {
            diags.extend(library.iter().flat_map(Library::front_matter_lint));
        }
        let theme = match Theme::load(&root, &config.theme) {
            Ok((theme, warnings)) => {
                diags.extend(warnings);
                Ok(theme)
            }
            Err(problems) => {
                diags.extend(problems);
                Err(())
            }
        };
        let strings = theme.as_ref().ok().map(|t| {
            let languages = crate::lang::Languages::from_config(&config);
            let (strings, problems) = crate::strings::Strings::load(&t.strings, languages.codes());
            diags.extend(problems);
            strings
        });
        let smart = config.markdown.smart_punctuation;
        let templates = theme
            .as_ref()
            .ok()
            .map(|t| Templates::compile(&t.templates, smart))
            .transpose()
            .map_err(|p| diags.extend(p));
        let glossary = library.as_ref().map(|lib| {
            let (glossary, problems) = Glossary::build(lib);
            diags.extend(problems);
            glossary
        });
        let taxonomies = library.as_ref().map(|lib| {
            let (taxonomies, problems) = Taxonomies::collect(lib, &config.taxonomies);
            diags.extend(problems);
            taxonomies
        });
        match (library, glossary, taxonomies, theme, templates, strings) {
            (Some(library), Some(glossary), Some(taxonomies), Ok(theme), Ok(Some(templates)), Some(strings))
                if !diags.has_errors() =>
            {
                let base_path = config.base_path();
                Ok(Site {
                    root,
                    config,
                    base_path,
                    library,
                    glossary,
                    taxonomies,
                    theme,
                    templates,
                    strings,
                    warnings: diags,
                })
            }
            _ => Err(Failed(diags)),
        }
    }

    /// Takes in an edit of `content/<rel>` that changed only the page's body:
    /// returns the page to render again, or `None` when the edit changed more
    /// (front matter, a new or deleted file) and the site must be loaded anew.
    pub fn update_body(&mut self, rel: &str) -> Result<Option<PageId>, Diagnostic> {
        let Some(id) = self.library.by_rel(rel) else { return Ok(None) };
        if !self.root.join("content").join(rel).is_file() {
            return Ok(None);
        }
        let opts = LoadOptions::new(&self.config, true);
        let mut fresh = crate::content::reload_page(&self.root, rel, &opts)?;
        // A page read alone has no weight from the book's summary: give it
        // back, or every edit of a book's page would reload the whole site.
        if fresh.meta.weight.is_none() {
            fresh.meta.weight = self.library.summary_weight(rel);
        }
        let page = &mut self.library.pages[id];
        if fresh.meta != page.meta {
            return Ok(None);
        }
        page.body = fresh.body;
        page.body_line = fresh.body_line;
        page.front_matter = fresh.front_matter;
        Ok(Some(id))
    }

    /// Renders every page and generated file.
    pub fn render(&self) -> Result<Rendered, Failed> {
        self.render_streaming(PageSink::Keep)
    }

    /// Renders every page and generated file, handing each page to `sink`
    /// as soon as it is rendered.
    pub fn render_streaming(&self, sink: PageSink<'_>) -> Result<Rendered, Failed> {
        let plan = match sink {
            PageSink::Keep => Plan::Full,
            PageSink::Stream(put) => Plan::Streamed(put),
        };
        let (rendered, diags, cache) = self.render_with(plan);
        // Freeing a large site's bodies one by one takes a tenth of a second
        // (10,000 pages) that no one needs to wait for.
        std::thread::spawn(move || drop(cache));
        if diags.has_errors() { Err(Failed(diags)) } else { Ok(Rendered { warnings: diags, ..rendered }) }
    }

    /// Renders all it can, errors or not: `check` inspects the result even
    /// when some pages have problems, so it can report everything at once.
    pub fn render_all(&self) -> (Rendered, Diagnostics) {
        let (rendered, diags, _) = self.render_with(Plan::Full);
        (rendered, diags)
    }

    /// Renders the site reusing `previous` (the cache of a render of this same
    /// site, in which only the bodies of the `dirty` pages have changed since):
    /// their Markdown is rendered again, and the pages whose HTML depends on
    /// them — themselves, and the terms whose "Used in" changed. Everything
    /// site-wide (diagnostics, sitemap, search index) is computed as in a full
    /// render, so the result is exactly a full render's.
    pub fn render_incremental(
        &self,
        previous: Option<&RenderCache>,
        dirty: &HashSet<PageId>,
    ) -> (Rendered, Diagnostics, RenderCache) {
        self.render_with(match previous {
            Some(cache) => Plan::Incremental { cache, dirty },
            None => Plan::Full,
        })
    }
}

/// Loads and renders the site at `opts.root`.
pub fn build(opts: &BuildOptions) -> Result<Rendered, Failed> {
    Site::load(opts)?.render()
}

/// The root of a site: `path` if it holds `site.toml`.
pub fn is_site_root(path: &Path) -> bool {
    path.join("site.toml").is_file()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_rebuild_highlights_only_the_code_blocks_an_edit_changed() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        let fence = |code: &str| format!("```rust\n{code}\n```\n");
        let page = |a: &str, b: &str| format!("---\ntitle: Code\n---\n\nText.\n\n{}\n{}", fence(a), fence(b));
        write("site.toml", "title = \"T\"\nsearch = false\n");
        write("content/_index.md", "---\ntitle: Home\n---\n");
        write("content/code.md", &page("fn kept() {}", "fn edited() {}"));
        let opts = BuildOptions { root: dir.path().to_path_buf(), ..BuildOptions::default() };
        let mut site = Site::load(&opts).unwrap();
        let (_, _, first) = site.render_incremental(None, &HashSet::new());
        let id = site.library.by_rel("code.md").unwrap();
        assert_eq!(first.bodies[id].code_blocks.len(), 2);

        write("content/code.md", &page("fn kept() {}", "fn changed() {}"));
        assert_eq!(site.update_body("code.md").unwrap(), Some(id));
        let (rendered, _, second) = site.render_incremental(Some(&first), &HashSet::from([id]));
        let (old, new) = (&first.bodies[id].code_blocks, &second.bodies[id].code_blocks);
        assert!(Arc::ptr_eq(&old[0].html, &new[0].html), "the unchanged block was highlighted again");
        assert!(!Arc::ptr_eq(&old[1].html, &new[1].html));
        let html = rendered.files.iter().find(|f| f.rel == "code/index.html").unwrap();
        let html = String::from_utf8_lossy(&html.bytes);
        assert!(html.contains("changed") && html.contains("kept") && !html.contains("edited"), "{html}");
    }

    #[test]
    fn a_rebuild_renders_again_the_pages_citing_an_edited_pages_labels() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("site.toml", "title = \"T\"\nsearch = false\n");
        write("content/_index.md", "---\ntitle: Home\n---\n");
        write("content/a.md", "---\ntitle: A\n---\n\nSee [](b.md#sec-x).\n");
        write("content/b.md", "---\ntitle: B\n---\n\n## 1.2 Old name {#sec-x}\n\nText.\n");
        let opts = BuildOptions { root: dir.path().to_path_buf(), ..BuildOptions::default() };
        let mut site = Site::load(&opts).unwrap();
        let (_, _, first) = site.render_incremental(None, &HashSet::new());
        let page = |rendered: &Rendered| {
            let file = rendered.files.iter().find(|f| f.rel == "a/index.html").unwrap();
            String::from_utf8_lossy(&file.bytes).into_owned()
        };
        write("content/b.md", "---\ntitle: B\n---\n\n## 1.3 New name {#sec-x}\n\nText.\n");
        let b = site.update_body("b.md").unwrap().unwrap();
        let (rendered, diags, _) = site.render_incremental(Some(&first), &HashSet::from([b]));
        assert!(!diags.has_errors());
        assert!(page(&rendered).contains(">Section 1.3 New name</a>"), "{}", page(&rendered));
    }
}
