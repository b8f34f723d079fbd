//! The shipped example countries, `gbvims init`, and the standard built into the binary.

use std::path::PathBuf;

use crate::common::{self, gbvims};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Both examples check with no error and no warning, from any directory (the standard is built
/// into the binary), and with `--standard` pointing at the repository's copy.
#[test]
fn example_countries_are_clean() {
    for country in ["iraq", "mali"] {
        let dir = repo().join("country-configs").join(country);
        let dir = dir.to_str().unwrap();
        let tmp = std::env::temp_dir();
        let (code, _, err) = gbvims(&["check", "--deny-warnings", dir], &tmp);
        assert_eq!(code, 0, "{country}:\n{err}");
        let std_dir = repo().join("standard-forms");
        let (code, _, err) = gbvims(
            &[
                "check",
                "--deny-warnings",
                "--standard",
                std_dir.to_str().unwrap(),
                dir,
            ],
            &tmp,
        );
        assert_eq!(code, 0, "{country} with --standard:\n{err}");
        let (code, _, err) = gbvims(&["fmt", "--check", dir], &tmp);
        assert_eq!(code, 0, "{country} is formatted:\n{err}");
    }
}

/// A directory of countries checks each country on its own.
#[test]
fn a_directory_of_countries_checks_each() {
    let (code, _, err) = gbvims(&["check", "--deny-warnings", "country-configs"], &repo());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("ok: country-configs/iraq (3 files)"), "{err}");
    assert!(err.contains("ok: country-configs/mali (3 files)"), "{err}");
}

pub(crate) fn compile_country(name: &str) -> gbvims_compiler::model::Model {
    let root = repo();
    let dir = root.join("country-configs").join(name);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x == "gbv" || x == "csv" || x == "pem")
        })
        .collect();
    files.sort();
    let country: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            let rel = f.strip_prefix(&root).unwrap().display().to_string();
            (rel, std::fs::read_to_string(f).unwrap())
        })
        .collect();
    let (_, result) = common::compile_country_on_standard(&country);
    assert!(!result.has_errors());
    result.model().cloned().unwrap()
}

#[test]
fn iraq_model() {
    let model = compile_country("iraq");
    let country = model.country.as_ref().unwrap();
    assert_eq!(country.code, "iq");
    let langs: Vec<&str> = model
        .standard
        .languages
        .iter()
        .map(|l| l.as_str())
        .collect();
    assert_eq!(langs, ["en", "ar"]);
    assert_eq!(country.locations.units.len(), 414);
    assert_eq!(
        (country.ir_level("county"), country.ir_level("district")),
        (Some(1), Some(2))
    );
    let levels: Vec<(&str, u8)> = country
        .location_levels
        .iter()
        .map(|l| (l.kind.as_str(), l.level))
        .collect();
    assert_eq!(
        levels,
        [("governorate", 1), ("district", 2), ("sub_district", 3)]
    );
    // The Incident Recorder's location columns: Abi Gharaq is in Al-Hilla district, Babil.
    assert_eq!(
        country.location_name("IQG07Q02N02", "county", "en", "en"),
        Some("Babil")
    );
    assert_eq!(
        country.location_name("IQG07Q02N02", "district", "ar", "en"),
        Some("الحلة")
    );
    assert_eq!(country.location_name("IQG07", "district", "en", "en"), None);
    // Localized lists replaced, anchors kept; the standard's placeholders are gone.
    let lookup = |id: &str| model.lookup(model.lookup_by_id(id).unwrap());
    let ethnicity = lookup("lookup-ethnicity");
    assert!(ethnicity.option("ethnicity1").is_none());
    assert!(ethnicity
        .options
        .iter()
        .all(|o| o.label.get("ar").is_some()));
    assert!(lookup("lookup-harmful-traditional-practice")
        .option("no")
        .is_some());
    // Only the country's languages remain.
    assert!(model
        .lookups
        .iter()
        .flat_map(|l| &l.options)
        .all(|o| o.label.get("fr").is_none()));
    // Country fields carry the prefix and sit after the field they name.
    let added: Vec<&str> = model
        .fields
        .iter()
        .map(|f| f.id.as_str())
        .filter(|id| id.starts_with("iq_"))
        .collect();
    assert!(!added.is_empty());
}

#[test]
fn mali_model() {
    let model = compile_country("mali");
    let country = model.country.as_ref().unwrap();
    assert_eq!(country.code, "ml");
    assert_eq!(model.standard.default_language.as_str(), "fr");
    assert!(country.locations.depth == 2);
    assert!(country
        .location_levels
        .iter()
        .any(|l| l.kind.as_str() == "ml_cercle"));
    let types = model.lookup(model.lookup_by_id("lookup-location-type").unwrap());
    assert!(types.option("ml_cercle").is_some());
}

#[test]
fn init_scaffolds_a_country_that_reports_only_its_placeholders() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("chad");
    let d = dir.to_str().unwrap();
    let (code, _, err) = gbvims(
        &["init", d, "--country", "td", "--languages", "fr,en,ar"],
        tmp.path(),
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = gbvims(&["fmt", "--check", d], tmp.path());
    assert_eq!(code, 0, "init writes formatted files:\n{err}");
    let (code, out, _) = gbvims(&["check", "--format", "json", d], tmp.path());
    assert_eq!(code, 1);
    let mut codes = common::json_codes(&out);
    codes.sort();
    let mut want = vec!["E0067".to_string()];
    want.extend(std::iter::repeat_n("E0091".to_string(), 8));
    want.push("W0006".to_string());
    assert_eq!(
        codes, want,
        "only the placeholders: the 8 lists, the locations and the mobile key"
    );
    // Never over an existing configuration.
    let (code, _, err) = gbvims(&["init", d, "--country", "td"], tmp.path());
    assert_eq!(code, 2);
    assert!(err.contains("not empty"), "{err}");
    let (code, _, err) = gbvims(
        &[
            "init",
            tmp.path().join("x").to_str().unwrap(),
            "--country",
            "chad",
        ],
        tmp.path(),
    );
    assert_eq!(code, 2, "{err}");
}

/// Whatever the languages (without English, one alone, English not first), the scaffold reports
/// only its placeholders; the location file keeps an English name column, which Primero requires,
/// and init prints the checklist.
#[test]
fn init_for_any_language_set_reports_only_its_placeholders() {
    for langs in ["fr,ar", "fr", "ar,fr,en"] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("chad");
        let d = dir.to_str().unwrap();
        let (code, _, err) = gbvims(
            &["init", d, "--country", "td", "--languages", langs],
            tmp.path(),
        );
        assert_eq!(code, 0, "{err}");
        assert!(
            err.contains("1. country.gbv: replace the 8 placeholder lists"),
            "{err}"
        );
        assert!(err.contains("en (Primero requires English names)"), "{err}");
        assert!(err.lines().count() <= 12, "one screen:\n{err}");
        let (_, out, _) = gbvims(&["check", "--format", "json", d], tmp.path());
        let mut codes = common::json_codes(&out);
        codes.sort();
        let mut want = vec!["E0067".to_string()];
        want.extend(std::iter::repeat_n("E0091".to_string(), 8));
        want.push("W0006".to_string());
        assert_eq!(codes, want, "{langs}: only the placeholders");
    }
}

/// A language the standard lacks is reported once, listing every key.
#[test]
fn init_with_a_new_language_lists_missing_translations() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("niger");
    let d = dir.to_str().unwrap();
    let (code, _, err) = gbvims(
        &["init", d, "--country", "ne", "--languages", "fr,ha"],
        tmp.path(),
    );
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = gbvims(&["check", "--format", "json", d], tmp.path());
    let w: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|d| d["code"] == "W0005")
        .collect();
    assert_eq!(w.len(), 1);
    assert!(w[0]["message"].as_str().unwrap().contains("`ha`"));
    assert!(w[0]["notes"][0]
        .as_str()
        .unwrap()
        .contains("field.gbv_incident_form.incident_date.label"));
}

/// A copy of the Iraq example in a temporary directory: (the directory holding it, the country).
fn iraq_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("iq");
    std::fs::create_dir(&dir).unwrap();
    for f in ["country.gbv", "locations.csv", "mobile-public-key.pem"] {
        std::fs::copy(repo().join("country-configs/iraq").join(f), dir.join(f)).unwrap();
    }
    (tmp, dir)
}

/// Runs `gbvims check --format json` on `dir` with extra environment variables, within 20 s:
/// (exit code, codes reported (sorted), stdout).
fn check_json(dir: &std::path::Path, env: &[(&str, &str)]) -> (i32, Vec<String>, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gbvims"))
        .args(["check", "--format", "json", dir.to_str().unwrap()])
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("gbvims check did not finish within 20 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut codes: Vec<String> = stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["code"].as_str().unwrap().to_string()
        })
        .collect();
    codes.sort();
    (out.status.code().unwrap_or(-1), codes, stdout)
}

/// Route 5 of issue 9: a location file linked outside the country is not read (E0095, at the
/// `locations:` line, and nothing of the target is echoed); a linked directory leading outside
/// is reported and not followed; a link that stays inside is read as usual.
#[cfg(unix)]
#[test]
fn links_out_of_the_country_are_refused() {
    let (tmp, dir) = iraq_copy();
    let (code, codes, _) = check_json(&dir, &[]);
    assert_eq!(
        (code, codes),
        (0, vec![]),
        "the copy is clean (passes E0095)"
    );
    let secret = tmp.path().join("secret.csv");
    std::fs::write(&secret, "survivor name,Fatoumata\n").unwrap();
    std::fs::rename(dir.join("locations.csv"), tmp.path().join("real.csv")).unwrap();
    std::os::unix::fs::symlink(&secret, dir.join("locations.csv")).unwrap();
    let outside = tmp.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("extra.gbv"), "add field to nowhere\n").unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("linked")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("self")).unwrap();
    let (code, codes, out) = check_json(&dir, &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(codes, ["E0095", "E0095"], "{out}");
    assert!(
        !out.contains("Fatoumata"),
        "the target is never echoed:\n{out}"
    );
    assert!(
        out.contains("\"line\":12"),
        "at the `locations:` line:\n{out}"
    );
    // A link inside the country is fine.
    std::fs::remove_file(dir.join("locations.csv")).unwrap();
    std::fs::remove_file(dir.join("linked")).unwrap();
    std::fs::rename(tmp.path().join("real.csv"), dir.join("real.csv")).unwrap();
    std::os::unix::fs::symlink("real.csv", dir.join("locations.csv")).unwrap();
    let (code, codes, out) = check_json(&dir, &[]);
    assert_eq!((code, codes), (0, vec![]), "{out}");
}

/// A named pipe, a link to `/dev/zero` and a link loop in a country or a standard directory are
/// reported (E0096) within seconds instead of blocking or filling the memory.
#[cfg(unix)]
#[test]
fn special_files_are_refused() {
    let (tmp, dir) = iraq_copy();
    let (code, codes, _) = check_json(&dir, &[]);
    assert_eq!(
        (code, codes),
        (0, vec![]),
        "the copy is clean (passes E0096)"
    );
    let fifo = dir.join("pipe.gbv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", dir.join("extra.csv")).unwrap();
    std::os::unix::fs::symlink("b.gbv", dir.join("a.gbv")).unwrap();
    std::os::unix::fs::symlink("a.gbv", dir.join("b.gbv")).unwrap();
    let (code, codes, out) = check_json(&dir, &[]);
    assert_eq!(code, 1, "{out}");
    // `/dev/zero` is outside the country: E0095; the pipe and the two links of the loop: E0096.
    assert_eq!(codes, ["E0095", "E0096", "E0096", "E0096"], "{out}");
    // A standard directory with a link loop and a directory linking to itself.
    let std_dir = tmp.path().join("std");
    std::fs::create_dir(&std_dir).unwrap();
    std::fs::copy(
        common::fixtures_root().join("check/ok-sample-form.gbv"),
        std_dir.join("a.gbv"),
    )
    .unwrap();
    std::os::unix::fs::symlink("loop.gbv", std_dir.join("loop.gbv")).unwrap();
    std::os::unix::fs::symlink(".", std_dir.join("again")).unwrap();
    let (code, codes, out) = check_json(&std_dir, &[]);
    assert_eq!((code, codes), (1, vec!["E0096".to_string()]), "{out}");
}

/// Files over the size limit are refused on their size, before reading (E0097); the limits are
/// set by `GBVIMS_MAX_GBV_SIZE`, `GBVIMS_MAX_CSV_SIZE` and `GBVIMS_MAX_PEM_SIZE`.
#[test]
fn files_over_the_limit_are_refused() {
    let (_tmp, dir) = iraq_copy();
    let (code, codes, _) = check_json(&dir, &[("GBVIMS_MAX_CSV_SIZE", "1M")]);
    assert_eq!(
        (code, codes),
        (0, vec![]),
        "under the limits (passes E0097)"
    );
    let (code, codes, out) = check_json(&dir, &[("GBVIMS_MAX_CSV_SIZE", "1K")]);
    assert_eq!((code, codes), (1, vec!["E0097".to_string()]), "{out}");
    assert!(
        out.contains("\"line\":12"),
        "at the `locations:` line:\n{out}"
    );
    assert!(out.contains("GBVIMS_MAX_CSV_SIZE"), "{out}");
    // The mobile key (`.pem`, 64 KiB by default): refused at its `mobile_public_key:` line.
    let (code, codes, out) = check_json(&dir, &[("GBVIMS_MAX_PEM_SIZE", "100")]);
    assert_eq!((code, codes), (1, vec!["E0097".to_string()]), "{out}");
    assert!(
        out.contains("\"line\":14"),
        "at the `mobile_public_key:` line:\n{out}"
    );
    assert!(out.contains("GBVIMS_MAX_PEM_SIZE"), "{out}");
    let (code, codes, out) = check_json(&dir, &[("GBVIMS_MAX_GBV_SIZE", "100")]);
    assert_eq!(code, 1, "{out}");
    assert!(codes.contains(&"E0097".to_string()), "{out}");
    let (code, _, _) = check_json(&dir, &[("GBVIMS_MAX_GBV_SIZE", "lots")]);
    assert_eq!(code, 2, "a limit that is not a size is a usage error");
}

/// A location file with more rows of units than `GBVIMS_MAX_LOCATION_ROWS` (default 2,000,000)
/// is refused before its units are held (E0097 at the `locations:` line): a file of very short
/// rows is bounded by its rows, as a file of usual rows is by its size.
#[test]
fn location_files_over_the_row_limit_are_refused() {
    let (_tmp, dir) = iraq_copy();
    // Iraq's file: 294 rows of units.
    let (code, codes, out) = check_json(&dir, &[("GBVIMS_MAX_LOCATION_ROWS", "294")]);
    assert_eq!(
        (code, codes),
        (0, vec![]),
        "at the limit (passes E0097): {out}"
    );
    let (code, codes, out) = check_json(&dir, &[("GBVIMS_MAX_LOCATION_ROWS", "293")]);
    assert_eq!((code, codes), (1, vec!["E0097".to_string()]), "{out}");
    assert!(
        out.contains("\"line\":12"),
        "at the `locations:` line:\n{out}"
    );
    assert!(
        out.contains("has 294 rows of locations, more than the limit of 293"),
        "{out}"
    );
    assert!(out.contains("GBVIMS_MAX_LOCATION_ROWS"), "{out}");
    let (code, _, _) = check_json(&dir, &[("GBVIMS_MAX_LOCATION_ROWS", "many")]);
    assert_eq!(code, 2, "a limit that is not a number is a usage error");

    // Many one-level units in rows of a few bytes (no final line break): counted as rows.
    let mut tiny = String::from("code,name\n#adm1+code,#adm1+name");
    for n in 0..3_000 {
        tiny.push_str(&format!("\nU{n},u"));
    }
    std::fs::write(dir.join("locations.csv"), &tiny).unwrap();
    let (code, codes, out) = check_json(&dir, &[("GBVIMS_MAX_LOCATION_ROWS", "2999")]);
    assert_eq!((code, codes), (1, vec!["E0097".to_string()]), "{out}");
    assert!(out.contains("has 3000 rows of locations"), "{out}");
}

/// A location file saved as Excel's plain "CSV" on Windows (Windows-1252, Arabic names lost as
/// `?`) is refused with one error at the `locations:` line naming the row and the byte (E0107),
/// not a usage error and no cascade; saved as UTF-8 it is read.
#[test]
fn location_files_not_utf8_are_refused() {
    let (_tmp, dir) = iraq_copy();
    let utf8 = std::fs::read_to_string(dir.join("locations.csv")).unwrap();
    let (code, codes, _) = check_json(&dir, &[]);
    assert_eq!((code, codes), (0, vec![]), "UTF-8 is read (passes E0107)");
    let french = utf8.replacen("Abi Gharaq", "Abi Ghéraq", 1);
    let windows_1252: Vec<u8> = french
        .chars()
        .map(|c| match u32::from(c) {
            n @ 0..=0x7f | n @ 0xa0..=0xff => u8::try_from(n).unwrap(),
            _ => b'?',
        })
        .collect();
    std::fs::write(dir.join("locations.csv"), windows_1252).unwrap();
    let (code, codes, out) = check_json(&dir, &[]);
    assert_eq!((code, codes), (1, vec!["E0107".to_string()]), "{out}");
    assert!(
        out.contains("\"line\":12"),
        "at the `locations:` line:\n{out}"
    );
    assert!(
        out.contains("row 3 has the byte 0xE9 (`é` in Windows-1252)"),
        "{out}"
    );
}

/// Writes the rows of a CSV text as the first sheet of a workbook, leaving out the cells `skip`
/// ((row, column), 0-based).
fn csv_to_xlsx(text: &str, path: &std::path::Path, skip: &[(u32, u16)]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    for (r, record) in reader.records().enumerate() {
        let r = u32::try_from(r).unwrap();
        for (c, cell) in record.unwrap().iter().enumerate() {
            let c = u16::try_from(c).unwrap();
            if !cell.is_empty() && !skip.contains(&(r, c)) {
                sheet.write_string(r, c, cell).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

/// `locations: "locations.xlsx"` reads the workbook's first sheet (the same two header rows);
/// a mistake is reported at its sheet row; Excel's lock file beside an open workbook is left
/// alone; a file that is not a workbook is one error at the `locations:` line (E0108).
#[test]
fn location_workbooks_are_read() {
    let (_tmp, dir) = iraq_copy();
    let text = std::fs::read_to_string(dir.join("locations.csv")).unwrap();
    std::fs::remove_file(dir.join("locations.csv")).unwrap();
    let header = std::fs::read_to_string(dir.join("country.gbv")).unwrap();
    std::fs::write(
        dir.join("country.gbv"),
        header.replace("locations.csv", "locations.xlsx"),
    )
    .unwrap();
    csv_to_xlsx(&text, &dir.join("locations.xlsx"), &[]);
    std::fs::write(dir.join("~$locations.xlsx"), b"lock").unwrap();
    let (code, codes, out) = check_json(&dir, &[]);
    assert_eq!((code, codes), (0, vec![]), "read (passes E0108):\n{out}");
    // Row 5 of the sheet without its sub-district code (column E).
    csv_to_xlsx(&text, &dir.join("locations.xlsx"), &[(4, 4)]);
    let (code, codes, out) = check_json(&dir, &[]);
    assert_eq!((code, codes), (1, vec!["E0070".to_string()]), "{out}");
    assert!(
        out.contains("row 5: the code of admin level 3 is blank"),
        "{out}"
    );
    assert!(out.contains("locations.xlsx"), "{out}");
    // An old Excel file or a CSV file renamed `.xlsx`.
    std::fs::write(dir.join("locations.xlsx"), text).unwrap();
    let (code, codes, out) = check_json(&dir, &[]);
    assert_eq!((code, codes), (1, vec!["E0108".to_string()]), "{out}");
    assert!(
        out.contains("\"line\":12"),
        "at the `locations:` line:\n{out}"
    );
}
