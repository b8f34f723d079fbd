//! The differential of the web bundle against `compiler::eval`: on generated records, the JSON
//! Schemas' verdicts (must be answered, meets its constraint) and the visibility of every JSON
//! Forms rule equal `required_at`, `constraint_at` and `relevant_at`. The schemas and rules read
//! records as stored (a country's `stored_as`: the aliases fixture country is among the cases),
//! eval reads them in the model's ids.

use std::collections::{BTreeMap, BTreeSet};

use gbvims_compiler::eval::Evaluator;
use gbvims_compiler::model::{Date, FieldIx, FieldKind, Model, RecordIx};
use gbvims_compiler::records::Validator;
use gbvims_targets::web::schema::{self, Covered};
use gbvims_targets::web::uischema;
use serde_json::{Map, Value as Json};

use crate::mobile::{compile_aliases, compile_country, compile_fixture};
use crate::mobile_common::{seed, Rng};
use crate::web::{controls, generate_record, UiControl, COUNTRIES, FIXTURES};

/// A rule's verdict on one field of one object: `(path, rows)`, the row indices of each subform
/// on the way (none for a field of the record).
type Place = (String, Vec<usize>);

/// The rule a schema error comes from: the `$comment` nearest to its keyword (`required x`,
/// `constraint x`), or a `required` list; `None` for a value's type.
fn rule_of(schema: &Json, error: &jsonschema::ValidationError) -> Option<(String, Place)> {
    let segments: Vec<String> = pointer_segments(error.schema_path().as_str());
    let instance: Vec<String> = pointer_segments(error.instance_path().as_str());
    // `/a/0/b/1/c`: the rows 0 of `a` and 1 of `b`.
    let rows = |depth: usize| -> Vec<usize> {
        instance
            .iter()
            .skip(1)
            .step_by(2)
            .take(depth)
            .filter_map(|s| s.parse().ok())
            .collect()
    };
    for n in (0..=segments.len()).rev() {
        let pointer: String = segments[..n]
            .iter()
            .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
            .collect();
        if let Some(comment) = schema.pointer(&pointer).and_then(|s| s.get("$comment")) {
            let comment = comment.as_str().unwrap();
            if let Some((rule, path)) = comment.split_once(' ') {
                if rule == "required" || rule == "constraint" {
                    let depth = path.matches('/').count();
                    return Some((rule.to_string(), (path.to_string(), rows(depth))));
                }
            }
        }
    }
    if let jsonschema::error::ValidationErrorKind::Required { property } = error.kind() {
        let property = property.as_str().unwrap();
        if instance.len() % 2 == 1 {
            return Some(("type".into(), (property.to_string(), Vec::new())));
        }
        let mut path: Vec<&str> = instance.iter().step_by(2).map(String::as_str).collect();
        path.push(property);
        return Some((
            "required".into(),
            (path.join("/"), rows(instance.len() / 2)),
        ));
    }
    None
}

fn pointer_segments(p: &str) -> Vec<String> {
    p.split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// The row indices on the way to an object, and the object (`None` for the record).
type RowsAt<'r> = (Vec<usize>, Option<&'r Map<String, Json>>);

/// Every object a field at `path` is in, with the row indices on the way: the record itself, or
/// every row of its subform (of each row of the outer subform, …) — only through the rows of
/// subform fields eval finds relevant (the hidden-question rule: the rows of a hidden subform
/// are not asked).
fn objects_at<'r>(
    model: &Model,
    ev: &Evaluator<'_, 'r>,
    record: RecordIx,
    path: &str,
    top: &'r Map<String, Json>,
) -> Vec<RowsAt<'r>> {
    let names: Vec<&str> = path.split('/').collect();
    let mut out = vec![(Vec::new(), None::<&'r Map<String, Json>>)];
    let mut fields: Vec<FieldIx> = model
        .record(record)
        .forms
        .iter()
        .flat_map(|&f| model.form(f).fields.iter().copied())
        .collect();
    for name in &names[..names.len() - 1] {
        // Paths name fields by their stored keys; `top` is in the model's ids.
        let sub = *fields
            .iter()
            .find(|&&f| model.field(f).stored.as_str() == *name)
            .unwrap();
        let FieldKind::Subform { form } = model.field(sub).kind else {
            panic!("{path}")
        };
        let mut next = Vec::new();
        for (rows, obj) in out {
            if !ev.relevant_at(sub, obj) {
                continue;
            }
            let holder = obj.unwrap_or(top);
            for (n, row) in holder
                .get(model.field(sub).id.as_str())
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                if let Some(o) = row.as_object() {
                    let mut at = rows.clone();
                    at.push(n);
                    next.push((at, Some(o)));
                }
            }
        }
        out = next;
        fields.clone_from(&model.form(form).fields);
    }
    out
}

/// What eval says of one record: `(rule, place)` for every covered rule that fails.
fn eval_verdicts(
    model: &Model,
    record_type: RecordIx,
    covered: &[Covered],
    record: &Map<String, Json>,
) -> (BTreeSet<(String, Place)>, usize) {
    let ev = Evaluator::new(model, record, Date::parse_iso("2026-06-30").unwrap());
    let mut out = BTreeSet::new();
    let mut checked = 0;
    for c in covered {
        for (rows, row) in objects_at(model, &ev, record_type, &c.path, record) {
            checked += 1;
            let place = (c.path.clone(), rows);
            if c.required && ev.required_at(c.field, row) && ev.field_at(c.field, row).is_empty() {
                out.insert(("required".to_string(), place.clone()));
            }
            if c.constraint && !ev.constraint_at(c.field, row) {
                out.insert(("constraint".to_string(), place));
            }
        }
    }
    (out, checked)
}

/// What the differential counted.
#[derive(Default, Debug)]
struct Tally {
    records: usize,
    comparisons: usize,
    /// Failing verdicts by rule (`required`, `constraint`).
    failing: BTreeMap<String, usize>,
    /// UI rules evaluated, and how many showed their control.
    rules: (usize, usize),
    disagreements: Vec<String>,
}

/// Compares, on `count` generated records of each record type of `model`, the JSON Schema's
/// verdicts and the UI rules' visibility with eval's.
fn differential(name: &str, model: &Model, count: usize, tally: &mut Tally) {
    let mut rng = Rng(seed(&format!("web-{name}")));
    for (i, rec) in model.records.iter().enumerate() {
        let rx = RecordIx::from_index(i);
        let built = schema::build(model, rx);
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&built.schema)
            .unwrap();
        let ui = uischema::ui_schema(model, rx);
        let ctrls = controls(model, &ui);
        let compiled_rules: Vec<Option<jsonschema::Validator>> = ctrls
            .iter()
            .map(|c| {
                c.condition
                    .as_ref()
                    .map(|s| jsonschema::validator_for(s).unwrap())
            })
            .collect();
        for n in 0..count {
            let record = generate_record(model, rx, &mut rng);
            tally.records += 1;
            // The schema and the UI rules read the record as stored.
            let doc = Json::Object(Validator::new(model, rx).to_stored(&record));
            let mut schema_says = BTreeSet::new();
            for e in validator.iter_errors(&doc) {
                match rule_of(&built.schema, &e) {
                    Some((rule, place)) if rule != "type" => {
                        schema_says.insert((rule, place));
                    }
                    _ => panic!(
                        "{name} {} #{n}: a generated value is refused: {e} at {}",
                        rec.id,
                        e.instance_path()
                    ),
                }
            }
            let (eval_says, checked) = eval_verdicts(model, rx, &built.coverage, &record);
            tally.comparisons += checked;
            for (rule, _) in &eval_says {
                *tally.failing.entry(rule.clone()).or_default() += 1;
            }
            if schema_says != eval_says {
                tally.disagreements.push(format!(
                    "{name} {} #{n}: {:?} in {}",
                    rec.id,
                    schema_says
                        .symmetric_difference(&eval_says)
                        .collect::<Vec<_>>(),
                    doc
                ));
            }
            // The UI rules.
            let ev = Evaluator::new(model, &record, Date::parse_iso("2026-06-30").unwrap());
            let top: Vec<usize> = (0..ctrls.len())
                .filter(|&k| ctrls[k].parent.is_none())
                .collect();
            let ui = UiCheck {
                model,
                ev: &ev,
                record: &record,
                ctrls: &ctrls,
                rules: &compiled_rules,
                what: format!("{name} {} #{n}", rec.id),
            };
            ui.visit(&top, &doc, None, (true, true), tally);
        }
    }
}

/// The visibility of JSON Forms rules against eval's relevance, control by control, row by row.
struct UiCheck<'a, 'r> {
    model: &'a Model,
    ev: &'a Evaluator<'a, 'r>,
    /// The record in the model's ids, as `ev` reads it.
    record: &'r Map<String, Json>,
    ctrls: &'a [UiControl],
    rules: &'a [Option<jsonschema::Validator>],
    what: String,
}

impl<'r> UiCheck<'_, 'r> {
    /// Compares the controls `list`, evaluated on `data` (the record, or a row: `row`), whose
    /// enclosing array control is shown (`shown.0`, by the UI rules) and relevant (`shown.1`,
    /// by eval).
    fn visit(
        &self,
        list: &[usize],
        data: &'r Json,
        row: Option<&'r Map<String, Json>>,
        shown: (bool, bool),
        tally: &mut Tally,
    ) {
        for &k in list {
            let c = &self.ctrls[k];
            let f = self.model.field(c.field);
            if f.show_if.is_some() && c.condition.is_none() {
                continue; // not expressed: the preview evaluates rules.json
            }
            let ui = shown.0 && self.rules[k].as_ref().is_none_or(|v| v.is_valid(data));
            let eval = shown.1 && self.ev.relevant_at(c.field, row);
            tally.comparisons += 1;
            if c.condition.is_some() {
                tally.rules.0 += 1;
                tally.rules.1 += usize::from(ui);
            }
            if ui != eval {
                tally.disagreements.push(format!(
                    "{}: rule of {} (ui {ui}, eval {eval}) in {data}",
                    self.what, f.id
                ));
            }
            if matches!(f.kind, FieldKind::Subform { .. }) {
                let children: Vec<usize> = (0..self.ctrls.len())
                    .filter(|&j| self.ctrls[j].parent == Some(k))
                    .collect();
                // The same rows: stored for the UI rules, in the model's ids for eval.
                let model_rows = row
                    .unwrap_or(self.record)
                    .get(f.id.as_str())
                    .and_then(Json::as_array);
                for (n, r) in data
                    .get(f.stored.as_str())
                    .and_then(Json::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    let o = model_rows
                        .and_then(|rows| rows.get(n))
                        .and_then(Json::as_object);
                    if let Some(o) = o {
                        self.visit(&children, r, Some(o), (ui, eval), tally);
                    }
                }
            }
        }
    }
}

/// The differential: on generated records of both countries (their own fields included) and of
/// fixtures with required fields, `required_if`s, constraints and chains of `show_if`s, the JSON
/// Schema's verdicts (must be answered, meets its constraint) and the visibility of every JSON
/// Forms rule equal `compiler::eval`'s `required_at`, `constraint_at` and `relevant_at`.
#[test]
fn schema_verdicts_and_ui_rules_equal_eval() {
    let mut tally = Tally::default();
    for country in COUNTRIES {
        let compiled = compile_country(country);
        differential(country, compiled.model().unwrap(), 60, &mut tally);
    }
    let aliases = compile_aliases();
    differential("aliases", aliases.model().unwrap(), 60, &mut tally);
    assert!(tally.records >= 200, "{tally:?}");
    for fixture in FIXTURES {
        let compiled = compile_fixture(fixture);
        differential(fixture, compiled.model().expect(fixture), 150, &mut tally);
    }
    assert!(
        tally.disagreements.is_empty(),
        "{} disagreements:\n{}",
        tally.disagreements.len(),
        tally.disagreements.join("\n")
    );
    // Not vacuous: rules that fail, and rules that show and hide.
    assert!(tally.comparisons > 10_000, "{tally:?}");
    eprintln!("{tally:?}");
    assert!(
        tally.failing.get("constraint").copied().unwrap_or(0) > 100,
        "{tally:?}"
    );
    assert!(
        tally.failing.get("required").copied().unwrap_or(0) > 100,
        "{tally:?}"
    );
    assert!(
        tally.rules.0 > 1000 && tally.rules.1 > 300 && tally.rules.1 + 300 < tally.rules.0,
        "{tally:?}"
    );
}
