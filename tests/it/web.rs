//! The web target: snapshots of both example countries' bundles and of the conditions fixture,
//! and what the other web tests share (the record generator, the UI schema's controls). The
//! records validated with the jsonschema crate and with ajv are in `web_records`, the
//! differential against `compiler::eval` in `web_diff`, the confidentiality test in
//! `web_privacy`.

use gbvims_compiler::model::{FieldIx, FieldKind, Model, RecordIx};
use gbvims_targets::web::{schema, uischema, Web};
use gbvims_targets::{Artifact, Options, Target};
use serde_json::{json, Map, Value as Json};

use crate::common;
use crate::mobile::{compile_country, compile_fixture};
use crate::mobile_common::{generate, Rng};

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

pub fn json_of(files: &[Artifact], path: &str) -> Json {
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

/// The fixtures of the differential besides the example countries.
pub const FIXTURES: [&str; 4] = [
    "tests/fixtures/web/conditions.gbv",
    "tests/fixtures/web/rules.gbv",
    "tests/fixtures/mobile/operators.gbv",
    "tests/fixtures/eval/hidden-questions.gbv",
];

/// Every control of a UI schema with a rule, its field, and its rule's condition; `parent`: the
/// subform control it is in.
pub struct UiControl {
    pub field: FieldIx,
    pub condition: Option<Json>,
    pub parent: Option<usize>,
}

pub fn controls(model: &Model, ui: &Json) -> Vec<UiControl> {
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

/// The schema and UI schema of the conditions fixture: what each rule becomes, and what is left
/// to `rules.json` (`after`: a date comparison; `after_note`: it would read a name).
#[test]
fn conditions_fixture_schemas() {
    let compiled = compile_fixture(FIXTURES[0]);
    let model = compiled.model().unwrap();
    let rx = RecordIx::from_index(0);
    let pretty = |v: &Json| serde_json::to_string_pretty(v).unwrap();
    common::assert_snapshot(
        "web__conditions@incident.schema.json",
        &pretty(&schema::record_schema(model, rx)),
    );
    common::assert_snapshot(
        "web__conditions@incident.uischema.json",
        &pretty(&uischema::ui_schema(model, rx)),
    );
    let covered = schema::build(model, rx).coverage;
    let left_out: Vec<String> = covered
        .iter()
        .filter(|c| !c.required || !c.constraint)
        .map(|c| c.path.clone())
        .collect();
    assert_eq!(left_out, ["after"]);
}

/// An example country (`iraq`) or a fixture file (`tests/fixtures/…gbv`), compiled.
pub fn compile_config(config: &str) -> gbvims_compiler::Compiled {
    if config.ends_with(".gbv") {
        compile_fixture(config)
    } else {
        compile_country(config)
    }
}
