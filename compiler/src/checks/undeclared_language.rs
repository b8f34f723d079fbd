//! E0016: a text, or the default language, in a language the configuration does not declare.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// A language that is not declared.
pub(crate) enum UndeclaredLanguage<'a> {
    /// `default_language` names a language missing from `languages`.
    Default {
        /// The language code.
        lang: &'a str,
        /// Where it is written.
        span: Span,
        /// The declared languages.
        declared: &'a [String],
    },
    /// A text in an undeclared language.
    Text {
        /// The text, in words ("the label of field `age`").
        what: &'a str,
        /// The language code.
        lang: &'a str,
        /// Who declares the languages ("the standard", "the country", "the Incident Recorder").
        whose: &'a str,
        /// Where the text's language is.
        span: Span,
        /// The declared languages.
        declared: &'a [String],
    },
}

impl UndeclaredLanguage<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::Default {
                lang,
                span,
                declared,
            } => Diagnostic::new(
                Code::E0016,
                *span,
                format!("the default language `{lang}` is not in `languages`"),
            )
            .label("undeclared language")
            .help(format!(
                "add `{lang}` to `languages`, or choose one of: {}",
                declared.join(", ")
            )),
            Self::Text {
                what,
                lang,
                whose,
                span,
                declared,
            } => Diagnostic::new(
                Code::E0016,
                *span,
                format!("{what} is given in `{lang}`, which {whose} does not declare"),
            )
            .label("undeclared language")
            .help(format!(
                "add `{lang}` to `languages`, or delete this text (declared: {})",
                declared.join(", ")
            )),
        }
    }
}
