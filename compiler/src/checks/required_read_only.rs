//! W0004: a required field that nobody can fill (read-only, no default, no calculation).

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::model::{Model, SpanTable};

pub(crate) fn required_read_only(model: &Model, spans: &SpanTable, sink: &mut Sink) {
    for (n, f) in model.fields.iter().enumerate() {
        if f.flags.required && f.flags.read_only && f.default.is_none() && f.calculate.is_none() {
            sink.push(
                Diagnostic::new(
                    Code::W0004,
                    spans.fields[n],
                    format!(
                        "`{}` is required but read-only, so nobody can fill it",
                        f.id
                    ),
                )
                .label("required and read-only")
                .help("remove `read_only`, remove `required`, or give it a `default`"),
            );
        }
    }
}
