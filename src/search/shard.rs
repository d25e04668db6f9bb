//! The pages indexed in shards: runs of consecutive pages, each indexed by
//! its own Pagefind instance and kept only as its compressed files, so
//! memory is bounded by a shard, not by the site (see [`super::merge`]).

use std::sync::Mutex;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::Document;
use super::files::Shard;
use super::format::Level;
use crate::rendered::OutputFile;

/// How the pages are split. Pagefind holds ~350 KB per page until it writes
/// its index; measured on the 10,000-page corpus of `scripts/bench.sh`
/// (peak memory of the whole build, one run each): one index of every page
/// 3.7 GB; shards of 1,000 pages one at a time 657 MB; of 500 pages two at
/// a time 597 MB; of 250 two at a time 514 MB, but slower (every shard
/// also writes Pagefind's scripts). Two workers use the machine's two cores
/// while the pages render.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Pages per shard.
    pub pages: usize,
    /// Shards indexed at once.
    pub workers: usize,
    /// How the merged index is compressed.
    pub level: Level,
}

impl Default for Plan {
    fn default() -> Plan {
        Plan { pages: 500, workers: 2, level: Level::Best }
    }
}

impl Plan {
    /// For an index that rebuilds update: an edit re-indexes one shard of
    /// 100 pages (~0.4 s) and merges them all again.
    pub const REBUILT: Plan = Plan { pages: 100, workers: 2, level: Level::Fast };
}

/// Indexes `docs` shard by shard, `plan.workers` shards at a time, and
/// returns the shards in the documents' order.
pub fn index(
    docs: impl Iterator<Item = Document> + Send,
    language: Option<&str>,
    plan: Plan,
) -> Result<Vec<Shard>, String> {
    let source = Mutex::new(docs.enumerate());
    let done: Mutex<Vec<(usize, Result<Shard, String>)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..plan.workers.max(1) {
            scope.spawn(|| {
                while let Some((n, batch)) = next_batch(&source, plan.pages.max(1)) {
                    let shard = index_one(batch, language).and_then(Shard::new);
                    let failed = shard.is_err();
                    if let Ok(mut done) = done.lock() {
                        done.push((n, shard));
                    }
                    if failed {
                        break;
                    }
                }
            });
        }
    });
    let mut done = done.into_inner().map_err(|_| "the search index failed".to_string())?;
    done.sort_by_key(|(n, _)| *n);
    done.into_iter().map(|(_, shard)| shard).collect()
}

/// The next shard's documents, and the number of the shard.
fn next_batch<I: Iterator<Item = (usize, Document)>>(source: &Mutex<I>, size: usize) -> Option<(usize, Vec<Document>)> {
    let mut source = source.lock().ok()?;
    let batch: Vec<(usize, Document)> = source.by_ref().take(size).collect();
    let first = batch.first()?.0;
    Some((first / size, batch.into_iter().map(|(_, d)| d).collect()))
}

/// One Pagefind index of `docs`, as its files under `pagefind/`; every
/// document in `language` if given, else in its `<html lang>`'s.
pub fn index_one(docs: Vec<Document>, language: Option<&str>) -> Result<Vec<OutputFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let builder =
            PagefindServiceConfig::builder().exclude_selectors(super::EXCLUDE.iter().map(|s| s.to_string()).collect());
        let config = match language {
            // Pagefind wants the primary language subtag (`es` of `es-CL`).
            Some(language) => {
                builder.force_language(language.split('-').next().unwrap_or("en").to_ascii_lowercase()).build()
            }
            None => builder.build(),
        };
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for doc in docs {
            if doc.html.contains("data-pagefind-sort") {
                return Err(format!("{}: data-pagefind-sort is not supported (acta indexes pages in shards)", doc.url));
            }
            index
                .add_html_file(None, Some(doc.url.clone()), doc.html)
                .await
                .map_err(|e| format!("{}: {e}", doc.url))?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .map(|f| {
                let rel = f.filename.to_string_lossy().replace('\\', "/");
                let rel = rel.trim_start_matches('/');
                let rel = if rel.starts_with(&format!("{}/", super::DIR)) {
                    rel.to_string()
                } else {
                    format!("{}/{rel}", super::DIR)
                };
                OutputFile { rel, bytes: f.contents.into() }
            })
            .collect())
    })
}
