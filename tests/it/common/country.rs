//! Country fixtures: each case under `tests/fixtures/country/<case>/` is applied to the real
//! standard together with the complete base country `_base/`.

use std::path::{Path, PathBuf};

use gbvims_compiler::source::Origin;
use gbvims_compiler::{Compiled, Sources};

/// Every case directory.
pub fn cases() -> Vec<PathBuf> {
    let root = super::fixtures_root().join("country");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.file_name().unwrap().to_string_lossy().starts_with('_'))
        .collect();
    out.sort();
    out
}

fn files_below(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "standard") {
                files_below(&p, out);
            }
        } else if p
            .extension()
            .is_some_and(|x| x == "gbv" || x == "csv" || x == "pem")
        {
            out.push(p);
        }
    }
}

/// The country files of a case, named relative to the case (base files keep their base name).
fn country_files(case: &Path) -> Vec<(String, PathBuf)> {
    let base = super::fixtures_root().join("country/_base");
    let mut own = Vec::new();
    files_below(case, &mut own);
    let mut out: Vec<(String, PathBuf)> = own.iter().map(|p| (rel(p, case), p.clone())).collect();
    let mut base_files = Vec::new();
    files_below(&base, &mut base_files);
    for p in base_files {
        let name = rel(&p, &base);
        if !out.iter().any(|(n, _)| *n == name) {
            out.push((name, p));
        }
    }
    out.sort();
    out
}

fn rel(p: &Path, root: &Path) -> String {
    p.strip_prefix(root)
        .unwrap()
        .display()
        .to_string()
        .replace('\\', "/")
}

/// Adds the files of a case's own standard (its `standard/` directory), sorted.
fn add_own_standard(own_standard: &Path, sources: &mut Sources) {
    let mut standard = Vec::new();
    files_below(own_standard, &mut standard);
    standard.sort();
    for f in standard {
        sources.add(
            format!("standard/{}", rel(&f, own_standard)),
            std::fs::read_to_string(&f).unwrap(),
        );
    }
}

/// Compiles a case: the country files on the standard of `standard-forms/` (read once per
/// process, see [`super::compile_country_on_standard`]), or on the case's own `standard/`.
pub fn compile_case(case: &Path) -> (Sources, Compiled, Vec<(String, PathBuf)>) {
    let files = country_files(case);
    let country: Vec<(String, String)> = files
        .iter()
        .map(|(name, path)| (name.clone(), std::fs::read_to_string(path).unwrap()))
        .collect();
    let own_standard = case.join("standard");
    if !own_standard.is_dir() {
        let (sources, result) = super::compile_country_on_standard(&country);
        return (sources, result, files);
    }
    let mut sources = Sources::new();
    add_own_standard(&own_standard, &mut sources);
    for (name, text) in country {
        sources.add_country(name, text);
    }
    let result = gbvims_compiler::compile(&sources);
    (sources, result, files)
}

/// [`compile_case`] with each location file (`.csv`) handed over as a data file that is
/// streamed ([`super::stream::Trickle`]), as the CLI does, instead of as text.
pub fn compile_case_streamed(case: &Path) -> (Sources, Compiled) {
    let mut sources = Sources::new();
    let own_standard = case.join("standard");
    if own_standard.is_dir() {
        add_own_standard(&own_standard, &mut sources);
    } else {
        for (name, text) in super::standard_texts() {
            sources.add(name.clone(), text.clone());
        }
    }
    for (name, path) in country_files(case) {
        if name.ends_with(".csv") {
            let data = super::stream::Trickle::new(std::fs::read(&path).unwrap());
            sources.add_data(name, Origin::Country, std::sync::Arc::new(data));
        } else {
            sources.add_country(name, std::fs::read_to_string(&path).unwrap());
        }
    }
    let result = if own_standard.is_dir() {
        gbvims_compiler::compile(&sources)
    } else {
        gbvims_compiler::compile_with(super::standard_base(), &sources)
    };
    (sources, result)
}

/// `(code, file, line)` a case's headers expect, and the codes it passes.
pub fn expectations(
    files: &[(String, PathBuf)],
    case: &Path,
) -> (Vec<(String, String, usize)>, Vec<String>) {
    let mut expect = Vec::new();
    let mut passes = Vec::new();
    for (name, path) in files {
        if !path.starts_with(case) || !name.ends_with(".gbv") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for line in text
            .lines()
            .take_while(|l| l.starts_with('#') || l.trim().is_empty())
        {
            if let Some(rest) = line.strip_prefix("# expect:") {
                for item in rest.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let (code, at) = item.split_once('@').expect("CODE@LINE");
                    let (file, line) = match at.split_once(':') {
                        Some((f, l)) => (f.to_string(), l),
                        None => (name.clone(), at),
                    };
                    expect.push((code.to_string(), file, line.parse().expect("a line number")));
                }
            }
            if let Some(rest) = line.strip_prefix("# passes:") {
                passes.extend(
                    rest.split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty()),
                );
            }
        }
    }
    expect.sort();
    (expect, passes)
}

/// Every code a country case expects, and every code a clean case passes.
pub fn covered() -> (Vec<String>, Vec<String>) {
    let mut failing = Vec::new();
    let mut passing = Vec::new();
    for case in cases() {
        let files = country_files(&case);
        let (expect, passes) = expectations(&files, &case);
        failing.extend(expect.into_iter().map(|(c, _, _)| c));
        passing.extend(passes);
    }
    (failing, passing)
}
