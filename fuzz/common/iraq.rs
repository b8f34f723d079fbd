//! Iraq's configuration on the standard, compiled once, for the fuzz targets that read records
//! (`ir_records`, `validate_records`). Included with `#[path]`, so no crate of its own; the target
//! includes `standard.rs` beside it as `standard`.

use std::path::Path;
use std::sync::OnceLock;

use gbvims_compiler::model::Model;
use gbvims_compiler::Sources;

/// The compiled model of `country-configs/iraq` on `standard-forms/`.
pub fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut sources = Sources::new();
        for (name, text) in crate::standard::texts() {
            sources.add(name, text);
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
