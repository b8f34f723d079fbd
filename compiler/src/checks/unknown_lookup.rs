//! E0012: a lookup id that names no lookup: after a select type, or in a country's `replace`,
//! `extend` or `translate lookup`.

use gbvims_dsl::Span;

use super::Origin;
use crate::diagnostics::{suggest, Code, Diagnostic};

/// A lookup id that does not exist where it is looked up.
pub(crate) struct UnknownLookup<'a> {
    /// The id as written.
    pub id: &'a str,
    /// Where it is written.
    pub span: Span,
    /// The lookup ids that exist, for "did you mean".
    pub candidates: Vec<&'a str>,
    /// Whether the lookup was looked up in this configuration or in the standard.
    pub origin: Origin,
}

impl UnknownLookup<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        let id = self.id;
        let (message, otherwise) = match self.origin {
            Origin::Declared => (
                format!("there is no lookup `{id}`"),
                "declare it with `lookup <id> fixed { … }`",
            ),
            Origin::Standard => (
                format!("the standard has no lookup `{id}`"),
                "the standard's lookups are in standard-forms/lookups.gbv",
            ),
        };
        Diagnostic::new(Code::E0012, self.span, message)
            .label("unknown lookup")
            .help(suggest(id, self.candidates.iter().copied(), otherwise))
    }
}
