//! Pagefind's index files, as its browser code reads them: CBOR records,
//! gzipped behind a signature, named by a truncated SHA-1.
//!
//! The types mirror those of the `pagefind` crate (1.6) field for field;
//! they are written again here because the crate only encodes its own and
//! keeps them private. Their layout is pinned by
//! `merge::tests::a_merged_index_is_byte_for_byte_the_single_index`, which
//! fails if a Pagefind upgrade changes it.

use std::io::{Read, Write};

use flate2::{Compression, read::GzDecoder, write::GzEncoder};
use minicbor::{Decode, Encode};
use sha1::{Digest, Sha1};

/// `pagefind.*.pf_meta`: what a language's index holds.
#[derive(Encode, Decode, Debug, Default)]
pub struct MetaIndex {
    #[n(0)]
    pub version: String,
    #[n(1)]
    pub pages: Vec<MetaPage>,
    #[n(2)]
    pub index_chunks: Vec<MetaChunk>,
    #[n(3)]
    pub filters: Vec<MetaFilter>,
    #[n(4)]
    pub sorts: Vec<MetaSort>,
    #[n(5)]
    pub meta_fields: Vec<String>,
}

/// A page: the name of its fragment file and its length in words.
#[derive(Encode, Decode, Debug, Clone, PartialEq)]
pub struct MetaPage {
    #[n(0)]
    pub hash: String,
    #[n(1)]
    pub word_count: u32,
    #[n(2)]
    pub group_hash: String,
}

/// The word chunk to load for words sorting between `from` and `to`.
#[derive(Encode, Decode, Debug, Clone, PartialEq)]
pub struct MetaChunk {
    #[n(0)]
    pub from: String,
    #[n(1)]
    pub to: String,
    #[n(2)]
    pub hash: String,
}

#[derive(Encode, Decode, Debug)]
pub struct MetaFilter {
    #[n(0)]
    pub filter: String,
    #[n(1)]
    pub hash: String,
}

#[derive(Encode, Decode, Debug)]
pub struct MetaSort {
    #[n(0)]
    pub sort: String,
    #[n(1)]
    pub pages: Vec<usize>,
}

/// `index/*.pf_index`: words, each with the pages it is on. Page numbers
/// are stored as deltas within a word's list (see [`delta`]).
#[derive(Encode, Decode, Debug)]
pub struct WordIndex {
    #[n(0)]
    pub words: Vec<PackedWord>,
}

#[derive(Encode, Decode, Debug, Clone, PartialEq)]
pub struct PackedWord {
    #[n(0)]
    pub word: String,
    #[n(1)]
    pub pages: Vec<PackedPage>,
    #[n(2)]
    pub additional_variants: Vec<PackedVariant>,
}

/// The same word written with diacritics ("café" of "cafe").
#[derive(Encode, Decode, Debug, Clone, PartialEq)]
pub struct PackedVariant {
    #[n(0)]
    pub form: String,
    #[n(1)]
    pub pages: Vec<PackedPage>,
}

/// Where a word is on one page: positions with weight markers, and its
/// positions in meta fields with field markers (negative numbers).
#[derive(Encode, Decode, Debug, Clone, PartialEq)]
pub struct PackedPage {
    #[n(0)]
    pub page_number: usize,
    #[n(1)]
    pub locs: Vec<i32>,
    #[n(2)]
    pub meta_locs: Vec<i32>,
}

/// `filter/*.pf_filter`: a filter's values, each with its pages.
#[derive(Encode, Decode, Debug)]
pub struct FilterIndex {
    #[n(0)]
    pub filter: String,
    #[n(1)]
    pub values: Vec<PackedValue>,
}

#[derive(Encode, Decode, Debug)]
pub struct PackedValue {
    #[n(0)]
    pub value: String,
    #[n(1)]
    pub pages: Vec<usize>,
}

/// Best, as Pagefind compresses (a build's index is the one Pagefind would
/// write), or fast, for a preview that re-merges on every edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Best,
    Fast,
}

/// The bytes every compressed file starts with once unzipped.
const SIGNATURE: &[u8] = b"pagefind_dcd";

/// A file's contents as Pagefind writes them: gzipped (`best`, as Pagefind
/// compresses, makes the files it would write).
pub fn compress(data: &[u8], best: bool) -> Vec<u8> {
    let level = if best { Compression::best() } else { Compression::fast() };
    let mut gz = GzEncoder::new(Vec::with_capacity(data.len() / 3), level);
    // Writing into a Vec cannot fail.
    let _ = gz.write_all(SIGNATURE);
    let _ = gz.write_all(data);
    gz.finish().unwrap_or_default()
}

/// The contents of a compressed file, without its signature.
pub fn decompress(file: &[u8], name: &str) -> Result<Vec<u8>, String> {
    let mut data = Vec::with_capacity(file.len() * 4);
    GzDecoder::new(file).read_to_end(&mut data).map_err(|e| format!("search index file {name}: {e}"))?;
    match data.strip_prefix(SIGNATURE) {
        Some(rest) => Ok(rest.to_vec()),
        None => Err(format!("search index file {name}: not a Pagefind file")),
    }
}

pub fn encode<T: Encode<()>>(value: &T) -> Vec<u8> {
    let mut bytes = Vec::new();
    // Encoding into a Vec cannot fail.
    let _ = minicbor::encode(value, &mut bytes);
    bytes
}

pub fn decode<'b, T: Decode<'b, ()>>(bytes: &'b [u8], name: &str) -> Result<T, String> {
    minicbor::decode(bytes).map_err(|e| format!("search index file {name}: {e}"))
}

/// Pagefind's content hash: SHA-1, each byte in hex without padding (so
/// the digits of a byte below 16 are one, as Pagefind names its files).
pub fn full_hash(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(40);
    for b in Sha1::digest(bytes) {
        let _ = write!(out, "{b:x}");
    }
    out
}

/// Names files by `{language}_{hash}`, cut as short as Pagefind cuts them
/// (seven hex digits) and lengthened, as it does, while a name is taken.
pub struct Namer {
    language: String,
    taken: std::collections::HashSet<String>,
}

impl Namer {
    pub fn new(language: &str) -> Namer {
        Namer { language: language.to_string(), taken: Default::default() }
    }

    /// The name of a file with these contents (`full` is [`full_hash`]).
    /// A taken name grows by `step` digits at a time: Pagefind lengthens a
    /// fragment's by one and a word chunk's or filter's by two.
    pub fn name(&mut self, full: &str, step: usize) -> String {
        let full = format!("{}_{full}", self.language);
        let mut len = (self.language.len() + 8).min(full.len());
        while self.taken.contains(&full[..len]) && len < full.len() {
            len = (len + step).min(full.len());
        }
        let name = full[..len].to_string();
        self.taken.insert(name.clone());
        name
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Takes a name Pagefind already gave.
    pub fn take(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }
}

/// Page numbers within each word's page list as Pagefind stores them: the
/// first absolute, each next one as the step from the one before.
pub fn delta(pages: &mut [PackedPage]) {
    let mut last = 0;
    for page in pages {
        let n = page.page_number;
        page.page_number = n - last;
        last = n;
    }
}

/// The inverse of [`delta`].
pub fn undelta(pages: &mut [PackedPage]) {
    let mut last = 0;
    for page in pages {
        last += page.page_number;
        page.page_number = last;
    }
}
