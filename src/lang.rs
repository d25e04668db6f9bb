//! The languages of a site: which one is the default (its pages keep their
//! URLs), which others it declares (`[languages.es]`, pages `page.es.md`
//! under `/es/`), and how a file name says its language — Zola's convention.
//!
//! At the bottom of the module graph: `config` checks the declared codes
//! with it, `content` reads file names with it.

use std::collections::BTreeMap;

use crate::config::{Config, LanguageConfig};
use crate::diagnostic::Diagnostic;

/// The ISO 639-1 codes: a file suffix that is one of these is a language
/// even when the site does not declare it (then an error), so `page.fr.md`
/// never becomes a page at `/page.fr/` unnoticed; other suffixes (`.old`,
/// `.v2`) are part of the name unless declared.
const ISO_639_1: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh", "bi", "bm", "bn",
    "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de", "dv", "dz", "ee", "el", "en",
    "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he",
    "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv",
    "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li",
    "ln", "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd", "ne",
    "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps", "pt", "qu", "rm",
    "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr", "ss", "st",
    "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk",
    "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// Whether `tag` is shaped like a BCP 47 language tag (`en`, `es-CL`).
pub fn is_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.len() <= 35
        && tag.split('-').all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Whether the primary subtag of `tag` names a language: an ISO 639-1
/// code, or any three letters (ISO 639-2 and 639-3 are too long to list).
fn is_known(tag: &str) -> bool {
    let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
    ISO_639_1.contains(&primary.as_str()) || (primary.len() == 3 && primary.chars().all(|c| c.is_ascii_alphabetic()))
}

/// The site's languages, as content loading needs them.
#[derive(Debug, Clone)]
pub struct Languages {
    /// The default language: its pages have no suffix and keep their URLs.
    pub default: String,
    /// The other declared languages, in site.toml's order of codes, with the
    /// title their made-up home page gets.
    pub others: Vec<(String, String)>,
}

/// A site in English alone, as `site.toml` without `language` is.
impl Default for Languages {
    fn default() -> Languages {
        Languages { default: "en".into(), others: Vec::new() }
    }
}

impl Languages {
    /// The languages `config` declares.
    pub fn from_config(config: &Config) -> Languages {
        let others = config
            .languages
            .iter()
            .filter(|(code, _)| **code != config.language)
            .map(|(code, l)| (code.clone(), l.title.clone().unwrap_or_else(|| config.title.clone())))
            .collect();
        Languages { default: config.language.clone(), others }
    }

    /// Whether the site has more than one language.
    pub fn is_multilingual(&self) -> bool {
        !self.others.is_empty()
    }

    /// Every language, the default first.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.default.as_str()).chain(self.others.iter().map(|(c, _)| c.as_str()))
    }

    /// `a/b.es.md` → `("a/b.md", "es")`, `a/b.md` → `("a/b.md", default)`.
    /// A suffix is a language when the site declares it or it is an ISO
    /// 639-1 code; `Err` names an undeclared one.
    pub fn split<'r>(&self, rel: &'r str) -> Result<(String, &str), &'r str> {
        let Some(stem) = rel.strip_suffix(".md") else { return Ok((rel.to_string(), &self.default)) };
        let name_start = stem.rfind('/').map_or(0, |i| i + 1);
        let Some(dot) = stem[name_start..].rfind('.').map(|i| name_start + i) else {
            return Ok((rel.to_string(), &self.default));
        };
        let suffix = &stem[dot + 1..];
        // `.md` alone, or a hidden file's name: no language.
        if dot == name_start {
            return Ok((rel.to_string(), &self.default));
        }
        let key = format!("{}.md", &stem[..dot]);
        match self.codes().find(|c| c.eq_ignore_ascii_case(suffix)) {
            Some(code) => Ok((key, code)),
            None if ISO_639_1.contains(&suffix) => Err(suffix),
            None => Ok((rel.to_string(), &self.default)),
        }
    }

    /// The URL prefix of `lang`'s pages: empty for the default, `es/` else.
    pub fn prefix(&self, lang: &str) -> String {
        if lang == self.default { String::new() } else { format!("{lang}/") }
    }

    /// The error for a file written in `code`, which the site does not declare.
    pub fn undeclared(&self, path: &std::path::Path, code: &str) -> Diagnostic {
        let declared: Vec<&str> = self.codes().collect();
        Diagnostic::error(
            path,
            1,
            1,
            format!(
                "this file is a translation into `{code}`, a language site.toml does not declare (declared: {})",
                declared.join(", ")
            ),
        )
        .with_hint(format!("add `[languages.{code}]` to site.toml, or rename the file if `.{code}` is not a language"))
    }
}

/// Checks `[languages]` of a parsed site.toml (`text`): each code a known
/// language tag, reported at its own line.
pub fn check_config(languages: &BTreeMap<String, LanguageConfig>, text: &str) -> Result<(), Diagnostic> {
    for code in languages.keys() {
        if is_tag(code) && is_known(code) {
            continue;
        }
        let line = text
            .lines()
            .position(|l| {
                let l = l.trim_start();
                l.starts_with(&format!("[languages.{code}]"))
                    || l.starts_with(&format!("[languages.\"{code}\"]"))
                    || l.starts_with(&format!("{code} ="))
            })
            .map_or(0, |i| i + 1);
        return Err(Diagnostic::error(
            "site.toml",
            line,
            if line == 0 { 0 } else { 1 },
            format!("`[languages.{code}]`: {code:?} is not a language code"),
        )
        .with_hint("use an ISO 639 code with an optional region: `es`, `pt`, `fr`, `es-CL` (Spanish is `es`)"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn languages() -> Languages {
        Languages { default: "en".into(), others: vec![("es".into(), "T".into()), ("pt-BR".into(), "T".into())] }
    }

    #[test]
    fn a_suffix_is_a_language_when_declared_or_iso() {
        let l = languages();
        assert_eq!(l.split("a/b.md"), Ok(("a/b.md".into(), "en")));
        assert_eq!(l.split("a/b.es.md"), Ok(("a/b.md".into(), "es")));
        assert_eq!(l.split("_index.es.md"), Ok(("_index.md".into(), "es")));
        assert_eq!(l.split("a/b.pt-br.md"), Ok(("a/b.md".into(), "pt-BR")));
        assert_eq!(l.split("a/b.en.md"), Ok(("a/b.md".into(), "en")));
        assert_eq!(l.split("a/b.fr.md"), Err("fr"));
        assert_eq!(l.split("notes.old.md"), Ok(("notes.old.md".into(), "en")));
        assert_eq!(l.split("v1.2/notes.md"), Ok(("v1.2/notes.md".into(), "en")));
        assert_eq!(l.split("a/.es.md"), Ok(("a/.es.md".into(), "en")));
    }

    #[test]
    fn language_codes_are_checked_at_their_line() {
        let mut languages = BTreeMap::new();
        languages.insert("es".to_string(), LanguageConfig::default());
        assert!(check_config(&languages, "").is_ok());
        languages.insert("sp".to_string(), LanguageConfig::default());
        let err = check_config(&languages, "title = \"T\"\n\n[languages.sp]\ntitle = \"x\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert!(err.message.contains("\"sp\" is not a language code"), "{}", err.message);
    }
}
