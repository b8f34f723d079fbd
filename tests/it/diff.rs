//! `gbvims diff`: the golden outputs (human, JSON, Markdown) of each pair of standards under
//! `tests/fixtures/diff/<case>/{old,new}/`, checked against the example overlay
//! `tests/fixtures/diff/country/`; the verdict and the version check of each case; git
//! revisions; and the README's classification table.

use std::path::{Path, PathBuf};

use crate::common::{self, gbvims};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Each case: its directory, the verdict it must get, and the exit code of `--check-version`.
const CASES: &[(&str, &str, i32)] = &[
    ("renamed-field", "major", 0),
    ("new-option", "minor", 0),
    ("relabel", "patch", 0),
    ("policy-change", "major", 0),
    ("bump-too-small", "major", 1),
    ("ir-variant", "minor", 0),
];

fn run(case: &str, format: &str) -> (i32, String, String) {
    let dir = format!("tests/fixtures/diff/{case}");
    gbvims(
        &[
            "diff",
            &format!("{dir}/old"),
            &format!("{dir}/new"),
            "--country",
            "tests/fixtures/diff/country",
            "--check-version",
            "--format",
            format,
        ],
        &repo(),
    )
}

#[test]
fn every_case_is_listed() {
    let mut on_disk: Vec<String> = std::fs::read_dir(repo().join("tests/fixtures/diff"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "country")
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| c.0.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn golden_outputs() {
    for (case, verdict, code) in CASES {
        for format in ["human", "json", "markdown"] {
            let (got, out, err) = run(case, format);
            assert_eq!(got, *code, "{case} {format}:\n{out}\n{err}");
            common::assert_snapshot(&format!("diff__diff@{case}.{format}"), &out);
            // A bump too small is E0131 at NEW's `version` (line 2), on stderr.
            assert_eq!(
                err.contains("error[E0131]") && err.contains("new/standard.gbv:2:25"),
                *code == 1,
                "{case} {format}:\n{err}"
            );
        }
        let (_, out, _) = run(case, "json");
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(doc["verdict"], *verdict, "{case}");
        assert_eq!(doc["version_check"]["ok"], *code == 0, "{case}");
    }
}

/// The overlay lines each change breaks, by code and line.
#[test]
fn country_breakage() {
    let broken = |case: &str| -> Vec<String> {
        let (_, out, _) = run(case, "json");
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        doc["countries"][0]["broken"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| format!("{}@{}", b["code"].as_str().unwrap(), b["line"]))
            .collect()
    };
    // The new major no longer satisfies `^1.0` (E0088); the translated field is gone (E0081).
    assert_eq!(broken("renamed-field"), ["E0088@2", "E0081@20"]);
    assert_eq!(broken("new-option"), Vec::<String>::new());
    assert_eq!(broken("relabel"), Vec::<String>::new());
    // `extend lookup lookup-gender` (now fixed) and `hide field …notes` (now core).
    assert_eq!(broken("policy-change"), ["E0088@2", "E0077@12", "E0123@24"]);
}

/// Without `--check-version` a too-small bump is reported but the exit code stays 0.
#[test]
fn without_check_version_exit_is_zero() {
    let dir = "tests/fixtures/diff/bump-too-small";
    let (code, out, _) = gbvims(
        &["diff", &format!("{dir}/old"), &format!("{dir}/new")],
        &repo(),
    );
    assert_eq!(code, 0);
    assert!(out.contains("requires a major version"), "{out}");
}

/// A standard with errors is not compared: its diagnostics, exit 1.
#[test]
fn a_standard_with_errors_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("standard.gbv"),
        "standard gbvims version \"x\" {\n",
    )
    .unwrap();
    let new = tmp.path().to_str().unwrap();
    let (code, _, err) = gbvims(&["diff", "tests/fixtures/diff/relabel/old", new], &repo());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("compares standards that check clean"), "{err}");
}

/// Neither a directory nor a revision: a usage error.
#[test]
fn an_unknown_revision_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, err) = gbvims(&["diff", "no-such-rev", "also-not"], tmp.path());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no-such-rev"), "{err}");
}

fn git(args: &[&str], cwd: &Path) -> bool {
    std::process::Command::new("git")
        .args(args)
        .current_dir(cwd)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `gbvims diff standard-v1.0.0 HEAD` reads both standards from git.
#[test]
fn git_revisions() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    if !git(&["init", "-q"], root) {
        eprintln!("git is not available: skipped");
        return;
    }
    let std_dir = root.join("standard-forms");
    std::fs::create_dir(&std_dir).unwrap();
    let case = repo().join("tests/fixtures/diff/new-option");
    std::fs::copy(case.join("old/standard.gbv"), std_dir.join("standard.gbv")).unwrap();
    assert!(git(&["add", "."], root));
    assert!(git(&["commit", "-qm", "1.0.0"], root));
    assert!(git(&["tag", "standard-v1.0.0"], root));
    std::fs::copy(case.join("new/standard.gbv"), std_dir.join("standard.gbv")).unwrap();
    assert!(git(&["commit", "-qam", "1.1.0"], root));
    let (code, out, err) = gbvims(
        &["diff", "standard-v1.0.0", "HEAD", "--check-version"],
        root,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "diff standard-v1.0.0 (1.0.0) → HEAD (1.1.0): 1 change, requires a minor version"
        ),
        "{out}"
    );
    // `REV:path` and a directory mixed.
    let (code, out, err) = gbvims(
        &["diff", "standard-v1.0.0:standard-forms", "standard-forms"],
        root,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("option-added: option lookup-gender.other"),
        "{out}"
    );
}

/// The README's table is the classification (`diff::kinds_table`).
#[test]
fn readme_lists_every_kind() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let table = gbvims_compiler::diff::kinds_table();
    assert!(
        readme.contains(&table),
        "README.md's table of changes is stale; replace it with:\n{table}"
    );
}

fn gbvims_with_releases(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gbvims"))
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .env("GBVIMS_STANDARD_RELEASES", "tests/fixtures/releases")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// W0015 is reported by `build` (a warning: the build goes on; `--deny-warnings` refuses it),
/// `show` (on stderr, the view on stdout), `ir export`, `validate-records` and `preview` too,
/// not only by `check`.
#[test]
fn newer_major_is_reported_by_build_show_and_preview() {
    let country = "tests/fixtures/diff/country";
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("build");
    let out_s = out.to_str().unwrap();
    let (code, stdout, err) =
        gbvims_with_releases(&["build", country, "--target", "ir", "-o", out_s]);
    assert_eq!(code, 0, "{stdout}{err}");
    assert!(err.contains("warning[W0015]"), "{err}");
    assert!(out.join("ir/ir-mapping.json").is_file(), "{err}");
    let denied = tmp.path().join("denied");
    let (code, _, err) = gbvims_with_releases(&[
        "build",
        country,
        "--target",
        "ir",
        "-o",
        denied.to_str().unwrap(),
        "--deny-warnings",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("warning[W0015]") && err.contains("nothing written"),
        "{err}"
    );
    assert!(!denied.exists());

    let (code, stdout, err) = gbvims_with_releases(&["show", country, "--lookups"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning[W0015]"), "{err}");
    assert!(!stdout.contains("W0015"), "{stdout}");

    // The records commands warn too (on stderr), and go on.
    let records = tmp.path().join("records.jsonl");
    std::fs::write(&records, "").unwrap();
    let records = records.to_str().unwrap();
    let ir = tmp.path().join("ir.xlsx");
    let (code, _, err) = gbvims_with_releases(&[
        "ir",
        "export",
        country,
        "--records",
        records,
        "--lang",
        "en",
        "-o",
        ir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning[W0015]"), "{err}");
    assert!(ir.is_file(), "{err}");
    let (code, _, err) = gbvims_with_releases(&["validate-records", country, records]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning[W0015]"), "{err}");

    // `preview` prints the warning, then serves: read its address, stop it, read stderr.
    use std::io::{BufRead, BufReader, Read};
    if gbvims_targets::target(gbvims_targets::TargetKind::Web).is_none() {
        return;
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gbvims"))
        .args(["preview", country, "--port", "0"])
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .env("GBVIMS_STANDARD_RELEASES", "tests/fixtures/releases")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(line.starts_with("http://127.0.0.1:"), "{line:?} {err}");
    assert!(err.contains("warning[W0015]"), "{err}");
}

/// With a 2.0.0 out (`tests/fixtures/releases/`, standing for the built-in versions), a country
/// accepting `^1.0` is checked on 1.0.0 — no E0088 — and warned (W0015) with the lines that fail
/// on 2.0.0; a country accepting `^2.0` is checked on 2.0.0 with no warning.
#[test]
fn newer_major_is_reported() {
    let (code, out, err) =
        gbvims_with_releases(&["check", "tests/fixtures/diff/country", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(common::json_codes(&out), ["W0015"], "{out}");
    let w: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(w["line"], 2);
    assert!(
        w["message"]
            .as_str()
            .unwrap()
            .contains("the standard 2.0.0 is out; this country uses 1.0.0"),
        "{w}"
    );
    let notes = w["notes"].to_string();
    assert!(notes.contains("country.gbv:12: E0077"), "{notes}");
    assert!(notes.contains("country.gbv:24: E0123"), "{notes}");
    assert!(w["help"]
        .as_str()
        .unwrap()
        .contains("gbvims diff builtin:1.0.0 builtin:2.0.0"));

    // The same country, moved to 2.0.0: the lines that fail there are gone.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sampleland");
    std::fs::create_dir(&dir).unwrap();
    let src = repo().join("tests/fixtures/diff/country");
    std::fs::copy(src.join("locations.csv"), dir.join("locations.csv")).unwrap();
    let text = std::fs::read_to_string(src.join("country.gbv")).unwrap();
    let moved = text
        .replace("\"^1.0\"", "\"^2.0\"")
        .replace(
            "extend lookup lookup-gender {\n  option sl_other: en \"Another gender\"\n}\n",
            "",
        )
        .replace("hide field gbv_incident_form.notes\n", "");
    std::fs::write(dir.join("country.gbv"), moved).unwrap();
    let (code, out, err) =
        gbvims_with_releases(&["check", dir.to_str().unwrap(), "--deny-warnings"]);
    assert_eq!(code, 0, "{out}{err}");

    // A requirement no version meets: E0088 against the newest.
    let text = std::fs::read_to_string(dir.join("country.gbv")).unwrap();
    std::fs::write(
        dir.join("country.gbv"),
        text.replace("\"^2.0\"", "\"^3.0\""),
    )
    .unwrap();
    let (code, out, _) =
        gbvims_with_releases(&["check", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(common::json_codes(&out), ["E0088"], "{out}");
    assert!(out.contains("the standard is version 2.0.0"), "{out}");
}

/// `builtin:X.Y.Z` names a version built into the binary; the working `standard-forms/` wins over
/// a release copy of the same version (`standard-releases/v2.0.0/`, which it may move away from
/// with unreleased changes), and the example countries check on it. 2.0.0 is a major release
/// after 1.0.0, and `--check-version` agrees with its number.
#[test]
fn built_in_versions() {
    let (code, out, err) = gbvims(&["diff", "builtin:2.0.0", "standard-forms"], &repo());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(": 0 changes, no change"), "{out}");
    let (code, out, err) = gbvims(
        &["diff", "builtin:1.0.0", "builtin:2.0.0", "--check-version"],
        &repo(),
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("requires a major version"), "{out}");
    let (code, _, err) = gbvims(&["diff", "builtin:0.9.0", "standard-forms"], &repo());
    assert_eq!(code, 2);
    assert!(
        err.contains("no standard 0.9.0 is built into gbvims (built in: 1.0.0, 2.0.0"),
        "{err}"
    );
    // The fake releases stand for the built-in ones.
    let (code, out, _) = gbvims_with_releases(&["diff", "builtin:1.0.0", "builtin:2.0.0"]);
    assert_eq!(code, 0);
    assert!(out.contains("requires a major version"), "{out}");
}

/// The real standard compared with itself has no change (fields are compared by record, not by
/// id alone: `owned_by` is declared by both records).
#[test]
fn the_standard_against_itself() {
    let (code, out, err) = gbvims(&["diff", "standard-forms", "standard-forms"], &repo());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(": 0 changes, no change"), "{out}");
}

/// One edit of the base standard per kind of change: the kinds `diff` reports, by id.
#[test]
fn each_edit_is_classified() {
    use gbvims_compiler::diff::{diff, ChangeKind as K};
    use gbvims_compiler::json::ModelDoc;
    let base = std::fs::read_to_string(repo().join("tests/fixtures/diff/relabel/old/standard.gbv"))
        .unwrap();
    let doc = |text: &str| {
        let mut sources = gbvims_compiler::Sources::new();
        sources.add("standard.gbv", text.to_string());
        let compiled = gbvims_compiler::compile(&sources);
        let model = compiled.model().unwrap_or_else(|| {
            panic!("{:?}\n{text}", compiled.diagnostics());
        });
        assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics());
        ModelDoc::of(model)
    };
    let old = doc(&base);
    let cases: &[(&str, &str, &[K])] = &[
        ("option male: en \"Male\", fr \"Homme\"\n", "", &[K::OptionRemoved]),
        (
            "option home: en \"Home\", fr \"Domicile\"\n  option school: en \"School\", fr \"École\"",
            "option school: en \"School\", fr \"École\"\n  option home: en \"Home\", fr \"Domicile\"",
            &[K::OptionsReordered],
        ),
        ("lookup lookup-place fixed", "lookup lookup-place extensible", &[K::LookupPolicyLoosened]),
        (
            "field place: select_one lookup-place",
            "field place: select_many lookup-place",
            &[K::FieldTypeChanged],
        ),
        ("    not_future\n", "", &[K::FieldRuleChanged]),
        (
            "label: en \"Sex\", fr \"Sexe\"\n",
            "label: en \"Sex\", fr \"Sexe\"\n    required\n",
            &[K::FieldBecameRequired],
        ),
        (
            "label: en \"Sex\", fr \"Sexe\"\n",
            "label: en \"Sex\", fr \"Sexe\"\n    show_if: place = \"home\"\n",
            &[K::FieldConditionChanged],
        ),
        (
            "label: en \"Sex\", fr \"Sexe\"\n",
            "label: en \"Sex\", fr \"Sexe\"\n    visible: false\n",
            &[K::FieldVisibilityChanged],
        ),
        (
            "  field notes: text {\n    label: en \"Notes\", fr \"Notes\"\n    not_identifying: code\n  }\n",
            "",
            &[K::FieldRemoved],
        ),
        (
            "  field notes: text {",
            "  field more: text {\n    label: en \"More\", fr \"Plus\"\n    not_identifying: code\n  }\n  field notes: text {",
            &[K::FieldAdded],
        ),
        (
            "  field notes: text {",
            "  field more: date {\n    label: en \"More\", fr \"Plus\"\n    required\n  }\n  field notes: text {",
            &[K::FieldAddedRequired],
        ),
        (
            "    not_identifying: code\n",
            "    identifying\n    visible_to: caseworker\n",
            &[K::FieldBecameIdentifying, K::FieldOptOutChanged, K::FieldRolesChanged],
        ),
        (
            "label: en \"Caseworker\", fr \"Travailleur social\"",
            "label: en \"Case worker\", fr \"Travailleur social\"",
            &[K::RoleTextChanged],
        ),
        (
            "value: location_at(incident_location, \"district\")",
            "value: location_at(incident_location, \"county\")",
            &[K::IrColumnValueChanged],
        ),
        (
            "header: en \"INCIDENT COUNTY\"",
            "header: en \"COUNTY OF THE INCIDENT\"",
            &[K::IrTextChanged],
        ),
        (
            "languages: en, fr\n  default_language: en",
            "languages: en, fr\n  default_language: en",
            &[],
        ),
        ("title: en \"Incident\", fr \"Incident\"", "title: en \"The incident\", fr \"Incident\"", &[K::FormTextChanged]),
    ];
    let mut problems = Vec::new();
    for (from, to, expected) in cases {
        assert!(base.contains(from), "the base standard has no `{from}`");
        let new = doc(&base.replacen(from, to, 1));
        let mut got: Vec<K> = diff(&old, &new).changes.iter().map(|c| c.kind).collect();
        got.sort();
        let mut want = expected.to_vec();
        want.sort();
        if got != want {
            problems.push(format!("`{from}` → `{to}`: got {got:?}, want {want:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
