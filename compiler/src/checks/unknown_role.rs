//! E0015: a role id that names no role: in a field's `visible_to`, or a country's
//! `translate role`.

use gbvims_dsl::Span;

use super::Origin;
use crate::diagnostics::{suggest, Code, Diagnostic};

/// A role id that does not exist where it is looked up.
pub(crate) struct UnknownRole<'a> {
    /// The id as written.
    pub id: &'a str,
    /// Where it is written.
    pub span: Span,
    /// The role ids that exist, for "did you mean".
    pub candidates: Vec<&'a str>,
    /// Whether the role was looked up in this configuration or in the standard.
    pub origin: Origin,
}

impl UnknownRole<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        let id = self.id;
        let (message, otherwise) = match self.origin {
            Origin::Declared => (
                format!("there is no role `{id}`"),
                "declare it with `role <id> { label: … }`",
            ),
            Origin::Standard => (
                format!("the standard has no role `{id}`"),
                "use an id of standard-forms/standard.gbv",
            ),
        };
        Diagnostic::new(Code::E0015, self.span, message)
            .label("unknown role")
            .help(suggest(id, self.candidates.iter().copied(), otherwise))
    }
}
