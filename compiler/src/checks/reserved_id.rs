//! E0094: a field id that the language reads as a value. In an expression `true`, `false` and
//! `empty` are literals ([`gbvims_dsl::vocab::RESERVED_IDS`]), so a field with such an id could
//! never be read: every mention of it would silently be the value instead.

use gbvims_dsl::vocab::RESERVED_IDS;
use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// A field whose id is a reserved word.
pub(crate) struct ReservedId<'a> {
    /// The id as written.
    pub id: &'a str,
    /// Where it is declared.
    pub span: Span,
}

impl ReservedId<'_> {
    /// The field id `id` at `span`, when it is reserved.
    pub(crate) fn check(id: &str, span: Span) -> Option<ReservedId<'_>> {
        RESERVED_IDS
            .contains(&id)
            .then_some(ReservedId { id, span })
    }

    pub(crate) fn diagnostic(&self) -> Diagnostic {
        let meaning = match self.id {
            "empty" => "“no answer”",
            "true" => "the answer yes",
            _ => "the answer no",
        };
        Diagnostic::new(
            Code::E0094,
            self.span,
            format!(
                "`{}` cannot be a field id: in conditions and calculations it means {meaning}",
                self.id
            ),
        )
        .label("reserved word")
        .help(format!(
            "rename the field to an id that says what it asks, like `{}_answer`",
            self.id
        ))
    }
}
