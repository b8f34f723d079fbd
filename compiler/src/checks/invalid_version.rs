//! E0034: a version that is not a semantic version (the standard's `version "1.2.0"`), or a
//! country's version requirement that cannot be read (`extends gbvims "^1.2"`).

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// A version that cannot be read.
pub(crate) enum InvalidVersion<'a> {
    /// The standard's version.
    Version {
        /// As written.
        version: &'a str,
        /// Where it is written.
        span: Span,
    },
    /// A country's requirement on the standard's version.
    Requirement {
        /// As written.
        requirement: &'a str,
        /// Where it is written.
        span: Span,
        /// The standard's version, for the example.
        standard: &'a semver::Version,
    },
}

impl InvalidVersion<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::Version { version, span } => Diagnostic::new(
                Code::E0034,
                *span,
                format!("`{version}` is not a semantic version"),
            )
            .label("not MAJOR.MINOR.PATCH")
            .help("write the version as three numbers, like \"1.0.0\" or \"2.1.3\""),
            Self::Requirement {
                requirement,
                span,
                standard,
            } => {
                let (major, minor) = (standard.major, standard.minor);
                Diagnostic::new(
                    Code::E0034,
                    *span,
                    format!("`{requirement}` is not a version requirement"),
                )
                .label("cannot be read")
                .help(format!(
                    "write the versions the country accepts, like \"^{major}.{minor}\" (any {major}.x from {major}.{minor})"
                ))
            }
        }
    }
}
