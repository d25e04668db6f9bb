//! `acta new DIR`: a fresh site that builds as it is.

use std::fs;
use std::path::Path;

const SITE_TOML: &str = r#"# The site's configuration. Every key is documented in acta's README.
title = "My Site"
base_url = "/"
language = "en"
description = "A site built with acta."

[markdown]
smart_punctuation = true
"#;

const HOME: &str = "---
title: My Site
description: A site built with acta.
---

Welcome. Edit `content/_index.md` to change this page, and see
[the first chapter](chapter-1.md) for what a page can hold.
";

const CHAPTER: &str = "---
title: First chapter
weight: 1
description: What a page can hold.
---

## Headings get anchors

Every heading gets an id you can link to, like [this one](#headings-get-anchors),
and the page's table of contents lists them.

## Code is highlighted

```rust
fn main() {
    println!(\"Hello from acta\");
}
```

## Glossary terms explain themselves

Define terms in `content/glossary/`, one file per term.
";

const GLOSSARY: &str = "---
title: Glossary
weight: 100
---

The terms used on this site.
";

/// Creates a new site in `dir`, which must be missing or empty.
pub fn create(dir: &Path) -> Result<(), String> {
    if dir.exists() && fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(format!("{} exists and is not empty; choose a new folder", dir.display()));
    }
    let files = [
        ("site.toml", SITE_TOML),
        ("content/_index.md", HOME),
        ("content/chapter-1.md", CHAPTER),
        ("content/glossary/_index.md", GLOSSARY),
    ];
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
