//! The `bulletin` command.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    bulletin::cli::run(bulletin::cli::Cli::parse())
}
