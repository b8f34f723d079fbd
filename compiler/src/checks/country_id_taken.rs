//! E0100: a country's own field carries the country prefix but is already a standard field id
//! (with country code `to`, `to_user_local` is the standard's transfer field). Records, exports
//! and the targets would mix the country's answers with the standard's field of the same name.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::Model;

/// A country field whose id the standard already uses.
pub(crate) struct CountryIdTaken<'a> {
    /// The id.
    pub id: &'a str,
    /// The standard form declaring it.
    pub form: &'a str,
    /// Where the country writes it.
    pub span: Span,
    /// Where the standard declares it.
    pub standard: Option<Span>,
}

impl CountryIdTaken<'_> {
    /// The standard field with this id, if any: its form and where it is declared.
    pub(crate) fn find<'m>(
        std: &'m Model,
        spans: &crate::model::SpanTable,
        id: &str,
    ) -> Option<(&'m str, Option<Span>)> {
        std.fields
            .iter()
            .enumerate()
            .find(|(_, f)| f.id.as_str() == id)
            .map(|(n, f)| (std.form(f.form).id.as_str(), spans.fields.get(n).copied()))
    }

    pub(crate) fn diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::new(
            Code::E0100,
            self.span,
            format!(
                "the country's field `{}` has the id of a standard field (in `{}`)",
                self.id, self.form
            ),
        )
        .label("already a standard field")
        .help(format!(
            "choose another id for the country's field (still starting with the country prefix), \
             for example `{}_country`: the same id would mix the country's answers with the \
             standard field's in records and exports",
            self.id
        ));
        match self.standard {
            Some(s) => d.with_secondary(s, "the standard's field"),
            None => d,
        }
    }
}
