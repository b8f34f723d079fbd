//! Emitters. Each target reads only the [`Checked`] model (a model with no errors, and the
//! spans of its elements so an emitter can point a diagnostic at a source line) and returns files
//! in memory; the CLI writes them atomically. Adding a target never touches the compiler.
//!
//! The rules a target reads the model by are the model's, never re-derived: texts
//! ([`gbvims_compiler::model::Model::text`]), navigation
//! ([`gbvims_compiler::model::Model::navigation`]), expression scope
//! ([`gbvims_compiler::model::Model::scope`]), who sees a field
//! ([`gbvims_compiler::model::Model::roles_seeing`]), the JSON form of expressions
//! ([`gbvims_compiler::json::JsonExpr`]) and their meaning ([`gbvims_compiler::eval`]).
//!
//! No target is implemented yet: the web bundle, the mobile forms and the Incident Recorder each
//! come with their own issue and add a variant to [`TargetKind`] and a module here.
#![deny(missing_docs)]

pub mod output;

use gbvims_compiler::{Checked, Diagnostic};

/// One output file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    /// Path relative to the output directory, with `/` separators.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Options every target receives.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Languages to emit; empty means every language of the model.
    pub languages: Vec<String>,
}

/// An emitter.
pub trait Target {
    /// The target's kind.
    fn kind(&self) -> TargetKind;

    /// Emits the target's files from a checked model.
    ///
    /// # Errors
    /// Diagnostics for what the model cannot express in this target (pointing at the source
    /// through [`Checked::spans`]).
    fn emit(&self, checked: &Checked, options: &Options) -> Result<Vec<Artifact>, Vec<Diagnostic>>;
}

/// The closed set of targets (empty until the first emitter lands).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TargetKind {}

/// Every available target.
#[must_use]
pub fn all() -> Vec<Box<dyn Target>> {
    Vec::new()
}
