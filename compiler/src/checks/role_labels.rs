//! What a role is called decides who an administrator gives access to, so a country may not
//! reword it in the standard's own language (E0101), and no two roles may share a label in any
//! language (E0102): swapping "Caseworker" and "Supervisor" would hand identifying data to the
//! wrong people.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::model::{Model, SpanTable};

/// E0101: a country's `translate role` gives a label in the standard's default language.
pub(crate) struct RoleLabelReworded<'a> {
    pub role: &'a str,
    pub lang: &'a str,
    pub span: Span,
    pub standard: Option<Span>,
}

impl RoleLabelReworded<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::new(
            Code::E0101,
            self.span,
            format!(
                "a country cannot reword the `{}` label of the role `{}`",
                self.lang, self.role
            ),
        )
        .label("the standard's label of a role")
        .help(format!(
            "roles decide who sees identifying data, and administrators hand them out by name: \
             keep the standard's `{}` label and translate it into the country's other languages \
             only",
            self.lang
        ));
        match self.standard {
            Some(s) => d.with_secondary(s, "the standard's role"),
            None => d,
        }
    }
}

/// E0102: two roles with the same label in one language.
pub(crate) fn duplicate_role_label(model: &Model, spans: &SpanTable, sink: &mut Sink) {
    for (i, a) in model.roles.iter().enumerate() {
        for (j, b) in model.roles.iter().enumerate().skip(i + 1) {
            for (lang, label) in &a.label.0 {
                let same = b
                    .label
                    .get(lang.as_str())
                    .is_some_and(|l| l.trim().eq_ignore_ascii_case(label.trim()));
                if !same {
                    continue;
                }
                let d = Diagnostic::new(
                    Code::E0102,
                    spans.roles[j],
                    format!(
                        "the roles `{}` and `{}` are both called \"{label}\" in `{lang}`",
                        a.id, b.id
                    ),
                )
                .label("same label as another role")
                .with_secondary(spans.roles[i], "the other role")
                .help(format!(
                    "give `{}` a label of its own in `{lang}`: administrators choose roles by \
                     their labels, and a mix-up gives identifying data to the wrong people",
                    b.id
                ));
                sink.push(d);
            }
        }
    }
}
