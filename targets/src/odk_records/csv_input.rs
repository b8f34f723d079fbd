//! Records from Central's CSV tables: the main table `<form_id>.csv` (one row per submission,
//! keyed by `KEY`), and one table per repeat whose rows point at their parent row through
//! `PARENT_KEY` and are numbered by the `[n]` ending their `KEY`.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::error::{OdkError, Origin};
use super::plan::{Located, Plan, Shape};
use super::value::{to_record, Raw};
use super::{Note, INSTANCE_ID};

/// One CSV file.
struct Table {
    file: String,
    header: Vec<String>,
    columns: HashMap<String, usize>,
    rows: Vec<Row>,
    /// Exported with Central's "remove group names": columns are the nodes' bare names.
    bare: bool,
}

struct Row {
    line: u64,
    cells: Vec<String>,
}

impl Row {
    fn cell(&self, col: usize) -> &str {
        self.cells.get(col).map_or("", String::as_str)
    }
}

impl Table {
    fn parse(file: &str, bytes: &[u8]) -> Result<Table, OdkError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let csv_err = |e: csv::Error| OdkError::Csv {
            file: file.to_owned(),
            message: e.to_string(),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(bytes);
        let header: Vec<String> = reader
            .headers()
            .map_err(csv_err)?
            .iter()
            .map(str::to_owned)
            .collect();
        let mut columns = HashMap::new();
        for (i, name) in header.iter().enumerate() {
            columns.entry(name.clone()).or_insert(i);
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(csv_err)?;
            let line = record.position().map_or(0, csv::Position::line);
            rows.push(Row {
                line,
                cells: record.iter().map(str::to_owned).collect(),
            });
        }
        Ok(Table {
            file: file.to_owned(),
            header,
            columns,
            rows,
            bare: false,
        })
    }

    /// Parses a table and tells whether its columns are group paths or bare names: bare when none
    /// of the fields inside a group is found by its group path and one is by its bare name.
    fn parse_for(file: &str, bytes: &[u8], fields: &[Located]) -> Result<Table, OdkError> {
        let mut table = Table::parse(file, bytes)?;
        let grouped: Vec<&Located> = fields
            .iter()
            .filter(|f| matches!(f.shape, Shape::Value(_)) && f.rel.len() > 1)
            .collect();
        table.bare = !grouped
            .iter()
            .any(|f| table.columns.contains_key(&f.column()))
            && grouped
                .iter()
                .any(|f| table.columns.contains_key(f.bare_column()));
        Ok(table)
    }

    /// The column of a field: its group path, or its bare name (Central's "remove group names").
    fn column_of(&self, field: &Located) -> Option<usize> {
        if self.bare {
            self.columns.get(field.bare_column()).copied()
        } else {
            self.columns.get(&field.column()).copied()
        }
    }

    fn required(&self, column: &'static str) -> Result<usize, OdkError> {
        self.columns
            .get(column)
            .copied()
            .ok_or_else(|| OdkError::MissingColumn {
                file: self.file.clone(),
                column,
            })
    }
}

/// A repeat table, its rows grouped by parent and ordered by their number.
struct RepeatTable {
    table: Table,
    key: usize,
    by_parent: HashMap<String, Vec<usize>>,
}

impl RepeatTable {
    fn new(table: Table) -> Result<RepeatTable, OdkError> {
        let key = table.required("KEY")?;
        let parent = table.required("PARENT_KEY")?;
        let mut numbered: HashMap<String, Vec<(u64, usize)>> = HashMap::new();
        for (i, row) in table.rows.iter().enumerate() {
            let k = row.cell(key);
            let n = row_number(k).ok_or_else(|| OdkError::BadKey {
                file: table.file.clone(),
                line: row.line,
                key: k.to_owned(),
            })?;
            numbered
                .entry(row.cell(parent).to_owned())
                .or_default()
                .push((n, i));
        }
        let by_parent = numbered
            .into_iter()
            .map(|(p, mut rows)| {
                rows.sort_unstable();
                (p, rows.into_iter().map(|(_, i)| i).collect())
            })
            .collect();
        Ok(RepeatTable {
            table,
            key,
            by_parent,
        })
    }
}

/// The `n` of a key ending with `[n]`.
fn row_number(key: &str) -> Option<u64> {
    let open = key.rfind('[')?;
    key[open + 1..].strip_suffix(']')?.parse().ok()
}

/// The tables of one export.
struct Tables {
    repeats: BTreeMap<String, RepeatTable>,
}

/// The records of the submissions in Central's CSV tables `files` (file name → bytes).
pub(crate) fn records(
    plan: &Plan,
    files: &BTreeMap<String, Vec<u8>>,
    csv_names: &[String],
    notes: &mut Vec<Note>,
) -> Result<Vec<Map<String, Value>>, OdkError> {
    let main_bytes = files
        .get(&plan.main_file)
        .ok_or_else(|| OdkError::NoMainTable {
            expected: plan.main_file.clone(),
            found: csv_names.to_vec(),
        })?;
    let main = Table::parse_for(&plan.main_file, main_bytes, &plan.fields)?;
    let mut tables = Tables {
        repeats: BTreeMap::new(),
    };
    load_repeats(&plan.fields, files, &main, &mut tables, notes)?;
    let key = main
        .columns
        .get("KEY")
        .or_else(|| main.columns.get("meta-instanceID"))
        .or_else(|| main.columns.get("instanceID"))
        .copied()
        .ok_or(OdkError::MissingColumn {
            file: main.file.clone(),
            column: "KEY",
        })?;
    let mut used = BTreeMap::new();
    let mut records = Vec::with_capacity(main.rows.len());
    for row in &main.rows {
        let id = row.cell(key);
        if id.is_empty() {
            return Err(OdkError::BadKey {
                file: main.file.clone(),
                line: row.line,
                key: String::new(),
            });
        }
        let mut record = Map::new();
        record.insert(INSTANCE_ID.to_owned(), Value::String(id.to_owned()));
        tables.fill(&plan.fields, &main, row, id, &mut used, &mut record)?;
        records.push(record);
    }
    for (file, repeat) in &tables.repeats {
        let used = used.get(file).copied().unwrap_or(0);
        let count = repeat.table.rows.len() - used.min(repeat.table.rows.len());
        if count > 0 {
            notes.push(Note::OrphanRows {
                file: file.clone(),
                count,
            });
        }
    }
    Ok(records)
}

/// Parses the repeat tables the plan needs, noting the missing tables and columns.
fn load_repeats(
    fields: &[Located],
    files: &BTreeMap<String, Vec<u8>>,
    table: &Table,
    tables: &mut Tables,
    notes: &mut Vec<Note>,
) -> Result<(), OdkError> {
    for field in fields {
        match &field.shape {
            Shape::Value(_) => {
                if table.column_of(field).is_none() {
                    notes.push(Note::MissingColumn {
                        file: table.file.clone(),
                        column: field.column(),
                        field: field.id.clone(),
                    });
                }
            }
            Shape::Rows { file, fields } => {
                let Some(bytes) = files.get(file) else {
                    notes.push(Note::MissingTable {
                        file: file.clone(),
                        field: field.id.clone(),
                    });
                    continue;
                };
                let child = RepeatTable::new(Table::parse_for(file, bytes, fields)?)?;
                load_repeats(fields, files, &child.table, tables, notes)?;
                tables.repeats.insert(file.clone(), child);
            }
        }
    }
    Ok(())
}

impl Tables {
    /// Writes the fields of `row` (whose key is `key`) into `out`, counting the repeat rows read.
    fn fill(
        &self,
        fields: &[Located],
        table: &Table,
        row: &Row,
        key: &str,
        used: &mut BTreeMap<String, usize>,
        out: &mut Map<String, Value>,
    ) -> Result<(), OdkError> {
        for field in fields {
            match &field.shape {
                Shape::Value(kind) => {
                    let Some(col) = table.column_of(field) else {
                        continue;
                    };
                    let origin = || Origin::Csv {
                        file: table.file.clone(),
                        line: row.line,
                        column: table.header[col].clone(),
                    };
                    if let Some(v) = to_record(Raw::Text(row.cell(col)), *kind, &field.id, origin)?
                    {
                        out.insert(field.id.clone(), v);
                    }
                }
                Shape::Rows { file, fields } => {
                    let children = self.rows_of(file, key);
                    if children.is_empty() {
                        continue;
                    }
                    *used.entry(file.clone()).or_default() += children.len();
                    let Some(child) = self.repeats.get(file) else {
                        continue;
                    };
                    let mut rows = Vec::with_capacity(children.len());
                    for i in children {
                        let child_row = &child.table.rows[i];
                        let child_key = child_row.cell(child.key);
                        let mut m = Map::new();
                        self.fill(fields, &child.table, child_row, child_key, used, &mut m)?;
                        rows.push(Value::Object(m));
                    }
                    out.insert(field.id.clone(), Value::Array(rows));
                }
            }
        }
        Ok(())
    }

    fn rows_of(&self, file: &str, key: &str) -> Vec<usize> {
        self.repeats
            .get(file)
            .and_then(|t| t.by_parent.get(key))
            .cloned()
            .unwrap_or_default()
    }
}
