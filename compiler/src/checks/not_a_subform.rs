//! E0041: a subform operation applied to something that is not a subform: an aggregate (`count`,
//! `any`, `all`, `first`) of a field that is not a subform field, or `.field` after something that
//! is not one subform row.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// A subform operation on something else.
pub(crate) enum NotASubform<'a> {
    /// `count(x)` and the like, where `x` is not a subform field.
    Aggregate {
        /// The function.
        func: &'a str,
        /// What `x` is, in words.
        found: &'a str,
        /// The argument.
        span: Span,
    },
    /// `x.field`, where `x` is not one subform row.
    Member {
        /// The field after the dot.
        field: &'a str,
        /// What `x` is, in words.
        found: &'a str,
        /// `x`.
        span: Span,
    },
}

impl NotASubform<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::Aggregate { func, found, span } => Diagnostic::new(
                Code::E0041,
                *span,
                format!("`{func}` needs a subform field, but this is {found}"),
            )
            .label("not a subform")
            .help(format!(
                "name a subform field, like `{func}(alleged_perpetrator)`"
            )),
            Self::Member { field, found, span } => Diagnostic::new(
                Code::E0041,
                *span,
                format!("`.{field}` needs one subform row, but this is {found}"),
            )
            .label("not a subform row")
            .help("pick a row first: `first(alleged_perpetrator).age_group`"),
        }
    }
}
