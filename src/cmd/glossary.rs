//! `acta glossary …`: tools for the glossary beside the build.

use std::collections::HashSet;
use std::path::Path;

use super::Failure;
use crate::diagnostic::Diagnostics;

/// `acta glossary suggest`: prints the terms the text defines inline,
/// `ACRONYM<TAB>Long Form<TAB>file:line`; with `write`, drafts an entry for
/// each one the glossary lacks.
pub fn suggest(root: &Path, write: bool) -> Result<(), Failure> {
    let config = crate::config::Config::load(root).map_err(|d| Failure::Build(Diagnostics::from_iter([d])))?;
    let dir = config.glossary.dir.trim_matches('/').to_string();
    let opts = crate::content::LoadOptions { drafts: true, glossary_dir: dir.clone(), site_title: config.title };
    let (Some(lib), diags) = crate::content::Library::load(root, &opts) else {
        return Err(Failure::Build(Diagnostics::new()));
    };
    if diags.has_errors() {
        return Err(Failure::Build(diags));
    }
    let known: HashSet<String> = lib
        .terms()
        .flat_map(|(_, p)| std::iter::once(&p.meta.title).chain(p.meta.expansion.iter()).chain(p.meta.synonyms.iter()))
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
