//! The command line: clap definitions and dispatch, nothing else.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::diagnostic::{Diagnostics, Failed};
use crate::site::{BuildOptions, PageSink, Site};

/// acta: static sites for long documents and their glossaries.
#[derive(Debug, Parser)]
#[command(name = "acta", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Build the site and serve it on localhost, rebuilding and reloading on every change.
    Serve(crate::serve::ServeArgs),
    /// Create a new site in DIR.
    New {
        /// The folder to create; it must be missing or empty.
        dir: PathBuf,
    },
    /// Convert a plain-text paper into Markdown pages with front matter.
    Import {
        /// The text file to import.
        file: PathBuf,
        /// Where to write the pages.
        #[arg(long, default_value = "content")]
        output: PathBuf,
        /// 1: a page per top-level section; 2: also a page per second-level section.
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=2))]
        split_level: u8,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
    /// Build in memory and report every problem; writes nothing.
    Check {
        /// The site's folder (the one with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Report as text (`path:line:column: message`) or JSON.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also fetch every link to another site (http, https) and report those that fail.
        #[arg(long)]
        external: bool,
        /// With --external: how long each link has to answer [default: 10].
        #[arg(long, value_name = "SECONDS", requires = "external", value_parser = clap::value_parser!(u64).range(1..=600))]
        timeout: Option<u64>,
        /// With --external: skip links to loopback, private, link-local and unique-local addresses.
        #[arg(long, requires = "external")]
        exclude_private: bool,
    },
    /// Glossary tools.
    #[command(subcommand)]
    Glossary(GlossaryCommand),
}

/// How `check` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum GlossaryCommand {
    /// List terms the text defines inline (`Long Form (ACR)`, `ACR (Long Form)`):
    /// one per line, `ACRONYM<TAB>Long Form<TAB>file:line`.
    Suggest {
        /// The site's folder (the one with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Create draft entries for the candidates not yet in the glossary.
        #[arg(long)]
        write: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The site's folder (the one with site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: output_dir from site.toml, or ROOT/public].
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Override base_url from site.toml (e.g. to host under a subpath).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Build into a non-empty folder acta did not create (its files are kept).
    #[arg(long)]
    pub force: bool,
    /// Rebuild whenever a source changes, until Ctrl-C.
    #[arg(long)]
    pub watch: bool,
}

/// Runs the command; the exit code is 0 on success, 1 when the site has problems.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) if args.watch => crate::serve::build_watch(args),
        Command::Build(args) => build(args),
        Command::Import { file, output, split_level, force } => import(&file, &output, split_level, force),
        Command::Check { root, format, drafts, external, timeout, exclude_private } => {
            let external = external.then(|| crate::check::external::Options {
                timeout: timeout.map_or(crate::check::external::DEFAULT_TIMEOUT, std::time::Duration::from_secs),
                cache: Some(root.join(crate::check::external::CACHE_FILE)),
                exclude_private,
            });
            check(root, format, drafts, external)
        }
        Command::Glossary(GlossaryCommand::Suggest { root, write }) => glossary_suggest(&root, write),
        Command::Serve(args) => crate::serve::serve(args),
        Command::New { dir } => match crate::scaffold::create(&dir) {
            Ok(()) => {
                print!("{}", crate::scaffold::created_message(&dir));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
    }
}

/// Prints diagnostics to stderr, sorted, with a summary count.
pub fn report(diags: Diagnostics) {
    let (errors, warnings) = (diags.error_count(), diags.warning_count());
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    if errors + warnings > 0 {
        eprintln!("{errors} error{}, {warnings} warning{}", plural(errors), plural(warnings));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn build(args: BuildArgs) -> ExitCode {
    let start = Instant::now();
    let opts = BuildOptions { root: args.root.clone(), base_url: args.base_url, drafts: args.drafts };
    let site = match Site::load(&opts) {
        Ok(site) => site,
        Err(Failed(diags)) => return failed(diags),
    };
    let output = args
        .output
        .unwrap_or_else(|| args.root.join(site.config.output_dir.clone().unwrap_or_else(|| PathBuf::from("public"))));
    // Pages go to disk as they are rendered: a large site is never whole in
    // memory. Until the commit they are in a staging folder, so a failed
    // build leaves the previous output as it was.
    let staging = match crate::output::Staging::begin(&args.root, &output, args.force) {
        Ok(staging) => staging,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let put = |f: &crate::site::OutputFile| staging.put(&f.rel, &f.bytes).map_err(|e| e.to_string());
    let rendered = match site.render_streaming(PageSink::Stream(&put)) {
        Ok(r) => r,
        Err(Failed(diags)) => return failed(diags),
    };
    let pages = site.library.pages.len();
    report(rendered.warnings.clone());
    match staging.write_rendered(&rendered).and_then(|()| staging.commit()) {
        Ok(stats) => {
            eprintln!(
                "Built {pages} pages ({} files) into {} in {} ms",
                stats.written,
                output.display(),
                start.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn check(root: PathBuf, format: Format, drafts: bool, external: Option<crate::check::external::Options>) -> ExitCode {
    let crate::check::Report { diagnostics: diags, external: summary } =
        crate::check::check(&BuildOptions { root, base_url: None, drafts }, external.as_ref());
    let errors = diags.has_errors();
    match format {
        Format::Json => println!("{}", crate::check::to_json(&diags.sorted(), summary.as_ref())),
        Format::Text => {
            let (e, w) = (diags.error_count(), diags.warning_count());
            report(diags);
            if let Some(summary) = summary {
                eprintln!("{summary}");
            }
            if e + w == 0 {
                eprintln!("No problems found.");
            }
        }
    }
    if errors { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn import(file: &std::path::Path, output: &std::path::Path, split_level: u8, force: bool) -> ExitCode {
    let fail = |msg: String| {
        eprintln!("error: {msg}");
        ExitCode::from(1)
    };
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return fail(format!("{}: {e}", file.display())),
    };
    let fallback_title = file.file_stem().map_or_else(|| "Untitled".into(), |s| s.to_string_lossy().into_owned());
    let pages = match crate::import::import_bytes(bytes, &crate::import::ImportOptions { split_level, fallback_title })
    {
        Ok(p) => p,
        Err(e) => return fail(format!("{}: {e}", file.display())),
    };
    // Check everything before writing anything: an import is all or nothing.
    if !force {
        let existing: Vec<String> = pages
            .iter()
            .map(|p| output.join(&p.path))
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            return fail(format!(
                "these files exist and would be overwritten:\n  {}\n  hint: pass --force to overwrite them, or choose another --output",
                existing.join("\n  ")
            ));
        }
    }
    for page in &pages {
        let path = output.join(&page.path);
        let written =
            path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&path, &page.contents));
        if let Err(e) = written {
            return fail(format!("{}: {e}", path.display()));
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}

fn failed(diags: Diagnostics) -> ExitCode {
    report(diags);
    eprintln!("error: the build failed; the output folder was not changed");
    ExitCode::from(1)
}

fn glossary_suggest(root: &std::path::Path, write: bool) -> ExitCode {
    let config = match crate::config::Config::load(root) {
        Ok(c) => c,
        Err(d) => return failed(Diagnostics::from_iter([d])),
    };
    let dir = config.glossary.dir.trim_matches('/').to_string();
    let opts = crate::content::LoadOptions { drafts: true, glossary_dir: dir.clone(), site_title: config.title };
    let (Some(lib), diags) = crate::content::Library::load(root, &opts) else {
        return failed(Diagnostics::new());
    };
    if diags.has_errors() {
        return failed(diags);
    }
    let known: std::collections::HashSet<String> = lib
        .terms()
        .flat_map(|(_, p)| std::iter::once(&p.meta.title).chain(p.meta.expansion.iter()).chain(p.meta.synonyms.iter()))
        .map(|f| f.to_lowercase())
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut written = 0;
    for &id in &lib.reading_order {
        let page = &lib.pages[id];
        if page.is_term {
            continue;
        }
        for c in crate::glossary::suggest::suggest(&page.body) {
            if !seen.insert((c.acronym.clone(), c.long_form.clone())) {
                continue;
            }
            let (line, _) = crate::diagnostic::line_col(&page.body, c.offset);
            let at = format!("{}:{}", page.path.display(), page.body_line + line - 1);
            println!("{}\t{}\t{at}", c.acronym, c.long_form);
            if write && !known.contains(&c.acronym.to_lowercase()) && !known.contains(&c.long_form.to_lowercase()) {
                let slug = crate::glossary::suggest::entry_stem(&c.acronym);
                let path = root.join("content").join(&dir).join(format!("{slug}.md"));
                if path.exists() {
                    continue;
                }
                let yaml = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
                let text = format!(
                    "---\ntitle: {}\nexpansion: {}\ndraft: true\n---\n\nDefined in {at}. Write a one-sentence `summary` and the definition, then remove `draft`.\n",
                    yaml(&c.acronym),
                    yaml(&c.long_form)
                );
                let result =
                    path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&path, text));
                match result {
                    Ok(()) => written += 1,
                    Err(e) => {
                        eprintln!("error: {}: {e}", path.display());
                        return ExitCode::from(1);
                    }
                }
            }
        }
    }
    if write {
        eprintln!("Wrote {written} draft entr{} in content/{dir}/", if written == 1 { "y" } else { "ies" });
    }
    ExitCode::SUCCESS
}
