//! Translation keys and entries of the standard in `standard-forms/`.

use crate::common;

use std::collections::BTreeSet;

use gbvims_compiler::model::Model;
use gbvims_compiler::translations::{entries, missing, Key};

fn model() -> &'static Model {
    let (_, result) = common::standard();
    assert!(!result.has_errors(), "the standard must compile");
    result.model().expect("a model")
}

fn keys(m: &Model) -> Vec<String> {
    entries(m).iter().map(|e| e.key.to_string()).collect()
}

#[test]
fn every_key_is_unique_and_round_trips() {
    let m = model();
    let entries = entries(m);
    assert_eq!(
        entries.len(),
        1068,
        "a new text in the standard? update the count"
    );
    let distinct: BTreeSet<&Key> = entries.iter().map(|e| &e.key).collect();
    assert_eq!(distinct.len(), entries.len(), "duplicate keys");
    for e in &entries {
        let s = e.key.to_string();
        assert_eq!(s.parse::<Key>().as_ref(), Ok(&e.key), "{s}");
    }
}

#[test]
fn known_keys_are_listed_in_order() {
    let keys = keys(model());
    let position = |k: &str| {
        keys.iter()
            .position(|x| x == k)
            .unwrap_or_else(|| panic!("no key {k}"))
    };
    assert_eq!(keys[0], "standard.title");
    let ordered = [
        "record.incident.label",
        "role.caseworker.label",
        "role.caseworker.description",
        "lookup.lookup-gender.name",
        "lookup.lookup-gender.option.male",
        "lookup.lookup-gender.option.female",
        "form.gbv_incident_form.title",
        "field.gbv_incident_form.date_of_first_report.label",
        "field.gbv_incident_form.date_of_first_report.constraint_message",
        "field.gbv_incident_form.incident_date.label",
        "ir.column.sex.header",
        "ir.column.perpetrator.sex.header",
        "ir.word.gender.male",
    ];
    let positions: Vec<usize> = ordered.iter().map(|k| position(k)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{ordered:?}");
    // A field's inline options follow its own texts.
    assert_eq!(
        position("field.referral_transfer.transfer_status.option.in_progress"),
        position("field.referral_transfer.transfer_status.label") + 1
    );
}

#[test]
fn used_fields_and_unwritten_optional_texts_are_not_listed() {
    let keys = keys(model());
    let has = |k: &str| keys.iter().any(|x| x == k);
    // `status` is declared by the survivor information form and shown again on case closure.
    assert!(has("field.gbv_survivor_information.status.label"));
    assert!(!has("field.gbv_case_closure_form.status.label"));
    // No tick label, help or description was written for these.
    assert!(!has("field.gbv_incident_form.incident_date.tick_label"));
    assert!(!has(
        "field.gbv_incident_form.incident_date.constraint_message"
    ));
    // Inline lists are listed with their field, never as lookups.
    assert!(!keys
        .iter()
        .any(|k| k.starts_with("lookup.") && k.contains("transfer_status")));
}

#[test]
fn missing_texts_per_language() {
    let m = model();
    assert_eq!(missing(m, "en"), Vec::<Key>::new());
    assert_eq!(missing(m, "fr"), Vec::<Key>::new());
    assert_eq!(missing(m, "ar"), Vec::<Key>::new());
    // Spanish is an Incident Recorder language only.
    let es = missing(m, "es");
    assert!(es.contains(&"standard.title".parse().unwrap()));
    assert!(!es.iter().any(|k| matches!(k, Key::IrWord(_))));
    // A language nobody wrote lacks every written text.
    let written = entries(m).iter().filter(|e| !e.texts.is_empty()).count();
    assert_eq!(missing(m, "sw").len(), written);
}

/// A `use { label: … }` block's label is a text of its own: listed under the form that shows the
/// field, and translated there by `translate field <form>.<field>`.
#[test]
fn use_block_label_is_translated_in_its_form() {
    let m = model();
    let key = "field.other_reportable_fields_case.owned_by_agency_id.label";
    assert!(
        entries(m).iter().any(|e| e.key.to_string() == key),
        "no entry {key}"
    );
    let dir = common::fixtures_root().join("country/ok-translate-use-label");
    let mut country: Vec<(String, String)> = Vec::new();
    let iraq = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("country-configs/iraq");
    for f in ["country.gbv", "locations.csv", "mobile-public-key.pem"] {
        if let Ok(text) = std::fs::read_to_string(iraq.join(f)) {
            country.push((f.to_string(), text));
        }
    }
    country.push((
        "overlay.gbv".to_string(),
        std::fs::read_to_string(dir.join("overlay.gbv")).unwrap(),
    ));
    let (_, result) = common::compile_country_on_standard(&country);
    let model = result.model().expect("a model");
    let form = |id: &str| {
        gbvims_compiler::model::FormIx::from_index(
            model
                .forms
                .iter()
                .position(|f| f.id.as_str() == id)
                .unwrap(),
        )
    };
    let field = gbvims_compiler::model::FieldIx::from_index(
        model
            .fields
            .iter()
            .position(|f| f.id.as_str() == "owned_by_agency_id")
            .unwrap(),
    );
    assert_eq!(
        model
            .label_in(form("other_reportable_fields_case"), field)
            .get("en"),
        Some("Agency of the case manager")
    );
    assert_eq!(
        model.label_in(form("record_owner"), field).get("en"),
        Some("Agency")
    );
}
