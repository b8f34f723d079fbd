//! The expression evaluator on the sample form: decision lists, lists of options, subform
//! aggregates, dates and missing values.

use crate::common;

use gbvims_compiler::eval::{Evaluator, Val};
use gbvims_compiler::model::{Date, Model};
use serde_json::json;

fn sample() -> Model {
    let root = common::fixtures_root().join("check");
    let (_, result) = common::compile(&[root.join("ok-sample-form.gbv")], &root);
    result.model().cloned().expect("the sample compiles")
}

fn field(model: &Model, id: &str) -> gbvims_compiler::model::FieldIx {
    let n = model
        .fields
        .iter()
        .position(|f| f.id.as_str() == id)
        .expect(id);
    gbvims_compiler::model::FieldIx::from_index(n)
}

fn eval<'r>(model: &Model, record: &'r serde_json::Value, id: &str) -> Val<'r> {
    let today = Date::parse_iso("2024-06-30").unwrap();
    Evaluator::new(model, record.as_object().unwrap(), today).field(field(model, id))
}

#[test]
fn decision_list_first_match_and_missing_values() {
    let m = sample();
    let cases = [
        (
            json!({"incident_date": "2024-06-28"}),
            Val::Opt("quick".into()),
        ),
        (
            json!({"incident_date": "2024-06-27"}),
            Val::Opt("quick".into()),
        ),
        (
            json!({"incident_date": "2024-06-26"}),
            Val::Opt("slow".into()),
        ),
        (json!({}), Val::Empty),
    ];
    for (record, want) in cases {
        assert_eq!(eval(&m, &record, "reporting_delay"), want, "{record}");
    }
}

#[test]
fn collect_lists_every_matching_option_in_order() {
    let m = sample();
    let r = json!({"violence_type": "rape", "money_exchanged": "true"});
    assert_eq!(
        eval(&m, &r, "services_needed"),
        Val::Opts(vec!["health".into(), "legal".into()])
    );
    let r = json!({"violence_type": "non-gbv", "money_exchanged": true});
    assert_eq!(
        eval(&m, &r, "services_needed"),
        Val::Opts(vec!["legal".into()]),
        "JSON true counts as yes"
    );
    let r = json!({});
    assert_eq!(eval(&m, &r, "services_needed"), Val::Opts(vec![]));
}

#[test]
fn subform_aggregates() {
    let m = sample();
    let r = json!({"people": [{"person_age": 12}, {"person_age": 40}, {}]});
    assert_eq!(eval(&m, &r, "number_of_people"), Val::Int(3));
    assert_eq!(eval(&m, &r, "has_child"), Val::Bool(true));
    assert_eq!(eval(&m, &r, "first_person_age"), Val::Int(12));
    let none = json!({});
    assert_eq!(eval(&m, &none, "number_of_people"), Val::Int(0));
    assert_eq!(eval(&m, &none, "first_person_age"), Val::Empty);
}

#[test]
fn years_between_counts_birthdays_on_their_anniversary() {
    let m = sample();
    let r = json!({"date_of_birth": "2006-06-15", "incident_date": "2024-06-15"});
    assert_eq!(eval(&m, &r, "age_at_incident"), Val::Int(18));
    let r = json!({"date_of_birth": "2006-06-16", "incident_date": "2024-06-15"});
    assert_eq!(eval(&m, &r, "age_at_incident"), Val::Int(17));
    let r = json!({"age": 30});
    assert_eq!(
        eval(&m, &r, "age_at_incident"),
        Val::Int(30),
        "falls back to the stated age"
    );
}

struct Data;

impl gbvims_compiler::eval::ExportData for Data {
    fn user_code(&self, user: &str) -> Option<String> {
        (user == "cw_amina").then(|| "CW01".to_string())
    }
    fn agency_code(&self, _: &str) -> Option<String> {
        None
    }
    fn location_name(&self, code: &str, level: &str, lang: &str) -> Option<String> {
        (code == "IQG07Q02N02" && level == "county")
            .then(|| if lang == "fr" { "Babil (fr)" } else { "Babil" }.to_string())
    }
}

#[test]
fn incident_recorder_columns_in_two_languages() {
    let root = common::fixtures_root().join("check");
    let (_, result) = common::compile(&[root.join("ok-incident-recorder.gbv")], &root);
    let model = result.model().cloned().expect("compiles");
    let ir = model.incident_recorder.as_ref().expect("an IR");
    let record = json!({
        "incidentid_ir": "INC-001",
        "date_of_birth": "2001-02-03",
        "sex": "female",
        "services": ["health", "legal"],
        "owned_by": "cw_amina",
        "incident_location": "IQG07Q02N02",
        "incident_time": "Morning (sunrise to noon)",
        "alleged_perpetrator": [
            {"perpetrator_sex": "male"}, {"perpetrator_sex": "female"}, {"perpetrator_sex": "male"}, {"perpetrator_sex": "male"}
        ]
    });
    let today = Date::parse_iso("2024-06-30").unwrap();
    let row = |lang: &str| -> Vec<String> {
        let ev = Evaluator::new(&model, record.as_object().unwrap(), today)
            .with_language(lang)
            .with_data(&Data);
        ir.columns
            .iter()
            .map(|c| match ev.eval(&c.value) {
                Val::Text(t) => t,
                Val::Int(n) => format!("#{n}"),
                Val::Date(d) => d.to_string(),
                Val::Empty => String::new(),
                other => format!("{other:?}"),
            })
            .collect()
    };
    assert_eq!(
        row("en"),
        [
            "INC-001",
            "2001-02-03",
            "F",
            "Female",
            "M and F",
            "More than 3",
            "Health & Legal",
            "CW01",
            "Babil",
            "Morning"
        ]
    );
    assert_eq!(
        row("fr"),
        [
            "INC-001",
            "2001-02-03",
            "Féminin",
            "Féminin",
            "Masculin et Féminin",
            "Plus de 3",
            "Santé & Juridique",
            "CW01",
            "Babil (fr)",
            "Morning"
        ]
    );
}

fn hidden_questions() -> Model {
    let root = common::fixtures_root().join("eval");
    let (sources, result) = common::compile(&[root.join("hidden-questions.gbv")], &root);
    let rendered = gbvims_compiler::diagnostics::render::to_string(&sources, &result.diagnostics());
    result.model().cloned().expect(&rendered)
}

/// A field whose `show_if` does not hold reads as empty in every expression, whatever the record
/// stores, and is never required (the rule every target's differential test holds to).
#[test]
fn hidden_questions_read_as_empty_and_are_never_required() {
    let m = hidden_questions();
    let today = Date::parse_iso("2024-06-30").unwrap();
    let count = field(&m, "displacement_count");
    let stale = json!({"was_displaced": "false", "displacement_count": 5});
    let ev = Evaluator::new(&m, stale.as_object().unwrap(), today);
    assert!(!ev.relevant_at(count, None));
    assert_eq!(ev.field(count), Val::Empty);
    assert_eq!(ev.field(field(&m, "many_displacements")), Val::Bool(false));
    assert!(!ev.required_at(count, None));

    let asked = json!({"was_displaced": "true"});
    let ev = Evaluator::new(&m, asked.as_object().unwrap(), today);
    assert!(ev.relevant_at(count, None));
    assert!(ev.required_at(count, None));
    let answered = json!({"was_displaced": "true", "displacement_count": 5});
    assert_eq!(eval(&m, &answered, "many_displacements"), Val::Bool(true));
}

/// The rows of a subform field that is not shown do not count, and their fields are not
/// relevant; inside a shown subform, each row's own `show_if` applies.
#[test]
fn rows_of_a_hidden_subform_do_not_count() {
    let m = hidden_questions();
    let today = Date::parse_iso("2024-06-30").unwrap();
    let rows = json!([{"armed": "true", "weapon": 12}, {"armed": "false", "weapon": 3}]);
    let hidden = json!({"perpetrators_known": "false", "perpetrators": rows});
    assert_eq!(eval(&m, &hidden, "number_of_perpetrators"), Val::Int(0));
    let shown = json!({"perpetrators_known": "true", "perpetrators": rows});
    assert_eq!(eval(&m, &shown, "number_of_perpetrators"), Val::Int(2));
    // The second row's weapon count is a stale answer (`armed` is no): it does not count.
    assert_eq!(eval(&m, &shown, "armed_perpetrators"), Val::Int(1));

    let weapon = field(&m, "weapon");
    for (record, relevant, constraint_holds) in [(&hidden, false, true), (&shown, true, false)] {
        let ev = Evaluator::new(&m, record.as_object().unwrap(), today);
        let row = record["perpetrators"][0].as_object().unwrap();
        assert_eq!(ev.relevant_at(weapon, Some(row)), relevant, "{record}");
        assert_eq!(
            ev.constraint_at(weapon, Some(row)),
            constraint_holds,
            "{record}"
        );
        let stale_row = record["perpetrators"][1].as_object().unwrap();
        assert_eq!(ev.field_at(weapon, Some(stale_row)), Val::Empty);
        assert!(ev.constraint_at(weapon, Some(stale_row)));
    }
}

/// A blank answer is empty, like a missing one: `length` of it is empty, not 0 (the phone's
/// forms compute the same: tests/snapshots/mobile__xpath@operators.snap, `note_length`).
#[test]
fn length_of_a_blank_answer_is_empty() {
    let root = common::fixtures_root().join("mobile");
    let (_, result) = common::compile(&[root.join("operators.gbv")], &root);
    let m = result.model().cloned().expect("the fixture compiles");
    for (record, want) in [
        (json!({"note": "two  words"}), Val::Int(10)),
        (json!({"note": ""}), Val::Empty),
        (json!({}), Val::Empty),
    ] {
        assert_eq!(eval(&m, &record, "note_length"), want, "{record}");
    }
}

/// `sum` and `avg` skip empty answers (and do not count them), give empty when none is given,
/// and `avg` rounds down (floor, as `/`).
#[test]
fn sum_and_avg_skip_empty_answers_and_avg_rounds_down() {
    let compiled = crate::mobile::compile_fixture("tests/fixtures/mobile/operators.gbv");
    let m = compiled.checked().expect("checks clean").model().clone();
    let cases = [
        (json!({"a": 1, "b": 2}), Val::Int(3), Val::Int(1)),
        (json!({"a": 1, "b": 4}), Val::Int(5), Val::Int(2)),
        (json!({"a": -7, "b": 0}), Val::Int(-7), Val::Int(-4)),
        (json!({"a": 5}), Val::Int(5), Val::Int(5)),
        (
            json!({"a": 1, "b": 2, "gate": "true", "behind_gate": 6}),
            Val::Int(9),
            Val::Int(3),
        ),
        // Hidden (its gate is closed): read as empty, so skipped.
        (
            json!({"a": 1, "b": 2, "gate": "false", "behind_gate": 6}),
            Val::Int(3),
            Val::Int(1),
        ),
        (json!({}), Val::Empty, Val::Empty),
    ];
    for (record, total, mean) in cases {
        assert_eq!(eval(&m, &record, "total"), total, "{record}");
        assert_eq!(eval(&m, &record, "mean"), mean, "{record}");
    }
}
