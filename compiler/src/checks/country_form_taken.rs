//! E0130: a country's own form, subform or role carries the country prefix but has the id of one
//! of the standard's (with country code `ca`, `case_closure_form` would be the standard's form):
//! records, navigation, permissions and exports would mix the country's with the standard's.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// A country form, subform or role whose id the standard already uses.
pub(crate) struct CountryFormTaken<'a> {
    /// "form", "subform" or "role".
    pub what: &'a str,
    /// The id.
    pub id: &'a str,
    /// Where the country declares it.
    pub span: Span,
    /// Where the standard declares it.
    pub standard: Option<Span>,
}

impl CountryFormTaken<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::new(
            Code::E0130,
            self.span,
            format!(
                "the country's {} `{}` has the id of one of the standard's",
                self.what, self.id
            ),
        )
        .label(format!("already a standard {}", self.what))
        .help(format!(
            "choose another id for the country's {} (still starting with the country prefix), \
             for example `{}_country`; to change the standard's, use `add field`, `hide field`, \
             `hide form` or `translate` instead",
            self.what, self.id
        ));
        match self.standard {
            Some(s) => d.with_secondary(s, format!("the standard's {}", self.what)),
            None => d,
        }
    }
}
