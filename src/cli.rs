//! The command line: clap definitions and dispatch, nothing else.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::diagnostic::{Diagnostics, Failed};
use crate::site::{BuildOptions, Site};

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
        Command::Serve(args) => crate::serve::serve(args),
        Command::New { dir } => match crate::scaffold::create(&dir) {
            Ok(()) => {
                println!("Created a new site in {}. Build it with: acta build --root {0}", dir.display());
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
    let rendered = match site.render() {
        Ok(r) => r,
        Err(Failed(diags)) => return failed(diags),
    };
    let pages = site.library.pages.len();
    report(rendered.warnings.clone());
    match crate::output::write(&rendered, &args.root, &output, args.force) {
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

fn failed(diags: Diagnostics) -> ExitCode {
    report(diags);
    eprintln!("error: the build failed; the output folder was not changed");
    ExitCode::from(1)
}
