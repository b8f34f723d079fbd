//! The overlay the importer writes, as data, and its text: `country.gbv`, with stored ids, legacy
//! keys, `hide option`, `hide form`, `unused lookup`, `change field` and the country's own forms
//! besides the declarations every country uses.

use std::fmt::Write as _;

use gbvims_dsl::escape;

/// Texts in the order written: `(language, text)`.
pub type Texts = Vec<(String, String)>;

/// The country header.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Header {
    /// The country's id.
    pub id: String,
    /// Its name.
    pub name: Texts,
    /// ISO 3166 code.
    pub code: String,
    /// The standard's major version it extends.
    pub major: u64,
    /// Its languages, default first.
    pub languages: Vec<String>,
    /// The locations file, when there is one.
    pub locations: Option<String>,
    /// `location_levels`.
    pub location_levels: Vec<(String, u8)>,
    /// `ir_location_levels` (not in a Primero configuration: a first guess the report names).
    pub ir_location_levels: Vec<(String, u8)>,
}

/// An option declaration.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionDecl {
    /// Its id.
    pub id: String,
    /// Its texts (none: an option of the standard kept, whose stored id only is set).
    pub texts: Texts,
    /// `stored_as "<id>"` (contract item 1).
    pub stored_as: Option<String>,
}

/// The body of a field (an added field, or a field of a country form).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldBody {
    /// The type as written (`select_one`, `tick_box`, …), with its lookup or subform.
    pub ty: String,
    /// `label`.
    pub label: Texts,
    /// `help`.
    pub help: Texts,
    /// `guiding_questions`.
    pub guiding: Texts,
    /// `tick_label`.
    pub tick: Texts,
    /// `after: <field>`.
    pub after: Option<String>,
    /// The flag `first` (contract item 8).
    pub first: bool,
    /// `stored_as: "<key>"` (contract item 2).
    pub stored_as: Option<String>,
    /// Flags (`required`, `visible: false`, `mobile: false`).
    pub flags: Vec<String>,
    /// Its own options.
    pub options: Vec<OptionDecl>,
    /// `show_if: <condition>`, read back from Primero's display condition.
    pub show_if: Option<String>,
    /// `calculate: <expression>`, read back from Primero's calculation.
    pub calculate: Option<String>,
}

/// What `change field` changes (contract item 8).
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// `lookup: <id>`.
    Lookup(String),
    /// `after: <field>`.
    After(String),
    /// `first`.
    First,
    /// `remove: help, tick_label`.
    Remove(Vec<&'static str>),
}

/// Texts of a `translate` or `reword` of a form or field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextAttrs {
    /// `(attribute, texts)`: `label`, `help`, `title`, …
    pub attrs: Vec<(&'static str, Texts)>,
}

/// A form of the country's own (contract item 3).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormDecl {
    /// `subform` rather than `form`.
    pub subform: bool,
    /// Its id.
    pub id: String,
    /// Its record (`case`, `incident`; none for a subform).
    pub record: String,
    /// `title`.
    pub title: Texts,
    /// `group`.
    pub group: Option<String>,
    /// `group_order` (a form, not a subform).
    pub group_order: Option<i64>,
    /// `order` (a subform's is written when it is not 0).
    pub order: i64,
    /// `mobile`.
    pub mobile: bool,
    /// Its fields.
    pub fields: Vec<(String, FieldBody)>,
}

/// One declaration of the overlay.
#[derive(Clone, Debug, PartialEq)]
pub enum Decl {
    /// A comment line before the next declaration.
    Comment(String),
    /// `replace lookup`.
    ReplaceLookup(String, Vec<OptionDecl>),
    /// `extend lookup`.
    ExtendLookup(String, Vec<OptionDecl>),
    /// `lookup <id> extensible { name: …; options }`: a list of the country's own.
    OwnLookup(String, Texts, Vec<OptionDecl>),
    /// `translate lookup <id> { name: …; option x: … }`.
    TranslateLookup(String, Texts, Vec<(String, Texts)>),
    /// `reword lookup <id> { option x: en … } because "…"`.
    RewordLookup(String, Vec<(String, Texts)>, String),
    /// `translate form <id> { title: … }` / `translate field <form>.<field> { label: … }`.
    Translate(&'static str, String, TextAttrs),
    /// `reword field <form>.<field> { label: en … } because "…"`.
    Reword(&'static str, String, TextAttrs, String),
    /// `hide field <form>.<field>`.
    HideField(String, String),
    /// `hide form <form>` (contract item 5).
    HideForm(String),
    /// `hide option <option> in <lookup>` (contract item 6).
    HideOption(String, String),
    /// `unused lookup <lookup>` (contract item 7).
    UnusedLookup(String),
    /// `change field <form>.<field> { … }` (contract item 8).
    ChangeField(String, String, Vec<Change>),
    /// `add field <id> to <form>: <type> { … }`.
    AddField(String, String, FieldBody),
    /// `form … in …` / `subform …` (contract item 3).
    Form(FormDecl),
}

fn texts(t: &Texts) -> String {
    t.iter()
        .map(|(l, s)| format!("{l} \"{}\"", escape(s)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn option(out: &mut String, indent: &str, o: &OptionDecl) {
    let _ = write!(out, "{indent}option {}", o.id);
    if !o.texts.is_empty() {
        let _ = write!(out, ": {}", texts(&o.texts));
    }
    if let Some(s) = &o.stored_as {
        let _ = write!(out, " stored_as \"{}\"", escape(s));
    }
    out.push('\n');
}

fn field_body(out: &mut String, indent: &str, b: &FieldBody) {
    for (key, t) in [
        ("label", &b.label),
        ("help", &b.help),
        ("guiding_questions", &b.guiding),
        ("tick_label", &b.tick),
    ] {
        if !t.is_empty() {
            let _ = writeln!(out, "{indent}{key}: {}", texts(t));
        }
    }
    if let Some(s) = &b.stored_as {
        let _ = writeln!(out, "{indent}stored_as: \"{}\"", escape(s));
    }
    if let Some(a) = &b.after {
        let _ = writeln!(out, "{indent}after: {a}");
    }
    if b.first {
        let _ = writeln!(out, "{indent}first");
    }
    for f in &b.flags {
        let _ = writeln!(out, "{indent}{f}");
    }
    if let Some(e) = &b.show_if {
        let _ = writeln!(out, "{indent}show_if: {e}");
    }
    if let Some(e) = &b.calculate {
        let _ = writeln!(out, "{indent}calculate: {e}");
    }
    for o in &b.options {
        option(out, indent, o);
    }
}

fn option_texts(out: &mut String, options: &[(String, Texts)]) {
    for (id, t) in options {
        let _ = writeln!(out, "  option {id}: {}", texts(t));
    }
}

fn text_attrs(out: &mut String, a: &TextAttrs) {
    for (key, t) in &a.attrs {
        let _ = writeln!(out, "  {key}: {}", texts(t));
    }
}

/// The text of the header.
#[must_use]
pub fn header(h: &Header) -> String {
    let mut out = format!(
        "country {} extends gbvims \"^{}.0\" {{\n  name: {}\n  code: {}\n  languages: {}\n",
        h.id,
        h.major,
        texts(&h.name),
        h.code,
        h.languages.join(", ")
    );
    if let Some(d) = h.languages.first() {
        let _ = writeln!(out, "  default_language: {d}");
    }
    if let Some(l) = &h.locations {
        let _ = writeln!(out, "  locations: \"{}\"", escape(l));
    }
    if !h.location_levels.is_empty() {
        let levels: Vec<String> = h
            .location_levels
            .iter()
            .map(|(k, l)| format!("{k} {l}"))
            .collect();
        let _ = writeln!(out, "  location_levels: {}", levels.join(", "));
    }
    if !h.ir_location_levels.is_empty() {
        let levels: Vec<String> = h
            .ir_location_levels
            .iter()
            .map(|(k, l)| format!("{k} {l}"))
            .collect();
        out.push_str("  # Not in Primero's configuration: which levels fill the Incident Recorder's columns.\n");
        let _ = writeln!(out, "  ir_location_levels: {}", levels.join(", "));
    }
    out.push_str("}\n");
    out
}

/// The text of the declarations, one blank line between them.
#[must_use]
pub fn render(decls: &[Decl]) -> String {
    let mut out = String::new();
    for d in decls {
        if !matches!(d, Decl::Comment(_)) {
            out.push('\n');
        }
        render_one(&mut out, d);
    }
    out
}

fn render_one(out: &mut String, d: &Decl) {
    match d {
        Decl::Comment(c) => {
            out.push('\n');
            for line in c.lines() {
                let _ = writeln!(out, "# {line}");
            }
            // The declaration that follows sits right under its comment.
            if out.ends_with('\n') {
                out.pop();
            }
        }
        Decl::ReplaceLookup(id, options) | Decl::ExtendLookup(id, options) => {
            let verb = if matches!(d, Decl::ReplaceLookup(..)) {
                "replace"
            } else {
                "extend"
            };
            let _ = writeln!(out, "{verb} lookup {id} {{");
            for o in options {
                option(out, "  ", o);
            }
            out.push_str("}\n");
        }
        Decl::OwnLookup(id, name, options) => {
            let _ = writeln!(out, "lookup {id} extensible {{");
            if !name.is_empty() {
                let _ = writeln!(out, "  name: {}", texts(name));
            }
            for o in options {
                option(out, "  ", o);
            }
            out.push_str("}\n");
        }
        Decl::TranslateLookup(id, name, options) => {
            let _ = writeln!(out, "translate lookup {id} {{");
            if !name.is_empty() {
                let _ = writeln!(out, "  name: {}", texts(name));
            }
            option_texts(out, options);
            out.push_str("}\n");
        }
        Decl::RewordLookup(id, options, because) => {
            let _ = writeln!(out, "reword lookup {id} {{");
            option_texts(out, options);
            let _ = writeln!(out, "}} because \"{}\"", escape(because));
        }
        Decl::Translate(kind, path, attrs) => {
            let _ = writeln!(out, "translate {kind} {path} {{");
            text_attrs(out, attrs);
            out.push_str("}\n");
        }
        Decl::Reword(kind, path, attrs, because) => {
            let _ = writeln!(out, "reword {kind} {path} {{");
            text_attrs(out, attrs);
            let _ = writeln!(out, "}} because \"{}\"", escape(because));
        }
        Decl::HideField(form, field) => {
            let _ = writeln!(out, "hide field {form}.{field}");
        }
        Decl::HideForm(form) => {
            let _ = writeln!(out, "hide form {form}");
        }
        Decl::HideOption(option, lookup) => {
            let _ = writeln!(out, "hide option {option} in {lookup}");
        }
        Decl::UnusedLookup(id) => {
            let _ = writeln!(out, "unused lookup {id}");
        }
        Decl::ChangeField(form, field, changes) => {
            let _ = writeln!(out, "change field {form}.{field} {{");
            for c in changes {
                match c {
                    Change::Lookup(l) => {
                        let _ = writeln!(out, "  lookup: {l}");
                    }
                    Change::After(f) => {
                        let _ = writeln!(out, "  after: {f}");
                    }
                    Change::First => out.push_str("  first\n"),
                    Change::Remove(what) => {
                        let _ = writeln!(out, "  remove: {}", what.join(", "));
                    }
                }
            }
            out.push_str("}\n");
        }
        Decl::AddField(id, form, body) => {
            let _ = writeln!(out, "add field {id} to {form}: {} {{", body.ty);
            field_body(out, "  ", body);
            out.push_str("}\n");
        }
        Decl::Form(f) => {
            if f.subform {
                let _ = writeln!(out, "subform {} {{", f.id);
            } else {
                let _ = writeln!(out, "form {} in {} {{", f.id, f.record);
            }
            if !f.title.is_empty() {
                let _ = writeln!(out, "  title: {}", texts(&f.title));
            }
            if let Some(g) = &f.group {
                let _ = writeln!(out, "  group: {g}");
            }
            if let Some(group_order) = f.group_order {
                let _ = writeln!(out, "  group_order: {group_order}");
            }
            if !f.subform || f.order != 0 {
                let _ = writeln!(out, "  order: {}", f.order);
            }
            if f.mobile {
                out.push_str("  mobile\n");
            }
            for (id, body) in &f.fields {
                let _ = writeln!(out, "  field {id}: {} {{", body.ty);
                field_body(out, "    ", body);
                out.push_str("  }\n");
            }
            out.push_str("}\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(pairs: &[(&str, &str)]) -> Texts {
        pairs
            .iter()
            .map(|(l, s)| ((*l).to_string(), (*s).to_string()))
            .collect()
    }

    fn opt(id: &str, texts: Texts, stored: Option<&str>) -> OptionDecl {
        OptionDecl {
            id: id.into(),
            texts,
            stored_as: stored.map(Into::into),
        }
    }

    /// Golden text of every construct the importer writes beyond the common declarations (the
    /// seeds' test checks that they parse; the round trip test covers the others).
    #[test]
    fn contract_constructs() {
        let decls = vec![
            Decl::Comment("Options stored under other ids.".into()),
            Decl::ReplaceLookup(
                "lookup-time-of-day".into(),
                vec![opt(
                    "morning",
                    t(&[("en", "Morning"), ("fr", "Matin")]),
                    Some("morning_sunrise_to_noon"),
                )],
            ),
            Decl::ExtendLookup(
                "lookup-service-type".into(),
                vec![opt(
                    "health_medical_service",
                    Vec::new(),
                    Some("health_medical_services"),
                )],
            ),
            Decl::AddField(
                "ng_service_provided".into(),
                "gbv_incident_form".into(),
                FieldBody {
                    ty: "text".into(),
                    label: t(&[("en", "Service \"provided\"")]),
                    stored_as: Some("service_provided".into()),
                    first: true,
                    ..FieldBody::default()
                },
            ),
            Decl::HideForm("gbv_classification_assistant".into()),
            Decl::HideOption("chad".into(), "lookup-country".into()),
            Decl::UnusedLookup("lookup-armed-force-group-name".into()),
            Decl::ChangeField(
                "gbv_incident_form".into(),
                "incident_reported_elsewhere".into(),
                vec![
                    Change::Lookup("lookup-ng-yes-no-na".into()),
                    Change::After("incident_date".into()),
                    Change::Remove(vec!["help", "tick_label"]),
                ],
            ),
            Decl::ChangeField(
                "gbv_survivor_information".into(),
                "ng_camp".into(),
                vec![Change::First],
            ),
            Decl::Form(FormDecl {
                subform: false,
                id: "ng_felt_stigma".into(),
                record: "case".into(),
                title: t(&[("en", "Felt stigma")]),
                group: Some("ng_me".into()),
                group_order: Some(200),
                order: 10,
                mobile: false,
                fields: vec![(
                    "ng_stigma_score".into(),
                    FieldBody {
                        ty: "integer".into(),
                        label: t(&[("en", "Score")]),
                        ..FieldBody::default()
                    },
                )],
            }),
        ];
        assert_text(
            &render(&decls),
            r#"
# Options stored under other ids.
replace lookup lookup-time-of-day {
  option morning: en "Morning", fr "Matin" stored_as "morning_sunrise_to_noon"
}

extend lookup lookup-service-type {
  option health_medical_service stored_as "health_medical_services"
}

add field ng_service_provided to gbv_incident_form: text {
  label: en "Service \"provided\""
  stored_as: "service_provided"
  first
}

hide form gbv_classification_assistant

hide option chad in lookup-country

unused lookup lookup-armed-force-group-name

change field gbv_incident_form.incident_reported_elsewhere {
  lookup: lookup-ng-yes-no-na
  after: incident_date
  remove: help, tick_label
}

change field gbv_survivor_information.ng_camp {
  first
}

form ng_felt_stigma in case {
  title: en "Felt stigma"
  group: ng_me
  group_order: 200
  order: 10
  field ng_stigma_score: integer {
    label: en "Score"
  }
}
"#,
        );
    }

    fn assert_text(got: &str, want: &str) {
        assert_eq!(got, want, "\n--- got ---\n{got}");
    }

    #[test]
    fn header_text() {
        let h = Header {
            id: "iraq".into(),
            name: t(&[("en", "Iraq"), ("ar", "العراق")]),
            code: "iq".into(),
            major: 2,
            languages: vec!["en".into(), "ar".into()],
            locations: Some("locations.csv".into()),
            location_levels: vec![("governorate".into(), 1), ("district".into(), 2)],
            ir_location_levels: Vec::new(),
        };
        assert_eq!(
            header(&h),
            "country iraq extends gbvims \"^2.0\" {\n  name: en \"Iraq\", ar \"العراق\"\n  code: iq\n  languages: en, ar\n  default_language: en\n  locations: \"locations.csv\"\n  location_levels: governorate 1, district 2\n}\n"
        );
    }
}
