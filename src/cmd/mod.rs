//! One file per subcommand, each an `execute` that returns a [`Result`];
//! [`exit_code`] turns the outcome into the process's exit code, in one place.
//!
//! `serve` and `build --watch` run until Ctrl-C and live in `crate::serve`.

pub mod build;
pub mod check;
pub mod glossary;
pub mod import;
pub mod new;

use std::process::ExitCode;

use crate::diagnostic::{Diagnostics, report};

/// Why a command did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// The site has problems: printed, then "the build failed".
    Build(Diagnostics),
    /// One problem, printed as `error: …`.
    Error(String),
    /// Already printed (a report that found errors): exit 1 and say no more.
    Reported,
}

impl From<crate::diagnostic::Failed> for Failure {
    fn from(f: crate::diagnostic::Failed) -> Self {
        Failure::Build(f.0)
    }
}

/// Prints what a failure still has to say; 0 on success, 1 on any failure.
/// (Usage errors exit 2 from clap before a command runs.)
pub fn exit_code(outcome: Result<(), Failure>) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Build(diags)) => {
            report(diags);
            eprintln!("error: the build failed; the output folder was not changed");
            ExitCode::from(1)
        }
        Err(Failure::Error(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Reported) => ExitCode::from(1),
    }
}
