//! E0105: the mobile forms are built for the one role that collects data (`collects_data`), so
//! a standard may mark at most one role, and must mark one when a form is `mobile`.

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::model::{Model, SpanTable};

pub(crate) fn collecting_role(model: &Model, spans: &SpanTable, sink: &mut Sink) {
    let collecting: Vec<usize> = (0..model.roles.len())
        .filter(|&r| model.roles[r].collects_data)
        .collect();
    if let [first, rest @ ..] = collecting.as_slice() {
        for &other in rest {
            sink.push(
                Diagnostic::new(
                    Code::E0105,
                    spans.roles[other],
                    format!(
                        "the roles `{}` and `{}` both collect data, but the forms on phones are built for one role",
                        model.roles[*first].id, model.roles[other].id
                    ),
                )
                .label("a second role with `collects_data`")
                .with_secondary(spans.roles[*first], "the first role that collects data")
                .help("keep `collects_data` on the one role whose staff fill in forms on phones (in the GBVIMS standard: `caseworker`)"),
            );
        }
        return;
    }
    let Some(n) = model.forms.iter().position(|f| f.mobile) else {
        return;
    };
    sink.push(
        Diagnostic::new(
            Code::E0105,
            spans.forms[n],
            format!(
                "the form `{}` is shown on phones (`mobile`), but no role collects data",
                model.forms[n].id
            ),
        )
        .label("a mobile form")
        .help("add `collects_data` to the role whose staff fill in forms on phones (in the GBVIMS standard: `caseworker`): the forms on phones show what that role sees"),
    );
}
