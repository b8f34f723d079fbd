//! E0128 and E0129 for fields: a legacy key (`stored_as: "…"`) must be a country's field's, and
//! must not be an id the configuration already uses (a field, form, record or lookup) nor the key
//! of another field.

use gbvims_dsl::{FileId, Span};

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::model::{FieldIx, LookupKind, Model, SpanTable};

/// Checks every field declaring a legacy key. `country`: a country overlay is applied; `standard`:
/// the standard's files under it (their fields are the standard's).
pub(crate) fn legacy_keys(
    model: &Model,
    spans: &SpanTable,
    sink: &mut Sink,
    country: bool,
    standard: &[FileId],
) {
    for (n, field) in model.fields.iter().enumerate() {
        let Some(at) = spans.field_keys.get(n).copied().flatten() else {
            continue;
        };
        let declared = spans.fields.get(n).copied().unwrap_or(at);
        if !country || standard.contains(&declared.file) {
            sink.push(
                Diagnostic::new(
                    Code::E0129,
                    at,
                    format!(
                        "`{}` is a field of the standard: it is always stored under its own id",
                        field.id
                    ),
                )
                .label("`stored_as` means nothing here")
                .help("delete `stored_as`: legacy keys are for fields a country adds (`add field <cc>_… to <form>: … { stored_as: \"…\" }`); the standard's ids are Primero's own"),
            );
            continue;
        }
        if let Some((what, other)) = taken(model, spans, FieldIx::from_index(n)) {
            let mut d = Diagnostic::new(
                Code::E0128,
                at,
                format!(
                    "the legacy key `{}` of field `{}` is already {what}",
                    field.stored, field.id
                ),
            )
            .label("key taken")
            .help("records hold each answer under one key: write the key the country's existing records use for this field, which must differ from every id of the standard and from the other fields' keys");
            if let Some(span) = other {
                d = d.with_secondary(span, "declared here");
            }
            sink.push(d);
        }
    }
}

/// What already uses the legacy key of `ix`, in words, and where when known.
fn taken(model: &Model, spans: &SpanTable, ix: FieldIx) -> Option<(String, Option<Span>)> {
    let key = model.field(ix).stored.as_str();
    for (n, f) in model.fields.iter().enumerate() {
        if n == ix.index() {
            continue;
        }
        let span = spans.fields.get(n).copied();
        if f.id.as_str() == key {
            let form = &model.form(f.form).id;
            return Some((format!("the id of the field `{form}.{}`", f.id), span));
        }
        // The first of two fields with one key is reported by the second.
        if f.stored.as_str() == key && n < ix.index() {
            return Some((format!("the legacy key of the field `{}`", f.id), span));
        }
    }
    if let Some(n) = model.forms.iter().position(|f| f.id.as_str() == key) {
        return Some(("the id of a form".to_string(), spans.forms.get(n).copied()));
    }
    if let Some(n) = model.records.iter().position(|r| r.id.as_str() == key) {
        return Some((
            "the id of a record".to_string(),
            spans.records.get(n).copied(),
        ));
    }
    if let Some(n) = model
        .lookups
        .iter()
        .position(|l| matches!(&l.kind, LookupKind::Named(id) if id.as_str() == key))
    {
        return Some((
            "the id of a lookup".to_string(),
            spans.lookups.get(n).copied(),
        ));
    }
    None
}
