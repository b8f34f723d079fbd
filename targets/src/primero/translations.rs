//! The translation files Primero imports (FACTS §8.2): per locale, one file per form
//! (`translations/<locale>/<form>.yml`: `<locale>` → `<form>` → `name`, `description`,
//! `form_group_name`, `fields` → `<field>` → `display_name`, `help_text`, `guiding_questions`,
//! `tick_box_label`, `option_strings_text` → `<option>`) and one `lookups.yml`
//! (`<locale>` → `<lookup>` → `name`, `lookup_values` → `<option>`). Empty texts are left out.

use std::collections::BTreeMap;

use gbvims_compiler::model::RecordIx;
use serde_json::{Map, Value as Json};

use super::types::{FormSection, I18n, Lookup, OptionText};
use super::Ctx;
use crate::Artifact;

fn put(map: &mut Map<String, Json>, key: &str, texts: &I18n, lang: &str) {
    if let Some(t) = texts.get(lang) {
        map.insert(key.into(), Json::String(t.clone()));
    }
}

fn options(map: &mut Map<String, Json>, key: &str, options: &[OptionText], lang: &str) {
    let mut out = Map::new();
    for o in options {
        if let Some(t) = o.display_text.get(lang) {
            out.insert(o.id.clone(), Json::String(t.clone()));
        }
    }
    if !out.is_empty() {
        map.insert(key.into(), Json::Object(out));
    }
}

/// The label of each form group, per record type and group id.
fn groups(ctx: &Ctx) -> BTreeMap<(String, String), I18n> {
    let model = ctx.model;
    let mut out = BTreeMap::new();
    for (r, record) in model.records.iter().enumerate() {
        let Some(l) = model.record(RecordIx::from_index(r)).form_groups else {
            continue;
        };
        for o in &model.lookup(l).options {
            out.insert(
                (record.id.to_string(), o.id.to_string()),
                ctx.i18n(&o.label),
            );
        }
    }
    out
}

/// Every translation file.
pub(crate) fn files(ctx: &Ctx, forms: &[FormSection], lookups: &[Lookup]) -> Vec<Artifact> {
    let groups = groups(ctx);
    let mut out = Vec::new();
    for lang in &ctx.langs {
        for form in forms {
            let mut f = Map::new();
            put(&mut f, "name", &form.name_i18n, lang);
            put(&mut f, "description", &form.description_i18n, lang);
            if let Some(g) = form
                .form_group_id
                .as_ref()
                .and_then(|g| groups.get(&(form.parent_form.clone(), g.clone())))
            {
                put(&mut f, "form_group_name", g, lang);
            }
            let mut fields = Map::new();
            for field in &form.fields_attributes {
                let mut t = Map::new();
                put(&mut t, "display_name", &field.display_name_i18n, lang);
                put(&mut t, "help_text", &field.help_text_i18n, lang);
                put(
                    &mut t,
                    "guiding_questions",
                    &field.guiding_questions_i18n,
                    lang,
                );
                put(&mut t, "tick_box_label", &field.tick_box_label_i18n, lang);
                if let Some(o) = &field.option_strings_text_i18n {
                    options(&mut t, "option_strings_text", o, lang);
                }
                if !t.is_empty() {
                    fields.insert(field.name.clone(), Json::Object(t));
                }
            }
            if !fields.is_empty() {
                f.insert("fields".into(), Json::Object(fields));
            }
            let doc = nest(lang, &form.unique_id, f);
            out.push(yaml(
                &format!("translations/{lang}/{}.yml", form.unique_id),
                &doc,
            ));
        }
        let mut all = Map::new();
        for l in lookups {
            let mut t = Map::new();
            put(&mut t, "name", &l.name_i18n, lang);
            options(&mut t, "lookup_values", &l.lookup_values_i18n, lang);
            all.insert(l.unique_id.clone(), Json::Object(t));
        }
        let mut doc = Map::new();
        doc.insert(lang.clone(), Json::Object(all));
        out.push(yaml(
            &format!("translations/{lang}/lookups.yml"),
            &Json::Object(doc),
        ));
    }
    out
}

fn nest(lang: &str, id: &str, inner: Map<String, Json>) -> Json {
    let mut by_id = Map::new();
    by_id.insert(id.to_string(), Json::Object(inner));
    let mut doc = Map::new();
    doc.insert(lang.to_string(), Json::Object(by_id));
    Json::Object(doc)
}

fn yaml(path: &str, doc: &Json) -> Artifact {
    Artifact {
        path: path.to_string(),
        bytes: serde_norway::to_string(doc)
            .unwrap_or_default()
            .into_bytes(),
    }
}
