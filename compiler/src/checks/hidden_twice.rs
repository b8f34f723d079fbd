//! E0134: a country hides the same field (`hide field`) or form (`hide form`) twice: the second
//! line changes nothing, and deleting the first would not bring the field or form back.

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic};

/// E0134: a field or form hidden again (`what`: `field` or `form`), first hidden at `first`.
pub(crate) fn hidden_twice(what: &str, id: &str, span: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::E0134,
        span,
        format!("the {what} `{id}` is hidden twice"),
    )
    .label("hidden again")
    .with_secondary(first, "first hidden here")
    .help("delete this line: the first one already hides it")
}
