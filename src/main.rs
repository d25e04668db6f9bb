use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    acta::cli::run(acta::cli::Cli::parse())
}
