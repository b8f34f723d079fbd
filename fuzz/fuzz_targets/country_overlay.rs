//! Any text as a country overlay with its location file, on the real standard (lowered once):
//! the overlay rules, the location reader and the post-checks must never panic.
//! The input is `country.gbv`, then a NUL byte, then `locations.csv` (without one, the location
//! file is empty). The location file is handed over as the CLI does, as a data file that is
//! streamed (loading it and fetching the lines diagnostics show).
#![no_main]

use std::sync::{Arc, OnceLock};

use gbvims_compiler::source::{InMemory, Origin};
use gbvims_compiler::{Sources, StandardBase};
use libfuzzer_sys::fuzz_target;

#[path = "../common/standard.rs"]
mod standard;

fn standard() -> &'static (Vec<(String, String)>, StandardBase) {
    static STANDARD: OnceLock<(Vec<(String, String)>, StandardBase)> = OnceLock::new();
    STANDARD.get_or_init(|| {
        let texts = standard::texts();
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
