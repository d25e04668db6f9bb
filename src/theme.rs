//! The theme: its templates and static files, from `themes/<name>/` or built in.
//!
//! The default theme is compiled into the binary so that `acta new` sites
//! build without copying it; a `themes/default/` folder on disk takes precedence
//! (that is how the theme itself is developed, with live reload).

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// A file's content: on disk (read when needed) or built into the binary.
#[derive(Debug, Clone)]
pub enum Source {
    Disk(PathBuf),
    Builtin(&'static [u8]),
}

/// A template file, named as templates refer to it (`page.html`).
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub name: String,
    /// For diagnostics, relative to the site root where possible.
    pub path: PathBuf,
    pub source: String,
}

/// A file copied as it is into the output: `rel` is its path there.
#[derive(Debug, Clone)]
pub struct StaticFile {
    pub rel: String,
    pub source: Source,
}

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../themes/default/", $name)))),*]
    };
}

const BUILTIN_DEFAULT: &[(&str, &[u8])] = builtin!(
    "templates/base.html",
    "templates/components.html",
    "templates/citation.html",
    "templates/index.html",
    "templates/section.html",
    "templates/page.html",
    "templates/404.html",
    "templates/term.html",
    "templates/glossary.html",
    "static/acta.css",
    "static/acta.js",
    "static/search.js",
    "static/fonts/OFL.txt",
    "static/fonts/SOURCE.txt",
    "static/fonts/source-sans-3-latin-ext-wght-normal.woff2",
    "static/fonts/source-sans-3-latin-wght-normal.woff2",
    "static/fonts/source-serif-4-latin-400-italic.woff2",
    "static/fonts/source-serif-4-latin-400-normal.woff2",
    "static/fonts/source-serif-4-latin-700-normal.woff2",
    "static/fonts/source-serif-4-latin-ext-400-italic.woff2",
    "static/fonts/source-serif-4-latin-ext-400-normal.woff2",
    "static/fonts/source-serif-4-latin-ext-700-normal.woff2",
);

/// The files besides the pages, as templates every theme has unless it
/// overrides them by name (Zola's built-ins): `alias.html` is the redirect at
/// an old URL, `print.html` the print edition (`print/index.html`),
/// `shortcodes/` the shortcodes every site has, `taxonomy_list.html` and
/// `taxonomy_single.html` the pages of a taxonomy and of its values (they
/// extend the theme's `base.html`), the others the files of their names.
const BUILTIN_EXTRAS: &[(&str, &[u8])] = builtin!(
    "templates/sitemap.xml",
    "templates/robots.txt",
    "templates/atom.xml",
    "templates/alias.html",
    "templates/print.html",
    "templates/shortcodes/figure.html",
    "templates/shortcodes/note.html",
    "templates/shortcodes/warning.html",
    "templates/taxonomy_list.html",
    "templates/taxonomy_single.html",
);

/// The default theme's strings, one file per language (see `crate::strings`).
const BUILTIN_I18N: &[(&str, &[u8])] = builtin!("i18n/en.toml", "i18n/es.toml", "i18n/pt.toml", "i18n/fr.toml");

/// A file of strings: `i18n/<lang>.toml` of the theme or of the site.
#[derive(Debug, Clone)]
pub struct StringsFile {
    /// The language, from the file name (`es` of `es.toml`).
    pub lang: String,
    /// For diagnostics, relative to the site root where possible.
    pub path: PathBuf,
    pub source: String,
    /// The site's own file, whose strings override the theme's one by one.
    pub site: bool,
}

/// Templates and static files of the site's theme, with the site's own
/// `templates/` and `static/` taking precedence over the theme's files, and
/// the strings of both (`i18n/`).
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: Vec<TemplateFile>,
    pub statics: Vec<StaticFile>,
    pub strings: Vec<StringsFile>,
}

impl Theme {
    /// The theme and the site's overrides, with warnings (links and names
    /// that were skipped); every problem when one is an error.
    pub fn load(root: &Path, name: &str) -> Result<(Theme, Vec<Diagnostic>), Vec<Diagnostic>> {
        let dir = root.join("themes").join(name);
        let mut theme = Theme::default();
        let mut problems = Vec::new();
        for (rel, bytes) in BUILTIN_EXTRAS {
            if let Some(name) = rel.strip_prefix("templates/") {
                theme.templates.push(builtin_template(name, rel, bytes));
            }
        }
        if dir.is_dir() {
            read_dir_into(root, &dir.join("templates"), &mut theme, true, &mut problems);
            read_dir_into(root, &dir.join("static"), &mut theme, false, &mut problems);
            read_strings(root, &dir.join("i18n"), false, &mut theme.strings, &mut problems);
        } else if name == "default" {
            for (rel, bytes) in BUILTIN_I18N {
                let lang = rel.trim_start_matches("i18n/").trim_end_matches(".toml");
                theme.strings.push(StringsFile {
                    lang: lang.into(),
                    path: PathBuf::from(format!("(built-in theme)/{rel}")),
                    source: String::from_utf8_lossy(bytes).into_owned(),
                    site: false,
                });
            }
            for (rel, bytes) in BUILTIN_DEFAULT {
                if let Some(name) = rel.strip_prefix("templates/") {
                    theme.templates.push(builtin_template(name, rel, bytes));
                } else if let Some(s) = rel.strip_prefix("static/") {
                    theme.statics.push(StaticFile { rel: s.into(), source: Source::Builtin(bytes) });
                }
            }
        } else {
            problems.push(
                Diagnostic::error("site.toml", 0, 0, format!("the theme `{name}` is not in themes/{name}/"))
                    .with_hint("set `theme = \"default\"` or add the theme folder"),
            );
        }
        // The site's own files override the theme's, name by name.
        read_dir_into(root, &root.join("templates"), &mut theme, true, &mut problems);
        read_dir_into(root, &root.join("static"), &mut theme, false, &mut problems);
        read_strings(root, &root.join("i18n"), true, &mut theme.strings, &mut problems);
        if problems.iter().any(Diagnostic::is_error) { Err(problems) } else { Ok((theme, problems)) }
    }
}

/// A template compiled into the binary, named `name`, from `themes/default/<rel>`.
fn builtin_template(name: &str, rel: &str, bytes: &[u8]) -> TemplateFile {
    TemplateFile {
        name: name.into(),
        path: PathBuf::from(format!("(built-in theme)/{rel}")),
        source: String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The `<lang>.toml` files of an `i18n/` folder; anything else there is
/// reported, since a misnamed file's strings would be ignored unsaid.
fn read_strings(root: &Path, dir: &Path, site: bool, out: &mut Vec<StringsFile>, problems: &mut Vec<Diagnostic>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let display = crate::diagnostic::display_path(root, &path);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if crate::content::is_ignored_name(&name) {
            continue;
        }
        let lang = name.strip_suffix(".toml").filter(|l| crate::lang::is_tag(l));
        let Some(lang) = lang.filter(|_| path.is_file()) else {
            problems.push(
                Diagnostic::warning(display, 0, 0, "not a file of strings: it is skipped")
                    .with_hint("name the file after its language, e.g. i18n/es.toml"),
            );
            continue;
        };
        match std::fs::read_to_string(&path) {
            Ok(source) => out.push(StringsFile { lang: lang.to_string(), path: display, source, site }),
            Err(e) => problems.push(Diagnostic::error(display, 0, 0, format!("cannot read the strings: {e}"))),
        }
    }
}

fn read_dir_into(root: &Path, dir: &Path, theme: &mut Theme, templates: bool, problems: &mut Vec<Diagnostic>) {
    if !dir.is_dir() {
        return;
    }
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !crate::content::is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(dir);
                problems.push(Diagnostic::error(
                    crate::diagnostic::display_path(root, path),
                    0,
                    0,
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let display = crate::diagnostic::display_path(root, entry.path());
        // As in content/: a link is reported, never followed or dropped unsaid.
        if entry.path_is_symlink() {
            problems.push(
                Diagnostic::warning(display, 0, 0, "symbolic link skipped: acta does not follow links")
                    .with_hint("copy the file here instead"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else { continue };
        let Some(rel) = rel.to_str() else {
            problems.push(
                Diagnostic::warning(display, 0, 0, "skipped: the file name is not valid UTF-8, so it cannot be a URL")
                    .with_hint("rename the file"),
            );
            continue;
        };
        // `\\` separates folders on Windows only; elsewhere it is part of a name.
        let rel = if cfg!(windows) { rel.replace('\\', "/") } else { rel.to_string() };
        if templates {
            match std::fs::read(entry.path()).map(String::from_utf8) {
                Ok(Ok(source)) => {
                    theme.templates.retain(|t| t.name != rel);
                    theme.templates.push(TemplateFile { name: rel, path: display, source });
                }
                Ok(Err(_)) => problems.push(Diagnostic::error(display, 0, 0, "the template is not valid UTF-8")),
                Err(e) => problems.push(Diagnostic::error(display, 0, 0, format!("cannot read the template: {e}"))),
            }
        } else {
            theme.statics.retain(|s| s.rel != rel);
            theme.statics.push(StaticFile { rel, source: Source::Disk(entry.path().to_path_buf()) });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file added to `themes/default/` but not to the lists above would be
    /// in this repository's builds (which read the folder) and missing from
    /// every other site's (which get the built-in copy).
    #[test]
    fn every_file_of_the_default_theme_is_built_in() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| Some(e.path().strip_prefix(&dir).ok()?.to_str()?.replace('\\', "/")))
            .collect();
        let mut built_in: Vec<String> =
            BUILTIN_DEFAULT.iter().chain(BUILTIN_EXTRAS).chain(BUILTIN_I18N).map(|(rel, _)| rel.to_string()).collect();
        on_disk.sort();
        built_in.sort();
        assert_eq!(on_disk, built_in);
    }
}
