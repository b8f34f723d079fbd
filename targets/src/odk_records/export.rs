//! What ODK Central would export for submissions holding these records: the tables of its "all
//! data" zip, the zip itself, and its OData JSON. For round-trip tests of `records from-odk`.
//!
//! A record's submission id is its [`INSTANCE_ID`]; a record without one gets
//! `uuid:00000000-0000-4000-8000-<its index, 12 hex digits>`.

use std::io::{Cursor, Write};

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::error::OdkError;
use super::plan::{plan, Located, Shape};
use super::value::to_text;
use super::INSTANCE_ID;
use crate::odk_mapping::{FormMapping, ValueKind};

/// Central's metadata columns after the form's own in the main table.
const TRAILING: &[&str] = &[
    "meta-instanceID",
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
];

/// The submission date written for every submission.
const SUBMISSION_DATE: &str = "2024-01-01T00:00:00.000Z";

fn instance_id(record: &Map<String, Value>, index: usize) -> String {
    match record.get(INSTANCE_ID).and_then(Value::as_str) {
        Some(id) => id.to_owned(),
        None => format!("uuid:00000000-0000-4000-8000-{index:012x}"),
    }
}

/// The key of the `n`th (1-based) instance of the repeat `field` under the row keyed `parent`.
fn row_key(parent: &str, field: &Located, n: usize) -> String {
    let mut key = parent.to_owned();
    for step in &field.rel[..field.rel.len() - 1] {
        key.push('/');
        key.push_str(step);
    }
    key.push_str(&format!("/{}[{n}]", field.name()));
    key
}

/// A value's text in a cell (a value the kind cannot hold is written as JSON, which
/// `from-odk` refuses).
fn cell(value: Option<&Value>, kind: ValueKind) -> String {
    match value {
        None => String::new(),
        Some(v) => to_text(v, kind).unwrap_or_else(|| v.to_string()),
    }
}

/// One table being written.
struct Sheet {
    file: String,
    rows: Vec<Vec<String>>,
}

/// The CSV files Central's "all data" export would have for these records: the main table, then
/// one table per repeat (depth first), as (file name, bytes).
///
/// # Errors
/// [`OdkError::Mapping`] for an inconsistent mapping.
pub fn records_to_central_csv(
    form: &FormMapping,
    records: &[Map<String, Value>],
) -> Result<Vec<(String, Vec<u8>)>, OdkError> {
    let plan = plan(form)?;
    let mut sheets = vec![Sheet {
        file: plan.main_file.clone(),
        rows: vec![main_header(&plan.fields)],
    }];
    add_repeat_sheets(&plan.fields, &mut sheets);
    for (i, record) in records.iter().enumerate() {
        let id = instance_id(record, i);
        let mut row = vec![SUBMISSION_DATE.to_owned()];
        write_level(&plan.fields, record, &id, &mut row, &mut sheets);
        row.extend([
            id.clone(),
            id,
            "1".into(),
            "gbvims".into(),
            "0".into(),
            "0".into(),
            String::new(),
            String::new(),
            String::new(),
            "0".into(),
            form.version.clone(),
        ]);
        sheets[0].rows.push(row);
    }
    sheets
        .into_iter()
        .map(|sheet| {
            let mut writer = csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new());
            for row in &sheet.rows {
                writer.write_record(row).map_err(|e| OdkError::Csv {
                    file: sheet.file.clone(),
                    message: e.to_string(),
                })?;
            }
            let bytes = writer.into_inner().map_err(|e| OdkError::Csv {
                file: sheet.file.clone(),
                message: e.to_string(),
            })?;
            Ok((sheet.file, bytes))
        })
        .collect()
}

fn value_columns(fields: &[Located]) -> impl Iterator<Item = String> + '_ {
    fields
        .iter()
        .filter(|f| matches!(f.shape, Shape::Value(_)))
        .map(Located::column)
}

fn main_header(fields: &[Located]) -> Vec<String> {
    std::iter::once("SubmissionDate".to_owned())
        .chain(value_columns(fields))
        .chain(TRAILING.iter().map(|s| (*s).to_owned()))
        .collect()
}

fn add_repeat_sheets(fields: &[Located], sheets: &mut Vec<Sheet>) {
    for field in fields {
        if let Shape::Rows { file, fields } = &field.shape {
            let header = value_columns(fields)
                .chain(["PARENT_KEY".to_owned(), "KEY".to_owned()])
                .collect();
            sheets.push(Sheet {
                file: file.clone(),
                rows: vec![header],
            });
            add_repeat_sheets(fields, sheets);
        }
    }
}

/// Writes the values of `obj` into `row`, and its repeat rows into their sheets.
fn write_level(
    fields: &[Located],
    obj: &Map<String, Value>,
    key: &str,
    row: &mut Vec<String>,
    sheets: &mut [Sheet],
) {
    for field in fields {
        match &field.shape {
            Shape::Value(kind) => row.push(cell(obj.get(&field.id), *kind)),
            Shape::Rows { file, fields } => {
                let Some(Value::Array(items)) = obj.get(&field.id) else {
                    continue;
                };
                for (n, item) in items.iter().enumerate() {
                    let empty = Map::new();
                    let child = item.as_object().unwrap_or(&empty);
                    let child_key = row_key(key, field, n + 1);
                    let mut child_row = Vec::new();
                    write_level(fields, child, &child_key, &mut child_row, sheets);
                    child_row.push(key.to_owned());
                    child_row.push(child_key);
                    if let Some(sheet) = sheets.iter_mut().find(|s| &s.file == file) {
                        sheet.rows.push(child_row);
                    }
                }
            }
        }
    }
}

/// The zip of [`records_to_central_csv`]'s files, as Central's "Download → all data" gives it.
///
/// # Errors
/// As [`records_to_central_csv`]; [`OdkError::Zip`] if the zip cannot be written.
pub fn records_to_central_zip(
    form: &FormMapping,
    records: &[Map<String, Value>],
) -> Result<Vec<u8>, OdkError> {
    let zip_err = |e: zip::result::ZipError| OdkError::Zip(e.to_string());
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in records_to_central_csv(form, records)? {
        writer.start_file(name, options).map_err(zip_err)?;
        writer
            .write_all(&bytes)
            .map_err(|e| OdkError::Zip(e.to_string()))?;
    }
    Ok(writer.finish().map_err(zip_err)?.into_inner())
}

/// Central's OData JSON for these records (`Submissions?$expand=*`): `{"value": [...]}`, groups
/// as objects, repeats as lists of objects each with its `__id`.
///
/// # Errors
/// [`OdkError::Mapping`] for an inconsistent mapping.
pub fn records_to_central_json(
    form: &FormMapping,
    records: &[Map<String, Value>],
) -> Result<Vec<u8>, OdkError> {
    let plan = plan(form)?;
    let mut submissions = Vec::with_capacity(records.len());
    for (i, record) in records.iter().enumerate() {
        let id = instance_id(record, i);
        let mut obj = Map::new();
        obj.insert("__id".into(), Value::String(id.clone()));
        json_level(&plan.fields, record, &id, &mut obj);
        let meta = obj
            .entry("meta")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(meta) = meta {
            meta.insert("instanceID".into(), Value::String(id.clone()));
        }
        obj.insert(
            "__system".into(),
            serde_json::json!({
                "submissionDate": SUBMISSION_DATE,
                "submitterId": "1",
                "submitterName": "gbvims",
                "reviewState": null,
                "formVersion": form.version,
            }),
        );
        submissions.push(Value::Object(obj));
    }
    let doc = serde_json::json!({
        "@odata.context": format!("{}.svc/$metadata#Submissions", form.form_id),
        "value": submissions,
    });
    serde_json::to_vec_pretty(&doc).map_err(|e| OdkError::Json(e.to_string()))
}

/// Puts `value` at `rel` under `obj`, creating the groups on the way.
fn put(obj: &mut Map<String, Value>, rel: &[String], value: Value) {
    let Some((last, groups)) = rel.split_last() else {
        return;
    };
    let mut here = obj;
    for step in groups {
        let next = here
            .entry(step.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(next) = next else { return };
        here = next;
    }
    here.insert(last.clone(), value);
}

fn json_level(
    fields: &[Located],
    record: &Map<String, Value>,
    key: &str,
    obj: &mut Map<String, Value>,
) {
    for field in fields {
        let Some(value) = record.get(&field.id) else {
            continue;
        };
        match &field.shape {
            Shape::Value(ValueKind::Integer | ValueKind::Boolean) => {
                put(obj, &field.rel, value.clone());
            }
            Shape::Value(kind) => {
                let text = to_text(value, *kind).map_or_else(|| value.clone(), Value::String);
                put(obj, &field.rel, text);
            }
            Shape::Rows { fields, .. } => {
                let Value::Array(items) = value else { continue };
                let mut rows = Vec::with_capacity(items.len());
                for (n, item) in items.iter().enumerate() {
                    let empty = Map::new();
                    let child = item.as_object().unwrap_or(&empty);
                    let child_key = row_key(key, field, n + 1);
                    let mut row = Map::new();
                    let hash = Sha256::digest(child_key.as_bytes());
                    let id: String = hash.iter().take(20).map(|b| format!("{b:02x}")).collect();
                    row.insert("__id".into(), Value::String(id));
                    json_level(fields, child, &child_key, &mut row);
                    rows.push(Value::Object(row));
                }
                put(obj, &field.rel, Value::Array(rows));
            }
        }
    }
}
