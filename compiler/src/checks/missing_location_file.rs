//! E0089: a country's location file is not given (`locations:` is missing) or cannot be found.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// A location file that is not given or not found.
pub(crate) enum MissingLocationFile<'a> {
    /// The country header has no `locations`.
    NotGiven {
        /// The country's id.
        country: &'a str,
        /// Where it is declared.
        span: Span,
    },
    /// The file named by `locations` is not next to the country's files.
    NotFound {
        /// The file name as written.
        file: &'a str,
        /// Where it is written.
        span: Span,
        /// What to do, naming the files that are there.
        help: String,
    },
}

impl MissingLocationFile<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::NotGiven { country, span } => Diagnostic::new(
                Code::E0089,
                *span,
                format!("the country `{country}` does not say where its locations are"),
            )
            .label("no `locations`")
            .help("add `locations: \"locations.csv\"` and put the HXL location file next to country.gbv"),
            Self::NotFound { file, span, help } => Diagnostic::new(
                Code::E0089,
                *span,
                format!("the location file `{file}` was not found next to the country's files"),
            )
            .label("no such file")
            .help(help.clone()),
        }
    }
}
