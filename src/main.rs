//! `gbvims`: check, format and explain GBVIMS form configurations.
//!
//! Exit codes: 0 clean, 1 configuration errors (or warnings with `--deny-warnings`, or unformatted
//! files with `fmt --check`), 2 usage or I/O errors.

mod cli;
mod translations;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(cli::EXIT_USAGE)
        }
    }
}
