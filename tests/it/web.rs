//! The web target on the example countries: snapshots of the bundle, records validated with the
//! jsonschema crate (and with ajv: `web_ajv`), the differential of the JSON Schemas' verdicts and
//! the UI rules' visibility against `compiler::eval`, and the confidentiality of what the bundle
//! says to each role.

use std::collections::{BTreeMap, BTreeSet};

use gbvims_compiler::eval::Evaluator;
use gbvims_compiler::model::{Date, FieldIx, FieldKind, Model, RecordIx, RoleIx, Scope};
use gbvims_targets::web::schema::{self, Covered};
use gbvims_targets::web::{uischema, Web};
use gbvims_targets::{Artifact, Options, Target};
use serde_json::{json, Map, Value as Json};

use crate::common;
use crate::mobile::{compile_country, compile_fixture};
use crate::mobile_common::{generate, seed, Rng};

pub const COUNTRIES: [&str; 2] = ["iraq", "mali"];

/// The web bundle of an example country.
pub fn bundle(country: &str) -> (gbvims_compiler::Compiled, Vec<Artifact>) {
    let compiled = compile_country(country);
    let files = Web
        .emit(
            compiled.checked().expect("checks clean"),
            &Options::default(),
        )
        .expect("the web target emits");
    (compiled, files)
}

fn json_of(files: &[Artifact], path: &str) -> Json {
    let a = files
        .iter()
        .find(|a| a.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    serde_json::from_slice(&a.bytes).unwrap()
}

fn text_of<'a>(files: &'a [Artifact], path: &str) -> &'a str {
    let a = files.iter().find(|a| a.path == path).unwrap();
    std::str::from_utf8(&a.bytes).unwrap()
}

#[test]
fn example_countries_bundles() {
    for country in COUNTRIES {
        let (_, files) = bundle(country);
        let names: Vec<&str> = files.iter().map(|a| a.path.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "a path twice: {names:?}");
        for a in &files {
            if a.path.ends_with(".json") && a.path != "rules.json" {
                common::assert_snapshot(
                    &format!("web__bundle@{country}-{}", a.path.replace('/', "-")),
                    std::str::from_utf8(&a.bytes).unwrap(),
                );
            }
        }
        // Deterministic: a second build gives the same bytes.
        assert_eq!(bundle(country).1, files);
        // bundle.json names every file there is, and its own schema accepts it.
        let index = json_of(&files, "bundle.json");
        let mut named: Vec<String> = [
            "rules",
            "lookups",
            "locations",
            "roles",
            "evaluator",
            "preview",
        ]
        .iter()
        .map(|k| index[k].as_str().unwrap().to_string())
        .collect();
        for r in index["records"].as_array().unwrap() {
            named.push(r["schema"].as_str().unwrap().into());
            named.push(r["uischema"].as_str().unwrap().into());
        }
        for p in index["translations"].as_object().unwrap().values() {
            named.push(p.as_str().unwrap().into());
        }
        for p in &named {
            assert!(names.contains(&p.as_str()), "{p} is not in the bundle");
        }
        for (file, schema) in [
            ("bundle.json", "web-bundle.schema.json"),
            ("lookups.json", "web-lookups.schema.json"),
            ("locations.json", "web-locations.schema.json"),
            ("roles.json", "web-roles.schema.json"),
        ] {
            let schema: Json = serde_json::from_str(
                &std::fs::read_to_string(
                    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("targets/schema")
                        .join(schema),
                )
                .unwrap(),
            )
            .unwrap();
            let v = jsonschema::validator_for(&schema).unwrap();
            let doc = json_of(&files, file);
            let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{file}: {errors:?}");
        }
        // Every record schema is a valid draft-07 schema.
        for r in index["records"].as_array().unwrap() {
            let s = json_of(&files, r["schema"].as_str().unwrap());
            assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
            assert!(jsonschema::draft7::meta::is_valid(&s));
        }
        // Arabic is written right to left.
        if country == "iraq" {
            assert_eq!(
                index["languages"][1],
                json!({"code": "ar", "direction": "rtl"})
            );
            assert!(text_of(&files, "i18n/ar.json").contains("\"record.incident.label\""));
        }
    }
}

/// A record of `record` with an answer (or none) for every field, stale answers to hidden
/// questions included, and 0 to 3 rows per subform.
pub fn generate_record(model: &Model, record: RecordIx, rng: &mut Rng) -> Map<String, Json> {
    let fields: Vec<FieldIx> = model
        .record(record)
        .forms
        .iter()
        .flat_map(|&f| model.form(f).fields.iter().copied())
        .collect();
    let mut out = Map::new();
    fill(model, &fields, rng, &mut out);
    out
}

fn fill(model: &Model, fields: &[FieldIx], rng: &mut Rng, out: &mut Map<String, Json>) {
    for &fx in fields {
        let f = model.field(fx);
        if out.contains_key(f.id.as_str()) {
            continue;
        }
        if let FieldKind::Subform { form } = f.kind {
            let rows: Vec<Json> = (0..rng.below(4))
                .map(|_| {
                    let mut row = Map::new();
                    fill(model, &model.form(form).fields, rng, &mut row);
                    Json::Object(row)
                })
                .collect();
            out.insert(f.id.to_string(), Json::Array(rows));
        } else if let Some(v) = generate(model, fx, rng) {
            // Several users are a list (Primero's `assigned_user_names`).
            let v = match (&f.kind, v) {
                (FieldKind::Select { multi: true, .. }, Json::String(s)) => json!([s]),
                (_, v) => v,
            };
            out.insert(f.id.to_string(), v);
        }
    }
}

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
        let sub = *fields
            .iter()
            .find(|&&f| model.field(f).id.as_str() == *name)
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
                .get(*name)
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

/// Every control of a UI schema with a rule, its field, and its rule's condition; `parent`: the
/// subform control it is in.
struct UiControl {
    field: FieldIx,
    condition: Option<Json>,
    parent: Option<usize>,
}

fn controls(model: &Model, ui: &Json) -> Vec<UiControl> {
    fn walk(model: &Model, e: &Json, parent: Option<usize>, out: &mut Vec<UiControl>) {
        if e["type"] == "Control" {
            let key = e["i18n"].as_str().unwrap();
            let mut parts = key.splitn(3, '.').skip(1);
            let (form, field) = (parts.next().unwrap(), parts.next().unwrap());
            let fx = model
                .fields
                .iter()
                .position(|f| f.id.as_str() == field && model.form(f.form).id.as_str() == form)
                .map(FieldIx::from_index)
                .unwrap();
            out.push(UiControl {
                field: fx,
                condition: e.get("rule").map(|r| {
                    assert_eq!(r["effect"], "SHOW");
                    assert_eq!(r["condition"]["scope"], "#");
                    r["condition"]["schema"].clone()
                }),
                parent,
            });
            let me = out.len() - 1;
            if let Some(d) = e.get("options").and_then(|o| o.get("detail")) {
                walk(model, d, Some(me), out);
            }
        }
        for c in e["elements"].as_array().into_iter().flatten() {
            walk(model, c, parent, out);
        }
    }
    let mut out = Vec::new();
    walk(model, ui, None, &mut out);
    out
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
            let doc = Json::Object(record.clone());
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
                for r in data
                    .get(f.id.as_str())
                    .and_then(Json::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let Some(o) = r.as_object() {
                        self.visit(&children, r, Some(o), (ui, eval), tally);
                    }
                }
            }
        }
    }
}

/// The fixtures of the differential besides the example countries.
const FIXTURES: [&str; 4] = [
    "tests/fixtures/web/conditions.gbv",
    "tests/fixtures/web/rules.gbv",
    "tests/fixtures/mobile/operators.gbv",
    "tests/fixtures/eval/hidden-questions.gbv",
];

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

/// The fields a condition schema reads: its `properties` and `required` names, at any depth
/// (a condition never goes into rows).
fn names_read(schema: &Json, out: &mut BTreeSet<String>) {
    match schema {
        Json::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("properties", Json::Object(props)) => {
                        for (name, s) in props {
                            out.insert(name.clone());
                            names_read(s, out);
                        }
                    }
                    ("required", Json::Array(names)) => {
                        out.extend(names.iter().filter_map(|n| n.as_str().map(str::to_string)));
                    }
                    _ => names_read(v, out),
                }
            }
        }
        Json::Array(items) => items.iter().for_each(|i| names_read(i, out)),
        _ => {}
    }
}

/// The field `name` read in the object holding `near` (the record, or the same subform row).
fn field_near(model: &Model, near: FieldIx, name: &str) -> FieldIx {
    let scope = model.scope(near);
    FieldIx::from_index(
        model
            .fields
            .iter()
            .enumerate()
            .position(|(n, f)| {
                f.id.as_str() == name
                    && model.scope(FieldIx::from_index(n)) == scope
                    && (scope != Scope::Record
                        || model.form(f.form).record == model.form(model.field(near).form).record)
            })
            .unwrap_or_else(|| panic!("no field {name} near {}", model.field(near).id)),
    )
}

/// Confidentiality: `roles.json` lists a field for a role only when the role sees it, and no
/// UI rule or schema rule of a field a role sees reads an identifying field that role may not
/// see (an oracle).
#[test]
fn no_role_learns_an_identifying_field_it_may_not_see() {
    for country in [COUNTRIES[0], COUNTRIES[1], FIXTURES[0]] {
        let compiled = if country.ends_with(".gbv") {
            compile_fixture(country)
        } else {
            compile_country(country)
        };
        let files = Web
            .emit(compiled.checked().unwrap(), &Options::default())
            .unwrap();
        let model = compiled.model().unwrap();
        let roles = json_of(&files, "roles.json");
        let mut identifying_listed = 0;
        for role in roles["roles"].as_array().unwrap() {
            let rx = RoleIx::from_index(
                model
                    .roles
                    .iter()
                    .position(|r| r.id.as_str() == role["id"].as_str().unwrap())
                    .unwrap(),
            );
            for (rec, fields) in role["fields"].as_object().unwrap() {
                let record = model
                    .records
                    .iter()
                    .position(|r| r.id.as_str() == rec)
                    .unwrap();
                for path in fields.as_array().unwrap() {
                    let path = path.as_str().unwrap();
                    let mut near: Option<FieldIx> = None;
                    for name in path.split('/') {
                        let fx = match near {
                            None => FieldIx::from_index(
                                model
                                    .fields
                                    .iter()
                                    .position(|f| {
                                        f.id.as_str() == name
                                            && model.form(f.form).record.index() == record
                                            && matches!(
                                                model.form(f.form).kind,
                                                gbvims_compiler::model::FormKind::TopLevel { .. }
                                            )
                                    })
                                    .unwrap(),
                            ),
                            Some(sub) => match model.field(sub).kind {
                                FieldKind::Subform { form } => *model
                                    .form(form)
                                    .fields
                                    .iter()
                                    .find(|&&f| model.field(f).id.as_str() == name)
                                    .unwrap(),
                                _ => panic!("{path}"),
                            },
                        };
                        assert!(
                            model.roles_seeing(fx).contains(&rx),
                            "{country}: {} may not see {path}",
                            model.role(rx).id
                        );
                        if model.field(fx).flags.identifying {
                            assert!(model.role(rx).sees_identifying);
                            identifying_listed += 1;
                        }
                        near = Some(fx);
                    }
                }
            }
        }
        assert!(identifying_listed > 0, "the test reads identifying fields");
        let check = |owner: FieldIx, schema: &Json, what: &str| {
            let mut names = BTreeSet::new();
            names_read(schema, &mut names);
            let audience = model.roles_seeing(owner);
            for name in names {
                let read = field_near(model, owner, &name);
                if model.field(read).flags.identifying {
                    let seeing = model.roles_seeing(read);
                    for r in &audience {
                        assert!(
                            seeing.contains(r),
                            "{country}: the {what} of {} reads {name}, which {} may not see",
                            model.field(owner).id,
                            model.role(*r).id
                        );
                    }
                }
            }
        };
        for (i, _) in model.records.iter().enumerate() {
            let rx = RecordIx::from_index(i);
            for c in controls(model, &uischema::ui_schema(model, rx)) {
                if let Some(cond) = &c.condition {
                    check(c.field, cond, "UI rule");
                }
            }
            let built = schema::build(model, rx);
            let mut entries = Vec::new();
            collect_rules(&built.schema, &mut entries);
            assert!(!entries.is_empty() || country != "iraq");
            for (rule, path, entry) in entries {
                let owner = built
                    .coverage
                    .iter()
                    .find(|c| c.path == path)
                    .map(|c| c.field);
                let owner = owner.unwrap_or_else(|| {
                    // A subform's `rows` entry: its owner is the subform field.
                    FieldIx::from_index(
                        model
                            .fields
                            .iter()
                            .position(|f| f.id.as_str() == path && model.form(f.form).record == rx)
                            .unwrap(),
                    )
                });
                let read = if rule == "rows" {
                    entry["if"].clone()
                } else {
                    json!([entry["if"], entry["then"], entry["properties"]])
                };
                check(owner, &read, "schema rule");
            }
        }
    }
    // The fixture's `after_note` is shown to the supervisor, and its `show_if` reads `note`, whose
    // own `show_if` reads the survivor's name: no JSON Forms rule for it (rules.json has it).
    let compiled = compile_fixture(FIXTURES[0]);
    let model = compiled.model().unwrap();
    let ui = uischema::ui_schema(model, RecordIx::from_index(0));
    let rule_of = |id: &str| {
        controls(model, &ui)
            .into_iter()
            .find(|c| model.field(c.field).id.as_str() == id)
            .unwrap()
            .condition
    };
    assert!(rule_of("note").is_some());
    assert!(rule_of("after_note").is_none());
}

/// Every `allOf` entry tagged by a rule: `(rule, path, entry)`.
fn collect_rules(schema: &Json, out: &mut Vec<(String, String, Json)>) {
    match schema {
        Json::Object(m) => {
            if let Some((rule, path)) = m
                .get("$comment")
                .and_then(Json::as_str)
                .and_then(|c| c.split_once(' '))
            {
                if ["required", "constraint", "rows"].contains(&rule) {
                    out.push((rule.to_string(), path.to_string(), schema.clone()));
                }
            }
            m.values().for_each(|v| collect_rules(v, out));
        }
        Json::Array(items) => items.iter().for_each(|i| collect_rules(i, out)),
        _ => {}
    }
}

/// The good and bad records of `tests/fixtures/web/records.json`, each with its schema's name
/// (`<config>:<record>`), and the schemas.
struct RecordCases {
    schemas: BTreeMap<String, Json>,
    cases: Vec<(String, String, Json, Vec<String>)>,
}

fn record_cases() -> RecordCases {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/web/records.json");
    let list: Vec<Json> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut models: BTreeMap<String, gbvims_compiler::Compiled> = BTreeMap::new();
    let mut out = RecordCases {
        schemas: BTreeMap::new(),
        cases: Vec::new(),
    };
    for case in list {
        let config = case["config"].as_str().unwrap();
        let record = case["record"].as_str().unwrap();
        let compiled = models.entry(config.to_string()).or_insert_with(|| {
            if config.ends_with(".gbv") {
                compile_fixture(config)
            } else {
                compile_country(config)
            }
        });
        let model = compiled.model().unwrap();
        let rx = RecordIx::from_index(
            model
                .records
                .iter()
                .position(|r| r.id.as_str() == record)
                .unwrap(),
        );
        let name = format!("{config}:{record}");
        out.schemas
            .entry(name.clone())
            .or_insert_with(|| schema::record_schema(model, rx));
        let errors = case["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_str().unwrap().to_string())
            .collect();
        out.cases.push((
            case["name"].as_str().unwrap().to_string(),
            name,
            case["data"].clone(),
            errors,
        ));
    }
    out
}

/// The path an error names: the value's, or the missing property's for `required`.
fn named_path(e: &jsonschema::ValidationError) -> String {
    match e.kind() {
        jsonschema::error::ValidationErrorKind::Required { property } => {
            format!(
                "{}/{}",
                e.instance_path(),
                property.as_str().unwrap_or_default()
            )
        }
        _ => e.instance_path().to_string(),
    }
}

/// What the jsonschema crate says of each case: the paths its errors name, and its messages.
fn crate_verdicts(cases: &RecordCases) -> Vec<(Vec<String>, Vec<String>)> {
    let validators: BTreeMap<&String, jsonschema::Validator> = cases
        .schemas
        .iter()
        .map(|(name, s)| {
            (
                name,
                jsonschema::options()
                    .should_validate_formats(true)
                    .build(s)
                    .unwrap(),
            )
        })
        .collect();
    cases
        .cases
        .iter()
        .map(|(_, schema, data, _)| {
            let errors: Vec<jsonschema::ValidationError> =
                validators[schema].iter_errors(data).collect();
            let paths: BTreeSet<String> = errors.iter().map(named_path).collect();
            let messages = errors
                .iter()
                .map(|e| format!("{}: {e}", named_path(e)))
                .collect();
            (paths.into_iter().collect(), messages)
        })
        .collect()
}

/// Good and bad records against the generated schemas (jsonschema crate): each error names the
/// field's path (`/alleged_perpetrator/1/age_group`), and exactly the expected fields are wrong.
#[test]
fn records_are_validated_with_messages_naming_the_field() {
    let cases = record_cases();
    let mut report = String::new();
    for ((name, schema, _, expected), (paths, messages)) in
        cases.cases.iter().zip(crate_verdicts(&cases))
    {
        assert_eq!(&paths, expected, "{name}: {messages:#?}");
        report.push_str(&format!("{name} ({schema})\n"));
        for m in messages {
            report.push_str(&format!("  {m}\n"));
        }
    }
    common::assert_snapshot("web__records", &report);
}

/// The interop test's node script, or `None` (with the reason printed) when node or the npm
/// packages of `interop/ajv` are missing; under `CI=true` that is a failure.
fn ajv_or_skip() -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("interop/ajv");
    let node = std::process::Command::new("node").arg("--version").output();
    let why = if !node.is_ok_and(|o| o.status.success()) {
        Some("node is not installed".to_string())
    } else if !dir.join("node_modules/ajv").is_dir()
        || !dir.join("node_modules/ajv-formats").is_dir()
    {
        Some(format!(
            "{} is missing: run `bash interop/ajv/setup.sh`",
            dir.join("node_modules").display()
        ))
    } else {
        None
    };
    match why {
        None => Some(dir.join("validate.mjs")),
        Some(why) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("ajv is required under CI=true: {why}")
        }
        Some(why) => {
            eprintln!("skipped: {why}");
            None
        }
    }
}

/// ajv (draft-07, with ajv-formats, strict mode as it comes) loads every schema and agrees with
/// the jsonschema crate record by record, on the same good and bad records, and on generated
/// records of both countries.
#[test]
fn ajv_agrees_with_the_jsonschema_crate() {
    let Some(script) = ajv_or_skip() else { return };
    let mut cases = record_cases();
    // Generated records too, a few of each record type of both countries.
    for country in COUNTRIES {
        let compiled = compile_country(country);
        let model = compiled.model().unwrap();
        let mut rng = Rng(seed(&format!("ajv-{country}")));
        for (i, rec) in model.records.iter().enumerate() {
            let rx = RecordIx::from_index(i);
            let name = format!("{country}:{}", rec.id);
            cases
                .schemas
                .entry(name.clone())
                .or_insert_with(|| schema::record_schema(model, rx));
            for n in 0..25 {
                let record = generate_record(model, rx, &mut rng);
                cases.cases.push((
                    format!("generated #{n}"),
                    name.clone(),
                    Json::Object(record),
                    Vec::new(),
                ));
            }
        }
    }
    // The JSON Forms rules' conditions, as JSON Forms' ajv compiles them.
    let mut conditions = Vec::new();
    for config in ["iraq", "mali", FIXTURES[0]] {
        let compiled = if config.ends_with(".gbv") {
            compile_fixture(config)
        } else {
            compile_country(config)
        };
        let model = compiled.model().unwrap();
        for i in 0..model.records.len() {
            let ui = uischema::ui_schema(model, RecordIx::from_index(i));
            conditions.extend(controls(model, &ui).into_iter().filter_map(|c| c.condition));
        }
    }
    assert!(conditions.len() > 50);
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("input.json");
    let doc = json!({
        "conditions": conditions,
        "schemas": cases.schemas,
        "cases": cases.cases.iter().map(|(_, s, r, _)| json!({"schema": s, "record": r})).collect::<Vec<_>>(),
    });
    std::fs::write(&input, doc.to_string()).unwrap();
    let out = std::process::Command::new("node")
        .arg(&script)
        .arg(&input)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "ajv failed: {stderr}");
    let output: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(output["warnings"], json!([]), "ajv's strict mode complains");
    let verdicts = output["verdicts"].as_array().unwrap();
    assert_eq!(verdicts.len(), cases.cases.len());
    let mut invalid = 0;
    for ((name, schema, data, _), (ajv, ours)) in cases
        .cases
        .iter()
        .zip(verdicts.iter().zip(crate_verdicts(&cases)))
    {
        let ajv_paths: Vec<String> = ajv["paths"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            ajv["valid"].as_bool().unwrap(),
            ours.0.is_empty(),
            "{name} ({schema}): {ajv} / {:?}\n{data}",
            ours.1
        );
        assert_eq!(
            ajv_paths, ours.0,
            "{name} ({schema}): {ajv} / {:?}\n{data}",
            ours.1
        );
        invalid += usize::from(!ours.0.is_empty());
    }
    assert!(invalid >= 10, "{invalid}");
}
