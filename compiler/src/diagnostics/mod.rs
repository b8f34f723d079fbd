//! Diagnostics are data: checks build them, one place renders them ([`render`] for people,
//! [`json`] for machines).

mod codes;
mod excerpt;
pub mod json;
pub mod render;
pub mod sarif;

pub use codes::{Code, Severity, REDIRECTS};

use gbvims_dsl::Span;

/// A labelled place in a source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What to say there (may be empty).
    pub message: String,
}

/// A problem found in a configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// What is wrong, in words a country admin understands.
    pub message: String,
    /// The place it is about.
    pub primary: Label,
    /// Related places (the first declaration of a duplicate, the standard line an overlay breaks).
    pub secondary: Vec<Label>,
    /// How to fix it.
    pub help: String,
    /// Extra facts.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with a primary span; add the help with [`Diagnostic::help`].
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            primary: Label {
                span,
                message: String::new(),
            },
            secondary: Vec::new(),
            help: String::new(),
            notes: Vec::new(),
        }
    }

    /// Sets the text under the primary span.
    #[must_use]
    pub fn label(mut self, message: impl Into<String>) -> Self {
        self.primary.message = message.into();
        self
    }

    /// Sets the help line.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }

    /// Adds a related place.
    #[must_use]
    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Adds a note.
    #[must_use]
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// The code's severity.
    #[must_use]
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// Collects diagnostics; checks push into it and never print.
#[derive(Clone, Debug, Default)]
pub struct Sink {
    diagnostics: Vec<Diagnostic>,
}

impl Sink {
    /// Adds a diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// The diagnostics in file and position order (stable output).
    #[must_use]
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.diagnostics.sort_by(|a, b| {
            (
                a.primary.span.file,
                a.primary.span.start,
                a.code,
                &a.message,
            )
                .cmp(&(
                    b.primary.span.file,
                    b.primary.span.start,
                    b.code,
                    &b.message,
                ))
        });
        self.diagnostics.dedup();
        self.diagnostics
    }
}

/// "did you mean `x`?" from a list of candidates, or nothing when none is close.
#[must_use]
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        let close = strsim::osa_distance(word, c) <= (word.len().max(3) / 3).max(1);
        if (score >= 0.85 || close) && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// A help line suggesting `candidate`, or `otherwise`.
#[must_use]
pub fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: &str,
) -> String {
    match did_you_mean(word, candidates) {
        Some(c) => format!("did you mean `{c}`?"),
        None => otherwise.to_string(),
    }
}
