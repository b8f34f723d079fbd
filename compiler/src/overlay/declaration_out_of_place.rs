//! E0085: a declaration in the wrong kind of configuration: a country declaration (`replace`,
//! `translate`, …) in a standard's file, or a standard declaration (`record`, `standard`) in a
//! country's (a country declares its own lookups, forms, subforms and roles). (A country's `incident_recorder` is E0082, see `incident_recorder_changed.rs`.)

use gbvims_dsl::ast::{Decl, DeclKind};

use super::keyword_span;
use crate::diagnostics::{Code, Diagnostic};

/// A declaration in the wrong configuration.
pub(crate) enum DeclarationOutOfPlace<'a> {
    /// A country declaration in a standard's file.
    InStandard(&'a Decl),
    /// A standard declaration in a country's file.
    InCountry(&'a Decl),
}

impl DeclarationOutOfPlace<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        match self {
            Self::InStandard(decl) => Diagnostic::new(
                Code::E0085,
                keyword_span(decl),
                format!(
                    "`{}` belongs to a country configuration, not to the standard",
                    decl.kind.keyword()
                ),
            )
            .label("country declaration in the standard")
            .help("move it to country-configs/<country>/country.gbv: a directory with country.gbv is checked as a country"),
            Self::InCountry(decl) => {
                let help = match &decl.kind {
                    DeclKind::Record(_) | DeclKind::Standard(_) => {
                        "records and the standard's header are the same in every country; reword a record's label with `translate record <id> { label: … }`, and add the country's own forms to a record with `form <prefix>_<id> in <record> { … }`"
                    }
                    _ => {
                        "a country changes the standard only with `replace`, `extend`, `translate`, `hide` and `add`"
                    }
                };
                country_declares(decl, Code::E0085).help(help)
            }
        }
    }
}

/// "a country configuration cannot declare `…`", for E0085 and E0082.
pub(crate) fn country_declares(decl: &Decl, code: Code) -> Diagnostic {
    Diagnostic::new(
        code,
        keyword_span(decl),
        format!(
            "a country configuration cannot declare `{}`",
            decl.kind.keyword()
        ),
    )
    .label("only the standard declares this")
}
