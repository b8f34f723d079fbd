//! Machine-readable diagnostics: one JSON object per line.

use std::borrow::Cow;

use serde::Serialize;

use super::excerpt::{clip, MAX_MESSAGE, MAX_NOTE};
use super::{Diagnostic, Severity};
use crate::source::Sources;

/// One diagnostic as JSON.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    /// `E0007`
    pub code: &'a str,
    /// `option-not-in-lookup`
    pub name: &'a str,
    /// `error` or `warning`
    pub severity: Severity,
    /// The file name.
    pub file: &'a str,
    /// 1-based line of the primary span.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// 1-based line where the primary span ends.
    pub end_line: usize,
    /// 1-based column where the primary span ends.
    pub end_column: usize,
    /// What is wrong (at most 1000 characters: a longer message is clipped).
    pub message: Cow<'a, str>,
    /// How to fix it (clipped likewise).
    pub help: Cow<'a, str>,
    /// Related places (the standard line an overlay breaks, the first of two duplicates).
    pub related: Vec<JsonLabel<'a>>,
    /// Extra facts (for a missing translation: every key).
    pub notes: Vec<Cow<'a, str>>,
    /// Whether this diagnostic fails the run: every error, and every warning under
    /// `--deny-warnings`.
    pub fails_run: bool,
}

/// A related place.
#[derive(Serialize)]
pub struct JsonLabel<'a> {
    /// The file name.
    pub file: &'a str,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What the place is.
    pub message: Cow<'a, str>,
}

/// Converts a diagnostic for JSON output.
#[must_use]
pub fn to_json<'a>(sources: &'a Sources, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let span = d.primary.span;
    let (line, column) = sources.line_col(span.file, span.start as usize);
    let (end_line, end_column) = sources.line_col(span.file, span.end as usize);
    JsonDiagnostic {
        code: d.code.as_str(),
        name: d.code.name(),
        severity: d.severity(),
        file: sources.get(span.file).map_or("", |f| f.name.as_str()),
        line,
        column,
        end_line,
        end_column,
        message: clip(&d.message, MAX_MESSAGE),
        help: clip(&d.help, MAX_MESSAGE),
        related: d
            .secondary
            .iter()
            .map(|l| {
                let (line, column) = sources.line_col(l.span.file, l.span.start as usize);
                JsonLabel {
                    file: sources.get(l.span.file).map_or("", |f| f.name.as_str()),
                    line,
                    column,
                    message: clip(&l.message, MAX_MESSAGE),
                }
            })
            .collect(),
        notes: d.notes.iter().map(|n| clip(n, MAX_NOTE)).collect(),
        fails_run: d.severity() == Severity::Error,
    }
}

/// Renders diagnostics as JSON lines.
#[must_use]
pub fn to_string(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    to_string_denying(sources, diagnostics, false)
}

/// Renders diagnostics as JSON lines; with `deny_warnings`, warnings fail the run too (their
/// `fails_run` is true).
#[must_use]
pub fn to_string_denying(
    sources: &Sources,
    diagnostics: &[Diagnostic],
    deny_warnings: bool,
) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let mut j = to_json(sources, d);
        j.fails_run |= deny_warnings;
        // Serializing plain strings and numbers cannot fail.
        if let Ok(line) = serde_json::to_string(&j) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}
