//! Checking a whole country: `cargo bench -p gbvims-compiler --bench country`.
//! Compiles the standard (`standard-forms/`) with the Iraq overlay and its 414 locations — what
//! `gbvims check country-configs/iraq` does after reading the files — and reports the median of
//! 9 runs; then the same overlay on a standard lowered once ([`gbvims_compiler::StandardBase`]).
#![allow(clippy::print_stdout)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn files(dir: &Path, ext: &[&str], out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|x| ext.iter().any(|e| x == *e)) {
            out.push(p);
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut standard = Vec::new();
    files(&root.join("standard-forms"), &["gbv"], &mut standard);
    standard.sort();
    let mut country = Vec::new();
    files(
        &root.join("country-configs/iraq"),
        &["gbv", "csv", "pem"],
        &mut country,
    );
    country.sort();
    let mut sources = gbvims_compiler::Sources::new();
    for f in &standard {
        sources.add(f.display().to_string(), std::fs::read_to_string(f).unwrap());
    }
    for f in &country {
        sources.add_country(f.display().to_string(), std::fs::read_to_string(f).unwrap());
    }
    report(
        "standard + Iraq overlay",
        measure(|| gbvims_compiler::compile(&sources)),
    );
    // What each further country costs when the standard is lowered once (`gbvims check
    // country-configs`, the test suite).
    let base = gbvims_compiler::StandardBase::new(&sources);
    report(
        "Iraq overlay on a lowered standard (StandardBase)",
        measure(|| gbvims_compiler::compile_with(&base, &sources)),
    );
}

fn measure(run: impl Fn() -> gbvims_compiler::Compiled) -> Vec<Duration> {
    let mut times: Vec<Duration> = (0..9)
        .map(|_| {
            let start = Instant::now();
            let result = run();
            let took = start.elapsed();
            assert!(result.diagnostics().is_empty());
            took
        })
        .collect();
    times.sort();
    times
}

fn report(what: &str, times: Vec<Duration>) {
    println!(
        "{what}: median {:.1} ms (min {:.1}, max {:.1}) over {} runs",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0,
        times.len()
    );
}
