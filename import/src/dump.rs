//! A Primero configuration as the importer sees it, whatever it was read from: the JSON bundle
//! (FACTS §8.1: `name_i18n`, `fields_attributes`, `option_strings_text_i18n`), the REST shape
//! (`name`, `fields`, `option_strings_text` as `{locale: text}`), or Ruby seed files (one key per
//! locale: `name_en`, `display_name_ar`, `lookup_values_fr: [{id, display_text}]`).

use std::collections::{BTreeMap, BTreeSet};

use gbvims_compiler::diagnostics::Code;
use gbvims_compiler::Diagnostic;
use gbvims_dsl::Span;
use serde_json::{Map, Value as Json};

/// A text per locale.
pub type I18n = BTreeMap<String, String>;

/// Everything read.
#[derive(Clone, Debug, Default)]
pub struct Dump {
    /// Form sections, in the order read.
    pub forms: Vec<Form>,
    /// Lookups, in the order read.
    pub lookups: Vec<Lookup>,
    /// Locations, in the order read.
    pub locations: Vec<Location>,
    /// Whether locations were given at all.
    pub has_locations: bool,
    /// What a bundle holds of the Primero installation (`primero_version`, `Agency`, `Role`,
    /// `UserGroup`, `ContactInformation`, `Report`): the country's `primero/instance.json`.
    pub instance: Option<Json>,
}

/// The bundle's arrays that belong to the installation.
pub const INSTANCE_ARRAYS: &[&str] = &[
    "Agency",
    "Role",
    "UserGroup",
    "ContactInformation",
    "Report",
];

/// A form section.
#[derive(Clone, Debug)]
pub struct Form {
    /// `unique_id`.
    pub id: String,
    /// `parent_form` (`case`, `incident`).
    pub record: String,
    /// Its title.
    pub name: I18n,
    /// Its description.
    pub description: I18n,
    /// `visible`.
    pub visible: bool,
    /// `is_nested`.
    pub nested: bool,
    /// `form_group_id`.
    pub group: Option<String>,
    /// `order` (`order_subform` for a subform): its place among the forms of its group, or
    /// among the subforms.
    pub order: i64,
    /// `order_form_group`.
    pub group_order: i64,
    /// `mobile_form`.
    pub mobile: bool,
    /// Its fields, in order.
    pub fields: Vec<Field>,
    /// Where it was read.
    pub span: Span,
}

/// A field.
#[derive(Clone, Debug)]
pub struct Field {
    /// `name`.
    pub name: String,
    /// `type`.
    pub kind: String,
    /// `multi_select`.
    pub multi: bool,
    /// `display_name`.
    pub label: I18n,
    /// `help_text`.
    pub help: I18n,
    /// `guiding_questions`.
    pub guiding: I18n,
    /// `tick_box_label`.
    pub tick: I18n,
    /// `option_strings_source` (`lookup lookup-x`, `Location`, …).
    pub source: Option<String>,
    /// `option_strings_text`: the field's own options.
    pub options: Vec<Opt>,
    /// `visible` (`true` when not given).
    pub visible: bool,
    /// `mobile_visible`.
    pub mobile: bool,
    /// `required`.
    pub required: bool,
    /// `subform_section_id` / `subform_unique_id`.
    pub subform: Option<String>,
    /// `date_include_time`.
    pub with_time: bool,
    /// Its display condition as given, with the key it was under: `display_conditions_record`
    /// (evaluated on the record) or `display_conditions_subform` (on the row).
    pub condition: Option<(&'static str, Json)>,
    /// Its `calculation` as given.
    pub calculation: Option<Json>,
}

/// An option of a lookup or of a field.
#[derive(Clone, Debug, PartialEq)]
pub struct Opt {
    /// Its stored id.
    pub id: String,
    /// Its label per locale.
    pub text: I18n,
}

/// A lookup.
#[derive(Clone, Debug)]
pub struct Lookup {
    /// `unique_id`.
    pub id: String,
    /// Its name.
    pub name: I18n,
    /// Its options, in order.
    pub values: Vec<Opt>,
    /// Where it was read.
    pub span: Span,
}

/// An administrative unit.
#[derive(Clone, Debug)]
pub struct Location {
    /// `location_code`.
    pub code: String,
    /// `admin_level` (0 = the country).
    pub level: u8,
    /// The code of the unit it lies in.
    pub parent: Option<String>,
    /// Its name per locale.
    pub names: I18n,
    /// `type`.
    pub kind: Option<String>,
    /// Where it was read (its seed call, or its location file).
    pub span: Span,
}

impl Dump {
    /// Every locale with a text somewhere, sorted.
    #[must_use]
    pub fn locales(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut add = |t: &I18n| {
            for (l, v) in t {
                if !v.is_empty() {
                    out.insert(l.clone());
                }
            }
        };
        for f in &self.forms {
            add(&f.name);
            for fld in &f.fields {
                add(&fld.label);
                for o in &fld.options {
                    add(&o.text);
                }
            }
        }
        for l in &self.lookups {
            add(&l.name);
            for o in &l.values {
                add(&o.text);
            }
        }
        for l in &self.locations {
            add(&l.names);
        }
        out
    }
}

/// E0140 at `span`.
pub(crate) fn unreadable(span: Span, what: &str, help: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::new(Code::E0140, span, what.to_string())
            .label("cannot be imported")
            .help(help.to_string()),
    )
}

fn text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => String::new(),
        other => other.to_string(),
    }
}

fn boolean(o: &Map<String, Json>, key: &str, default: bool) -> bool {
    match o.get(key) {
        Some(Json::Bool(b)) => *b,
        Some(Json::String(s)) => s == "true",
        _ => default,
    }
}

fn int(o: &Map<String, Json>, key: &str) -> i64 {
    match o.get(key) {
        Some(Json::Number(n)) => n.as_i64().unwrap_or(0),
        Some(Json::String(s)) => s.parse().unwrap_or(0),
        _ => 0,
    }
}

/// A localized property in any of the three shapes: `<p>_i18n` / `<p>` as `{locale: text}`, or
/// one `<p>_<locale>` key per locale.
fn i18n(o: &Map<String, Json>, property: &str) -> I18n {
    let mut out = I18n::new();
    for key in [format!("{property}_i18n"), property.to_string()] {
        if let Some(Json::Object(m)) = o.get(&key) {
            for (l, t) in m.iter().filter(|(l, _)| is_locale(l)) {
                let t = text(t);
                if !t.is_empty() {
                    out.insert(l.clone(), t);
                }
            }
        }
    }
    if let Some(Json::String(t)) = o.get(property) {
        if !t.is_empty() {
            out.entry("en".into()).or_insert_with(|| t.clone());
        }
    }
    let prefix = format!("{property}_");
    for (k, v) in o {
        if let Some(locale) = k.strip_prefix(&prefix) {
            if locale != "i18n" && is_locale(locale) {
                let t = text(v);
                if !t.is_empty() {
                    out.insert(locale.to_string(), t);
                }
            }
        }
    }
    out
}

fn is_locale(s: &str) -> bool {
    let mut parts = s.splitn(2, '-');
    let lang = parts.next().unwrap_or_default();
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && parts
            .next()
            .is_none_or(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// An option list in any shape: `[{id, display_text: {locale: text}}]`, one `[{id,
/// display_text: text}]` per `<p>_<locale>`, or REST's `{locale: [{id, display_text}]}`.
fn options(o: &Map<String, Json>, property: &str) -> Vec<Opt> {
    let mut order: Vec<String> = Vec::new();
    let mut texts: BTreeMap<String, I18n> = BTreeMap::new();
    let mut add = |id: String, locale: &str, t: String| {
        // A key that is not a locale is not a text (and would be written as a language).
        if !is_locale(locale) {
            return;
        }
        if !texts.contains_key(&id) {
            order.push(id.clone());
        }
        let entry = texts.entry(id).or_default();
        if !t.is_empty() {
            entry.insert(locale.to_string(), t);
        }
    };
    let mut one_list = |list: &Json, locale: Option<&str>| {
        for item in list.as_array().into_iter().flatten() {
            let Some(item) = item.as_object() else {
                continue;
            };
            let id = item.get("id").map(text).unwrap_or_default();
            match (item.get("display_text"), locale) {
                (Some(Json::Object(m)), _) => {
                    if m.is_empty() {
                        add(id.clone(), "en", String::new());
                    }
                    for (l, t) in m {
                        add(id.clone(), l, text(t));
                    }
                }
                (Some(t), Some(l)) => add(id, l, text(t)),
                (Some(t), None) => add(id, "en", text(t)),
                (None, l) => add(id, l.unwrap_or("en"), String::new()),
            }
        }
    };
    for key in [format!("{property}_i18n"), property.to_string()] {
        match o.get(&key) {
            Some(list @ Json::Array(_)) => one_list(list, None),
            Some(Json::Object(per_locale)) => {
                for (l, list) in per_locale {
                    one_list(list, Some(l));
                }
            }
            _ => {}
        }
    }
    let prefix = format!("{property}_");
    for (k, v) in o {
        if let Some(locale) = k.strip_prefix(&prefix) {
            if locale != "i18n" && is_locale(locale) {
                one_list(v, Some(locale));
            }
        }
    }
    order
        .into_iter()
        .filter(|id| !id.is_empty())
        .map(|id| {
            let text = texts.remove(&id).unwrap_or_default();
            Opt { id, text }
        })
        .collect()
}

/// A form section object.
///
/// # Errors
/// E0140 without `unique_id`, or a field without `name` or `type`.
pub fn form(o: &Map<String, Json>, span: Span) -> Result<Form, Box<Diagnostic>> {
    let id = o.get("unique_id").map(text).unwrap_or_default();
    if id.is_empty() {
        return Err(unreadable(
            span,
            "a form section here has no `unique_id`, so it cannot be compared with the standard",
            "give every form section its `unique_id` (Primero's exporter always writes it)",
        ));
    }
    let list = o
        .get("fields_attributes")
        .or_else(|| o.get("fields"))
        .and_then(Json::as_array);
    let mut fields = Vec::new();
    for f in list.into_iter().flatten() {
        let Some(f) = f.as_object() else { continue };
        let name = f.get("name").map(text).unwrap_or_default();
        let kind = f.get("type").map(text).unwrap_or_default();
        if name.is_empty() || kind.is_empty() {
            return Err(unreadable(
                span,
                &format!("a field of the form `{id}` has no `name` or no `type`"),
                "give every field its `name` and `type` (Primero's exporter always writes them)",
            ));
        }
        let source = f
            .get("option_strings_source")
            .map(text)
            .filter(|s| !s.is_empty());
        fields.push(Field {
            name,
            kind,
            multi: boolean(f, "multi_select", false),
            label: i18n(f, "display_name"),
            help: i18n(f, "help_text"),
            guiding: i18n(f, "guiding_questions"),
            tick: i18n(f, "tick_box_label"),
            source,
            options: options(f, "option_strings_text"),
            visible: boolean(f, "visible", true),
            mobile: boolean(f, "mobile_visible", true),
            required: boolean(f, "required", false),
            subform: f
                .get("subform_unique_id")
                .or_else(|| f.get("subform_section_unique_id"))
                .or_else(|| f.get("subform_section_id"))
                .map(text)
                .filter(|s| !s.is_empty()),
            with_time: boolean(f, "date_include_time", false),
            condition: ["display_conditions_record", "display_conditions_subform"]
                .into_iter()
                .find_map(|k| f.get(k).filter(|v| !v.is_null()).map(|v| (k, v.clone()))),
            calculation: f.get("calculation").filter(|v| !v.is_null()).cloned(),
        });
    }
    Ok(Form {
        record: o.get("parent_form").map(text).unwrap_or_default(),
        name: i18n(o, "name"),
        description: i18n(o, "description"),
        visible: boolean(o, "visible", true),
        nested: boolean(o, "is_nested", false),
        group: o.get("form_group_id").map(text).filter(|s| !s.is_empty()),
        order: if boolean(o, "is_nested", false) {
            int(o, "order_subform")
        } else {
            int(o, "order")
        },
        group_order: int(o, "order_form_group"),
        mobile: boolean(o, "mobile_form", false),
        fields,
        span,
        id,
    })
}

/// A lookup object.
///
/// # Errors
/// E0140 without `unique_id`.
pub fn lookup(o: &Map<String, Json>, span: Span) -> Result<Lookup, Box<Diagnostic>> {
    let id = o.get("unique_id").map(text).unwrap_or_default();
    if id.is_empty() {
        return Err(unreadable(
            span,
            "a lookup here has no `unique_id`, so it cannot be compared with the standard",
            "give every lookup its `unique_id` (`lookup-…`)",
        ));
    }
    let mut values = options(o, "lookup_values");
    if values.is_empty() {
        values = options(o, "values");
    }
    Ok(Lookup {
        name: i18n(o, "name"),
        values,
        span,
        id,
    })
}

/// A location object of a seed file (`Location.create!`).
///
/// # Errors
/// E0140 without `location_code`.
pub fn location(o: &Map<String, Json>, span: Span) -> Result<Location, Box<Diagnostic>> {
    let code = o.get("location_code").map(text).unwrap_or_default();
    if code.is_empty() {
        return Err(unreadable(
            span,
            "a location here has no `location_code`",
            "give every location its code (the P-code)",
        ));
    }
    let path = o.get("hierarchy_path").map(text).unwrap_or_default();
    let segments: Vec<&str> = path.split('.').filter(|s| !s.is_empty()).collect();
    let parent = match segments.as_slice() {
        [.., parent, last] if *last == code => Some((*parent).to_string()),
        _ => None,
    };
    let level = u8::try_from(int(o, "admin_level")).unwrap_or(0);
    Ok(Location {
        names: i18n(o, "placename"),
        kind: o.get("type").map(text).filter(|s| !s.is_empty()),
        parent,
        level,
        code,
        span,
    })
}

/// The forms and lookups of a JSON bundle (`{"data": {"FormSection": […], "Lookup": […]}}`), a
/// REST form (`{"data": {…}}` with `fields`), or a bare array of either.
///
/// # Errors
/// E0140: not an object with `data`, or an object without its id.
pub fn bundle(json: &Json, span: Span, out: &mut Dump) -> Result<(), Box<Diagnostic>> {
    let data = json.get("data").unwrap_or(json);
    let forms = data.get("FormSection");
    let lookups = data.get("Lookup");
    if forms.is_none() && lookups.is_none() {
        if data.get("unique_id").is_some() && data.get("fields").is_some() {
            if let Some(o) = data.as_object() {
                out.forms.push(form(o, span)?);
                return Ok(());
            }
        }
        if data.get("unique_id").is_some() && data.get("values").is_some() {
            if let Some(o) = data.as_object() {
                out.lookups.push(lookup(o, span)?);
                return Ok(());
            }
        }
        return Err(unreadable(
            span,
            "this JSON file is not a Primero configuration bundle: it has no `data` with `FormSection` or `Lookup`",
            "give the file Primero's configuration export writes (`/api/v2/configurations`, or the `configuration.json` of `gbvims build`)",
        ));
    }
    let mut instance = Map::new();
    if let Some(v) = json.get("primero_version").filter(|v| v.is_string()) {
        instance.insert("primero_version".into(), v.clone());
    }
    for key in INSTANCE_ARRAYS {
        if let Some(a) = data.get(*key).filter(|a| a.is_array()) {
            instance.insert((*key).to_string(), a.clone());
        }
    }
    if instance.len() > 1 {
        out.instance = Some(Json::Object(instance));
    }
    for f in forms.and_then(Json::as_array).into_iter().flatten() {
        if let Some(o) = f.as_object() {
            out.forms.push(form(o, span)?);
        }
    }
    for l in lookups.and_then(Json::as_array).into_iter().flatten() {
        if let Some(o) = l.as_object() {
            out.lookups.push(lookup(o, span)?);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_three_shapes_of_texts_and_options_agree() {
        let bundle = json!({
            "name_i18n": {"en": "Lookup", "ar": "قائمة"},
            "lookup_values_i18n": [{"id": "a", "display_text": {"en": "A", "ar": "أ"}}]
        });
        let seeds = json!({
            "name_en": "Lookup", "name_ar": "قائمة", "name_fr": "",
            "lookup_values_en": [{"id": "a", "display_text": "A"}],
            "lookup_values_ar": [{"id": "a", "display_text": "أ"}]
        });
        let rest = json!({
            "name": {"en": "Lookup", "ar": "قائمة"},
            "lookup_values": {"en": [{"id": "a", "display_text": "A"}], "ar": [{"id": "a", "display_text": "أ"}]}
        });
        let read = |j: &Json| {
            let o = j.as_object().unwrap();
            (i18n(o, "name"), options(o, "lookup_values"))
        };
        assert_eq!(read(&bundle), read(&seeds));
        assert_eq!(read(&bundle), read(&rest));
        assert_eq!(read(&bundle).1[0].text.len(), 2);
    }
}
