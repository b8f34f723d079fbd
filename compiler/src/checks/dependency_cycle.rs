//! E0044: calculations and conditions that depend on each other in a circle (a value that can
//! never be computed, and that ODK and Primero reject).

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::model::{Field, FieldIx, Form, FormKind, SpanTable};

/// The fields a field's value or visibility depends on: what its `show_if`, `required_if` and
/// `calculate` read, and the subform field showing its rows (a row field is relevant only when
/// its subform field is: `compiler::eval` reads it).
fn dependencies(field: &Field, forms: &[Form]) -> Vec<FieldIx> {
    let mut out = Vec::new();
    if let Some(FormKind::Subform {
        parent: Some(parent),
        ..
    }) = forms.get(field.form.index()).map(|f| &f.kind)
    {
        out.push(*parent);
    }
    for x in [&field.show_if, &field.required_if, &field.calculate]
        .into_iter()
        .flatten()
    {
        for f in x.fields() {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    out
}

/// Reports each cycle once, at its first field in declaration order.
pub(crate) fn dependency_cycle(
    fields: &[Field],
    forms: &[Form],
    spans: &SpanTable,
    sink: &mut Sink,
) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let deps: Vec<Vec<FieldIx>> = fields.iter().map(|f| dependencies(f, forms)).collect();
    let mut mark = vec![Mark::New; fields.len()];
    let mut reported: std::collections::BTreeSet<Vec<usize>> = std::collections::BTreeSet::new();
    for start in 0..fields.len() {
        if mark[start] != Mark::New {
            continue;
        }
        // Iterative DFS keeping the path, so a back edge gives the cycle.
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        mark[start] = Mark::Active;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            if let Some(&dep) = deps[node].get(*next) {
                *next += 1;
                let d = dep.index();
                match mark.get(d).copied() {
                    Some(Mark::New) => {
                        mark[d] = Mark::Active;
                        path.push((d, 0));
                    }
                    Some(Mark::Active) => {
                        let from = path.iter().position(|(n, _)| *n == d).unwrap_or(0);
                        let mut cycle: Vec<usize> = path[from..].iter().map(|(n, _)| *n).collect();
                        let min = cycle
                            .iter()
                            .enumerate()
                            .min_by_key(|(_, n)| **n)
                            .map_or(0, |(i, _)| i);
                        cycle.rotate_left(min);
                        if !reported.contains(&cycle) {
                            report(fields, spans, &cycle, sink);
                            reported.insert(cycle);
                        }
                    }
                    _ => {}
                }
            } else {
                mark[node] = Mark::Done;
                path.pop();
            }
        }
    }
}

fn report(fields: &[Field], spans: &SpanTable, cycle: &[usize], sink: &mut Sink) {
    let names: Vec<String> = cycle
        .iter()
        .map(|n| format!("`{}`", fields[*n].id))
        .collect();
    let chain = format!("{} → {}", names.join(" → "), names[0]);
    let first = cycle[0];
    let mut d = Diagnostic::new(
        Code::E0044,
        spans.fields[first],
        if cycle.len() == 1 {
            format!("`{}` depends on itself", fields[first].id)
        } else {
            format!("these fields depend on each other in a circle: {chain}")
        },
    )
    .label("part of the circle")
    .help("break the circle: one of these conditions or calculations must not read the others");
    for n in &cycle[1..] {
        d = d.with_secondary(spans.fields[*n], "also in the circle");
    }
    sink.push(d);
}
