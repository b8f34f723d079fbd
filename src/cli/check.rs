//! `gbvims check`: report every problem of each configuration given.

use std::path::PathBuf;

use clap::Args;

use super::{config, output, paths_or_cwd, ColorWhen, Format, UsageError, EXIT_ERRORS, EXIT_OK};

/// Arguments of `gbvims check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to check (default: `.`). A directory is one configuration; the
    /// countries below it (directories holding country.gbv) are checked each on its own.
    paths: Vec<PathBuf>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat warnings as errors (exit code 1).
    #[arg(long)]
    deny_warnings: bool,
    /// Check countries against the standard in DIR instead of the one built into gbvims.
    #[arg(long, value_name = "DIR")]
    standard: Option<PathBuf>,
}

/// Runs the command.
pub fn run(args: &CheckArgs, color: ColorWhen) -> Result<u8, UsageError> {
    let mut total_errors = 0;
    let mut total_warnings = 0;
    let mut all = Vec::new();
    let mut paths = Vec::new();
    for path in paths_or_cwd(&args.paths) {
        paths.extend(config::configurations(&path)?);
    }
    // The standard is parsed and lowered once for every country that extends the same copy.
    let mut base: Option<gbvims_compiler::StandardBase> = None;
    for path in paths {
        let loaded = config::load(&path, args.standard.as_deref())?;
        let sources = loaded.sources;
        let base = match base.take() {
            Some(b) if b.fits(&sources) => base.insert(b),
            _ => base.insert(gbvims_compiler::StandardBase::new(&sources)),
        };
        let diagnostics = gbvims_compiler::compile_with(base, &sources).diagnostics();
        let (errors, warnings) = output::counts(&diagnostics);
        total_errors += errors;
        total_warnings += warnings;
        if args.format == Format::Sarif {
            all.push((sources, diagnostics));
        } else {
            output::print(&sources, &diagnostics, args.format, color);
        }
        if args.format == Format::Human {
            let ok = errors == 0 && (warnings == 0 || !args.deny_warnings);
            eprintln!(
                "{}",
                output::verdict(ok, &path, loaded.files, errors, warnings)
            );
        }
    }
    if args.format == Format::Sarif {
        // One log for the whole run: merge the sources so every location resolves.
        let mut merged = gbvims_compiler::Sources::new();
        let mut diags = Vec::new();
        for (sources, ds) in all {
            let base = merged.iter().count();
            for (_, f) in sources.iter() {
                merged.add(f.name.clone(), f.text.clone());
            }
            for mut d in ds {
                let shift = |s: &mut gbvims_dsl::Span| s.file.0 += u32::try_from(base).unwrap_or(0);
                shift(&mut d.primary.span);
                d.secondary.iter_mut().for_each(|l| shift(&mut l.span));
                diags.push(d);
            }
        }
        output::print(&merged, &diags, Format::Sarif, color);
    }
    let failed = total_errors > 0 || (args.deny_warnings && total_warnings > 0);
    Ok(if failed { EXIT_ERRORS } else { EXIT_OK })
}
