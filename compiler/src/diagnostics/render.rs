//! Human-readable rendering with codespan-reporting.

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::term::{self, Config};
use gbvims_dsl::Span;
use termcolor::WriteColor;

use super::{Diagnostic, Severity};
use crate::source::Sources;

/// Writes diagnostics for people. `writer` decides about colour.
///
/// # Errors
/// When the writer fails.
pub fn emit(
    writer: &mut dyn WriteColor,
    sources: &Sources,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    let config = Config::default();
    for d in diagnostics {
        term::emit(writer, &config, sources, &to_codespan(sources, d))
            .map_err(std::io::Error::other)?;
    }
    Ok(())
}

/// Renders diagnostics to a string without colour (snapshots, tests).
#[must_use]
pub fn to_string(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let mut buf = termcolor::NoColor::new(Vec::new());
    // Writing to memory cannot fail.
    let _ = emit(&mut buf, sources, diagnostics);
    String::from_utf8_lossy(&buf.into_inner()).into_owned()
}

fn clamp(sources: &Sources, span: Span) -> std::ops::Range<usize> {
    let len = sources.get(span.file).map_or(0, |f| f.text.len());
    let start = (span.start as usize).min(len);
    let end = (span.end as usize).clamp(start, len);
    start..end
}

fn to_codespan(sources: &Sources, d: &Diagnostic) -> CsDiagnostic<gbvims_dsl::FileId> {
    let severity = match d.severity() {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
    };
    let mut labels = vec![
        CsLabel::primary(d.primary.span.file, clamp(sources, d.primary.span))
            .with_message(d.primary.message.clone()),
    ];
    for s in &d.secondary {
        labels.push(
            CsLabel::secondary(s.span.file, clamp(sources, s.span)).with_message(s.message.clone()),
        );
    }
    let mut notes: Vec<String> = d.notes.clone();
    if !d.help.is_empty() {
        notes.push(format!("help: {}", d.help));
    }
    notes.push(format!("run `gbvims explain {}` for more", d.code));
    CsDiagnostic::new(severity)
        .with_code(d.code.as_str())
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}
