//! The GBVIMS standard in `standard-forms/`: it checks cleanly, and it has every field FACTS.md
//! names, with Primero's type.

use crate::common;

use gbvims_compiler::diagnostics::render;
use gbvims_compiler::model::{FieldKind, Model};

fn model() -> &'static Model {
    let (sources, result) = common::standard();
    assert!(
        !result.has_errors(),
        "{}",
        render::to_string(sources, &result.diagnostics())
    );
    result.model().expect("a model")
}

#[test]
fn standard_checks_without_errors_or_warnings() {
    let (sources, result) = common::standard();
    assert!(
        result.diagnostics().is_empty(),
        "the standard must check cleanly:\n{}",
        render::to_string(sources, &result.diagnostics())
    );
}

/// Does a field of this kind have Primero's `type`?
fn has_primero_type(kind: &FieldKind, primero: &str) -> bool {
    match primero {
        "-" => true,
        "text_field" => matches!(kind, FieldKind::Text),
        "textarea" => matches!(kind, FieldKind::TextArea),
        "numeric_field" => matches!(kind, FieldKind::Integer),
        "date_field" => matches!(kind, FieldKind::Date | FieldKind::DateTime),
        "tick_box" => matches!(kind, FieldKind::TickBox),
        "radio_button" => matches!(kind, FieldKind::Select { radio: true, .. }),
        "select_box" => matches!(kind, FieldKind::Select { radio: false, .. }),
        "subform" => matches!(kind, FieldKind::Subform { .. }),
        "separator" => matches!(kind, FieldKind::Separator),
        "document_upload_box" => matches!(kind, FieldKind::Document),
        "custom" => matches!(kind, FieldKind::Custom),
        other => panic!("facts-fields.tsv: unknown Primero type `{other}`"),
    }
}

#[test]
fn every_field_of_facts_is_in_the_standard_with_its_type() {
    let model = model();
    let list =
        std::fs::read_to_string(common::fixtures_root().join("standard/facts-fields.tsv")).unwrap();
    let mut problems = Vec::new();
    let mut checked = 0;
    for line in list
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let [record, form, field, primero] = cols[..] else {
            panic!("bad line in facts-fields.tsv: {line}");
        };
        checked += 1;
        let Some(f) = model.forms.iter().find(|f| f.id.as_str() == form) else {
            problems.push(format!("form `{form}` ({record}) is missing"));
            continue;
        };
        if model.record(f.record).id.as_str() != record {
            problems.push(format!(
                "form `{form}` belongs to `{}`, not `{record}`",
                model.record(f.record).id
            ));
        }
        match f
            .fields
            .iter()
            .map(|ix| model.field(*ix))
            .find(|x| x.id.as_str() == field)
        {
            None => problems.push(format!("`{form}` lacks the field `{field}`")),
            Some(x) if !has_primero_type(&x.kind, primero) => {
                problems.push(format!(
                    "`{form}.{field}` should be a Primero `{primero}`, but is {:?}",
                    x.kind
                ));
            }
            Some(_) => {}
        }
    }
    assert!(checked > 200);
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn field<'m>(model: &'m Model, record: &str, id: &str) -> &'m gbvims_compiler::model::Field {
    model
        .fields
        .iter()
        .find(|f| {
            f.id.as_str() == id && model.record(model.form(f.form).record).id.as_str() == record
        })
        .unwrap_or_else(|| panic!("no field `{id}` in the {record} record"))
}

/// FACTS §6.1: the identifying (IDENT) and sensitive (SENS) fields.
#[test]
fn identifying_and_sensitive_fields_of_facts_are_marked() {
    let model = model();
    let mut ident_incident = vec![
        "incident_description",
        "non_gbv_type_notes",
        "gbv_reported_elsewhere_organization_provider",
        "service_referred_from_other",
        "caseworker_name",
        "service_safehouse_provider",
        "service_safehouse_location",
        "service_safehouse_referral_notes",
        "service_psycho_service_location",
    ];
    let prefixes = [
        "medical",
        "psycho",
        "legal",
        "police",
        "livelihoods",
        "protection",
    ];
    let owned: Vec<String> = prefixes
        .iter()
        .flat_map(|x| {
            let mut v = vec![
                format!("service_{x}_provider"),
                format!("service_{x}_referral_notes"),
            ];
            if *x != "psycho" {
                v.push(format!("service_{x}_location"));
            }
            v
        })
        .collect();
    ident_incident.extend(owned.iter().map(String::as_str));
    let ident_case = [
        "name",
        "dependents_no",
        "occupation",
        "survivor_caretaker_other",
        "caretaker_occupation",
        "consent_to_share_info_by_other_details",
        "service_provider",
        "service_location",
        "service_referral_notes",
        "closure_needs_met_explain",
        "assessment_survivor_background",
    ];
    let mut problems = Vec::new();
    for (record, ids) in [
        ("incident", ident_incident.as_slice()),
        ("case", ident_case.as_slice()),
    ] {
        for id in ids {
            if !field(model, record, id).flags.identifying {
                problems.push(format!("{record}.{id} must be identifying"));
            }
        }
    }
    for id in ["ethnicity", "nationality", "religion", "date_of_birth"] {
        if !field(model, "incident", id).flags.sensitive {
            problems.push(format!("incident.{id} must be sensitive"));
        }
    }
    for id in ["perpetrator_nationality", "perpetrator_ethnicity"] {
        let f = model.fields.iter().find(|f| f.id.as_str() == id).expect(id);
        if !f.flags.sensitive {
            problems.push(format!("{id} must be sensitive"));
        }
    }
    for id in [
        "gbv_ethnicity",
        "gbv_nationality",
        "gbv_religion",
        "date_of_birth",
    ] {
        if !field(model, "case", id).flags.sensitive {
            problems.push(format!("case.{id} must be sensitive"));
        }
    }
    // Every text or textarea is identifying unless it is a code or a place (FACTS §6.1).
    let codes_and_places = [
        "incidentid_ir",
        "survivor_code",
        "survivor_code_no",
        "short_id",
        "incident_code",
        "case_id",
        "incident_id",
        "incident_camp_town",
        "module_id",
    ];
    for f in &model.fields {
        let text = matches!(f.kind, FieldKind::Text | FieldKind::TextArea);
        let exempt = codes_and_places.contains(&f.id.as_str())
            || f.id.as_str().ends_with("_appointment_time");
        if text && !exempt && !f.flags.identifying && f.calculate.is_none() {
            problems.push(format!(
                "the text field `{}` is neither identifying nor a code or a place",
                f.id
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Only the caseworker sees identifying fields; supervisors and managers never do.
#[test]
fn only_the_caseworker_sees_identifying_fields() {
    let model = model();
    for (n, f) in model.fields.iter().enumerate() {
        if !f.flags.identifying {
            continue;
        }
        let roles: Vec<&str> = model
            .roles_seeing(gbvims_compiler::model::FieldIx::from_index(n))
            .into_iter()
            .map(|r| model.role(r).id.as_str())
            .collect();
        assert_eq!(roles, ["caseworker"], "`{}` is seen by {roles:?}", f.id);
    }
}

/// The departures of issue 14, pinned: `consent_individual_transfer` is in `transitions`
/// (read-only, like every field there); `other_documents` is where the caseworker uploads, not
/// read-only (README, "Departures from Primero").
#[test]
fn transitions_keep_consent_and_documents_are_writable() {
    let model = model();
    let consent = field(model, "case", "consent_individual_transfer");
    assert!(matches!(consent.kind, FieldKind::TickBox));
    assert!(consent.flags.read_only);
    assert_eq!(model.form(consent.form).id.as_str(), "transitions");
    let docs = field(model, "case", "other_documents");
    assert!(matches!(docs.kind, FieldKind::Document));
    assert!(!docs.flags.read_only);
}

/// The assessment narratives, `safety_plan_needed` and three safety-plan narratives have
/// guiding questions in every language of the standard.
#[test]
fn assessment_and_safety_plan_have_guiding_questions() {
    let model = model();
    let ids = [
        "assessment_emotional_state_start",
        "assessment_survivor_background",
        "assessment_family_situation",
        "assessment_current_living_situation",
        "assssment_survivor_occupation",
        "assessment_child_considerations",
        "assessment_presenting_problem",
        "assessment_emotional_state_end",
        "assessment_main_concerns",
        "assessment_current_situation",
        "assessment_safety_needs",
        "assessment_health_needs",
        "assessment_psychosocial_needs",
        "assessment_legal_needs",
        "assessment_material_needs",
        "safety_plan_needed",
        "safety_plan_preparedness_signal",
        "safety_plan_preparedness_gathered_things",
        "safety_plan_preparedness_children_destination",
    ];
    let mut missing = Vec::new();
    for id in ids {
        let f = field(model, "case", id);
        for lang in ["en", "fr", "ar"] {
            if f.guiding_questions
                .get(lang)
                .is_none_or(|t| t.trim().is_empty())
            {
                missing.push(format!("{id} ({lang})"));
            }
        }
    }
    assert!(missing.is_empty(), "no guiding questions: {missing:?}");
}
