//! Machine-readable diagnostics: one JSON object per line.

use std::borrow::Cow;

use serde::Serialize;

use super::excerpt::{clip, MAX_MESSAGE, MAX_NOTE};
use super::{Diagnostic, Severity};
use crate::source::view::View;
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
    /// 1-based line of the primary span (0 when the file changed since it was checked, so the
    /// place cannot be found again; the same for every line and column below).
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

/// Converts a diagnostic for JSON output (a data file it points into is read for it: to convert
/// many, make one [`View`] and use [`to_json_in`]).
#[must_use]
pub fn to_json<'a>(sources: &'a Sources, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    to_json_in(&View::of(sources, std::slice::from_ref(d)), d)
}

/// Converts a diagnostic for JSON output, finding lines and columns in `view` (made for it).
#[must_use]
pub fn to_json_in<'a>(view: &View<'a>, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let sources = view.sources();
    let line_col =
        |span: gbvims_dsl::Span, at: u32| view.line_col(span.file, at as usize).unwrap_or((0, 0));
    let span = d.primary.span;
    let (line, column) = line_col(span, span.start);
    let (end_line, end_column) = line_col(span, span.end);
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
                let (line, column) = line_col(l.span, l.span.start);
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
    let view = View::of(sources, diagnostics);
    for d in diagnostics {
        let mut j = to_json_in(&view, d);
        j.fails_run |= deny_warnings;
        // Serializing plain strings and numbers cannot fail.
        if let Ok(line) = serde_json::to_string(&j) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}
