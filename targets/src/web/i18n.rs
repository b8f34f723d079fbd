//! The translation files (`i18n/<lang>.json`): one flat object per language, i18n key → text,
//! every text picked with [`Model::text`] (the language, else the default language, else
//! English); a key whose text is empty in all of them is left out.
//!
//! Keys (JSON Forms appends `.label` and `.description` to an element's `i18n`):
//! `record.<record>.label`, `group.<record>.<group>.label`, `form.<form>.label`,
//! `form.<form>.description`, `field.<form>.<field>.{label, description, guiding_questions,
//! tick_label, constraint_message}`, `lookup.<lookup>.<option>`, `role.<role>.{label,
//! description}`.

use std::collections::BTreeMap;

use gbvims_compiler::json::lookup_name;
use gbvims_compiler::model::{Model, Texts};

use super::data::used_lookups;

/// The i18n prefix of a field's texts (`field.<form>.<field>`): the form that declares it.
#[must_use]
pub fn field_key(model: &Model, field: gbvims_compiler::model::FieldIx) -> String {
    let f = model.field(field);
    format!("field.{}.{}", model.form(f.form).id, f.id)
}

/// The i18n prefix of a field's texts in the form that shows it: the declaring form's
/// ([`field_key`]), except for a field whose `use { … }` block gives its own label, which has
/// `field.<using form>.<field>` (with the declaration's other texts repeated there).
#[must_use]
pub fn field_key_in(
    model: &Model,
    shown_in: gbvims_compiler::model::FormIx,
    field: gbvims_compiler::model::FieldIx,
) -> String {
    match model.use_override(shown_in, field) {
        Some(o) if o.label.is_some() => format!(
            "field.{}.{}",
            model.form(shown_in).id,
            model.field(field).id
        ),
        _ => field_key(model, field),
    }
}

/// The i18n prefix of a form's texts (`form.<form>`).
#[must_use]
pub fn form_key(model: &Model, form: gbvims_compiler::model::FormIx) -> String {
    format!("form.{}", model.form(form).id)
}

/// The i18n prefix of a navigation group (`group.<record>.<group>`).
#[must_use]
pub fn group_key(record: &str, group: &str) -> String {
    format!("group.{record}.{group}")
}

/// The i18n prefix of a record type (`record.<record>`).
#[must_use]
pub fn record_key(record: &str) -> String {
    format!("record.{record}")
}

/// The translation file of `lang`.
#[must_use]
pub fn translations(model: &Model, lang: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut put = |key: String, texts: &Texts| {
        let text = model.text(texts, lang);
        if !text.is_empty() {
            out.insert(key, text.to_string());
        }
    };
    for r in &model.records {
        put(format!("{}.label", record_key(r.id.as_str())), &r.label);
        if let Some(l) = r.form_groups {
            for o in &model.lookup(l).options {
                let key = group_key(r.id.as_str(), o.id.as_str());
                put(format!("{key}.label"), &o.label);
            }
        }
    }
    for (n, form) in model.forms.iter().enumerate() {
        let key = form_key(model, gbvims_compiler::model::FormIx::from_index(n));
        put(format!("{key}.label"), &form.title);
        put(format!("{key}.description"), &form.description);
    }
    for (n, f) in model.fields.iter().enumerate() {
        let key = field_key(model, gbvims_compiler::model::FieldIx::from_index(n));
        put(format!("{key}.label"), &f.label);
        put(format!("{key}.description"), &f.help);
        put(format!("{key}.guiding_questions"), &f.guiding_questions);
        put(format!("{key}.tick_label"), &f.tick_label);
        if let Some(c) = &f.constraint {
            put(format!("{key}.constraint_message"), &c.message);
        }
    }
    for (n, form) in model.forms.iter().enumerate() {
        let shown_in = gbvims_compiler::model::FormIx::from_index(n);
        for o in form.overrides.iter().filter(|o| o.label.is_some()) {
            let f = model.field(o.field);
            let key = field_key_in(model, shown_in, o.field);
            put(format!("{key}.label"), model.label_in(shown_in, o.field));
            put(format!("{key}.description"), &f.help);
            put(format!("{key}.guiding_questions"), &f.guiding_questions);
            put(format!("{key}.tick_label"), &f.tick_label);
            if let Some(c) = &f.constraint {
                put(format!("{key}.constraint_message"), &c.message);
            }
        }
    }
    for l in used_lookups(model) {
        let id = lookup_name(model, l);
        for o in &model.lookup(l).options {
            // Keyed by the stored id: the form looks labels up by the value it holds.
            put(format!("lookup.{id}.{}", o.stored), &o.label);
        }
    }
    for r in &model.roles {
        put(format!("role.{}.label", r.id), &r.label);
        put(format!("role.{}.description", r.id), &r.description);
    }
    out
}
