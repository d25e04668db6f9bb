//! `acta import FILE`: a plain-text paper into Markdown pages, all or nothing.

use std::path::Path;

use super::Failure;

/// Imports `file` into `output`; refuses to overwrite anything unless `force`.
pub fn execute(file: &Path, output: &Path, split_level: u8, force: bool) -> Result<(), Failure> {
    let at_file = |e: &dyn std::fmt::Display| Failure::Error(format!("{}: {e}", file.display()));
    let bytes = std::fs::read(file).map_err(|e| at_file(&e))?;
    let fallback_title = file.file_stem().map_or_else(|| "Untitled".into(), |s| s.to_string_lossy().into_owned());
    let pages = crate::import::import_bytes(bytes, &crate::import::ImportOptions { split_level, fallback_title })
        .map_err(|e| at_file(&e))?;
    // Check everything before writing anything: an import is all or nothing.
    if !force {
        let existing: Vec<String> = pages
            .iter()
            .map(|p| output.join(&p.path))
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            return Err(Failure::Error(format!(
                "these files exist and would be overwritten:\n  {}\n  hint: pass --force to overwrite them, or choose another --output",
                existing.join("\n  ")
            )));
        }
    }
    for page in &pages {
        let path = output.join(&page.path);
        path.parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, &page.contents))
            .map_err(|e| Failure::Error(format!("{}: {e}", path.display())))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
