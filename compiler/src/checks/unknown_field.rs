//! E0011: a field name that does not exist where it is read: in an expression (of a record, or a
//! subform row and its record), after `.` on a subform row, or in a form's `use`.

use gbvims_dsl::Span;

use crate::diagnostics::{suggest, Code, Diagnostic};

/// Where the field was looked for.
pub(crate) enum FieldScope<'a> {
    /// An expression of a record (`in_row`: of a subform row, which also sees its record).
    Expression {
        /// Read in a subform row.
        in_row: bool,
    },
    /// A field of a subform row (`first(rows).field`).
    Subform {
        /// The subform's id.
        subform: &'a str,
    },
    /// A form's `use <field>`.
    Use,
}

/// A field name that does not exist.
pub(crate) struct UnknownField<'a> {
    /// The name as written.
    pub name: &'a str,
    /// Where it is written.
    pub span: Span,
    /// The field ids of the scope, for "did you mean".
    pub candidates: Vec<&'a str>,
    /// Where it was looked for.
    pub scope: FieldScope<'a>,
}

impl UnknownField<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        let name = self.name;
        let (message, otherwise) = match &self.scope {
            FieldScope::Expression { in_row } => {
                let where_ = if *in_row {
                    "this subform or its record"
                } else {
                    "this record"
                };
                (
                    format!("there is no field `{name}` in {where_}"),
                    "check the spelling against the field ids of the forms",
                )
            }
            FieldScope::Subform { subform } => (
                format!("the subform `{subform}` has no field `{name}`"),
                "name a field of the subform",
            ),
            FieldScope::Use => (
                format!("there is no field `{name}` in this record"),
                "declare the field in one form, then `use` it in others",
            ),
        };
        Diagnostic::new(Code::E0011, self.span, message)
            .label("unknown field")
            .help(suggest(name, self.candidates.iter().copied(), otherwise))
    }
}
