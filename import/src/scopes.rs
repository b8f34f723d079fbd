//! The fields a display condition may read, as [`conditions::Fields`]: those of the dump (by
//! their Primero names, with the ids and options the overlay gives them) and those of the standard
//! (with the conditions the Primero target writes for them), per scope — the record, or the rows
//! of one subform.

use std::collections::BTreeMap;

use gbvims_compiler::model::{FieldIx, FieldKind, FormKind, Model, OptionSource, Scope};
use gbvims_targets::primero::conditions::Translator;
use gbvims_targets::primero::ids;

use crate::conditions::{self, Fields, Kind};
use crate::dump::{Dump, Field};
use crate::overlay::Decl;

/// The options of each list of the dump (and of the standard's lists it does not hold, under
/// the ids the Primero target stores them as), by Primero lookup id: `(stored id, the option's id in the overlay)`, in the list's order.
pub type Options = BTreeMap<String, Vec<(String, String)>>;

/// The options the overlay gives each list: a stored id declared with `stored_as` maps to its
/// option, any other id is the option's own.
#[must_use]
pub fn options(
    dump: &Dump,
    model: &Model,
    decls: &[Decl],
    lookup_ids: &BTreeMap<String, String>,
) -> Options {
    let mut stored: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for d in decls {
        if let Decl::ExtendLookup(l, options)
        | Decl::ReplaceLookup(l, options)
        | Decl::OwnLookup(l, _, options) = d
        {
            for o in options {
                if let Some(s) = &o.stored_as {
                    stored.insert((l.as_str(), s.as_str()), o.id.as_str());
                }
            }
        }
    }
    let mut out = Options::new();
    for (i, l) in model.lookups.iter().enumerate() {
        let lx = gbvims_compiler::model::LookupIx::from_index(i);
        if let Some(id) = model.lookup_id(lx) {
            let options = l
                .options
                .iter()
                .map(|o| (ids::option(model, lx, &o.id), o.id.to_string()))
                .collect();
            out.insert(id.to_string(), options);
        }
    }
    for l in &dump.lookups {
        let overlay = lookup_ids.get(&l.id).map_or(l.id.as_str(), String::as_str);
        let options = l
            .values
            .iter()
            .map(|o| {
                let id = stored
                    .get(&(overlay, o.id.as_str()))
                    .map_or_else(|| o.id.clone(), |id| (*id).to_string());
                (o.id.clone(), id)
            })
            .collect();
        out.insert(l.id.clone(), options);
    }
    out
}

/// What a dump field holds, as a condition reads it.
fn kind(d: &Field, options: &Options) -> Kind {
    match d.kind.as_str() {
        "radio_button" | "select_box" => match d.source.as_deref() {
            None => Kind::Select {
                multi: d.multi,
                options: d
                    .options
                    .iter()
                    .map(|o| (o.id.clone(), o.id.clone()))
                    .collect(),
            },
            Some(s) => match s.strip_prefix("lookup ") {
                Some(l) => Kind::Select {
                    multi: d.multi,
                    options: options.get(l).cloned().unwrap_or_default(),
                },
                None => Kind::Other(format!("{} ({s})", d.kind)),
            },
        },
        "tick_box" => Kind::TickBox,
        "numeric_field" => Kind::Integer,
        "date_field" if d.with_time => Kind::Other("date_field with time".into()),
        "date_field" => Kind::Date,
        "text_field" | "textarea" => Kind::Text,
        other => Kind::Other(other.to_string()),
    }
}

/// The fields of the dump's `forms` (one scope), keyed by Primero name; `id` gives a field's id
/// in the overlay.
pub fn dump_fields<'d>(
    forms: impl Iterator<Item = &'d crate::dump::Form>,
    options: &Options,
    id: &dyn Fn(&str) -> String,
) -> Fields {
    let mut out = Fields::new();
    for f in forms {
        for d in &f.fields {
            if out.contains_key(&d.name) {
                continue;
            }
            let condition = d
                .condition
                .as_ref()
                .and_then(|(_, json)| conditions::parse(json).ok().flatten());
            out.insert(
                d.name.clone(),
                conditions::Field {
                    id: id(&d.name),
                    kind: kind(d, options),
                    condition,
                },
            );
        }
    }
    out
}

/// The standard's fields read in the scope of `x` (its record's top-level forms, or its
/// subform's rows), keyed by Primero name, each with the condition the Primero target writes.
#[must_use]
pub fn model_fields(model: &Model, x: FieldIx) -> Fields {
    let scope = model.scope(x);
    let record = model.form(model.field(x).form).record;
    let translator = Translator::new(model, scope);
    let mut out = Fields::new();
    for (i, f) in model.fields.iter().enumerate() {
        let fx = FieldIx::from_index(i);
        let form = model.form(f.form);
        let here = match scope {
            Scope::Record => {
                form.record == record && matches!(form.kind, FormKind::TopLevel { .. })
            }
            Scope::Row(sub) => f.form == sub,
        };
        if !here {
            continue;
        }
        let kind = if f.calculate.is_some() {
            Kind::Other("calculated".into())
        } else {
            match &f.kind {
                FieldKind::Select {
                    multi,
                    source: OptionSource::Lookup(l),
                    ..
                } => Kind::Select {
                    multi: *multi,
                    options: model
                        .lookup(*l)
                        .options
                        .iter()
                        .map(|o| (ids::option(model, *l, &o.id), o.id.to_string()))
                        .collect(),
                },
                FieldKind::TickBox => Kind::TickBox,
                FieldKind::Integer => Kind::Integer,
                FieldKind::Date => Kind::Date,
                FieldKind::Text | FieldKind::TextArea => Kind::Text,
                other => Kind::Other(other.primero_type().to_string()),
            }
        };
        let condition = f
            .show_if
            .as_ref()
            .and_then(|e| translator.condition(e).ok());
        out.entry(ids::field(model, fx))
            .or_insert_with(|| conditions::Field {
                id: f.id.to_string(),
                kind,
                condition,
            });
    }
    out
}
