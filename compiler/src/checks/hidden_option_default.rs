//! E0133: a country hides an option (`hide option <option> in <lookup>`) that a field's `default`
//! fills in. The field would start with an answer nobody can choose; the error is the country's,
//! at its `hide option` line (not an invalid default of the standard, E0042).

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// A hidden option some field's default fills in.
pub(crate) struct HiddenOptionDefault<'a> {
    /// The lookup.
    pub lookup: &'a str,
    /// The option hidden.
    pub option: &'a str,
    /// The `hide option` line's option id.
    pub span: Span,
    /// The field's form and id.
    pub form: &'a str,
    /// The field.
    pub field: &'a str,
    /// Where the default is written.
    pub default: Span,
    /// The default is the standard's (a country cannot change it).
    pub in_standard: bool,
}

impl HiddenOptionDefault<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        let (option, form, field) = (self.option, self.form, self.field);
        let help = if self.in_standard {
            format!("keep `{option}` (delete this `hide option`): the standard fills it in as the first answer of `{form}.{field}`, and a country cannot change a standard field's default")
        } else {
            format!("give `{form}.{field}` another default (or none) in the country's file, or keep `{option}` (delete this `hide option`)")
        };
        Diagnostic::new(
            Code::E0133,
            self.span,
            format!(
                "`{option}` of `{}` is the default answer of `{form}.{field}`: it cannot be hidden",
                self.lookup
            ),
        )
        .label("a field's default")
        .with_secondary(self.default, "the default")
        .help(help)
    }
}
