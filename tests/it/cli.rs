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

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn messy() -> String {
    std::fs::read_to_string(common::fixtures_root().join("fmt/messy-layout.gbv")).unwrap()
}

/// `fmt` keeps the mode of the files it rewrites (0644 stays 0644, 0640 stays 0640).
#[cfg(unix)]
#[test]
fn fmt_keeps_the_mode() {
    let dir = tempfile::tempdir().unwrap();
    for (name, m) in [("a.gbv", 0o644), ("b.gbv", 0o640)] {
        let path = dir.path().join(name);
        std::fs::write(&path, messy()).unwrap();
        set_mode(&path, m);
        let (code, _, err) = gbvims(&["fmt", name], dir.path());
        assert_eq!(code, 0, "{err}");
        assert_ne!(std::fs::read_to_string(&path).unwrap(), messy());
        assert_eq!(mode(&path), m, "{name} keeps its mode");
    }
}

/// `fmt` refuses a read-only file and leaves it as it was.
#[cfg(unix)]
#[test]
fn fmt_refuses_read_only_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.gbv");
    std::fs::write(&path, messy()).unwrap();
    set_mode(&path, 0o444);
    let (code, _, err) = gbvims(&["fmt", "a.gbv"], dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("`a.gbv` is read-only"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), messy());
    assert_eq!(mode(&path), 0o444);
}

/// `fmt` refuses to replace a symbolic link with a plain file: the link and its target stay.
#[cfg(unix)]
#[test]
fn fmt_refuses_symlinks() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("real.gbv"), messy()).unwrap();
    std::os::unix::fs::symlink("real.gbv", dir.path().join("link.gbv")).unwrap();
    let (code, _, err) = gbvims(&["fmt", "link.gbv"], dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("`link.gbv` is a symbolic link"), "{err}");
    let link = dir.path().join("link.gbv");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&link).unwrap(), messy());
}

/// `translations export -o` creates new files with the usual mode (0644 under umask 022, not
/// 0600) and refuses to replace a symbolic link.
#[cfg(unix)]
#[test]
fn output_files_get_the_usual_mode_and_links_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let iraq = Path::new(env!("CARGO_MANIFEST_DIR")).join("country-configs/iraq");
    let iraq = iraq.to_str().unwrap();
    let run = |out: &str| {
        // A shell sets the umask of the child, so the test does not depend on the runner's.
        let script =
            format!("umask 022 && exec \"$0\" translations export '{iraq}' --lang ar -o '{out}'");
        let out = std::process::Command::new("sh")
            .args(["-c", &script, env!("CARGO_BIN_EXE_gbvims")])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = run("ar.xlsx");
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(&dir.path().join("ar.xlsx")), 0o644);
    std::fs::write(dir.path().join("keep.txt"), "precious").unwrap();
    std::os::unix::fs::symlink("keep.txt", dir.path().join("link.xlsx")).unwrap();
    let (code, err) = run("link.xlsx");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is a symbolic link"), "{err}");
    assert!(std::fs::symlink_metadata(dir.path().join("link.xlsx"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("keep.txt")).unwrap(),
        "precious"
    );
}

/// An unterminated text on a very long line prints a bounded excerpt (clipped around the label,
/// with `…`) and the right column, in every format.
#[test]
fn excerpts_of_long_lines_are_clipped() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "standard s version \"1.0.0\" {{\n  languages: en\n  title: en \"{}\n}}\n",
        "x".repeat(300_000)
    );
    std::fs::write(dir.path().join("long.gbv"), text).unwrap();
    let (code, _, err) = gbvims(&["check", "long.gbv"], dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error[E0004]"), "{err}");
    assert!(err.contains("long.gbv:3:13"), "{err}");
    assert!(err.contains('…'), "{err}");
    assert!(err.len() < 4000, "{} bytes of excerpt", err.len());
    // The same error on a short line: the long line adds a bounded excerpt, whatever the size
    // of the rest of the log (a SARIF log carries the whole code catalogue).
    let short = "standard s version \"1.0.0\" {\n  languages: en\n  title: en \"x\n}\n";
    std::fs::write(dir.path().join("short.gbv"), short).unwrap();
    for format in ["json", "sarif"] {
        let (code, out, _) = gbvims(&["check", "--format", format, "long.gbv"], dir.path());
        assert_eq!(code, 1);
        let (_, base, _) = gbvims(&["check", "--format", format, "short.gbv"], dir.path());
        assert!(
            out.len() < base.len() + 8_000,
            "{format}: {} bytes, {} for a short line",
            out.len(),
            base.len()
        );
    }
}

/// `fmt` on a directory holding a named pipe and a link leading outside does not block: it
/// formats the other files and reports the two it did not read (exit 1).
#[cfg(unix)]
#[test]
fn fmt_skips_special_files_and_links_out() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("conf");
    std::fs::create_dir(&conf).unwrap();
    std::fs::write(conf.join("a.gbv"), messy()).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(conf.join("pipe.gbv"))
        .status()
        .unwrap();
    assert!(made.success());
    std::fs::write(dir.path().join("outside.gbv"), messy()).unwrap();
    std::os::unix::fs::symlink("../outside.gbv", conf.join("out.gbv")).unwrap();
    let (code, out, err) = gbvims(&["fmt", "conf"], dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("formatted: conf/a.gbv"), "{out}");
    assert!(
        err.contains("`conf/pipe.gbv` was not read: it is a named pipe"),
        "{err}"
    );
    assert!(
        err.contains("`conf/out.gbv` was not read: it leads outside"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("outside.gbv")).unwrap(),
        messy()
    );
}

/// Output into a pipe the reader has closed (`gbvims explain --list | head -1`) ends the command
/// quietly: no panic, no error message.
#[test]
fn a_closed_pipe_is_not_a_crash() {
    for args in [
        &["explain", "--list"][..],
        &["explain", "E0001"],
        &["show", "--schema"],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gbvims"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
    }
}
