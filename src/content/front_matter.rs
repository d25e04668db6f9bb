//! The YAML front matter of a page: splitting it from the body and parsing it.
//!
//! This is the one module that knows about serde_yaml (archived upstream):
//! swapping in a maintained fork such as serde_norway is a change here only.

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// The front matter of a page or section, as written by the author.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// `YYYY-MM-DD`, optionally followed by a time.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    /// A template name that replaces `page.html` / `section.html`.
    #[serde(default)]
    pub template: Option<String>,
    /// Old URLs that redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The last part of the page's URL, instead of its file name's slug.
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
    /// The paper's section number (`2.1`), set by the importer.
    #[serde(default)]
    pub section: Option<String>,
    /// `false` turns automatic glossary links off on this page.
    #[serde(default)]
    pub glossary: Option<bool>,
    /// Free data for templates.
    #[serde(default)]
    pub extra: Option<serde_yaml::Value>,
    /// Glossary terms only: the long form of the term.
    #[serde(default)]
    pub expansion: Option<String>,
    /// Glossary terms only: other surface forms that mean the same.
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// Glossary terms only: one plain sentence, shown in tooltips.
    #[serde(default)]
    pub summary: Option<String>,
    /// Glossary terms only: slugs of related terms.
    #[serde(default)]
    pub related: Vec<String>,
    /// Glossary terms only: whether matching respects case.
    #[serde(default)]
    pub case_sensitive: Option<bool>,
    /// Glossary terms only: explained in the glossary but not expected in
    /// the text, so the lint does not report it as never used.
    #[serde(default)]
    pub background: bool,
    /// Glossary terms only: `false` matches the forms only as written, not
    /// their plurals (see `glossary::inflect`).
    #[serde(default)]
    pub inflect: Option<bool>,
    /// `authors`, `doi`, `report_number`…: how to cite the page.
    #[serde(flatten)]
    pub citation: super::citation::Citation,
}

impl FrontMatter {
    /// The keys that only make sense on a glossary term.
    pub fn term_keys_used(&self) -> Vec<&'static str> {
        let mut keys = Vec::new();
        if self.expansion.is_some() {
            keys.push("expansion");
        }
        if !self.synonyms.is_empty() {
            keys.push("synonyms");
        }
        if self.summary.is_some() {
            keys.push("summary");
        }
        if !self.related.is_empty() {
            keys.push("related");
        }
        if self.case_sensitive.is_some() {
            keys.push("case_sensitive");
        }
        if self.background {
            keys.push("background");
        }
        if self.inflect.is_some() {
            keys.push("inflect");
        }
        keys
    }
}

/// A page's text split in two, with where each part starts in the file.
#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the first YAML line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line of the first body line.
    pub body_line: usize,
}

/// Splits `---\n<yaml>\n---\n<body>`. `text` has no BOM and LF line ends.
pub fn split(text: &str) -> Result<Split<'_>, (usize, String, &'static str)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err((
            1,
            "the file does not start with front matter".into(),
            "start the file with a `---` line, then `title: …`, then a closing `---` line",
        ));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line = 1;
    for l in lines {
        line += 1;
        if l.trim_end() == "---" {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + l.len()..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err((
        1,
        "the front matter that starts here is never closed".into(),
        "add a `---` line after the last front-matter key",
    ))
}

/// Parses the front matter of `text`, returning it with the body and its first line.
/// Diagnostics carry file lines (not lines of the YAML block) and are made for `path`.
pub fn parse<'a>(path: &std::path::Path, text: &'a str) -> Result<(FrontMatter, &'a str, usize), Diagnostic> {
    let split = split(text).map_err(|(line, msg, hint)| Diagnostic::error(path, line, 1, msg).with_hint(hint))?;
    if split.yaml.trim().is_empty() {
        return Err(Diagnostic::error(path, 1, 1, "the front matter is empty: `title` is required")
            .with_hint("add a line `title: The page title` between the `---` lines"));
    }
    let fm: FrontMatter = serde_yaml::from_str(split.yaml).map_err(|e| {
        let (line, column) =
            e.location().map_or((split.yaml_line, 1), |l| (split.yaml_line + l.line() - 1, l.column()));
        let full = e.to_string();
        // serde_yaml appends " at line N column M" relative to the block: drop it,
        // we report the file's own position.
        let message = full.find(" at line ").map_or(full.as_str(), |i| &full[..i]).to_string();
        let ((line, column), message) = super::citation::unknown_key(split.yaml, &message)
            .map_or(((line, column), message), |((l, c), m)| ((split.yaml_line + l, c), m));
        let hint = if message.contains("unknown field") {
            "check the key's spelling against the list of expected keys"
        } else if message.contains("missing field") {
            "add the missing key to the front matter"
        } else {
            "front matter is YAML: quote values that contain `: ` or start with a special character"
        };
        Diagnostic::error(path, line, column, format!("invalid front matter: {message}")).with_hint(hint)
    })?;
    check_forms(path, &split, &fm)?;
    super::citation::check(path, &split, &fm.citation)?;
    if let Some(date) = &fm.date
        && let Err(why) = check_date(date)
    {
        let (line, column) =
            value_position(split.yaml, "date").map_or((split.yaml_line, 1), |(l, c)| (split.yaml_line + l, c + 1));
        return Err(Diagnostic::error(path, line, column, format!("`date` {date:?} is not a date: {why}"))
            .with_hint("write dates as YYYY-MM-DD, e.g. `date: 2002-11-18`"));
    }
    Ok((fm, split.body, split.body_line))
}

/// Refuses a title, expansion or synonym that is empty, blank or `null`:
/// serde_yaml reads `title: null` and `[~]` as the texts "null" and "~", and
/// `[""]` is a form that can never match, so the author's mistake would pass
/// silently.
fn check_forms(path: &std::path::Path, split: &Split<'_>, fm: &FrontMatter) -> Result<(), Diagnostic> {
    let at = |key: &str, index: Option<usize>| {
        item_position(split.yaml, key, index).map_or((split.yaml_line, 1), |(l, c)| (split.yaml_line + l, c))
    };
    // The parsed strings cannot tell `null` from "null": look at the YAML
    // itself, only when a value could be one (most pages have no synonyms).
    let might_be_null = matches!(fm.title.as_str(), "null" | "Null" | "NULL" | "~") || !fm.synonyms.is_empty();
    let value: serde_yaml::Value =
        if might_be_null { serde_yaml::from_str(split.yaml).unwrap_or_default() } else { serde_yaml::Value::Null };
    if fm.title.trim().is_empty() || value.get("title").is_some_and(serde_yaml::Value::is_null) {
        let (line, column) = at("title", None);
        return Err(Diagnostic::error(path, line, column, "`title` is empty")
            .with_hint("write the page's title; quote it (\"null\") if it is that word"));
    }
    if fm.expansion.as_deref().is_some_and(|e| e.trim().is_empty()) {
        let (line, column) = at("expansion", None);
        return Err(Diagnostic::error(path, line, column, "`expansion` is empty")
            .with_hint("write the term's long form, or remove the `expansion` line"));
    }
    let items = value.get("synonyms").and_then(serde_yaml::Value::as_sequence).map_or(&[][..], Vec::as_slice);
    for (i, item) in items.iter().enumerate() {
        let problem = match item {
            serde_yaml::Value::Null => "is null (an empty value)",
            serde_yaml::Value::String(s) if s.trim().is_empty() => "is empty",
            _ => continue,
        };
        let (line, column) = at("synonyms", Some(i));
        return Err(Diagnostic::error(path, line, column, format!("synonym {} {problem}", i + 1)).with_hint(
            "a synonym is another way the term is written; remove this one, or quote it if it is the word (\"null\")",
        ));
    }
    Ok(())
}

/// The 0-based line and 1-based column of `key`'s value in a YAML block, or
/// of item `index` of its list, written `[a, b]` on the key's line or as
/// `- a` lines below it. A best effort for pointing at errors: `None` when
/// the layout is another one.
pub fn item_position(yaml: &str, key: &str, index: Option<usize>) -> Option<(usize, usize)> {
    let line = line_of_key(yaml, key)?;
    let text = yaml.lines().nth(line)?;
    let after_colon = text.find(':')? + 1;
    let value = &text[after_colon..];
    let value_start = after_colon + (value.len() - value.trim_start().len());
    let column = |byte: usize, text: &str| text[..byte].chars().count() + 1;
    let Some(index) = index else { return Some((line, column(value_start, text))) };
    if value.trim_start().starts_with('[') {
        // Item starts: the first non-blank after `[` or after a comma outside quotes.
        let mut quote = None;
        let mut starts = Vec::new();
        let mut expecting = false;
        for (i, c) in text[value_start..].char_indices() {
            let at = value_start + i;
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '[' | ',') => expecting = true,
                (None, ']') => break,
                (None, c) if c.is_whitespace() => {}
                (None, c) => {
                    if expecting {
                        starts.push(at);
                        expecting = false;
                    }
                    if c == '"' || c == '\'' {
                        quote = Some(c);
                    }
                }
            }
        }
        // Fewer starts than items (a list that goes on to the next line):
        // point at the bracket.
        return Some((line, column(starts.get(index).copied().unwrap_or(value_start), text)));
    }
    // Block style: `- item` lines more indented than the key (or at its level).
    yaml.lines()
        .enumerate()
        .skip(line + 1)
        .take_while(|(_, l)| l.trim().is_empty() || l.starts_with(' ') || l.starts_with('-'))
        .filter(|(_, l)| l.trim_start().starts_with('-'))
        .nth(index)
        .map(|(n, l)| {
            let dash = l.len() - l.trim_start().len();
            let rest = &l[dash + 1..];
            let item = dash + 1 + (rest.len() - rest.trim_start().len());
            (n, column(if item >= l.len() { dash } else { item }, l))
        })
}

/// The 0-based line of `key:` in a YAML block, for errors found after parsing.
pub fn line_of_key(yaml: &str, key: &str) -> Option<usize> {
    yaml.lines().position(|l| l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':')))
}

/// The 0-based line and column of the value of `key:` in a YAML block.
fn value_position(yaml: &str, key: &str) -> Option<(usize, usize)> {
    let line = line_of_key(yaml, key)?;
    let text = yaml.lines().nth(line)?;
    let after_colon = text.find(':')? + 1;
    let value = text[after_colon..].len() - text[after_colon..].trim_start().len();
    Some((line, text[..after_colon + value].chars().count()))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Whether `s` is `YYYY-MM-DD` naming a day of the calendar (so not
/// 2002-02-31), optionally followed by a time; the reason when it is not.
/// Feeds and sitemaps copy the date as it is, so readers would reject it.
fn check_date(s: &str) -> Result<(), String> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let shaped = digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) && b.get(7) == Some(&b'-') && digits(8..10);
    if !shaped || !(b.len() == 10 || matches!(b[10], b'T' | b't' | b' ')) {
        return Err("the form is YYYY-MM-DD".into());
    }
    let number = |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let Some(name) = month.checked_sub(1).and_then(|m| MONTHS.get(m as usize)) else {
        return Err(format!("there is no month {month}"));
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 {
        return Err("there is no day 0".into());
    }
    if day > days {
        return Err(format!("{name} {year} has {days} days"));
    }
    if b.len() > 10 {
        check_time(s)?;
    }
    Ok(())
}

/// A `date` that passed [`check_date`] as a full RFC 3339 timestamp, as
/// Atom requires: midnight for a day alone, seconds added where they were
/// left out, UTC where no offset was given.
pub fn rfc3339(date: &str) -> String {
    let Ok(mut dt) = date.parse::<toml::value::Datetime>() else { return format!("{date}T00:00:00Z") };
    let Some(time) = dt.time.as_mut() else { return format!("{date}T00:00:00Z") };
    time.second.get_or_insert(0);
    dt.offset.get_or_insert(toml::value::Offset::Z);
    dt.to_string()
}

/// The time after a valid day: RFC 3339 (TOML's datetime, which also takes
/// a space for the `T` and minutes without seconds), checked by the `toml`
/// crate's parser: hours to 23, minutes to 59, an offset of at most ±23:59.
/// `<time datetime>`, sitemaps and Atom copy it, so anything else — HTML
/// included — must stop here.
fn check_time(s: &str) -> Result<(), String> {
    let parsed: Result<toml::value::Datetime, _> = s.parse();
    match parsed {
        Ok(dt) if dt.time.is_some() => Ok(()),
        _ => Err(
            "the time is not valid: write it as in RFC 3339, e.g. `2002-11-18T10:00:00-03:00` or `2002-11-18 10:00`"
                .into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter() {
        let err = parse(Path::new("a.md"), "---\ntitle: a\nbody\n").unwrap_err();
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn yaml_error_reports_file_line() {
        let err = parse(Path::new("a.md"), "---\ntitle: a\nweight: [1\n---\n").unwrap_err();
        assert!(err.line >= 3, "{err}");
        let err = parse(Path::new("a.md"), "---\ntitle: a\n\n\nweigth: 1\n---\n").unwrap_err();
        assert_eq!(err.line, 5, "{err}");
        assert!(err.message.contains("weigth"));
    }

    #[test]
    fn dates() {
        for ok in [
            "2002-11-18",
            "2002-11-18T10:00:00Z",
            "2002-11-18 10:00",
            "2000-02-29",
            "2024-02-29",
            "2002-12-31",
            "2002-11-18T23:59:59.5+05:30",
            "2002-11-18T10:00:00-03:00",
            "2002-11-18t10:00:00z",
        ] {
            assert_eq!(check_date(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("2002-13-18", "there is no month 13"),
            ("2002-00-18", "there is no month 0"),
            ("2002-02-31", "February 2002 has 28 days"),
            ("2002-02-29", "February 2002 has 28 days"),
            ("1900-02-29", "February 1900 has 28 days"),
            ("2002-04-31", "April 2002 has 30 days"),
            ("2002-01-00", "there is no day 0"),
            ("18/11/2002", "the form is YYYY-MM-DD"),
            ("2002-11-18x", "the form is YYYY-MM-DD"),
            ("2002-1-18", "the form is YYYY-MM-DD"),
        ] {
            assert_eq!(check_date(bad), Err(why.to_string()), "{bad}");
        }
        for bad in [
            "2024-01-01T25:61:99+99:00 <b>x</b>",
            "2024-01-01T25:00:00Z",
            "2024-01-01T10:61:00Z",
            "2024-01-01T10:00:61Z",
            "2024-01-01T10:00:00+24:00",
            "2024-01-01T10:00:00+05:60",
            "2024-01-01T10:00:00Z <b>x</b>",
            "2024-01-01T",
            "2024-01-01 ",
            "2024-01-01Tnoon",
        ] {
            assert!(check_date(bad).is_err_and(|e| e.starts_with("the time is not valid")), "{bad}");
        }
        assert_eq!(check_date("2002-02-31T10:00:00Z"), Err("February 2002 has 28 days".to_string()));
    }

    #[test]
    fn dates_become_full_timestamps_for_feeds() {
        assert_eq!(rfc3339("2002-11-18"), "2002-11-18T00:00:00Z");
        assert_eq!(rfc3339("2002-11-18 10:00"), "2002-11-18T10:00:00Z");
        assert_eq!(rfc3339("2002-11-18T10:00:00.25-03:00"), "2002-11-18T10:00:00.25-03:00");
    }

    #[test]
    fn empty_and_null_synonyms_are_refused_where_they_are() {
        let err = |text: &str| parse(Path::new("a.md"), text).unwrap_err();
        let e = err("---\ntitle: a\nsynonyms: [ok, \"\"]\n---\n");
        assert_eq!((e.line, e.column, e.message.as_str()), (3, 16, "synonym 2 is empty"), "{e}");
        let e = err("---\ntitle: a\nsynonyms: [\" \"]\n---\n");
        assert_eq!((e.line, e.column, e.message.as_str()), (3, 12, "synonym 1 is empty"), "{e}");
        let e = err("---\ntitle: a\nsynonyms:\n  - ok\n  - null\n---\n");
        assert_eq!((e.line, e.column, e.message.as_str()), (5, 5, "synonym 2 is null (an empty value)"), "{e}");
        let e = err("---\ntitle: a\nsynonyms:\n  -\n---\n");
        assert_eq!((e.line, e.column), (4, 3), "{e}");
        let e = err("---\ntitle: a\nexpansion: \"  \"\n---\n");
        assert_eq!((e.line, e.column, e.message.as_str()), (3, 12, "`expansion` is empty"), "{e}");
        // Quoted, "null" is a word like any other.
        assert!(parse(Path::new("a.md"), "---\ntitle: a\nsynonyms: [\"null\", ~x]\n---\n").is_ok());
        assert!(parse(Path::new("a.md"), "---\ntitle: \"null\"\n---\n").is_ok());
        for title in ["null", "~", "\"  \"", "''"] {
            let e = err(&format!("---\nweight: 1\ntitle: {title}\n---\n"));
            assert_eq!((e.line, e.column, e.message.as_str()), (3, 8, "`title` is empty"), "{title}: {e}");
        }
    }

    #[test]
    fn date_errors_point_at_the_value() {
        let err = parse(Path::new("a.md"), "---\ntitle: a\ndate:   2002-02-31\n---\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 9), "{err}");
        assert_eq!(err.message, "`date` \"2002-02-31\" is not a date: February 2002 has 28 days");
    }
}
