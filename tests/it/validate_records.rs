//! `gbvims validate-records`: records checked against a compiled configuration — types and
//! option lists, the questions' rules through `compiler::eval` (a question that is not relevant
//! is never required), unknown keys as counted warnings — in human, JSON Lines and SARIF output,
//! never repeating an identifying answer.

use std::path::PathBuf;

use crate::common;

fn fixture(name: &str) -> String {
    common::fixtures_root()
        .join("validate-records")
        .join(name)
        .display()
        .to_string()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn validate(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["validate-records"];
    all.extend_from_slice(args);
    common::gbvims(&all, &root())
}

#[test]
fn rules_are_checked_only_where_the_question_is_asked() {
    let (code, _, err) = validate(&[
        "tests/fixtures/mobile/operators.gbv",
        &fixture("operators.jsonl"),
    ]);
    assert_eq!(code, 1, "{err}");
    let expected = "\
error: record 2: b: the answer breaks this question's rule: Not 7 [constraint]
error: record 2: colours: this question must be answered here (its `required_if` holds) [required]
error: record 2: behind_gate: this question must be answered here (its `required_if` holds) [required]
error: record 4: people[1].weapons: the answer breaks this question's rule: Fewer than 10 [constraint]
warning: record 5: created_at: `created_at` is not a field of incident records (1 record): it is not checked [unknown-key]
warning: record 5: id: `id` is not a field of incident records (1 record): it is not checked [unknown-key]
5 records read: 3 valid, 2 invalid (4 problems)
";
    // Record 1: behind_gate is hidden (gate = false): its stale answer and its required_if are
    // not checked. Record 4: the second person is not armed, so 40 weapons is not checked. Record
    // 5: the people subform is hidden. A row's unique_id is expected.
    assert_eq!(err, expected);
}

#[test]
fn identifying_answers_are_never_repeated() {
    for format in ["human", "json", "sarif"] {
        let (code, out, err) = validate(&[
            &fixture("identifying.gbv"),
            &fixture("identifying.jsonl"),
            "--format",
            format,
        ]);
        assert_eq!(code, 1, "{err}");
        assert!(
            !out.contains("Fatoumata") && !err.contains("Fatoumata"),
            "{format}: {out}{err}"
        );
    }
    let (_, _, err) = validate(&[&fixture("identifying.gbv"), &fixture("identifying.jsonl")]);
    assert!(err.contains("error: record 1: clan: this answer is not an option of this question (options: north, south) [option]"), "{err}");
    assert!(
        err.contains("error: record 1: exact_birth_date: this answer is not a date"),
        "{err}"
    );
    assert!(err.contains("error: record 1: age: the answer breaks this question's rule: An age under 130 [constraint]"), "{err}");
}

#[test]
fn json_lines_and_sarif_name_record_path_and_rule() {
    let records = root().join("tests/fixtures/ir-export/golden.jsonl");
    let records = records.display().to_string();
    let (code, out, _) = validate(&["country-configs/iraq", &records, "--format", "json"]);
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    assert!(lines.contains(&serde_json::json!({
        "severity": "error", "record": 6, "path": "alleged_perpetrator[2].perpetrator_sex",
        "rule": "option",
        "message": "`alien` is not an option of this question (options: male, female)"
    })));
    assert!(lines
        .iter()
        .any(|l| l["rule"] == "unknown-key" && l["severity"] == "warning" && l["records"] == 1));

    let (code, out, _) = validate(&["country-configs/iraq", &records, "--format", "sarif"]);
    assert_eq!(code, 1);
    let log: serde_json::Value = serde_json::from_str(&out).expect("one SARIF log");
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 7, "{out}");
    let located = &results[0]["locations"][0];
    assert!(located["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("golden.jsonl"));
    assert_eq!(
        located["logicalLocations"][0]["fullyQualifiedName"],
        "record[5].sex"
    );
}

#[test]
fn valid_records_exit_zero_and_usage_errors_exit_two() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good.json");
    std::fs::write(
        &good,
        r#"[{"sex": "female", "incident_date": "2024-01-02"}, {}]"#,
    )
    .unwrap();
    let good = good.display().to_string();
    let (code, _, err) = validate(&["country-configs/iraq", &good]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 records read: 2 valid, 0 invalid"), "{err}");
    let (code, _, err) = validate(&["country-configs/iraq", &good, "--record", "caseload"]);
    assert_eq!(code, 2);
    assert!(err.contains("record types: incident, case"), "{err}");
    let (code, _, _) = validate(&["country-configs/iraq", "no-such-file.jsonl"]);
    assert_eq!(code, 2);
    let (code, _, err) = validate(&["country-configs/iraq", &good, "--record", "case"]);
    assert_eq!(code, 0, "{err}");
}

/// The web target's JSON Schema is applied too (through the jsonschema crate), to the answers in
/// their canonical form: what only the schema says (an option chosen twice) is reported once,
/// without the value; answers stored as Primero exports them (`null`, blank text, numbers and
/// yes/no as text, yes/no options as booleans) stay valid.
#[test]
fn the_json_schema_is_applied_to_canonical_answers() {
    let tmp = tempfile::tempdir().unwrap();
    let records = tmp.path().join("r.jsonl");
    std::fs::write(
        &records,
        concat!(
            r#"{"age": "25", "sex": null, "incident_date": "", "iq_technology_facilitated": "true", "consent_reporting": true}"#,
            "\n",
            r#"{"gbv_case_context": ["intimate_partner_violence", "intimate_partner_violence"]}"#,
            "\n"
        ),
    )
    .unwrap();
    let records = records.display().to_string();
    let (code, _, err) = validate(&["country-configs/iraq", &records]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: record 2: gbv_case_context: the answer breaks the record type's JSON Schema (`uniqueItems`) [schema]"),
        "{err}"
    );
    assert!(!err.contains("record 1"), "{err}");
    assert!(
        err.contains("2 records read: 1 valid, 1 invalid (1 problem)"),
        "{err}"
    );
}

/// Records in a country's stored ids (`tests/fixtures/ir-export/iraq-aliases.gbv` on a copy of
/// Iraq): the golden records rewritten in stored ids have the same problems at the same paths
/// as the originals on Iraq (rules are evaluated on the model's ids), messages name the stored
/// ids, and an answer under a legacy key is checked against its list's stored ids.
#[test]
fn records_in_stored_ids_are_checked_like_the_originals() {
    use gbvims_compiler::records::validate::record_type;
    use gbvims_compiler::records::Validator;
    use serde_json::{Map, Value as Json};
    let (_tmp, dir) = common::iraq_copy();
    let aliases = common::fixtures_root().join("ir-export/iraq-aliases.gbv");
    std::fs::copy(aliases, dir.join("aliases.gbv")).unwrap();
    let files = crate::mobile::country_files(&dir);
    let (_, compiled) = common::compile_country_on_standard(&files);
    let model = compiled.model().expect("the aliased copy compiles");
    let validator = Validator::new(model, record_type(model, "incident").unwrap());
    let golden = root().join("tests/fixtures/ir-export/golden.jsonl");
    let mut stored = String::new();
    for line in std::fs::read_to_string(&golden).unwrap().lines() {
        let record: Map<String, Json> = serde_json::from_str(line).unwrap();
        stored.push_str(&Json::Object(validator.to_stored(&record)).to_string());
        stored.push('\n');
    }
    // A ninth record: an answer under the legacy key, not one of its stored ids.
    stored.push_str("{\"incidentid_ir\": \"X\", \"service_provided\": \"true\"}\n");
    let tmp = tempfile::tempdir().unwrap();
    let records = tmp.path().join("stored.jsonl");
    std::fs::write(&records, stored).unwrap();
    let problems = |config: &str, records: &str| -> Vec<(u64, String, String)> {
        let (_, out, _) = validate(&[config, records, "--format", "json"]);
        out.lines()
            .map(|l| serde_json::from_str::<Json>(l).unwrap())
            .filter(|p| p["severity"] == "error" && p["record"].as_u64() != Some(9))
            .map(|p| {
                (
                    p["record"].as_u64().unwrap(),
                    p["path"].as_str().unwrap().to_string(),
                    p["rule"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let original = problems("country-configs/iraq", golden.to_str().unwrap());
    assert!(original.len() > 5, "{original:?}");
    let (d, r) = (dir.display().to_string(), records.display().to_string());
    assert_eq!(problems(&d, &r), original);
    let (_, _, err) = validate(&[&d, &r]);
    assert!(
        err.contains("error: record 5: sex: `martian` is not an option of this question (options: m, f) [option]"),
        "{err}"
    );
    assert!(
        err.contains("error: record 9: service_provided: `true` is not an option of this question (options: yes, no) [option]"),
        "{err}"
    );
}
