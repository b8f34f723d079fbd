//! E0054: a field, option, `use`, column or word where it is not allowed, in a standard's
//! declaration or a country's.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// An item where it cannot stand.
pub(crate) enum MisplacedItem<'a> {
    /// In a standard declaration (`what`: "a field", "an option", "`use`", "a column", "a word").
    Declaration {
        /// The kind of item, in words.
        what: &'a str,
        /// Its id.
        name: &'a str,
        /// Where it stands, in words ("in a lookup").
        place: &'a str,
        /// The item.
        span: Span,
    },
    /// In a country declaration that takes other items.
    Overlay {
        /// The declaration, in words.
        what: &'a str,
        /// Whether the item is a field.
        field: bool,
        /// What the declaration takes, as a sentence.
        takes: &'a str,
        /// The item.
        span: Span,
    },
    /// In `translate incident_recorder`, which takes columns and words.
    IncidentRecorderTranslation {
        /// The item.
        span: Span,
    },
}

impl MisplacedItem<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::Declaration {
                what,
                name,
                place,
                span,
            } => {
                let help = match *what {
                    "a field" => "fields belong directly inside a `form` or `subform`",
                    "an option" => "options belong inside a `lookup` or a select field",
                    "a column" | "a word" => {
                        "columns and words belong inside `incident_recorder { … }`"
                    }
                    _ => "`use` belongs directly inside a `form` (not a subform)",
                };
                Diagnostic::new(
                    Code::E0054,
                    *span,
                    format!("{what} (`{name}`) cannot stand {place}"),
                )
                .label("misplaced")
                .help(help)
            }
            Self::Overlay {
                what,
                field,
                takes,
                span,
            } => Diagnostic::new(
                Code::E0054,
                *span,
                format!("this item cannot stand in {what}"),
            )
            .label("misplaced")
            .help(if *field {
                "a country adds fields with `add field <id> to <form>: <type>`"
            } else {
                takes
            }),
            Self::IncidentRecorderTranslation { span } => Diagnostic::new(
                Code::E0054,
                *span,
                "this item cannot stand in `translate incident_recorder`",
            )
            .label("misplaced")
            .help("write `column <key> { header: … }` or `word <key>: …`"),
        }
    }
}
