//! Incident records in Primero's shape (JSON objects keyed by field id, subforms as arrays of
//! row objects): reading them one at a time ([`reader`]), checking them against the model
//! ([`validate`]), keeping only what the Incident Recorder reads ([`project`]), the directory of
//! user and agency codes ([`directory`]) and the Incident Recorder's cells ([`cells`]).
//!
//! Record problems are not configuration diagnostics: they carry no code, only the record's
//! position, the field path and a message for a country administrator ([`RecordProblem`]).

pub mod cells;
pub mod directory;
pub mod months;
pub mod project;
pub mod reader;
pub mod rules;
pub mod validate;

pub use cells::{ir_cells, overlong_cells, IrCell};
pub use directory::{Directory, DirectoryData, DirectoryError, Missing};
pub use reader::{read_records, ReadError};
pub use rules::RuleCheck;
pub use validate::Validator;

use std::fmt;

/// One problem of one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordProblem {
    /// The record's position in the input, from 1 (the first record is record 1).
    pub index: usize,
    /// Where in the record: `alleged_perpetrator[2].perpetrator_sex` (rows counted from 1);
    /// empty for the record as a whole.
    pub path: String,
    /// What is wrong, for a country administrator. It shows the offending value only for
    /// option, date and number answers, never for an identifying field.
    pub message: String,
    /// The rule broken.
    pub rule: Rule,
}

/// The rule a record breaks (stable names, for machine-readable output).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// Not a JSON object, or not valid JSON.
    NotARecord,
    /// An answer of the wrong kind (text for a number, a list for one option, …).
    Type,
    /// An option id that is not in the question's list, or an unknown location code.
    Option,
    /// A text that is not a date.
    Date,
    /// A required question (or one whose `required_if` holds) is not answered.
    Required,
    /// An answer breaks its question's constraint.
    Constraint,
    /// The record breaks the record type's JSON Schema.
    Schema,
    /// A key that is not a field of the record type (Primero's own keys, other versions).
    UnknownKey,
    /// A value longer than a spreadsheet cell holds (Incident Recorder export).
    CellTooLong,
    /// An answer to a question the country no longer asks (`hide field`, `hide form`): kept in
    /// the record, read as empty, not checked.
    HiddenAnswer,
}

impl Rule {
    /// The rule's stable name (`required`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::NotARecord => "not-a-record",
            Rule::Type => "type",
            Rule::Option => "option",
            Rule::Date => "date",
            Rule::Required => "required",
            Rule::Constraint => "constraint",
            Rule::Schema => "schema",
            Rule::UnknownKey => "unknown-key",
            Rule::CellTooLong => "cell-too-long",
            Rule::HiddenAnswer => "hidden-answer",
        }
    }
}

impl fmt::Display for RecordProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "record {}: {}", self.index, self.message)
        } else {
            write!(f, "record {}: {}: {}", self.index, self.path, self.message)
        }
    }
}
