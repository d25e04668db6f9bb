//! Shortcodes over random Markdown: no panic, every position inside the
//! file, and no mask, token or placeholder left in the HTML.

use proptest::prelude::*;
use proptest::sample::select;

use crate::site::{BuildOptions, Site};

/// Pieces of shortcodes, code and Markdown that meet in odd ways.
const FRAGMENTS: &[&str] = &[
    "{{",
    "}}",
    "{%",
    "%}",
    " note(",
    "figure(",
    "warning()",
    " nosuch(",
    ")",
    "title=\"T\"",
    "src=\"m.png\"",
    "alt=",
    "n=3",
    ", ",
    "end",
    " %}",
    "{% end %}",
    "{{/*",
    "*/}}",
    "`",
    "```\n",
    "    ",
    "\n",
    "\n\n",
    "> ",
    "- ",
    "x",
    "é",
    "{% data() %}",
    "{{ figure(src=\"m.png\", alt=\"a\") }}",
    "[](#figure-1)",
    "[](#nope)",
    "![A](m.png \"C\")",
    "{#fig-a}",
    "## H\n",
    "[^n]",
    "[^n]: note\n",
    "<div>",
    "</div>",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn shortcode_soup_renders_with_every_position_in_the_file(parts in prop::collection::vec(select(FRAGMENTS), 0..40)) {
        let body: String = parts.concat();
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &[u8]| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("site.toml", b"title = \"T\"\nsearch = false\n");
        write("content/_index.md", b"---\ntitle: Home\n---\n");
        write("content/m.png", b"png");
        write("templates/shortcodes/data.raw.html", b"<pre>{{ body }}</pre>");
        write("content/p.md", format!("---\ntitle: P\n---\n{body}").as_bytes());
        let site = Site::load(&BuildOptions { root: dir.path().to_path_buf(), ..BuildOptions::default() }).unwrap();
        let (rendered, diags) = site.render_all();
        let lines = 4 + body.split('\n').count();
        for d in diags.iter().filter(|d| d.path.ends_with("p.md")) {
            prop_assert!((4..=lines).contains(&d.line) && d.column >= 1, "{d:?} in {body:?}");
        }
        let page = rendered.files.iter().find(|f| f.rel == "p/index.html").map(|f| String::from_utf8_lossy(&f.bytes).into_owned());
        if let Some(html) = page {
            let leaked = html.chars().any(|c| super::token_index(c).is_some() || matches!(c, '\u{FDD0}' | '\u{FDD1}'));
            prop_assert!(!leaked, "{html}\nfrom {body:?}");
        }
    }
}
