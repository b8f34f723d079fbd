//! E0058: an identifying field made visible to a role that may not see identifying data (in the
//! standard, every role but the caseworker).

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::model::{Model, SpanTable};

pub(crate) fn identifying_visible_to_role(model: &Model, spans: &SpanTable, sink: &mut Sink) {
    for (n, f) in model.fields.iter().enumerate() {
        if !f.flags.identifying {
            continue;
        }
        for r in f.visible_to.iter().flatten() {
            let role = model.role(*r);
            if !role.sees_identifying {
                sink.push(
                    Diagnostic::new(
                        Code::E0058,
                        spans.fields[n],
                        format!("the identifying field `{}` is made visible to `{}`, a role that must not see identifying data", f.id, role.id),
                    )
                    .label("identifying field")
                    .with_secondary(spans.roles[r.index()], "this role does not have `sees_identifying`")
                    .help(format!("remove `{}` from `visible_to`", role.id)),
                );
            }
        }
    }
}
