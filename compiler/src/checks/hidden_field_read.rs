//! E0123 and W0011: a country hiding a field the standard cannot do without (`core`), or a field
//! that something the country keeps still reads (an Incident Recorder column, a calculation, a
//! condition), which then reads it as empty.

use gbvims_dsl::Span;

use super::ir_reads_protected_data::reads_transitively;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{FieldIx, IncidentRecorder, Model};

/// What reads `field` in `model`, in words: Incident Recorder columns (through calculations too),
/// calculations, and the conditions of other fields.
pub(crate) fn readers(model: &Model, field: FieldIx) -> Vec<String> {
    readers_by(model, field)
        .into_iter()
        .map(|(_, reader)| reader)
        .collect()
}

/// [`readers`], each with the field whose calculation or condition it is (`None` for an
/// Incident Recorder column).
pub(crate) fn readers_by(model: &Model, field: FieldIx) -> Vec<(Option<FieldIx>, String)> {
    let mut out = Vec::new();
    if let Some(ir) = &model.incident_recorder {
        for (n, column) in ir.columns.iter().enumerate() {
            if reads_transitively(model, &column.value).contains(&field) {
                out.push((
                    None,
                    format!(
                        "Incident Recorder column {} ({}) will be empty or wrong",
                        IncidentRecorder::letter(n),
                        column.key
                    ),
                ));
            }
        }
    }
    for (n, f) in model.fields.iter().enumerate() {
        let fx = FieldIx::from_index(n);
        if fx == field {
            continue;
        }
        if f.calculate
            .as_ref()
            .is_some_and(|c| c.fields().contains(&field))
        {
            out.push((
                Some(fx),
                format!("the calculation of `{}` reads it as empty", f.id),
            ));
        }
        let conditions = [
            ("display condition", f.show_if.as_ref()),
            ("required_if", f.required_if.as_ref()),
            ("constraint", f.constraint.as_ref().map(|c| &c.expr)),
        ];
        for (what, expr) in conditions {
            if expr.is_some_and(|e| e.fields().contains(&field)) {
                out.push((
                    Some(fx),
                    format!("the {what} of `{}` reads it as empty", f.id),
                ));
            }
        }
    }
    out
}

/// E0123: hiding a core field.
pub(crate) fn core_field_hidden(field: &str, span: Span, core: Span) -> Diagnostic {
    Diagnostic::new(
        Code::E0123,
        span,
        format!("`{field}` is a core field of the standard and cannot be hidden"),
    )
    .label("core field")
    .with_secondary(core, "marked core here")
    .help("the Incident Recorder, the classification, the derived values or the consent gate cannot do without it: keep it (translate its label into the country's languages)")
}

/// W0011: hiding a field that something kept still reads.
pub(crate) fn hidden_field_read(field: &str, span: Span, readers: &[String]) -> Diagnostic {
    Diagnostic::new(
        Code::W0011,
        span,
        format!("hiding `{field}`: {}", first_readers(readers)),
    )
    .label("still read elsewhere")
    .help("keep the field if these matter to the country; a hidden field is never asked, so every reader sees it empty")
    .note(format!("read by: {}", readers.join("; ")))
}

/// The first four readers, `; `-separated, and how many more (W0011, W0013).
pub(crate) fn first_readers(readers: &[String]) -> String {
    let shown: Vec<&str> = readers.iter().take(4).map(String::as_str).collect();
    let more = if readers.len() > 4 {
        format!(" (and {} more)", readers.len() - 4)
    } else {
        String::new()
    };
    format!("{}{more}", shown.join("; "))
}
