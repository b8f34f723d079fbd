//! The JSON Forms UI schema of a record: a `Categorization` of its navigation groups
//! ([`Model::navigation`]), each a `Category` holding one `Group` per form, controls in field
//! order (`scope: "#/properties/<field>"`); a subform is an array control whose `detail` layout
//! holds the row's controls (scopes relative to the row). Every element carries `i18n`, the
//! prefix of its keys in the translation files, and its label in the default language; a select
//! control names its option list in `options.lookup` (option labels are the keys
//! `lookup.<lookup>.<option>`).
//!
//! A field's `show_if` becomes a `SHOW` rule whose condition is a JSON Schema on the record (on
//! the row for a row field), hidden-question rule included ([`Conditions`]); when no JSON Schema
//! can say it, there is no rule (the preview evaluates `rules.json`). Forms and fields declared
//! `visible: false` are not shown.

use gbvims_compiler::json::lookup_name;
use gbvims_compiler::model::{FieldIx, FieldKind, FormIx, Model, OptionSource, RecordIx};
use serde_json::{json, Map, Value as Json};

use super::condition::Conditions;
use super::i18n::{field_key_in, form_key, group_key, record_key};

/// The UI schema of `record`.
#[must_use]
pub fn ui_schema(model: &Model, record: RecordIx) -> Json {
    let lang = model.default_language();
    let rec = model.record(record);
    let mut categories = Vec::new();
    for group in model.navigation(record) {
        let forms: Vec<Json> = group
            .forms
            .iter()
            .filter(|&&f| model.form(f).visible)
            .map(|&f| {
                let form = model.form(f);
                json!({
                    "type": "Group",
                    "label": model.text(&form.title, lang),
                    "i18n": form_key(model, f),
                    "elements": controls(model, f),
                })
            })
            .collect();
        if forms.is_empty() {
            continue;
        }
        let (label, i18n) = match &group.group {
            Some(g) => {
                let label = rec
                    .form_groups
                    .and_then(|l| model.lookup(l).option(g.as_str()))
                    .map_or(g.as_str(), |o| model.text(&o.label, lang));
                (label, group_key(rec.id.as_str(), g.as_str()))
            }
            None => (model.text(&rec.label, lang), record_key(rec.id.as_str())),
        };
        categories.push(json!({
            "type": "Category",
            "label": label,
            "i18n": i18n,
            "elements": forms,
        }));
    }
    json!({
        "type": "Categorization",
        "label": model.text(&rec.label, lang),
        "i18n": record_key(rec.id.as_str()),
        "elements": categories,
    })
}

/// The controls of the fields of a form (or of a subform's rows), in order, as the form shows
/// them: a `use { … }` block's label and `visible` win, with its own i18n prefix.
fn controls(model: &Model, shown_in: FormIx) -> Vec<Json> {
    let lang = model.default_language();
    let mut out = Vec::new();
    for &fx in &model.form(shown_in).fields {
        let f = model.field(fx);
        if !model.visible_in(shown_in, fx) {
            continue;
        }
        let label = model.label_in(shown_in, fx);
        let mut element = Map::new();
        if matches!(f.kind, FieldKind::Separator) {
            element.insert("type".into(), json!("Label"));
            element.insert("text".into(), json!(model.text(label, lang)));
        } else {
            element.insert("type".into(), json!("Control"));
            element.insert("scope".into(), json!(format!("#/properties/{}", f.stored)));
            element.insert("label".into(), json!(model.text(label, lang)));
        }
        element.insert("i18n".into(), json!(field_key_in(model, shown_in, fx)));
        let mut options = Map::new();
        if matches!(f.kind, FieldKind::TextArea) {
            options.insert("multi".into(), json!(true));
        }
        if let FieldKind::Select { radio, source, .. } = &f.kind {
            if *radio {
                options.insert("format".into(), json!("radio"));
            }
            // JSON Forms looks option labels up as `<i18n>.<option>`; they are
            // `lookup.<lookup>.<option>` in the translation files.
            if let OptionSource::Lookup(l) = source {
                options.insert("lookup".into(), json!(lookup_name(model, *l)));
            }
        }
        if let FieldKind::Subform { form } = f.kind {
            options.insert(
                "detail".into(),
                json!({
                    "type": "VerticalLayout",
                    "elements": controls(model, form),
                }),
            );
        }
        if f.flags.read_only || f.calculate.is_some() {
            options.insert("readonly".into(), json!(true));
        }
        if !options.is_empty() {
            element.insert("options".into(), Json::Object(options));
        }
        if let Some(rule) = show_rule(model, fx) {
            element.insert("rule".into(), rule);
        }
        out.push(Json::Object(element));
    }
    out
}

/// The `SHOW` rule of a field with a `show_if`, when a JSON Schema can express it.
#[must_use]
pub fn show_rule(model: &Model, field: FieldIx) -> Option<Json> {
    let show_if = model.field(field).show_if.as_ref()?;
    let schema = Conditions::for_field(model, field).holds(show_if)?;
    Some(json!({"effect": "SHOW", "condition": {"scope": "#", "schema": schema}}))
}
