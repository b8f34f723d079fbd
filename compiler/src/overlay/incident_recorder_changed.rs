//! E0082: a country changes the Incident Recorder: declares its own, changes a column's value, or
//! sets an attribute of it. The Incident Recorder is the same in every country; only its headers and
//! words are translated.

use gbvims_dsl::ast::Decl;
use gbvims_dsl::Span;

use super::declaration_out_of_place::country_declares;
use crate::diagnostics::{Code, Diagnostic};

/// A change to the Incident Recorder.
pub(crate) enum IncidentRecorderChanged<'a> {
    /// `incident_recorder { … }` in a country's file.
    Declared(&'a Decl),
    /// Something other than a header in `translate incident_recorder { column … }`.
    Column {
        /// What is changed, in words ("`value`", "this item").
        what: &'a str,
        /// The column key.
        column: &'a str,
        /// Where it is changed.
        span: Span,
        /// The standard's column.
        standard: Span,
    },
    /// An attribute of the Incident Recorder itself.
    Attribute {
        /// The key.
        key: &'a str,
        /// Where it is written.
        span: Span,
    },
}

impl IncidentRecorderChanged<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::Declared(decl) => country_declares(decl, Code::E0082).help(
                "the Incident Recorder is the same for every country; translate its headers with `translate incident_recorder { column <key> { header: … } }`",
            ),
            Self::Column {
                what,
                column,
                span,
                standard,
            } => Diagnostic::new(
                Code::E0082,
                *span,
                format!("a country cannot change {what} of the Incident Recorder column `{column}`"),
            )
            .label("only headers may be translated")
            .with_secondary(*standard, "the standard's column")
            .help("the columns and their values are the same in every country; give only `header:` (and `menu:`) texts"),
            Self::Attribute { key, span } => Diagnostic::new(
                Code::E0082,
                *span,
                format!("a country cannot set `{key}` of the Incident Recorder"),
            )
            .label("not allowed")
            .help("translate column headers and words only; the IR's languages follow the country's"),
        }
    }
}
