//! E0060 and E0061: an Incident Recorder column that reads identifying data, or a sensitive
//! quasi-identifier without the column saying it may. Fields are followed through calculations,
//! so a derived value cannot carry protected data into the IR.

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::model::{Expr, FieldIx, Model, SpanTable};

/// Every field an expression reads, directly, through the calculations of calculated fields and
/// through the relevance of the fields read ([`Model::effective_reads`]).
pub(crate) fn reads_transitively(model: &Model, e: &Expr) -> Vec<FieldIx> {
    model.effective_reads(e)
}

pub(crate) fn ir_reads_protected_data(model: &Model, spans: &SpanTable, sink: &mut Sink) {
    let Some(ir) = &model.incident_recorder else {
        return;
    };
    for (n, column) in ir.columns.iter().enumerate() {
        let Some(&(_, value_span)) = spans.ir_columns.get(n) else {
            continue;
        };
        let read = reads_transitively(model, &column.value);
        // One diagnostic per column: the field it reads first (directly, when it can).
        let direct = column.value.fields();
        let first = |pred: &dyn Fn(FieldIx) -> bool| {
            direct
                .iter()
                .copied()
                .find(|f| pred(*f))
                .or_else(|| read.iter().copied().find(|f| pred(*f)))
        };
        let identifying = first(&|f| model.field(f).flags.identifying);
        let sensitive = first(&|f| model.field(f).flags.sensitive);
        if let Some(f) = identifying.or(if column.allow_sensitive {
            None
        } else {
            sensitive
        }) {
            let field = model.field(f);
            if field.flags.identifying {
                sink.push(
                    Diagnostic::new(
                        Code::E0060,
                        value_span,
                        format!("the column `{}` reads `{}`, which identifies a person", column.key, field.id),
                    )
                    .label("identifying data in the Incident Recorder")
                    .with_secondary(spans.fields[f.index()], "identifying field")
                    .help("the Incident Recorder holds codes, dates and coded answers only: remove this field from the column"),
                );
            } else if field.flags.sensitive && !column.allow_sensitive {
                sink.push(
                    Diagnostic::new(
                        Code::E0061,
                        value_span,
                        format!("the column `{}` reads the sensitive field `{}`", column.key, field.id),
                    )
                    .label("sensitive data in the Incident Recorder")
                    .with_secondary(spans.fields[f.index()], "sensitive field")
                    .help("only date of birth and ethnicity may reach the IR, and only with `allow_sensitive` on the column"),
                );
            }
        }
    }
}
