//! Table tests of the standard's decision lists and derived values (FACTS §4.3, §4.4), evaluated
//! with the compiler's evaluator: inputs → expected value, including ties and missing answers.

use crate::common;

use gbvims_compiler::eval::{Evaluator, Val};
use gbvims_compiler::model::{Date, FieldIx, Model};
use serde_json::{json, Value};

fn model() -> &'static Model {
    let (_, result) = common::standard();
    assert!(
        !result.has_errors(),
        "the standard has errors; run `gbvims check standard-forms`"
    );
    result.model().expect("a model")
}

fn eval(model: &Model, record: &Value, id: &str) -> String {
    let n = model
        .fields
        .iter()
        .position(|f| {
            f.id.as_str() == id && model.record(model.form(f.form).record).id.as_str() == "incident"
        })
        .unwrap_or_else(|| panic!("no incident field `{id}`"));
    let today = Date::parse_iso("2024-06-30").unwrap();
    match Evaluator::new(model, record.as_object().unwrap(), today).field(FieldIx::from_index(n)) {
        Val::Empty => "-".into(),
        Val::Opt(s) | Val::Text(s) => s,
        Val::Opts(v) => v.join(","),
        Val::Int(n) => n.to_string(),
        Val::Bool(b) => b.to_string(),
        other => format!("{other:?}"),
    }
}

fn check_table(field: &str, cases: &[(Value, &str)]) {
    let m = model();
    let mut bad = Vec::new();
    for (record, want) in cases {
        let got = eval(m, record, field);
        if got != *want {
            bad.push(format!("{record}: expected {want}, got {got}"));
        }
    }
    assert!(bad.is_empty(), "{field}:\n{}", bad.join("\n"));
}

/// Q1–Q6 in order: the first yes wins; Q7 no → non-gbv; all no but Q7 yes → no value.
#[test]
fn classification_first_yes_wins() {
    let q = |answers: &[(&str, &str)]| {
        let mut m = serde_json::Map::new();
        for (k, v) in answers {
            m.insert(format!("classification_{k}"), json!(v));
        }
        Value::Object(m)
    };
    let no6 = [
        ("penetration", "false"),
        ("unwanted_sexual_contact", "false"),
        ("physical_assault", "false"),
        ("forced_marriage", "false"),
        ("denial_of_resources", "false"),
        ("psychological_abuse", "false"),
    ];
    let with = |k: &str, v: &'static str| {
        let mut a: Vec<(&str, &str)> = no6.to_vec();
        for x in &mut a {
            if x.0 == k {
                x.1 = v;
            }
        }
        a
    };
    let cases = vec![
        (q(&[("penetration", "true")]), "rape"),
        // Rape within a forced marriage is rape: the first yes wins.
        (
            q(&[("penetration", "true"), ("forced_marriage", "true")]),
            "rape",
        ),
        (
            q(&with("unwanted_sexual_contact", "true")),
            "sexual_assault",
        ),
        // A beating with threats is physical assault.
        (
            q(&[
                &with("physical_assault", "true")[..],
                &[("psychological_abuse", "true")],
            ]
            .concat()),
            "physical_assault",
        ),
        (q(&with("forced_marriage", "true")), "forced_marriage"),
        (
            q(&with("denial_of_resources", "true")),
            "denial_of_resources_opportunities_or_services",
        ),
        (
            q(&with("psychological_abuse", "true")),
            "psychological_emotional_abuse",
        ),
        (q(&[&no6[..], &[("is_gbv", "false")]].concat()), "non-gbv"),
        // All six no but Q7 yes: unresolved, no value.
        (q(&[&no6[..], &[("is_gbv", "true")]].concat()), "-"),
        // Nothing answered: no value.
        (json!({}), "-"),
        // JSON booleans count like the strings.
        (json!({"classification_penetration": true}), "rape"),
        // Earlier answers missing (stale or imported data): no type. Q7 "no" alone is not
        // non-gbv, a later "yes" alone is not its type.
        (q(&[("is_gbv", "false")]), "-"),
        (q(&[("psychological_abuse", "true")]), "-"),
        (
            q(&[
                ("penetration", "false"),
                ("unwanted_sexual_contact", "false"),
                ("forced_marriage", "true"),
            ]),
            "-",
        ),
        (q(&no6[..5]), "-"),
        (q(&[&no6[..5], &[("is_gbv", "false")]].concat()), "-"),
    ];
    check_table("gbv_classification_result", &cases);
}

/// All six no but Q7 yes raises the unresolved flag (FACTS §4.3); nothing else does.
#[test]
fn classification_unresolved_is_flagged() {
    let q = |answers: &[(&str, &str)]| {
        let mut m = serde_json::Map::new();
        for (k, v) in answers {
            m.insert(format!("classification_{k}"), json!(v));
        }
        Value::Object(m)
    };
    let no6 = [
        ("penetration", "false"),
        ("unwanted_sexual_contact", "false"),
        ("physical_assault", "false"),
        ("forced_marriage", "false"),
        ("denial_of_resources", "false"),
        ("psychological_abuse", "false"),
    ];
    check_table(
        "gbv_classification_unresolved",
        &[
            (q(&[&no6[..], &[("is_gbv", "true")]].concat()), "true"),
            (
                json!({"classification_penetration": false, "classification_unwanted_sexual_contact": false,
                       "classification_physical_assault": false, "classification_forced_marriage": false,
                       "classification_denial_of_resources": false, "classification_psychological_abuse": false,
                       "classification_is_gbv": true}),
                "true",
            ),
            (q(&[&no6[..], &[("is_gbv", "false")]].concat()), "false"),
            (q(&[("penetration", "true")]), "false"),
            // Q7 "yes" with the earlier answers missing: the question is not asked.
            (q(&[("is_gbv", "true")]), "false"),
            (json!({}), "false"),
        ],
    );
}

#[test]
fn classification_mismatch_is_visible() {
    check_table(
        "gbv_classification_mismatch",
        &[
            (
                json!({"classification_penetration": "true", "gbv_sexual_violence_type": "rape"}),
                "false",
            ),
            (
                json!({"classification_penetration": "true", "gbv_sexual_violence_type": "sexual_assault"}),
                "true",
            ),
            (json!({"gbv_sexual_violence_type": "rape"}), "false"),
        ],
    );
}

/// 0–3, 4–5, 6–14, 15–30, 31+ days; negative or missing → no value (not Primero's day-4 quirk).
#[test]
fn elapsed_reporting_time() {
    let r = |incident: &str, interview: &str| json!({"incident_date": incident, "date_of_first_report": interview});
    check_table(
        "elapsed_reporting_time",
        &[
            (r("2024-06-01", "2024-06-01"), "0_3_days"),
            (r("2024-06-01", "2024-06-04"), "0_3_days"),
            (r("2024-06-01", "2024-06-05"), "4_5_days"),
            (r("2024-06-01", "2024-06-06"), "4_5_days"),
            (r("2024-06-01", "2024-06-07"), "6_14_days"),
            (r("2024-06-01", "2024-06-15"), "6_14_days"),
            (r("2024-06-01", "2024-06-16"), "2_weeks_1_month"),
            (r("2024-06-01", "2024-07-01"), "2_weeks_1_month"),
            (r("2024-06-01", "2024-07-02"), "over_1_month"),
            (r("2024-06-02", "2024-06-01"), "-"),
            (json!({"incident_date": "2024-06-01"}), "-"),
            (json!({}), "-"),
        ],
    );
}

/// All rows count; 0 → no value; more than 3 → more_than_3; `unknown` is never derived.
#[test]
fn number_of_perpetrators() {
    let rows = |n: usize| json!({"alleged_perpetrator": vec![json!({"primary_perpetrator": "secondary"}); n]});
    check_table(
        "number_of_perpetrators",
        &[
            (rows(0), "-"),
            (json!({}), "-"),
            (rows(1), "equal_to_1"),
            (rows(2), "equal_to_2"),
            (rows(3), "equal_to_3"),
            (rows(4), "more_than_3"),
            (rows(9), "more_than_3"),
        ],
    );
}

/// Completed years from date of birth to the incident, else the stated age.
#[test]
fn age_at_incident() {
    check_table(
        "age_at_incident",
        &[
            (
                json!({"date_of_birth": "2006-06-15", "incident_date": "2024-06-15"}),
                "18",
            ),
            (
                json!({"date_of_birth": "2006-06-16", "incident_date": "2024-06-15"}),
                "17",
            ),
            (json!({"date_of_birth": "2006-06-16", "age": 40}), "40"),
            (json!({"age": 16}), "16"),
            (json!({}), "-"),
            // A date of birth after the incident is a data error: no value, not -1 (nor the
            // stated age, which the wrong date contradicts).
            (
                json!({"date_of_birth": "2024-06-16", "incident_date": "2024-06-15"}),
                "-",
            ),
            (
                json!({"date_of_birth": "2024-06-16", "incident_date": "2024-06-15", "age": 30}),
                "-",
            ),
            (
                json!({"date_of_birth": "2024-06-15", "incident_date": "2024-06-15"}),
                "0",
            ),
        ],
    );
}

/// The date of birth may not be after the incident; either date missing passes.
#[test]
fn date_of_birth_not_after_incident() {
    let m = model();
    let n = m
        .fields
        .iter()
        .position(|f| {
            f.id.as_str() == "date_of_birth"
                && m.record(m.form(f.form).record).id.as_str() == "incident"
        })
        .expect("incident date_of_birth");
    let today = Date::parse_iso("2024-06-30").unwrap();
    let ok = |record: Value| {
        Evaluator::new(m, record.as_object().unwrap(), today)
            .constraint_at(FieldIx::from_index(n), None)
    };
    assert!(!ok(
        json!({"date_of_birth": "2024-06-16", "incident_date": "2024-06-15"})
    ));
    assert!(ok(
        json!({"date_of_birth": "2024-06-15", "incident_date": "2024-06-15"})
    ));
    assert!(ok(
        json!({"date_of_birth": "1994-01-01", "incident_date": "2024-06-15"})
    ));
    assert!(ok(json!({"date_of_birth": "1994-01-01"})));
    assert!(ok(json!({"incident_date": "2024-06-15"})));
}

/// A 30-year-old whose date of birth was typed after the incident is not a child.
#[test]
fn negative_age_sets_no_child_context() {
    check_table(
        "gbv_case_context",
        &[(
            json!({"gbv_sexual_violence_type": "rape", "date_of_birth": "2024-06-16",
                   "incident_date": "2024-06-15", "age": 30}),
            "",
        )],
    );
}

/// The case contexts, in lookup order, from type, perpetrators, age at incident, money, abduction
/// and harmful practice (FACTS §4.4, not Primero's quirks).
#[test]
fn case_contexts() {
    let ipv_row = json!([{"perpetrator_relationship": "intimate_partner_former_partner"}]);
    check_table(
        "gbv_case_context",
        &[
            (json!({}), ""),
            (json!({"gbv_sexual_violence_type": "physical_assault", "alleged_perpetrator": ipv_row}), "intimate_partner_violence"),
            (json!({"gbv_sexual_violence_type": "non-gbv", "alleged_perpetrator": ipv_row}), ""),
            (
                json!({"gbv_sexual_violence_type": "rape", "date_of_birth": "2010-01-01", "incident_date": "2024-01-01"}),
                "child_sexual_abuse",
            ),
            // Age at incident, not age at report.
            (
                json!({"gbv_sexual_violence_type": "rape", "date_of_birth": "2006-01-01", "incident_date": "2023-12-31", "age": 19}),
                "child_sexual_abuse",
            ),
            (json!({"gbv_sexual_violence_type": "rape"}), ""),
            (json!({"gbv_sexual_violence_type": "forced_marriage", "age": 15}), "early_marriage"),
            (json!({"gbv_sexual_violence_type": "forced_marriage", "age": 18}), ""),
            (json!({"gbv_sexual_violence_type": "sexual_assault", "goods_money_exchanged": "true", "age": 30}), "possible_sexual_exploitation"),
            // "false" is not an exchange (Primero counted it).
            (json!({"gbv_sexual_violence_type": "sexual_assault", "goods_money_exchanged": "false", "age": 30}), ""),
            (
                json!({"gbv_sexual_violence_type": "rape", "abduction_status_time_of_incident": "trafficked", "age": 30}),
                "possible_sexual_slavery",
            ),
            (json!({"gbv_sexual_violence_type": "rape", "abduction_status_time_of_incident": "none", "age": 30}), ""),
            // `no` is not a practice (Primero counted it).
            (json!({"gbv_sexual_violence_type": "physical_assault", "harmful_traditional_practice": "no"}), ""),
            (
                json!({"gbv_sexual_violence_type": "physical_assault", "harmful_traditional_practice": "type_of_practice_1"}),
                "harmful_traditional_practice",
            ),
            // Several at once, in lookup order.
            (
                json!({"gbv_sexual_violence_type": "rape", "age": 12, "goods_money_exchanged": true,
                       "abduction_status_time_of_incident": "trafficked", "harmful_traditional_practice": "type_of_practice_1",
                       "alleged_perpetrator": ipv_row}),
                "intimate_partner_violence,child_sexual_abuse,possible_sexual_exploitation,possible_sexual_slavery,harmful_traditional_practice",
            ),
        ],
    );
}

struct Places;

impl gbvims_compiler::eval::ExportData for Places {
    fn user_code(&self, user: &str) -> Option<String> {
        (user == "cw_amina").then(|| "CW-07".to_string())
    }
    fn agency_code(&self, agency: &str) -> Option<String> {
        (agency == "agency-irc").then(|| "IRC".to_string())
    }
    fn location_name(&self, code: &str, level: &str, lang: &str) -> Option<String> {
        match (code, level, lang) {
            ("IQG07Q02N02", "county", "fr") => Some("Babylone".into()),
            ("IQG07Q02N02", "county", _) => Some("Babil".into()),
            ("IQG07Q02N02", "district", _) => Some("Al-Hilla".into()),
            _ => None,
        }
    }
}

/// The 42 columns of the Incident Recorder for one realistic incident, in English and French.
#[test]
fn incident_recorder_row() {
    let m = model();
    let ir = m
        .incident_recorder
        .as_ref()
        .expect("the standard has an Incident Recorder");
    assert_eq!(ir.columns.len(), 42);
    let record = json!({
        "incidentid_ir": "IRC-2024-017", "survivor_code": "S-0042", "owned_by": "cw_amina",
        "date_of_first_report": "2024-06-10", "incident_date": "2024-06-01", "date_of_birth": "2008-03-15",
        "sex": "female", "ethnicity": "ethnicity1", "country_of_origin": "iraq", "maritial_status": "married_cohabitating",
        "displacement_status": "idp", "disability_type": "no", "unaccompanied_separated_status": "no",
        "displacement_incident": "during_refuge", "incident_timeofday": "evening_night",
        "incident_location_type": "clients_home", "incident_location": "IQG07Q02N02", "incident_camp_town": "Camp 3",
        "gbv_sexual_violence_type": "forced_marriage", "harmful_traditional_practice": "no", "goods_money_exchanged": "false",
        "abduction_status_time_of_incident": "none", "gbv_reported_elsewhere": "no", "gbv_previous_incidents": true,
        "alleged_perpetrator": [
            {"primary_perpetrator": "secondary", "perpetrator_sex": "female", "age_group": "41_60"},
            {"primary_perpetrator": "primary", "perpetrator_sex": "male", "former_perpetrator": "true", "age_group": "26_40",
             "perpetrator_relationship": "intimate_partner_former_partner", "perpetrator_occupation": "unemployed"}
        ],
        "service_referred_from": "self_referral", "service_safehouse_referral": "referral_declined_by_survivor",
        "health_medical_referral_subform_section": [{"service_medical_referral": "referred"}, {"service_medical_referral": "service_unavailable"}],
        "legal_assistance_services_subform_section": [{"pursue_legal_action": "undecided"}, {"pursue_legal_action": "false"}],
        "consent_reporting": "true", "created_organization": "agency-irc"
    });
    let today = Date::parse_iso("2024-06-30").unwrap();
    let row = |lang: &str| -> String {
        let ev = Evaluator::new(m, record.as_object().unwrap(), today)
            .with_language(lang)
            .with_data(&Places);
        ir.columns
            .iter()
            .enumerate()
            .map(|(n, c)| {
                let cell = match ev.eval(&c.value) {
                    Val::Text(t) => t,
                    Val::Int(n) => format!("{n} (number)"),
                    Val::Date(d) => d.to_string(),
                    Val::Empty => String::new(),
                    other => format!("{other:?}"),
                };
                format!(
                    "{} {}: {cell}",
                    gbvims_compiler::model::IncidentRecorder::letter(n),
                    c.key
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    common::assert_snapshot("standard_rules__incident_recorder_row_en", &row("en"));
    common::assert_snapshot("standard_rules__incident_recorder_row_fr", &row("fr"));
}
