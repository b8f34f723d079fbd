//! `gbvims check` as a CI job runs it: a configuration that cannot be read does not stop the run
//! (E0121, exit 2, complete JSON and a valid SARIF log), SARIF carries related locations and each
//! rule's explanation, JSON says which diagnostics fail the run, and `check .` at a repository
//! root checks the countries against the standard beside them, not the fixtures.

use std::path::{Path, PathBuf};

use crate::common::{self, gbvims};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Two countries, one saved as Windows-1252, and a path that does not exist.
fn countries_with_a_broken_one() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for c in ["iraq", "mali"] {
        copy_dir(&root().join("country-configs").join(c), &tmp.path().join(c));
    }
    let mali = tmp.path().join("mali/country.gbv");
    let mut bytes = std::fs::read(&mali).unwrap();
    bytes.extend_from_slice(b"\n# N'Djam\xe9na\n");
    std::fs::write(&mali, bytes).unwrap();
    tmp
}

#[test]
fn an_unreadable_configuration_does_not_stop_the_run() {
    let tmp = countries_with_a_broken_one();
    let dir = tmp.path().display().to_string();
    let (code, _, err) = gbvims(&["check", &dir, "missing-country"], tmp.path());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("ok: "), "iraq is still checked: {err}");
    assert!(err.contains("error[E0121]"), "{err}");
    assert!(err.contains("is not UTF-8 text"), "{err}");
    assert!(err.contains("missing-country"), "{err}");

    let (code, out, _) = gbvims(
        &["check", &dir, "missing-country", "--format", "json"],
        tmp.path(),
    );
    assert_eq!(code, 2);
    let codes = common::json_codes(&out);
    assert_eq!(codes, ["E0121", "E0121"], "{out}");

    let (code, out, _) = gbvims(
        &["check", &dir, "missing-country", "--format", "sarif"],
        tmp.path(),
    );
    assert_eq!(code, 2);
    let log: serde_json::Value = serde_json::from_str(&out).expect("a valid SARIF log");
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 2);
}

#[test]
fn sarif_has_related_locations_and_explanations() {
    let (code, out, _) = gbvims(
        &["check", "--format", "sarif", "E0021-duplicate-lookup.gbv"],
        &common::fixtures_root().join("check"),
    );
    assert_eq!(code, 1);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let result = &log["runs"][0]["results"][0];
    let related = result["relatedLocations"].as_array().unwrap();
    assert!(!related.is_empty(), "{result}");
    assert!(
        related[0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap()
            > 0
    );
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let e0021 = rules.iter().find(|r| r["id"] == "E0021").unwrap();
    assert!(e0021["help"]["markdown"]
        .as_str()
        .unwrap()
        .starts_with("# E0021"));
}

#[test]
fn json_says_which_diagnostics_fail_the_run() {
    let dir = common::fixtures_root().join("cli");
    let fails = |args: &[&str]| -> Vec<bool> {
        let (_, out, _) = gbvims(args, &dir);
        out.lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["fails_run"]
                    .as_bool()
                    .unwrap()
            })
            .collect()
    };
    assert_eq!(
        fails(&["check", "--format", "json", "warning-only.gbv"]),
        [false]
    );
    assert_eq!(
        fails(&[
            "check",
            "--format",
            "json",
            "--deny-warnings",
            "warning-only.gbv"
        ]),
        [true]
    );
}

/// `check .` at a repository root: the standard in `standard-forms/`, then each country checked
/// against it (a version the countries do not accept fails them: E0088), never the fixtures.
#[test]
fn check_at_a_repository_root() {
    let (code, _, err) = gbvims(&["check", "."], &root());
    assert_eq!(code, 0, "{err}");
    let verdicts: Vec<&str> = err.lines().filter(|l| l.starts_with("ok: ")).collect();
    assert_eq!(verdicts.len(), 3, "{err}");
    assert!(verdicts[0].starts_with("ok: ./standard-forms"), "{err}");
    assert!(!err.contains("fixtures"), "{err}");

    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("standard-forms"),
        &tmp.path().join("standard-forms"),
    );
    copy_dir(
        &root().join("country-configs/iraq"),
        &tmp.path().join("country-configs/iraq"),
    );
    copy_dir(
        &root().join("tests/fixtures/check"),
        &tmp.path().join("tests/fixtures/check"),
    );
    let header = tmp.path().join("standard-forms/standard.gbv");
    let text = std::fs::read_to_string(&header).unwrap();
    let bumped = regex_free_bump(&text);
    std::fs::write(&header, bumped).unwrap();
    let (code, _, err) = gbvims(&["check", "."], tmp.path());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("ok: ./standard-forms"), "{err}");
    assert!(
        err.contains("error[E0088]"),
        "iraq is checked against the edited standard: {err}"
    );
    assert!(!err.contains("tests/fixtures"), "{err}");
}

/// The standard's `version "1.x.y"` made `version "9.0.0"`.
fn regex_free_bump(text: &str) -> String {
    let start = text.find("version \"").expect("a version") + "version \"".len();
    let end = start + text[start..].find('"').unwrap();
    format!("{}9.0.0{}", &text[..start], &text[end..])
}
