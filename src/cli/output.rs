//! Printing diagnostics in the chosen format.

use std::io::{IsTerminal, Write};

use gbvims_compiler::diagnostics::{json, render, sarif};
use gbvims_compiler::{Diagnostic, Severity, Sources};
use termcolor::{BufferedStandardStream, ColorChoice};

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
    print_denying(sources, diagnostics, format, color, false);
}

/// Prints diagnostics; with `deny_warnings`, JSON marks warnings as failing the run.
pub fn print_denying(
    sources: &Sources,
    diagnostics: &[Diagnostic],
    format: Format,
    color: ColorWhen,
    deny_warnings: bool,
) {
    match format {
        Format::Human => {
            // Buffered: thousands of diagnostics are not thousands of small writes each.
            let mut err = BufferedStandardStream::stderr(color_choice(color));
            let _ = render::emit(&mut err, sources, diagnostics);
            let _ = err.flush();
        }
        Format::Json => {
            let text = json::to_string_denying(sources, diagnostics, deny_warnings);
            to_stdout(&text);
        }
        Format::Sarif => to_stdout(&sarif::to_string(sources, diagnostics)),
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

/// Writes `text` to stdout. A closed pipe (`gbvims explain --list | head`) is not an error: what
/// the reader wanted is written, and the command ends as usual.
pub fn to_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
