//! `acta build`: load, render straight into a staging folder, swap it in.

use std::path::PathBuf;
use std::time::Instant;

use super::Failure;
use crate::diagnostic::report;
use crate::site::{BuildOptions, PageSink, Site};

/// `acta build`'s arguments; `build --watch` (in `crate::serve`) takes them too.
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

/// Builds the site into its output folder.
pub fn execute(args: BuildArgs) -> Result<(), Failure> {
    let start = Instant::now();
    let opts = BuildOptions { root: args.root.clone(), base_url: args.base_url, drafts: args.drafts };
    let site = Site::load(&opts)?;
    let output = args
        .output
        .unwrap_or_else(|| args.root.join(site.config.output_dir.clone().unwrap_or_else(|| PathBuf::from("public"))));
    // Pages go to disk as they are rendered: a large site is never whole in
    // memory. Until the commit they are in a staging folder, so a failed
    // build leaves the previous output as it was.
    let staging =
        crate::output::Staging::begin(&args.root, &output, args.force).map_err(|e| Failure::Error(e.to_string()))?;
    let put = |f: &crate::site::OutputFile| staging.put(&f.rel, &f.bytes).map_err(|e| e.to_string());
    let rendered = site.render_streaming(PageSink::Stream(&put))?;
    let pages = site.library.pages.len();
    let mut warnings = rendered.warnings.clone();
    // `build` writes the sitemap and feed for publishing: say when their URLs would be relative.
    warnings.extend(site.config.warnings());
    report(warnings);
    let stats =
        staging.write_rendered(&rendered).and_then(|()| staging.commit()).map_err(|e| Failure::Error(e.to_string()))?;
    eprintln!(
        "Built {pages} pages ({} files) into {} in {} ms",
        stats.written,
        output.display(),
        start.elapsed().as_millis()
    );
    Ok(())
}
