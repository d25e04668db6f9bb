//! The front matter of a page: splitting it from the body and parsing it,
//! written in YAML (`---` fences) or TOML (`+++`, as Zola and Hugo write it).
//!
//! Both are read into one tree of values, checked key by key for the kind
//! of file (see [`super::keys`]), then into [`FrontMatter`]: the fields and
//! the errors are the same whatever the format, and a field added to the
//! struct is a key of both. This is the one module that knows about
//! serde_yaml (archived upstream): swapping in a maintained fork such as
//! serde_norway is a change here only.

use serde::{Deserialize, Serialize};
use serde_yaml::{Mapping, Value};

use super::keys::{self, Kind};
use super::positions::{item_position, line_of_key, value_position};
use crate::diagnostic::{Diagnostic, line_col};

/// Free data for templates (`extra`), in the tree both formats are read into.
pub type Extra = Value;

/// The front matter of a page or section, as written by the author.
///
/// Every field is a key of both formats, and valid on every kind of file
/// unless [`keys`] says otherwise. Unknown keys are refused before this
/// struct is filled (by [`parse`], with the keys of the file's kind), so
/// it does not deny them itself.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
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
    pub extra: Option<Extra>,
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
    /// Glossary terms only: the sections or pages where a form this term
    /// shares with another means this term (see `glossary::ambiguous`).
    #[serde(default)]
    pub scope: Vec<String>,
    /// Glossary terms only: a label for this meaning of a shared form.
    #[serde(default)]
    pub sense: Option<String>,
    /// `authors`, `doi`, `report_number`…: how to cite the page. Read from
    /// the same keys by [`parse`] (not flattened: serde's flatten would hide
    /// the struct's own keys from the key check, see `keys::all`).
    #[serde(skip)]
    pub citation: super::citation::Citation,
    /// The page's values of each taxonomy site.toml declares, as written
    /// (`tags: [a, b]`, or Zola's `[taxonomies] tags = [...]`); read by
    /// [`parse`] (see [`super::taxonomy::take`]).
    #[serde(skip)]
    pub taxonomies: Vec<(String, Vec<String>)>,
}

/// How a file's front matter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Between `---` lines.
    Yaml,
    /// Between `+++` lines.
    Toml,
}

impl Format {
    fn fence(self) -> &'static str {
        match self {
            Format::Yaml => "---",
            Format::Toml => "+++",
        }
    }

    /// How the format starts the `extra` table, for hints.
    fn extra(self) -> &'static str {
        match self {
            Format::Yaml => "extra:",
            Format::Toml => "[extra]",
        }
    }
}

/// A page's text split in two, with where each part starts in the file.
#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    pub format: Format,
    /// The front matter between the fences.
    pub block: &'a str,
    /// 1-based line of the first front-matter line.
    pub block_line: usize,
    pub body: &'a str,
    /// 1-based line of the first body line.
    pub body_line: usize,
}

/// Splits `---\n<yaml>\n---\n<body>` or `+++\n<toml>\n+++\n<body>`; `None`
/// when the file has no front matter. `text` has no BOM and LF line ends.
pub fn split(text: &str) -> Result<Option<Split<'_>>, (usize, String, String)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    let format = match first.trim_end() {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => return Ok(None),
    };
    let block_start = first.len();
    let mut offset = block_start;
    let mut line = 1;
    for l in lines {
        line += 1;
        if l.trim_end() == format.fence() {
            return Ok(Some(Split {
                format,
                block: &text[block_start..offset],
                block_line: 2,
                body: &text[offset + l.len()..],
                body_line: line + 1,
            }));
        }
        offset += l.len();
    }
    Err((
        1,
        "the front matter that starts here is never closed".into(),
        format!("add a `{}` line after the last front-matter key", format.fence()),
    ))
}

/// A file's front matter, read.
#[derive(Debug)]
pub struct Parsed<'a> {
    pub meta: FrontMatter,
    pub format: Format,
    /// The front matter as written, to point later diagnostics at its lines.
    pub block: &'a str,
    pub body: &'a str,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
    /// Keys accepted but not built yet ([`keys::IGNORED`]), for a warning.
    pub ignored: Vec<&'static str>,
}

/// Parses the front matter of `text`, a file of `kind` on a site that
/// declares `taxonomies`; `None` when it has none. Diagnostics carry file
/// lines (not lines of the block) and are made for `path`.
pub fn parse<'a>(
    path: &std::path::Path,
    text: &'a str,
    kind: Kind,
    taxonomies: &[String],
) -> Result<Option<Parsed<'a>>, Diagnostic> {
    let split = match split(text) {
        Ok(Some(split)) => split,
        Ok(None) => return Ok(None),
        Err((line, msg, hint)) => return Err(Diagnostic::error(path, line, 1, msg).with_hint(hint)),
    };
    if split.block.trim().is_empty() {
        let example = if split.format == Format::Toml { "title = \"The page title\"" } else { "title: The page title" };
        return Err(Diagnostic::error(path, 1, 1, "the front matter is empty: `title` is required")
            .with_hint(format!("add a line `{example}` between the `{}` lines", split.format.fence())));
    }
    let file = Block { path, split: &split };
    let mut value = match split.format {
        // The struct's own error names a duplicate key as a field, as authors know them.
        Format::Yaml => serde_yaml::from_str(split.block).map_err(|e| {
            file.yaml_error(serde_yaml::from_str::<FrontMatter>(split.block).err().as_ref().unwrap_or(&e))
        })?,
        Format::Toml => toml::from_str::<toml::Table>(split.block)
            .map(|t| from_toml(toml::Value::Table(t)))
            .map_err(|e| file.toml_error(&e))?,
    };
    let found = super::taxonomy::take(split.block, taxonomies, &mut value).map_err(|(place, message, hint)| {
        Diagnostic::error(path, file.at(place).0, file.at(place).1, message).with_hint(hint)
    })?;
    let ignored = file.check_keys(kind, &mut value)?;
    // YAML is read again into the struct, not from the tree: serde_yaml then
    // takes an unquoted `title: 1984` or `section: 2.1` as the text it is.
    let mut meta: FrontMatter = match split.format {
        Format::Yaml => serde_yaml::from_str(split.block).map_err(|e| file.yaml_error(&e))?,
        Format::Toml => FrontMatter::deserialize(&value).map_err(|e| file.type_error(&value, &e))?,
    };
    meta.citation = super::citation::Citation::deserialize(&value).map_err(|e| file.type_error(&value, &e))?;
    meta.taxonomies = found;
    file.check_forms(&value, &meta)?;
    super::citation::check(path, split.block, split.block_line, &meta.citation)?;
    if let Some(date) = &meta.date
        && let Err(why) = super::dates::check_date(date)
    {
        let (line, column) = file.at(value_position(split.block, "date"));
        let example = if split.format == Format::Toml { "date = 2002-11-18" } else { "date: 2002-11-18" };
        return Err(Diagnostic::error(path, line, column, format!("`date` {date:?} is not a date: {why}"))
            .with_hint(format!("write dates as YYYY-MM-DD, e.g. `{example}`")));
    }
    Ok(Some(Parsed {
        meta,
        format: split.format,
        block: split.block,
        body: split.body,
        body_line: split.body_line,
        ignored,
    }))
}

/// TOML's values as the tree YAML is read into. A TOML date is a value of
/// its own kind; `date` and templates take its text, as written.
fn from_toml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Sequence(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(t) => Value::Mapping(t.into_iter().map(|(k, v)| (Value::String(k), from_toml(v))).collect()),
    }
}

/// One file's front matter, for errors at the file's own lines.
struct Block<'s> {
    path: &'s std::path::Path,
    split: &'s Split<'s>,
}

impl Block<'_> {
    /// A 0-based line and 1-based column in the block as a file position;
    /// the block's first line when the place is unknown.
    fn at(&self, place: Option<(usize, usize)>) -> (usize, usize) {
        place.map_or((self.split.block_line, 1), |(l, c)| (self.split.block_line + l, c))
    }

    fn error(&self, (line, column): (usize, usize), message: String, hint: &str) -> Diagnostic {
        Diagnostic::error(self.path, line, column, format!("invalid front matter: {message}")).with_hint(hint)
    }

    fn yaml_error(&self, e: &serde_yaml::Error) -> Diagnostic {
        let place = e.location().map(|l| (l.line() - 1, l.column()));
        let full = e.to_string();
        // serde_yaml appends " at line N column M" relative to the block: drop it,
        // we report the file's own position.
        let message = full.find(" at line ").map_or(full.as_str(), |i| &full[..i]).to_string();
        let hint = if message.contains("missing field") {
            "add the missing key to the front matter"
        } else {
            "front matter is YAML: quote values that contain `: ` or start with a special character"
        };
        self.error(self.at(place), message, hint)
    }

    fn toml_error(&self, e: &toml::de::Error) -> Diagnostic {
        let place = e.span().map(|s| line_col(self.split.block, s.start)).map(|(l, c)| (l - 1, c));
        let message = e.message().trim().to_string();
        let hint = if message.contains("date") {
            "write dates as YYYY-MM-DD, e.g. `date = 2002-11-18`"
        } else {
            "front matter between `+++` lines is TOML: quote text values (`title = \"…\"`)"
        };
        self.error(self.at(place), message, hint)
    }

    /// Refuses a key `kind` does not take, naming the ones it does; removes
    /// the keys acta accepts but ignores, and returns them.
    fn check_keys(&self, kind: Kind, value: &mut Value) -> Result<Vec<&'static str>, Diagnostic> {
        let Value::Mapping(map) = value else { return Ok(Vec::new()) };
        let ignored: Vec<&'static str> = keys::IGNORED.iter().copied().filter(|k| map.contains_key(*k)).collect();
        for key in &ignored {
            map.remove(*key);
        }
        let unknown = map.keys().filter_map(Value::as_str).find(|k| !keys::takes(kind, k));
        if let Some(key) = unknown {
            let (message, hint) = keys::unknown(kind, key, self.split.format.extra());
            let (line, column) = self.at(line_of_key(self.split.block, key).map(|l| (l, 1)));
            return Err(Diagnostic::error(self.path, line, column, message).with_hint(hint));
        }
        Ok(ignored)
    }

    /// A TOML value of the wrong type: the tree has no positions, so the key
    /// whose value fails alone is found, and its value pointed at.
    fn type_error(&self, value: &Value, e: &serde_yaml::Error) -> Diagnostic {
        let hint = if e.to_string().contains("missing field") {
            "add the missing key to the front matter"
        } else {
            "check the value's type: text in quotes, numbers and `true`/`false` bare, lists in `[…]`"
        };
        let culprit = value.as_mapping().and_then(|map| {
            map.iter().filter_map(|(k, v)| Some((k.as_str()?, v))).find(|&(k, v)| {
                let mut alone = Mapping::new();
                alone.insert("title".into(), "t".into());
                alone.insert(k.into(), v.clone());
                FrontMatter::deserialize(&Value::Mapping(alone)).is_err()
            })
        });
        match culprit {
            Some((key, _)) => self.error(self.at(value_position(self.split.block, key)), format!("`{key}`: {e}"), hint),
            None => self.error(self.at(None), e.to_string(), hint),
        }
    }

    /// Refuses a title, expansion or synonym that is empty, blank or `null`:
    /// serde_yaml reads `title: null` and `[~]` as the texts "null" and "~",
    /// and `[""]` is a form that can never match, so the author's mistake
    /// would pass silently.
    fn check_forms(&self, value: &Value, fm: &FrontMatter) -> Result<(), Diagnostic> {
        let block = self.split.block;
        let at = |key: &str, index: Option<usize>| self.at(item_position(block, key, index));
        let fail = |(line, column): (usize, usize), message: String, hint: &str| {
            Err(Diagnostic::error(self.path, line, column, message).with_hint(hint))
        };
        if fm.title.trim().is_empty() || value.get("title").is_some_and(Value::is_null) {
            return fail(
                at("title", None),
                "`title` is empty".into(),
                "write the page's title; quote it (\"null\") if it is that word",
            );
        }
        if fm.expansion.as_deref().is_some_and(|e| e.trim().is_empty()) {
            return fail(
                at("expansion", None),
                "`expansion` is empty".into(),
                "write the term's long form, or remove the `expansion` line",
            );
        }
        let items = value.get("synonyms").and_then(Value::as_sequence).map_or(&[][..], Vec::as_slice);
        for (i, item) in items.iter().enumerate() {
            let problem = match item {
                Value::Null => "is null (an empty value)",
                Value::String(s) if s.trim().is_empty() => "is empty",
                _ => continue,
            };
            return fail(
                at("synonyms", Some(i)),
                format!("synonym {} {problem}", i + 1),
                "a synonym is another way the term is written; remove this one, or quote it if it is the word (\"null\")",
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse_as(kind: Kind, text: &str) -> Result<FrontMatter, Diagnostic> {
        parse(Path::new("a.md"), text, kind, &[]).map(|p| p.map(|p| p.meta).unwrap_or_default())
    }

    fn err(text: &str) -> Diagnostic {
        parse_as(Kind::Term, text).unwrap_err()
    }

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\ntitle: a\n---\nbody\n").unwrap().unwrap();
        assert_eq!((s.format, s.block, s.body, s.body_line), (Format::Yaml, "title: a\n", "body\n", 4));
        let s = split("+++\ntitle = \"a\"\n+++\n\nbody\n").unwrap().unwrap();
        assert_eq!((s.format, s.block, s.body, s.body_line), (Format::Toml, "title = \"a\"\n", "\nbody\n", 4));
        assert_eq!(split("# A title\n\nbody\n"), Ok(None));
    }

    #[test]
    fn unclosed_front_matter() {
        assert!(err("---\ntitle: a\nbody\n").message.contains("never closed"));
        assert!(err("+++\ntitle = \"a\"\n").hint.unwrap_or_default().contains("`+++`"));
    }

    #[test]
    fn yaml_error_reports_file_line() {
        assert!(err("---\ntitle: a\nweight: [1\n---\n").line >= 3);
        let e = err("---\ntitle: a\n\n\nweigth: 1\n---\n");
        assert_eq!((e.line, e.column), (5, 1), "{e}");
        assert!(e.message.contains("weigth"));
    }

    #[test]
    fn toml_has_the_same_fields_and_positions() {
        let fm = parse_as(
            Kind::Page,
            "+++\ntitle = \"A\"\ndate = 2002-11-18\nweight = 3\ndraft = true\n[extra]\nx = 1\n+++\n",
        )
        .unwrap();
        assert_eq!(
            (fm.title.as_str(), fm.date.as_deref(), fm.weight, fm.draft),
            ("A", Some("2002-11-18"), Some(3), true)
        );
        assert_eq!(fm.extra.and_then(|e| e.get("x").and_then(Value::as_i64)), Some(1));
        let e = err("+++\ntitle = \"A\"\nweight = [1\n+++\n");
        assert_eq!(e.line, 3, "{e}");
        let e = err("+++\ntitle = \"A\"\n\nweight   = \"heavy\"\n+++\n");
        assert_eq!((e.line, e.column), (4, 12), "{e}");
        assert!(e.message.contains("`weight`") && e.message.contains("expected i64"), "{e}");
        let e = err("+++\ntitle = \"A\"\ndate = 2002-02-31\n+++\n");
        assert_eq!((e.line, e.column), (3, 8), "{e}");
        let e = err("+++\ntitle = \"A\"\nsynonyms = [\"ok\", \" \"]\n+++\n");
        assert_eq!((e.line, e.column, e.message.as_str()), (3, 19, "synonym 2 is empty"), "{e}");
        let e = err("+++\ndraft = true\n+++\n");
        assert!(e.message.contains("missing field `title`"), "{e}");
    }

    #[test]
    fn unknown_keys_are_refused_for_the_kind_of_file() {
        let e = parse_as(Kind::Page, "---\ntitle: a\ntitel: b\n---\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1), "{e}");
        assert!(e.hint.unwrap_or_default().contains("did you mean `title`?"));
        let e = parse_as(Kind::Page, "+++\ntitle = \"a\"\ntags = [\"x\"]\n+++\n").unwrap_err();
        assert!(e.hint.unwrap_or_default().contains("`[extra]`"));
        let e = parse_as(Kind::Section, "---\ntitle: a\nslug: b\n---\n").unwrap_err();
        assert!(e.message.contains("`slug` is for pages"), "{e}");
        assert!(parse_as(Kind::Term, "---\ntitle: a\nsynonyms: [b]\n---\n").is_ok());
    }

    #[test]
    fn taxonomies_are_read_in_both_formats() {
        let tags = ["tags".to_string(), "categories".to_string()];
        let read = |text: &str| parse(Path::new("a.md"), text, Kind::Page, &tags).map(|p| p.unwrap().meta.taxonomies);
        let zola = read("+++\ntitle = \"a\"\n[taxonomies]\ntags = [\"x\", \"y\"]\ncategories = \"c\"\n+++\n").unwrap();
        assert_eq!(zola, [("categories".into(), vec!["c".into()]), ("tags".into(), vec!["x".into(), "y".into()])]);
        let yaml = read("---\ntitle: a\ntags: [x]\n---\n").unwrap();
        assert_eq!(yaml, [("tags".into(), vec!["x".into()])]);
        let e = read("+++\ntitle = \"a\"\n\n[taxonomies]\nauthors = [\"x\"]\n+++\n").unwrap_err();
        assert_eq!((e.line, e.column), (5, 1), "{e}");
        assert!(e.message.contains("`authors` is not a taxonomy") && e.message.contains("`tags`, `categories`"), "{e}");
        let e = read("---\ntitle: a\ntags: [x, null]\n---\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 11), "{e}");
        let text = "+++\ntitle = \"a\"\nsort_by = \"date\"\nrender = false\n+++\n";
        let e = parse(Path::new("a.md"), text, Kind::Section, &[]).unwrap_err();
        assert!(e.message.contains("unknown field `render`"), "hiding a section is not ignored: {e}");
    }

    #[test]
    fn empty_and_null_synonyms_are_refused_where_they_are() {
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
        assert!(parse_as(Kind::Term, "---\ntitle: a\nsynonyms: [\"null\", ~x]\n---\n").is_ok());
        assert!(parse_as(Kind::Page, "---\ntitle: \"null\"\n---\n").is_ok());
        for title in ["null", "~", "\"  \"", "''"] {
            let e = err(&format!("---\nweight: 1\ntitle: {title}\n---\n"));
            assert_eq!((e.line, e.column, e.message.as_str()), (3, 8, "`title` is empty"), "{title}: {e}");
        }
    }

    #[test]
    fn date_errors_point_at_the_value() {
        let err = err("---\ntitle: a\ndate:   2002-02-31\n---\n");
        assert_eq!((err.line, err.column), (3, 9), "{err}");
        assert_eq!(err.message, "`date` \"2002-02-31\" is not a date: February 2002 has 28 days");
    }
}
