//! E0099: a subform collapses on an identifying field that someone who sees the subform may not
//! see, or on a field whose value reveals one (a calculation reading it, a field shown only when
//! it is filled in: [`Model::field_dependencies`]). A collapsed row shows its `collapsed_on`
//! fields as the row's heading to everyone who sees the subform field, whoever may see the fields
//! themselves.

use super::identifying_data_in_condition::Audience;
use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::model::{FieldIx, FormKind, Model, SpanTable};

/// A subform heading that would show an identifying field beyond its audience.
pub(crate) struct IdentifyingCollapsedRow<'m> {
    pub model: &'m Model,
    pub subform_field: FieldIx,
    pub shown: FieldIx,
    /// The identifying field revealed: `shown` itself, or a field its value depends on.
    pub source: FieldIx,
    /// Its position in the subform's `collapsed_on`.
    pub position: usize,
    pub outside: Vec<String>,
}

impl IdentifyingCollapsedRow<'_> {
    pub(crate) fn diagnostic(&self, spans: &SpanTable) -> Diagnostic {
        let m = self.model;
        let form = m.field(self.shown).form;
        let shown = &m.field(self.shown).id;
        let source = &m.field(self.source).id;
        let (what, through) = if self.source == self.shown {
            (format!("the identifying field `{shown}`"), ",".to_string())
        } else {
            (
                format!("`{shown}`"),
                format!(
                    ", whose value reveals the identifying field `{source}` (through its calculation or display condition),"
                ),
            )
        };
        // The name in `collapsed_on`, else the subform's declaration.
        let at = spans
            .collapsed_on
            .get(form.index())
            .and_then(|s| s.get(self.position))
            .copied()
            .unwrap_or(spans.forms[form.index()]);
        Diagnostic::new(
            Code::E0099,
            at,
            format!(
                "the rows of `{}` collapse on {what}{through} which {} may not see",
                m.form(form).id,
                self.outside.join(", ")
            ),
        )
        .label(format!("collapsed rows show `{shown}`"))
        .with_secondary(spans.fields[self.source.index()], "identifying field")
        .with_secondary(
            spans.fields[self.subform_field.index()],
            "everyone who sees this subform field sees the collapsed rows",
        )
        .help(format!(
            "collapse on fields that do not identify anyone (a type, a service, a date) in \
             `collapsed_on`, or show `{}` only to roles with `sees_identifying`",
            m.field(self.subform_field).id
        ))
    }
}

pub(crate) fn identifying_collapsed_row(model: &Model, spans: &SpanTable, sink: &mut Sink) {
    for form in &model.forms {
        let FormKind::Subform {
            parent: Some(parent),
            collapsed_on,
            ..
        } = &form.kind
        else {
            continue;
        };
        let audience = Audience::of(model, *parent);
        for (position, &shown) in collapsed_on.iter().enumerate() {
            // The field itself first, then what its value reveals; one diagnostic per heading.
            let mut sources = model.field_dependencies(shown);
            sources.sort_by_key(|&f| (f != shown, f.index()));
            for source in sources {
                if !model.field(source).flags.identifying {
                    continue;
                }
                let outside = audience.outside(&Audience::of(model, source), model);
                if outside.is_empty() {
                    continue;
                }
                let d = IdentifyingCollapsedRow {
                    model,
                    subform_field: *parent,
                    shown,
                    source,
                    position,
                    outside,
                };
                sink.push(d.diagnostic(spans));
                break;
            }
        }
    }
}
