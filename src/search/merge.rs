//! Several Pagefind indexes of consecutive runs of pages made into the one
//! index that Pagefind would have built of all the pages at once.
//!
//! Pagefind keeps every document it has read in memory until it writes its
//! index (~350 KB per page: 3.7 GiB at 10,000 pages), and reads them on
//! one thread. So the pages are indexed in shards (see [`super::shard`]),
//! a shard's index is kept as its compressed files, and the shards are
//! merged here: page numbers offset, word lists joined, the words chunked
//! again as Pagefind chunks them. The result is byte for byte the single
//! index (a test checks it), so ranking and results do not change: BM25's
//! statistics are computed in the browser from the one merged index.

use std::collections::{BTreeMap, BTreeSet};

use super::files::{Entry, EntryLanguage, Shard, is_index_file, path};
use super::format::{self, FilterIndex, Level, MetaIndex, MetaPage, Namer};
use super::words::{self, Source};
use crate::rendered::OutputFile;

/// The one index of all the shards' pages, in shard order.
pub fn merge(shards: &[Shard], level: Level) -> Result<Vec<OutputFile>, String> {
    let Some(first) = shards.first() else { return Ok(Vec::new()) };
    if shards.len() == 1 {
        return Ok(first.files.values().cloned().collect());
    }
    let mut out: BTreeMap<String, OutputFile> = BTreeMap::new();
    for shard in shards {
        for (rel, file) in &shard.files {
            if !is_index_file(rel) {
                out.entry(rel.clone()).or_insert_with(|| file.clone());
            }
        }
    }
    let languages: BTreeSet<&String> = shards.iter().flat_map(|s| s.entry.languages.keys()).collect();
    let mut entry = Entry {
        version: first.entry.version.clone(),
        languages: BTreeMap::new(),
        include_characters: first.entry.include_characters.clone(),
    };
    for language in languages {
        let (meta, files) = Language::merge(language, shards, level)?;
        entry.languages.insert(language.clone(), meta);
        out.extend(files.into_iter().map(|f| (f.rel.clone(), f)));
    }
    let json = serde_json::to_vec(&entry).map_err(|e| e.to_string())?;
    out.insert(path("pagefind-entry.json"), OutputFile { rel: path("pagefind-entry.json"), bytes: json.into() });
    Ok(out.into_values().collect())
}

/// One language's index, as it is merged.
struct Language<'a> {
    language: &'a str,
    meta: MetaIndex,
    filters: BTreeMap<String, BTreeMap<String, Vec<usize>>>,
    fragments: Namer,
    files: Vec<OutputFile>,
    level: Level,
}

impl<'a> Language<'a> {
    fn merge(language: &'a str, shards: &[Shard], level: Level) -> Result<(EntryLanguage, Vec<OutputFile>), String> {
        let metas: Vec<(&Shard, MetaIndex)> = shards
            .iter()
            .filter_map(|shard| shard.entry.languages.get(language).map(|lang| (shard, &lang.hash)))
            .map(|(shard, hash)| shard_meta(shard, hash).map(|meta| (shard, meta)))
            .collect::<Result<_, _>>()?;
        let mut merged = Language {
            language,
            meta: MetaIndex::default(),
            filters: BTreeMap::new(),
            fragments: Namer::new(language),
            files: Vec::new(),
            level,
        };
        let fields: BTreeSet<&String> = metas.iter().flat_map(|(_, m)| &m.meta_fields).collect();
        merged.meta.meta_fields = fields.into_iter().cloned().collect();
        let mut wasm = None;
        let mut sources = Vec::new();
        for (shard, meta) in metas {
            if !meta.sorts.is_empty() {
                return Err("data-pagefind-sort is not supported: acta indexes pages in shards".into());
            }
            merged.meta.version.clone_from(&meta.version);
            wasm = wasm.or_else(|| shard.entry.languages.get(language).and_then(|l| l.wasm.clone()));
            sources.push(merged.add(shard, meta)?);
        }
        // Chunks are compressed in batches on every core: at Pagefind's best
        // level that is most of the merge's time.
        let mut files = std::mem::take(&mut merged.files);
        let mut batch = Vec::new();
        merged.meta.index_chunks = words::merge(sources, language, |rel, bytes| {
            batch.push((rel, bytes));
            if batch.len() == 64 {
                files.extend(compress_all(std::mem::take(&mut batch), level));
            }
        })?;
        files.extend(compress_all(batch, level));
        merged.files = files;
        let page_count = merged.meta.pages.len();
        let hash = merged.finish();
        Ok((EntryLanguage { hash, wasm, page_count }, merged.files))
    }

    /// Adds a shard's pages and filters after those already merged; returns
    /// its words, to be merged with the other shards' in one pass.
    fn add<'s>(&mut self, shard: &'s Shard, meta: MetaIndex) -> Result<Source<'s>, String> {
        let offset = self.meta.pages.len();
        let field_ids = meta
            .meta_fields
            .iter()
            .map(|f| self.meta.meta_fields.iter().position(|g| g == f).unwrap_or(0) as i32)
            .collect();
        for page in meta.pages {
            let hash = self.fragment(shard, &page.hash)?;
            self.meta.pages.push(MetaPage { hash, ..page });
        }
        for filter in &meta.filters {
            let rel = format!("filter/{}.pf_filter", filter.hash);
            let bytes = format::decompress(&shard.file(&rel)?.bytes, &rel)?;
            let index: FilterIndex = format::decode(&bytes, &rel)?;
            let values = self.filters.entry(index.filter).or_default();
            for value in index.values {
                values.entry(value.value).or_default().extend(value.pages.into_iter().map(|p| p + offset));
            }
        }
        let chunks: Vec<String> = meta.index_chunks.into_iter().map(|c| c.hash).collect();
        Ok(Source { shard, chunks: chunks.into_iter(), words: Vec::new().into_iter(), offset, field_ids })
    }

    /// A page's fragment, kept under its name unless an earlier shard took
    /// it: then named as Pagefind names a colliding fragment.
    fn fragment(&mut self, shard: &Shard, hash: &str) -> Result<String, String> {
        let rel = format!("fragment/{hash}.pf_fragment");
        let file = shard.file(&rel)?;
        let name = if self.fragments.is_taken(hash) {
            let full = format::full_hash(&format::decompress(&file.bytes, &rel)?);
            self.fragments.name(&full, 1)
        } else {
            self.fragments.take(hash);
            hash.to_string()
        };
        let rel = path(&format!("fragment/{name}.pf_fragment"));
        self.files.push(OutputFile { rel, bytes: file.bytes.clone() });
        Ok(name)
    }

    /// Writes the filters and the meta file; returns the meta's name.
    fn finish(&mut self) -> String {
        let mut filter_names = Namer::new(self.language);
        for (filter, values) in std::mem::take(&mut self.filters) {
            let values = values.into_iter().map(|(value, pages)| format::PackedValue { value, pages }).collect();
            let bytes = format::encode(&FilterIndex { filter: filter.clone(), values });
            let hash = filter_names.name(&format::full_hash(&bytes), 2);
            self.files.push(compressed(format!("filter/{hash}.pf_filter"), &bytes, self.level));
            self.meta.filters.push(format::MetaFilter { filter, hash });
        }
        let bytes = format::encode(&self.meta);
        let full = format::full_hash(&bytes);
        let name = format!("{}_{}", self.language, &full[..(self.language.len() + 8).min(full.len())]);
        self.files.push(compressed(format!("pagefind.{name}.pf_meta"), &bytes, self.level));
        name
    }
}

fn compress_all(files: Vec<(String, Vec<u8>)>, level: Level) -> Vec<OutputFile> {
    use rayon::prelude::*;
    files.into_par_iter().map(|(rel, bytes)| compressed(rel, &bytes, level)).collect()
}

fn compressed(rel: String, data: &[u8], level: Level) -> OutputFile {
    OutputFile { rel: path(&rel), bytes: format::compress(data, level == Level::Best).into() }
}

fn shard_meta(shard: &Shard, hash: &str) -> Result<MetaIndex, String> {
    let rel = format!("pagefind.{hash}.pf_meta");
    let bytes = format::decompress(&shard.file(&rel)?.bytes, &rel)?;
    format::decode(&bytes, &rel)
}

#[cfg(test)]
mod tests {
    use super::super::{Document, shard};
    use super::*;

    /// Pages with shared and own words, diacritic variants (`café`), a
    /// weighted title, a term's forms and metadata (a `section` only from
    /// page 10 on, so the first shards number their meta fields otherwise
    /// than the site), so every part of the format is exercised.
    fn docs(n: usize, repeat: usize) -> impl Iterator<Item = Document> + Send {
        (0..n).map(move |i| {
            let body = format!(
                "<h2 id=\"s{i}\">Part {i}</h2><p>Security café number{i} cafe {} the Organization of American States \
                 word{} and crème brûlée.</p>",
                if i % 3 == 0 { "hemisphere" } else { "región" },
                i % 7
            )
            .repeat(repeat);
            let forms: &[&str] = if i % 5 == 0 { &["Rio Treaty"] } else { &[] };
            Document::new(format!("/p{i}/"), "en", &format!("Page {i}"), forms, (i >= 10).then_some("Part"), &body)
        })
    }

    fn as_map(files: Vec<OutputFile>) -> BTreeMap<String, Vec<u8>> {
        files.into_iter().map(|f| (f.rel, f.bytes.to_vec())).collect()
    }

    #[test]
    fn a_merged_index_is_byte_for_byte_the_single_index() {
        // 23 small pages: one word chunk; 400 longer ones: several, so the
        // chunk bounds are cut again over the merged words.
        for (n, repeat, chunks) in [(23, 1, 1), (400, 12, 3)] {
            let single = as_map(shard::index_one(docs(n, repeat).collect(), Some("en")).unwrap());
            let indexes = single.keys().filter(|k| k.ends_with(".pf_index")).count();
            assert!(indexes >= chunks, "{indexes} word chunks for {n} pages");
            let plans = match n {
                23 => [
                    shard::Plan { pages: 1, workers: 1, ..Default::default() },
                    shard::Plan { pages: 5, workers: 2, ..Default::default() },
                ],
                _ => [
                    shard::Plan { pages: 7, workers: 2, ..Default::default() },
                    shard::Plan { pages: 64, workers: 1, ..Default::default() },
                ],
            };
            for plan in plans {
                let merged =
                    as_map(merge(&shard::index(docs(n, repeat), Some("en"), plan).unwrap(), plan.level).unwrap());
                assert_eq!(single.keys().collect::<Vec<_>>(), merged.keys().collect::<Vec<_>>(), "{plan:?}");
                for (rel, bytes) in &single {
                    assert!(&merged[rel] == bytes, "{rel} differs with {plan:?}");
                }
            }
        }
    }

    #[test]
    fn colliding_fragment_names_are_lengthened_as_pagefind_does() {
        let mut names = Namer::new("en");
        assert_eq!(names.name("abcdef0123", 1), "en_abcdef0");
        assert_eq!(names.name("abcdef0123", 1), "en_abcdef01");
        assert_eq!(names.name("abcdef0123", 2), "en_abcdef012");
        assert!(names.is_taken("en_abcdef0"));
    }
}
