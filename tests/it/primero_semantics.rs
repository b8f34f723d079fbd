//! Every display condition the Primero target writes means what `compiler::eval` computes: on
//! generated records (the seeded generator of `mobile_common`, stale answers to hidden
//! questions included), Primero's semantics (FACTS §8.4, written below as a small evaluator)
//! and `Evaluator::relevant_at` agree for every field that has a condition in the bundle.
//! Primero reads the records as stored (the aliases fixture country's stored keys and option
//! ids); eval reads them in the model's ids.

use gbvims_compiler::eval::Evaluator;
use gbvims_compiler::model::{Date, FieldIx, FieldKind, FormIx, FormKind, Model, RecordIx};
use gbvims_compiler::records::Validator;
use serde_json::{Map, Value as Json};

use crate::mobile::{compile_aliases, compile_country, compile_fixture};
use crate::mobile_common::{generate, seed, Rng};
use crate::primero::{build, json_file};

/// How many records per record type.
const RECORDS: usize = 250;

/// Primero's display-condition semantics (FACTS §8.4) on a record or a subform row.
fn primero_eval(c: &Json, data: &Map<String, Json>) -> bool {
    let obj = c.as_object().expect("one operator");
    let (op, arg) = obj.iter().next().expect("one operator");
    let operand = || {
        let o = arg.as_object().expect("{field: value}");
        let (field, value) = o.iter().next().expect("one field");
        (data.get(field).filter(|v| !v.is_null()), value)
    };
    match op.as_str() {
        "and" => arg
            .as_array()
            .unwrap()
            .iter()
            .all(|x| primero_eval(x, data)),
        "or" => arg
            .as_array()
            .unwrap()
            .iter()
            .any(|x| primero_eval(x, data)),
        "not" => !primero_eval(arg, data),
        // `eq` with false is also true when the field is missing; arrays compare whole.
        "eq" => match operand() {
            (None, v) => *v == Json::Bool(false),
            (Some(stored), v) => stored == v,
        },
        // On a multi-select: all listed ids selected; on a scalar: one of them.
        "in" => match operand() {
            (None, _) => false,
            (Some(Json::Array(stored)), Json::Array(list)) => {
                list.iter().all(|v| stored.contains(v))
            }
            (Some(stored), Json::Array(list)) => list.contains(stored),
            _ => panic!("`in` needs a list: {c}"),
        },
        "gt" | "ge" | "lt" | "le" => {
            let (stored, v) = operand();
            assert!(
                !v.is_array(),
                "an array operand is an error in Primero: {c}"
            );
            let order = match (stored, v) {
                (Some(Json::Number(a)), Json::Number(b)) => {
                    a.as_f64().unwrap().partial_cmp(&b.as_f64().unwrap())
                }
                // ISO date strings compare as dates.
                (Some(Json::String(a)), Json::String(b)) => {
                    match (
                        Date::parse_iso(a.get(..10).unwrap_or(a)),
                        Date::parse_iso(b),
                    ) {
                        (Some(a), Some(b)) => Some(a.cmp(&b)),
                        _ => None,
                    }
                }
                _ => None,
            };
            order.is_some_and(|o| match op.as_str() {
                "gt" => o.is_gt(),
                "ge" => o.is_ge(),
                "lt" => o.is_lt(),
                _ => o.is_le(),
            })
        }
        other => panic!("not a Primero operator: {other}"),
    }
}

/// Answers for the fields of a form (rows for its subform fields), stale ones included.
fn fill(model: &Model, form: FormIx, rng: &mut Rng, out: &mut Map<String, Json>) {
    for &f in &model.form(form).fields {
        let field = model.field(f);
        if let FieldKind::Subform { form: sub } = field.kind {
            let rows: Vec<Json> = (0..rng.below(4))
                .map(|_| {
                    let mut row = Map::new();
                    fill(model, sub, rng, &mut row);
                    Json::Object(row)
                })
                .collect();
            out.insert(field.id.to_string(), Json::Array(rows));
        } else if let Some(v) = generate(model, f, rng) {
            out.insert(field.id.to_string(), v);
        }
    }
}

/// The fields that have a display condition in the bundle, with it.
fn conditions(model: &Model, bundle: &Json) -> Vec<(FieldIx, Json)> {
    let mut out = Vec::new();
    for form in bundle["data"]["FormSection"].as_array().unwrap() {
        let fx = model
            .forms
            .iter()
            .position(|f| f.id.as_str() == form["unique_id"].as_str().unwrap())
            .unwrap();
        for f in form["fields_attributes"].as_array().unwrap() {
            for key in ["display_conditions_record", "display_conditions_subform"] {
                if !f[key].is_null() {
                    let ix = *model.forms[fx]
                        .fields
                        .iter()
                        .find(|x| model.stored_key(**x) == f["name"].as_str().unwrap())
                        .unwrap();
                    out.push((ix, f[key].clone()));
                }
            }
        }
    }
    out
}

/// Compares on `RECORDS` records per record type; returns how many conditions were checked and
/// how many of them were seen both true and false.
fn agree(compiled: &gbvims_compiler::Compiled, name: &str) -> (usize, usize) {
    let model = compiled.model().unwrap();
    let built = build(compiled, "iraq");
    let bundle = json_file(&built.artifacts, "configuration.json");
    let conds = conditions(model, &bundle);
    let today = Date::parse_iso("2026-06-15").unwrap();
    let mut rng = Rng(seed(name));
    let mut seen: Vec<(bool, bool)> = vec![(false, false); conds.len()];
    let mut mismatches = Vec::new();
    for (r, record) in model.records.iter().enumerate() {
        for n in 0..RECORDS {
            let mut data = Map::new();
            for &form in &record.forms {
                if matches!(model.form(form).kind, FormKind::TopLevel { .. }) {
                    fill(model, form, &mut rng, &mut data);
                }
            }
            let eval = Evaluator::new(model, &data, today);
            let stored = Validator::new(model, RecordIx::from_index(r)).to_stored(&data);
            for (i, (fx, cond)) in conds.iter().enumerate() {
                if model.form(model.field(*fx).form).record.index() != r {
                    continue;
                }
                let mut check = |primero: bool, gbvims: bool, at: &str| {
                    if primero != gbvims {
                        mismatches.push(format!(
                            "{} record {n}{at}: Primero {primero}, gbvims {gbvims}\n  {cond}\n  {}",
                            model.field(*fx).id,
                            Json::Object(data.clone())
                        ));
                    }
                    if gbvims {
                        seen[i].0 = true;
                    } else {
                        seen[i].1 = true;
                    }
                };
                match model.parent_field(*fx) {
                    None => check(primero_eval(cond, &stored), eval.relevant_at(*fx, None), ""),
                    Some(parent) => {
                        // Primero shows no row of a hidden subform: rows count where it is shown.
                        if !eval.relevant_at(parent, None) {
                            continue;
                        }
                        let rows = |record: &Map<String, Json>, key: &str| {
                            record
                                .get(key)
                                .and_then(Json::as_array)
                                .cloned()
                                .unwrap_or_default()
                        };
                        let ours = rows(&data, model.field(parent).id.as_str());
                        let theirs = rows(&stored, model.stored_key(parent));
                        for (k, (row, stored_row)) in ours.iter().zip(&theirs).enumerate() {
                            let row = row.as_object().unwrap();
                            let gbvims = eval.relevant_at(*fx, Some(row));
                            let primero = primero_eval(cond, stored_row.as_object().unwrap());
                            check(primero, gbvims, &format!(" row {k}"));
                        }
                    }
                }
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{name}: {} disagreements, the first:\n{}",
        mismatches.len(),
        mismatches
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    let both = seen.iter().filter(|(t, f)| *t && *f).count();
    (conds.len(), both)
}

#[test]
fn display_conditions_mean_what_eval_computes() {
    for country in ["iraq", "mali"] {
        let (checked, both) = agree(&compile_country(country), country);
        assert!(checked > 40, "{country}: only {checked} conditions written");
        // Not vacuous: most conditions are seen both holding and not holding.
        assert!(
            both * 10 >= checked * 9,
            "{country}: {both} of {checked} seen both ways"
        );
    }
    // The country whose records hold stored ids: conditions on legacy keys and aliased options.
    let aliases = compile_aliases();
    let (checked, both) = agree(&aliases, "aliases");
    assert!(checked > 40, "aliases: only {checked} conditions written");
    assert!(
        both * 10 >= checked * 9,
        "aliases: {both} of {checked} seen both ways"
    );
    let model = aliases.model().unwrap();
    let built = build(&aliases, "iraq");
    let written = conditions(model, &json_file(&built.artifacts, "configuration.json"));
    assert!(
        written.iter().any(|(fx, c)| model.field(*fx).is_aliased()
            && c.to_string().contains("\"service_provided\":\"yes\"")),
        "the condition on a legacy key and a stored id is written"
    );
    let (checked, both) = agree(
        &compile_fixture("tests/fixtures/primero/ok-expressed.gbv"),
        "ok-expressed",
    );
    assert_eq!((checked, both), (4, 4));
}
