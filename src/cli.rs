//! The command line: clap definitions and dispatch, nothing else.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::cmd;
pub use crate::cmd::build::BuildArgs;
pub use crate::cmd::check::Format;

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
    /// List every term with how many times and on which pages the text uses it.
    List {
        /// The site's folder (the one with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Only the terms the text never uses.
        #[arg(long)]
        unused: bool,
        /// `text` (slug, uses, pages, title; tab-separated), `json` or `csv`.
        #[arg(long, value_enum, default_value_t = cmd::glossary::ListFormat::Text)]
        format: cmd::glossary::ListFormat,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Rename a term: move its file, add the old URL as an alias, rewrite
    /// `related:` lists and `term:` links. A dry run unless --write.
    Rename {
        /// The term's current slug (its file name without `.md`).
        old: String,
        /// The new slug.
        new: String,
        /// The site's folder (the one with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Apply the changes; without it, only print them.
        #[arg(long)]
        write: bool,
    },
    /// Run the glossary's lint alone, without building: fast enough for a
    /// pre-commit hook. Exits 1 when it finds an error.
    Check {
        /// The site's folder (the one with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
}

/// Runs the command; the exit code is 0 on success, 1 when the site has problems.
pub fn run(cli: Cli) -> ExitCode {
    let outcome = match cli.command {
        Command::Build(args) if args.watch => return crate::serve::build_watch(args),
        Command::Serve(args) => return crate::serve::serve(args),
        Command::Build(args) => cmd::build::execute(args),
        Command::Import { file, output, split_level, force } => {
            cmd::import::execute(&file, &output, split_level, force)
        }
        Command::Check { root, format, drafts, external, timeout, exclude_private } => {
            let external = external.then(|| crate::check::external::Options {
                timeout: timeout.map_or(crate::check::external::DEFAULT_TIMEOUT, std::time::Duration::from_secs),
                cache: Some(root.join(crate::check::external::CACHE_FILE)),
                exclude_private,
            });
            cmd::check::execute(root, format, drafts, external)
        }
        Command::Glossary(GlossaryCommand::Suggest { root, write }) => cmd::glossary::suggest(&root, write),
        Command::Glossary(GlossaryCommand::List { root, unused, format, drafts }) => {
            cmd::glossary::list(&root, unused, format, drafts)
        }
        Command::Glossary(GlossaryCommand::Check { root, drafts }) => cmd::glossary::check(&root, drafts),
        Command::Glossary(GlossaryCommand::Rename { old, new, root, write }) => {
            cmd::glossary::rename(&root, &old, &new, write)
        }
        Command::New { dir } => cmd::new::execute(&dir),
    };
    cmd::exit_code(outcome)
}
