//! How to cite a page: the citation keys of its front matter (`authors`,
//! `publisher`, `report_number`, `doi`, `license`, `keywords`, `abstract`;
//! the date is the page's own `date`), and their checks.
//!
//! Kept apart from the rest of the front matter so that parsing it (YAML
//! today, TOML too tomorrow) stays one flattened field: scholars' tools
//! (Google Scholar, Zotero) read what `site::citation` makes of it.

use serde::{Deserialize, Serialize};

use super::positions::item_position;
use crate::diagnostic::Diagnostic;

/// The citation keys of a page's front matter; all optional.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct Citation {
    /// Who wrote it, in order: people or organisations.
    #[serde(default)]
    pub authors: Vec<Author>,
    /// The organisation that issued it (a report's institution).
    #[serde(default)]
    pub publisher: Option<String>,
    /// A report's number; makes the work a `Report` rather than an article.
    #[serde(default, deserialize_with = "text")]
    pub report_number: Option<String>,
    /// `10.NNNN/suffix`, without `https://doi.org/`.
    #[serde(default, deserialize_with = "text")]
    pub doi: Option<String>,
    /// An SPDX identifier (`CC-BY-4.0`) or the licence's name.
    #[serde(default)]
    pub license: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default, rename = "abstract")]
    pub abstract_text: Option<String>,
}

/// One author: `- Name` (an organisation, or any name to print as it is),
/// or `- {name, orcid, affiliation}` (a person).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Author {
    pub name: String,
    /// Written as a map: a person. CITATION.cff and schema.org tell persons
    /// from organisations, and the name alone cannot.
    pub person: bool,
    /// `0000-0002-1825-0097`, checked with its check digit.
    pub orcid: Option<String>,
    pub affiliation: Option<String>,
}

/// The long form of an author, as written in YAML.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthorMap {
    name: String,
    #[serde(default, deserialize_with = "text")]
    orcid: Option<String>,
    #[serde(default)]
    affiliation: Option<String>,
}

/// A value that is text to us however YAML types it: `report_number: 7`,
/// and an ORCID of digits only, which the check then explains (the
/// flattened keys would lose the position of a type error).
fn text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Visit;
    impl serde::de::Visitor<'_> for Visit {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("text or a number")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(Visit)
}

impl<'de> Deserialize<'de> for Author {
    /// A plain string is the author's name: an organisation needs no more.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Author;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an author's name, or `{name: …, orcid: …, affiliation: …}`")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Author, E> {
                Ok(Author { name: name.to_string(), ..Author::default() })
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<Author, M::Error> {
                let a = AuthorMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Author { name: a.name, person: true, orcid: a.orcid, affiliation: a.affiliation })
            }
        }
        d.deserialize_any(Visit)
    }
}

impl Citation {
    /// Whether the page says anything a citation uses besides its title and date.
    pub fn is_empty(&self) -> bool {
        self == &Citation::default()
    }
}

/// Refuses an empty author name, a malformed ORCID or DOI, at the value:
/// they are copied into meta tags, BibTeX and CITATION.cff, where a typo
/// would silently break every citation made from them.
pub fn check(path: &std::path::Path, block: &str, block_line: usize, c: &Citation) -> Result<(), Diagnostic> {
    let at = |key: &str, index: Option<usize>| {
        item_position(block, key, index).map_or((block_line, 1), |(l, col)| (block_line + l, col))
    };
    for (i, author) in c.authors.iter().enumerate() {
        let (line, column) = at("authors", Some(i));
        if author.name.trim().is_empty() {
            return Err(Diagnostic::error(path, line, column, format!("author {} has no name", i + 1))
                .with_hint("write the author's name, or the organisation's"));
        }
        if let Some(orcid) = &author.orcid
            && let Err(why) = check_orcid(orcid)
        {
            let (line, column) = find_value(block, block_line, orcid).unwrap_or((line, column));
            return Err(Diagnostic::error(
                path,
                line,
                column,
                format!("the ORCID {orcid:?} of author {} {why}", i + 1),
            )
            .with_hint("an ORCID is four groups of four digits, the last may be X: `0000-0002-1825-0097`"));
        }
    }
    if let Some(doi) = &c.doi
        && !is_doi(doi)
    {
        let (line, column) = at("doi", None);
        return Err(Diagnostic::error(path, line, column, format!("`doi` {doi:?} is not a DOI")).with_hint(
            "write the DOI itself, `10.` then the registrant, `/` and the suffix: `doi: 10.5281/zenodo.1234`",
        ));
    }
    Ok(())
}

/// The file line and 1-based column of the first place `value` is written in
/// the front matter (an author's ORCID may sit in a nested map).
fn find_value(block: &str, block_line: usize, value: &str) -> Option<(usize, usize)> {
    block
        .lines()
        .enumerate()
        .find_map(|(n, l)| l.find(value).map(|byte| (block_line + n, l[..byte].chars().count() + 1)))
}

/// Whether `orcid` is `dddd-dddd-dddd-dddX` with a right ISO 7064 11-2
/// check digit; the reason when it is not. A URL form is refused too: the
/// outputs add `https://orcid.org/` themselves.
pub fn check_orcid(orcid: &str) -> Result<(), &'static str> {
    let b = orcid.as_bytes();
    let shaped = b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 9 | 14 => *c == b'-',
            18 => c.is_ascii_digit() || *c == b'X',
            _ => c.is_ascii_digit(),
        });
    if !shaped {
        return Err("is not of the form 0000-0000-0000-000X");
    }
    let digits = b.iter().filter(|c| c.is_ascii_digit()).take(15);
    let total = digits.fold(0u32, |t, d| (t + u32::from(d - b'0')) * 2);
    let check = (12 - total % 11) % 11;
    let expected = if check == 10 { b'X' } else { b'0' + check as u8 };
    if b[18] == expected { Ok(()) } else { Err("has a wrong check digit (a typo?)") }
}

/// `10.` + a registrant code of digits and dots + `/` + a suffix without spaces.
pub fn is_doi(doi: &str) -> bool {
    let Some(rest) = doi.strip_prefix("10.") else { return false };
    let Some((registrant, suffix)) = rest.split_once('/') else { return false };
    !registrant.is_empty()
        && registrant.bytes().all(|c| c.is_ascii_digit() || c == b'.')
        && !suffix.is_empty()
        && !suffix.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orcid_check_digits() {
        assert_eq!(check_orcid("0000-0002-1825-0097"), Ok(()));
        assert_eq!(check_orcid("0000-0001-5109-3700"), Ok(()));
        assert_eq!(check_orcid("0000-0002-1694-233X"), Ok(()));
        assert!(check_orcid("0000-0002-1825-0098").is_err());
        assert!(check_orcid("https://orcid.org/0000-0002-1825-0097").is_err());
        assert!(check_orcid("0000-0002-1825-009").is_err());
    }

    #[test]
    fn dois() {
        assert!(is_doi("10.5281/zenodo.1234"));
        assert!(is_doi("10.1000.10/abc(1)"));
        assert!(!is_doi("https://doi.org/10.5281/zenodo.1234"));
        assert!(!is_doi("10.5281"));
        assert!(!is_doi("10.abc/x"));
        assert!(!is_doi("10.5281/a b"));
    }
}
