//! E0098: a condition or a constraint reads an identifying field for people who may not see it.
//!
//! Whoever sees a field sees what its `show_if`, `required_if` and `constraint` do: a question
//! that appears when `name = "Fatoumata"` tells a supervisor the survivor's name, and a
//! constraint `x = name` lets anyone type guesses until the form accepts one. So every
//! identifying field such an expression reads must be seen by everyone who sees the field
//! (its audience: the roles that see it, plus everyone who may search or preview records when it
//! is on the short form).

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::model::{FieldIx, Model, RoleIx, SpanTable};

/// Who sees a field: roles, and whether everyone who may search or preview does (short form).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Audience {
    pub roles: Vec<RoleIx>,
    pub short_form: bool,
}

impl Audience {
    pub(crate) fn of(model: &Model, field: FieldIx) -> Self {
        Self {
            roles: model.roles_seeing(field),
            short_form: model.field(field).flags.short_form,
        }
    }

    /// Those in `self` outside `other`, as words for a message (`supervisor`, `the short form`).
    pub(crate) fn outside(&self, other: &Audience, model: &Model) -> Vec<String> {
        let mut out: Vec<String> = self
            .roles
            .iter()
            .filter(|r| !other.roles.contains(r))
            .map(|r| format!("`{}`", model.role(*r).id))
            .collect();
        if self.short_form && !other.short_form {
            out.push("everyone who may search or preview records (the short form)".into());
        }
        out
    }
}

/// One field's expression reading an identifying field beyond its audience.
pub(crate) struct IdentifyingDataInCondition<'m> {
    pub model: &'m Model,
    pub field: FieldIx,
    pub attribute: &'static str,
    pub span: gbvims_dsl::Span,
    pub source: FieldIx,
    pub outside: Vec<String>,
    /// The source is read through other fields (their relevance or calculation), not directly.
    pub indirect: bool,
}

impl IdentifyingDataInCondition<'_> {
    pub(crate) fn diagnostic(&self, spans: &SpanTable) -> Diagnostic {
        let f = &self.model.field(self.field).id;
        let s = &self.model.field(self.source).id;
        Diagnostic::new(
            Code::E0098,
            self.span,
            format!(
                "the `{}` of `{f}` reads the identifying field `{s}`{}, which {} may not see",
                self.attribute,
                if self.indirect {
                    " through the display conditions or calculations of the fields it reads"
                } else {
                    ""
                },
                self.outside.join(", ")
            ),
        )
        .label(format!("reads `{s}`"))
        .with_secondary(spans.fields[self.source.index()], "identifying field")
        .help(format!(
            "whoever sees `{f}` learns something about `{s}` from its `{}`: rewrite it without \
             `{s}`, or show `{f}` only to roles that may see identifying data (`visible_to:` \
             roles with `sees_identifying`)",
            self.attribute
        ))
    }
}

pub(crate) fn identifying_data_in_condition(model: &Model, spans: &SpanTable, sink: &mut Sink) {
    for (n, f) in model.fields.iter().enumerate() {
        let field = FieldIx::from_index(n);
        let audience = Audience::of(model, field);
        let exprs = &spans.field_exprs[n];
        let checked = [
            ("show_if", f.show_if.as_ref(), exprs.show_if),
            ("required_if", f.required_if.as_ref(), exprs.required_if),
            (
                "constraint",
                f.constraint.as_ref().map(|c| &c.expr),
                exprs.constraint,
            ),
        ];
        for (attribute, expr, span) in checked {
            let Some(expr) = expr else { continue };
            // Through other fields' relevance and calculations too: a condition on a tick box
            // that shows only when the name is filled in tells whether it is.
            for source in model.effective_reads(expr) {
                if source == field || !model.field(source).flags.identifying {
                    continue;
                }
                let outside = audience.outside(&Audience::of(model, source), model);
                if outside.is_empty() {
                    continue;
                }
                let d = IdentifyingDataInCondition {
                    model,
                    field,
                    attribute,
                    span: span.unwrap_or(spans.fields[n]),
                    source,
                    outside,
                    indirect: !expr.fields().contains(&source),
                };
                sink.push(d.diagnostic(spans));
            }
        }
    }
}
