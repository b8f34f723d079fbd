//! `gbvims translations export|import` end to end: the spreadsheet round-trips, and rows the
//! configuration does not know are reported by row (fixtures in `tests/fixtures/import/`: the rows
//! of a spreadsheet as `key<TAB>translation` lines, the expectations in a `.expect` file).

use crate::common;

use std::path::{Path, PathBuf};

use calamine::{Reader, Xlsx};

fn gbvims(args: &[&str]) -> (i32, String) {
    let (code, _, err) = common::gbvims(args, &std::env::temp_dir());
    (code, err)
}

/// A copy of a fixture country in a temporary directory.
fn copy_country(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let src = common::fixtures_root().join(name);
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    (tmp, dir)
}

/// The rows (key, English, target) of an exported spreadsheet.
fn read_rows(path: &Path) -> (Vec<String>, Vec<[String; 3]>) {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = book.worksheet_range("Translations").unwrap();
    let mut rows = range.rows().map(|r| {
        let cell = |n: usize| r.get(n).map(ToString::to_string).unwrap_or_default();
        [cell(0), cell(1), cell(2)]
    });
    let header = rows.next().unwrap().to_vec();
    (header, rows.collect())
}

/// Writes a spreadsheet like a translator's: the header, then (key, English, target) rows.
fn write_rows(path: &Path, header: &[String], rows: &[[String; 3]]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Translations").unwrap();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, v).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

/// Exports the Kurdish spreadsheet of the country in `dir` to `out` and reads it back.
fn export_ku(dir: &str, out: &Path) -> (Vec<String>, Vec<[String; 3]>) {
    let (code, err) = gbvims(&[
        "translations",
        "export",
        dir,
        "--lang",
        "ku",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    read_rows(out)
}

/// Export, fill, import: the configuration then checks clean and holds every filled text.
#[test]
fn spreadsheet_round_trips() {
    let (tmp, dir) = copy_country("roundtrip");
    let dir_s = dir.to_str().unwrap();
    let (code, err) = gbvims(&["check", dir_s]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("W0005"),
        "ku is missing before the import:\n{err}"
    );

    let (header, mut rows) = export_ku(dir_s, &tmp.path().join("ku.xlsx"));
    assert_eq!(header, ["key", "English", "Kurdish (ku)"]);
    assert!(
        rows.len() > 900,
        "every text is exported ({} rows)",
        rows.len()
    );
    assert!(rows
        .iter()
        .any(|r| r[0] == "field.gbv_incident_form.incident_date.label"));
    for row in &mut rows {
        if row[2].is_empty() {
            row[2] = format!("ku: {}", row[1]);
        }
    }
    let filled = tmp.path().join("ku-filled.xlsx");
    write_rows(&filled, &header, &rows);

    let (code, err) = gbvims(&["translations", "import", dir_s, filled.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        !err.contains("warning["),
        "a whole, unedited sheet (W0009, W0010):\n{err}"
    );
    assert!(dir.join("translations/ku.gbv").is_file());
    let (code, err) = gbvims(&["check", "--deny-warnings", dir_s]);
    assert_eq!(code, 0, "after the import the country is complete:\n{err}");
    let (code, err) = gbvims(&["fmt", "--check", dir.join("translations").to_str().unwrap()]);
    assert_eq!(code, 0, "the written file is formatted:\n{err}");

    // Exporting again gives back exactly the filled texts (in the configuration's order now
    // that none is missing; the first export listed the missing ones first).
    let (_, mut back) = export_ku(dir_s, &tmp.path().join("ku-again.xlsx"));
    let mut sorted = rows.clone();
    sorted.sort();
    back.sort();
    assert_eq!(back, sorted);

    // Importing the same spreadsheet twice writes the same file.
    let first = std::fs::read(dir.join("translations/ku.gbv")).unwrap();
    let (code, err) = gbvims(&["translations", "import", dir_s, filled.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read(dir.join("translations/ku.gbv")).unwrap(),
        first
    );
}

#[test]
fn export_refuses_an_undeclared_language() {
    let (tmp, dir) = copy_country("roundtrip");
    let out = tmp.path().join("de.xlsx");
    let (code, err) = gbvims(&[
        "translations",
        "export",
        dir.to_str().unwrap(),
        "--lang",
        "de",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not one of the country's languages"), "{err}");
    assert!(!out.exists());
}

/// Import fixtures: each `.tsv` becomes a spreadsheet imported into the round-trip country (in
/// parallel).
#[test]
fn import_fixtures() {
    let root = common::fixtures_root().join("import");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    cases.sort();
    common::parallel::for_each_case(
        &cases,
        |case| case.file_name().unwrap().to_string_lossy().into_owned(),
        |case| import_fixture(case),
    );
}

fn import_fixture(case: &Path) {
    let name = case.file_stem().unwrap().to_string_lossy().to_string();
    let (tmp, dir) = copy_country("roundtrip");
    let rows: Vec<[String; 3]> = std::fs::read_to_string(case)
        .unwrap()
        .lines()
        .map(|l| {
            let (k, t) = l.split_once('\t').unwrap_or((l, ""));
            [k.to_string(), String::new(), t.to_string()]
        })
        .collect();
    let xlsx = tmp.path().join(format!("{name}.xlsx"));
    let header = [
        "key".to_string(),
        "English".to_string(),
        "Kurdish (ku)".to_string(),
    ];
    write_rows(&xlsx, &header, &rows);
    let (code, err) = gbvims(&[
        "translations",
        "import",
        dir.to_str().unwrap(),
        xlsx.to_str().unwrap(),
    ]);
    let expect = std::fs::read_to_string(case.with_extension("expect")).unwrap();
    let failing = expect.lines().any(|l| l.starts_with("expect:"));
    assert_eq!(code, i32::from(failing), "{name}:\n{err}");
    for line in expect.lines() {
        if let Some(list) = line.strip_prefix("expect:") {
            for item in list.split(',').map(str::trim) {
                let (code, row) = item.split_once('@').unwrap();
                let at = format!("error[{code}]: row {row}");
                assert!(err.contains(&at), "{name}: no `{at}` in\n{err}");
            }
            assert!(
                !dir.join("translations").exists(),
                "{name}: nothing is written on error"
            );
        }
    }
    let err = err.replace(tmp.path().to_str().unwrap(), "<tmp>");
    common::assert_snapshot(&format!("translations_cli__import_fixtures@{name}"), &err);
}

/// A spreadsheet of Kurdish rows `(key, translation)`.
fn kurdish_sheet(path: &Path, rows: &[(&str, &str)]) {
    let header = [
        "key".to_string(),
        "English".to_string(),
        "Kurdish (ku)".to_string(),
    ];
    let rows: Vec<[String; 3]> = rows
        .iter()
        .map(|(k, t)| [(*k).to_string(), String::new(), (*t).to_string()])
        .collect();
    write_rows(path, &header, &rows);
}

/// Import owns only the files it wrote: a hand-written translations file is left as it is.
#[test]
fn import_never_overwrites_a_hand_written_file() {
    let (tmp, dir) = copy_country("roundtrip");
    std::fs::create_dir_all(dir.join("translations")).unwrap();
    let hand = "# Reviewed with the Erbil team, keep these notes.\n\
                translate field gbv_incident_form.incident_date {\n  label: ku \"rêkeft\"\n}\n";
    let file = dir.join("translations/ku.gbv");
    std::fs::write(&file, hand).unwrap();
    let xlsx = tmp.path().join("ku.xlsx");
    kurdish_sheet(
        &xlsx,
        &[("field.gbv_incident_form.incident_date.label", "dîrok")],
    );
    let (code, err) = gbvims(&[
        "translations",
        "import",
        dir.to_str().unwrap(),
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("was not written by `gbvims translations import`"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), hand);
}

/// A spreadsheet with no translation left empties the file import wrote; it is never deleted.
#[test]
fn import_keeps_its_file_when_nothing_is_left() {
    let (tmp, dir) = copy_country("roundtrip");
    let xlsx = tmp.path().join("ku.xlsx");
    let file = dir.join("translations/ku.gbv");
    kurdish_sheet(
        &xlsx,
        &[("field.gbv_incident_form.incident_date.label", "dîrok")],
    );
    let import = || {
        gbvims(&[
            "translations",
            "import",
            dir.to_str().unwrap(),
            xlsx.to_str().unwrap(),
        ])
    };
    let (code, err) = import();
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&file).unwrap().contains("dîrok"));
    kurdish_sheet(
        &xlsx,
        &[("field.gbv_incident_form.incident_date.label", "")],
    );
    let (code, err) = import();
    assert_eq!(code, 0, "{err}");
    let left = std::fs::read_to_string(&file).unwrap();
    assert!(
        left.starts_with("# Translations into ku, written by"),
        "{left}"
    );
    assert!(!left.contains("translate"), "{left}");
    assert!(err.contains("the file is kept"), "{err}");
}

/// The sheet lists the texts still to translate first, with a filter on the header row; on import
/// an edited source text (W0009) and deleted rows (W0010) are warnings, and the translations are
/// imported all the same.
#[test]
fn missing_texts_first_and_edits_of_the_sheet_are_reported() {
    let (tmp, dir) = copy_country("roundtrip");
    let dir_s = dir.to_str().unwrap();
    let out = tmp.path().join("ku.xlsx");
    let (header, rows) = export_ku(dir_s, &out);
    let first_done = rows.iter().position(|r| !r[2].is_empty());
    if let Some(n) = first_done {
        assert!(
            rows[n..].iter().all(|r| !r[2].is_empty()),
            "every missing text comes before the translated ones"
        );
    }
    // The filter is on the header row, and allowed on the protected sheet.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains("<autoFilter ref=\"A1:C"), "no filter");
    assert!(
        xml.contains("autoFilter=\"0\""),
        "filtering a protected sheet is allowed"
    );

    // Keep two rows: one with its English edited, both translated.
    let mut kept: Vec<[String; 3]> = rows.into_iter().take(2).collect();
    kept[0][1] = format!("{} (edited)", kept[0][1]);
    for r in &mut kept {
        r[2] = "ku text".to_string();
    }
    let filled = tmp.path().join("ku-filled.xlsx");
    write_rows(&filled, &header, &kept);
    let (code, err) = gbvims(&["translations", "import", dir_s, filled.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning[W0009]: row 2:"), "{err}");
    assert!(err.contains("warning[W0010]:"), "{err}");
    assert!(err.contains("wrote ") && err.contains(": 2 texts"), "{err}");
}
