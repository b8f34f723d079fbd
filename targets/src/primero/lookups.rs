//! Named lookups as Primero `Lookup` objects (a field's own list is written on the field).

use gbvims_compiler::model::{LookupIx, LookupKind, Policy};

use super::types::{Lookup, OptionText};
use super::{ids, Ctx};

/// Every named lookup, in declaration order.
pub(crate) fn lookups(ctx: &mut Ctx) -> Vec<Lookup> {
    let model = ctx.model;
    let mut out = Vec::new();
    for (i, lookup) in model.lookups.iter().enumerate() {
        let LookupKind::Named(id) = &lookup.kind else {
            continue;
        };
        let lx = LookupIx::from_index(i);
        let span = ctx.checked.spans().lookups[i];
        let name = ctx.required(&lookup.name, span, &format!("the lookup `{id}`"));
        let values = lookup
            .options
            .iter()
            .map(|o| OptionText {
                id: ids::option(model, lx, &o.id),
                display_text: ctx.required(
                    &o.label,
                    span,
                    &format!("the option `{}` of `{id}`", o.id),
                ),
            })
            .collect();
        out.push(Lookup {
            unique_id: ids::lookup(model, lx).unwrap_or_else(|| id.to_string()),
            name_i18n: name,
            lookup_values_i18n: values,
            locked: lookup.policy == Policy::Fixed,
        });
    }
    out
}
