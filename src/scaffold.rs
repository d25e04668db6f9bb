//! `acta new DIR`: a fresh site that builds as it is.

use std::fs;
use std::path::Path;

const SITE_TOML: &str = r#"# The site's configuration. Every key is documented in acta's README.
title = "My Site"
# Where the site will be published, e.g. "https://example.org/docs/": until
# it is a full URL, `acta build` warns that the sitemap and feed are relative.
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

Every page starts with its front matter: the title and description between
the two `---` lines at the top of the file. That phrase is a glossary term:
where a page first uses it, it links to the term's page, and pointing at the
link shows what it means. Define terms in `content/glossary/`, one file per
term, like `content/glossary/front-matter.md`.
";

/// The starter's one term, used by the chapter: a newcomer sees a term link
/// and its tooltip on the first page they open.
const TERM: &str = "---
title: front matter
synonyms:
  - front-matter
summary: The settings at the top of a page, between two lines of three dashes, such as its title and description.
---

Every page of an acta site starts with front matter: YAML between two `---`
lines (or TOML between two `+++` lines) that gives the page its `title` and,
if you like, a `description`, a `weight` that orders it among its siblings,
and more; acta's README lists every key.

A glossary term is a page too: its front matter gives the term (`title`), the
other ways the text may write it (`synonyms`, or `expansion` for an
acronym's long form) and the `summary` shown when a reader points at a link
to it.
";

const GLOSSARY: &str = "---
title: Glossary
weight: 100
---

The terms used on this site.
";

/// Creates a new site in `dir`, which must be missing, empty, or hold only
/// hidden entries (`.git`, `.gitignore`): a repository just cloned or
/// initialised is a fine place for a site, and none of them is overwritten.
pub fn create(dir: &Path) -> Result<(), String> {
    if dir.is_file() {
        return Err(format!("{} is a file, not a folder; choose a folder name for the new site", dir.display()));
    }
    if dir.exists() && !holds_only_hidden(dir) {
        return Err(format!("{} exists and is not empty; choose a new folder", dir.display()));
    }
    let files = [
        ("site.toml", SITE_TOML),
        ("content/_index.md", HOME),
        ("content/chapter-1.md", CHAPTER),
        ("content/glossary/_index.md", GLOSSARY),
        ("content/glossary/front-matter.md", TERM),
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

/// True when every entry of the folder is hidden (its name starts with a
/// dot); false when it cannot be read, so that nothing is written there.
fn holds_only_hidden(dir: &Path) -> bool {
    let Ok(mut entries) = fs::read_dir(dir) else {
        return false;
    };
    entries.all(|entry| entry.is_ok_and(|e| e.file_name().to_string_lossy().starts_with('.')))
}

/// What `acta new` prints once the site is made: where it is and the
/// commands to preview and build it, runnable as shown.
pub fn created_message(dir: &Path) -> String {
    // `.` (or `./`) is the current folder: "in .." read as a typo, and
    // `--root .` is the default anyway.
    let here = dir.components().all(|c| matches!(c, std::path::Component::CurDir));
    if here {
        let name = std::env::current_dir()
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .map_or_else(String::new, |n| format!(" ({n})"));
        return format!(
            "Created a new site in the current folder{name}.\nPreview it with: acta serve\nBuild it with:   acta build\n"
        );
    }
    let shown = dir.display().to_string();
    let arg = shell_word(&shown);
    format!(
        "Created a new site in {shown}\nPreview it with: acta serve --root {arg}\nBuild it with:   acta build --root {arg}\n"
    )
}

/// `word` as one shell word: single-quoted when it holds anything but
/// letters, digits and `-_./`, so the printed command can be pasted.
fn shell_word(word: &str) -> String {
    if word.chars().all(|c| c.is_alphanumeric() || "-_./".contains(c)) {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', "'\\''"))
}
