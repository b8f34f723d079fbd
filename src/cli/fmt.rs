//! `gbvims fmt`: rewrite files in the canonical layout.

use std::path::PathBuf;

use clap::Args;
use gbvims_compiler::Sources;

use super::{files, output, paths_or_cwd, ColorWhen, Format, UsageError, EXIT_ERRORS, EXIT_OK};

/// Arguments of `gbvims fmt`.
#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Files or directories to format (default: `.`).
    paths: Vec<PathBuf>,
    /// Change nothing; exit with 1 if a file is not formatted.
    #[arg(long)]
    check: bool,
}

/// Runs the command.
pub fn run(args: &FmtArgs, color: ColorWhen) -> Result<u8, UsageError> {
    let mut failed = false;
    for path in paths_or_cwd(&args.paths) {
        let root = if path.is_dir() {
            Some(files::root_of(&path)?)
        } else {
            None
        };
        for file in files::gbv_files(&path)? {
            let text = match files::read(&file, root.as_deref())? {
                files::Found::Text(text) => text,
                files::Found::Data(_) => {
                    eprintln!(
                        "not formatted: `{}` is a location file, not a .gbv file",
                        file.display()
                    );
                    failed = true;
                    continue;
                }
                files::Found::Refused(why) => {
                    eprintln!(
                        "not formatted: `{}` was not read: {}",
                        file.display(),
                        files::describe(&why)
                    );
                    failed = true;
                    continue;
                }
            };
            let mut sources = Sources::new();
            let id = sources.add(file.display().to_string(), text.clone());
            let parsed = gbvims_dsl::parse(id, &text);
            if !parsed.errors.is_empty() {
                let diags: Vec<_> = parsed
                    .errors
                    .iter()
                    .map(gbvims_compiler::syntax::diagnostic)
                    .collect();
                output::print(&sources, &diags, Format::Human, color);
                eprintln!("not formatted: {} has syntax errors", file.display());
                failed = true;
                continue;
            }
            let formatted = gbvims_dsl::fmt::format(&parsed.file, &text);
            if formatted == text {
                continue;
            }
            if args.check {
                super::output::to_stdout(&format!("would reformat: {}\n", file.display()));
                failed = true;
            } else {
                match files::write_atomic(&file, formatted.as_bytes()) {
                    Ok(()) => super::output::to_stdout(&format!("formatted: {}\n", file.display())),
                    Err(UsageError(why)) => {
                        eprintln!("not formatted: {why}");
                        failed = true;
                    }
                }
            }
        }
    }
    Ok(if failed { EXIT_ERRORS } else { EXIT_OK })
}
