//! Problems the user can fix, with the place they are at.
//!
//! Every stage collects `Diagnostic`s instead of stopping at the first one, so
//! a build reports all of its problems at once, sorted by file and line.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors fail the build, warnings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file, printed as `path:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site root where possible; empty for a
    /// problem of the whole site that no file holds (see [`Diagnostic::site_wide`]).
    #[serde(serialize_with = "path_or_null")]
    pub path: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub column: usize,
    pub message: String,
    /// What to do about it, when we know.
    pub hint: Option<String>,
    /// A link into the site that leads nowhere: what `[check] warn_only`
    /// turns into a warning (see [`Diagnostics::relax_broken_links`]).
    #[serde(skip)]
    pub broken_link: bool,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line,
            column,
            message: message.into(),
            hint: None,
            broken_link: false,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, line, column, message) }
    }

    /// An error of the whole site, at no file: printed without a location
    /// (`error: …`), `"path": null` in JSON.
    pub fn site_wide(message: impl Into<String>) -> Self {
        Diagnostic::error(PathBuf::new(), 0, 0, message)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Marks a link into the site that leads nowhere (a missing page, file
    /// or anchor, a draft left out), for `[check] warn_only`.
    pub fn broken_link(mut self) -> Self {
        self.broken_link = true;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.as_os_str().is_empty() {
            write!(f, "{}", self.path.display())?;
            if self.line > 0 {
                write!(f, ":{}", self.line)?;
                if self.column > 0 {
                    write!(f, ":{}", self.column)?;
                }
            }
            f.write_str(": ")?;
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// All the diagnostics of one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Broken links into the site as warnings: `[check] warn_only`, for
    /// authors who publish while pages are still being written.
    pub fn relax_broken_links(&mut self) {
        for d in self.0.iter_mut().filter(|d| d.broken_link) {
            d.severity = Severity::Warning;
        }
    }

    /// Sorted by file, then position; errors before warnings at one place.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| (&a.path, a.line, a.column, a.severity).cmp(&(&b.path, b.line, b.column, b.severity)));
        self.0.dedup();
        self.0
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The error of a stage that found user-fixable problems.
#[derive(Debug)]
pub struct Failed(pub Diagnostics);

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.error_count();
        write!(f, "{n} error{}", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Failed {}

/// Line and column (1-based, columns in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// `path` relative to `root` for display, or `path` itself.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

/// Prints diagnostics to stderr, sorted, with a summary count.
pub fn report(diags: Diagnostics) {
    let (errors, warnings) = (diags.error_count(), diags.warning_count());
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    if errors + warnings > 0 {
        eprintln!("{errors} error{}, {warnings} warning{}", plural(errors), plural(warnings));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A diagnostic's path in JSON: `null` for one of the whole site.
fn path_or_null<S: serde::Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
    if path.as_os_str().is_empty() { s.serialize_none() } else { s.serialize_some(path) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_not_bytes() {
        let text = "ab\ncé d";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // 'é' is two bytes: "cé " is 4 bytes, the 'd' is column 4.
        assert_eq!(line_col(text, 7), (2, 4));
    }

    #[test]
    fn display_has_location_and_hint() {
        let d = Diagnostic::error("content/a.md", 3, 5, "bad").with_hint("fix it");
        assert_eq!(d.to_string(), "content/a.md:3:5: error: bad\n  hint: fix it");
        assert_eq!(Diagnostic::warning("site.toml", 0, 0, "w").to_string(), "site.toml: warning: w");
    }

    #[test]
    fn a_site_wide_problem_has_no_location() {
        let d = Diagnostic::site_wide("the search index could not be built");
        assert_eq!(d.to_string(), "error: the search index could not be built");
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["path"], serde_json::Value::Null);
        assert_eq!(json["message"], "the search index could not be built");
    }
}
