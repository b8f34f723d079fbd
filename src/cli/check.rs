//! `gbvims check`: report every problem of each configuration given.

use std::path::PathBuf;

use clap::Args;

use super::{
    config, output, paths_or_cwd, ColorWhen, Format, UsageError, EXIT_ERRORS, EXIT_OK, EXIT_USAGE,
};

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

/// Runs the command. Exit code 0 when clean, 1 when a configuration has errors (or warnings
/// under `--deny-warnings`), 2 when a configuration could not be read at all (E0121) — every
/// other configuration is still checked and reported.
pub fn run(args: &CheckArgs, color: ColorWhen) -> Result<u8, UsageError> {
    let mut total_errors = 0;
    let mut total_warnings = 0;
    let mut unreadable = false;
    let mut all = Vec::new();
    let mut configurations = Vec::new();
    for path in paths_or_cwd(&args.paths) {
        match config::configurations(&path) {
            Ok(found) => configurations.extend(found),
            // Reported below as that path's E0121.
            Err(_) => configurations.push(config::Configuration {
                path,
                standard: None,
            }),
        }
    }
    // The standard is parsed and lowered once for every country that extends the same copy.
    let mut base: Option<gbvims_compiler::StandardBase> = None;
    for found in configurations {
        let path = &found.path;
        let standard = args.standard.as_deref().or(found.standard.as_deref());
        let (sources, diagnostics, files) = match config::load(path, standard) {
            Ok(loaded) => {
                let sources = loaded.sources;
                let base = match base.take() {
                    Some(b) if b.fits(&sources) => base.insert(b),
                    _ => base.insert(gbvims_compiler::StandardBase::new(&sources)),
                };
                let mut diagnostics = gbvims_compiler::compile_with(base, &sources).diagnostics();
                if let Some(w) =
                    super::releases::newer_major(path, &loaded.release, &sources, &diagnostics)?
                {
                    diagnostics.push(w);
                }
                (sources, diagnostics, loaded.files)
            }
            Err(UsageError(why)) => {
                unreadable = true;
                let (sources, diagnostic) = unreadable_configuration(path, &why);
                (sources, vec![diagnostic], 0)
            }
        };
        let (errors, warnings) = output::counts(&diagnostics);
        total_errors += errors;
        total_warnings += warnings;
        if args.format == Format::Sarif {
            all.push((sources, diagnostics));
        } else {
            output::print_denying(
                &sources,
                &diagnostics,
                args.format,
                color,
                args.deny_warnings,
            );
        }
        if args.format == Format::Human {
            let ok = errors == 0 && (warnings == 0 || !args.deny_warnings);
            eprintln!("{}", output::verdict(ok, path, files, errors, warnings));
        }
    }
    if args.format == Format::Sarif {
        // One log for the whole run: merge the sources so every location resolves.
        let mut merged = gbvims_compiler::Sources::new();
        let mut diags = Vec::new();
        for (sources, ds) in all {
            let base = merged.iter().count();
            for (_, f) in sources.iter() {
                merged.push(f.clone());
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
    Ok(if unreadable {
        EXIT_USAGE
    } else if failed {
        EXIT_ERRORS
    } else {
        EXIT_OK
    })
}

/// E0121 for a configuration that could not be read: a one-file source named after the path
/// (empty), so every output format has a place to point at.
fn unreadable_configuration(
    path: &std::path::Path,
    why: &str,
) -> (gbvims_compiler::Sources, gbvims_compiler::Diagnostic) {
    let mut sources = gbvims_compiler::Sources::new();
    let file = sources.add(path.display().to_string(), String::new());
    let span = gbvims_compiler::Span {
        file,
        start: 0,
        end: 0,
    };
    let diagnostic = gbvims_compiler::Diagnostic::new(
        gbvims_compiler::Code::E0121,
        span,
        format!("this configuration could not be read: {why}"),
    )
    .label("not read")
    .help("check that the path exists and can be read, and save `.gbv` files as UTF-8 text; the other configurations were still checked");
    (sources, diagnostic)
}
