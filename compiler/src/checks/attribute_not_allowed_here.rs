//! E0010: a known attribute used where it has no meaning: in the wrong kind of declaration, on a
//! field type it does not apply to, or in a country declaration that takes other attributes.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// An attribute where it has no meaning.
pub(crate) enum AttributeNotAllowedHere<'a> {
    /// A key of other places (`belongs` lists them: "a field, a role").
    Place {
        /// The key.
        key: &'a str,
        /// Where it is written, in words ("a lookup").
        place: &'a str,
        /// Where it belongs, in words.
        belongs: String,
        /// The key's position.
        span: Span,
    },
    /// A field attribute for other field types (`tick_label` on a date).
    FieldType {
        /// The key.
        key: &'a str,
        /// The types it applies to, in words ("tick boxes").
        kinds: &'a str,
        /// The key's position.
        span: Span,
    },
    /// `anchors` on a lookup that is not localizable.
    Anchors {
        /// The key's position.
        span: Span,
    },
    /// An attribute a country declaration does not take (`takes` says what it takes).
    Overlay {
        /// The key.
        key: &'a str,
        /// The declaration, in words.
        what: &'a str,
        /// What it takes, as a sentence.
        takes: &'a str,
        /// The key's position.
        span: Span,
    },
}

impl AttributeNotAllowedHere<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::Place {
                key,
                place,
                belongs,
                span,
            } => Diagnostic::new(
                Code::E0010,
                *span,
                format!("`{key}` cannot be used in {place}"),
            )
            .label("not allowed here")
            .help(format!(
                "`{key}` belongs to {belongs}; move it there or delete it"
            )),
            Self::FieldType { key, kinds, span } => Diagnostic::new(
                Code::E0010,
                *span,
                format!("`{key}` only applies to {kinds}"),
            )
            .label("not for this field type")
            .help(format!("delete `{key}`")),
            Self::Anchors { span } => Diagnostic::new(
                Code::E0010,
                *span,
                "`anchors` only applies to localizable lookups",
            )
            .label("not a localizable lookup")
            .help("delete `anchors`, or make the lookup `localizable`"),
            Self::Overlay {
                key,
                what,
                takes,
                span,
            } => Diagnostic::new(
                Code::E0010,
                *span,
                format!("`{key}` cannot be given in {what}"),
            )
            .label("not allowed here")
            .help(*takes),
        }
    }
}
