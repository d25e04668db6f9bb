//! Which front-matter keys each kind of file takes, and the words of the
//! error for one it does not: the keys it could have meant, and `extra`.
//!
//! The list of keys is read from [`FrontMatter`]'s own serde description,
//! so a field added to the struct is a valid key at once; only a key for
//! one kind of file alone is named again here ([`TERM_ONLY`], [`PAGE_ONLY`]).

use serde::de::{self, Deserialize, Deserializer, Visitor};

use super::{FrontMatter, Page};
use crate::diagnostic::Diagnostic;

/// What a Markdown file is, for the keys its front matter may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A page (`a/b.md`).
    Page,
    /// A section (`a/_index.md`), the home page included.
    Section,
    /// A glossary term (a page in the glossary folder).
    Term,
}

impl Kind {
    /// What the file is, in the words of an error ("a page's front matter").
    fn noun(self) -> &'static str {
        match self {
            Kind::Page => "a page",
            Kind::Section => "a section (`_index.md`)",
            Kind::Term => "a glossary term",
        }
    }
}

/// The keys only a glossary term takes: a term is a page with these too.
pub const TERM_ONLY: &[&str] =
    &["expansion", "synonyms", "summary", "related", "case_sensitive", "background", "inflect", "scope", "sense"];

/// The keys a section does not take: its URL is its folder's name.
pub const PAGE_ONLY: &[&str] = &["slug"];

/// Zola's keys for what acta does not build (yet): pagination, sorting,
/// anchor links, search switches (taxonomies it builds: see `taxonomy`). Read and ignored, with one
/// warning for the site ([`ignored_warning`]), so that a Zola site's
/// content loads as it is. Keys whose loss would publish what the author
/// hid (`render = false`, `redirect_to`) are not here: they stay errors.
pub const IGNORED: &[&str] = &[
    "sort_by",
    "paginate_by",
    "paginate_path",
    "paginate_reversed",
    "page_template",
    "insert_anchor_links",
    "in_search_index",
    "generate_feeds",
    "transparent",
];

/// One warning for the whole site, naming the first file and every key
/// ignored, when pages hold keys of [`IGNORED`]: the site builds, and the
/// author learns once what is missing from it.
pub fn ignored_warning(pages: &[Page]) -> Option<Diagnostic> {
    let mut with = pages.iter().filter(|p| !p.ignored_keys.is_empty());
    let first = with.next()?;
    let mut keys = first.ignored_keys.clone();
    let mut others = 0;
    for page in with {
        others += 1;
        keys.extend(page.ignored_keys.iter().filter(|k| !first.ignored_keys.contains(k)));
    }
    keys.sort_by_key(|k| IGNORED.iter().position(|i| i == k));
    keys.dedup();
    let others = match others {
        0 => String::new(),
        1 => " and in 1 other page".into(),
        n => format!(" and in {n} other pages"),
    };
    let line = first.ignored_keys.first().map_or(1, |k| first.line_of(k));
    let key = keys.join("`, `");
    Some(
        Diagnostic::warning(
            &first.path,
            line,
            1,
            format!("`{key}` ignored here{others}: acta does not build Zola's pagination or sorting yet"),
        )
        .with_hint("the pages build without pages of pages, in order of `weight`, then title; keep the keys for later, or remove them"),
    )
}

/// Every key of [`FrontMatter`], in the struct's order, then the citation's.
pub fn all() -> &'static [&'static str] {
    static ALL: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut keys = struct_fields::<FrontMatter>().to_vec();
        keys.extend_from_slice(struct_fields::<super::citation::Citation>());
        keys
    })
}

/// Whether `kind` takes `key`.
pub fn takes(kind: Kind, key: &str) -> bool {
    all().contains(&key)
        && (kind == Kind::Term || !TERM_ONLY.contains(&key))
        && (kind != Kind::Section || !PAGE_ONLY.contains(&key))
}

/// The keys `kind` takes, in the struct's order.
pub fn valid(kind: Kind) -> impl Iterator<Item = &'static str> {
    all().iter().copied().filter(move |k| takes(kind, k))
}

/// The message and hint for `key` in the front matter of a `kind` file.
/// `extra` is how the format writes the `extra` table (`extra:` or `[extra]`).
pub fn unknown(kind: Kind, key: &str, extra: &str) -> (String, String) {
    if kind != Kind::Term && TERM_ONLY.contains(&key) {
        return (
            format!("`{key}` is a glossary term key, and this page is not a term"),
            "term files live in the glossary folder (`[glossary] dir`, `content/glossary/` by default); remove the key here".into(),
        );
    }
    if kind == Kind::Section && PAGE_ONLY.contains(&key) {
        return (
            "`slug` is for pages; a section's URL is its folder's name".into(),
            "rename the folder, or remove `slug`".into(),
        );
    }
    let list = valid(kind).map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
    let message = format!("unknown field `{key}`: the front matter of {} takes {list}", kind.noun());
    let custom = format!("put data of your own under `{extra}`, where templates find it as `page.extra`");
    let hint = match closest(key, valid(kind)) {
        Some(near) => format!("did you mean `{near}`? Or {custom}"),
        None => custom.replacen("put", "Put", 1),
    };
    (message, hint)
}

/// The candidate nearest to `key` when it is near enough to be a typo: one
/// edit in a short key, two in a longer one.
pub fn closest<'k>(key: &str, candidates: impl Iterator<Item = &'k str>) -> Option<&'k str> {
    let limit = if key.chars().count() <= 4 { 1 } else { 2 };
    candidates.map(|c| (distance(key, c), c)).filter(|&(d, _)| d <= limit).min_by_key(|&(d, _)| d).map(|(_, c)| c)
}

/// Edit distance with transpositions (optimal string alignment): `titel` is
/// one edit from `title`, as a reader sees it.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    rows[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

/// The field names serde's derive gives `T`: asked of a deserializer that
/// records them and stops. The derive passes the same `&'static` list to
/// every deserializer, so this is exact and costs nothing after the call.
fn struct_fields<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    match T::deserialize(FieldProbe) {
        Err(Probe::Fields(fields)) => fields,
        _ => &[],
    }
}

struct FieldProbe;

#[derive(Debug)]
enum Probe {
    Fields(&'static [&'static str]),
    Other,
}

impl std::fmt::Display for Probe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("field probe")
    }
}

impl std::error::Error for Probe {}

impl de::Error for Probe {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Probe::Other
    }
}

impl<'de> Deserializer<'de> for FieldProbe {
    type Error = Probe;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Probe> {
        Err(Probe::Other)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Probe> {
        Err(Probe::Fields(fields))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_are_the_structs_fields() {
        assert_eq!(all().first(), Some(&"title"));
        assert!(all().contains(&"extra"));
        for key in TERM_ONLY.iter().chain(PAGE_ONLY) {
            assert!(all().contains(key), "{key} is not a field of FrontMatter");
        }
        assert!(takes(Kind::Term, "synonyms") && !takes(Kind::Page, "synonyms"));
        assert!(takes(Kind::Page, "slug") && !takes(Kind::Section, "slug"));
    }

    #[test]
    fn typos_find_their_key() {
        assert_eq!(closest("titel", valid(Kind::Page)), Some("title"));
        assert_eq!(closest("Weigth", valid(Kind::Page)), Some("weight"));
        assert_eq!(closest("tags", valid(Kind::Page)), None);
        assert_eq!(closest("synonym", valid(Kind::Page)), None);
        assert_eq!(closest("synonym", valid(Kind::Term)), Some("synonyms"));
    }

    #[test]
    fn the_error_lists_only_this_kinds_keys() {
        let (message, hint) = unknown(Kind::Page, "tags", "extra:");
        assert!(message.contains("`title`") && !message.contains("`expansion`"), "{message}");
        assert!(hint.contains("extra:") && !hint.contains("did you mean"), "{hint}");
        let (message, _) = unknown(Kind::Section, "titel", "[extra]");
        assert!(!message.contains("`slug`"), "{message}");
        let (message, _) = unknown(Kind::Term, "x", "extra:");
        assert!(message.contains("`synonyms`"), "{message}");
    }
}
