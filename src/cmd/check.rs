//! `acta check`: build in memory, write nothing, report every problem.

use std::path::PathBuf;

use super::Failure;
use crate::diagnostic::report;
use crate::site::BuildOptions;

/// How `check` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Reports the site's problems (and, with `external`, its failing links);
/// fails when one is an error.
pub fn execute(
    root: PathBuf,
    format: Format,
    drafts: bool,
    external: Option<crate::check::external::Options>,
) -> Result<(), Failure> {
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
    if errors { Err(Failure::Reported) } else { Ok(()) }
}
