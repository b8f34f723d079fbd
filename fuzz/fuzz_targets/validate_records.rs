//! Any bytes as records for `gbvims validate-records`, on Iraq's configuration (compiled once):
//! the records reader (JSON array or JSON Lines), the type checks (`Validator`: problems, unknown
//! keys, the canonical form) and the questions' rules (`RuleCheck`, through `compiler::eval`),
//! for incidents and cases, must never panic, whatever the input. (The JSON Schema step of the
//! command is the jsonschema crate's, in the CLI, and is not fuzzed here.)
#![no_main]

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::OnceLock;

use std::collections::BTreeSet;

use gbvims_compiler::model::{Date, Model};
use gbvims_compiler::records::validate::record_type;
use gbvims_compiler::records::{read_records, RuleCheck, Validator};
use gbvims_compiler::Sources;
use libfuzzer_sys::fuzz_target;

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut sources = Sources::new();
        let mut files = Vec::new();
        let mut todo = vec![root.join("standard-forms")];
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
        for f in files {
            let text = std::fs::read_to_string(&f).expect("standard file");
            sources.add(f.display().to_string(), text);
        }
        let iraq = root.join("country-configs/iraq");
        for name in ["country.gbv", "locations.csv", "mobile-public-key.pem"] {
            let text = std::fs::read_to_string(iraq.join(name)).expect("iraq file");
            sources.add_country(name, text);
        }
        gbvims_compiler::compile(&sources)
            .model()
            .expect("Iraq compiles")
            .clone()
    })
}

fuzz_target!(|data: &[u8]| {
    let model = model();
    let today = Date::parse_iso("2024-06-30").expect("a date");
    let checks: Vec<(Validator, RuleCheck)> = ["incident", "case"]
        .into_iter()
        .map(|id| {
            let record = record_type(model, id).expect("the record type");
            (
                Validator::new(model, record),
                RuleCheck::new(model, record, today).with_language("ar"),
            )
        })
        .collect();
    let _ = read_records(data, |index, item| {
        if let Ok(record) = item {
            for (types, rules) in &checks {
                let _ = types.unknown_keys(&record);
                let problems = types.validate(index, &record);
                let typed: BTreeSet<String> = problems.into_iter().map(|p| p.path).collect();
                let _ = rules.check(index, &record, &typed);
                let _ = types.normalized(&record);
            }
        }
        ControlFlow::Continue(())
    });
});
