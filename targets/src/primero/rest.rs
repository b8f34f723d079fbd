//! The REST shape of forms and lookups (FACTS §8.2), for installations that update forms one by
//! one (`POST /api/v2/forms`, `POST /api/v2/lookups`) instead of importing a bundle that
//! replaces everything: localized properties without `_i18n`, `fields` for
//! `fields_attributes`, `option_strings_text` for `option_strings_text_i18n`, `values` for a
//! lookup's `lookup_values_i18n`, each body under `data`.

use serde_json::{json, Map, Value as Json};

use super::types::{FormSection, Lookup};

/// `{"data": form}` in the REST shape.
#[must_use]
pub fn form(form: &FormSection) -> Json {
    json!({ "data": rename(json!(form)) })
}

/// `{"data": lookup}` in the REST shape.
#[must_use]
pub fn lookup(lookup: &Lookup) -> Json {
    let mut v = rename(json!(lookup));
    if let Some(obj) = v.as_object_mut() {
        if let Some(values) = obj.remove("lookup_values") {
            obj.insert("values".into(), values);
        }
    }
    json!({ "data": v })
}

/// Renames the bundle's keys to the REST ones, recursively.
fn rename(v: Json) -> Json {
    match v {
        Json::Object(obj) => {
            let mut out = Map::new();
            for (k, v) in obj {
                let key = match k.as_str() {
                    "fields_attributes" => "fields".to_string(),
                    _ => k.strip_suffix("_i18n").unwrap_or(&k).to_string(),
                };
                // Display conditions are objects keyed by field name: left as they are.
                let keep = k.starts_with("display_conditions");
                out.insert(key, if keep { v } else { rename(v) });
            }
            Json::Object(out)
        }
        Json::Array(items) => Json::Array(items.into_iter().map(rename).collect()),
        other => other,
    }
}
