//! What ODK Central exports for submissions, made as central-backend makes it
//! (`lib/data/briefcase.js`, `lib/data/json.js`): the "all data" CSV tables (main table, one per
//! repeat with `PARENT_KEY`/`KEY`, group paths joined with `-`), their zip, and the OData JSON.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};

use serde_json::{json, Map, Value as Json};

use super::xml::{El, Form, Schema};

/// Central's metadata columns after the form's own in the main table (briefcase.js, plus the
/// columns later Central versions add).
pub(super) const TRAILING: &[&str] = &[
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

/// One CSV table being written: its value columns (group paths joined with `-`) and rows.
pub(super) struct Table {
    pub(super) file: String,
    pub(super) columns: Vec<String>,
    pub(super) rows: Vec<Vec<String>>,
}

/// The tables of a form: the main table, then one per repeat, depth first, each repeat named
/// `<form_id>-<name>.csv`, or `<form_id>-<name>~N.csv` when names repeat.
pub(super) fn tables(form: &Form) -> Vec<Table> {
    fn columns(nodes: &[Schema], prefix: &str, out: &mut Vec<String>) {
        for n in nodes {
            match n {
                Schema::Leaf(name, _) => out.push(format!("{prefix}{name}")),
                Schema::Group(name, c) => columns(c, &format!("{prefix}{name}-"), out),
                Schema::Repeat(..) => {}
            }
        }
    }
    fn repeats<'s>(nodes: &'s [Schema], out: &mut Vec<(&'s str, &'s [Schema])>) {
        for n in nodes {
            match n {
                Schema::Repeat(name, c) => {
                    out.push((name, c));
                    repeats(c, out);
                }
                Schema::Group(_, c) => repeats(c, out),
                Schema::Leaf(..) => {}
            }
        }
    }
    let mut main = Vec::new();
    columns(&form.schema, "", &mut main);
    let mut out = vec![Table {
        file: format!("{}.csv", form.form_id),
        columns: main,
        rows: Vec::new(),
    }];
    let mut reps = Vec::new();
    repeats(&form.schema, &mut reps);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (name, children) in &reps {
        let total = reps.iter().filter(|(n, _)| n == name).count();
        let file = if total > 1 {
            let c = counts.entry(name).or_default();
            *c += 1;
            format!("{}-{name}~{c}.csv", form.form_id)
        } else {
            format!("{}-{name}.csv", form.form_id)
        };
        let mut cols = Vec::new();
        columns(children, "", &mut cols);
        out.push(Table {
            file,
            columns: cols,
            rows: Vec::new(),
        });
    }
    out
}

/// Flattens submissions into the tables.
pub(super) struct Flattener<'a> {
    pub(super) tables: Vec<Table>,
    /// The repeat's schema node (by address) → its table index.
    pub(super) repeat_table: BTreeMap<*const Schema, usize>,
    pub(super) form: &'a Form,
}

impl<'a> Flattener<'a> {
    pub(super) fn new(form: &'a Form) -> Self {
        fn index(nodes: &[Schema], next: &mut usize, out: &mut BTreeMap<*const Schema, usize>) {
            for n in nodes {
                match n {
                    Schema::Repeat(_, c) => {
                        out.insert(std::ptr::from_ref(n), *next);
                        *next += 1;
                        index(c, next, out);
                    }
                    Schema::Group(_, c) => index(c, next, out),
                    Schema::Leaf(..) => {}
                }
            }
        }
        let mut repeat_table = BTreeMap::new();
        index(&form.schema, &mut 1, &mut repeat_table);
        Flattener {
            tables: tables(form),
            repeat_table,
            form,
        }
    }

    /// Adds one submission (`instance_id` is its `meta/instanceID`).
    pub(super) fn add(&mut self, submission: &El, instance_id: &str, version: &str) {
        let mut cells = BTreeMap::new();
        let form = self.form;
        self.level(
            &form.schema,
            submission,
            "",
            instance_id,
            instance_id,
            &mut cells,
        );
        let main = &mut self.tables[0];
        let mut row = vec!["2026-01-15T08:30:00.000Z".to_owned()];
        row.extend(
            main.columns
                .iter()
                .map(|c| cells.remove(c).unwrap_or_default()),
        );
        row.extend(
            [
                instance_id,
                "7",
                "collector",
                "0",
                "0",
                "",
                "",
                "",
                "0",
                version,
            ]
            .map(str::to_owned),
        );
        main.rows.push(row);
    }

    /// Writes the values of `el` into `cells` (column → text) and its repeat rows into their
    /// tables. `key` is the key being built (groups and rows so far), `parent` the key of the row
    /// holding this level.
    fn level(
        &mut self,
        schema: &'a [Schema],
        el: &El,
        prefix: &str,
        key: &str,
        parent: &str,
        cells: &mut BTreeMap<String, String>,
    ) {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for c in &el.children {
            let Some(node) = schema.iter().find(|s| s.name() == c.name) else {
                continue;
            };
            match node {
                Schema::Leaf(name, _) => {
                    cells.insert(format!("{prefix}{name}"), c.text.clone());
                }
                Schema::Group(name, children) => self.level(
                    children,
                    c,
                    &format!("{prefix}{name}-"),
                    &format!("{key}/{name}"),
                    parent,
                    cells,
                ),
                Schema::Repeat(name, children) => {
                    let n = counts.entry(name).or_default();
                    *n += 1;
                    let row_key = format!("{key}/{name}[{n}]");
                    let mut row_cells = BTreeMap::new();
                    self.level(children, c, "", &row_key, &row_key, &mut row_cells);
                    let t = self.repeat_table[&std::ptr::from_ref(node)];
                    let table = &mut self.tables[t];
                    let mut row: Vec<String> = table
                        .columns
                        .iter()
                        .map(|col| row_cells.remove(col).unwrap_or_default())
                        .collect();
                    row.push(parent.to_owned());
                    row.push(row_key);
                    table.rows.push(row);
                }
            }
        }
    }

    /// The CSV files, as (file name, bytes).
    pub(super) fn csv_files(&self) -> Vec<(String, Vec<u8>)> {
        self.tables
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut w = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::Any(b'\n'))
                    .from_writer(Vec::new());
                let header: Vec<&str> = if i == 0 {
                    std::iter::once("SubmissionDate")
                        .chain(t.columns.iter().map(String::as_str))
                        .chain(TRAILING.iter().copied())
                        .collect()
                } else {
                    t.columns
                        .iter()
                        .map(String::as_str)
                        .chain(["PARENT_KEY", "KEY"])
                        .collect()
                };
                w.write_record(&header).unwrap();
                for row in &t.rows {
                    w.write_record(row).unwrap();
                }
                (t.file.clone(), w.into_inner().unwrap())
            })
            .collect()
    }
}

/// A zip of the files, deflated, as Central's "Download → all data" gives it.
pub(super) fn zip_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        w.start_file(name.as_str(), options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// One submission in Central's OData JSON (`Submissions?$expand=*`): groups as objects, repeats
/// as lists of objects with an `__id`, `int` values as numbers, other values as strings, and an
/// empty node absent.
pub(super) fn odata(form: &Form, submission: &El, instance_id: &str) -> Json {
    fn level(schema: &[Schema], el: &El, key: &str, out: &mut Map<String, Json>) {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for c in &el.children {
            let Some(node) = schema.iter().find(|s| s.name() == c.name) else {
                continue;
            };
            match node {
                Schema::Leaf(name, int) => {
                    if c.text.is_empty() {
                        continue;
                    }
                    let v = if *int {
                        json!(c.text.trim().parse::<i64>().expect("an int node"))
                    } else {
                        json!(c.text)
                    };
                    out.insert(name.clone(), v);
                }
                Schema::Group(name, children) => {
                    let mut obj = match out.remove(name) {
                        Some(Json::Object(o)) => o,
                        _ => Map::new(),
                    };
                    level(children, c, &format!("{key}/{name}"), &mut obj);
                    out.insert(name.clone(), Json::Object(obj));
                }
                Schema::Repeat(name, children) => {
                    let n = counts.entry(name).or_default();
                    *n += 1;
                    let row_key = format!("{key}/{name}[{n}]");
                    let mut obj = Map::new();
                    obj.insert("__id".into(), json!(hex_id(&row_key)));
                    level(children, c, &row_key, &mut obj);
                    let list = out.entry(name.clone()).or_insert_with(|| json!([]));
                    list.as_array_mut().unwrap().push(Json::Object(obj));
                }
            }
        }
    }
    let mut obj = Map::new();
    obj.insert("__id".into(), json!(instance_id));
    level(&form.schema, submission, instance_id, &mut obj);
    obj.insert(
        "__system".into(),
        json!({"submissionDate": "2026-01-15T08:30:00.000Z", "submitterId": "7",
               "submitterName": "collector", "reviewState": null}),
    );
    Json::Object(obj)
}

/// A stable hex id for a repeat row (Central hashes the row's position; any stable id will do).
pub(super) fn hex_id(key: &str) -> String {
    let h = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("{h:016x}")
}
