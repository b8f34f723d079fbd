//! Shared helpers for the fixture tests.
#![allow(dead_code)]

pub mod country;
pub mod parallel;
pub mod stream;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gbvims_compiler::{Compiled, Sources};

/// Runs the `gbvims` binary in `cwd`, without colour: (exit code, stdout, stderr).
pub fn gbvims(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gbvims"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run gbvims");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// What a fixture says about itself in its header comments.
#[derive(Debug, Default, Clone)]
pub struct Expectations {
    /// `# expect: E0007@12, W0001@3` — every diagnostic, as code@line (file-relative line).
    pub expect: Vec<(String, usize)>,
    /// `# passes: E0007, E0036` — codes this clean fixture is the passing case for.
    pub passes: Vec<String>,
}

/// The files of a fixture (a file, or every .gbv file of a directory), sorted.
/// The codes of the diagnostics of `check --format json` output, in order.
pub fn json_codes(out: &str) -> Vec<String> {
    out.lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("one JSON object a line")["code"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

pub fn fixture_files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut out: Vec<PathBuf> = std::fs::read_dir(path)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "gbv"))
        .collect();
    out.sort();
    out
}

/// Reads `# expect:` and `# passes:` lines from the leading comments of every file.
pub fn expectations(files: &[PathBuf]) -> Expectations {
    let mut ex = Expectations::default();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        for line in text
            .lines()
            .take_while(|l| l.starts_with('#') || l.trim().is_empty())
        {
            if let Some(rest) = line.strip_prefix("# expect:") {
                for item in rest.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let (code, line) = item.split_once('@').expect("expect entries are CODE@LINE");
                    ex.expect
                        .push((code.to_string(), line.parse().expect("line number")));
                }
            }
            if let Some(rest) = line.strip_prefix("# passes:") {
                ex.passes.extend(
                    rest.split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty()),
                );
            }
        }
    }
    ex
}

/// Loads a fixture's files with names relative to the fixtures directory.
pub fn load(files: &[PathBuf], root: &Path) -> Sources {
    let mut sources = Sources::new();
    for f in files {
        let name = f
            .strip_prefix(root)
            .unwrap_or(f)
            .display()
            .to_string()
            .replace('\\', "/");
        sources.add(name, std::fs::read_to_string(f).unwrap());
    }
    sources
}

/// Compiles a fixture.
pub fn compile(files: &[PathBuf], root: &Path) -> (Sources, Compiled) {
    let sources = load(files, root);
    let result = gbvims_compiler::compile(&sources);
    (sources, result)
}

/// Every fixture under `tests/fixtures/check`.
pub fn check_fixtures() -> Vec<PathBuf> {
    let root = fixtures_root().join("check");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "gbv"))
        .collect();
    out.sort();
    out
}

/// `tests/fixtures`.
pub fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every .gbv file of `standard-forms/`, sorted.
pub fn standard_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut todo = vec![root.join("standard-forms")];
    while let Some(dir) = todo.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "gbv") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// The standard's files `(name relative to the repository, text)`, read from `standard-forms/`
/// once per test process.
pub fn standard_texts() -> &'static [(String, String)] {
    static TEXTS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        standard_files()
            .into_iter()
            .map(|f| {
                let name = f
                    .strip_prefix(root)
                    .unwrap()
                    .display()
                    .to_string()
                    .replace('\\', "/");
                (name, std::fs::read_to_string(&f).unwrap())
            })
            .collect()
    })
}

/// `standard-forms/` alone, compiled once per test process (files named relative to the
/// repository).
pub fn standard() -> &'static (Sources, Compiled) {
    static STANDARD: OnceLock<(Sources, Compiled)> = OnceLock::new();
    STANDARD.get_or_init(|| {
        let mut sources = Sources::new();
        for (name, text) in standard_texts() {
            sources.add(name.clone(), text.clone());
        }
        let result = gbvims_compiler::compile(&sources);
        (sources, result)
    })
}

/// The standard of `standard-forms/`, parsed and lowered once per test process.
pub fn standard_base() -> &'static gbvims_compiler::StandardBase {
    static BASE: OnceLock<gbvims_compiler::StandardBase> = OnceLock::new();
    BASE.get_or_init(|| gbvims_compiler::StandardBase::new(&standard().0))
}

/// Compiles country files `(name, text)` on top of the standard of `standard-forms/`. Every test
/// that checks a country against the real standard goes through here, so the standard is read,
/// parsed and lowered once per process ([`gbvims_compiler::StandardBase`]).
pub fn compile_country_on_standard(country: &[(String, String)]) -> (Sources, Compiled) {
    let mut sources = Sources::new();
    for (name, text) in standard_texts() {
        sources.add(name.clone(), text.clone());
    }
    for (name, text) in country {
        sources.add_country(name.clone(), text.clone());
    }
    let result = gbvims_compiler::compile_with(standard_base(), &sources);
    (sources, result)
}

/// Asserts `value` against `tests/snapshots/<name>.snap`. Names are `<module>__<test>`, with
/// `@<fixture>` for fixture tests: the names insta gave them when each module was a test binary
/// of its own, so snapshots never move.
pub fn assert_snapshot(name: &str, value: &str) {
    assert_snapshot_with(name, value, |_| {});
}

/// [`assert_snapshot`] with more settings (a description, the input file).
pub fn assert_snapshot_with(name: &str, value: &str, configure: impl FnOnce(&mut insta::Settings)) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    configure(&mut settings);
    settings.bind(|| insta::assert_snapshot!(name.to_string(), value));
}

/// The snapshot name of one fixture of a fixture test: `<module>__<test>@<file name>`.
pub fn fixture_snapshot_name(test: &str, fixture: &Path) -> String {
    format!("{test}@{}", fixture.file_name().unwrap().to_string_lossy())
}

/// A copy of the Iraq example in a temporary directory: `(the directory, tmp/iraq)` (commands
/// run in the temporary directory and may change the copy).
pub fn iraq_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("iraq");
    std::fs::create_dir(&dir).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("country-configs/iraq");
    copy_dir(&src, &dir);
    (tmp, dir)
}

/// Copies a directory and its subdirectories (`primero/instance.json`).
fn copy_dir(src: &Path, dst: &Path) {
    for e in std::fs::read_dir(src).unwrap() {
        let p = e.unwrap().path();
        let to = dst.join(p.file_name().unwrap());
        if p.is_dir() {
            std::fs::create_dir_all(&to).unwrap();
            copy_dir(&p, &to);
        } else {
            std::fs::copy(&p, to).unwrap();
        }
    }
}
