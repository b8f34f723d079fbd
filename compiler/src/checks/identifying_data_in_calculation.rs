//! E0059: a calculation that is not marked identifying reads an identifying field. Its value could
//! carry identifying data into the short form, the Incident Recorder or an aggregate, where
//! identifying fields themselves are refused.

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::model::{Model, SpanTable};

pub(crate) fn identifying_data_in_calculation(model: &Model, spans: &SpanTable, sink: &mut Sink) {
    for (n, f) in model.fields.iter().enumerate() {
        let Some(calc) = &f.calculate else { continue };
        if f.flags.identifying {
            continue;
        }
        // Through other fields' relevance and calculations too (`model.effective_reads`).
        let read = model.effective_reads(calc);
        if let Some(source) = read.into_iter().find(|s| model.field(*s).flags.identifying) {
            sink.push(
                Diagnostic::new(
                    Code::E0059,
                    spans.field_exprs[n].calculate.unwrap_or(spans.fields[n]),
                    format!(
                        "`{}` is computed from the identifying field `{}`{} but is not identifying itself",
                        f.id,
                        model.field(source).id,
                        if calc.fields().contains(&source) {
                            ""
                        } else {
                            " (through the display conditions or calculations of the fields it reads)"
                        }
                    ),
                )
                .label("reads identifying data")
                .with_secondary(spans.fields[source.index()], "identifying field")
                .help(format!("mark `{}` as `identifying`, or compute it without `{}`", f.id, model.field(source).id)),
            );
        }
    }
}
