//! What can go wrong reading an export, and where: every message says what is wrong, where (file,
//! row, column or submission) and how to fix it.

use std::fmt;

use crate::odk_mapping::ValueKind;

/// Where a value was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A cell of a CSV table.
    Csv {
        /// The table's file name in the export (`gbv_incident.csv`).
        file: String,
        /// The line of the row in the file (1-based; the header is line 1).
        line: u64,
        /// The column's header.
        column: String,
    },
    /// A node of a submission of the OData JSON.
    Json {
        /// The submission's position in the file (1-based).
        submission: usize,
        /// The path of the node in the submission (`alleged_perpetrator_form/alleged_perpetrator[2]/age`).
        path: String,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Csv { file, line, column } => {
                write!(f, "`{file}`, line {line}, column `{column}`")
            }
            Origin::Json { submission, path } => write!(f, "submission {submission}, at `{path}`"),
        }
    }
}

/// Why an export could not be read. Each is fatal: no record is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OdkError {
    /// The mapping itself is inconsistent (a path outside its form or repeat).
    Mapping(String),
    /// The input is neither a zip nor JSON.
    UnknownFormat,
    /// The form asked for is not in the mapping.
    NoSuchForm {
        /// The record type or form id asked for.
        wanted: String,
        /// The mapping's record types.
        forms: Vec<String>,
    },
    /// The mapping has several forms and the export does not tell which.
    WhichForm {
        /// The mapping's record types.
        forms: Vec<String>,
    },
    /// The zip cannot be read.
    Zip(String),
    /// The zip has more entries than allowed.
    TooManyEntries {
        /// Entries in the zip's directory.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// An entry decompresses to more than allowed (whatever the zip's directory says).
    EntryTooLarge {
        /// The entry's name.
        name: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// The entries decompress to more than allowed in total.
    TotalTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// An entry's name climbs out of the archive (`..`) or is absolute.
    UnsafePath(String),
    /// Two entries of the zip have the same file name.
    DuplicateEntry(String),
    /// The zip has no main table of the form.
    NoMainTable {
        /// The expected file name (`gbv_incident.csv`).
        expected: String,
        /// The CSV files the zip does have.
        found: Vec<String>,
    },
    /// A CSV file is malformed.
    Csv {
        /// The file.
        file: String,
        /// What the CSV reader said.
        message: String,
    },
    /// A table lacks a column it cannot do without (`KEY`, `PARENT_KEY`).
    MissingColumn {
        /// The file.
        file: String,
        /// The column.
        column: &'static str,
    },
    /// A row has no id, or a repeat row's `KEY` does not end with `[n]`.
    BadKey {
        /// The file.
        file: String,
        /// The line of the row.
        line: u64,
        /// The key read (possibly empty).
        key: String,
    },
    /// The JSON is malformed or not shaped like Central's submissions.
    Json(String),
    /// A value does not fit its field's kind.
    BadValue {
        /// Where it was read.
        origin: Origin,
        /// The field id.
        field: String,
        /// The field's kind.
        kind: ValueKind,
        /// The value read.
        value: String,
    },
}

/// What a kind expects, for messages.
fn expected(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Integer => "a whole number",
        ValueKind::Boolean => "`true` or `false`",
        ValueKind::Date => "a date written YYYY-MM-DD",
        ValueKind::SelectMany => "option ids separated by spaces",
        ValueKind::Rows => "a list of rows",
        _ => "text",
    }
}

/// A value shown in a message: at most 40 characters of it (it is survivors' data).
fn clipped(value: &str) -> String {
    const MAX: usize = 40;
    match value.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value.to_owned(),
    }
}

impl fmt::Display for OdkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OdkError::Mapping(m) => write!(
                f,
                "the ODK mapping is inconsistent: {m}; rebuild the mobile forms with `gbvims build`"
            ),
            OdkError::UnknownFormat => f.write_str(
                "the export is neither a zip of CSV files nor JSON; download it from ODK Central \
                 (Submissions → Download → all data, as a .zip) or from its OData feed \
                 (Submissions?$expand=*)",
            ),
            OdkError::NoSuchForm { wanted, forms } => write!(
                f,
                "the mobile build has no form `{wanted}`; choose one of {} with --form",
                forms.join(", ")
            ),
            OdkError::WhichForm { forms } => write!(
                f,
                "the mobile build has several forms ({}); say which one the export is for with \
                 --form",
                forms.join(", ")
            ),
            OdkError::Zip(m) => write!(
                f,
                "the zip cannot be read ({m}); download it again from ODK Central"
            ),
            OdkError::TooManyEntries { count, limit } => write!(
                f,
                "the zip has {count} entries, more than the {limit} an ODK Central export can \
                 have; refusing it (download the export again from ODK Central)"
            ),
            OdkError::EntryTooLarge { name, limit } => write!(
                f,
                "`{name}` in the zip decompresses to more than {limit} bytes; refusing it (a \
                 damaged or crafted zip, or an export too large: download fewer submissions at once)"
            ),
            OdkError::TotalTooLarge { limit } => write!(
                f,
                "the zip's CSV files decompress to more than {limit} bytes in all; refusing it \
                 (download fewer submissions at once)"
            ),
            OdkError::UnsafePath(name) => write!(
                f,
                "the zip has an entry `{name}` whose path leaves the archive; refusing it (an ODK \
                 Central export has none: download it again)"
            ),
            OdkError::DuplicateEntry(name) => write!(
                f,
                "the zip has two entries named `{name}`; keep only the export of one form"
            ),
            OdkError::NoMainTable { expected, found } => {
                write!(f, "the zip has no `{expected}` (the form's main table)")?;
                if found.is_empty() {
                    f.write_str(" and no CSV file at all")?;
                } else {
                    write!(f, "; it has {}", found.join(", "))?;
                }
                f.write_str(
                    "; download the submissions of this form from ODK Central, or choose the \
                     form with --form",
                )
            }
            OdkError::Csv { file, message } => write!(
                f,
                "`{file}` is not a readable CSV file ({message}); download the export again"
            ),
            OdkError::MissingColumn { file, column } => write!(
                f,
                "`{file}` has no `{column}` column; export the submissions from ODK Central \
                 without removing columns"
            ),
            OdkError::BadKey { file, line, key } if key.is_empty() => write!(
                f,
                "`{file}`, line {line}: the row has no submission id (`KEY` or \
                 `meta-instanceID` is empty); export the submissions from ODK Central again"
            ),
            OdkError::BadKey { file, line, key } => write!(
                f,
                "`{file}`, line {line}: the row key `{key}` does not end with `[n]` (the row's \
                 number); export the submissions from ODK Central again"
            ),
            OdkError::Json(m) => write!(
                f,
                "the JSON is not ODK Central's submissions ({m}); download them from the OData \
                 feed as Submissions?$expand=* (an object with a `value` list) or as a list of \
                 submissions"
            ),
            OdkError::BadValue {
                origin,
                field,
                kind,
                value,
            } => write!(
                f,
                "{origin}: `{}` is not {}, but `{field}` expects {}; correct the submission \
                 in ODK Central (or clear the value) and download again",
                clipped(value),
                expected(*kind),
                expected(*kind)
            ),
        }
    }
}

impl std::error::Error for OdkError {}
