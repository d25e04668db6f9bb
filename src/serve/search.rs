//! The search index brought up to date after an edit, on a thread of its
//! own: indexing costs more than the rest of a rebuild (a shard of 100 pages
//! and a merge of every shard), and the author's next save must not wait
//! for it. A refresh made for an older version of the site is dropped: the
//! generation counts rebuilds, and a refresh publishes only if none started
//! since it did, under the same lock as the rebuild's count.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use super::server::{Live, Served};
use crate::search::Index;
use crate::site::{RenderCache, Site};

/// The refreshes of one `serve`.
#[derive(Default)]
pub struct Refresher {
    generation: Arc<AtomicU64>,
    /// Held while the generation changes and while a refresh publishes.
    gate: Arc<Mutex<()>>,
    /// A refresh that published, for the next rebuild to keep.
    done: Arc<Mutex<Option<Index>>>,
}

impl Refresher {
    /// Before a rebuild: refreshes still running are for an older site.
    /// The last one that published becomes the cache's index, and the pages
    /// it indexed are clean again.
    pub fn rebuild_starts(&self, cache: Option<&mut RenderCache>, dirty: &mut HashSet<usize>) {
        let _gate = self.gate.lock().unwrap_or_else(PoisonError::into_inner);
        self.generation.fetch_add(1, Ordering::SeqCst);
        let done = self.done.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let (Some(index), Some(cache)) = (done, cache) {
            Site::keep_search(cache, index);
            dirty.clear();
        }
    }

    /// After a rebuild that served a site: indexes the `dirty` pages again
    /// on a thread, and publishes the site with the new index as version
    /// `id` unless a rebuild started meanwhile.
    pub fn start(&self, site: &Site, cache: &RenderCache, dirty: &HashSet<usize>, live: &Arc<Live>, id: String) {
        let Some((index, redo)) = site.search_redo(cache, dirty) else { return };
        let generation = self.generation.load(Ordering::SeqCst);
        let (current, gate, done, live) =
            (Arc::clone(&self.generation), Arc::clone(&self.gate), Arc::clone(&self.done), Arc::clone(live));
        let spawned = std::thread::Builder::new().name("acta-search".into()).spawn(move || {
            let is_current = || current.load(Ordering::SeqCst) == generation;
            let fresh = match index.update(redo, &is_current) {
                Ok(Some(fresh)) => fresh,
                Ok(None) => return,
                Err(e) => return eprintln!("warning: the search index could not be updated: {e}"),
            };
            let _gate = gate.lock().unwrap_or_else(PoisonError::into_inner);
            if is_current()
                && let Some(served) = Served::with_search(id, &live.current(), fresh.files.clone())
            {
                live.publish(served);
                *done.lock().unwrap_or_else(PoisonError::into_inner) = Some(fresh);
            }
        });
        if let Err(e) = spawned {
            eprintln!("warning: the search index could not be updated: {e}");
        }
    }
}
