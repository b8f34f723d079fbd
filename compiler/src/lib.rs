//! The gbvims compiler: from `.gbv` sources to a validated, typed model.
//!
//! # Steps
//! 1. [`Sources`] holds the text of every file (the compiler never reads the disk).
//! 2. [`gbvims_dsl::parse`] reads each file into an AST, reporting every syntax error
//!    ([`syntax`] gives them codes).
//! 3. Lowering (`lower`) resolves names, builds the [`model`] and type-checks expressions.
//! 4. Checks (`checks`) look at the whole model: dependency cycles, unusable fields, …
//! 5. [`diagnostics`] renders what was found, for people or for machines.
//!
//! [`translations`] names and lists the translatable texts of a model.
#![deny(missing_docs)]

mod checks;
pub mod diagnostics;
pub mod eval;
pub mod languages;
pub mod locations;
mod lower;
pub mod model;
mod overlay;
pub mod source;
pub mod syntax;
pub mod translations;

pub use diagnostics::{Code, Diagnostic, Severity};
pub use lower::{is_country_code, is_valid_id};
pub use source::Sources;

use gbvims_dsl::ast::File;
use gbvims_dsl::FileId;

/// The result of compiling a set of sources.
#[derive(Debug)]
pub struct Compilation {
    /// The model, when the sources were complete enough to build one. It is only valid for
    /// emitting when [`Compilation::has_errors`] is false.
    pub model: Option<model::Model>,
    /// Where model elements were declared.
    pub spans: model::SpanTable,
    /// Every problem found, in file and position order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compilation {
    /// Any error (not counting warnings)?
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error)
    }
}

/// Parses every file of `sources`.
#[must_use]
pub fn parse_all(sources: &Sources) -> (Vec<(FileId, File)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for (id, f) in sources.iter().filter(|(_, f)| f.is_gbv()) {
        let parsed = gbvims_dsl::parse(id, &f.text);
        diags.extend(parsed.errors.iter().map(syntax::diagnostic));
        files.push((id, parsed.file));
    }
    (files, diags)
}

/// Compiles `sources`: the standard's files alone, or the standard with a country overlay on top
/// when some files come from a country ([`source::Origin::Country`]).
#[must_use]
pub fn compile(sources: &Sources) -> Compilation {
    if sources
        .iter()
        .any(|(_, f)| f.origin == source::Origin::Country)
    {
        return overlay::compile(sources);
    }
    let (files, syntax_errors) = parse_all(sources);
    let mut sink = diagnostics::Sink::default();
    let syntax_spans = syntax_errors.iter().map(|d| d.primary.span).collect();
    for d in syntax_errors {
        sink.push(d);
    }
    let refs: Vec<(FileId, &File)> = files.iter().map(|(id, f)| (*id, f)).collect();
    let broken: Vec<gbvims_dsl::Span> = syntax_spans;
    for (_, file) in &files {
        for decl in file.decls.iter().filter(|d| d.kind.is_overlay()) {
            sink.push(overlay::in_standard(decl));
        }
    }
    let lowered = lower::lower(&refs, &broken, &mut sink, &[]);
    Compilation {
        model: lowered.model,
        spans: lowered.spans,
        diagnostics: sink.into_sorted(),
    }
}
