//! W0011 at a reader the country wrote itself: a display condition, `required_if`, constraint or
//! calculation of a field the country adds (or of its own forms) that reads a field the country
//! hides (`hide field`, `hide form`). The warning at the `hide` lists what the standard reads;
//! this one points at the country's own expression, which reads the hidden field as empty (a
//! question shown only on an answer nobody gives is never shown).

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{FieldIx, Model, SpanTable};

/// A country's expression reading a withdrawn field.
pub(crate) struct CountryReadsWithdrawn<'a> {
    /// The field whose expression it is.
    pub reader: &'a str,
    /// `display condition`, `required_if`, `constraint`, `calculation`.
    pub what: &'a str,
    /// The expression.
    pub span: Span,
    /// The hidden field it reads.
    pub hidden: &'a str,
    /// The `hide` declaration that withdrew it, when known.
    pub hide: Option<Span>,
}

impl CountryReadsWithdrawn<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::new(
            Code::W0011,
            self.span,
            format!(
                "the {} of `{}` reads `{}`, which the country hides: it reads as empty",
                self.what, self.reader, self.hidden
            ),
        )
        .label(format!("reads the hidden `{}`", self.hidden))
        .help(format!(
            "a hidden question is never asked: read another field here, or keep `{}`",
            self.hidden
        ));
        match self.hide {
            Some(s) => d.with_secondary(s, "hidden here"),
            None => d,
        }
    }
}

/// Every expression of a field that `is_country` accepts (and that is not itself withdrawn)
/// reading a withdrawn field; `hide_of` gives the declaration that withdrew a field.
pub(crate) fn check(
    model: &Model,
    spans: &SpanTable,
    is_country: &dyn Fn(Span) -> bool,
    hide_of: &dyn Fn(FieldIx) -> Option<Span>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (n, f) in model.fields.iter().enumerate() {
        let fx = FieldIx::from_index(n);
        if f.flags.withdrawn || !spans.fields.get(n).is_some_and(|s| is_country(*s)) {
            continue;
        }
        let at = spans.field_exprs.get(n);
        let exprs = [
            (
                "display condition",
                f.show_if.as_ref(),
                at.and_then(|a| a.show_if),
            ),
            (
                "required_if",
                f.required_if.as_ref(),
                at.and_then(|a| a.required_if),
            ),
            (
                "constraint",
                f.constraint.as_ref().map(|c| &c.expr),
                at.and_then(|a| a.constraint),
            ),
            (
                "calculation",
                f.calculate.as_ref(),
                at.and_then(|a| a.calculate),
            ),
        ];
        for (what, expr, span) in exprs {
            let Some(expr) = expr else { continue };
            let mut read = expr.fields();
            read.sort_by_key(|r| r.index());
            read.dedup();
            for r in read {
                if r == fx || !model.field(r).flags.withdrawn {
                    continue;
                }
                out.push(
                    CountryReadsWithdrawn {
                        reader: f.id.as_str(),
                        what,
                        span: span.unwrap_or(spans.fields[n]),
                        hidden: model.field(r).id.as_str(),
                        hide: hide_of(r),
                    }
                    .diagnostic(),
                );
            }
        }
    }
    out
}
