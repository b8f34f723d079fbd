//! The gbvims compiler: from `.gbv` sources to a validated, typed model.
//!
//! # Steps
//! 1. [`Sources`] holds the text of every file (the compiler never reads the disk).
//! 2. [`gbvims_dsl::parse`] reads each file into an AST, reporting every syntax error
//!    ([`syntax`] gives them codes).
//! 3. Lowering (`lower`) resolves names, builds the [`model`] and type-checks expressions.
//! 4. Checks (`checks`) look at the whole model: dependency cycles, unusable fields, …
//! 5. [`pipeline`] drives the steps for a standard or a country on top of one, and returns a
//!    [`Checked`] model only when there are no errors: the emitters' contract.
//! 6. [`diagnostics`] renders what was found, for people or for machines.
//!
//! [`records`] reads and checks incident records and computes Incident Recorder cells;
//! [`filters`] says which records an output may use.
//!
//! [`translations`] names and lists the translatable texts of a model.
//!
//! [`diff`] compares two versions of the standard and classifies every change.
#![deny(missing_docs)]

mod checks;
pub mod diagnostics;
pub mod diff;
pub mod eval;
pub mod filters;
pub mod json;
pub mod languages;
pub mod locations;
mod lower;
pub mod mobile_key;
pub mod model;
mod overlay;
pub mod pipeline;
pub mod records;
pub mod regions;
pub mod source;
pub mod syntax;
pub mod translations;

pub use diagnostics::{Code, Diagnostic, Severity};
pub use gbvims_dsl::Span;
pub use lower::{is_country_code, is_valid_id};
pub use overlay::changes::{ChangeKind, OverlayChange};
pub use source::Sources;

pub use pipeline::{
    compile, compile_partial, compile_with, parse_all, Checked, Compiled, StandardBase, Warned,
};
