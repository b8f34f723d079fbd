//! `hide form` and the subforms it takes along (issue 15): a subform goes only when every form
//! showing it is hidden (`ok-hide-form-shared-subform`: a form of the country's own shows the
//! action plan's rows too; `ok-hide-two-forms-sharing-a-subform`: both forms showing them are
//! hidden), and `hide field` of the field showing a subform hides its rows
//! (`ok-hide-subform-field`, the way E0132 points to). And the change log's legacy keys of the
//! country's own forms (`ok-stored-as-in-country-forms`).

use gbvims_compiler::eval::Evaluator;
use gbvims_compiler::model::{Date, FieldIx, Model};
use gbvims_compiler::{ChangeKind, Compiled};
use serde_json::json;

use crate::common;

fn case(name: &str) -> Compiled {
    let dir = common::fixtures_root().join("country").join(name);
    let (_, compiled, _) = common::country::compile_case(&dir);
    assert!(
        !compiled.has_errors(),
        "{name}: {:?}",
        compiled.diagnostics()
    );
    compiled
}

/// Each `hide form` of the change log, with the subforms it took along.
fn hidden_forms(compiled: &Compiled) -> Vec<(String, Vec<String>)> {
    compiled
        .checked()
        .unwrap()
        .changes()
        .iter()
        .filter_map(|c| match &c.kind {
            ChangeKind::FormHidden { form, subforms } => Some((form.clone(), subforms.clone())),
            _ => None,
        })
        .collect()
}

fn field(model: &Model, form: &str, id: &str) -> FieldIx {
    let n = model
        .fields
        .iter()
        .position(|f| f.id.as_str() == id && model.form(f.form).id.as_str() == form)
        .unwrap_or_else(|| panic!("no field {form}.{id}"));
    FieldIx::from_index(n)
}

/// Are all the fields of `form` withdrawn (true), none (false)? Panics on a mix.
fn form_withdrawn(model: &Model, form: &str) -> bool {
    let f = model.forms.iter().find(|f| f.id.as_str() == form).unwrap();
    let flags: Vec<bool> = f
        .fields
        .iter()
        .map(|fx| model.field(*fx).flags.withdrawn)
        .collect();
    assert!(flags.iter().all(|w| *w == flags[0]), "{form}: {flags:?}");
    flags[0]
}

fn form_mobile(model: &Model, form: &str) -> bool {
    model
        .forms
        .iter()
        .find(|f| f.id.as_str() == form)
        .unwrap()
        .mobile
}

#[test]
fn a_subform_another_kept_form_shows_stays() {
    let compiled = case("ok-hide-form-shared-subform");
    assert_eq!(
        hidden_forms(&compiled),
        [(
            "action_plan_form".to_string(),
            vec!["gbv_follow_up_subform_section".to_string()]
        )]
    );
    let model = compiled.model().unwrap();
    // The rows the country's form still shows are asked there: kept, on phones too.
    assert!(!form_withdrawn(model, "action_plan_subform_section"));
    assert!(form_mobile(model, "action_plan_subform_section"));
    let shared = field(model, "action_plan_form", "action_plan_section");
    assert!(!model.field(shared).flags.withdrawn);
    // What only the hidden form showed goes with it.
    assert!(form_withdrawn(model, "gbv_follow_up_subform_section"));
    assert!(!form_mobile(model, "gbv_follow_up_subform_section"));
    let only_hidden = field(model, "action_plan_form", "gbv_follow_up_subform_section");
    assert!(model.field(only_hidden).flags.withdrawn);
    assert!(
        model
            .field(field(model, "action_plan_form", "incident_links"))
            .flags
            .withdrawn
    );
}

#[test]
fn a_subform_goes_with_the_last_form_showing_it() {
    let compiled = case("ok-hide-two-forms-sharing-a-subform");
    assert_eq!(
        hidden_forms(&compiled),
        [
            (
                "action_plan_form".to_string(),
                vec!["gbv_follow_up_subform_section".to_string()]
            ),
            (
                "client_feedback".to_string(),
                vec!["action_plan_subform_section".to_string()]
            ),
        ]
    );
    let model = compiled.model().unwrap();
    assert!(form_withdrawn(model, "action_plan_subform_section"));
    assert!(!form_mobile(model, "action_plan_subform_section"));
    assert!(
        model
            .field(field(model, "action_plan_form", "action_plan_section"))
            .flags
            .withdrawn
    );
}

/// `hide field` of a subform field: the field and its rows are withdrawn, so rows a record
/// still holds are not relevant.
#[test]
fn hiding_the_field_that_shows_a_subform_hides_its_rows() {
    let compiled = case("ok-hide-subform-field");
    let model = compiled.model().unwrap();
    let section = field(model, "action_plan_form", "action_plan_section");
    assert!(model.field(section).flags.withdrawn);
    assert!(form_withdrawn(model, "action_plan_subform_section"));
    assert!(!form_withdrawn(model, "gbv_follow_up_subform_section"));
    let record = json!({"action_plan_section": [{"service_type": "health_medical_service"}]});
    let record = record.as_object().unwrap();
    let ev = Evaluator::new(model, record, Date::parse_iso("2024-06-30").unwrap());
    assert!(!ev.relevant_at(section, None));
    let row = record["action_plan_section"][0].as_object().unwrap();
    let sub = model
        .forms
        .iter()
        .find(|f| f.id.as_str() == "action_plan_subform_section")
        .unwrap();
    for fx in &sub.fields {
        assert!(!ev.relevant_at(*fx, Some(row)));
    }
}

/// Legacy keys (`stored_as`) of the fields of a country's own forms and subforms are in the
/// change log (`gbvims show --changes`, the build manifest), as those of `add field` are.
#[test]
fn legacy_keys_of_the_countrys_own_forms_are_in_the_change_log() {
    let compiled = case("ok-stored-as-in-country-forms");
    let stored: Vec<(String, String, String)> = compiled
        .checked()
        .unwrap()
        .changes()
        .iter()
        .filter_map(|c| match &c.kind {
            ChangeKind::FieldStoredAs { form, field, key } => {
                Some((form.clone(), field.clone(), key.clone()))
            }
            _ => None,
        })
        .collect();
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        stored,
        [
            s("tl_psychosocial", "tl_wellbeing_score", "wellbeing_score"),
            s("tl_session", "tl_session_date", "session_date_3f2a1"),
        ]
    );
}

/// Primero would read an answer given before a `hide field` where gbvims reads it as empty: a
/// display condition reading a hidden field is not written, and listed with the reason
/// (`W0011-added-field-reads-hidden`, whose added field is shown only on the hidden religion).
#[test]
fn primero_states_no_condition_on_a_hidden_field() {
    let dir = common::fixtures_root()
        .join("country")
        .join("W0011-added-field-reads-hidden");
    let (_, compiled, _) = common::country::compile_case(&dir);
    let built = crate::primero::build(&compiled, "iraq");
    let listed = built
        .artifacts
        .iter()
        .find(|a| a.path == "NOT-EXPRESSED.md")
        .map(|a| String::from_utf8_lossy(&a.bytes).into_owned())
        .expect("NOT-EXPRESSED.md");
    assert!(
        listed.contains(
            "| `tl_religion_note` | `show_if` | reads `religion`, which the country hides"
        ),
        "{listed}"
    );
    let config = built
        .artifacts
        .iter()
        .find(|a| a.path == "configuration.json")
        .map(|a| String::from_utf8_lossy(&a.bytes).into_owned())
        .unwrap();
    let config: serde_json::Value = serde_json::from_str(&config).unwrap();
    let note = config
        .pointer("/data/FormSection")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|s| s["fields_attributes"].as_array().into_iter().flatten())
        .find(|f| f["name"] == "tl_religion_note")
        .expect("the added field");
    assert!(note["display_conditions_record"].is_null(), "{note}");
}
