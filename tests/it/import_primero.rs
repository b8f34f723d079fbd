//! `gbvims import primero` (issue 15): the round trip through the Primero target for both example
//! countries, a JSON bundle and Ruby seed files written for the tests
//! (`tests/fixtures/import-primero/`), and the importer's diagnostics (E0139, E0140, W0017)
//! through the CLI.

use std::path::Path;

use gbvims_compiler::model::Model;
use gbvims_compiler::Sources;
use gbvims_targets::primero;
use gbvims_targets::Artifact;
use serde_json::Value as Json;

use crate::common;

fn fixture(path: &str) -> std::path::PathBuf {
    common::fixtures_root().join("import-primero").join(path)
}

fn standard() -> &'static Model {
    common::standard()
        .1
        .model()
        .expect("the standard checks clean")
}

/// The dump of a Primero build: `configuration.json` and the location files.
fn dump_of(artifacts: &[Artifact]) -> gbvims_import::Dump {
    let mut sources = Sources::new();
    let mut ids = Vec::new();
    for a in artifacts {
        let top = !a.path.contains('/');
        if top && (a.path == "configuration.json" || a.path.ends_with(".csv")) {
            ids.push(
                sources.add_country(a.path.clone(), String::from_utf8(a.bytes.clone()).unwrap()),
            );
        }
    }
    gbvims_import::read(&sources, &ids).unwrap_or_else(|e| panic!("{e:?}"))
}

/// The first field whose JSON differs between two lists of form sections (for the message).
fn first_difference(a_forms: &Json, b_forms: &Json) -> String {
    let (a, b) = (a_forms, b_forms);
    let fields = |j: &Json| -> Vec<Json> {
        j.as_array()
            .into_iter()
            .flatten()
            .flat_map(|f| {
                f["fields_attributes"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .collect()
    };
    let (a, b) = (fields(a), fields(b));
    for (x, y) in a.iter().zip(&b) {
        if x != y {
            return format!("before: {x}\nafter:  {y}");
        }
    }
    let forms = |j: &Json| -> Vec<Json> {
        j.as_array()
            .into_iter()
            .flatten()
            .map(|f| {
                let mut f = f.clone();
                f["fields_attributes"] = Json::Null;
                f
            })
            .collect()
    };
    for (x, y) in forms(a_forms).iter().zip(&forms(b_forms)) {
        if x != y {
            return format!("before: {x}\nafter:  {y}");
        }
    }
    format!("{} fields before, {} after", a.len(), b.len())
}

/// What a bundle carries, for comparison: the forms and lookups of `configuration.json` and the
/// location files.
fn carried(artifacts: &[Artifact]) -> (Json, Json, Vec<(String, String)>) {
    let bundle: Json = crate::primero::json_file(artifacts, "configuration.json");
    let locations = artifacts
        .iter()
        .filter(|a| a.path.starts_with("locations") && a.path.ends_with(".csv"))
        .map(|a| (a.path.clone(), String::from_utf8(a.bytes.clone()).unwrap()))
        .collect();
    (
        bundle["data"]["FormSection"].clone(),
        bundle["data"]["Lookup"].clone(),
        locations,
    )
}

/// What a bundle cannot carry, per example country: the differences between the original model
/// and the imported one, which the test expects exactly (the report lists the kinds of them,
/// `gbvims_import::report::NOT_IN_A_BUNDLE`).
fn not_carried(original: &Model, imported: &Model) -> Vec<String> {
    let mut out = Vec::new();
    for f in &original.fields {
        let Some(g) = imported.fields.iter().find(|g| g.id == f.id) else {
            out.push(format!("field {} missing", f.id));
            continue;
        };
        for (what, a, b) in [
            ("identifying", f.flags.identifying, g.flags.identifying),
            ("sensitive", f.flags.sensitive, g.flags.sensitive),
        ] {
            if a != b {
                out.push(format!("{}: {what}", f.id));
            }
        }
        if f.visible_to != g.visible_to {
            out.push(format!("{}: visible_to", f.id));
        }
    }
    let (a, b) = (original.country.as_ref(), imported.country.as_ref());
    if a.map(|c| &c.mobile_public_key) != b.map(|c| &c.mobile_public_key) {
        out.push("mobile_public_key".into());
    }
    if a.map(|c| &c.ir_location_levels) != b.map(|c| &c.ir_location_levels) {
        out.push("ir_location_levels".into());
    }
    if original.incident_recorder != imported.incident_recorder {
        out.push("incident_recorder".into());
    }
    out
}

/// Builds the Primero target of an example country, imports it back, and checks that the
/// overlay compiles (no error) to the same forms, fields, lookups, translations and locations —
/// the same bundle and location files — and differs from the original only in what a bundle
/// cannot carry.
fn round_trip(country: &str, languages: &[&str], expected_not_carried: &[&str]) {
    round_trip_of(
        country,
        country,
        &format!("country-configs/{country}"),
        languages,
        expected_not_carried,
    );
}

/// [`round_trip`] of the country in `dir` (relative to the repository), named `country`; the
/// overlay written is the snapshot `import_primero__round_trip_<snapshot>`.
fn round_trip_of(
    snapshot: &str,
    country: &str,
    dir: &str,
    languages: &[&str],
    expected_not_carried: &[&str],
) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let compiled = common::compile_country_on_standard(&crate::mobile::country_files(&root)).1;
    let instance = std::fs::read_to_string(root.join("primero/instance.json")).unwrap();
    let built = primero::build(
        compiled.checked().expect("checks clean"),
        &gbvims_targets::Options {
            primero_instance: Some(instance),
            ..gbvims_targets::Options::default()
        },
    )
    .unwrap_or_else(|ds| panic!("the Primero target builds: {ds:?}"));
    let dump = dump_of(&built.artifacts);
    let options = gbvims_import::Options {
        id: country.to_string(),
        code: None,
        languages: Some(languages.iter().map(|l| (*l).to_string()).collect()),
    };
    let imported = gbvims_import::import(&dump, standard(), &options).unwrap();
    let mut files = vec![(
        format!("{country}/country.gbv"),
        imported.country_gbv.clone(),
    )];
    if let Some(csv) = &imported.locations_csv {
        files.push((format!("{country}/locations.csv"), csv.clone()));
    }
    let (_, again) = common::compile_country_on_standard(&files);
    let errors: Vec<String> = again
        .diagnostics()
        .iter()
        .filter(|d| d.severity() == gbvims_compiler::Severity::Error)
        .map(|d| format!("{}: {}", d.code.as_str(), d.message))
        .collect();
    assert!(
        errors.is_empty(),
        "the imported overlay of {country} has errors: {errors:#?}\n{}",
        imported.country_gbv
    );
    // Rebuilt with the instance file the importer wrote: the whole bundle's `data` (forms,
    // lookups, and the installation's agencies, roles, user groups, contacts and reports) and
    // the location files are the same.
    let instance = imported
        .instance_json
        .clone()
        .expect("a bundle gives primero/instance.json");
    let options = gbvims_targets::Options {
        primero_instance: Some(instance),
        ..gbvims_targets::Options::default()
    };
    let rebuilt = primero::build(again.checked().unwrap(), &options).unwrap();
    // Nothing is left out of the comparison: the display conditions of the country's own fields
    // are read back too.
    let (forms, lookups, locations) = carried(&built.artifacts);
    let (forms2, lookups2, locations2) = carried(&rebuilt.artifacts);
    assert!(
        forms == forms2,
        "{country}: the forms differ after the round trip\n{}",
        first_difference(&forms, &forms2)
    );
    assert!(
        lookups == lookups2,
        "{country}: the lookups differ after the round trip"
    );
    assert_eq!(locations, locations2, "{country}: the locations differ");
    let data = |a: &[Artifact]| crate::primero::json_file(a, "configuration.json")["data"].clone();
    assert!(
        data(&built.artifacts) == data(&rebuilt.artifacts),
        "{country}: the bundle's data differ after the round trip"
    );
    // No display condition is left for the administrator to write.
    let conditions: Vec<&gbvims_import::Left> = imported
        .left
        .iter()
        .filter(|l| l.why.contains("condition"))
        .collect();
    assert!(
        conditions.is_empty(),
        "{country}: conditions not read back: {conditions:#?}"
    );
    assert_eq!(
        not_carried(compiled.model().unwrap(), again.model().unwrap()),
        expected_not_carried,
        "{country}: what the bundle did not carry"
    );
    common::assert_snapshot(
        &format!("import_primero__round_trip_{snapshot}"),
        &imported.country_gbv,
    );
}

#[test]
fn round_trip_iraq() {
    round_trip(
        "iraq",
        &["en", "ar"],
        &["iq_civil_documentation: sensitive", "mobile_public_key"],
    );
}

#[test]
fn round_trip_mali() {
    round_trip("mali", &["fr", "en"], &["mobile_public_key"]);
}

/// A country whose data holds other ids (`tests/fixtures/aliases`: option aliases on fixed and
/// replaced lists, a location type and legacy field keys): the Primero bundle stores them, and the
/// import writes them back as `stored_as`. A bundle holds a field's legacy key, not the id the
/// overlay gave it: `tl_service_type`, stored as `services_given`, comes back as
/// `tl_services_given` (same key, same bundle). The display conditions of the country's fields,
/// which read fields with legacy keys and options under other ids, are read back.
#[test]
fn round_trip_stored_ids() {
    round_trip_of(
        "timor_leste",
        "timor_leste",
        "tests/fixtures/aliases",
        &["en"],
        &["field tl_service_type missing", "mobile_public_key"],
    );
}

/// A country whose own fields have display conditions of every kind the Primero target writes
/// (`tests/fixtures/import-primero/conditions`): `!=`, `= false`, `and`/`or`/`not`, `in` and
/// `not in`, `contains`, `is empty`, options stored under other ids, a guard (a condition reading
/// a field that has its own), legacy keys and conditions on subform rows. The overlay written
/// gives them back, and the rebuilt bundle is the same.
#[test]
fn round_trip_conditions() {
    round_trip_of(
        "conditions",
        "timor_leste",
        "tests/fixtures/import-primero/conditions",
        &["en"],
        &["mobile_public_key"],
    );
}

/// The standard's own bundle imports to an overlay that changes nothing.
#[test]
fn the_standard_imports_to_an_empty_overlay() {
    let checked = common::standard().1.checked().unwrap();
    let built = primero::build(checked, &crate::primero::options("iraq")).unwrap();
    let dump = dump_of(&built.artifacts);
    let options = gbvims_import::Options {
        id: "xx".into(),
        code: Some("xx".into()),
        languages: Some(vec!["en".into(), "fr".into(), "ar".into()]),
    };
    let imported = gbvims_import::import(&dump, standard(), &options).unwrap();
    assert!(imported.decls.is_empty(), "{}", imported.country_gbv);
    // The standard has no locations: the one thing the report asks for.
    let left: Vec<&str> = imported.left.iter().map(|l| l.what.as_str()).collect();
    assert_eq!(left, ["locations"]);
}

fn run_import(dump: &Path, extra: &[&str]) -> (tempfile::TempDir, i32, String) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ng");
    let mut args = vec![
        "import",
        "primero",
        dump.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--color",
        "never",
    ];
    args.extend_from_slice(extra);
    let (code, _stdout, stderr) = common::gbvims(&args, tmp.path());
    let stderr = stderr.replace(
        &common::fixtures_root().display().to_string(),
        "tests/fixtures",
    );
    let stderr = stderr.replace(&tmp.path().display().to_string(), "<tmp>");
    (tmp, code, stderr)
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join("ng").join(name)).unwrap()
}

/// Ruby seed files written for the tests: options under other ids, a legacy key, a hidden
/// option, a form of the country's own, locations; the written overlay and report.
#[test]
fn seed_files_import() {
    let (tmp, code, stderr) = run_import(&fixture("seeds-ng"), &[]);
    assert_eq!(code, 0, "{stderr}");
    common::assert_snapshot(
        "import_primero__seeds_ng_country",
        &read(tmp.path(), "country.gbv"),
    );
    common::assert_snapshot(
        "import_primero__seeds_ng_report",
        &read(tmp.path(), "IMPORT-REPORT.md"),
    );
    common::assert_snapshot(
        "import_primero__seeds_ng_locations",
        &read(tmp.path(), "locations.csv"),
    );
    common::assert_snapshot("import_primero__seeds_ng_stderr", &stderr);
    assert!(stderr.contains("W0017"), "{stderr}");
    // The same input gives the same files.
    let (tmp2, _, _) = run_import(&fixture("seeds-ng"), &[]);
    for name in ["country.gbv", "IMPORT-REPORT.md", "locations.csv"] {
        assert_eq!(read(tmp.path(), name), read(tmp2.path(), name), "{name}");
    }
}

/// A JSON configuration bundle written for the tests.
#[test]
fn bundle_imports() {
    let (tmp, code, stderr) = run_import(
        &fixture("bundle-ng/configuration.json"),
        &["--country", "ng"],
    );
    assert_eq!(code, 0, "{stderr}");
    common::assert_snapshot(
        "import_primero__bundle_ng_country",
        &read(tmp.path(), "country.gbv"),
    );
}

/// A seed file with Ruby outside the literal subset: E0139 at its line, nothing written.
#[test]
fn ruby_outside_the_subset_is_refused() {
    let (tmp, code, stderr) = run_import(&fixture("E0139-ruby-outside-literal-subset"), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[E0139]"), "{stderr}");
    assert!(stderr.contains("lookups/lookups.rb:9"), "{stderr}");
    assert!(!tmp.path().join("ng").exists());
    common::assert_snapshot("import_primero__E0139", &stderr);
}

/// A bundle whose form has no id: E0140, nothing written.
#[test]
fn an_unreadable_bundle_is_refused() {
    let (tmp, code, stderr) = run_import(
        &fixture("E0140-unreadable-primero-configuration/configuration.json"),
        &["--country", "ng"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[E0140]"), "{stderr}");
    assert!(!tmp.path().join("ng").exists());
    common::assert_snapshot("import_primero__E0140", &stderr);
}

/// Ids that would write declarations of their own into `country.gbv` (a `}` and a new line in a
/// field name, a quote in an option id) are refused with E0140 at their form or lookup, and
/// nothing is written; a text keyed by something that is not a locale is not read as a language.
#[test]
fn ids_that_are_not_ids_are_refused() {
    let (tmp, code, stderr) = run_import(
        &fixture("E0140-id-injection/configuration.json"),
        &["--country", "ng"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr.matches("error[E0140]").count(), 2, "{stderr}");
    assert!(
        stderr.contains("`ng_extra`: `ng_note }\\nadd field"),
        "{stderr}"
    );
    assert!(!stderr.contains("injected"), "{stderr}");
    assert!(!tmp.path().join("ng").exists());
    common::assert_snapshot("import_primero__E0140_ids", &stderr);
}

/// A non-empty output directory is never overwritten.
#[test]
fn a_non_empty_directory_is_not_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ng");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("country.gbv"), "keep me").unwrap();
    let dump = fixture("seeds-ng");
    let (code, _, stderr) = common::gbvims(
        &[
            "import",
            "primero",
            dump.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("country.gbv")).unwrap(),
        "keep me"
    );
}

/// The README's migration in three commands: the Primero build of Iraq, imported (the bundle
/// named, as the README does), checks with no error and builds every target (the instance file
/// comes from the bundle, the locations from the files beside it).
#[test]
fn a_country_migrates_in_three_commands() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let iraq = root.join("country-configs/iraq");
    let run = |args: &[&str]| {
        let (code, _, stderr) = common::gbvims(args, tmp.path());
        assert_eq!(code, 0, "{args:?}: {stderr}");
        stderr
    };
    run(&[
        "build",
        iraq.to_str().unwrap(),
        "--target",
        "primero",
        "-o",
        "old",
    ]);
    // As the README writes it: the bundle named, its location files taken from beside it.
    let imported = run(&[
        "import",
        "primero",
        "old/primero/configuration.json",
        "-o",
        "iq",
    ]);
    assert!(imported.contains("primero/instance.json"), "{imported}");
    assert!(imported.contains("locations.csv"), "{imported}");
    let checked = run(&["check", "iq"]);
    assert!(checked.contains("0 errors"), "{checked}");
    run(&["build", "iq", "--target", "all", "-o", "new"]);
    let bundle = |dir: &str| {
        let text = std::fs::read_to_string(tmp.path().join(dir).join("primero/configuration.json"));
        serde_json::from_str::<Json>(&text.unwrap()).unwrap()["data"].clone()
    };
    assert!(bundle("old") == bundle("new"), "the rebuilt bundle differs");
}

/// The overlay written for the seed files uses every construct of issue 15 (stored ids, legacy
/// keys, `hide option`, `hide form`, `unused lookup`, `change field`, the country's own forms) and
/// checks with no error but the placeholder lists the deployment never replaced (E0091: the
/// report asks for them), no syntax error and no refusal of what the importer wrote.
#[test]
fn the_overlay_for_the_seeds_checks_but_for_placeholders() {
    let (tmp, code, stderr) = run_import(&fixture("seeds-ng"), &[]);
    assert_eq!(code, 0, "{stderr}");
    let report = read(tmp.path(), "IMPORT-REPORT.md");
    let checked = &report[report.find("## What `gbvims check` says").unwrap()..];
    let errors: Vec<&str> = checked
        .lines()
        .filter(|l| l.starts_with("- error "))
        .collect();
    assert!(!errors.is_empty(), "{report}");
    for e in errors {
        assert!(e.starts_with("- error E0091 "), "{e}\n{report}");
    }
}

/// Robustness: the seed files and the bundle written for the tests, mutated deterministically
/// (cut short, bytes deleted, brackets, quotes and Ruby keywords inserted), are read and
/// imported or refused, never a panic.
#[test]
fn mutated_inputs_never_panic() {
    const NASTY: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        "\"",
        "'",
        ":",
        "=>",
        ",",
        "#{x}",
        "do |x|",
        "end",
        "1.5",
        "nil",
        ":sym",
        "\\",
        "\n",
        "é",
        "\u{0}",
        "Field.new(",
        "x = ",
        "FormSection.create!",
    ];
    let mut inputs: Vec<(String, String)> = Vec::new();
    for dir in [
        "seeds-ng/forms/incident",
        "seeds-ng/forms/case",
        "seeds-ng/lookups",
        "seeds-ng/locations",
        "bundle-ng",
    ] {
        for e in std::fs::read_dir(fixture(dir)).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            inputs.push((name, std::fs::read_to_string(&p).unwrap()));
        }
    }
    inputs.sort();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    for round in 0..300 {
        let (name, text) = &inputs[round % inputs.len()];
        let mut bytes = text.clone().into_bytes();
        for _ in 0..=next(4) {
            let at = next(bytes.len() + 1);
            match next(3) {
                0 => bytes.truncate(at),
                1 => {
                    let end = (at + next(20)).min(bytes.len());
                    bytes.drain(at.min(end)..end);
                }
                _ => {
                    let piece = NASTY[next(NASTY.len())].as_bytes();
                    bytes.splice(
                        at.min(bytes.len())..at.min(bytes.len()),
                        piece.iter().copied(),
                    );
                }
            }
        }
        let text = String::from_utf8_lossy(&bytes).to_string();
        let mut sources = Sources::new();
        let id = sources.add_country(name.clone(), text);
        if let Ok(dump) = gbvims_import::read(&sources, &[id]) {
            let options = gbvims_import::Options {
                id: "ng".into(),
                code: Some("ng".into()),
                languages: None,
            };
            let _ = gbvims_import::import(&dump, standard(), &options);
        }
    }
}

/// The forms and lookups in the REST shape (`forms/*.json`, `lookups/*.json` of a Primero build)
/// import to the same overlay as the bundle.
#[test]
fn rest_files_import_like_the_bundle() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mali = root.join("country-configs/mali");
    let run = |args: &[&str]| {
        let (code, _, stderr) = common::gbvims(args, tmp.path());
        assert_eq!(code, 0, "{args:?}: {stderr}");
    };
    run(&[
        "build",
        mali.to_str().unwrap(),
        "--target",
        "primero",
        "-o",
        "b",
    ]);
    let rest = tmp.path().join("rest");
    for dir in ["forms", "lookups"] {
        std::fs::create_dir_all(rest.join(dir)).unwrap();
        for e in std::fs::read_dir(tmp.path().join("b/primero").join(dir)).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, rest.join(dir).join(p.file_name().unwrap())).unwrap();
        }
    }
    for e in std::fs::read_dir(tmp.path().join("b/primero")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "csv") {
            std::fs::copy(&p, rest.join(p.file_name().unwrap())).unwrap();
        }
    }
    run(&[
        "import",
        "primero",
        "b/primero",
        "-o",
        "from-bundle/mali",
        "--languages",
        "fr,en",
    ]);
    run(&[
        "import",
        "primero",
        "rest",
        "-o",
        "from-rest/mali",
        "--languages",
        "fr,en",
    ]);
    let gbv =
        |dir: &str| std::fs::read_to_string(tmp.path().join(dir).join("mali/country.gbv")).unwrap();
    assert_eq!(gbv("from-bundle"), gbv("from-rest"));
}

/// A named pipe among the seed files is refused without being opened for a read that would
/// wait for a writer forever (it was read with `std::fs::read`, and the command hung).
#[test]
fn a_named_pipe_in_the_dump_is_refused_not_waited_on() {
    let tmp = tempfile::tempdir().unwrap();
    let forms = tmp.path().join("dump/forms/case");
    std::fs::create_dir_all(&forms).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(forms.join("pipe.rb"))
        .status()
        .unwrap();
    assert!(made.success());
    let (code, _, stderr) = common::gbvims(
        &["import", "primero", "dump", "-o", "ng", "--country", "ng"],
        tmp.path(),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("pipe.rb` is not a regular file"),
        "{stderr}"
    );
    assert!(!tmp.path().join("ng").exists());
}

/// Only the directories below the dump make a file a seed file: a dump kept in a directory
/// named `forms` does not make its other Ruby files (here one that is not a literal) seeds.
#[test]
fn the_directories_above_the_dump_do_not_make_seed_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dump = tmp.path().join("forms/dump");
    for dir in ["forms/case", "forms/incident", "locations", "lookups"] {
        let from = fixture("seeds-ng").join(dir);
        std::fs::create_dir_all(dump.join(dir)).unwrap();
        for entry in std::fs::read_dir(&from).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dump.join(dir).join(entry.file_name())).unwrap();
        }
    }
    std::fs::create_dir_all(dump.join("tasks")).unwrap();
    std::fs::write(dump.join("tasks/run.rb"), "puts `ls`\n").unwrap();
    let (code, _, stderr) = common::gbvims(
        &[
            "import",
            "primero",
            "forms/dump",
            "-o",
            "ng",
            "--color",
            "never",
        ],
        tmp.path(),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("E0139"), "{stderr}");
    assert!(tmp.path().join("ng/country.gbv").is_file());
}

/// A condition on a field reading a standard list the dump does not hold compares with the id
/// Primero stores the option as (its `stored_as`), as for a list the dump holds.
#[test]
fn a_condition_on_a_standard_list_not_in_the_dump_reads_its_stored_ids() {
    let mut files = crate::mobile::country_files(&fixture("conditions"));
    files.push((
        "conditions/gender.gbv".into(),
        "extend lookup lookup-gender {\n  option tl_other: en \"Other\" stored_as \"other_gender\"\n}\n"
            .into(),
    ));
    let compiled = common::compile_country_on_standard(&files).1;
    let model = compiled
        .model()
        .unwrap_or_else(|| panic!("{:?}", compiled.diagnostics()));
    let bundle = r#"{"data": {"FormSection": [{"unique_id": "tl_form", "parent_form": "case",
      "name_i18n": {"en": "Zz"}, "fields_attributes": [
        {"name": "tl_gender", "type": "select_box", "option_strings_source": "lookup lookup-gender",
         "display_name_i18n": {"en": "Gender"}},
        {"name": "tl_which", "type": "text_field", "display_name_i18n": {"en": "Which"},
         "display_conditions_record": {"eq": {"tl_gender": "other_gender"}}}]}]}}"#;
    let mut sources = Sources::new();
    let id = sources.add_country("configuration.json".to_string(), bundle.to_string());
    let dump = gbvims_import::read(&sources, &[id]).unwrap_or_else(|e| panic!("{e:?}"));
    let options = gbvims_import::Options {
        id: "tl".into(),
        code: Some("tl".into()),
        languages: Some(vec!["en".into()]),
    };
    let imported = gbvims_import::import(&dump, model, &options).unwrap();
    assert!(
        imported
            .country_gbv
            .contains(r#"show_if: tl_gender = "tl_other""#),
        "{}",
        imported.country_gbv
    );
}

/// A standard field Primero also shows on another form is left with the `use field` line that
/// would show it there, or, on a form of another record, with why it cannot be shown.
#[test]
fn a_standard_field_shown_on_another_form_names_its_use_field_line() {
    let bundle = r#"{"data": {"FormSection": [
      {"unique_id": "client_feedback", "parent_form": "case", "fields_attributes": [
        {"name": "sex", "type": "select_box", "option_strings_source": "lookup lookup-gender"}]},
      {"unique_id": "gbv_incident_form", "parent_form": "incident", "fields_attributes": [
        {"name": "sex", "type": "select_box", "option_strings_source": "lookup lookup-gender"}]}]}}"#;
    let mut sources = Sources::new();
    let id = sources.add_country("configuration.json".to_string(), bundle.to_string());
    let dump = gbvims_import::read(&sources, &[id]).unwrap_or_else(|e| panic!("{e:?}"));
    let options = gbvims_import::Options {
        id: "ng".into(),
        code: Some("ng".into()),
        languages: Some(vec!["en".into()]),
    };
    let imported = gbvims_import::import(&dump, standard(), &options).unwrap();
    let why = |what: &str| {
        imported
            .left
            .iter()
            .find(|l| l.what == what)
            .map(|l| l.why.clone())
            .unwrap_or_else(|| panic!("{:?}", imported.left))
    };
    let same_record = why("field client_feedback.sex");
    assert!(
        same_record.contains("`use field gbv_survivor_information.sex in client_feedback`"),
        "{same_record}"
    );
    let other_record = why("field gbv_incident_form.sex");
    assert!(
        other_record.contains("a form of another record") && !other_record.contains("use field"),
        "{other_record}"
    );
}
