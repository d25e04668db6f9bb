//! What a render produces: files in memory and files to copy, with the
//! render's warnings. The type every stage after rendering takes — output,
//! search, serve — so it sits below them all.

use std::sync::Arc;

use crate::diagnostic::Diagnostics;
use crate::theme::Source;

/// A file of the output, relative to the output folder, `/`-separated.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputFile {
    pub rel: String,
    /// Shared, so a rebuild that keeps a page reuses its bytes without a copy.
    pub bytes: Arc<[u8]>,
}

/// A file copied into the output as it is.
#[derive(Debug, Clone)]
pub struct CopiedFile {
    pub rel: String,
    pub source: Source,
}

/// The rendered site, in memory.
#[derive(Debug, Default)]
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub copies: Vec<CopiedFile>,
    /// Warnings (a render with errors returns `Err`).
    pub warnings: Diagnostics,
}
