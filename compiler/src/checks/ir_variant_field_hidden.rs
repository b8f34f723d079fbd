//! E0142: a country hides a field that an Incident Recorder variant it chooses reads. The column
//! would always be empty (the standard hides `age_type` by default; choosing the age-type variant
//! shows it again, unless the country hides it itself).

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// A hidden field a chosen variant needs.
pub(crate) struct IrVariantFieldHidden<'a> {
    /// The field hidden.
    pub field: &'a str,
    /// The form hidden with it (`hide form`), when it is a form that is hidden.
    pub form: Option<&'a str>,
    /// The `hide field` path or the `hide form` id.
    pub span: Span,
    /// The variant chosen.
    pub variant: &'a str,
    /// Its letter in Incident Data (`AC`).
    pub letter: &'a str,
    /// Where the country chooses it.
    pub chosen: Span,
}

impl IrVariantFieldHidden<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        let Self {
            field,
            form,
            span,
            variant,
            letter,
            chosen,
        } = self;
        let (message, line) = match form {
            None => (
                format!("`{field}` cannot be hidden: the Incident Recorder variant `{variant}` the country chooses reads it for column {letter}"),
                format!("this `hide field` line (choosing `{variant}` shows `{field}` on the forms)"),
            ),
            Some(form) => (
                format!("`{form}` cannot be hidden: its field `{field}` is read by the Incident Recorder variant `{variant}` the country chooses, for column {letter}"),
                "this `hide form` line (hide the form's other optional fields one by one instead)".to_string(),
            ),
        };
        Diagnostic::new(Code::E0142, *span, message)
            .label("read by the chosen variant")
            .with_secondary(*chosen, "the variant is chosen here")
            .help(format!(
                "remove {line}, or remove `{variant}` from `ir_variants:` to keep the standard's column"
            ))
    }
}
