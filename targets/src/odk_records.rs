//! Submissions collected on phones, back into records in Primero's shape (`gbvims records
//! from-odk`): ODK Central's exports of a form built by the mobile target are read through the
//! form's [`FormMapping`] (`mobile/odk-mapping.json`).
//!
//! Two exports are read ([`from_export`] tells them apart by their first bytes):
//! - the zip of CSV files of Central's "Download → all data": the main table `<form_id>.csv`, one
//!   row per submission, its columns named by the node's group path joined with `-`
//!   (`gbv_incident_form-incident_date`); one table per repeat, `<form_id>-<repeat>.csv`
//!   (`~N` appended when repeats share a name), whose rows point at their parent through
//!   `PARENT_KEY` and are numbered by the `[n]` ending their `KEY`. The zip is hostile input
//!   ([`Limits`]);
//! - the OData JSON of `Submissions?$expand=*`: groups as objects, repeats as lists.
//!
//! A record is a JSON object keyed by field id: integers as numbers, booleans as booleans, dates
//! as `YYYY-MM-DD`, multiple choices as lists of option ids, subforms as lists of row objects in
//! the repeat's order; an empty value has no key. Each record keeps its submission's instance id
//! under [`INSTANCE_ID`]. [`records_to_central_csv`] and [`records_to_central_json`] go the other
//! way, for round-trip tests.

mod csv_input;
mod error;
mod export;
mod json_input;
mod jsonl;
mod plan;
mod value;
mod zip_input;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

use crate::odk_mapping::{FormMapping, OdkMapping};

pub use error::{OdkError, Origin};
pub use export::{records_to_central_csv, records_to_central_json, records_to_central_zip};
pub use jsonl::to_jsonl;

/// The key under which a record keeps the ODK instance id of its submission (`uuid:…`), so that it
/// can be traced back to Central.
pub const INSTANCE_ID: &str = "_odk_instance_id";

/// A record in Primero's shape.
pub type Record = Map<String, Value>;

/// Bounds on a zip export, checked on what is actually decompressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Entries in the zip's directory.
    pub max_entries: usize,
    /// Bytes one CSV file may decompress to.
    pub max_entry: u64,
    /// Bytes the CSV files of the form may decompress to in all.
    pub max_total: u64,
}

impl Default for Limits {
    /// 1,000 entries, 256 MiB per file, 512 MiB in all.
    fn default() -> Self {
        Limits {
            max_entries: 1_000,
            max_entry: 256 << 20,
            max_total: 512 << 20,
        }
    }
}

/// Something worth telling about an export that did not stop the conversion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// A field's column is not in its table: the field is absent from every record.
    MissingColumn {
        /// The table.
        file: String,
        /// The column expected.
        column: String,
        /// The field id.
        field: String,
    },
    /// A subform's table is not in the export: the subform is absent from every record.
    MissingTable {
        /// The table expected.
        file: String,
        /// The subform's field id.
        field: String,
    },
    /// Rows of a repeat table whose parent is not in the export were left out.
    OrphanRows {
        /// The table.
        file: String,
        /// How many rows.
        count: usize,
    },
    /// The JSON links to a subform's rows instead of including them.
    RowsNotExpanded {
        /// The subform's field id.
        field: String,
    },
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::MissingColumn {
                file,
                column,
                field,
            } => write!(
                f,
                "`{file}` has no column `{column}`: `{field}` is absent from every record (was \
                 the form changed after the export?)"
            ),
            Note::MissingTable { file, field } => write!(
                f,
                "the export has no `{file}`: the subform `{field}` is absent from every record \
                 (download all data, with repeats, from ODK Central)"
            ),
            Note::OrphanRows { file, count } if *count == 1 => write!(
                f,
                "1 row of `{file}` belongs to no submission of the export and was left out"
            ),
            Note::OrphanRows { file, count } => write!(
                f,
                "{count} rows of `{file}` belong to no submission of the export and were left out"
            ),
            Note::RowsNotExpanded { field } => write!(
                f,
                "the JSON links to the rows of `{field}` instead of including them: download \
                 Submissions?$expand=* to have them"
            ),
        }
    }
}

/// The records read from an export, and what is worth telling about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Conversion {
    /// One record per submission, in the export's order.
    pub records: Vec<Record>,
    /// Notes, each once.
    pub notes: Vec<Note>,
}

/// The two kinds of export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// A zip of CSV files.
    Zip,
    /// OData JSON.
    Json,
}

/// The kind of an export, from its first bytes.
#[must_use]
pub fn detect(bytes: &[u8]) -> Option<ExportKind> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Some(ExportKind::Zip);
    }
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{' | b'[') => Some(ExportKind::Json),
        _ => None,
    }
}

/// The records of the submissions of a form in an export (a zip of CSV files or OData JSON).
///
/// # Errors
/// [`OdkError`] when the export cannot be read, is refused (a zip beyond `limits`), or holds a
/// value that does not fit its field.
pub fn from_export(
    form: &FormMapping,
    bytes: &[u8],
    limits: Limits,
) -> Result<Conversion, OdkError> {
    let plan = plan::plan(form)?;
    let mut notes = Vec::new();
    let records = match detect(bytes).ok_or(OdkError::UnknownFormat)? {
        ExportKind::Zip => {
            let tables = zip_input::read(bytes, &[form.form_id.as_str()], limits)?;
            csv_input::records(&plan, &tables.files, &tables.csv_names, &mut notes)?
        }
        ExportKind::Json => json_input::records(&plan, bytes, &mut notes)?,
    };
    Ok(Conversion { records, notes })
}

/// The records of the submissions of a form in Central's CSV tables, by file name.
///
/// # Errors
/// As [`from_export`].
pub fn from_csv_tables(
    form: &FormMapping,
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<Conversion, OdkError> {
    let plan = plan::plan(form)?;
    let mut notes = Vec::new();
    let names: Vec<String> = files.keys().cloned().collect();
    let records = csv_input::records(&plan, files, &names, &mut notes)?;
    Ok(Conversion { records, notes })
}

/// Whether `file_name` is one of the CSV tables of `form` in Central's export: `<form_id>.csv` or
/// `<form_id>-<repeat>.csv`.
#[must_use]
pub fn is_table_of(file_name: &str, form: &FormMapping) -> bool {
    zip_input::belongs_to(file_name, &form.form_id)
}

/// The form of `mapping` an export is for: the one named `wanted` (a record type or a form id),
/// or else the only form, or else (for a zip) the one whose main table the zip has.
///
/// # Errors
/// [`OdkError::NoSuchForm`] or [`OdkError::WhichForm`]; [`OdkError::UnknownFormat`]; a zip that
/// cannot be listed.
pub fn select_form<'m>(
    mapping: &'m OdkMapping,
    wanted: Option<&str>,
    bytes: &[u8],
    limits: Limits,
) -> Result<&'m FormMapping, OdkError> {
    let listed = match detect(bytes).ok_or(OdkError::UnknownFormat)? {
        ExportKind::Zip if wanted.is_none() && mapping.forms.len() > 1 => {
            Some(zip_input::read(bytes, &[], limits)?.csv_names)
        }
        _ => None,
    };
    choose_form(mapping, wanted, listed.as_deref())
}

/// The form of `mapping` CSV tables are for: the one named `wanted` (a record type or a form id),
/// or else the only form, or else the one whose main table is among `csv_names` (file names),
/// when they are known.
///
/// # Errors
/// [`OdkError::NoSuchForm`] or [`OdkError::WhichForm`].
pub fn choose_form<'m>(
    mapping: &'m OdkMapping,
    wanted: Option<&str>,
    csv_names: Option<&[String]>,
) -> Result<&'m FormMapping, OdkError> {
    let names = || mapping.forms.iter().map(|f| f.record.clone()).collect();
    if let Some(wanted) = wanted {
        return mapping
            .forms
            .iter()
            .find(|f| f.record == wanted || f.form_id == wanted)
            .ok_or_else(|| OdkError::NoSuchForm {
                wanted: wanted.to_owned(),
                forms: names(),
            });
    }
    if let [only] = mapping.forms.as_slice() {
        return Ok(only);
    }
    if let Some(csv_names) = csv_names {
        let present: Vec<&FormMapping> = mapping
            .forms
            .iter()
            .filter(|f| csv_names.contains(&format!("{}.csv", f.form_id)))
            .collect();
        if let [one] = present.as_slice() {
            return Ok(one);
        }
    }
    Err(OdkError::WhichForm { forms: names() })
}
