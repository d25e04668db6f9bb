//! The shards' word lists merged in one streaming pass: each shard's words
//! are already sorted (Pagefind writes its chunks in word order), so a
//! k-way merge yields the site's words in order, and a chunk is written as
//! soon as it is full. Memory holds one decoded chunk per shard, never the
//! site's postings (~450 MB at 10,000 pages when they were all decoded).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::files::Shard;
use super::format::{self, MetaChunk, Namer, PackedPage, PackedWord, WordIndex};

/// Pagefind's word-chunk size (its `index_chunk_size` default).
const CHUNK_SIZE: usize = 20_000;

/// One shard's words in order, with its page numbers moved after the
/// shards before it and its meta field numbers made the site's.
pub struct Source<'a> {
    pub shard: &'a Shard,
    pub chunks: std::vec::IntoIter<String>,
    pub words: std::vec::IntoIter<PackedWord>,
    pub offset: usize,
    pub field_ids: Vec<i32>,
}

impl Source<'_> {
    fn next(&mut self) -> Result<Option<PackedWord>, String> {
        loop {
            if let Some(word) = self.words.next() {
                return Ok(Some(self.shift(word)));
            }
            let Some(hash) = self.chunks.next() else { return Ok(None) };
            let rel = format!("index/{hash}.pf_index");
            let bytes = format::decompress(&self.shard.file(&rel)?.bytes, &rel)?;
            self.words = format::decode::<WordIndex>(&bytes, &rel)?.words.into_iter();
        }
    }

    fn shift(&self, mut word: PackedWord) -> PackedWord {
        let shift = |pages: &mut Vec<PackedPage>| {
            format::undelta(pages);
            for page in pages.iter_mut() {
                page.page_number += self.offset;
                // Negative entries name a meta field (see `format::PackedPage`).
                for loc in page.meta_locs.iter_mut().filter(|l| **l < 0) {
                    let id = self.field_ids.get((-*loc - 1) as usize).copied().unwrap_or(0);
                    *loc = -id - 1;
                }
            }
        };
        shift(&mut word.pages);
        for variant in &mut word.additional_variants {
            shift(&mut variant.pages);
        }
        word
    }
}

/// Merges the sources' words and writes them as Pagefind's word chunks
/// through `write(name, bytes)`; returns the chunks' metadata.
pub fn merge(
    mut sources: Vec<Source<'_>>,
    language: &str,
    mut write: impl FnMut(String, Vec<u8>),
) -> Result<Vec<MetaChunk>, String> {
    // Each source's next word waits in `pending`; the heap orders their
    // keys, ties to the earlier shard, so a word's pages stay in page order.
    let mut pending: Vec<Option<PackedWord>> = Vec::with_capacity(sources.len());
    let mut heap = BinaryHeap::new();
    for (i, source) in sources.iter_mut().enumerate() {
        let word = source.next()?;
        if let Some(word) = &word {
            heap.push(Reverse((word.word.clone(), i)));
        }
        pending.push(word);
    }
    let mut out = Chunker { names: Namer::new(language), current: Vec::new(), size: 0, metas: Vec::new() };
    while let Some(Reverse((key, i))) = heap.pop() {
        let mut drained = vec![i];
        while heap.peek().is_some_and(|Reverse((k, _))| *k == key) {
            if let Some(Reverse((_, j))) = heap.pop() {
                drained.push(j);
            }
        }
        let mut word: Option<PackedWord> = None;
        for j in drained {
            match (&mut word, pending[j].take()) {
                (None, next) => word = next,
                (Some(word), Some(other)) => join(word, other),
                (Some(_), None) => {}
            }
            pending[j] = sources[j].next()?;
            if let Some(next) = &pending[j] {
                heap.push(Reverse((next.word.clone(), j)));
            }
        }
        if let Some(word) = word {
            out.push(word, &mut write);
        }
    }
    out.flush(&mut write);
    trim(&mut out.metas);
    Ok(out.metas)
}

/// Adds a later shard's pages of the same word.
fn join(word: &mut PackedWord, other: PackedWord) {
    word.pages.extend(other.pages);
    for variant in other.additional_variants {
        match word.additional_variants.iter_mut().find(|v| v.form == variant.form) {
            Some(v) => v.pages.extend(variant.pages),
            None => word.additional_variants.push(variant),
        }
    }
}

/// Cuts the words into chunks of about [`CHUNK_SIZE`] positions, as
/// Pagefind cuts them, and writes each when full.
struct Chunker {
    names: Namer,
    current: Vec<PackedWord>,
    size: usize,
    metas: Vec<MetaChunk>,
}

impl Chunker {
    fn push(&mut self, word: PackedWord, write: &mut impl FnMut(String, Vec<u8>)) {
        self.size += word
            .pages
            .iter()
            .chain(word.additional_variants.iter().flat_map(|v| &v.pages))
            .map(|p| p.locs.len() + p.meta_locs.len() + 1)
            .sum::<usize>()
            + word.additional_variants.len();
        self.current.push(word);
        if self.size >= CHUNK_SIZE {
            self.flush(write);
        }
    }

    fn flush(&mut self, write: &mut impl FnMut(String, Vec<u8>)) {
        let mut words = std::mem::take(&mut self.current);
        self.size = 0;
        let (Some(first), Some(last)) = (words.first(), words.last()) else { return };
        let (from, to) = (first.word.clone(), last.word.clone());
        for word in &mut words {
            format::delta(&mut word.pages);
            for variant in &mut word.additional_variants {
                format::delta(&mut variant.pages);
            }
        }
        let bytes = format::encode(&WordIndex { words });
        let hash = self.names.name(&format::full_hash(&bytes), 2);
        write(format!("index/{hash}.pf_index"), bytes);
        self.metas.push(MetaChunk { from, to, hash });
    }
}

/// Each chunk's word range cut to the shortest prefixes that still tell
/// neighbouring chunks apart (as Pagefind names them).
fn trim(metas: &mut [MetaChunk]) {
    for i in 1..metas.len() {
        let (a, b) = prefixes(&metas[i - 1].to, &metas[i].from);
        if a >= metas[i - 1].from {
            metas[i - 1].to = a;
        }
        metas[i].from = b;
    }
}

fn prefixes(a: &str, b: &str) -> (String, String) {
    let common = b.chars().zip(a.chars()).take_while(|(x, y)| x == y).count();
    (a.chars().take(common + 1).collect(), b.chars().take(common + 1).collect())
}
