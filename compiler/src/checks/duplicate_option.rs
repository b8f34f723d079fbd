//! E0022: an option id listed twice in one list, or a country extending a lookup with an option
//! the standard's list already has.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// An option given a second time.
pub(crate) enum DuplicateOption<'a> {
    /// Twice in one list (`owner` names it: "lookup `lookup-gender`").
    InList {
        /// The option id.
        id: &'a str,
        /// The list, in words.
        owner: &'a str,
        /// The second time.
        span: Span,
        /// The first time.
        first: Span,
    },
    /// Added by `extend lookup` though the standard's list has it.
    InStandard {
        /// The lookup id.
        lookup: &'a str,
        /// The option id.
        id: &'a str,
        /// The country's option.
        span: Span,
        /// The standard's option.
        existing: Span,
    },
}

impl DuplicateOption<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::InList {
                id,
                owner,
                span,
                first,
            } => Diagnostic::new(
                Code::E0022,
                *span,
                format!("the option `{id}` is listed twice in {owner}"),
            )
            .label("second time")
            .with_secondary(*first, "first listed here")
            .help("give each option its own id"),
            Self::InStandard {
                lookup,
                id,
                span,
                existing,
            } => Diagnostic::new(
                Code::E0022,
                *span,
                format!("`{lookup}` already has an option `{id}`"),
            )
            .label("already in the standard")
            .with_secondary(*existing, "the standard's option")
            .help("keep the standard's option: translate its label into the country's languages with `translate lookup … { option … }`"),
        }
    }
}
