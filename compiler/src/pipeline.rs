//! The drivers: parsing every file, the standard alone, and a country on top of a standard.
//!
//! [`compile`] is the one entry point: it returns a [`Compiled`] result that carries a
//! [`Checked`] model only when there are no errors, so an emitter can never receive a model with
//! errors. [`StandardBase`] holds the standard parsed and lowered once, so checking several
//! countries (or a test suite) does not repeat that work for each.

use std::hash::{Hash, Hasher};

use gbvims_dsl::ast::File;
use gbvims_dsl::{FileId, Span};

use crate::diagnostics::{Diagnostic, Severity, Sink};
use crate::model::{Model, SpanTable};
use crate::source::{Origin, Sources};

/// A model with no errors, and where its elements were declared (so an emitter can point a
/// diagnostic at a source line). Only the compiler builds one.
#[derive(Clone, Debug)]
pub struct Checked {
    model: Model,
    spans: SpanTable,
}

impl Checked {
    /// The checked model.
    #[must_use]
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Where each element of the model was declared.
    #[must_use]
    pub fn spans(&self) -> &SpanTable {
        &self.spans
    }

    /// What each overlay declaration of the country changed, in file order (empty for the
    /// standard alone).
    #[must_use]
    pub fn changes(&self) -> &[crate::OverlayChange] {
        &self.spans.changes
    }
}

/// A result with the warnings found on the way.
#[derive(Clone, Debug)]
pub struct Warned<T> {
    /// The result.
    pub output: T,
    /// Warnings, in file and position order.
    pub warnings: Vec<Diagnostic>,
}

/// What [`compile`] returns: the checked model, or every error; warnings either way.
pub type Compiled = Warned<Result<Checked, Vec<Diagnostic>>>;

impl Compiled {
    /// The checked model, when there are no errors.
    #[must_use]
    pub fn checked(&self) -> Option<&Checked> {
        self.output.as_ref().ok()
    }

    /// The checked model, when there are no errors.
    #[must_use]
    pub fn model(&self) -> Option<&Model> {
        self.checked().map(Checked::model)
    }

    /// Any error (not counting warnings)?
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.output.is_err()
    }

    /// Every diagnostic, errors and warnings, in file and position order.
    #[must_use]
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut sink = Sink::default();
        if let Err(errors) = &self.output {
            errors.iter().cloned().for_each(|d| sink.push(d));
        }
        self.warnings.iter().cloned().for_each(|d| sink.push(d));
        sink.into_sorted()
    }

    fn from_parts(model: Option<Model>, spans: SpanTable, diagnostics: Vec<Diagnostic>) -> Self {
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = diagnostics
            .into_iter()
            .partition(|d| d.severity() == Severity::Error);
        let output = match model {
            Some(model) if errors.is_empty() => Ok(Checked { model, spans }),
            _ if errors.is_empty() => Err(vec![no_model(&warnings)]),
            _ => Err(errors),
        };
        Warned { output, warnings }
    }
}

/// A model that could not be built always has an error saying why; this guards the contract if a
/// future lowering path forgets one.
fn no_model(warnings: &[Diagnostic]) -> Diagnostic {
    let span = warnings.first().map_or(Span::default(), |d| d.primary.span);
    Diagnostic::new(
        crate::Code::E0032,
        span,
        "no model could be built from these files",
    )
    .help("start the standard with `standard gbvims version \"1.0.0\" { … }`")
}

/// Parses every `.gbv` file of `sources`.
#[must_use]
pub fn parse_all(sources: &Sources) -> (Vec<(FileId, File)>, Vec<Diagnostic>) {
    parse_where(sources, |_| true)
}

fn parse_where(
    sources: &Sources,
    keep: impl Fn(Origin) -> bool,
) -> (Vec<(FileId, File)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for (id, f) in sources.iter().filter(|(_, f)| f.is_gbv() && keep(f.origin)) {
        let parsed = gbvims_dsl::parse(id, &f.text);
        diags.extend(parsed.errors.iter().map(crate::syntax::diagnostic));
        files.push((id, parsed.file));
    }
    (files, diags)
}

/// The standard, parsed and lowered once. Reused for every country compiled against it: a
/// country's [`Sources`] must start with the same standard files (checked; a base that does not
/// fit is rebuilt rather than trusted).
#[derive(Clone, Debug)]
pub struct StandardBase {
    /// Name and hash of each standard file, in order.
    fingerprint: Vec<(FileId, String, u64)>,
    /// The standard's syntax trees.
    pub(crate) files: Vec<(FileId, File)>,
    /// Syntax errors of the standard's files.
    pub(crate) syntax: Vec<Diagnostic>,
    /// The standard lowered alone.
    pub(crate) model: Option<Model>,
    /// Where its elements were declared.
    pub(crate) spans: SpanTable,
    /// Everything lowering the standard alone reported, warnings included.
    pub(crate) lowered: Vec<Diagnostic>,
}

impl StandardBase {
    /// Parses and lowers the standard files of `sources` (those of [`Origin::Standard`]).
    #[must_use]
    pub fn new(sources: &Sources) -> Self {
        let (files, syntax) = parse_where(sources, |o| o == Origin::Standard);
        let broken: Vec<Span> = syntax.iter().map(|d| d.primary.span).collect();
        let mut sink = Sink::default();
        let refs: Vec<(FileId, &File)> = files.iter().map(|(id, f)| (*id, f)).collect();
        let lowered = crate::lower::lower(&refs, &broken, &mut sink, &[], &[], &[]);
        Self {
            fingerprint: fingerprint(sources),
            files,
            syntax,
            model: lowered.model,
            spans: lowered.spans,
            lowered: sink.into_sorted(),
        }
    }

    /// Was this base built from the standard files of `sources`?
    #[must_use]
    pub fn fits(&self, sources: &Sources) -> bool {
        self.fingerprint == fingerprint(sources)
    }
}

fn fingerprint(sources: &Sources) -> Vec<(FileId, String, u64)> {
    sources
        .iter()
        .filter(|(_, f)| f.origin == Origin::Standard)
        .map(|(id, f)| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            f.text.hash(&mut h);
            (id, f.name.clone(), h.finish())
        })
        .collect()
}

/// Compiles `sources`: the standard's files alone, or the standard with a country overlay on top
/// when some files come from a country ([`Origin::Country`]).
#[must_use]
pub fn compile(sources: &Sources) -> Compiled {
    let (model, spans, diagnostics) = run_fitted(&StandardBase::new(sources), sources);
    Compiled::from_parts(model, spans, diagnostics)
}

/// Like [`compile`], reusing a standard parsed and lowered before (rebuilt if it does not fit).
#[must_use]
pub fn compile_with(base: &StandardBase, sources: &Sources) -> Compiled {
    let (model, spans, diagnostics) = run(base, sources);
    Compiled::from_parts(model, spans, diagnostics)
}

/// The model even when there are errors, with every diagnostic in order: for tools that only
/// list a configuration's texts while its admin fixes the rest (`translations export`).
/// Emitters take a [`Checked`] model from [`compile`]; never emit from this.
#[must_use]
pub fn compile_partial(sources: &Sources) -> (Option<Model>, Vec<Diagnostic>) {
    let (model, _, diagnostics) = run_fitted(&StandardBase::new(sources), sources);
    (model, diagnostics)
}

fn run(base: &StandardBase, sources: &Sources) -> (Option<Model>, SpanTable, Vec<Diagnostic>) {
    if base.fits(sources) {
        run_fitted(base, sources)
    } else {
        run_fitted(&StandardBase::new(sources), sources)
    }
}

/// Compiles `sources` on `base`, which was built from their standard files.
fn run_fitted(
    base: &StandardBase,
    sources: &Sources,
) -> (Option<Model>, SpanTable, Vec<Diagnostic>) {
    let (model, spans, diagnostics) = if sources.iter().any(|(_, f)| f.origin == Origin::Country) {
        let (files, syntax) = parse_where(sources, |o| o == Origin::Country);
        crate::overlay::compile(base, sources, files, syntax)
    } else {
        standard_alone(base)
    };
    // Files the CLI refused to read. A country's data files are reported by the country's
    // checks, at the `locations:` line that names them.
    let mut sink = Sink::default();
    crate::checks::refused_file::refused_files(
        sources,
        |origin, gbv| gbv || origin == Origin::Standard,
        &mut sink,
    );
    diagnostics.into_iter().for_each(|d| sink.push(d));
    (model, spans, sink.into_sorted())
}

fn standard_alone(base: &StandardBase) -> (Option<Model>, SpanTable, Vec<Diagnostic>) {
    let mut sink = Sink::default();
    base.syntax.iter().cloned().for_each(|d| sink.push(d));
    base.lowered.iter().cloned().for_each(|d| sink.push(d));
    for (_, file) in &base.files {
        for decl in file.decls.iter().filter(|d| d.kind.is_overlay()) {
            sink.push(crate::overlay::in_standard(decl));
        }
    }
    (base.model.clone(), base.spans.clone(), sink.into_sorted())
}
