//! One shard's index as Pagefind wrote it: its files by path, and its
//! `pagefind-entry.json`, which names each language's meta file.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::rendered::OutputFile;

/// `pagefind-entry.json`, fields in Pagefind's order.
#[derive(Serialize, Deserialize, Clone)]
pub(super) struct Entry {
    pub(super) version: String,
    pub(super) languages: BTreeMap<String, EntryLanguage>,
    pub(super) include_characters: Vec<char>,
}

#[derive(Serialize, Deserialize, Clone)]
pub(super) struct EntryLanguage {
    pub(super) hash: String,
    pub(super) wasm: Option<String>,
    pub(super) page_count: usize,
}

/// One shard's index: its files by path (under `pagefind/`).
#[derive(Clone)]
pub struct Shard {
    pub(super) files: HashMap<String, OutputFile>,
    pub(super) entry: Entry,
}

impl Shard {
    pub fn new(files: Vec<OutputFile>) -> Result<Shard, String> {
        let files: HashMap<String, OutputFile> = files.into_iter().map(|f| (f.rel.clone(), f)).collect();
        let entry = files
            .get(&path("pagefind-entry.json"))
            .ok_or("the search index has no pagefind-entry.json")
            .and_then(|f| serde_json::from_slice(&f.bytes).map_err(|_| "pagefind-entry.json is not valid"))?;
        Ok(Shard { files, entry })
    }

    /// How many pages the shard holds.
    pub fn page_count(&self) -> usize {
        self.entry.languages.values().map(|l| l.page_count).sum()
    }

    pub(super) fn file(&self, rel: &str) -> Result<&OutputFile, String> {
        self.files.get(&path(rel)).ok_or_else(|| format!("the search index has no {rel}"))
    }
}

pub(super) fn path(rel: &str) -> String {
    format!("{}/{rel}", super::DIR)
}

/// Whether a file is part of a language's index (the rest — scripts, styles,
/// the stemmer's WebAssembly — are the same in every shard).
pub(super) fn is_index_file(rel: &str) -> bool {
    let rel = rel.strip_prefix(&path("")).unwrap_or(rel);
    rel == "pagefind-entry.json"
        || rel.ends_with(".pf_meta")
        || rel.starts_with("index/")
        || rel.starts_with("fragment/")
        || rel.starts_with("filter/")
}
