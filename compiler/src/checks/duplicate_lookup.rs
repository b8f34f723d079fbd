//! E0021: one lookup declared twice in a configuration, or replaced twice by a country.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// A lookup given a second time.
pub(crate) enum DuplicateLookup<'a> {
    /// `lookup <id>` declared twice.
    Declared {
        /// The id.
        id: &'a str,
        /// The second declaration.
        span: Span,
        /// The first declaration.
        first: Span,
    },
    /// `replace lookup <id>` written twice by a country.
    Replaced {
        /// The id.
        id: &'a str,
        /// The second replacement.
        span: Span,
        /// The first replacement.
        first: Span,
    },
}

impl DuplicateLookup<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::Declared { id, span, first } => Diagnostic::new(
                Code::E0021,
                *span,
                format!("the lookup `{id}` is declared twice"),
            )
            .label("second declaration")
            .with_secondary(*first, "first declared here")
            .help("give each lookup its own id, or merge the two option lists"),
            Self::Replaced { id, span, first } => {
                Diagnostic::new(Code::E0021, *span, format!("`{id}` is replaced twice"))
                    .label("second replacement")
                    .with_secondary(*first, "first replaced here")
                    .help("keep one `replace lookup` with the whole list")
            }
        }
    }
}
