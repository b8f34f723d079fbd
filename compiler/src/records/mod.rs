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
pub mod validate;

pub use cells::{ir_cells, overlong_cells, IrCell};
pub use directory::{Directory, DirectoryData, DirectoryError, Missing};
pub use reader::{read_records, ReadError};
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
    /// What is wrong, for a country administrator.
    pub message: String,
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
