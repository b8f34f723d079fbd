//! E0008: the value of a known attribute cannot be read, or is not of the kind its key takes.
//! Every E0008 is built here, so no reader of attributes can skip one silently or word it
//! differently.

use gbvims_dsl::errors::ValueKind;
use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// A value that does not fit its key.
pub(crate) enum InvalidAttributeValue<'a> {
    /// The parser could not read the value (`order: ten`, `value: a = = b`).
    Unreadable {
        /// The key.
        key: &'a str,
        /// The kind of value the key takes.
        kind: ValueKind,
        /// What could have stood at the error position, in words.
        expected: String,
        /// What stood there, in words.
        found: String,
        /// Where the value goes wrong.
        span: Span,
    },
    /// A key written without the value it takes (`label` alone).
    Missing {
        /// The key.
        key: &'a str,
        /// The kind of value the key takes.
        kind: ValueKind,
        /// The key's position.
        span: Span,
    },
    /// A yes/no key with another value (`required: yes`).
    NotYesNo {
        /// The key.
        key: &'a str,
        /// The value (or the key when there is none).
        span: Span,
    },
    /// A country `code` that is not a two-letter ISO 3166 code.
    CountryCode {
        /// The code.
        span: Span,
    },
    /// An added field's `after` that does not name exactly one field.
    AfterNotOneField {
        /// The key.
        span: Span,
    },
    /// An overlay attribute that takes texts but has another value.
    NotTexts {
        /// The key.
        key: &'a str,
        /// The key's position.
        span: Span,
    },
}

/// What a key of this kind takes, as the parser's help says it.
fn takes(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Texts => "a text in each language",
        ValueKind::Expr => "an expression",
        ValueKind::Names => "names separated by commas",
        ValueKind::Int => "a whole number",
        ValueKind::Bool => "`true` or `false`",
        ValueKind::Str => "a file name in double quotes",
        ValueKind::Levels => "level names with their admin level, like `county 1, district 2`",
    }
}

/// What a key of this kind needs, for "write `key: ` followed by …".
fn needs(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Texts => "a text in each language, like `en \"…\", fr \"…\"`",
        ValueKind::Expr => "an expression, like `sex = \"female\"`",
        ValueKind::Names => "one or more names separated by commas",
        ValueKind::Int => "a whole number, like `10`",
        ValueKind::Bool => "`true` or `false`",
        ValueKind::Str => "a file name in double quotes",
        ValueKind::Levels => "level names with their admin level",
    }
}

impl InvalidAttributeValue<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::Unreadable {
                key,
                kind,
                expected,
                found,
                span,
            } => Diagnostic::new(
                Code::E0008,
                *span,
                format!(
                    "the value of `{key}` cannot be read: expected {expected} but found {found}"
                ),
            )
            .label(format!("expected {expected}"))
            .help(format!(
                "`{key}` takes {}, for example `{key}: {}`",
                takes(*kind),
                kind.example()
            )),
            Self::Missing { key, kind, span } => {
                Diagnostic::new(Code::E0008, *span, format!("`{key}` needs a value"))
                    .label("no value")
                    .help(format!("write `{key}: ` followed by {}", needs(*kind)))
            }
            Self::NotYesNo { key, span } => Diagnostic::new(
                Code::E0008,
                *span,
                format!("`{key}` takes `true` or `false`"),
            )
            .label("not true or false")
            .help(format!("write `{key}` alone for yes, or `{key}: false`")),
            Self::CountryCode { span } => Diagnostic::new(
                Code::E0008,
                *span,
                "the country code must be the two-letter ISO 3166 code of the country",
            )
            .label("not a two-letter code")
            .help("write the code in lower case, like `code: iq` for Iraq or `code: ml` for Mali"),
            Self::AfterNotOneField { span } => {
                Diagnostic::new(Code::E0008, *span, "`after` takes one field id")
                    .label("one field")
                    .help("write `after: <field>` with a field of the same form")
            }
            Self::NotTexts { key, span } => {
                Diagnostic::new(Code::E0008, *span, format!("`{key}` needs texts"))
                    .label("not a text")
                    .help(format!("write `{key}: en \"…\"`"))
            }
        }
    }
}
