//! The theme's strings ("Contents", "Next", "Used in"…) in each language of
//! the site, as templates read them: `{{ strings.next }}`.
//!
//! A theme keeps one file per language, `i18n/<lang>.toml`; a site's own
//! `i18n/<lang>.toml` overrides any of its strings, one by one. English is
//! the reference: a string a language lacks is the English one, and the
//! build says once per language which strings those are, so a translation
//! left behind by a theme update is noticed rather than shown half in English.

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::{Diagnostic, line_col};
use crate::theme::StringsFile;

/// The language every other falls back to.
const REFERENCE: &str = "en";

/// Each language's strings, complete (English filling the gaps), ready for
/// templates.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    by_lang: HashMap<String, tera::Value>,
}

/// One language's strings as written, theme and site merged.
type Table = BTreeMap<String, String>;

impl Strings {
    /// The strings of `languages` (the site's, default first) from the
    /// theme's and the site's files; errors for files that are not tables
    /// of strings, a warning per language that falls back to English.
    pub fn load<'a>(files: &[StringsFile], languages: impl Iterator<Item = &'a str>) -> (Strings, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut tables: HashMap<&str, Table> = HashMap::new();
        // The theme's files first, then the site's over them.
        for file in files.iter().filter(|f| !f.site).chain(files.iter().filter(|f| f.site)) {
            match toml::from_str::<Table>(&file.source) {
                Ok(table) => tables.entry(file.lang.as_str()).or_default().extend(table),
                Err(e) => {
                    let (line, column) = e.span().map_or((0, 0), |s| line_col(&file.source, s.start));
                    problems.push(
                        Diagnostic::error(&file.path, line, column, e.message().trim().to_string())
                            .with_hint("write each string as `key = \"text\"`"),
                    );
                }
            }
        }
        let reference = tables.get(REFERENCE).cloned().unwrap_or_default();
        let mut by_lang = HashMap::new();
        for lang in languages {
            let primary = lang.split('-').next().unwrap_or(lang);
            let own = tables.get(lang).or_else(|| tables.get(primary));
            let mut merged = reference.clone();
            if lang != REFERENCE && primary != REFERENCE {
                let missing: Vec<&str> =
                    reference.keys().filter(|k| !own.is_some_and(|t| t.contains_key(*k))).map(String::as_str).collect();
                problems.extend(fallback_warning(files, lang, primary, own.is_some(), &missing));
            }
            merged.extend(own.into_iter().flatten().map(|(k, v)| (k.clone(), v.clone())));
            by_lang.insert(lang.to_string(), value(&merged));
        }
        (Strings { by_lang }, problems)
    }

    /// The strings of `lang`, as the `strings` variable of its pages; empty
    /// for a language the site does not have.
    pub fn of(&self, lang: &str) -> tera::Value {
        self.by_lang.get(lang).cloned().unwrap_or_else(|| value(&Table::new()))
    }
}

/// A table as a template value: strings only, so serialising cannot fail.
fn value(table: &Table) -> tera::Value {
    tera::Value::try_from_serializable(table).unwrap_or_else(|_| tera::Value::none())
}

/// The one warning for `lang` when `missing` strings fall back to English.
fn fallback_warning(
    files: &[StringsFile],
    lang: &str,
    primary: &str,
    has_file: bool,
    missing: &[&str],
) -> Option<Diagnostic> {
    if missing.is_empty() {
        return None;
    }
    let path = files
        .iter()
        .filter(|f| f.lang == lang || f.lang == primary)
        .max_by_key(|f| f.site)
        .map_or_else(|| std::path::PathBuf::from(format!("i18n/{lang}.toml")), |f| f.path.clone());
    let message = if has_file {
        format!(
            "{} theme string{} not translated into `{lang}` and {} English: {}",
            missing.len(),
            if missing.len() == 1 { " is" } else { "s are" },
            if missing.len() == 1 { "falls back to" } else { "fall back to" },
            missing.join(", ")
        )
    } else {
        format!("the theme has no strings in `{lang}`: its {} labels are in English", missing.len())
    };
    Some(Diagnostic::warning(path, 0, 0, message).with_hint(format!(
        "add the missing keys to i18n/{lang}.toml in the site (the theme's English ones are in its i18n/en.toml)"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(lang: &str, source: &str, site: bool) -> StringsFile {
        StringsFile { lang: lang.into(), path: format!("i18n/{lang}.toml").into(), source: source.into(), site }
    }

    #[test]
    fn a_site_overrides_a_string_and_english_fills_the_gaps_with_one_warning() {
        let files = [
            file("en", "next = \"Next\"\nprevious = \"Previous\"\nup = \"Up\"", false),
            file("es", "next = \"Siguiente\"", false),
            file("es", "next = \"Sigue\"", true),
        ];
        let (strings, problems) = Strings::load(&files, ["en", "es"].into_iter());
        let es = strings.of("es");
        assert_eq!(es.get_from_path("next").and_then(|v| v.as_str().map(str::to_string)), Some("Sigue".into()));
        assert_eq!(es.get_from_path("up").and_then(|v| v.as_str().map(str::to_string)), Some("Up".into()));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("2 theme strings are not translated into `es`"), "{}", problems[0]);
        assert!(problems[0].message.ends_with("previous, up"), "{}", problems[0]);
    }

    #[test]
    fn a_file_that_is_not_strings_is_an_error_at_its_line() {
        let files = [file("en", "next = \"Next\"\nprevious = 3\n", true)];
        let (_, problems) = Strings::load(&files, ["en"].into_iter());
        assert_eq!((problems[0].line, problems[0].column), (2, 12), "{}", problems[0]);
    }
}
