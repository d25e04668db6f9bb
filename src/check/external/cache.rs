//! The links that answered well, remembered between runs for `CACHE_FOR`.

use std::collections::HashMap;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use super::{CACHE_FOR, is_web_url};

pub(super) fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The URLs that answered well, with when (Unix seconds). On disk, one
/// `SECONDS<TAB>URL` line each, after a comment line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Cache {
    pub(super) checked: HashMap<String, u64>,
}

impl Cache {
    /// The entries of the file at `path` still fresh at `now`; empty when the
    /// file is missing or unreadable, and lines that do not parse are skipped.
    pub(super) fn load(path: &Path, now: u64) -> Cache {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        Cache::parse(&text, now)
    }

    pub(super) fn parse(text: &str, now: u64) -> Cache {
        let checked = text
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let (when, url) = line.split_once('\t')?;
                let when: u64 = when.parse().ok()?;
                // An entry from the future (a clock set back) is not trusted.
                let fresh = when <= now && now - when < CACHE_FOR.as_secs();
                (fresh && is_web_url(url)).then(|| (url.to_string(), when))
            })
            .collect();
        Cache { checked }
    }

    pub(super) fn is_fresh(&self, url: &str) -> bool {
        self.checked.contains_key(url)
    }

    pub(super) fn remember(&mut self, url: &str, now: u64) {
        // A URL with a tab or line break would break the file; it cannot be
        // fetched anyway.
        if !url.contains(|c: char| c.is_whitespace()) {
            self.checked.insert(url.to_string(), now);
        }
    }

    pub(super) fn forget(&mut self, url: &str) {
        self.checked.remove(url);
    }

    pub(super) fn to_text(&self) -> String {
        let mut lines: Vec<String> = self.checked.iter().map(|(url, when)| format!("{when}\t{url}\n")).collect();
        lines.sort();
        let mut text = "# acta check --external: URLs that answered well, with when (Unix seconds)\n".to_string();
        text.extend(lines);
        text
    }

    /// Writes the file whole (a temporary file renamed over it), so a run
    /// that is stopped leaves the old cache or the new one. The folder gets a
    /// `.gitignore` of `*`, so the cache stays out of the site's repository.
    pub(super) fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
            let ignore = dir.join(".gitignore");
            if !ignore.exists() {
                std::fs::write(ignore, "# Created by acta: this folder is a cache.\n*\n")?;
            }
        }
        let tmp = path.with_extension("tsv.tmp");
        std::fs::write(&tmp, self.to_text())?;
        std::fs::rename(&tmp, path)
    }
}
