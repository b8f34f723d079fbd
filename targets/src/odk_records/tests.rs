//! Conversion tests on a small hand-written mapping and the exports Central would give for it.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};

use serde_json::{json, Map, Value};

use super::*;
use crate::odk_mapping::{FieldMapping, FormMapping, ValueKind};

mod roundtrip;

fn field(id: &str, path: &str, kind: ValueKind) -> FieldMapping {
    FieldMapping {
        id: id.into(),
        path: path.into(),
        kind,
        rows: Vec::new(),
    }
}

fn rows(id: &str, path: &str, rows: Vec<FieldMapping>) -> FieldMapping {
    FieldMapping {
        rows,
        ..field(id, path, ValueKind::Rows)
    }
}

/// Groups, a group inside a group, a repeat with a group inside, a nested repeat (its row field
/// written relative to the repeat).
pub(super) fn form() -> FormMapping {
    FormMapping {
        record: "incident".into(),
        form_id: "gbv_incident".into(),
        version: "2024010101".into(),
        xform: "incident.xml".into(),
        root: "data".into(),
        fields: vec![
            field(
                "incident_date",
                "/data/gbv_incident_form/incident_date",
                ValueKind::Date,
            ),
            field(
                "survivor_age",
                "/data/gbv_incident_form/survivor/survivor_age",
                ValueKind::Integer,
            ),
            field(
                "consent",
                "/data/gbv_incident_form/consent",
                ValueKind::Boolean,
            ),
            field(
                "services",
                "/data/gbv_incident_form/services",
                ValueKind::SelectMany,
            ),
            field("notes", "/data/notes_form/notes", ValueKind::Text),
            rows(
                "perpetrators",
                "/data/perp_form/perpetrator",
                vec![
                    field(
                        "perpetrator_sex",
                        "/data/perp_form/perpetrator/perpetrator_sex",
                        ValueKind::SelectOne,
                    ),
                    field(
                        "perpetrator_age",
                        "/data/perp_form/perpetrator/details/perpetrator_age",
                        ValueKind::Integer,
                    ),
                    rows(
                        "relations",
                        "/data/perp_form/perpetrator/relation",
                        vec![field("relation_type", "relation_type", ValueKind::Text)],
                    ),
                ],
            ),
        ],
    }
}

const MAIN: &str = "\
SubmissionDate,gbv_incident_form-incident_date,gbv_incident_form-survivor-survivor_age,gbv_incident_form-consent,gbv_incident_form-services,gbv_incident_form-services/medical,gbv_incident_form-services/legal,notes_form-notes,meta-instanceID,KEY,SubmitterID,SubmitterName,AttachmentsPresent,AttachmentsExpected,Status,ReviewState,DeviceID,Edits,FormVersion
2024-03-01T10:00:00.000Z,2024-02-28,17,true,medical legal,1,1,\"said \"\"no\"\", twice\",uuid:a,uuid:a,5,enum,0,0,,,,0,2024010101
2024-03-02T10:00:00.000Z,,,false,,0,0,,uuid:b,uuid:b,5,enum,0,0,,approved,,0,2024010101
";

const PERPETRATOR: &str = "\
perpetrator_sex,details-perpetrator_age,PARENT_KEY,KEY
female,,uuid:a,uuid:a/perp_form/perpetrator[2]
male,40,uuid:a,uuid:a/perp_form/perpetrator[1]
";

const RELATION: &str = "\
relation_type,PARENT_KEY,KEY
uncle,uuid:a/perp_form/perpetrator[1],uuid:a/perp_form/perpetrator[1]/relation[1]
";

const ODATA: &str = r#"{
  "@odata.context": "https://central.example/v1/projects/1/forms/gbv_incident.svc/$metadata#Submissions",
  "value": [
    {
      "__id": "uuid:a",
      "gbv_incident_form": {
        "incident_date": "2024-02-28",
        "survivor": {"survivor_age": 17},
        "consent": "true",
        "services": "medical legal"
      },
      "notes_form": {"notes": "said \"no\", twice"},
      "perp_form": {
        "perpetrator": [
          {"__id": "h1", "perpetrator_sex": "male", "details": {"perpetrator_age": 40},
           "relation": [{"__id": "h2", "relation_type": "uncle"}]},
          {"__id": "h3", "perpetrator_sex": "female", "details": {"perpetrator_age": null}}
        ]
      },
      "meta": {"instanceID": "uuid:a"},
      "__system": {"submissionDate": "2024-03-01T10:00:00.000Z", "reviewState": null}
    },
    {
      "__id": "uuid:b",
      "gbv_incident_form": {"incident_date": null, "survivor": {"survivor_age": null},
                            "consent": "false", "services": null},
      "notes_form": {"notes": ""},
      "perp_form": {"perpetrator": []},
      "meta": {"instanceID": "uuid:b"},
      "__system": {"submissionDate": "2024-03-02T10:00:00.000Z", "reviewState": "approved"}
    }
  ]
}"#;

fn expected() -> Vec<Record> {
    let a = json!({
        "_odk_instance_id": "uuid:a",
        "incident_date": "2024-02-28",
        "survivor_age": 17,
        "consent": true,
        "services": ["medical", "legal"],
        "notes": "said \"no\", twice",
        "perpetrators": [
            {"perpetrator_sex": "male", "perpetrator_age": 40,
             "relations": [{"relation_type": "uncle"}]},
            {"perpetrator_sex": "female"}
        ]
    });
    let b = json!({"_odk_instance_id": "uuid:b", "consent": false});
    [a, b]
        .into_iter()
        .map(|v| match v {
            Value::Object(m) => m,
            _ => Map::new(),
        })
        .collect()
}

fn tables(main: &str) -> BTreeMap<String, Vec<u8>> {
    [
        ("gbv_incident.csv", main),
        ("gbv_incident-perpetrator.csv", PERPETRATOR),
        ("gbv_incident-relation.csv", RELATION),
    ]
    .into_iter()
    .map(|(n, t)| (n.to_owned(), t.as_bytes().to_vec()))
    .collect()
}

/// A zip of `entries`, deflated.
pub(super) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn zip_export(main: &str) -> Vec<u8> {
    let t = tables(main);
    let entries: Vec<(&str, &[u8])> = t.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    zip_of(&entries)
}

#[test]
fn csv_tables_give_the_records() {
    let c = from_csv_tables(&form(), &tables(MAIN)).unwrap();
    assert_eq!(c.records, expected());
    assert_eq!(c.notes, vec![]);
}

#[test]
fn the_zip_and_the_json_give_the_same_records() {
    let zip = from_export(&form(), &zip_export(MAIN), Limits::default()).unwrap();
    let json = from_export(&form(), ODATA.as_bytes(), Limits::default()).unwrap();
    assert_eq!(zip.records, expected());
    assert_eq!(json.records, expected());
    assert_eq!(json.notes, vec![]);
    // A bare list of submissions, as well as Central's `{"value": [...]}`.
    let doc: Value = serde_json::from_str(ODATA).unwrap();
    let list = serde_json::to_vec(&doc["value"]).unwrap();
    let from_list = from_export(&form(), &list, Limits::default()).unwrap();
    assert_eq!(from_list.records, expected());
}

#[test]
fn a_byte_order_mark_is_tolerated() {
    let mut t = tables(MAIN);
    for bytes in t.values_mut() {
        bytes.splice(0..0, *b"\xEF\xBB\xBF");
    }
    assert_eq!(from_csv_tables(&form(), &t).unwrap().records, expected());
    let json = [b"\xEF\xBB\xBF".as_slice(), ODATA.as_bytes()].concat();
    let c = from_export(&form(), &json, Limits::default()).unwrap();
    assert_eq!(c.records, expected());
}

#[test]
fn jsonl_follows_the_mapping_order() {
    let out = String::from_utf8(to_jsonl(&form(), &expected())).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        r#"{"_odk_instance_id":"uuid:a","incident_date":"2024-02-28","survivor_age":17,"consent":true,"services":["medical","legal"],"notes":"said \"no\", twice","perpetrators":[{"perpetrator_sex":"male","perpetrator_age":40,"relations":[{"relation_type":"uncle"}]},{"perpetrator_sex":"female"}]}"#
    );
    assert_eq!(lines[1], r#"{"_odk_instance_id":"uuid:b","consent":false}"#);
    assert_eq!(lines.len(), 2);
}

#[test]
fn a_garbage_integer_is_refused_naming_the_file_line_and_column() {
    let main = MAIN.replace(",17,", ",seventeen,");
    let err = from_csv_tables(&form(), &tables(&main)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`gbv_incident.csv`, line 2, column `gbv_incident_form-survivor-survivor_age`: \
         `seventeen` is not a whole number, but `survivor_age` expects a whole number; correct \
         the submission in ODK Central (or clear the value) and download again"
    );
    let json = ODATA.replace(r#""survivor_age": 17"#, r#""survivor_age": "17.5""#);
    let err = from_export(&form(), json.as_bytes(), Limits::default()).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "submission 1, at `gbv_incident_form/survivor/survivor_age`: `17.5` is not a whole number"
        ),
        "{err}"
    );
    let long = MAIN.replace(",17,", &format!(",{},", "9".repeat(30) + &"x".repeat(30)));
    let err = from_csv_tables(&form(), &tables(&long)).unwrap_err();
    let shown = format!(
        "`{}{}…` is not a whole number",
        "9".repeat(30),
        "x".repeat(10)
    );
    assert!(err.to_string().contains(&shown), "{err}");
    let bad_bool = MAIN.replace(",true,", ",yes,");
    let err = from_csv_tables(&form(), &tables(&bad_bool)).unwrap_err();
    assert!(
        err.to_string().contains("`yes` is not `true` or `false`"),
        "{err}"
    );
    let bad_date = MAIN.replace("2024-02-28", "28/02/2024");
    let err = from_csv_tables(&form(), &tables(&bad_date)).unwrap_err();
    assert!(
        err.to_string().contains("a date written YYYY-MM-DD"),
        "{err}"
    );
}

#[test]
fn missing_columns_and_tables_are_noted_and_unknown_columns_ignored() {
    let main = MAIN
        .replace("notes_form-notes", "notes_form-other")
        .replace("SubmissionDate,", "SubmissionDate,helper-x,")
        .replace("2024-03-01T10:00:00.000Z,", "2024-03-01T10:00:00.000Z,zzz,")
        .replace("2024-03-02T10:00:00.000Z,", "2024-03-02T10:00:00.000Z,zzz,");
    let mut t = tables(&main);
    t.remove("gbv_incident-relation.csv");
    let c = from_csv_tables(&form(), &t).unwrap();
    assert_eq!(
        c.notes,
        vec![
            Note::MissingColumn {
                file: "gbv_incident.csv".into(),
                column: "notes_form-notes".into(),
                field: "notes".into()
            },
            Note::MissingTable {
                file: "gbv_incident-relation.csv".into(),
                field: "relations".into()
            },
        ]
    );
    let mut want = expected();
    want[0].remove("notes");
    if let Some(Value::Array(p)) = want[0].get_mut("perpetrators") {
        if let Some(Value::Object(first)) = p.first_mut() {
            first.remove("relations");
        }
    }
    assert_eq!(c.records, want);
}

#[test]
fn group_names_removed_by_central_are_read_too() {
    let main = MAIN
        .replace("gbv_incident_form-survivor-survivor_age", "survivor_age")
        .replace("gbv_incident_form-", "")
        .replace("notes_form-", "");
    let c = from_csv_tables(&form(), &tables(&main)).unwrap();
    assert_eq!(c.records, expected());
}

#[test]
fn orphan_rows_are_noted_and_a_bad_row_key_refused() {
    let mut t = tables(MAIN);
    let extra = format!("{PERPETRATOR}male,3,uuid:gone,uuid:gone/perp_form/perpetrator[1]\n");
    t.insert("gbv_incident-perpetrator.csv".into(), extra.into_bytes());
    let c = from_csv_tables(&form(), &t).unwrap();
    assert_eq!(c.records, expected());
    assert_eq!(
        c.notes,
        vec![Note::OrphanRows {
            file: "gbv_incident-perpetrator.csv".into(),
            count: 1
        }]
    );
    assert_eq!(
        c.notes[0].to_string(),
        "1 row of `gbv_incident-perpetrator.csv` belongs to no submission of the export and was \
         left out"
    );
    let bad = PERPETRATOR.replace("perpetrator[2]", "perpetrator");
    t.insert("gbv_incident-perpetrator.csv".into(), bad.into_bytes());
    let err = from_csv_tables(&form(), &t).unwrap_err();
    assert_eq!(
        err,
        OdkError::BadKey {
            file: "gbv_incident-perpetrator.csv".into(),
            line: 2,
            key: "uuid:a/perp_form/perpetrator".into()
        }
    );
}

#[test]
fn a_bare_column_is_not_taken_for_a_missing_group_path() {
    // `notes_form-notes` is missing; a column `notes` (some other node) must not stand for it.
    let main = MAIN
        .replace("notes_form-notes", "notes")
        .replace("gbv_incident_form-consent", "consent");
    let c = from_csv_tables(&form(), &tables(&main)).unwrap();
    assert!(c.records.iter().all(|r| !r.contains_key("notes")));
    assert!(c.records.iter().all(|r| !r.contains_key("consent")));
    assert_eq!(c.records[0]["survivor_age"], json!(17));
}

#[test]
fn repeat_tables_of_repeats_sharing_a_name_are_numbered() {
    let mut f = form();
    f.fields.push(rows(
        "other_perpetrators",
        "/data/other/perpetrator",
        vec![field("x", "/data/other/perpetrator/x", ValueKind::Text)],
    ));
    let p = plan::plan(&f).unwrap();
    let files: Vec<String> = p
        .fields
        .iter()
        .filter_map(|l| match &l.shape {
            plan::Shape::Rows { file, .. } => Some(file.clone()),
            plan::Shape::Value(_) => None,
        })
        .collect();
    assert_eq!(
        files,
        vec![
            "gbv_incident-perpetrator~1.csv",
            "gbv_incident-perpetrator~2.csv"
        ]
    );
}

#[test]
fn a_path_outside_the_form_is_a_mapping_error() {
    let mut f = form();
    f.fields[0].path = "/other/x".into();
    assert!(matches!(plan::plan(&f), Err(OdkError::Mapping(_))));
}

#[test]
fn the_form_is_chosen_by_name_or_by_the_zip() {
    let mut case = form();
    case.record = "case".into();
    case.form_id = "gbv_case".into();
    let mapping = crate::odk_mapping::OdkMapping {
        format: crate::odk_mapping::FORMAT.into(),
        forms: vec![form(), case],
    };
    let zip = zip_export(MAIN);
    let chosen = select_form(&mapping, None, &zip, Limits::default()).unwrap();
    assert_eq!(chosen.record, "incident");
    let chosen = select_form(&mapping, Some("case"), &zip, Limits::default()).unwrap();
    assert_eq!(chosen.form_id, "gbv_case");
    assert!(matches!(
        select_form(&mapping, None, ODATA.as_bytes(), Limits::default()),
        Err(OdkError::WhichForm { .. })
    ));
    assert!(matches!(
        select_form(&mapping, Some("nope"), &zip, Limits::default()),
        Err(OdkError::NoSuchForm { .. })
    ));
    // The case form's main table is not in the zip.
    let err = from_export(&mapping.forms[1], &zip, Limits::default()).unwrap_err();
    assert!(matches!(err, OdkError::NoMainTable { .. }), "{err}");
}

#[test]
fn other_input_is_refused() {
    assert_eq!(
        from_export(&form(), b"SubmissionDate,KEY\n", Limits::default()),
        Err(OdkError::UnknownFormat)
    );
    assert!(matches!(
        from_export(&form(), b"{\"value\": 3}", Limits::default()),
        Err(OdkError::Json(_))
    ));
    assert!(matches!(
        from_export(&form(), b"PK\x03\x04garbage", Limits::default()),
        Err(OdkError::Zip(_))
    ));
}

mod hostile_zips;
