//! E0080: a country's own field, option or lookup whose id does not start with the country's
//! prefix (`iq_`, `lookup-iq-`), so a later standard could declare the same id.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// A country's own id without the country prefix.
pub(crate) struct UnprefixedCountryId<'a> {
    /// What it is: "field", "option" or "own lookup".
    pub what: &'a str,
    /// The id.
    pub id: &'a str,
    /// The prefix it must start with.
    pub prefix: &'a str,
    /// The id as it should be written.
    pub renamed: String,
    /// Where it is written.
    pub span: Span,
    /// The standard could "add" it (fields, options) or "declare" it (lookups).
    pub verb: &'a str,
}

impl UnprefixedCountryId<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        let Self {
            what,
            id,
            prefix,
            renamed,
            span,
            verb,
        } = self;
        Diagnostic::new(
            Code::E0080,
            *span,
            format!("the country's {what} `{id}` does not start with `{prefix}`"),
        )
        .label("no country prefix")
        .help(format!(
            "rename it `{renamed}`, so a later standard can never {verb} the same id"
        ))
    }
}
