//! `acta glossary …`: tools for the glossary beside the build.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use super::Failure;
use crate::content::Library;
use crate::diagnostic::{Diagnostics, report};
use crate::glossary::usage::Usage;
use crate::glossary::{Glossary, lint};

/// How `glossary list` prints the terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// `slug<TAB>uses<TAB>pages<TAB>title`, pages as content paths separated by spaces.
    Text,
    Json,
    /// A header line, then one row per term; pages separated by `;`.
    Csv,
}

/// The content, its glossary, where each term is used, and every glossary
/// diagnostic: what `glossary list` and `glossary check` need, got without
/// the theme, templates, page layouts or search index of a build. Bodies
/// are rendered to Markdown's HTML only, since uses and the text's lint
/// come from that pass.
struct GlossaryState {
    lib: Library,
    glossary: Glossary,
    usage: Usage,
    base_path: String,
    diags: Diagnostics,
}

fn load_glossary(root: &Path, drafts: bool) -> Result<GlossaryState, Failure> {
    let config = crate::config::Config::load(root).map_err(|d| Failure::Build(Diagnostics::from_iter([d])))?;
    let opts = crate::content::LoadOptions::new(&config, drafts);
    let (Some(lib), mut diags) = crate::content::Library::load(root, &opts) else {
        return Err(Failure::Build(Diagnostics::new()));
    };
    if diags.has_errors() {
        return Err(Failure::Build(diags));
    }
    let (glossary, problems) = Glossary::build(&lib);
    diags.extend(problems);
    let base_path = config.base_path();
    let ctx = crate::markdown::MarkdownContext {
        library: &lib,
        base_path: &base_path,
        smart_punctuation: config.markdown.smart_punctuation,
        glossary_dir: &config.glossary.dir,
        shortcodes: None,
        glossary: crate::markdown::glossary_links::GlossarySettings {
            glossary: &glossary,
            policy: config.glossary.link,
            expand_first_use: config.glossary.expand_first_use,
            // Uses and the lint do not depend on expansions.
            first_uses: None,
            ignore: &config.glossary.ignore,
        },
    };
    let bodies: Vec<_> = (0..lib.pages.len()).into_par_iter().map(|id| crate::markdown::render(id, &ctx)).collect();
    let definitions = crate::glossary::definitions::check(&glossary, &lib);
    let ctx = lint::TextLint {
        glossary: &glossary,
        lib: &lib,
        glossary_dir: &config.glossary.dir,
        defined: &definitions.first,
    };
    for (page, body) in lib.pages.iter().zip(&bodies) {
        diags.extend(lint::page_text(ctx, page, &body.unknown_terms, &body.unknown_acronyms));
    }
    diags.extend(definitions.diagnostics);
    let usage = crate::glossary::usage::collect(&lib, glossary.terms.len(), |page| {
        bodies.get(page).map(|b| b.occurrences.as_slice())
    });
    diags.extend(lint::unused_terms(&glossary, &lib, &usage));
    Ok(GlossaryState { lib, glossary, usage, base_path, diags })
}

/// `acta glossary check`: the glossary's lint alone (its entries, the
/// text's `term:` links and acronyms, unused terms); fails on an error.
pub fn check(root: &Path, drafts: bool) -> Result<(), Failure> {
    let state = load_glossary(root, drafts)?;
    let errors = state.diags.has_errors();
    if state.diags.error_count() + state.diags.warning_count() == 0 {
        eprintln!("No glossary problems found.");
    }
    report(state.diags);
    if errors { Err(Failure::Reported) } else { Ok(()) }
}

/// One row of `glossary list`.
#[derive(serde::Serialize)]
struct Listed {
    slug: String,
    title: String,
    background: bool,
    uses: usize,
    pages: Vec<ListedPage>,
}

#[derive(serde::Serialize)]
struct ListedPage {
    path: String,
    url: String,
    uses: usize,
}

/// `acta glossary list`: each term with how often and where the text uses
/// it; with `unused`, only the terms it never uses.
pub fn list(root: &Path, unused: bool, format: ListFormat, drafts: bool) -> Result<(), Failure> {
    let state = load_glossary(root, drafts)?;
    if state.diags.has_errors() {
        return Err(Failure::Build(state.diags));
    }
    let rows: Vec<Listed> = state
        .glossary
        .terms
        .iter()
        .zip(&state.usage)
        .filter(|(_, uses)| !unused || uses.is_empty())
        .map(|(term, uses)| {
            let page = &state.lib.pages[term.page];
            let pages: Vec<ListedPage> = uses
                .iter()
                .map(|u| ListedPage {
                    path: state.lib.pages[u.page].path.display().to_string(),
                    url: state.lib.url(&state.base_path, u.page),
                    uses: u.occurrences.len(),
                })
                .collect();
            Listed {
                slug: term.slug.clone(),
                title: page.meta.title.clone(),
                background: page.meta.background,
                uses: pages.iter().map(|p| p.uses).sum(),
                pages,
            }
        })
        .collect();
    let out = match format {
        ListFormat::Json => serde_json::to_string_pretty(&rows).map_err(|e| Failure::Error(e.to_string()))? + "\n",
        ListFormat::Text => rows
            .iter()
            .map(|r| {
                let pages: Vec<&str> = r.pages.iter().map(|p| p.path.as_str()).collect();
                format!("{}\t{}\t{}\t{}\n", r.slug, r.uses, pages.join(" "), r.title)
            })
            .collect(),
        ListFormat::Csv => {
            let mut csv = String::from("slug,title,background,uses,pages\n");
            for r in &rows {
                let pages: Vec<&str> = r.pages.iter().map(|p| p.path.as_str()).collect();
                csv.push_str(&format!(
                    "{},{},{},{},{}\n",
                    csv_field(&r.slug),
                    csv_field(&r.title),
                    r.background,
                    r.uses,
                    csv_field(&pages.join(";"))
                ));
            }
            csv
        }
    };
    print!("{out}");
    Ok(())
}

/// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// `acta glossary suggest`: prints the terms the text defines inline,
/// `ACRONYM<TAB>Long Form<TAB>file:line`; with `write`, drafts an entry for
/// each one the glossary lacks.
pub fn suggest(root: &Path, write: bool) -> Result<(), Failure> {
    let config = crate::config::Config::load(root).map_err(|d| Failure::Build(Diagnostics::from_iter([d])))?;
    let dir = config.glossary.dir.trim_matches('/').to_string();
    let opts = crate::content::LoadOptions::new(&config, true);
    let (Some(lib), diags) = crate::content::Library::load(root, &opts) else {
        return Err(Failure::Build(Diagnostics::new()));
    };
    if diags.has_errors() {
        return Err(Failure::Build(diags));
    }
    // With their inflections: "CBMs" is known once `CBM` is a form.
    let known: HashSet<String> = lib
        .terms()
        .flat_map(|(_, p)| std::iter::once(&p.meta.title).chain(p.meta.expansion.iter()).chain(p.meta.synonyms.iter()))
        .flat_map(|f| crate::glossary::inflect::variants(f).into_iter().chain([f.clone()]))
        .map(|f| f.to_lowercase())
        .collect();
    let mut seen = HashSet::new();
    let mut written = 0;
    for &id in &lib.reading_order {
        let page = &lib.pages[id];
        if page.is_term {
            continue;
        }
        for c in crate::glossary::suggest::suggest(&page.body) {
            if !seen.insert((c.acronym.clone(), c.long_form.clone())) {
                continue;
            }
            let (line, _) = crate::diagnostic::line_col(&page.body, c.offset);
            let at = format!("{}:{}", page.path.display(), page.body_line + line - 1);
            println!("{}\t{}\t{at}", c.acronym, c.long_form);
            if write && !known.contains(&c.acronym.to_lowercase()) && !known.contains(&c.long_form.to_lowercase()) {
                let slug = crate::glossary::suggest::entry_stem(&c.acronym);
                let path = root.join("content").join(&dir).join(format!("{slug}.md"));
                if path.exists() {
                    continue;
                }
                let yaml = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
                let text = format!(
                    "---\ntitle: {}\nexpansion: {}\ndraft: true\n---\n\nDefined in {at}. Write a one-sentence `summary` and the definition, then remove `draft`.\n",
                    yaml(&c.acronym),
                    yaml(&c.long_form)
                );
                path.parent()
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|()| std::fs::write(&path, text))
                    .map_err(|e| Failure::Error(format!("{}: {e}", path.display())))?;
                written += 1;
            }
        }
    }
    if write {
        eprintln!("Wrote {written} draft entr{} in content/{dir}/", if written == 1 { "y" } else { "ies" });
    }
    Ok(())
}

/// `acta glossary rename OLD NEW`: moves the term's file, adds the old URL
/// as an alias (so published links redirect), and rewrites `related:` lists
/// and `term:OLD` links. Prints each change; writes only with `write`.
pub fn rename(root: &Path, old: &str, new: &str, write: bool) -> Result<(), Failure> {
    let config = crate::config::Config::load(root).map_err(|d| Failure::Build(Diagnostics::from_iter([d])))?;
    let dir = config.glossary.dir.trim_matches('/').to_string();
    let valid = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if !valid(new) {
        return Err(Failure::Error(format!(
            "`{new}` is not a slug: use letters, digits, `-` and `_` (it becomes the file name and the URL)"
        )));
    }
    let content = root.join("content");
    let from = content.join(&dir).join(format!("{old}.md"));
    let to = content.join(&dir).join(format!("{new}.md"));
    if !valid(old) || !from.is_file() {
        return Err(Failure::Error(format!("no term `{old}`: content/{dir}/{old}.md does not exist")));
    }
    if to.exists() {
        return Err(Failure::Error(format!("content/{dir}/{new}.md exists already; choose another slug")));
    }
    // The term's URL as the site publishes it (a `slug:` key keeps it).
    let opts = crate::content::LoadOptions::new(&config, true);
    let (Some(lib), diags) = crate::content::Library::load(root, &opts) else {
        return Err(Failure::Build(Diagnostics::new()));
    };
    if diags.has_errors() {
        return Err(Failure::Build(diags));
    }
    let rel = format!("{dir}/{old}.md");
    let old_url = lib.by_rel(&rel).map(|id| lib.pages[id].url.clone());
    let keeps_url = lib.by_rel(&rel).is_some_and(|id| lib.pages[id].meta.slug.is_some());

    let display = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    let mut changed: Vec<(std::path::PathBuf, String)> = Vec::new();
    let mut report_lines = vec![format!("{} → {}", display(&from), display(&to))];
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name().into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let (text2, mut edits) = crate::glossary::rename::rewrite_related(&text, old, new);
        let (mut text3, more) = crate::glossary::rename::rewrite_term_links(&text2, old, new);
        edits.extend(more);
        let alias = old_url.as_deref().filter(|_| path == from && !keeps_url);
        if let Some((with_alias, edit)) = alias.and_then(|url| crate::glossary::rename::add_alias(&text3, url)) {
            text3 = with_alias;
            edits.push(edit);
        }
        let shown = if path == from { display(&to) } else { display(path) };
        report_lines.extend(edits.iter().map(|e| format!("{shown}:{}: {}", e.line, e.what)));
        if text3 != text {
            changed.push((path.to_path_buf(), text3));
        }
    }
    for line in &report_lines {
        println!("{line}");
    }
    if !write {
        eprintln!("Dry run: nothing was changed. Run again with --write to apply.");
        return Ok(());
    }
    let io = |p: &Path, e: std::io::Error| Failure::Error(format!("{}: {e}", display(p)));
    for (path, text) in &changed {
        std::fs::write(path, text).map_err(|e| io(path, e))?;
    }
    std::fs::rename(&from, &to).map_err(|e| io(&from, e))?;
    eprintln!(
        "Renamed `{old}` to `{new}`: {} file{} changed.",
        changed.len() + 1,
        if changed.is_empty() { "" } else { "s" }
    );
    Ok(())
}
