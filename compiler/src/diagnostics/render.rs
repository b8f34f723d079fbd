//! Human-readable rendering with codespan-reporting.

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::term::{self, Config};
use std::collections::BTreeMap;

use gbvims_dsl::{FileId, Span};
use termcolor::WriteColor;

use super::excerpt::{clip, Snippet, MAX_MESSAGE, MAX_NOTE};
use super::{Diagnostic, Severity};
use crate::source::view::{clamp, View};
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
    let mut places: BTreeMap<FileId, Vec<std::ops::Range<usize>>> = BTreeMap::new();
    for d in diagnostics {
        for span in labels(d) {
            places
                .entry(span.file)
                .or_default()
                .push(clamp(sources, span));
        }
    }
    // Data files are read here, once: only the lines these places meet are kept.
    let view = View::new(sources, &places);
    for d in diagnostics {
        // Each diagnostic is shown through its own lines: a long line holding many places is
        // clipped around this diagnostic's labels only.
        let ranges: Vec<(FileId, std::ops::Range<usize>)> = labels(d)
            .filter(|span| view.shown(span.file))
            .map(|span| (span.file, clamp(sources, span)))
            .collect();
        let snippet = Snippet::new(&view, &ranges, &config);
        term::emit(writer, &config, &snippet, &to_codespan(&view, &snippet, d))
            .map_err(std::io::Error::other)?;
    }
    Ok(())
}

/// The spans of a diagnostic's labels, the primary first.
fn labels(d: &Diagnostic) -> impl Iterator<Item = Span> + '_ {
    std::iter::once(&d.primary)
        .chain(&d.secondary)
        .map(|l| l.span)
}

/// Renders diagnostics to a string without colour (snapshots, tests).
#[must_use]
pub fn to_string(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let mut buf = termcolor::NoColor::new(Vec::new());
    // Writing to memory cannot fail.
    let _ = emit(&mut buf, sources, diagnostics);
    String::from_utf8_lossy(&buf.into_inner()).into_owned()
}

fn to_codespan(view: &View<'_>, snippet: &Snippet<'_>, d: &Diagnostic) -> CsDiagnostic<FileId> {
    let severity = match d.severity() {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
    };
    let sources = view.sources();
    let range = |span: Span| {
        let r = clamp(sources, span);
        snippet.offset(span.file, r.start)..snippet.offset(span.file, r.end)
    };
    // A place in a data file that changed since it was checked has no line to show: it is
    // named in a note instead (never an excerpt of other text).
    let mut unshown = Vec::new();
    let mut labels = Vec::new();
    let all = std::iter::once((true, &d.primary)).chain(d.secondary.iter().map(|l| (false, l)));
    for (primary, l) in all {
        if !view.shown(l.span.file) {
            unshown.push(format!(
                "{}: `{}`, byte {} ({}: the file changed since it was checked, so its lines cannot be shown)",
                if primary { "at" } else { "see" },
                sources.get(l.span.file).map_or("", |f| f.name.as_str()),
                clamp(sources, l.span).start,
                clip(&l.message, MAX_MESSAGE),
            ));
            continue;
        }
        let label = if primary {
            CsLabel::primary(l.span.file, range(l.span))
        } else {
            CsLabel::secondary(l.span.file, range(l.span))
        };
        labels.push(label.with_message(clip(&l.message, MAX_MESSAGE)));
    }
    let mut notes: Vec<String> = unshown;
    notes.extend(d.notes.iter().map(|n| clip(n, MAX_NOTE).into_owned()));
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
