//! Human-readable rendering with codespan-reporting.

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::term::{self, Config};
use std::collections::BTreeMap;

use gbvims_dsl::{FileId, Span};
use termcolor::WriteColor;

use super::excerpt::{clip, Excerpts, MAX_MESSAGE, MAX_NOTE};
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
    let mut points: BTreeMap<FileId, Vec<usize>> = BTreeMap::new();
    for d in diagnostics {
        for span in std::iter::once(&d.primary)
            .chain(&d.secondary)
            .map(|l| l.span)
        {
            let range = clamp(sources, span);
            points
                .entry(span.file)
                .or_default()
                .extend([range.start, range.end]);
        }
    }
    let excerpts = Excerpts::new(sources, &points);
    for d in diagnostics {
        term::emit(
            writer,
            &config,
            &excerpts,
            &to_codespan(sources, &excerpts, d),
        )
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

fn to_codespan(sources: &Sources, excerpts: &Excerpts<'_>, d: &Diagnostic) -> CsDiagnostic<FileId> {
    let severity = match d.severity() {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
    };
    let range = |span: Span| {
        let r = clamp(sources, span);
        excerpts.offset(span.file, r.start)..excerpts.offset(span.file, r.end)
    };
    let mut labels = vec![CsLabel::primary(d.primary.span.file, range(d.primary.span))
        .with_message(clip(&d.primary.message, MAX_MESSAGE))];
    for s in &d.secondary {
        labels.push(
            CsLabel::secondary(s.span.file, range(s.span))
                .with_message(clip(&s.message, MAX_MESSAGE)),
        );
    }
    let mut notes: Vec<String> = d
        .notes
        .iter()
        .map(|n| clip(n, MAX_NOTE).into_owned())
        .collect();
    if !d.help.is_empty() {
        notes.push(format!("help: {}", clip(&d.help, MAX_MESSAGE)));
    }
    notes.push(format!("run `gbvims explain {}` for more", d.code));
    CsDiagnostic::new(severity)
        .with_code(d.code.as_str())
        .with_message(clip(&d.message, MAX_MESSAGE))
        .with_labels(labels)
        .with_notes(notes)
}
