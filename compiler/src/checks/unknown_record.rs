//! E0014: a record type that does not exist: a form's `in <record>`, a `translate record`, the
//! `incident` record the Incident Recorder reads, or no record at all for the forms.

use gbvims_dsl::Span;

use super::Origin;
use crate::diagnostics::{suggest, Code, Diagnostic};

/// A record that is named or needed but not declared.
pub(crate) enum UnknownRecord<'a> {
    /// A record id that names no record.
    Named {
        /// The id as written.
        id: &'a str,
        /// Where it is written.
        span: Span,
        /// The record ids that exist, for "did you mean".
        candidates: Vec<&'a str>,
        /// Whether the record was looked up in this configuration or in the standard.
        origin: Origin,
    },
    /// The Incident Recorder reads incident records, and there is no `incident` record.
    NoIncidentRecord {
        /// The `incident_recorder` keyword.
        span: Span,
    },
    /// There are forms but no record at all.
    NoRecord {
        /// The first form.
        span: Span,
    },
}

impl UnknownRecord<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::Named {
                id,
                span,
                candidates,
                origin,
            } => {
                let (message, otherwise) = match origin {
                    Origin::Declared => (
                        format!("there is no record `{id}`"),
                        "declare it with `record <id> { label: … }`",
                    ),
                    Origin::Standard => (
                        format!("the standard has no record `{id}`"),
                        "use an id of standard-forms/standard.gbv",
                    ),
                };
                Diagnostic::new(Code::E0014, *span, message)
                    .label("unknown record")
                    .help(suggest(id, candidates.iter().copied(), otherwise))
            }
            Self::NoIncidentRecord { span } => Diagnostic::new(
                Code::E0014,
                *span,
                "the Incident Recorder reads incident records, but there is no record `incident`",
            )
            .help("declare `record incident { … }` with the incident forms"),
            Self::NoRecord { span } => Diagnostic::new(
                Code::E0014,
                *span,
                "there is no record for these forms to belong to",
            )
            .help("declare a record, like `record incident { label: en \"Incident\" }`"),
        }
    }
}
