//! Printing diagnostics in the chosen format.

use std::io::{IsTerminal, Write};

use gbvims_compiler::diagnostics::{json, render, sarif};
use gbvims_compiler::{Diagnostic, Severity, Sources};
use termcolor::{ColorChoice, StandardStream};

use super::{ColorWhen, Format};

fn color_choice(when: ColorWhen) -> ColorChoice {
    match when {
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
        ColorWhen::Auto
            if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() =>
        {
            ColorChoice::Auto
        }
        ColorWhen::Auto => ColorChoice::Never,
    }
}

/// Prints diagnostics: human output on stderr, JSON and SARIF on stdout.
pub fn print(sources: &Sources, diagnostics: &[Diagnostic], format: Format, color: ColorWhen) {
    match format {
        Format::Human => {
            let mut err = StandardStream::stderr(color_choice(color));
            let _ = render::emit(&mut err, sources, diagnostics);
        }
        Format::Json => {
            let _ = std::io::stdout().write_all(json::to_string(sources, diagnostics).as_bytes());
        }
        Format::Sarif => {
            let _ = std::io::stdout().write_all(sarif::to_string(sources, diagnostics).as_bytes());
        }
    }
}

/// Counts errors and warnings.
pub fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count();
    (errors, diagnostics.len() - errors)
}

/// "2 errors, 1 warning"
pub fn summary(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// The closing line of a configuration's check: `ok: iraq (3 files): 0 errors, 0 warnings`.
pub fn verdict(
    ok: bool,
    path: &std::path::Path,
    files: usize,
    errors: usize,
    warnings: usize,
) -> String {
    format!(
        "{}: {} ({} file{}): {}",
        if ok { "ok" } else { "failed" },
        path.display(),
        files,
        if files == 1 { "" } else { "s" },
        summary(errors, warnings)
    )
}
