//! Stable JSON forms of the model, for emitters and for `gbvims show --format json`.
//!
//! - [`JsonExpr`]: **the one JSON form of expressions** (web rules, the Incident Recorder's
//!   mapping and `show` embed exactly this).
//! - [`ModelDoc`]: the resolved model with ids (never indices).
//!
//! Their JSON Schemas are generated from these types ([`model_schema`]) and checked in as
//! `compiler/schema/model.schema.json`; a test fails when the checked-in copy is stale.

mod expr;
mod model;

pub use expr::{func_kind, literal, JsonArm, JsonExpr, JsonFuncKind, JsonScope, JsonType};
pub use model::{
    lookup_name, CountryDoc, FieldDoc, FormDoc, FormKindDoc, IrColumnDoc, IrDoc, IrVariantDoc,
    IrWordDoc, JsonTexts, LevelDoc, LookupDoc, ModelDoc, NavGroupDoc, OptOutDoc, OptionDoc,
    RecordDoc, RewordDoc, RoleDoc, StandardDoc, FORMAT,
};

/// The JSON Schema of [`ModelDoc`] (which includes [`JsonExpr`]), pretty-printed.
#[must_use]
pub fn model_schema() -> String {
    let schema = schemars::schema_for!(ModelDoc);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// The JSON Schema of [`JsonExpr`] alone, pretty-printed.
#[must_use]
pub fn expr_schema() -> String {
    let schema = schemars::schema_for!(JsonExpr);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::{expr_schema, model_schema};

    /// The checked-in schemas are what the types generate (regenerate with
    /// `cargo run -- show --schema > compiler/schema/model.schema.json`, or
    /// `UPDATE_SCHEMAS=1 cargo test -p gbvims-compiler`).
    #[test]
    fn checked_in_schemas_are_current() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
        for (name, text) in [
            ("model.schema.json", model_schema()),
            ("expr.schema.json", expr_schema()),
        ] {
            let path = dir.join(name);
            if std::env::var_os("UPDATE_SCHEMAS").is_some() {
                std::fs::write(&path, &text).unwrap();
            }
            let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                on_disk == text,
                "{} is stale: run `UPDATE_SCHEMAS=1 cargo test -p gbvims-compiler` and commit it",
                path.display()
            );
        }
    }
}
