//! The ids the bundle stores records under: the one place that names forms, fields, lookups and
//! options for Primero. They are the model's stored ids: the standard's ids (Primero's own) or the
//! country's, unless the country declared another with `stored_as` (an option's stored id, a
//! field's legacy key).

use gbvims_compiler::model::{FieldIx, FormIx, LookupIx, Model, OptionId};

/// The module every GBV form belongs to.
pub const MODULE: &str = "primeromodule-gbv";

/// A form's `unique_id`.
#[must_use]
pub fn form(model: &Model, fx: FormIx) -> String {
    model.form(fx).id.to_string()
}

/// A field's `name` (the key its answer is stored under: its legacy key, if any).
#[must_use]
pub fn field(model: &Model, fx: FieldIx) -> String {
    model.stored_key(fx).to_string()
}

/// A named lookup's `unique_id` (`None` for a field's own list).
#[must_use]
pub fn lookup(model: &Model, lx: LookupIx) -> Option<String> {
    model.lookup_id(lx).map(str::to_string)
}

/// An option's stored id (its `stored_as`, if any).
#[must_use]
pub fn option(model: &Model, lookup: LookupIx, option: &OptionId) -> String {
    model.lookup(lookup).stored(option.as_str()).to_string()
}
