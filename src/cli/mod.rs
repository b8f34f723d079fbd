//! Command-line interface: argument parsing and the commands.

mod build;
mod check;
mod config;
mod data_file;
mod diff;
mod explain;
mod files;
mod fmt;
mod import;
mod init;
mod ir;
mod location_sheet;
mod output;
mod preview;
mod progress;
mod records;
mod releases;
mod show;
mod translations;
mod validate_records;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Configuration is clean.
pub const EXIT_OK: u8 = 0;
/// Configuration errors.
pub const EXIT_ERRORS: u8 = 1;
/// Usage or I/O errors.
pub const EXIT_USAGE: u8 = 2;

/// Compiler for GBVIMS form configurations.
#[derive(Parser, Debug)]
#[command(name = "gbvims", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to colour diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build targets (mobile forms, web bundle, …) from a configuration into a build directory.
    Build(build::BuildArgs),
    /// Check configurations and report every problem.
    Check(check::CheckArgs),
    /// Compare two versions of the standard: every change, the version bump it requires, and
    /// what it breaks in countries' overlays.
    Diff(diff::DiffArgs),
    /// Print the long explanation of a diagnostic code.
    Explain(explain::ExplainArgs),
    /// Rewrite .gbv files in the canonical layout (comments are kept).
    Fmt(fmt::FmtArgs),
    /// Import an existing configuration (Primero's) as a country overlay.
    Import(import::ImportArgs),
    /// Scaffold a new country configuration.
    Init(init::InitArgs),
    /// The Incident Recorder: fill it from incident records.
    Ir(ir::IrArgs),
    /// Build the web bundle in memory and serve its preview page on 127.0.0.1.
    Preview(preview::PreviewArgs),
    /// Turn submissions collected on phones (ODK Central exports) back into records.
    Records(records::RecordsArgs),
    /// Show the resolved model (for a country: the standard with its overlay applied).
    Show(show::ShowArgs),
    /// Export a country's texts to a spreadsheet for translators, or import it back.
    Translations(translations::TranslationsArgs),
    /// Check incident or case records (JSON array or JSON Lines) against a configuration.
    ValidateRecords(validate_records::ValidateRecordsArgs),
}

/// When to use colour.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ColorWhen {
    /// When writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Output format for diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Rendered for people, with source excerpts.
    Human,
    /// One JSON object per diagnostic, one per line.
    Json,
    /// One SARIF 2.1.0 log.
    Sarif,
}

/// An error that ends the command with exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Runs a parsed command line.
///
/// # Errors
/// Usage and I/O errors (exit code 2).
pub fn run(cli: Cli) -> Result<ExitCode, UsageError> {
    let code = match cli.command {
        Command::Build(args) => build::run(&args, cli.color)?,
        Command::Check(args) => check::run(&args, cli.color)?,
        Command::Diff(args) => diff::run(&args, cli.color)?,
        Command::Explain(args) => explain::run(&args)?,
        Command::Fmt(args) => fmt::run(&args, cli.color)?,
        Command::Import(args) => import::run(&args, cli.color)?,
        Command::Init(args) => init::run(&args)?,
        Command::Ir(args) => ir::run(&args, cli.color)?,
        Command::Preview(args) => preview::run(&args, cli.color)?,
        Command::Records(args) => records::run(&args)?,
        Command::Show(args) => show::run(&args, cli.color)?,
        Command::Translations(args) => translations::run(&args, cli.color)?,
        Command::ValidateRecords(args) => validate_records::run(&args, cli.color)?,
    };
    Ok(ExitCode::from(code))
}

/// Paths given on the command line, or the current directory.
fn paths_or_cwd(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    }
}
