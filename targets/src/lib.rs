//! Emitters. Each target reads only the validated [`Model`] and returns files in memory; the CLI
//! writes them atomically. Adding a target never touches the compiler.
//!
//! No target is implemented yet: the web bundle, the mobile forms and the Incident Recorder each
//! come with their own issue and add a variant to [`TargetKind`] and a module here.
#![deny(missing_docs)]

use gbvims_compiler::model::Model;
use gbvims_compiler::Diagnostic;

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

    /// Emits the target's files from a validated model.
    ///
    /// # Errors
    /// Diagnostics for what the model cannot express in this target.
    fn emit(&self, model: &Model, options: &Options) -> Result<Vec<Artifact>, Vec<Diagnostic>>;
}

/// The closed set of targets (empty until the first emitter lands).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TargetKind {}

/// Every available target.
#[must_use]
pub fn all() -> Vec<Box<dyn Target>> {
    Vec::new()
}
