//! Rebuilds the binary when a standard it embeds changes (the working one and the releases), and writes one `#[test]` per fixture
//! for the integration tests (`tests/it`), so each fixture passes or fails on its own.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=standard-forms");
    println!("cargo:rerun-if-changed=standard-releases");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fixture_tests(
        &root.join("tests/fixtures/check"),
        |p| p.is_dir() || p.extension().is_some_and(|e| e == "gbv"),
        "check_fixture",
        &Path::new(&out).join("check_fixture_tests.rs"),
    );
    fixture_tests(
        &root.join("tests/fixtures/country"),
        |p| {
            p.is_dir()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('_'))
        },
        "country_fixture",
        &Path::new(&out).join("country_fixture_tests.rs"),
    );
}

/// Writes `#[test] fn <fixture>() { <runner>(Path::new("<path>")) }` for each entry of `dir`
/// that `keep` accepts, and `FIXTURES`, the list of their names (a test checks it is complete).
fn fixture_tests(dir: &Path, keep: impl Fn(&Path) -> bool, runner: &str, out: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).filter(|p| keep(p)).collect())
        .unwrap_or_default();
    entries.sort();
    let mut code = String::new();
    let mut names = Vec::new();
    for path in &entries {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let mut ident: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        if !ident.starts_with(|c: char| c.is_ascii_alphabetic()) {
            ident.insert_str(0, "f_");
        }
        let _ = writeln!(
            code,
            "#[test]\nfn {ident}() {{\n    {runner}(std::path::Path::new({:?}));\n}}",
            path.display().to_string()
        );
        names.push(format!("{name:?}"));
    }
    let _ = writeln!(
        code,
        "/// The fixtures a test was generated for.\npub const FIXTURES: &[&str] = &[{}];",
        names.join(", ")
    );
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
