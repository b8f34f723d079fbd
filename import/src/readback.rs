//! What the importer does with a field's display condition and calculation: a field of the
//! country's own gets its `show_if:` and `calculate:` ([`own_condition`], [`own_calculation`]); a
//! standard field's condition is compared with the one the Primero target writes for the
//! standard's `show_if` ([`standard_condition`]), since an overlay cannot change it.

use std::collections::BTreeMap;

use gbvims_compiler::model::{FieldIx, Func, Model};
use gbvims_targets::primero::conditions::{Cond, Translator};
use serde_json::Value as Json;

use crate::conditions::{self, Fields, Reading};
use crate::dump::Field;
use crate::scopes;

/// What the report says about a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Said {
    /// Not carried over (W0017): why.
    Left(String),
    /// Carried over with a difference of meaning: what it is.
    Note(String),
    /// A standard field Primero shows always, which the standard shows under a condition.
    ShownAlways,
}

/// The key a field's condition must be under: `display_conditions_subform` inside a subform.
fn expected_key(nested: bool) -> &'static str {
    if nested {
        "display_conditions_subform"
    } else {
        "display_conditions_record"
    }
}

/// The condition of `d`, parsed, or why not.
fn parsed(d: &Field, nested: bool) -> Result<Option<Cond>, String> {
    let Some((key, json)) = &d.condition else {
        return Ok(None);
    };
    if *key != expected_key(nested) {
        return Err(format!(
            "its condition is under `{key}`, where a field {} has `{}`",
            if nested {
                "of subform rows"
            } else {
                "of a top-level form"
            },
            expected_key(nested)
        ));
    }
    conditions::parse(json)
}

fn raw(d: &Field) -> String {
    d.condition
        .as_ref()
        .map_or_else(String::new, |(_, json)| compact(json))
}

fn compact(json: &Json) -> String {
    serde_json::to_string(json).unwrap_or_default()
}

fn unguarded_note(r: &Reading) -> Option<Said> {
    (!r.unguarded.is_empty()).then(|| {
        let names: Vec<String> = r.unguarded.iter().map(|n| format!("`{n}`")).collect();
        Said::Note(format!(
            "its `show_if: {}` reads {}, shown only under a condition of {} own that Primero's condition does not repeat: gbvims reads a hidden question as empty, Primero reads its stored answer (they differ only on an answer left behind when the question was hidden)",
            r.expr,
            names.join(", "),
            if names.len() == 1 { "its" } else { "their" }
        ))
    })
}

/// The `show_if:` of a field of the country's own, and what the report says.
#[must_use]
pub fn own_condition(d: &Field, nested: bool, scope: &Fields) -> (Option<String>, Vec<Said>) {
    let reading = parsed(d, nested).and_then(|c| match c {
        None => Ok(None),
        Some(c) => conditions::read(&c, scope).map(Some),
    });
    match reading {
        Ok(None) => (None, Vec::new()),
        Ok(Some(r)) => (Some(r.expr.to_string()), unguarded_note(&r).into_iter().collect()),
        Err(why) => (
            None,
            vec![Said::Left(format!(
                "has a display condition in Primero that is not read back ({why}): `{}`; write it as `show_if` by hand",
                raw(d)
            ))],
        ),
    }
}

/// The `calculate:` of a `calculated` field of the country's own, and what the report says.
#[must_use]
pub fn own_calculation(d: &Field, scope: &Fields) -> (Option<String>, Vec<Said>) {
    let Some(json) = &d.calculation else {
        return (
            None,
            vec![Said::Left(
                "a calculated field without a calculation: written as a number field; add `calculate:` by hand".into(),
            )],
        );
    };
    match conditions::calculation(json, scope) {
        Ok(c) => {
            let difference = if c.function == Func::Sum {
                "Primero counts an unanswered question as 0, gbvims skips it, and gives no value when none is answered"
            } else {
                "Primero counts an unanswered question as 0 and divides by every question, gbvims skips it and divides by the questions answered (and gives no value when none is answered)"
            };
            (
                Some(c.to_string()),
                vec![Said::Note(format!(
                    "`calculate: {c}` read back from Primero's `{}`: {difference}; the score differs when a question is left unanswered, or is hidden by its display condition (gbvims reads a hidden question as empty, Primero keeps its stored answer)",
                    c.function.name()
                ))],
            )
        }
        Err(why) => (
            None,
            vec![Said::Left(format!(
                "a calculated field whose calculation is not read back ({why}): `{}`; written as a number field, add `calculate:` by hand",
                compact(json)
            ))],
        ),
    }
}

/// The standard's fields of each scope, with the target's conditions (built once per scope).
#[derive(Default)]
pub struct StandardScopes(BTreeMap<String, Fields>);

impl StandardScopes {
    fn of(&mut self, model: &Model, x: FieldIx) -> &Fields {
        let key = match model.scope(x) {
            gbvims_compiler::model::Scope::Record => {
                format!("record {}", model.form(model.field(x).form).record.index())
            }
            gbvims_compiler::model::Scope::Row(f) => format!("row {}", f.index()),
        };
        self.0
            .entry(key)
            .or_insert_with(|| scopes::model_fields(model, x))
    }
}

/// What the report says about the display condition of the standard field `x`, shown in Primero
/// as `d` (`None`: the same as the target writes).
#[must_use]
pub fn standard_condition(
    model: &Model,
    x: FieldIx,
    d: &Field,
    nested: bool,
    scope: &Fields,
    standard: &mut StandardScopes,
) -> Option<Said> {
    let keeps = "an overlay cannot change the condition of a standard field: the overlay keeps the standard's";
    let dump = match parsed(d, nested) {
        Ok(c) => c,
        Err(why) => {
            return Some(Said::Left(format!(
                "has a display condition in Primero that is not read back ({why}): `{}`; {keeps}",
                raw(d)
            )))
        }
    };
    let show = |r: &Result<Reading, String>| match r {
        Ok(r) => format!("`{}`", r.expr),
        Err(why) => format!("`{}` ({why})", raw(d)),
    };
    let field = model.field(x);
    let target = field
        .show_if
        .as_ref()
        .map(|e| Translator::new(model, model.scope(x)).condition(e));
    match (target, dump) {
        (None | Some(Err(_)), None) => None,
        (None, Some(c)) => Some(Said::Left(format!(
            "has a display condition in Primero, {}, that the standard does not have; {keeps}",
            show(&conditions::read(&c, scope))
        ))),
        (Some(Err(refusal)), Some(c)) => Some(Said::Left(format!(
            "has a display condition in Primero, {}, where the standard's condition has no Primero form ({}); {keeps}",
            show(&conditions::read(&c, scope)),
            refusal.0
        ))),
        (Some(Ok(_)), None) => Some(Said::ShownAlways),
        (Some(Ok(t)), Some(c)) => {
            let ours = conditions::read(&t, standard.of(model, x));
            let theirs = conditions::read(&c, scope);
            if t == c || conditions::same(&ours, &theirs) {
                return None;
            }
            let ours = match &ours {
                Ok(r) => format!("`{}`", r.expr),
                Err(_) => "the standard's".into(),
            };
            Some(Said::Left(format!(
                "its display condition in Primero, {}, differs from the standard's, {ours}; {keeps}",
                show(&theirs)
            )))
        }
    }
}

/// What the report says about the calculation of a standard field (none is read back).
#[must_use]
pub fn standard_calculation(d: &Field) -> Option<Said> {
    d.calculation.as_ref().map(|json| {
        Said::Left(format!(
            "has a calculation in Primero, `{}`, which the importer does not carry to a standard field: the standard's definition of the field stays",
            compact(json)
        ))
    })
}
