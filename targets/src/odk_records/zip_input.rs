//! Reading Central's zip of CSV files, a hostile input: the number of entries is capped, every
//! entry's path is checked, only the CSV files of the wanted forms are decompressed, and each of
//! them, and all of them together, through a [`Read::take`] cap: the sizes the zip's directory
//! declares are never trusted.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use super::error::OdkError;
use super::Limits;

/// The CSV files of a zip that belong to the forms `form_ids`, by file name, and the names of
/// every CSV file it has.
pub(crate) struct ZipTables {
    /// File name (without any folder) → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Every `.csv` entry's file name, sorted.
    pub csv_names: Vec<String>,
}

/// Whether `name` is the main table or a repeat table of the form `form_id`.
pub(crate) fn belongs_to(name: &str, form_id: &str) -> bool {
    name.strip_suffix(".csv").is_some_and(|stem| {
        stem == form_id
            || stem
                .strip_prefix(form_id)
                .is_some_and(|rest| rest.starts_with('-'))
    })
}

/// Refuses a name with a `..` step, an absolute path or a drive letter.
fn check_path(name: &str) -> Result<(), OdkError> {
    let unsafe_path = name.starts_with('/')
        || name.starts_with('\\')
        || name.as_bytes().get(1) == Some(&b':')
        || name.split(['/', '\\']).any(|step| step == "..");
    if unsafe_path {
        return Err(OdkError::UnsafePath(name.to_owned()));
    }
    Ok(())
}

/// Reads the CSV files of the forms `form_ids` from a zip.
pub(crate) fn read(bytes: &[u8], form_ids: &[&str], limits: Limits) -> Result<ZipTables, OdkError> {
    let zip_err = |e: zip::result::ZipError| OdkError::Zip(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_err)?;
    if archive.len() > limits.max_entries {
        return Err(OdkError::TooManyEntries {
            count: archive.len(),
            limit: limits.max_entries,
        });
    }
    let mut files = BTreeMap::new();
    let mut csv_names = Vec::new();
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(zip_err)?;
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        check_path(&name)?;
        if entry.is_dir() {
            continue;
        }
        let base = name.rsplit(['/', '\\']).next().unwrap_or(&name).to_owned();
        if !base.ends_with(".csv") {
            continue;
        }
        csv_names.push(base.clone());
        if !form_ids.iter().any(|id| belongs_to(&base, id)) {
            continue;
        }
        if files.contains_key(&base) {
            return Err(OdkError::DuplicateEntry(base));
        }
        let cap = limits.max_entry.min(limits.max_total - total);
        let mut data = Vec::new();
        (&mut entry)
            .take(cap.saturating_add(1))
            .read_to_end(&mut data)
            .map_err(|e| OdkError::Zip(format!("`{name}`: {e}")))?;
        let read = data.len() as u64;
        if read > cap {
            return Err(if cap == limits.max_entry {
                OdkError::EntryTooLarge {
                    name,
                    limit: limits.max_entry,
                }
            } else {
                OdkError::TotalTooLarge {
                    limit: limits.max_total,
                }
            });
        }
        total += read;
        files.insert(base, data);
    }
    csv_names.sort();
    Ok(ZipTables { files, csv_names })
}
