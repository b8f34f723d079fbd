//! `gbvims records from-odk` end to end: a build directory with a hand-written
//! `mobile/odk-mapping.json`, exports made by `odk_records`' round-trip helpers (what ODK Central
//! would give for those submissions), and the records file written.

use std::path::{Path, PathBuf};

use gbvims_targets::odk_mapping::OdkMapping;
use gbvims_targets::odk_records::{
    records_to_central_csv, records_to_central_json, records_to_central_zip, to_jsonl, Record,
};
use serde_json::json;

use crate::common;

const MAPPING: &str = r#"{
  "format": "gbvims-odk-mapping/1",
  "forms": [
    {"record": "incident", "form_id": "gbv_incident", "version": "1", "xform": "incident.xml",
     "root": "data",
     "fields": [
       {"id": "incident_date", "path": "/data/incident/incident_date", "kind": "date"},
       {"id": "age", "path": "/data/incident/age", "kind": "integer"},
       {"id": "consent", "path": "/data/incident/consent", "kind": "boolean"},
       {"id": "services", "path": "/data/incident/services", "kind": "select_many"},
       {"id": "perpetrators", "path": "/data/perp/perpetrator", "kind": "rows",
        "rows": [{"id": "sex", "path": "/data/perp/perpetrator/sex", "kind": "select_one"}]}
     ]},
    {"record": "case", "form_id": "gbv_case", "version": "1", "xform": "case.xml",
     "root": "data",
     "fields": [{"id": "case_id", "path": "/data/case/case_id", "kind": "text"}]}
  ]
}"#;

fn mapping() -> OdkMapping {
    serde_json::from_str(MAPPING).unwrap()
}

fn records() -> Vec<Record> {
    let a = json!({"_odk_instance_id": "uuid:1", "incident_date": "2024-05-01", "age": 30,
                   "consent": true, "services": ["medical", "legal"],
                   "perpetrators": [{"sex": "male"}, {"sex": "female"}]});
    let b = json!({"_odk_instance_id": "uuid:2", "consent": false});
    [a, b]
        .into_iter()
        .map(|v| v.as_object().unwrap().clone())
        .collect()
}

/// A build directory holding the mapping, and the directory it is in.
fn build() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let build = tmp.path().join("build");
    std::fs::create_dir_all(build.join("mobile")).unwrap();
    std::fs::write(build.join("mobile/odk-mapping.json"), MAPPING).unwrap();
    (tmp, build)
}

fn run(args: &[&str], cwd: &Path) -> (i32, String) {
    let (code, _, err) = common::gbvims(args, cwd);
    (code, err)
}

#[test]
fn the_zip_and_the_json_give_the_same_records_file() {
    let (tmp, build) = build();
    let form = &mapping().forms[0];
    std::fs::write(
        tmp.path().join("export.zip"),
        records_to_central_zip(form, &records()).unwrap(),
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("export.json"),
        records_to_central_json(form, &records()).unwrap(),
    )
    .unwrap();
    let b = build.to_str().unwrap();
    let (code, err) = run(
        &[
            "records",
            "from-odk",
            b,
            "export.zip",
            "-o",
            "from-zip.jsonl",
        ],
        tmp.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "wrote 2 incident records to `from-zip.jsonl`\n");
    let (code, err) = run(
        &[
            "records",
            "from-odk",
            b,
            "export.json",
            "--form",
            "incident",
            "-o",
            "from-json.jsonl",
        ],
        tmp.path(),
    );
    assert_eq!(code, 0, "{err}");
    let from_zip = std::fs::read(tmp.path().join("from-zip.jsonl")).unwrap();
    assert_eq!(
        from_zip,
        std::fs::read(tmp.path().join("from-json.jsonl")).unwrap()
    );
    assert_eq!(from_zip, to_jsonl(form, &records()));
    assert!(String::from_utf8(from_zip).unwrap().starts_with(
        r#"{"_odk_instance_id":"uuid:1","incident_date":"2024-05-01","age":30,"consent":true,"services":["medical","legal"],"perpetrators":[{"sex":"male"},{"sex":"female"}]}"#
    ));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(tmp.path().join("from-zip.jsonl"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o077,
            0,
            "the records are readable by their owner only"
        );
    }
}

#[test]
fn the_mobile_directory_itself_can_be_given() {
    let (tmp, build) = build();
    let form = &mapping().forms[0];
    std::fs::write(
        tmp.path().join("export.zip"),
        records_to_central_zip(form, &records()).unwrap(),
    )
    .unwrap();
    let mobile = build.join("mobile");
    let (code, err) = run(
        &[
            "records",
            "from-odk",
            mobile.to_str().unwrap(),
            "export.zip",
            "-o",
            "out.jsonl",
        ],
        tmp.path(),
    );
    assert_eq!(code, 0, "{err}");
}

#[test]
fn an_unzipped_export_is_read_too() {
    let (tmp, build) = build();
    let form = &mapping().forms[0];
    let dir = tmp.path().join("export");
    std::fs::create_dir(&dir).unwrap();
    for (name, bytes) in records_to_central_csv(form, &records()).unwrap() {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    std::fs::write(dir.join("other_form.csv"), b"\xff").unwrap();
    let (code, err) = run(
        &[
            "records",
            "from-odk",
            build.to_str().unwrap(),
            "export",
            "-o",
            "out.jsonl",
        ],
        tmp.path(),
    );
    assert_eq!(code, 0, "{err}");
    let out = std::fs::read(tmp.path().join("out.jsonl")).unwrap();
    assert_eq!(out, to_jsonl(form, &records()));
}

#[test]
fn a_garbage_integer_stops_with_its_file_line_and_column() {
    let (tmp, build) = build();
    let form = &mapping().forms[0];
    let mut bad = records();
    bad[1].insert("age".into(), json!("thirty"));
    std::fs::write(
        tmp.path().join("export.zip"),
        records_to_central_zip(form, &bad).unwrap(),
    )
    .unwrap();
    let (code, err) = run(
        &[
            "records",
            "from-odk",
            build.to_str().unwrap(),
            "export.zip",
            "-o",
            "out.jsonl",
        ],
        tmp.path(),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "`gbv_incident.csv`, line 3, column `incident-age`: `thirty` is not a whole number"
        ),
        "{err}"
    );
    assert!(!tmp.path().join("out.jsonl").exists(), "nothing is written");
}

#[test]
fn unreadable_inputs_exit_2_with_a_hint() {
    let (tmp, build) = build();
    let b = build.to_str().unwrap();
    let (code, err) = run(
        &["records", "from-odk", ".", "x.zip", "-o", "out.jsonl"],
        tmp.path(),
    );
    assert_eq!(code, 2);
    assert!(err.contains("has no mobile/odk-mapping.json"), "{err}");
    std::fs::write(tmp.path().join("export.csv"), "SubmissionDate,KEY\n").unwrap();
    let (code, err) = run(
        &["records", "from-odk", b, "export.csv", "-o", "out.jsonl"],
        tmp.path(),
    );
    assert_eq!(code, 2);
    assert!(err.contains("neither a zip of CSV files nor JSON"), "{err}");
    std::fs::write(tmp.path().join("export.json"), r#"{"value": []}"#).unwrap();
    let (code, err) = run(
        &["records", "from-odk", b, "export.json", "-o", "out.jsonl"],
        tmp.path(),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("say which one the export is for with --form"),
        "{err}"
    );
    let (code, err) = run(
        &["records", "from-odk", b, "missing.zip", "-o", "out.jsonl"],
        tmp.path(),
    );
    assert_eq!(code, 2);
    assert!(err.contains("cannot read `missing.zip`"), "{err}");
}
