//! The Incident Recorder target: the blank workbooks of the example countries read back
//! (sheets, headers, frozen header row, text formats, Menu Data, and each drop-down's range
//! against its menu, from the sheet XML), `ir-mapping.json` (snapshot, schema, no identifying
//! field read), the workbook writer with rows (formula-like texts stay text), and
//! `gbvims build --target ir` beside `mobile/`.

use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use gbvims_compiler::model::{IncidentRecorder, Model};
use gbvims_targets::ir::{self, IrCell, IrMenus, IrWorkbook};
use gbvims_targets::{Artifact, Options, Target};

use crate::common;
use crate::mobile::compile_country;

fn emit(country: &str) -> (gbvims_compiler::Compiled, Vec<Artifact>) {
    let compiled = compile_country(country);
    let files = ir::Ir
        .emit(
            compiled.checked().expect("checks clean"),
            &Options::default(),
        )
        .expect("the IR target emits");
    (compiled, files)
}

fn file<'a>(files: &'a [Artifact], path: &str) -> &'a [u8] {
    &files
        .iter()
        .find(|a| a.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .bytes
}

/// A part of an `.xlsx` (a zip) as text.
fn part(xlsx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The value of attribute `name` in an XML start tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let start = if tag.starts_with(&key) {
        key.len()
    } else {
        tag.find(&format!(" {key}"))? + key.len() + 1
    };
    tag[start..].split('"').next()
}

/// Every start tag `<name …>` of an XML text, with what follows it up to the next tag.
fn tags<'a>(xml: &'a str, name: &str) -> Vec<(&'a str, &'a str)> {
    xml.split(&format!("<{name} "))
        .skip(1)
        .map(|rest| {
            let end = rest.find('>').unwrap();
            let body = rest[end + 1..].split('<').next().unwrap_or_default();
            (&rest[..end], body)
        })
        .collect()
}

/// The data validations of Incident Data: (sqref, formula1).
fn validations(xlsx: &[u8]) -> Vec<(String, String)> {
    let sheet = part(xlsx, "xl/worksheets/sheet1.xml");
    sheet
        .split("<dataValidation ")
        .skip(1)
        .map(|rest| {
            let tag = &rest[..rest.find('>').unwrap()];
            let formula = rest
                .split("<formula1>")
                .nth(1)
                .and_then(|f| f.split("</formula1>").next())
                .unwrap()
                .replace("&apos;", "'");
            (attr(tag, "sqref").unwrap().to_string(), formula)
        })
        .collect()
}

/// The number format of each column of a sheet (`@` for Excel's format 49), by column number.
fn column_formats(xlsx: &[u8], sheet: &str) -> Vec<(u32, String)> {
    let styles = part(xlsx, "xl/styles.xml");
    let xfs_part = styles.split("<cellXfs").nth(1).unwrap();
    let xfs: Vec<&str> = tags(xfs_part, "xf").into_iter().map(|(t, _)| t).collect();
    let xml = part(xlsx, &format!("xl/worksheets/{sheet}.xml"));
    let mut out = Vec::new();
    for (tag, _) in tags(&xml, "col") {
        let min: u32 = attr(tag, "min").unwrap().parse().unwrap();
        let max: u32 = attr(tag, "max").unwrap().parse().unwrap();
        let format = attr(tag, "style").map_or("general".to_string(), |s| {
            let xf = xfs[s.parse::<usize>().unwrap()];
            match attr(xf, "numFmtId") {
                Some("49") => "@".to_string(),
                Some("0") | None => "general".to_string(),
                Some(other) => format!("format {other}"),
            }
        });
        out.extend((min..=max).map(|c| (c, format.clone())));
    }
    out
}

fn sheet_rows(xlsx: &[u8], name: &str) -> Vec<Vec<String>> {
    let mut book = gbvims_xlsx::open(xlsx, gbvims_xlsx::Limits::default()).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect()
}

/// Column number (1-based) of a column letter.
fn column_number(letters: &str) -> usize {
    letters
        .bytes()
        .fold(0, |n, b| n * 26 + usize::from(b - b'A' + 1))
}

/// Splits `$E$2` / `E2` into column letters and row.
fn cell_ref(r: &str) -> (String, u32) {
    let r = r.replace('$', "");
    let split = r.find(|c: char| c.is_ascii_digit()).unwrap();
    (r[..split].to_string(), r[split..].parse().unwrap())
}

/// A readable dump of a template: sheets, frozen pane, columns with header and format, the
/// drop-downs, and Menu Data. Checks on the way that each drop-down points exactly at its
/// menu's entries.
fn describe(model: &Model, lang: &str, xlsx: &[u8]) -> String {
    let ir = model.incident_recorder.as_ref().unwrap();
    let book = gbvims_xlsx::open(xlsx, gbvims_xlsx::Limits::default()).unwrap();
    let names = book.sheet_names();
    assert_eq!(names, ["Incident Data", "Menu Data"]);
    let data = sheet_rows(xlsx, "Incident Data");
    assert_eq!(data.len(), 1, "a template has its header row only");
    let menus = sheet_rows(xlsx, "Menu Data");
    let sheet1 = part(xlsx, "xl/worksheets/sheet1.xml");
    assert!(
        sheet1.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "the header row is frozen"
    );
    let formats = column_formats(xlsx, "sheet1");
    let mut out = format!(
        "sheets: {}\nfrozen: row 1\n\nIncident Data\n",
        names.join(", ")
    );
    for (i, c) in ir.columns.iter().enumerate() {
        let letter = IncidentRecorder::letter(i);
        let header = model.text(&c.header, lang);
        assert_eq!(data[0][i], header, "header of {letter}");
        let format = formats
            .iter()
            .find(|(n, _)| *n as usize == i + 1)
            .map_or("general", |(_, f)| f.as_str());
        out.push_str(&format!("{letter:<3}{format:<8}{header}\n"));
    }
    out.push_str("\ndrop-downs\n");
    let expected = IrMenus::template(model, lang);
    let found = validations(xlsx);
    let with_entries: Vec<_> = expected
        .menus
        .iter()
        .filter(|m| !m.entries.is_empty())
        .collect();
    assert_eq!(
        found.len(),
        with_entries.len(),
        "one drop-down per menu with entries"
    );
    for (sqref, formula) in &found {
        // The validated column: one menu-driven column, every row below the header.
        let (from, to) = sqref.split_once(':').unwrap();
        let (col, first) = cell_ref(from);
        let (col_to, last) = cell_ref(to);
        assert_eq!((col.as_str(), first, last), (col_to.as_str(), 2, 1_048_576));
        let column = column_number(&col) - 1;
        let (position, menu) = expected.of_column(column).expect("a menu-driven column");
        // Its list: exactly the menu's entries in its Menu Data column.
        let range = formula.strip_prefix("'Menu Data'!").unwrap();
        let (start, end) = range.split_once(':').unwrap();
        let (menu_col, start_row) = cell_ref(start);
        let (menu_col_end, end_row) = cell_ref(end);
        assert_eq!(menu_col, menu_col_end);
        assert_eq!(menu_col, IncidentRecorder::letter(position));
        assert_eq!((start_row, end_row as usize), (2, menu.entries.len() + 1));
        let m = column_number(&menu_col) - 1;
        assert_eq!(menus[0][m], menu.header, "the menu's header is above it");
        let listed: Vec<&str> = menus[1..]
            .iter()
            .map(|r| r[m].as_str())
            .take_while(|v| !v.is_empty())
            .collect();
        assert_eq!(
            listed, menu.entries,
            "the range holds the entries, and nothing below"
        );
        out.push_str(&format!("{sqref} <- {formula}\n"));
    }
    out.push_str("\nMenu Data\n");
    for (position, menu) in expected.menus.iter().enumerate() {
        let letter = IncidentRecorder::letter(position);
        assert_eq!(menus[0][position], menu.header);
        out.push_str(&format!(
            "{letter} {} (feeds {}, {} entries)\n",
            menu.header,
            IncidentRecorder::letter(menu.column),
            menu.entries.len()
        ));
        for e in &menu.entries {
            out.push_str(&format!("    {e}\n"));
        }
    }
    out
}

#[test]
fn templates_of_the_example_countries() {
    for (country, langs, golden) in [
        ("iraq", ["en", "ar"], ["en", "ar"].as_slice()),
        ("mali", ["fr", "en"], ["fr"].as_slice()),
    ] {
        let (compiled, files) = emit(country);
        let model = compiled.checked().unwrap().model();
        let mut names: Vec<&str> = files.iter().map(|a| a.path.as_str()).collect();
        names.sort_unstable();
        let expected: Vec<String> = {
            let mut v: Vec<String> = langs
                .iter()
                .map(|l| format!("incident-recorder.{l}.xlsx"))
                .collect();
            v.push("ir-mapping.json".to_string());
            v.sort();
            v
        };
        assert_eq!(names, expected);
        for lang in langs {
            let dump = describe(
                model,
                lang,
                file(&files, &format!("incident-recorder.{lang}.xlsx")),
            );
            if golden.contains(&lang) {
                common::assert_snapshot(&format!("ir_target__template@{country}.{lang}"), &dump);
            }
        }
    }
}

#[test]
fn the_menus_hold_what_the_configuration_gives() {
    let compiled = compile_country("iraq");
    let model = compiled.checked().unwrap().model();
    let menus = IrMenus::template(model, "en");
    let headers: Vec<&str> = menus.menus.iter().map(|m| m.header.as_str()).collect();
    assert_eq!(
        headers,
        [
            "CASEWORKER CODE",
            "ETHNICITY",
            "INCIDENT LOCATION",
            "INCIDENT COUNTY",
            "INCIDENT DISTRICT",
            "INCIDENT CAMP"
        ]
    );
    let sizes: Vec<usize> = menus.menus.iter().map(|m| m.entries.len()).collect();
    // No caseworker codes or camps without records; 18 governorates, 101 districts.
    assert_eq!(sizes[0], 0);
    assert_eq!(sizes[3], 18);
    assert_eq!(sizes[4], 101);
    assert_eq!(sizes[5], 0);
    assert!(menus.menus[4].exceeds_limit() && !menus.menus[3].exceeds_limit());
    // An export adds the values it writes, once, to the column's menu only.
    let mut m = menus.clone();
    assert!(m.add(2, "CW-01"), "column C feeds the caseworker codes");
    assert!(!m.add(2, "CW-01"));
    assert!(!m.add(2, ""));
    assert!(
        !m.add(7, &menus.menus[1].entries[0]),
        "H: already an ethnicity"
    );
    assert!(!m.add(0, "IQ-001"), "column A feeds no menu");
    assert!(!m.add(6, "M"), "column G feeds no menu");
    assert_eq!(m.menus[0].entries, ["CW-01"]);
}

#[test]
fn the_mapping() {
    let (compiled, files) = emit("iraq");
    let model = compiled.checked().unwrap().model();
    let text = std::str::from_utf8(file(&files, "ir-mapping.json")).unwrap();
    common::assert_snapshot("ir_target__mapping@iraq", text);
    let doc: serde_json::Value = serde_json::from_str(text).unwrap();
    // It follows its schema and reads back into its type.
    let schema_text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("targets/schema/ir-mapping.schema.json"),
    )
    .unwrap();
    let validator =
        jsonschema::validator_for(&serde_json::from_str(&schema_text).unwrap()).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mapping: ir::IrMapping = serde_json::from_value(doc.clone()).unwrap();
    assert_eq!(mapping.columns.len(), 42);
    assert_eq!(mapping.columns[41].letter, "AP");
    let z = &mapping.columns[25];
    assert_eq!(z.key, "number_primary_perpetrators");
    assert!(z.rules.numeric());
    assert!(
        mapping.columns.iter().filter(|c| c.rules.numeric()).count() == 1,
        "Z only"
    );
    assert!(
        mapping.columns[17].menu.as_ref().unwrap().exceeds_limit,
        "101 districts"
    );
    // Guard: no column reads an identifying field (the checker forbids it).
    let mut read = Vec::new();
    fields_read(&doc["columns"], &mut read);
    assert!(read.len() > 40, "{read:?}");
    for (form, field) in &read {
        let f = model
            .fields
            .iter()
            .find(|f| f.id.as_str() == field && model.form(f.form).id.as_str() == form)
            .unwrap_or_else(|| panic!("{form}.{field} is a field of the model"));
        assert!(
            !f.flags.identifying,
            "the IR reads identifying {form}.{field}"
        );
    }
}

/// Every (form, field) a JSON expression reads: `field` and `member` nodes, and the subform
/// field of an `aggregate`.
fn fields_read(v: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Object(o) => {
            let s = |k: &str| o.get(k).and_then(|v| v.as_str()).map(str::to_string);
            match o.get("op").and_then(|v| v.as_str()) {
                Some("field" | "member") => out.push((s("form").unwrap(), s("field").unwrap())),
                Some("aggregate") => out.push((s("rows_form").unwrap(), s("rows").unwrap())),
                _ => {}
            }
            o.values().for_each(|v| fields_read(v, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| fields_read(v, out)),
        _ => {}
    }
}

#[test]
fn builds_are_byte_identical() {
    let (_, a) = emit("mali");
    let (_, b) = emit("mali");
    assert_eq!(a, b);
}

#[test]
fn rows_are_written_as_text_never_as_formulas() {
    let compiled = compile_country("iraq");
    let model = compiled.checked().unwrap().model();
    let menus = IrMenus::template(model, "en");
    let tricky = ["=1+1", "+SUM(A1)", "-2", "@x", "\tTAB", "\rCR", "007"];
    let mut row: Vec<IrCell> = tricky
        .iter()
        .map(|t| IrCell::Text((*t).to_string()))
        .collect();
    row.push(IrCell::Empty);
    while row.len() < 25 {
        row.push(IrCell::Empty);
    }
    row.push(IrCell::Number(3));
    let mut streamed = IrWorkbook::new(model, "en", &menus).unwrap();
    let mut in_memory = IrWorkbook::in_memory(model, "en", &menus).unwrap();
    for book in [&mut streamed, &mut in_memory] {
        book.push_row(&row).unwrap();
        book.push_row(&[IrCell::Text("second".into())]).unwrap();
        assert_eq!(book.rows(), 2);
        assert!(book.push_row(&vec![IrCell::Empty; 43]).is_err(), "43 cells");
    }
    for bytes in [streamed.finish().unwrap(), in_memory.finish().unwrap()] {
        assert!(
            !part(&bytes, "xl/worksheets/sheet1.xml").contains("<f>"),
            "no formula"
        );
        let mut book = gbvims_xlsx::open(&bytes, gbvims_xlsx::Limits::default()).unwrap();
        let range = book.worksheet_range("Incident Data").unwrap();
        for (i, t) in tricky.iter().enumerate() {
            let col = u32::try_from(i).unwrap();
            assert_eq!(
                range.get_value((1, col)),
                Some(&Data::String((*t).to_string()))
            );
        }
        assert_eq!(range.get_value((1, 25)), Some(&Data::Float(3.0)));
        assert_eq!(gbvims_xlsx::cell_text(&range, 2, 0), "second");
    }
    // The template is the writer with zero rows, streamed (here through a chosen temporary
    // directory) or not.
    let template = IrWorkbook::template(model, "en", &menus).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let streamed = IrWorkbook::new_in(model, "en", &menus, tmp.path())
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(
        sheet_rows(&template, "Incident Data"),
        sheet_rows(&streamed, "Incident Data")
    );
    assert_eq!(
        sheet_rows(&template, "Menu Data"),
        sheet_rows(&streamed, "Menu Data")
    );
    assert_eq!(validations(&template), validations(&streamed));
}

/// A copy of the Iraq example in a temporary directory (the command runs there).
fn iraq() -> (tempfile::TempDir, PathBuf) {
    crate::common::iraq_copy()
}

fn read_dir_sorted(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn build_writes_ir_beside_mobile() {
    let (tmp, _) = iraq();
    let (code, _, err) = common::gbvims(&["build", "iraq", "--target", "mobile"], tmp.path());
    assert_eq!(code, 0, "{err}");
    let out = tmp.path().join("build/iraq");
    let mobile = read_dir_sorted(&out.join("mobile"));
    let (code, _, err) = common::gbvims(&["build", "iraq", "--target", "ir"], tmp.path());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("built: "), "{err}");
    assert_eq!(
        read_dir_sorted(&out.join("mobile")),
        mobile,
        "mobile/ untouched"
    );
    let ir_files: Vec<String> = read_dir_sorted(&out.join("ir"))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        ir_files,
        [
            "incident-recorder.ar.xlsx",
            "incident-recorder.en.xlsx",
            "ir-mapping.json",
            "manifest.json"
        ]
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(
        manifest.contains("\"ir\"") && manifest.contains("\"mobile\""),
        "{manifest}"
    );
    // Again: byte-identical.
    let first = read_dir_sorted(&out.join("ir"));
    let (code, _, err) = common::gbvims(&["build", "iraq", "--target", "ir"], tmp.path());
    assert_eq!(code, 0, "{err}");
    assert_eq!(read_dir_sorted(&out.join("ir")), first);
}
