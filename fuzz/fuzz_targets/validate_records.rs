//! Any bytes as records for `gbvims validate-records`, on Iraq's configuration (compiled once):
//! the records reader (JSON array or JSON Lines), the type checks (`Validator`: problems, unknown
//! keys, the canonical form) and the questions' rules (`RuleCheck`, through `compiler::eval`),
//! for incidents and cases, must never panic, whatever the input. (The JSON Schema step of the
//! command is the jsonschema crate's, in the CLI, and is not fuzzed here.)
#![no_main]

use std::ops::ControlFlow;

use std::collections::BTreeSet;

use gbvims_compiler::model::Date;
use gbvims_compiler::records::validate::record_type;
use gbvims_compiler::records::{read_records, RuleCheck, Validator};
use libfuzzer_sys::fuzz_target;

#[path = "../common/iraq.rs"]
mod iraq;
#[path = "../common/standard.rs"]
mod standard;
use iraq::model;

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
