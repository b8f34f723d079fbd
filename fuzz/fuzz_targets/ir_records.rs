//! Any bytes as incident records for `gbvims ir export`, on Iraq's configuration (compiled once):
//! the records reader (JSON array or JSON Lines), the filters, the validator and the Incident
//! Recorder's cells must never panic, whatever the input.
#![no_main]

use std::ops::ControlFlow;

use gbvims_compiler::filters::Filters;
use gbvims_compiler::model::Date;
use gbvims_compiler::records::project::{field_ids, ir_fields, project};
use gbvims_compiler::records::validate::record_type;
use gbvims_compiler::records::{ir_cells, read_records, Directory, DirectoryData, Validator};
use libfuzzer_sys::fuzz_target;

#[path = "../common/iraq.rs"]
mod iraq;
#[path = "../common/standard.rs"]
mod standard;
use iraq::model;

fuzz_target!(|data: &[u8]| {
    let model = model();
    let ir = model.incident_recorder.as_ref().expect("an IR");
    let incident = record_type(model, "incident").expect("incidents");
    let fields = ir_fields(model, ir);
    let keep = field_ids(model, &fields);
    let validator = Validator::new(model, incident).only(fields);
    let full = Validator::new(model, incident);
    let directory = Directory::default();
    let dir = DirectoryData::new(model, &directory);
    let filters = Filters {
        only_consented: true,
        exclude_reported_by_gbvims_org: true,
    };
    let today = Date::parse_iso("2024-06-30").expect("a date");
    let _ = read_records(data, |index, item| {
        if let Ok(record) = item {
            let _ = filters.check(model, incident, &record);
            let _ = full.validate(index, &record);
            let record = project(record, &keep);
            let _ = validator.validate(index, &record);
            let _ = ir_cells(model, ir, &record, "ar", &dir, today);
            let _ = dir.take_missing();
        }
        ControlFlow::Continue(())
    });
});
