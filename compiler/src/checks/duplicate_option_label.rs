//! E0125: two options of one list with the same label in one language. An Incident Recorder
//! column, a report or a person choosing an answer tells options apart by their labels: two
//! options both reading "Other resident community member" split one answer into two columns
//! (or fold two answers into one), and nobody can tell which was meant.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// A label reduced to what a reader tells apart: letters and digits, in lower case (so
/// "Family Friend / Neighbor" and "family friend/neighbor" are the same label).
pub(crate) fn comparable(label: &str) -> String {
    label
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// E0125: `id`'s label in `lang` is the label of `other` in the same list.
pub(crate) struct DuplicateOptionLabel<'a> {
    pub id: &'a str,
    pub other: &'a str,
    pub owner: &'a str,
    pub lang: &'a str,
    pub label: &'a str,
    pub span: Span,
    pub other_span: Span,
}

impl DuplicateOptionLabel<'_> {
    pub(crate) fn diagnostic(&self) -> Diagnostic {
        Diagnostic::new(
            Code::E0125,
            self.span,
            format!(
                "the options `{}` and `{}` of {} are both labelled \"{}\" in `{}`",
                self.id, self.other, self.owner, self.label, self.lang
            ),
        )
        .label("same label as another option")
        .with_secondary(self.other_span, "the other option's label")
        .help(format!(
            "give `{}` a label of its own in `{}`: people choose answers and reports count them \
             by their labels, so two options with one label mix two answers",
            self.id, self.lang
        ))
    }
}
