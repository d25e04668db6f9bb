//! # highlight-cost
//!
//! The per-line cost of code highlighting, single-threaded, on the fenced code
//! blocks of a content folder, for:
//!
//! - **syntect** configured exactly as acta's `src/highlight.rs` does it: the
//!   newline syntax set loaded once, then per block a `ClassedHTMLGenerator`
//!   with `hl-` classes, one `parse_html_for_line_which_includes_newline` per
//!   line, `finalize()`, inside acta's `<pre class="code">` wrapper;
//! - **Giallo** (Zola 0.22's highlighter) used the way Zola uses it:
//!   `Registry::builtin()` + `link_grammars()` once, then per block
//!   `registry.highlight` with `fallback_to_plain(true)` and an `HtmlRenderer`
//!   emitting classes with Zola's `z-` prefix (`style = "class"`), with one
//!   theme and with a light + dark pair (acta's stylesheet has both).
//!
//! Chroma (Hugo's highlighter) is measured through Hugo by `chroma.sh` here.
//!
//! ```sh
//! cargo run --release --manifest-path scripts/highlight-cost/Cargo.toml -- <content dir> [--reps N] [--dump DIR]
//! ```
//!
//! Every `*.md` under the folder is read and its fenced blocks taken with
//! pulldown-cmark (acta's parser; the language is the info string's first
//! word, as in acta). Each highlighter is loaded once (load time reported on
//! its own; syntect's load is lazy, a grammar is deserialised on first use),
//! makes a first pass over all blocks (reported on its own: both also compile
//! their regexes on first use), then `--reps` passes (default 5), the
//! highlighters taking turns. Reported per highlighter: blocks, lines, first
//! pass, median and fastest pass, µs per line (median / lines), output bytes
//! and `<span`s per line. Times are wall-clock on one thread: run it on an
//! otherwise idle machine. `--dump DIR` writes each highlighter's output for
//! all blocks to `DIR/<name>.html`, to look at.
//!
//! Not an acta dependency: a project of its own (`[workspace]` in its
//! Cargo.toml), built only when run.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use giallo::{HighlightOptions, HtmlRenderer, Registry, RenderOptions, ThemeVariant};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const USAGE: &str = "usage: highlight-cost <content dir> [--reps N] [--dump DIR]";

struct Block {
    lang: Option<String>,
    code: String,
}

struct Case<'a> {
    name: &'static str,
    output: &'static str,
    highlight: Box<dyn Fn(&Block) -> String + 'a>,
}

fn main() {
    let (dir, reps, dump) = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(msg) => {
            eprintln!("{msg}\n{USAGE}");
            std::process::exit(2);
        }
    };
    let blocks = match read_blocks(&dir) {
        Ok(blocks) if !blocks.is_empty() => blocks,
        Ok(_) => fail(&format!("no fenced code blocks under {}", dir.display())),
        Err(e) => fail(&format!("reading {}: {e}", dir.display())),
    };
    let lines: usize = blocks.iter().map(|b| LinesWithEndings::from(&b.code).count()).sum();
    let mut langs: Vec<&str> = blocks.iter().map(|b| b.lang.as_deref().unwrap_or("(none)")).collect();
    langs.sort_unstable();
    langs.dedup();
    println!(
        "{}: {} fenced blocks, {lines} lines, languages: {}; {reps} timed passes after a first pass; one thread",
        dir.display(),
        blocks.len(),
        langs.join(", ")
    );

    let t = Instant::now();
    let syntaxes = SyntaxSet::load_defaults_newlines();
    let syntect_load = t.elapsed();
    let t = Instant::now();
    let mut registry = Registry::builtin().expect("giallo's built-in registry (feature `dump`) loads");
    registry.link_grammars();
    let giallo_load = t.elapsed();
    println!(
        "load: syntect SyntaxSet::load_defaults_newlines {}; giallo Registry::builtin + link_grammars {}",
        ms(syntect_load),
        ms(giallo_load)
    );

    let classes = HtmlRenderer { css_class_prefix: Some("z-".to_string()), ..Default::default() };
    let cases = [
        Case {
            name: "syntect-acta",
            output: "classes (hl- scopes)",
            highlight: Box::new(|b| syntect_acta(&syntaxes, b)),
        },
        Case {
            name: "giallo",
            output: "classes (z-, 1 theme)",
            highlight: Box::new(|b| giallo(&registry, &classes, b, ThemeVariant::Single("github-light"))),
        },
        Case {
            name: "giallo-dual",
            output: "classes (z-, light+dark)",
            highlight: Box::new(|b| {
                let theme = ThemeVariant::Dual { light: "github-light", dark: "github-dark" };
                giallo(&registry, &classes, b, theme)
            }),
        },
    ];

    // Every highlighter's first pass, then the timed passes in turns, so that
    // a slow spell of a shared machine falls on all of them alike.
    let firsts: Vec<(Duration, Vec<String>)> = cases.iter().map(|case| pass(&case.highlight, &blocks)).collect();
    let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(reps); cases.len()];
    for _ in 0..reps {
        for (case, times) in cases.iter().zip(&mut times) {
            times.push(pass(&case.highlight, &blocks).0);
        }
    }

    println!(
        "\n{:<13} {:<24} {:>6} {:>6} {:>11} {:>11} {:>11} {:>8} {:>12} {:>10}",
        "highlighter",
        "output",
        "blocks",
        "lines",
        "first pass",
        "median",
        "fastest",
        "µs/line",
        "output bytes",
        "spans/line"
    );
    for ((case, (first, out)), times) in cases.iter().zip(&firsts).zip(&mut times) {
        times.sort_unstable();
        let median = if reps % 2 == 1 { times[reps / 2] } else { (times[reps / 2 - 1] + times[reps / 2]) / 2 };
        let bytes: usize = out.iter().map(String::len).sum();
        let spans: usize = out.iter().map(|html| html.matches("<span").count()).sum();
        println!(
            "{:<13} {:<24} {:>6} {:>6} {:>11} {:>11} {:>11} {:>8.2} {:>12} {:>10.2}",
            case.name,
            case.output,
            blocks.len(),
            lines,
            ms(*first),
            ms(median),
            ms(times[0]),
            median.as_secs_f64() * 1e6 / lines as f64,
            bytes,
            spans as f64 / lines as f64
        );
        if let Some(dump) = &dump {
            let path = dump.join(format!("{}.html", case.name));
            if let Err(e) = std::fs::create_dir_all(dump).and_then(|()| std::fs::write(&path, out.concat())) {
                fail(&format!("writing {}: {e}", path.display()));
            }
        }
    }
}

/// One pass over every block: its time and the outputs.
fn pass(highlight: &dyn Fn(&Block) -> String, blocks: &[Block]) -> (Duration, Vec<String>) {
    let t = Instant::now();
    let out: Vec<String> = blocks.iter().map(|b| std::hint::black_box(highlight(b))).collect();
    (t.elapsed(), out)
}

/// acta's `highlight::highlight`, line for line.
fn syntect_acta(ss: &SyntaxSet, block: &Block) -> String {
    let lang = block.lang.as_deref();
    let lang_attr = lang.map(|l| format!(" data-lang=\"{}\"", escape(l))).unwrap_or_default();
    let syntax = lang.and_then(|l| ss.find_syntax_by_token(l));
    let body = match syntax {
        Some(syntax) => {
            let style = ClassStyle::SpacedPrefixed { prefix: "hl-" };
            let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, ss, style);
            let mut ok = true;
            for line in LinesWithEndings::from(&block.code) {
                if generator.parse_html_for_line_which_includes_newline(line).is_err() {
                    ok = false;
                    break;
                }
            }
            if ok { generator.finalize() } else { escape(&block.code) }
        }
        None => escape(&block.code),
    };
    format!("<pre class=\"code\"{lang_attr}><code>{body}</code></pre>\n")
}

/// Zola 0.22's way: options per block, plain text for an unknown language.
fn giallo(registry: &Registry, renderer: &HtmlRenderer, block: &Block, theme: ThemeVariant<&str>) -> String {
    let options = HighlightOptions::new(block.lang.as_deref().unwrap_or("plain"), theme).fallback_to_plain(true);
    match registry.highlight(&block.code, &options) {
        Ok(highlighted) => renderer.render(&highlighted, &RenderOptions::default()),
        Err(e) => fail(&format!("giallo: {e}")),
    }
}

fn read_blocks(dir: &Path) -> std::io::Result<Vec<Block>> {
    let mut files = Vec::new();
    markdown_files(dir, &mut files)?;
    files.sort();
    let mut blocks = Vec::new();
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    for file in files {
        let text = std::fs::read_to_string(&file)?;
        let mut current: Option<Block> = None;
        for event in Parser::new_ext(&text, options) {
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    let lang = info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .filter(|l| !l.is_empty())
                        .map(str::to_string);
                    current = Some(Block { lang, code: String::new() });
                }
                Event::Text(t) => {
                    if let Some(block) = &mut current {
                        block.code.push_str(&t);
                    }
                }
                Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
                _ => {}
            }
        }
    }
    Ok(blocks)
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            markdown_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<(PathBuf, usize, Option<PathBuf>), String> {
    let (mut dir, mut reps, mut dump) = (None, 5, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--reps" => {
                let n = args.next().ok_or("--reps needs a number")?;
                reps = n.parse().ok().filter(|&n| n > 0).ok_or(format!("--reps: not a positive number: {n}"))?;
            }
            "--dump" => dump = Some(PathBuf::from(args.next().ok_or("--dump needs a folder")?)),
            "-h" | "--help" => return Err("Per-line cost of code highlighting.".into()),
            _ if dir.is_none() && !arg.starts_with('-') => dir = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument: {arg}")),
        }
    }
    Ok((dir.ok_or("no content folder given")?, reps, dump))
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn fail(msg: &str) -> ! {
    eprintln!("highlight-cost: {msg}");
    std::process::exit(1);
}
