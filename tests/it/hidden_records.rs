//! What `hide form` and `hide field` mean for records (issue 15): a copy of Iraq that no longer
//! asks about the alleged perpetrators (`hide form alleged_perpetrators_wrapper`, its subform
//! with it) nor the survivor's ethnicity (`hide field`), and records that still hold answers from
//! before the hide (`tests/fixtures/ir-export/hidden.jsonl`). Those answers read as empty
//! everywhere records are evaluated — the derived values, the Incident Recorder export, the
//! questions' rules — and `ir-mapping.json` and `validate-records` say so; the same records on
//! Iraq itself read them.

use std::path::{Path, PathBuf};

use gbvims_compiler::eval::{Evaluator, Val};
use gbvims_compiler::model::{Date, Model};
use gbvims_compiler::Compiled;
use serde_json::{Map, Value as Json};

use crate::common;
use crate::ir_export::{dump, sheet};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn fixture(name: &str) -> PathBuf {
    common::fixtures_root().join("ir-export").join(name)
}

/// Iraq, or (with `hidden`) a copy of it with `iraq-hidden.gbv`.
fn iraq(hidden: bool) -> (Option<tempfile::TempDir>, PathBuf) {
    if !hidden {
        return (None, root().join("country-configs/iraq"));
    }
    let (tmp, dir) = common::iraq_copy();
    std::fs::copy(fixture("iraq-hidden.gbv"), dir.join("hidden.gbv")).unwrap();
    (Some(tmp), dir)
}

fn compile(dir: &Path) -> Compiled {
    let files = crate::mobile::country_files(dir);
    common::compile_country_on_standard(&files).1
}

fn records() -> Vec<Map<String, Json>> {
    std::fs::read_to_string(fixture("hidden.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn value<'r>(model: &Model, record: &'r Map<String, Json>, id: &str) -> Val<'r> {
    let n = model
        .fields
        .iter()
        .position(|f| f.id.as_str() == id)
        .unwrap_or_else(|| panic!("no field {id}"));
    let today = Date::parse_iso("2024-06-30").unwrap();
    Evaluator::new(model, record, today).field(gbvims_compiler::model::FieldIx::from_index(n))
}

/// The model marks what the country no longer asks: the fields of the hidden form, of its
/// subform, and the hidden field; nothing else.
#[test]
fn hidden_fields_and_the_fields_of_hidden_forms_are_withdrawn() {
    let (_tmp, dir) = iraq(true);
    let compiled = compile(&dir);
    let model = compiled.model().expect("the copy compiles");
    let withdrawn: Vec<String> = model
        .fields
        .iter()
        .filter(|f| f.flags.withdrawn)
        .map(|f| format!("{}.{}", model.form(f.form).id, f.id))
        .collect();
    assert!(withdrawn.contains(&"alleged_perpetrators_wrapper.alleged_perpetrator".into()));
    assert!(withdrawn.contains(&"alleged_perpetrator.perpetrator_sex".into()));
    assert!(withdrawn.contains(&"gbv_individual_details.ethnicity".into()));
    // Iraq's own `hide field gbv_individual_details.religion`.
    assert!(withdrawn.contains(&"gbv_individual_details.religion".into()));
    assert!(withdrawn
        .iter()
        .all(|f| f.starts_with("alleged_perpetrator")
            || f == "gbv_individual_details.ethnicity"
            || f == "gbv_individual_details.religion"));
    // The standard's own `visible: false` is not this: the derived values are still computed.
    let derived = model
        .fields
        .iter()
        .find(|f| f.id.as_str() == "number_of_perpetrators")
        .unwrap();
    assert!(!derived.flags.withdrawn && !model.form(derived.form).visible);
}

/// The derived values read the old rows as if there were none: Iraq counts two perpetrators and
/// finds intimate partner violence in the second record; the copy counts none and finds none.
#[test]
fn derived_values_do_not_read_answers_of_hidden_forms() {
    let records = records();
    let (_tmp, dir) = iraq(true);
    let (hidden, kept) = (compile(&dir), compile(&iraq(false).1));
    let (hidden, kept) = (hidden.model().unwrap(), kept.model().unwrap());
    assert_eq!(
        value(kept, &records[0], "number_of_perpetrators"),
        Val::Opt("equal_to_2".into())
    );
    assert_eq!(
        value(hidden, &records[0], "number_of_perpetrators"),
        Val::Empty
    );
    let ipv = |m: &Model| match value(m, &records[1], "gbv_case_context") {
        Val::Opts(o) => o.contains(&"intimate_partner_violence".to_string()),
        other => panic!("{other:?}"),
    };
    assert!(ipv(kept));
    assert!(!ipv(hidden));
    assert_eq!(
        value(kept, &records[0], "ethnicity"),
        Val::Opt("arab".into())
    );
    assert_eq!(value(hidden, &records[0], "ethnicity"), Val::Empty);
}

fn export(dir: &Path, out: &Path) -> (i32, String) {
    let (d, records, o, codes) = (
        dir.display().to_string(),
        fixture("hidden.jsonl").display().to_string(),
        out.display().to_string(),
        fixture("directory").display().to_string(),
    );
    let args = [
        "ir",
        "export",
        &d,
        "--records",
        &records,
        "--lang",
        "en",
        "-o",
        &o,
        "--directory",
        &codes,
    ];
    let (code, _, stderr) = common::gbvims(&args, &root());
    (code, stderr)
}

/// `gbvims ir export`: the hidden answers leave their columns empty (H, and the perpetrator
/// columns Z–AE), every other cell is Iraq's; they are not read at all, so a wrong old answer
/// (a perpetrator sex `alien`, an ethnicity `martian`) no longer refuses the record.
#[test]
fn the_incident_recorder_does_not_read_answers_of_hidden_forms() {
    let tmp = tempfile::tempdir().unwrap();
    let (_copy, dir) = iraq(true);
    let (kept_out, hidden_out) = (tmp.path().join("kept.xlsx"), tmp.path().join("hidden.xlsx"));
    let (code, err) = export(&iraq(false).1, &kept_out);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("record 2: alleged_perpetrator[1].perpetrator_sex: `alien`"),
        "{err}"
    );
    assert!(err.contains("record 2: ethnicity: `martian`"), "{err}");
    let (code, err) = export(&dir, &hidden_out);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 exported"), "{err}");
    let (kept, hidden) = (sheet(&kept_out), sheet(&hidden_out));
    assert_eq!(kept.len(), 2, "Iraq refuses the second record");
    assert_eq!(hidden.len(), 3);
    let letter = gbvims_compiler::model::IncidentRecorder::letter;
    let emptied = ["H", "Z", "AA", "AB", "AC", "AD", "AE"];
    for (c, (k, h)) in kept[1].iter().zip(&hidden[1]).enumerate() {
        if emptied.contains(&letter(c).as_str()) {
            continue;
        }
        assert_eq!(k, h, "column {}", letter(c));
    }
    common::assert_snapshot("hidden_records__ir_export", &dump(&hidden));
}

/// `ir-mapping.json` says which columns read what the country hides (`reads_hidden`); Iraq's
/// own mapping has no such member.
#[test]
fn the_mapping_names_the_hidden_fields_each_column_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let (_copy, dir) = iraq(true);
    let (d, o) = (dir.display().to_string(), tmp.path().display().to_string());
    let (code, _, err) = common::gbvims(&["build", &d, "--target", "ir", "-o", &o], &root());
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(tmp.path().join("ir/ir-mapping.json")).unwrap();
    let mapping: Json = serde_json::from_str(&text).unwrap();
    let hidden: Vec<String> = mapping["columns"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| {
            let reads = c.get("reads_hidden")?;
            Some(format!(
                "{} {}: {reads}",
                c["letter"].as_str()?,
                c["key"].as_str()?
            ))
        })
        .collect();
    common::assert_snapshot("hidden_records__mapping", &hidden.join("\n"));
    assert!(hidden[0].starts_with("H ethnicity"), "{hidden:?}");
}

/// `gbvims validate-records`: an answer to a question the country no longer asks is neither
/// type-checked nor rule-checked; each such key is one warning, with the number of records
/// holding it. Iraq itself refuses the second record's wrong answers.
#[test]
fn validate_records_reports_answers_of_hidden_questions_once_per_key() {
    let records = fixture("hidden.jsonl").display().to_string();
    let (_copy, dir) = iraq(true);
    let d = dir.display().to_string();
    let (code, _, err) = common::gbvims(&["validate-records", &d, &records], &root());
    assert_eq!(code, 0, "{err}");
    common::assert_snapshot("hidden_records__validate", &err);
    let (code, _, err) = common::gbvims(
        &["validate-records", "country-configs/iraq", &records],
        &root(),
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("2 records read: 1 valid, 1 invalid"), "{err}");
    let (code, out, _) = common::gbvims(
        &["validate-records", &d, &records, "--format", "json"],
        &root(),
    );
    assert_eq!(code, 0);
    assert!(out.lines().any(|l| {
        let v: Json = serde_json::from_str(l).unwrap();
        v["rule"] == "hidden-answer" && v["path"] == "alleged_perpetrator" && v["records"] == 2
    }));
}
