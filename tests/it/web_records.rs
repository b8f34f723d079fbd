//! Good and bad records against the generated schemas, with the jsonschema crate (each error
//! names the field's path) and with ajv under node (`interop/ajv/`), which must agree record by
//! record.

use std::collections::{BTreeMap, BTreeSet};

use gbvims_compiler::model::RecordIx;
use gbvims_targets::web::{schema, uischema};
use serde_json::{json, Value as Json};

use crate::common;
use crate::mobile::compile_country;
use crate::mobile_common::{seed, Rng};
use crate::web::{compile_config, controls, generate_record, COUNTRIES, FIXTURES};

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
        let compiled = models
            .entry(config.to_string())
            .or_insert_with(|| compile_config(config));
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
    // Generated records too, a few of each record type of both countries and of the country
    // whose records hold stored ids (given to both validators as stored).
    for country in COUNTRIES.into_iter().chain(["aliases"]) {
        let compiled = if country == "aliases" {
            crate::mobile::compile_aliases()
        } else {
            compile_country(country)
        };
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
                let record = gbvims_compiler::records::Validator::new(model, rx).to_stored(&record);
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
        let compiled = compile_config(config);
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
