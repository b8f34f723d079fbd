//! `rules.json` and `gbvims-rules.js` (stub until the web-rules work is merged).

use gbvims_compiler::model::Model;

/// `rules.json`: every calculation, condition and constraint in the one JSON form of
/// expressions, pretty-printed.
#[must_use]
pub fn rules_json(model: &Model) -> String {
    let _ = model;
    "{}\n".to_string()
}

/// The contents of `gbvims-rules.js`, the dependency-free evaluator of `rules.json`.
pub const EVALUATOR_JS: &str = "";

/// The JSON Schema of `rules.json`, pretty-printed.
#[must_use]
pub fn rules_schema() -> String {
    "{}\n".to_string()
}
