//! Taxonomies (Zola's and Hugo's tags, categories): the values each page
//! lists, read from its front matter ([`take`]), and the values of the
//! whole site with their pages ([`Taxonomies::collect`]), from which
//! `site::taxonomies` renders a page per taxonomy and one per value.
//!
//! Values are compared by their slug, the part of the URL they make: `Rust`
//! and `rust` are one value (with a warning, since one of the spellings is
//! not shown), listed under the spelling met first in reading order.

use std::collections::HashMap;

use serde_yaml::Value;

use super::positions::{item_position, line_of_key};
use super::{Library, PageId, collation_key, slugify};
use crate::config::TaxonomyConfig;
use crate::diagnostic::Diagnostic;

/// A problem in a front-matter block: where (0-based line and column in the
/// block), the message and the hint.
pub type Problem = (Option<(usize, usize)>, String, String);

/// Takes the taxonomies out of a front matter read as a tree: the keys
/// named as declared taxonomies (`tags: [a, b]`), and Zola's table
/// (`[taxonomies] tags = ["a"]`), in which every key must be declared.
/// Returns each taxonomy's values as written.
pub fn take(block: &str, declared: &[String], value: &mut Value) -> Result<Vec<(String, Vec<String>)>, Problem> {
    let Value::Mapping(map) = value else { return Ok(Vec::new()) };
    let mut found: Vec<(String, Vec<String>)> = Vec::new();
    if let Some(table) = map.remove("taxonomies") {
        let header =
            line_of_key(block, "taxonomies").or_else(|| block.lines().position(|l| l.trim() == "[taxonomies]"));
        let table = match table {
            Value::Mapping(table) => table,
            Value::Null => Default::default(),
            _ => {
                return Err((
                    header.map(|l| (l, 1)),
                    "`taxonomies` is not a table".into(),
                    "write `[taxonomies]` and below it a list per taxonomy: `tags = [\"a\", \"b\"]`".into(),
                ));
            }
        };
        for (key, items) in table {
            let key = key.as_str().unwrap_or_default().to_string();
            let line = nested_line(block, header, &key);
            if !declared.contains(&key) {
                return Err(undeclared(&key, declared, line));
            }
            found.push((key.clone(), values(block, &key, line, &items)?));
        }
    }
    for name in declared {
        if let Some(items) = map.remove(name.as_str()) {
            let values = values(block, name, line_of_key(block, name), &items)?;
            match found.iter_mut().find(|(n, _)| n == name) {
                Some((_, v)) => v.extend(values),
                None => found.push((name.clone(), values)),
            }
        }
    }
    Ok(found)
}

/// The error for a key of `[taxonomies]` that site.toml does not declare.
fn undeclared(key: &str, declared: &[String], line: Option<usize>) -> Problem {
    let names = if declared.is_empty() {
        "none".to_string()
    } else {
        declared.iter().map(|d| format!("`{d}`")).collect::<Vec<_>>().join(", ")
    };
    (
        line.map(|l| (l, 1)),
        format!("`{key}` is not a taxonomy of this site: site.toml declares {names}"),
        format!("declare it in site.toml (`[[taxonomies]]`, then `name = \"{key}\"`), or remove it here"),
    )
}

/// The line of `key` below the `[taxonomies]` (or `taxonomies:`) line.
fn nested_line(block: &str, header: Option<usize>, key: &str) -> Option<usize> {
    let from = header.map_or(0, |h| h + 1);
    block.lines().enumerate().skip(from).find_map(|(i, l)| {
        let rest = l.trim_start().strip_prefix(key)?;
        rest.trim_start().starts_with([':', '=']).then_some(i)
    })
}

/// A taxonomy's values: a list of texts (numbers taken as written), or one text.
fn values(block: &str, key: &str, line: Option<usize>, items: &Value) -> Result<Vec<String>, Problem> {
    let at = |index: Option<usize>| {
        line.and_then(|l| item_position(block, key, index).filter(|(found, _)| *found == l)).or(line.map(|l| (l, 1)))
    };
    let one = |item: &Value, index: Option<usize>| match item {
        Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        Value::Number(n) => Ok(n.to_string()),
        _ => {
            let which = index.map_or(String::new(), |i| format!(" (item {})", i + 1));
            Err((
                at(index),
                format!("a value of `{key}`{which} is empty or not a text"),
                format!("write the values as a list of texts: `{key} = [\"a\", \"b\"]` or `{key}: [a, b]`"),
            ))
        }
    };
    match items {
        Value::Null => Ok(Vec::new()),
        Value::Sequence(list) => list.iter().enumerate().map(|(i, item)| one(item, Some(i))).collect(),
        other => one(other, None).map(|v| vec![v]),
    }
}

/// Every taxonomy of the site with its values and their pages.
#[derive(Debug, Default)]
pub struct Taxonomies {
    pub list: Vec<Taxonomy>,
    /// For each page, the (taxonomy, value) indexes it lists, A–Z in each taxonomy.
    pub by_page: Vec<Vec<(usize, usize)>>,
}

/// One taxonomy (`tags`) and its values, in A–Z order.
#[derive(Debug)]
pub struct Taxonomy {
    pub config: TaxonomyConfig,
    /// The heading of its pages: `title`, or the name made readable.
    pub title: String,
    /// Its folder in the output.
    pub slug: String,
    pub values: Vec<TaxonomyValue>,
}

/// One value of a taxonomy (`security`) and the pages that list it, the
/// newest first (then in reading order).
#[derive(Debug)]
pub struct TaxonomyValue {
    /// As first written, in reading order.
    pub name: String,
    pub slug: String,
    pub pages: Vec<PageId>,
}

impl Taxonomy {
    /// The URL of the list of values, relative to the base path: `tags/`.
    pub fn url(&self) -> String {
        format!("{}/", self.slug)
    }

    /// The URL of value `v`'s page: `tags/security/`.
    pub fn value_url(&self, v: usize) -> String {
        format!("{}/{}/", self.slug, self.values[v].slug)
    }
}

impl Taxonomies {
    /// The values of each taxonomy in `configs`, gathered from the pages of
    /// `lib`, with warnings for values that make the same URL and errors
    /// for pages whose URL a taxonomy's pages would take.
    pub fn collect(lib: &Library, configs: &[TaxonomyConfig]) -> (Taxonomies, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut by_page = vec![Vec::new(); lib.pages.len()];
        let list = configs
            .iter()
            .enumerate()
            .map(|(t, config)| {
                let slug = slugify(&config.name);
                for page in
                    lib.pages.iter().filter(|p| p.url == format!("{slug}/") || p.url.starts_with(&format!("{slug}/")))
                {
                    diags.push(
                        Diagnostic::error(
                            &page.path,
                            0,
                            0,
                            format!(
                                "this page's URL /{} is where the taxonomy `{}` writes its pages",
                                page.url, config.name
                            ),
                        )
                        .with_hint("rename the page or its folder, or the taxonomy in site.toml"),
                    );
                }
                let values = gather(lib, t, config, &mut by_page, &mut diags);
                Taxonomy { config: config.clone(), title: title_of(config), slug, values }
            })
            .collect();
        (Taxonomies { list, by_page }, diags)
    }
}

/// The values of taxonomy `t` over the pages in reading order; records in
/// `by_page` which value each page lists.
fn gather(
    lib: &Library,
    t: usize,
    config: &TaxonomyConfig,
    by_page: &mut [Vec<(usize, usize)>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<TaxonomyValue> {
    let mut values: Vec<TaxonomyValue> = Vec::new();
    let mut by_slug: HashMap<String, usize> = HashMap::new();
    let mut warned = std::collections::HashSet::new();
    for &id in &lib.reading_order {
        let page = &lib.pages[id];
        let written = page.meta.taxonomies.iter().filter(|(name, _)| *name == config.name).flat_map(|(_, v)| v);
        for name in written {
            let slug = slugify(name);
            // `.` and `..` are kept as they are by `slugify`: as a folder
            // they would climb out of the taxonomy's.
            if slug.chars().all(|c| c == '.') {
                let line = page.line_of(name);
                diags.push(
                    Diagnostic::error(
                        &page.path,
                        line,
                        1,
                        format!("the {} value {name:?} cannot be a URL", config.name),
                    )
                    .with_hint("write the value with letters or digits"),
                );
                continue;
            }
            let v = *by_slug.entry(slug.clone()).or_insert_with(|| {
                values.push(TaxonomyValue { name: name.clone(), slug: slug.clone(), pages: Vec::new() });
                values.len() - 1
            });
            if values[v].name != *name && warned.insert(name.clone()) {
                let line = page.line_of(name);
                let column = page.front_matter.lines().nth(line.saturating_sub(2)).and_then(|l| l.find(name.as_str()));
                diags.push(
                    Diagnostic::warning(
                        &page.path,
                        line,
                        column.map_or(1, |c| c + 1),
                        format!(
                            "the {} value {name:?} is {:?} (both are /{}/{slug}/): listed as {:?}",
                            config.name, values[v].name, config.name, values[v].name
                        ),
                    )
                    .with_hint("write the value the same way on every page"),
                );
            }
            // A page that lists a value twice is listed once.
            if values[v].pages.last() != Some(&id) {
                values[v].pages.push(id);
            }
        }
    }
    // Newest first; the sort is stable, so undated pages keep reading order.
    for value in &mut values {
        value.pages.sort_by_key(|&id| {
            let date = lib.pages[id].meta.date.clone();
            (date.is_none(), std::cmp::Reverse(date))
        });
    }
    values.sort_by_key(|v| collation_key(&v.name));
    for (v, value) in values.iter().enumerate() {
        for &id in &value.pages {
            by_page[id].push((t, v));
        }
    }
    values
}

/// `tags` → `Tags`, `reading_list` → `Reading list`.
fn title_of(config: &TaxonomyConfig) -> String {
    if let Some(title) = &config.title {
        return title.clone();
    }
    let words = config.name.replace(['_', '-'], " ");
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(block: &str) -> Result<Vec<(String, Vec<String>)>, Problem> {
        let mut value: Value = serde_yaml::from_str(block).unwrap();
        take(block, &["tags".to_string()], &mut value)
    }

    #[test]
    fn values_are_texts_or_numbers() {
        assert_eq!(read("tags: [a, 2024]\n").unwrap(), [("tags".into(), vec!["a".into(), "2024".into()])]);
        assert_eq!(read("tags: one\n").unwrap(), [("tags".into(), vec!["one".into()])]);
        assert_eq!(read("tags:\n").unwrap(), [("tags".into(), vec![])]);
        let (place, message, _) = read("title: t\ntags: [a, \" \"]\n").unwrap_err();
        assert_eq!(place, Some((1, 11)));
        assert!(message.contains("(item 2)"), "{message}");
        let (place, message, _) = read("taxonomies:\n  genres: [a]\n").unwrap_err();
        assert_eq!(place, Some((1, 1)));
        assert!(message.contains("`genres` is not a taxonomy") && message.contains("`tags`"), "{message}");
    }

    #[test]
    fn titles_are_readable() {
        let config = |name: &str| TaxonomyConfig { name: name.into(), title: None, feed: false, paginate_by: None };
        assert_eq!(title_of(&config("tags")), "Tags");
        assert_eq!(title_of(&config("reading_list")), "Reading list");
    }
}
