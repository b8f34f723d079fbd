//! E0057: an identifying field on the short form. The short form is what users who may only
//! search or preview a record see (Primero's "minify" form); it must never show who a survivor is.

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::model::{Model, SpanTable};

pub(crate) fn identifying_on_short_form(model: &Model, spans: &SpanTable, sink: &mut Sink) {
    for (n, f) in model.fields.iter().enumerate() {
        if f.flags.identifying && f.flags.short_form {
            sink.push(
                Diagnostic::new(Code::E0057, spans.fields[n], format!("the identifying field `{}` is on the short form", f.id))
                    .label("identifying and on the short form")
                    .help("remove `short_form`: people who may only search or preview records must not see identifying data"),
            );
        }
    }
}
