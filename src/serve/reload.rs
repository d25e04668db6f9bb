//! Which open pages reload after a rebuild. Every page carries the id of
//! the version it was served from; each new version sends a `build` event
//! with its id and, when only some pages changed since the version before
//! (an edit of bodies, shown first and then completed), which: a page that
//! is not among them takes the new id and stays, so an author's other tabs
//! do not reload on every save, nor the edited page twice.

use std::collections::HashMap;
use std::sync::Arc;

/// The files of a served site by output path (the server's `Files`).
type Files = HashMap<String, Arc<[u8]>>;

/// Which open pages a new version reloads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reload {
    /// Every page: a full rebuild, a failed one, or the first.
    All,
    /// Only the pages at these paths (`/a/b/`) changed since version `after`
    /// (an id); a page showing `after` elsewhere takes the new id and stays.
    Only { after: String, paths: Vec<String> },
}

/// Reloads the page when the server's build id is not the page's: after a
/// rebuild, or after the server restarted (EventSource reconnects by itself)
/// — unless the event says which pages changed since the page's version
/// and this is not one of them: then the page takes the new id and stays.
pub(super) const RELOAD_SCRIPT: &str = r#"<script>/* acta serve: live reload */(function(){var id="BUILD_ID";if(!window.EventSource)return;var events=new EventSource("/__acta/events");events.addEventListener("build",function(e){var d=e.data.split("\n");if(d[0]===id)return;try{var only=d[1]&&JSON.parse(d[1]);var here=decodeURIComponent(location.pathname).replace(/index\.html$/,"");if(only&&only.after===id&&only.changed.indexOf(here)<0){id=d[0];return;}}catch(x){}events.close();location.reload();});})();</script>
"#;

/// The pages of `new` whose HTML is not `old`'s, as paths (`/a/b/`); `None`
/// when a file other than a page or JSON data was added, removed or changed.
pub(super) fn changed_pages(old: &Files, new: &Files) -> Option<Vec<String>> {
    if old.len() != new.len() {
        return None;
    }
    let mut paths = Vec::new();
    for (rel, bytes) in new {
        // A file added (so one removed): the site's shape changed.
        let old = old.get(rel)?;
        if Arc::ptr_eq(old, bytes) || old[..] == bytes[..] {
            continue;
        }
        if rel.ends_with(".html") {
            paths.push(page_path(rel));
        } else if !rel.ends_with(".json") {
            return None;
        }
    }
    paths.sort();
    Some(paths)
}

/// The path a browser shows for the output file `rel`: `a/b/index.html` → `/a/b/`.
pub(super) fn page_path(rel: &str) -> String {
    format!("/{}", rel.strip_suffix("index.html").unwrap_or(rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> Files {
        entries.iter().map(|(rel, text)| (rel.to_string(), Arc::from(text.as_bytes()))).collect()
    }

    #[test]
    fn only_pages_that_differ_reload_and_anything_else_reloads_all() {
        let old = files(&[("index.html", "home"), ("a/index.html", "a"), ("g/terms.json", "{}"), ("s.css", "x")]);
        let same = files(&[("index.html", "home"), ("a/index.html", "a"), ("g/terms.json", "{}"), ("s.css", "x")]);
        assert_eq!(changed_pages(&old, &same), Some(vec![]));
        let page = files(&[("index.html", "home"), ("a/index.html", "A"), ("g/terms.json", "{1}"), ("s.css", "x")]);
        assert_eq!(changed_pages(&old, &page), Some(vec!["/a/".to_string()]));
        let style = files(&[("index.html", "home"), ("a/index.html", "a"), ("g/terms.json", "{}"), ("s.css", "y")]);
        assert_eq!(changed_pages(&old, &style), None);
        let moved = files(&[("index.html", "home"), ("b/index.html", "a"), ("g/terms.json", "{}"), ("s.css", "x")]);
        assert_eq!(changed_pages(&old, &moved), None);
        assert_eq!(page_path("404.html"), "/404.html");
    }
}
