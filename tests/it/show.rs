//! `gbvims show` and the model contract: the JSON document of every clean fixture (validated
//! against its checked-in JSON Schema and pinned), the one JSON form of expressions, the outline
//! of both example countries, and the rules emitters read the model by.

use crate::common;

use std::path::Path;
use std::process::Command;

use gbvims_compiler::json::{JsonExpr, ModelDoc};
use gbvims_compiler::model::{Model, RecordIx};

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("compiler/schema/model.schema.json"),
    )
    .unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, doc: &serde_json::Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} breaks the schema:\n{}",
        errors.join("\n")
    );
}

/// Every expression of a model, in the JSON form, survives a round trip through text.
fn assert_round_trip(doc: &ModelDoc) {
    let text = serde_json::to_string(doc).unwrap();
    let back: ModelDoc = serde_json::from_str(&text).unwrap();
    assert_eq!(&back, doc);
}

#[test]
fn show_json_of_every_clean_fixture() {
    let validator = schema();
    for path in common::check_fixtures() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.starts_with("ok-") {
            continue;
        }
        let root = common::fixtures_root().join("check");
        let files = common::fixture_files(&path);
        let (_, result) = common::compile(&files, &root);
        let model = result.model().expect("a clean fixture has a model");
        let doc = ModelDoc::of(model);
        let json = serde_json::to_value(&doc).unwrap();
        assert_valid(&validator, &json, &name);
        assert_round_trip(&doc);
        common::assert_snapshot(
            &format!("show__show@{name}"),
            &serde_json::to_string_pretty(&json).unwrap(),
        );
    }
}

fn gbvims(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_gbvims"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

/// The outline of each example country pins what an admin sees (forms, fields, lists, counts),
/// and its JSON validates against the schema.
#[test]
fn show_example_countries() {
    let validator = schema();
    for country in ["iraq", "mali"] {
        let dir = format!("country-configs/{country}");
        let (outline, err, code) = gbvims(&["show", &dir]);
        assert_eq!(code, 0, "{err}");
        common::assert_snapshot(&format!("show__outline@{country}"), &outline);
        let (json, err, code) = gbvims(&["show", &dir, "--format", "json"]);
        assert_eq!(code, 0, "{err}");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_valid(&validator, &value, &dir);
        assert_round_trip(&serde_json::from_value(value).unwrap());
    }
}

#[test]
fn show_schema_is_the_checked_in_one() {
    let (schema, _, code) = gbvims(&["show", "--schema"]);
    assert_eq!(code, 0);
    let on_disk = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("compiler/schema/model.schema.json"),
    )
    .unwrap();
    assert_eq!(schema, on_disk);
}

#[test]
fn show_refuses_a_configuration_with_errors() {
    let root = common::fixtures_root().join("check/E0011-unknown-field.gbv");
    let (out, err, code) = gbvims(&["show", root.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("E0011"), "{err}");
}

fn standard() -> Model {
    common::standard()
        .1
        .model()
        .cloned()
        .expect("the standard compiles")
}

/// `compile` gives a checked model only without errors; warnings ride along either way.
#[test]
fn a_checked_model_only_without_errors() {
    let root = common::fixtures_root().join("check");
    let (_, bad) = common::compile(&[root.join("E0011-unknown-field.gbv")], &root);
    assert!(bad.checked().is_none() && bad.has_errors());
    assert!(bad.diagnostics().iter().any(|d| d.code.as_str() == "E0011"));
    let (_, warned) = common::compile(&[root.join("W0002-unused-lookup.gbv")], &root);
    assert!(
        warned.checked().is_some(),
        "warnings do not withhold the model"
    );
    assert!(!warned.warnings.is_empty());
}

/// The incident record's navigation: groups by `group_order`, then their place in the record's
/// form-group lookup, forms by `order`.
#[test]
fn navigation_of_the_incident_record() {
    let m = standard();
    let nav = m.navigation(RecordIx::from_index(0));
    let groups: Vec<String> = nav
        .iter()
        .map(|g| {
            let forms: Vec<&str> = g.forms.iter().map(|f| m.form(*f).id.as_str()).collect();
            format!(
                "{}: {}",
                g.group.as_ref().map_or("-", |o| o.as_str()),
                forms.join(", ")
            )
        })
        .collect();
    common::assert_snapshot(
        "show__navigation_of_the_incident_record",
        &groups.join("\n"),
    );
}

/// Texts fall back to the language, then the model's default language, then English — Mali's
/// default is French, so a language it lacks reads French, not English.
#[test]
fn texts_fall_back_to_the_default_language_before_english() {
    let loaded = {
        let mut sources = gbvims_compiler::Sources::new();
        for f in common::standard_files() {
            sources.add(
                f.display().to_string(),
                std::fs::read_to_string(&f).unwrap(),
            );
        }
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("country-configs/mali");
        for name in ["country.gbv", "locations.csv", "mobile-public-key.pem"] {
            sources.add_country(
                dir.join(name).display().to_string(),
                std::fs::read_to_string(dir.join(name)).unwrap(),
            );
        }
        sources
    };
    let compiled = gbvims_compiler::compile(&loaded);
    let m = compiled.model().expect("Mali compiles");
    assert_eq!(m.default_language(), "fr");
    let date = &m
        .fields
        .iter()
        .find(|f| f.id.as_str() == "incident_date")
        .unwrap()
        .label;
    assert_eq!(m.text(date, "es"), m.text(date, "fr"));
    assert_ne!(m.text(date, "fr"), m.text(date, "en"));
    assert_eq!(
        m.ir_word("gender.male", "zz"),
        m.ir_word("gender.male", "fr")
    );
}

/// The JSON form names fields by id with their scope, tags Incident Recorder cell functions,
/// and covers every expression of the standard.
#[test]
fn json_expressions_of_the_standard() {
    let m = standard();
    let doc = ModelDoc::of(&m);
    let ir = doc.incident_recorder.as_ref().unwrap();
    let mut ir_cell_calls = 0;
    let mut row_fields = 0;
    fn walk(e: &JsonExpr, f: &mut impl FnMut(&JsonExpr)) {
        f(e);
        let v = serde_json::to_value(e).unwrap();
        // Children are the object-valued members that parse as expressions.
        let mut kids = Vec::new();
        if let serde_json::Value::Object(o) = &v {
            for (k, x) in o {
                if k == "type" {
                    continue;
                }
                match x {
                    serde_json::Value::Object(_) => kids.push(x.clone()),
                    serde_json::Value::Array(items) => {
                        for i in items {
                            if let Some(o) = i.as_object() {
                                if o.contains_key("when") {
                                    kids.push(o["when"].clone());
                                    kids.push(o["then"].clone());
                                } else {
                                    kids.push(i.clone());
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        for k in kids {
            if let Ok(child) = serde_json::from_value::<JsonExpr>(k) {
                walk(&child, f);
            }
        }
    }
    for c in &ir.columns {
        walk(&c.value, &mut |e| match e {
            JsonExpr::Call { kind, .. } if *kind == gbvims_compiler::json::JsonFuncKind::IrCell => {
                ir_cell_calls += 1;
            }
            JsonExpr::Field { scope, .. } if *scope == gbvims_compiler::json::JsonScope::Row => {
                row_fields += 1;
            }
            _ => {}
        });
    }
    assert!(ir_cell_calls > 10, "{ir_cell_calls}");
    assert!(
        row_fields > 0,
        "filters over perpetrator rows read row fields"
    );
    assert_round_trip(&doc);
}
