//! E0050: a declaration lacks an attribute it must have (a label, a policy, a column's value, the
//! languages, a subform field's subform, a country header's settings).

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// What is missing.
pub(crate) enum MissingAttribute<'a> {
    /// A required texts attribute (`label`, `title`, `name`, `header`).
    Texts {
        /// The key.
        key: &'a str,
        /// The kind of declaration ("field", "lookup").
        kind: &'a str,
        /// The default language, for the example.
        language: &'a str,
        /// The declaration's id.
        span: Span,
    },
    /// A lookup without `fixed`, `extensible` or `localizable`.
    Policy {
        /// The lookup id.
        lookup: &'a str,
        /// Where it is declared.
        span: Span,
    },
    /// An option without a label.
    OptionLabel {
        /// The option id.
        option: &'a str,
        /// The default language, for the example.
        language: &'a str,
        /// Where it is declared.
        span: Span,
    },
    /// An Incident Recorder column without `value`.
    ColumnValue {
        /// The column key.
        column: &'a str,
        /// Where it is declared.
        span: Span,
    },
    /// The standard header without `languages`.
    StandardLanguages {
        /// The header.
        span: Span,
    },
    /// `subform` without the subform's id.
    SubformType {
        /// The field's type.
        span: Span,
    },
    /// A setting of the country header.
    CountryHeader {
        /// The key.
        key: &'a str,
        /// An example, like `code: iq`.
        example: &'a str,
        /// The header's id.
        span: Span,
    },
}

impl MissingAttribute<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::Texts {
                key,
                kind,
                language,
                span,
            } => Diagnostic::new(Code::E0050, *span, format!("this {kind} has no `{key}`"))
                .label(format!("no `{key}`"))
                .help(format!("add `{key}: {language} \"…\"`")),
            Self::Policy { lookup, span } => Diagnostic::new(
                Code::E0050,
                *span,
                format!("the lookup `{lookup}` has no policy"),
            )
            .label("no policy")
            .help(format!(
                "write `lookup {lookup} fixed {{`, `extensible` or `localizable` to say what countries may change"
            )),
            Self::OptionLabel {
                option,
                language,
                span,
            } => Diagnostic::new(
                Code::E0050,
                *span,
                format!("the option `{option}` has no label"),
            )
            .label("no label")
            .help(format!("write `option {option}: {language} \"…\"`")),
            Self::ColumnValue { column, span } => Diagnostic::new(
                Code::E0050,
                *span,
                format!("the column `{column}` has no `value`"),
            )
            .label("no value")
            .help("add `value: …` saying what the cell holds, like `value: label(sex)`"),
            Self::StandardLanguages { span } => Diagnostic::new(
                Code::E0050,
                *span,
                "the standard does not say which languages it uses",
            )
            .label("no `languages`")
            .help("add `languages: en, fr, ar` (the languages every text is written in)"),
            Self::SubformType { span } => Diagnostic::new(
                Code::E0050,
                *span,
                "a subform field must name its subform",
            )
            .label("which subform?")
            .help("write `subform <subform id>`, like `subform alleged_perpetrator`"),
            Self::CountryHeader { key, example, span } => Diagnostic::new(
                Code::E0050,
                *span,
                format!("the country header has no `{key}`"),
            )
            .label(format!("no `{key}`"))
            .help(format!("add `{example}` to the country header")),
        }
    }
}
