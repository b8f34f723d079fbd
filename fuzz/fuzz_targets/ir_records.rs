//! Any bytes as incident records for `gbvims ir export`, on Iraq's configuration (compiled once):
//! the records reader (JSON array or JSON Lines), the filters, the validator and the Incident
//! Recorder's cells must never panic, whatever the input.
#![no_main]

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::OnceLock;

use gbvims_compiler::filters::Filters;
use gbvims_compiler::model::{Date, Model};
use gbvims_compiler::records::project::{field_ids, ir_fields, project};
use gbvims_compiler::records::validate::record_type;
use gbvims_compiler::records::{ir_cells, read_records, Directory, DirectoryData, Validator};
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
