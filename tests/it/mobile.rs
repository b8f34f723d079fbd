//! The mobile target on the example countries and the standard.

use std::path::Path;

use gbvims_targets::{Artifact, Options, Target};

use crate::common;

/// The files of a country directory, as the CLI loads them (`.gbv` and `.csv`).
fn country_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "gbv" || e == "csv" || e == "pem")
        })
        .map(|p| {
            let name = format!(
                "{}/{}",
                dir.file_name().unwrap().to_string_lossy(),
                p.file_name().unwrap().to_string_lossy()
            );
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// An example country compiled on the standard.
pub fn compile_country(name: &str) -> gbvims_compiler::Compiled {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("country-configs")
        .join(name);
    common::compile_country_on_standard(&country_files(&dir)).1
}

/// The mobile build of an example country.
pub fn build_country(name: &str) -> Vec<Artifact> {
    let compiled = compile_country(name);
    let checked = compiled
        .checked()
        .expect("the example country checks clean");
    gbvims_targets::mobile::Mobile
        .emit(checked, &Options::default())
        .expect("the mobile target emits")
}

fn text<'a>(files: &'a [Artifact], path: &str) -> &'a str {
    let a = files
        .iter()
        .find(|a| a.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    std::str::from_utf8(&a.bytes).unwrap()
}

#[test]
fn preview() {
    for c in ["iraq", "mali"] {
        let files = build_country(c);
        let out = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target/mobile-preview")
            .join(c);
        std::fs::create_dir_all(&out).unwrap();
        for f in &files {
            std::fs::write(out.join(&f.path), &f.bytes).unwrap();
        }
        assert!(text(&files, "incident.xml").contains("<h:title>"));
    }
}
