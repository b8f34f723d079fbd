//! Any text as a country overlay with its location file, on the real standard (lowered once):
//! the overlay rules, the location reader and the post-checks must never panic.
//! The input is `country.gbv`, then a NUL byte, then `locations.csv` (without one, the location
//! file is empty). The location file is handed over as the CLI does, as a data file that is
//! streamed (loading it and fetching the lines diagnostics show).
#![no_main]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use gbvims_compiler::source::{InMemory, Origin};
use gbvims_compiler::{Sources, StandardBase};
use libfuzzer_sys::fuzz_target;

fn standard() -> &'static (Vec<(String, String)>, StandardBase) {
    static STANDARD: OnceLock<(Vec<(String, String)>, StandardBase)> = OnceLock::new();
    STANDARD.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../standard-forms");
        let mut files = Vec::new();
        let mut todo = vec![root];
        while let Some(dir) = todo.pop() {
            for e in std::fs::read_dir(dir).expect("standard-forms") {
                let p = e.expect("entry").path();
                if p.is_dir() {
                    todo.push(p);
                } else if p.extension().is_some_and(|x| x == "gbv") {
                    files.push(p);
                }
            }
        }
        files.sort();
        let texts: Vec<(String, String)> = files
            .iter()
            .map(|f| {
                (
                    f.display().to_string(),
                    std::fs::read_to_string(f).expect("standard file"),
                )
            })
            .collect();
        let base = StandardBase::new(&sources(&texts, "", ""));
        (texts, base)
    })
}

fn sources(standard: &[(String, String)], country: &str, csv: &str) -> Sources {
    let mut sources = Sources::new();
    for (name, text) in standard {
        sources.add(name.clone(), text.clone());
    }
    if !country.is_empty() || !csv.is_empty() {
        sources.add_country("country.gbv", country.to_string());
        sources.add_data(
            "locations.csv",
            Origin::Country,
            Arc::new(InMemory(csv.as_bytes().to_vec())),
        );
    }
    sources
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (country, csv) = text.split_once('\0').unwrap_or((&text, ""));
    let (texts, base) = standard();
    let sources = sources(texts, country, csv);
    let compiled = gbvims_compiler::compile_with(base, &sources);
    let _ = gbvims_compiler::diagnostics::render::to_string(&sources, &compiled.diagnostics());
});
