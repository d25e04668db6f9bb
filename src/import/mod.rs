//! Plain-text paper → Markdown pages with YAML front matter (`acta import`).
//!
//! The importer is a pure function of the file's bytes: the CLI reads the
//! file and writes the returned pages. It works by heuristics, each in its
//! own module and each unit-tested, so that it handles the family of
//! plain-text papers (converted PDFs, hard-wrapped reports) rather than one
//! document:
//!
//! 1. `heads`: pages are split on form feeds, or where a short line keeps
//!    repeating after a gap; lines that repeat at page edges (identical but
//!    for numbers, dates or month names) and page-number footers are removed.
//! 2. `blocks`: lines are grouped into blocks (one per line when the text
//!    has one paragraph per line, else runs of lines between blank lines,
//!    with hyphenated words rejoined). A run set right of the text's margin
//!    whose layout matters (code, ABNF, drawings, aligned columns) is kept
//!    verbatim as a fenced code block; a line over `===` or `---` is a
//!    heading. `classify` tells numbered (`2.1.3.`,
//!    `2.1`, `IV.`) and ALL-CAPS headings, run-in headings, list items and
//!    paragraphs apart. Paragraphs cut by a page break are joined again; list
//!    items continued after a break keep their text.
//! 3. `title`: the short lines at the top of the first page become the
//!    home page's title and `extra` fields (event, place, dates, labels).
//! 4. `lang`: paragraphs in another language than the document's are
//!    detected with `whatlang` and wrapped in `<div lang="…">`.
//! 5. `pages`: one page per top-level section (and per second-level one
//!    at split level 2), rendered by `markdown` with escaped text; `case`
//!    recases ALL-CAPS headings (keeping acronyms and the document's own
//!    spellings such as `BeOpen.com`) and makes slugs.

mod blocks;
mod case;
mod classify;
mod heads;
mod lang;
mod markdown;
mod pages;
mod title;

#[cfg(test)]
mod tests;

use std::fmt;
use std::path::PathBuf;

/// How a text file is turned into pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// 1: one page per top-level section; 2: also one per second-level section.
    pub split_level: u8,
    /// Title used when the text has none, e.g. the file stem.
    pub fallback_title: String,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { split_level: 2, fallback_title: "Untitled".to_string() }
    }
}

/// One Markdown file produced by the importer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedPage {
    /// Path relative to the output directory, e.g. `02-globalization-security/01-….md`.
    pub path: PathBuf,
    /// `---\n<yaml>---\n\n<markdown>\n` (just the front matter when the page has no body).
    pub contents: String,
}

/// Why a file cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImportError {
    /// The file is empty or holds only whitespace.
    Empty,
    /// The file holds a NUL byte, so it is not text.
    Binary {
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// The file is not UTF-8.
    InvalidUtf8 {
        /// Byte offset of the first byte that is not valid UTF-8.
        offset: usize,
    },
    /// The file starts with a UTF-16 byte-order mark.
    Utf16,
    /// `split_level` is neither 1 nor 2.
    InvalidSplitLevel(u8),
    /// The file is already Markdown: importing it as plain text would escape it.
    Markdown {
        /// 1-based line of the first ATX heading or code fence.
        line: usize,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Empty => write!(f, "the file is empty; there is no text to import"),
            ImportError::Binary { offset } => {
                write!(f, "the file looks binary (NUL byte at offset {offset}); import expects a plain-text file")
            }
            ImportError::InvalidUtf8 { offset } => write!(
                f,
                "the file is not valid UTF-8 (first bad byte at offset {offset}); convert it with iconv -f latin1 -t utf-8"
            ),
            ImportError::Utf16 => write!(f, "the file is UTF-16 text; convert it with iconv -f utf-16 -t utf-8"),
            ImportError::Markdown { line } => write!(
                f,
                "the file is already Markdown (a heading or code fence at line {line}); import reads plain text and would escape it\n  hint: copy it into content/ as a .md page with front matter (a `title:` between two `---` lines)"
            ),
            ImportError::InvalidSplitLevel(level) => write!(
                f,
                "split level {level} is not supported; use 1 (one page per section) or 2 (also one per subsection)"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// Turns the bytes of a plain-text paper into Markdown pages, the home page (`_index.md`) first.
pub fn import_text(bytes: &[u8], opts: &ImportOptions) -> Result<Vec<ImportedPage>, ImportError> {
    import_bytes(bytes.to_vec(), opts)
}

/// [`import_text`] taking the file's bytes, which become the text without a
/// copy and are freed as soon as they are split into lines.
///
/// Memory, measured on a 200 MB paper: every stage used to hold its own copy
/// of the whole text (bytes, text, lines, pages, blocks, paragraphs,
/// pages written) beside the previous one, 6× the input at the peak. Now
/// each stage takes the previous one's data or borrows it, and frees it;
/// lines are slices of the one text.
pub fn import_bytes(bytes: Vec<u8>, opts: &ImportOptions) -> Result<Vec<ImportedPage>, ImportError> {
    if !(1..=2).contains(&opts.split_level) {
        return Err(ImportError::InvalidSplitLevel(opts.split_level));
    }
    let text = heads::expand_tabs(decode(bytes)?);
    if let Some(line) = markdown_evidence(&text) {
        return Err(ImportError::Markdown { line });
    }
    // Pages and blocks borrow their lines from the text; it is freed once the
    // blocks' text is joined into the document's nodes.
    let pages = heads::split_pages(&text);
    let doc = blocks::build(&pages);
    drop(pages);
    drop(text);
    if doc.title.is_empty() && doc.nodes.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(pages::build(doc, opts))
}

/// The line of the first ATX heading or code fence when the text is
/// Markdown: two or more `#`-headings, or one with a fence or a link. Plain
/// text rarely starts lines with `# ` and never pairs it with `[x](y)`.
fn markdown_evidence(text: &str) -> Option<usize> {
    let (mut headings, mut fences, mut first) = (0usize, 0usize, None);
    for (i, line) in text.lines().enumerate() {
        let hashes = line.bytes().take_while(|&b| b == b'#').count();
        let atx = (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') && line.len() > hashes + 1;
        let fence = line.starts_with("```") || line.starts_with("~~~");
        if atx || fence {
            headings += usize::from(atx);
            fences += usize::from(fence);
            first.get_or_insert(i + 1);
        }
        if headings >= 2 || (headings >= 1 && fences >= 2) {
            return first;
        }
    }
    let links = text.contains("](") && text.contains('[');
    (headings >= 1 && links).then_some(first).flatten()
}

/// Checks that the bytes are UTF-8 text and normalises line endings.
fn decode(bytes: Vec<u8>) -> Result<String, ImportError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::Utf16);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(ImportError::Binary { offset });
    }
    let mut text =
        String::from_utf8(bytes).map_err(|e| ImportError::InvalidUtf8 { offset: e.utf8_error().valid_up_to() })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    Ok(text)
}
