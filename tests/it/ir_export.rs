//! `gbvims ir export` end to end on Iraq's configuration: records written for the tests
//! (`tests/fixtures/ir-export/`) → the workbook, read back with calamine; the cells in English and
//! Arabic, formula injection, malformed records, `--strict`, the filters, the directory of codes,
//! and a failed or killed export leaving the previous file as it was.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};

use crate::common;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn fixture(name: &str) -> PathBuf {
    common::fixtures_root().join("ir-export").join(name)
}

fn iraq() -> PathBuf {
    root().join("country-configs/iraq")
}

/// Runs `gbvims ir export` on Iraq with the test directory of codes.
fn export(records: &Path, lang: &str, out: &Path, extra: &[&str]) -> (i32, String) {
    let (iraq, records, out, dir) = (
        iraq(),
        records.display().to_string(),
        out.display().to_string(),
        fixture("directory").display().to_string(),
    );
    let mut args = vec![
        "ir",
        "export",
        iraq.to_str().unwrap(),
        "--records",
        &records,
        "--lang",
        lang,
        "-o",
        &out,
        "--directory",
        &dir,
    ];
    args.extend_from_slice(extra);
    let (code, _, stderr) = common::gbvims(&args, &root());
    (code, stderr)
}

/// The `Incident Data` sheet: every row, as cells.
pub(crate) fn sheet(path: &Path) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = book.worksheet_range("Incident Data").unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

/// Rows after the header, one line per non-empty cell: `row 2 Z: 2 (number)`.
pub(crate) fn dump(rows: &[Vec<Data>]) -> String {
    let mut out = String::new();
    for (r, row) in rows.iter().enumerate().skip(1) {
        for (c, cell) in row.iter().enumerate() {
            let letter = gbvims_compiler::model::IncidentRecorder::letter(c);
            let shown = match cell {
                Data::Empty => continue,
                Data::String(s) => s.clone(),
                Data::Float(f) => format!("{f} (number)"),
                other => format!("{other:?} (unexpected)"),
            };
            out.push_str(&format!("row {} {letter}: {shown}\n", r + 1));
        }
        out.push('\n');
    }
    out
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap()
}

#[test]
fn golden_cells_in_english_and_arabic() {
    let tmp = tempfile::tempdir().unwrap();
    for lang in ["en", "ar"] {
        let out = tmp.path().join(format!("ir.{lang}.xlsx"));
        let (code, stderr) = export(&fixture("golden.jsonl"), lang, &out, &[]);
        assert_eq!(code, 1, "records 5, 6 and 8 are refused: {stderr}");
        let rows = sheet(&out);
        assert_eq!(rows.len(), 1 + 5, "{stderr}");
        assert_eq!(rows[0].len(), 42);
        let got = dump(&rows);
        let name = format!("golden.{lang}.txt");
        if std::env::var_os("GBVIMS_UPDATE_GOLDEN").is_some() {
            std::fs::write(fixture(&name), &got).unwrap();
        }
        let want = expected(&name);
        assert_eq!(got, want, "cells in `{lang}` (stderr: {stderr})");
    }
}

/// The incident ids (column A) of the exported rows.
fn ids(path: &Path) -> Vec<String> {
    sheet(path)
        .iter()
        .skip(1)
        .map(|r| r[0].to_string())
        .collect()
}

#[test]
fn a_json_array_gives_the_same_workbook_as_json_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let lines = std::fs::read_to_string(fixture("golden.jsonl")).unwrap();
    let array = format!("[\n{}\n]\n", lines.lines().collect::<Vec<_>>().join(",\n"));
    let records = tmp.path().join("incidents.json");
    std::fs::write(&records, array).unwrap();
    let out = tmp.path().join("ir.xlsx");
    let (code, stderr) = export(&records, "en", &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(dump(&sheet(&out)), expected("golden.en.txt"));
}

#[test]
fn french_headers_month_names_and_places() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ir.fr.xlsx");
    let (mali, records, out_s) = (
        root().join("country-configs/mali"),
        fixture("french.jsonl"),
        out.display().to_string(),
    );
    let (code, _, stderr) = common::gbvims(
        &[
            "ir",
            "export",
            mali.to_str().unwrap(),
            "--records",
            records.to_str().unwrap(),
            "--lang",
            "fr",
            "-o",
            &out_s,
        ],
        &root(),
    );
    assert_eq!(code, 0, "{stderr}");
    let rows = sheet(&out);
    let cell = |c: usize| rows[1][c].to_string();
    assert_eq!(rows[0][0].to_string(), "ID de l'incident");
    assert_eq!(cell(3), "10-juin-2024");
    assert_eq!(cell(4), "01-août-2024");
    assert_eq!(cell(5), "15-mar-2008");
    assert_eq!(cell(6), "Féminin");
    assert_eq!((cell(16), cell(17)), ("Kayes".into(), "Kita".into()));
    assert_eq!(cell(19), "Agression physique");
    assert_eq!(rows[1][25], Data::Float(2.0));
    assert_eq!(cell(26), "Masculin et Féminin");
    assert_eq!(cell(28), "âge 26 - 40");
    assert_eq!(cell(40), "Oui");
    // The record names no caseworker or agency: both code cells are empty.
    assert_eq!((cell(2), cell(41)), (String::new(), String::new()));
}

/// The XML of the data sheet, straight from the zip.
fn sheet_xml(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    xml
}

#[test]
fn texts_that_look_like_formulas_stay_text() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ir.xlsx");
    let (code, stderr) = export(&fixture("injection.jsonl"), "en", &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    let rows = sheet(&out);
    let cell = |r: usize, c: usize| rows[r][c].clone();
    assert_eq!(
        cell(1, 0),
        Data::String("=HYPERLINK(\"http://evil.example\",\"click\")".into())
    );
    assert_eq!(cell(1, 1), Data::String("+1".into()));
    assert_eq!(cell(1, 18), Data::String("-1".into()));
    assert_eq!(cell(2, 0), Data::String("@x".into()));
    assert_eq!(cell(2, 1), Data::String("\t=1+1".into()));
    let xml = sheet_xml(&out);
    assert!(!xml.contains("<f>") && !xml.contains("<f "), "{xml}");
    // Every cell but Z (a number) is a string cell.
    for cell in xml.split("<c ").skip(1) {
        let head = &cell[..cell.find('>').unwrap()];
        if head.starts_with("r=\"Z") && !head.starts_with("r=\"Z1\"") {
            assert!(!head.contains("t=\""), "{head}");
        } else {
            assert!(head.contains("t=\"inlineStr\""), "{head}");
        }
    }
}

#[test]
fn bad_records_are_listed_with_index_and_path() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ir.xlsx");
    let (code, stderr) = export(&fixture("golden.jsonl"), "en", &out, &[]);
    assert_eq!(code, 1);
    for line in [
        "error: record 5: sex: `martian` is not an option of this question (options: male, female); record not exported",
        "error: record 6: alleged_perpetrator[2].perpetrator_sex: `alien` is not an option of this question",
        "error: record 6: alleged_perpetrator[2].age_group: expected an option id, found a number",
        "error: record 6: incident_date: `2024-13-45` is not a date (expected year-month-day, such as 2024-06-30)",
        "error: record 6: date_of_first_report: `yesterday` is not a date",
        "error: record 8: incident_location: `IQZZZ99` is not a location code of iraq's location file",
        "warning: record 2: no code for user `cw_ghost` in directory/users.csv; the cell is empty",
        "warning: record 2: no code for agency `agency-unknown` in directory/agencies.csv; the cell is empty",
        "8 records read: 5 exported, 3 with problems, 0 left out",
    ] {
        assert!(stderr.contains(line), "missing `{line}` in:\n{stderr}");
    }
    // A user name is never written, found or not.
    let xml = sheet_xml(&out);
    assert!(!xml.contains("cw_ghost") && !xml.contains("cw_amina") && !xml.contains("never read"));

    // Not JSON, not an object: problems of those records, the rest is exported.
    let records = tmp.path().join("broken.jsonl");
    std::fs::write(
        &records,
        "{\"incidentid_ir\": \"A\"}\nnot json\n\n[1, 2]\n{\"incidentid_ir\": \"B\", \"age\": \"ten\"}\n",
    )
    .unwrap();
    let (code, stderr) = export(&records, "en", &out, &[]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("error: record 2: line 2 is not valid JSON"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: record 3: a record must be a JSON object, found a list"),
        "{stderr}"
    );
    assert_eq!(
        ids(&out),
        ["A", "B"],
        "age is not read by the IR: not checked"
    );
}

/// A value longer than a spreadsheet cell holds refuses its record, naming the column, never the
/// value; the other records are exported.
#[test]
fn a_value_too_long_for_a_cell_refuses_its_record() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ir.xlsx");
    let records = tmp.path().join("long.jsonl");
    let long = "Z".repeat(32_768);
    std::fs::write(
        &records,
        format!("{{\"incidentid_ir\": \"A\"}}\n{{\"incidentid_ir\": \"{long}\"}}\n"),
    )
    .unwrap();
    let (code, stderr) = export(&records, "en", &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error: record 2: column A (incident_id): this value is 32,768 characters long; a spreadsheet cell holds at most 32,767; record not exported"),
        "{stderr}"
    );
    assert!(!stderr.contains("ZZZZ"), "the value is never shown");
    assert_eq!(ids(&out), ["A"]);
}

#[test]
fn strict_writes_nothing_when_a_record_is_bad() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ir.xlsx");
    std::fs::write(&out, b"previous").unwrap();
    let (code, stderr) = export(&fixture("golden.jsonl"), "en", &out, &["--strict"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("nothing written (--strict): 3 records with problems"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"previous");
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
    // Clean records with --strict: exit 0.
    let (code, stderr) = export(&fixture("injection.jsonl"), "en", &out, &["--strict"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(ids(&out).len(), 2);
}

#[test]
fn filters_leave_records_out_and_count_them() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ir.xlsx");
    let (code, stderr) = export(&fixture("filters.jsonl"), "en", &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        ids(&out),
        ["KEEP-1", "NO-CONSENT", "NO-ANSWER", "ELSEWHERE", "KEEP-2"]
    );
    assert!(stderr.contains("6 records read: 5 exported, 0 with problems, 1 left out (1 disabled, 0 without consent, 0 reported by another GBVIMS organisation)"), "{stderr}");
    let (code, stderr) = export(
        &fixture("filters.jsonl"),
        "en",
        &out,
        &["--only-consented", "--exclude-reported-by-gbvims-org"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(ids(&out), ["KEEP-1", "KEEP-2"]);
    assert!(stderr.contains("6 records read: 2 exported, 0 with problems, 4 left out (1 disabled, 2 without consent, 1 reported by another GBVIMS organisation)"), "{stderr}");
}

#[test]
fn a_failed_export_leaves_the_previous_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ir.xlsx");
    std::fs::write(&out, b"previous").unwrap();
    // Broken JSON in an array: nothing after it can be trusted (exit 2).
    let records = tmp.path().join("broken.json");
    std::fs::write(
        &records,
        "[{\"incidentid_ir\": \"A\"}, {\"incidentid_ir\": ",
    )
    .unwrap();
    let (code, stderr) = export(&records, "en", &out, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not valid JSON (at record 2)"), "{stderr}");
    assert_eq!(std::fs::read(&out).unwrap(), b"previous");
    // An unknown language, a missing records file: usage errors.
    let (code, _) = export(&fixture("golden.jsonl"), "xx", &out, &[]);
    assert_eq!(code, 2);
    let (code, _) = export(&tmp.path().join("none.jsonl"), "en", &out, &[]);
    assert_eq!(code, 2);
    assert_eq!(std::fs::read(&out).unwrap(), b"previous");
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(left.len(), 2, "no temporary file left: {left:?}");
}

/// Killed while records are still coming (a pipe the test feeds): the previous file is intact.
#[cfg(unix)]
#[test]
fn a_killed_export_leaves_the_previous_file() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ir.xlsx");
    std::fs::write(&out, b"previous").unwrap();
    let fifo = tmp.path().join("records.jsonl");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gbvims"))
        .args(["ir", "export"])
        .arg(iraq())
        .arg("--records")
        .arg(&fifo)
        .args(["--lang", "en", "-o"])
        .arg(&out)
        .arg("--directory")
        .arg(fixture("directory"))
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut pipe = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    let line = std::fs::read_to_string(fixture("golden.jsonl")).unwrap();
    for _ in 0..200 {
        pipe.write_all(line.as_bytes()).unwrap();
    }
    pipe.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    drop(pipe);
    assert_eq!(std::fs::read(&out).unwrap(), b"previous");
}

#[test]
fn directory_files_must_be_well_formed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("directory");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("users.csv"), "name,code\namina,CW-07\n").unwrap();
    let out = tmp.path().join("ir.xlsx");
    let (iraq, records, out_s, dir_s) = (
        iraq(),
        fixture("injection.jsonl"),
        out.display().to_string(),
        dir.display().to_string(),
    );
    let (code, _, stderr) = common::gbvims(
        &[
            "ir",
            "export",
            iraq.to_str().unwrap(),
            "--records",
            records.to_str().unwrap(),
            "--lang",
            "en",
            "-o",
            &out_s,
            "--directory",
            &dir_s,
        ],
        &root(),
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("users.csv: the first line must name the columns `id,code`"),
        "{stderr}"
    );
    assert!(!out.exists());
}

/// The library's cells without the CLI: an unknown option id or a malformed date gives an empty
/// cell (the export refuses such records before), Z a number, codes from the directory, and
/// the filters read answers the evaluator's way.
#[test]
fn library_cells_and_filters() {
    use gbvims_compiler::filters::{consented, reported_by_gbvims_org, Dropped, Filters};
    use gbvims_compiler::model::Date;
    use gbvims_compiler::records::validate::record_type;
    use gbvims_compiler::records::{ir_cells, Directory, DirectoryData, IrCell, Missing};

    let (_, compiled) = common::standard();
    let model = compiled.model().unwrap();
    let ir = model.incident_recorder.as_ref().unwrap();
    let incident = record_type(model, "incident").unwrap();
    let directory = Directory::from_csv(Some("id,code\ncw_amina,CW-07\n"), None).unwrap();
    let data = DirectoryData::new(model, &directory);
    let record = serde_json::json!({
        "owned_by": "cw_amina", "created_organization": "agency-x", "sex": "martian",
        "incident_date": "2024-13-45", "date_of_first_report": "2024-01-07",
        "alleged_perpetrator": [{"perpetrator_sex": "male"}], "consent_reporting": true,
        "gbv_reported_elsewhere": "gbvims-org"
    });
    let record = record.as_object().unwrap();
    let today = Date::parse_iso("2024-06-30").unwrap();
    let cells = ir_cells(model, ir, record, "en", &data, today);
    assert_eq!(cells.len(), 42);
    assert_eq!(cells[2], IrCell::Text("CW-07".into()));
    assert_eq!(cells[3], IrCell::Text("07-Jan-2024".into()));
    assert_eq!(cells[4], IrCell::Empty, "malformed date");
    assert_eq!(cells[6], IrCell::Empty, "unknown option");
    assert_eq!(cells[25], IrCell::Number(1));
    assert_eq!(cells[41], IrCell::Empty);
    assert_eq!(data.take_missing(), [Missing::Agency("agency-x".into())]);
    assert!(data.take_missing().is_empty());

    assert!(consented(model, incident, record));
    assert!(reported_by_gbvims_org(model, incident, record));
    let both = Filters {
        only_consented: true,
        exclude_reported_by_gbvims_org: true,
    };
    assert_eq!(
        both.check(model, incident, record),
        Some(Dropped::ReportedByGbvimsOrg)
    );
    assert_eq!(Filters::default().check(model, incident, record), None);
}

/// The export's Menu Data holds the configuration's menus and every value the rows wrote in a
/// menu column (FACTS §5.4), and each drop-down of Incident Data covers exactly its menu.
#[test]
fn the_export_menus_hold_every_written_value() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ir.xlsx");
    let (code, err) = export(&fixture("golden.jsonl"), "en", &out, &[]);
    assert!(code <= 1, "{err}");
    let mut book: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let menus = book.worksheet_range("Menu Data").unwrap();
    let menu_rows: Vec<Vec<String>> = menus
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    let data = sheet(&out);
    let headers: Vec<String> = data[0].iter().map(ToString::to_string).collect();
    let xml = sheet_xml(&out);
    // Which data column each menu feeds, from the target's own table.
    let compiled = crate::mobile::compile_country("iraq");
    let template = gbvims_targets::ir::IrMenus::template(compiled.model().unwrap(), "en");
    let mut fed = 0;
    for (m, menu_header) in menu_rows[0].iter().enumerate() {
        let entries: Vec<&str> = menu_rows[1..]
            .iter()
            .map(|r| r.get(m).map_or("", String::as_str))
            .filter(|e| !e.is_empty())
            .collect();
        // The data column this menu feeds: the one whose drop-down reads it.
        let letter = gbvims_compiler::model::IncidentRecorder::letter(m);
        let range = format!("'Menu Data'!${letter}$2:${letter}${}", entries.len() + 1);
        if entries.is_empty() {
            assert!(
                !xml.contains(&format!("'Menu Data'!${letter}$")),
                "{menu_header}: no drop-down"
            );
            continue;
        }
        assert!(
            xml.contains(&range),
            "{menu_header}: a drop-down over {range}"
        );
        // Every value written in a column fed by this menu is one of its entries.
        for c in 0..headers.len() {
            if template.of_column(c).map(|(p, _)| p) != Some(m) {
                continue;
            }
            fed += 1;
            for row in &data[1..] {
                let v = row.get(c).map(ToString::to_string).unwrap_or_default();
                assert!(
                    v.is_empty() || entries.contains(&v.as_str()),
                    "{menu_header}: `{v}` not in {entries:?}"
                );
            }
        }
    }
    assert!(fed >= 5, "menus feed {fed} columns");
}

/// A copy of Iraq whose records hold other ids than the standard's (`iraq-aliases.gbv`: aliased
/// yes/no, sex, type of violence and perpetrator relationship, a legacy field key), and the
/// golden records rewritten in those stored ids: the same workbook, cell for cell, and the same
/// refused records, whose messages name what the records hold.
#[test]
fn records_in_stored_ids_fill_the_same_workbook() {
    use gbvims_compiler::records::validate::record_type;
    use gbvims_compiler::records::Validator;
    let (_tmp, dir) = common::iraq_copy();
    std::fs::copy(fixture("iraq-aliases.gbv"), dir.join("aliases.gbv")).unwrap();
    let files = crate::mobile::country_files(&dir);
    let (_, compiled) = common::compile_country_on_standard(&files);
    let model = compiled.model().expect("the aliased copy compiles");
    let incident = record_type(model, "incident").unwrap();
    let validator = Validator::new(model, incident);
    let golden = std::fs::read_to_string(fixture("golden.jsonl")).unwrap();
    let mut stored = String::new();
    for line in golden.lines() {
        let record: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(line).unwrap();
        stored.push_str(&serde_json::Value::Object(validator.to_stored(&record)).to_string());
        stored.push('\n');
    }
    assert!(stored.contains("\"f\"") && stored.contains("\"intimate_partner\""));
    assert!(stored.contains("\"forced_marriage_early\"") && stored.contains("\"no\""));
    let tmp = tempfile::tempdir().unwrap();
    let records = tmp.path().join("stored.jsonl");
    std::fs::write(&records, stored).unwrap();
    for lang in ["en", "ar"] {
        let out = tmp.path().join(format!("ir.{lang}.xlsx"));
        let (d, records, o, codes) = (
            dir.display().to_string(),
            records.display().to_string(),
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
            lang,
            "-o",
            &o,
            "--directory",
            &codes,
        ];
        let (code, _, stderr) = common::gbvims(&args, &root());
        assert_eq!(code, 1, "records 5, 6 and 8 are refused: {stderr}");
        assert_eq!(
            dump(&sheet(&out)),
            expected(&format!("golden.{lang}.txt")),
            "cells in `{lang}` from stored ids (stderr: {stderr})"
        );
        if lang == "en" {
            // The record holds `martian`; the options listed are the stored ids.
            assert!(
                stderr.contains("error: record 5: sex: `martian` is not an option of this question (options: m, f); record not exported"),
                "{stderr}"
            );
            assert!(stderr.contains("8 records read: 5 exported, 3 with problems, 0 left out"));
        }
    }
}
