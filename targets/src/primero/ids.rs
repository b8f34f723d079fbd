//! The ids the bundle stores records under: the one place that names forms, fields, lookups and
//! options for Primero. Today they are the model's ids (the standard's, which are Primero's own,
//! or the country's); when countries declare aliases or legacy keys, the stored id is looked up
//! here and nowhere else.

use gbvims_compiler::model::{FieldIx, FormIx, LookupIx, Model, OptionId};

/// The module every GBV form belongs to.
pub const MODULE: &str = "primeromodule-gbv";

/// A form's `unique_id`.
#[must_use]
pub fn form(model: &Model, fx: FormIx) -> String {
    model.form(fx).id.to_string()
}

/// A field's `name` (the key its answer is stored under).
#[must_use]
pub fn field(model: &Model, fx: FieldIx) -> String {
    model.field(fx).id.to_string()
}

/// A named lookup's `unique_id` (`None` for a field's own list).
#[must_use]
pub fn lookup(model: &Model, lx: LookupIx) -> Option<String> {
    model.lookup_id(lx).map(str::to_string)
}

/// An option's stored id.
#[must_use]
pub fn option(_model: &Model, _lookup: LookupIx, option: &OptionId) -> String {
    option.to_string()
}
