//! E0028: a language given twice in one text, or listed twice in a list of languages.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// A language given a second time.
pub(crate) enum DuplicateLanguage<'a> {
    /// Twice in one text (`what` names the text: "the label of field `age`").
    InText {
        /// The text, in words.
        what: &'a str,
        /// The language code.
        lang: &'a str,
        /// The second time.
        span: Span,
        /// The first time.
        first: Span,
    },
    /// Twice in a `languages` list (`first` when the first time is known).
    InList {
        /// The language code.
        lang: &'a str,
        /// The second time.
        span: Span,
        /// The first time.
        first: Option<Span>,
    },
}

impl DuplicateLanguage<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::InText {
                what,
                lang,
                span,
                first,
            } => Diagnostic::new(
                Code::E0028,
                *span,
                format!("{what} is given twice in `{lang}`"),
            )
            .label("second time")
            .with_secondary(*first, "first given here")
            .help("keep one text per language"),
            Self::InList { lang, span, first } => {
                let mut d =
                    Diagnostic::new(Code::E0028, *span, format!("`{lang}` is listed twice"));
                if let Some(first) = first {
                    d = d.with_secondary(*first, "first listed here");
                }
                d.help("list each language once")
            }
        }
    }
}
