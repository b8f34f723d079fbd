//! End-to-end tests of the `gbvims` binary: exit codes, output formats, explain, fmt.

use std::path::Path;

use crate::common::{self, gbvims};

fn fixtures() -> std::path::PathBuf {
    common::fixtures_root().join("check")
}

#[test]
fn check_clean_file_exits_0() {
    let (code, _, err) = gbvims(&["check", "ok-sample-form.gbv"], &fixtures());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("ok: ok-sample-form.gbv"), "{err}");
}

#[test]
fn check_errors_exit_1_with_human_output() {
    let (code, _, err) = gbvims(&["check", "E0007-option-not-in-lookup.gbv"], &fixtures());
    assert_eq!(code, 1);
    common::assert_snapshot("cli__check_errors_exit_1_with_human_output", &err);
}

#[test]
fn check_json_is_one_object_per_diagnostic() {
    let (code, out, _) = gbvims(
        &[
            "check",
            "--format",
            "json",
            "E0007-option-not-in-lookup.gbv",
        ],
        &fixtures(),
    );
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 3);
    for v in &lines {
        for key in [
            "code", "severity", "file", "line", "column", "message", "help",
        ] {
            assert!(v.get(key).is_some(), "missing `{key}` in {v}");
        }
        assert_eq!(v["code"], "E0007");
        assert_eq!(v["severity"], "error");
        assert_eq!(v["file"], "E0007-option-not-in-lookup.gbv");
    }
    common::assert_snapshot("cli__check_json_is_one_object_per_diagnostic", &out);
}

#[test]
fn check_sarif_is_one_log() {
    let (code, out, _) = gbvims(
        &[
            "check",
            "--format",
            "sarif",
            "E0007-option-not-in-lookup.gbv",
        ],
        &fixtures(),
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("SARIF JSON");
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(v["runs"][0]["results"].as_array().map(Vec::len), Some(3));
}

#[test]
fn warnings_pass_unless_denied() {
    let dir = common::fixtures_root().join("cli");
    let (code, _, err) = gbvims(&["check", "warning-only.gbv"], &dir);
    assert_eq!(code, 0, "warnings alone exit 0");
    assert!(err.contains("warning[W0002]"), "{err}");
    let (code, _, _) = gbvims(&["check", "--deny-warnings", "warning-only.gbv"], &dir);
    assert_eq!(code, 1, "--deny-warnings makes warnings fail");
}

#[test]
fn usage_and_io_errors_exit_2() {
    let (code, _, err) = gbvims(&["check", "does-not-exist.gbv"], &fixtures());
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
    let (code, _, _) = gbvims(&["check", "--format", "yaml"], &fixtures());
    assert_eq!(code, 2);
    let (code, _, _) = gbvims(&["frobnicate"], &fixtures());
    assert_eq!(code, 2);
    let (code, _, err) = gbvims(&["explain", "E9999"], &fixtures());
    assert_eq!(code, 2);
    assert!(err.contains("not a gbvims diagnostic code"), "{err}");
}

#[test]
fn non_utf8_file_is_a_usage_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.gbv");
    std::fs::write(
        &path,
        b"standard s version \"1.0.0\" { title: en \"caf\xe9\" }\n",
    )
    .unwrap();
    let (code, _, err) = gbvims(&["check", "latin1.gbv"], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("not UTF-8"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn explain_prints_the_long_explanation() {
    let (code, out, _) = gbvims(&["explain", "E0007"], &fixtures());
    assert_eq!(code, 0);
    assert!(out.starts_with("# E0007: option-not-in-lookup"), "{out}");
    assert!(out.contains("## Wrong") && out.contains("## Right"));
    let (code, by_name, _) = gbvims(&["explain", "option-not-in-lookup"], &fixtures());
    assert_eq!(code, 0);
    assert_eq!(by_name, out);
    let (code, list, _) = gbvims(&["explain", "--list"], &fixtures());
    assert_eq!(code, 0);
    assert_eq!(list.lines().count(), gbvims_compiler::Code::ALL.len());
}

#[test]
fn fmt_check_and_write() {
    let dir = tempfile::tempdir().unwrap();
    let messy =
        std::fs::read_to_string(common::fixtures_root().join("fmt/messy-layout.gbv")).unwrap();
    std::fs::write(dir.path().join("a.gbv"), &messy).unwrap();
    let (code, out, _) = gbvims(&["fmt", "--check", "a.gbv"], dir.path());
    assert_eq!(code, 1);
    assert!(out.contains("would reformat: a.gbv"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.gbv")).unwrap(),
        messy,
        "--check changes nothing"
    );
    let (code, _, _) = gbvims(&["fmt", "a.gbv"], dir.path());
    assert_eq!(code, 0);
    let (code, _, _) = gbvims(&["fmt", "--check", "a.gbv"], dir.path());
    assert_eq!(code, 0, "formatted file passes --check");
}

#[test]
fn fmt_refuses_files_with_syntax_errors() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "standard s version \"1.0.0\" {\n  languages en\n}\n";
    std::fs::write(dir.path().join("b.gbv"), broken).unwrap();
    let (code, _, err) = gbvims(&["fmt", "b.gbv"], dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("has syntax errors"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.gbv")).unwrap(),
        broken
    );
}

#[test]
fn check_directory_as_one_standard() {
    let (code, _, err) = gbvims(&["check", "."], &common::fixtures_root().join("multi-file"));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("(3 files)"), "{err}");
}

/// The README lists every code exactly as `gbvims explain --list` prints it.
#[test]
fn readme_lists_every_code() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let (_, list, _) = gbvims(&["explain", "--list"], &fixtures());
    for line in list.lines() {
        assert!(
            readme.contains(line),
            "README.md is stale: it lacks `{line}` (paste `gbvims explain --list`)"
        );
    }
}
