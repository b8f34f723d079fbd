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
    let mut points: BTreeMap<FileId, Vec<usize>> = BTreeMap::new();
    let mut places: BTreeMap<FileId, Vec<std::ops::Range<usize>>> = BTreeMap::new();
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
            places.entry(span.file).or_default().push(range);
        }
    }
    // Data files are read here, once: only the lines these places meet are kept.
    let view = View::new(sources, &places);
    let excerpts = Excerpts::new(&view, &points);
    for d in diagnostics {
        term::emit(
            writer,
            &config,
            &excerpts,
            &to_codespan(&view, &excerpts, d),
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

fn to_codespan(view: &View<'_>, excerpts: &Excerpts<'_>, d: &Diagnostic) -> CsDiagnostic<FileId> {
    let severity = match d.severity() {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
    };
    let sources = view.sources();
    let range = |span: Span| {
        let r = clamp(sources, span);
        excerpts.offset(span.file, r.start)..excerpts.offset(span.file, r.end)
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
