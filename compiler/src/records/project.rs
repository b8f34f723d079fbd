//! Keeping only what the Incident Recorder reads: the fields its columns read, directly or
//! through calculations, `show_if` conditions and the subforms holding them — less the fields the
//! country no longer asks (`hide field`, `hide form`: they read as empty, so their answers are
//! neither kept nor checked). A record is cut down
//! to those answers as soon as it is read, so identifying answers (names, contacts) are never
//! held, checked or written by an export — the checker already forbids them in columns
//! (E0060, E0061).

use std::collections::BTreeSet;

use serde_json::{Map, Value as Json};

use crate::model::{FieldIx, IncidentRecorder, Model};

/// Every field the columns of `ir` may read when evaluated (a withdrawn field reads as empty:
/// it is not among them).
#[must_use]
pub fn ir_fields(model: &Model, ir: &IncidentRecorder) -> BTreeSet<FieldIx> {
    let mut out = BTreeSet::new();
    let mut todo: Vec<FieldIx> = ir.columns.iter().flat_map(|c| c.value.fields()).collect();
    while let Some(f) = todo.pop() {
        let field = model.field(f);
        if field.flags.withdrawn || !out.insert(f) {
            continue;
        }
        for e in [&field.calculate, &field.show_if].into_iter().flatten() {
            todo.extend(e.fields());
        }
        if let Some(parent) = model.parent_field(f) {
            todo.push(parent);
        }
    }
    out
}

/// The fields the country no longer asks (`hide field`, `hide form`) that `e` reads, directly
/// or through the calculations and `show_if` conditions of what it reads: they read as empty.
/// In field order.
#[must_use]
pub fn withdrawn_reads(model: &Model, e: &crate::model::Expr) -> BTreeSet<FieldIx> {
    let (mut seen, mut out) = (BTreeSet::new(), BTreeSet::new());
    let mut todo: Vec<FieldIx> = e.fields();
    while let Some(f) = todo.pop() {
        if !seen.insert(f) {
            continue;
        }
        let field = model.field(f);
        if field.flags.withdrawn {
            out.insert(f);
            continue;
        }
        for e in [&field.calculate, &field.show_if].into_iter().flatten() {
            todo.extend(e.fields());
        }
    }
    out
}

/// The ids of `fields`, for [`project`].
#[must_use]
pub fn field_ids(model: &Model, fields: &BTreeSet<FieldIx>) -> BTreeSet<String> {
    fields
        .iter()
        .map(|&f| model.stored_key(f).to_string())
        .collect()
}

/// `record` with only the answers whose key is in `keep`, in subform rows too.
#[must_use]
pub fn project(record: Map<String, Json>, keep: &BTreeSet<String>) -> Map<String, Json> {
    record
        .into_iter()
        .filter(|(k, _)| keep.contains(k))
        .map(|(k, v)| match v {
            Json::Array(rows) => {
                let rows = rows
                    .into_iter()
                    .map(|r| match r {
                        Json::Object(o) => Json::Object(project(o, keep)),
                        other => other,
                    })
                    .collect();
                (k, Json::Array(rows))
            }
            other => (k, other),
        })
        .collect()
}
