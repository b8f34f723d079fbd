//! E0081: a country declaration names a form, field, lookup, column or word the standard does not
//! have (or one it cannot change). Every E0081 is built here.

use gbvims_dsl::Span;

use crate::diagnostics::{suggest, Code, Diagnostic};

/// What a country declaration names that the standard does not have.
pub(crate) enum UnknownOverlayTarget<'a> {
    /// A form id.
    Form {
        /// The id.
        id: &'a str,
        /// Where it is written.
        span: Span,
        /// The standard's form ids.
        candidates: Vec<&'a str>,
    },
    /// A form or subform the country declares itself, named where only the standard's may be
    /// (`hide form`): the country leaves it out by deleting its declaration.
    OwnForm {
        /// `form` or `subform`.
        what: &'a str,
        /// The id.
        id: &'a str,
        /// Where it is written.
        span: Span,
    },
    /// A field path (`form.field` or a bare field id).
    Field {
        /// The path as written (suggestions are written the same way).
        written: &'a str,
        /// The field id.
        id: &'a str,
        /// The form, when the path names one.
        form: Option<&'a str>,
        /// Where it is written.
        span: Span,
        /// Paths that exist.
        candidates: Vec<String>,
        /// Named by an added field's `after` (a field of the same form).
        after: bool,
    },
    /// A bare field id that several forms have.
    AmbiguousField {
        /// The field id.
        id: &'a str,
        /// Where it is written.
        span: Span,
        /// The forms that have it.
        forms: Vec<&'a str>,
        /// Where each of them declares it.
        declared: Vec<Span>,
    },
    /// `replace`/`extend lookup` of the country's own lookup.
    OwnLookup {
        /// The lookup id.
        id: &'a str,
        /// `replace` or `extend`.
        verb: &'a str,
        /// Where it is named.
        span: Span,
        /// The country's declaration of it.
        declared: Span,
    },
    /// `translate <kind>` without the id of what it translates.
    TranslateWithoutId {
        /// The keyword after `translate`.
        keyword: &'a str,
        /// Where the keyword is.
        span: Span,
    },
    /// `translate incident_recorder` when the standard has none.
    NoIncidentRecorder {
        /// The declaration's keyword.
        span: Span,
    },
    /// A column the standard's Incident Recorder does not have.
    Column {
        /// The column key.
        key: &'a str,
        /// Where it is written.
        span: Span,
        /// The standard's Incident Recorder.
        ir: Span,
        /// The standard's column keys.
        candidates: Vec<&'a str>,
    },
    /// A word the standard's Incident Recorder does not have.
    Word {
        /// The word key.
        key: &'a str,
        /// Where it is written.
        span: Span,
        /// The standard's word keys.
        candidates: Vec<&'a str>,
    },
}

impl UnknownOverlayTarget<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::Form {
                id,
                span,
                candidates,
            } => Diagnostic::new(
                Code::E0081,
                *span,
                format!("the standard has no form `{id}`"),
            )
            .label("unknown form")
            .help(suggest(
                id,
                candidates.iter().copied(),
                "the standard's forms are in standard-forms/incident/ and standard-forms/case/",
            )),
            Self::OwnForm { what, id, span } => Diagnostic::new(
                Code::E0081,
                *span,
                format!("`{id}` is a {what} of the country's own, not one of the standard's"),
            )
            .label("declared by the country")
            .help(format!(
                "`hide form` leaves out a form of the standard; to leave out `{id}`, delete the country's `{what} {id}` declaration"
            )),
            Self::Field {
                written,
                id,
                form,
                span,
                candidates,
                after,
            } => {
                let otherwise = if *after {
                    "name a field of the same form"
                } else {
                    "write `<form>.<field>` with the ids of standard-forms/"
                };
                let what = match form {
                    Some(f) => format!("the form `{f}` has no field `{id}`"),
                    None => format!("the standard has no field `{id}`"),
                };
                Diagnostic::new(Code::E0081, *span, what)
                    .label("unknown field")
                    .help(suggest(
                        written,
                        candidates.iter().map(String::as_str),
                        otherwise,
                    ))
            }
            Self::AmbiguousField {
                id,
                span,
                forms,
                declared,
            } => {
                let list = forms
                    .iter()
                    .map(|f| format!("`{f}.{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut d = Diagnostic::new(
                    Code::E0081,
                    *span,
                    format!("several forms have a field `{id}`"),
                )
                .label("which one?")
                .help(format!("name the form too: {list}"));
                for span in declared {
                    d = d.with_secondary(*span, "declared here");
                }
                d
            }
            Self::OwnLookup {
                id,
                verb,
                span,
                declared,
            } => Diagnostic::new(
                Code::E0081,
                *span,
                format!("`{id}` is the country's own lookup, not a standard one"),
            )
            .label(format!("cannot {verb} it"))
            .with_secondary(*declared, "declared here")
            .help("change its declaration directly"),
            Self::TranslateWithoutId { keyword, span } => Diagnostic::new(
                Code::E0081,
                *span,
                format!("`translate {keyword}` needs the id of what it translates"),
            )
            .label("no id")
            .help(format!("write `translate {keyword} <id> {{ … }}`")),
            Self::NoIncidentRecorder { span } => {
                Diagnostic::new(Code::E0081, *span, "the standard has no Incident Recorder")
                    .label("nothing to translate")
                    .help("delete this declaration")
            }
            Self::Column {
                key,
                span,
                ir,
                candidates,
            } => Diagnostic::new(
                Code::E0081,
                *span,
                format!("the Incident Recorder has no column `{key}`"),
            )
            .label("unknown column")
            .with_secondary(*ir, "the standard's Incident Recorder")
            .help(suggest(
                key,
                candidates.iter().copied(),
                "translate only the standard's columns",
            )),
            Self::Word {
                key,
                span,
                candidates,
            } => Diagnostic::new(
                Code::E0081,
                *span,
                format!("the Incident Recorder has no word `{key}`"),
            )
            .label("unknown word")
            .help(suggest(
                key,
                candidates.iter().copied(),
                "translate only the standard's words",
            )),
        }
    }
}
