//! The Primero target: snapshots of the bundle of both example countries, Primero's own
//! acceptance rules applied to it (FACTS §8.1 "Validation"), no role granted a form holding a
//! field it may not see (oracles included), the country's instance file, and the target's
//! diagnostics. The display conditions are checked against `compiler::eval` in
//! `primero_semantics`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use gbvims_compiler::model::{FieldIx, FormKind, Model, RoleIx};
use gbvims_compiler::Code;
use gbvims_targets::primero::{self, Built};
use gbvims_targets::{Artifact, Options, Target};
use serde_json::Value as Json;

use crate::common;
use crate::mobile::{compile_country, compile_fixture};

/// The example country's `primero/instance.json`.
pub fn instance(country: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("country-configs")
            .join(country)
            .join("primero/instance.json"),
    )
    .unwrap()
}

/// Options with Iraq's instance file.
pub fn options(country: &str) -> Options {
    Options {
        primero_instance: Some(instance(country)),
        ..Options::default()
    }
}

/// The Primero build of a compiled configuration.
pub fn build(compiled: &gbvims_compiler::Compiled, country: &str) -> Built {
    primero::build(compiled.checked().expect("checks clean"), &options(country))
        .unwrap_or_else(|ds| panic!("the Primero target builds: {ds:?}"))
}

pub fn file<'a>(files: &'a [Artifact], path: &str) -> &'a str {
    let a = files
        .iter()
        .find(|a| a.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    std::str::from_utf8(&a.bytes).unwrap()
}

pub fn json_file(files: &[Artifact], path: &str) -> Json {
    serde_json::from_str(file(files, path)).unwrap()
}

/// The bundle in a reviewable form: each form and each field on a line of its own.
fn compact(bundle: &Json) -> String {
    let mut out = String::new();
    for form in bundle["data"]["FormSection"].as_array().unwrap() {
        let mut head = form.clone();
        let fields = head
            .as_object_mut()
            .unwrap()
            .remove("fields_attributes")
            .unwrap();
        out.push_str(&format!("form {head}\n"));
        for f in fields.as_array().unwrap() {
            out.push_str(&format!("  field {f}\n"));
        }
    }
    for l in bundle["data"]["Lookup"].as_array().unwrap() {
        out.push_str(&format!("lookup {l}\n"));
    }
    for key in [
        "Agency",
        "Role",
        "UserGroup",
        "Report",
        "ContactInformation",
    ] {
        out.push_str(&format!("{key} {}\n", bundle["data"][key]));
    }
    out
}

#[test]
fn example_countries_bundles() {
    for country in ["iraq", "mali"] {
        let built = build(&compile_country(country), country);
        let files = &built.artifacts;
        let mut names: Vec<&str> = files
            .iter()
            .map(|a| a.path.as_str())
            .filter(|p| !p.starts_with("forms/") && !p.starts_with("translations/"))
            .filter(|p| !p.starts_with("lookups/"))
            .collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "NOT-EXPRESSED.md",
                "configuration.json",
                "locations.csv",
                "roles.json"
            ]
        );
        let bundle = json_file(files, "configuration.json");
        let mut text = format!(
            "name: {}\nversion: {}\nprimero_version: {}\n",
            bundle["name"], bundle["version"], bundle["primero_version"]
        );
        text.push_str(&compact(&bundle));
        common::assert_snapshot(&format!("primero__bundle@{country}"), &text);
        common::assert_snapshot(
            &format!("primero__roles@{country}"),
            file(files, "roles.json"),
        );
        common::assert_snapshot(
            &format!("primero__not_expressed@{country}"),
            file(files, "NOT-EXPRESSED.md"),
        );
        let default = if country == "mali" { "fr" } else { "en" };
        common::assert_snapshot(
            &format!("primero__translation@{country}"),
            file(
                files,
                &format!("translations/{default}/gbv_sexual_violence.yml"),
            ),
        );
        // Same inputs, same bytes.
        let again = build(&compile_country(country), country);
        assert_eq!(again.artifacts, built.artifacts);
    }
}

/// Primero's field types (FACTS §8.3).
const PRIMERO_TYPES: &[&str] = &[
    "text_field",
    "textarea",
    "numeric_field",
    "date_field",
    "tick_box",
    "radio_button",
    "select_box",
    "subform",
    "separator",
    "photo_upload_box",
    "audio_upload_box",
    "document_upload_box",
    "signature",
    "calculated",
    "date_range",
    "tally_field",
    "custom",
];

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn acceptable_display_name(texts: &Json, what: &str, problems: &mut Vec<String>) {
    let Some(obj) = texts.as_object() else {
        problems.push(format!("{what}: no names"));
        return;
    };
    if obj
        .get("en")
        .and_then(Json::as_str)
        .is_none_or(str::is_empty)
    {
        problems.push(format!("{what}: no English name"));
    }
    for (lang, t) in obj {
        let t = t.as_str().unwrap_or_default();
        if t.trim().is_empty() || t.contains(['*', '!', '@', '#', '%', '$', '^']) {
            problems.push(format!("{what}: {lang} name {t:?} refused"));
        }
    }
}

fn options_have_english(options: &Json, what: &str, problems: &mut Vec<String>) {
    for o in options.as_array().into_iter().flatten() {
        let id = o["id"].as_str().unwrap_or_default();
        if id.is_empty() {
            problems.push(format!("{what}: an option without id"));
        }
        if o["display_text"]["en"].as_str().is_none_or(str::is_empty) {
            problems.push(format!("{what}: option `{id}` without English"));
        }
    }
}

/// The operators and field names of a display condition.
fn condition_fields(c: &Json, out: &mut Vec<String>, problems: &mut Vec<String>) {
    let obj = c.as_object().unwrap();
    assert_eq!(obj.len(), 1, "{c}");
    let (op, arg) = obj.iter().next().unwrap();
    match op.as_str() {
        "and" | "or" => arg
            .as_array()
            .unwrap()
            .iter()
            .for_each(|x| condition_fields(x, out, problems)),
        "not" => condition_fields(arg, out, problems),
        "eq" | "in" | "gt" | "ge" | "lt" | "le" => {
            let o = arg.as_object().unwrap();
            assert_eq!(o.len(), 1, "{c}");
            out.extend(o.keys().cloned());
        }
        other => problems.push(format!("unknown operator `{other}`")),
    }
}

/// Primero's acceptance rules (FACTS §8.1), on a bundle.
fn acceptance_problems(bundle: &Json) -> Vec<String> {
    let mut problems = Vec::new();
    for key in ["name", "description", "version", "primero_version"] {
        if !bundle[key].is_string() {
            problems.push(format!("no `{key}`"));
        }
    }
    let data = &bundle["data"];
    for key in [
        "FormSection",
        "Lookup",
        "Agency",
        "Role",
        "UserGroup",
        "ContactInformation",
    ] {
        if data[key].as_array().is_none_or(Vec::is_empty) {
            problems.push(format!("`{key}` empty"));
        }
    }
    assert!(data["Report"].is_array());
    let lookups: Vec<&str> = data["Lookup"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["unique_id"].as_str().unwrap_or_default())
        .collect();
    let unique: BTreeSet<&&str> = lookups.iter().collect();
    if unique.len() != lookups.len() || lookups.contains(&"") {
        problems.push("lookup ids not unique".into());
    }
    for l in data["Lookup"].as_array().unwrap() {
        let id = l["unique_id"].as_str().unwrap_or_default();
        if l["name_i18n"]["en"].as_str().is_none_or(str::is_empty) {
            problems.push(format!("lookup {id}: no English name"));
        }
        options_have_english(&l["lookup_values_i18n"], id, &mut problems);
    }
    let mut defined: BTreeMap<&str, bool> = BTreeMap::new();
    for form in data["FormSection"].as_array().unwrap() {
        let id = form["unique_id"].as_str().unwrap_or_default();
        if id.is_empty() || defined.contains_key(id) {
            problems.push(format!("form id {id:?} missing or repeated"));
        }
        acceptable_display_name(&form["name_i18n"], id, &mut problems);
        if form["module_ids"] != serde_json::json!(["primeromodule-gbv"]) {
            problems.push(format!("{id}: module_ids"));
        }
        if !["case", "incident"].contains(&form["parent_form"].as_str().unwrap_or_default()) {
            problems.push(format!("{id}: parent_form"));
        }
        let nested = form["is_nested"].as_bool().unwrap();
        let fields = form["fields_attributes"].as_array().unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        for f in fields {
            let name = f["name"].as_str().unwrap_or_default();
            let what = format!("{id}.{name}");
            if !valid_name(name) {
                problems.push(format!("{what}: invalid name"));
            }
            if names.iter().filter(|n| **n == name).count() > 1 {
                problems.push(format!("{what}: name twice in the form"));
            }
            let ty = f["type"].as_str().unwrap_or_default();
            if !PRIMERO_TYPES.contains(&ty) {
                problems.push(format!("{what}: type {ty:?}"));
            }
            acceptable_display_name(&f["display_name_i18n"], &what, &mut problems);
            options_have_english(&f["option_strings_text_i18n"], &what, &mut problems);
            if let Some(source) = f["option_strings_source"].as_str() {
                if let Some(l) = source.strip_prefix("lookup ") {
                    if !lookups.contains(&l) {
                        problems.push(format!("{what}: unknown lookup {l}"));
                    }
                } else if !["Location", "ReportingLocation", "Agency", "User"].contains(&source) {
                    problems.push(format!("{what}: source {source}"));
                }
            }
            if ty == "subform" {
                let sub = f["subform_unique_id"].as_str().unwrap_or_default();
                if defined.get(sub) != Some(&true) {
                    problems.push(format!(
                        "{what}: subform {sub} not defined before, or not nested"
                    ));
                }
            }
            // Conditions sit where Primero evaluates them, and read fields it has there.
            let (here, other) = if nested {
                ("display_conditions_subform", "display_conditions_record")
            } else {
                ("display_conditions_record", "display_conditions_subform")
            };
            if !f[other].is_null() {
                problems.push(format!("{what}: `{other}`"));
            }
            if !f[here].is_null() {
                let mut read = Vec::new();
                condition_fields(&f[here], &mut read, &mut problems);
                if nested {
                    for r in read.iter().filter(|r| !names.contains(&r.as_str())) {
                        problems.push(format!("{what}: reads {r}, not in the row"));
                    }
                }
            }
        }
        defined.insert(id, nested);
    }
    problems
}

#[test]
fn the_bundle_passes_primeros_acceptance_rules() {
    for country in ["iraq", "mali"] {
        let built = build(&compile_country(country), country);
        let files = &built.artifacts;
        let bundle = json_file(files, "configuration.json");
        let problems = acceptance_problems(&bundle);
        assert!(problems.is_empty(), "{country}:\n{}", problems.join("\n"));
        // The REST files: the same forms, in bundle order, without `_i18n`.
        let forms: Vec<&Artifact> = files
            .iter()
            .filter(|a| a.path.starts_with("forms/"))
            .collect();
        assert_eq!(
            forms.len(),
            bundle["data"]["FormSection"].as_array().unwrap().len()
        );
        for (a, f) in forms
            .iter()
            .zip(bundle["data"]["FormSection"].as_array().unwrap())
        {
            let rest: Json = serde_json::from_slice(&a.bytes).unwrap();
            assert_eq!(rest["data"]["unique_id"], f["unique_id"]);
            assert_eq!(rest["data"]["name"], f["name_i18n"]);
            let text = rest.to_string();
            assert!(!text.contains("_i18n\""), "{}", a.path);
            assert!(rest["data"]["fields"].is_array());
        }
        for l in bundle["data"]["Lookup"].as_array().unwrap() {
            let id = l["unique_id"].as_str().unwrap();
            let rest = json_file(files, &format!("lookups/{id}.json"));
            assert_eq!(rest["data"]["values"], l["lookup_values_i18n"]);
        }
        // Translations: one file per form and locale, and lookups.yml; every option id they
        // translate has an English option (Primero skips the others).
        let model = compile_country(country);
        let langs: Vec<String> = model
            .model()
            .unwrap()
            .standard
            .languages
            .iter()
            .map(|l| l.as_str().to_string())
            .collect();
        for lang in &langs {
            let lookups: Json =
                serde_norway::from_str(file(files, &format!("translations/{lang}/lookups.yml")))
                    .unwrap();
            for l in bundle["data"]["Lookup"].as_array().unwrap() {
                let id = l["unique_id"].as_str().unwrap();
                for (option, _) in lookups[lang][id]["lookup_values"]
                    .as_object()
                    .into_iter()
                    .flatten()
                {
                    assert!(
                        l["lookup_values_i18n"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .any(|o| o["id"] == option.as_str()
                                && o["display_text"]["en"].is_string()),
                        "{lang} {id} {option}"
                    );
                }
            }
            for f in bundle["data"]["FormSection"].as_array().unwrap() {
                let id = f["unique_id"].as_str().unwrap();
                let doc: Json =
                    serde_norway::from_str(file(files, &format!("translations/{lang}/{id}.yml")))
                        .unwrap();
                assert_eq!(doc[lang][id]["name"], f["name_i18n"][lang], "{lang} {id}");
            }
        }
    }
}

/// The model field a bundle field is: by form id and field name.
fn model_field(model: &Model, form: &str, name: &str) -> FieldIx {
    let fx = model
        .forms
        .iter()
        .position(|f| f.id.as_str() == form)
        .unwrap();
    *model.forms[fx]
        .fields
        .iter()
        .find(|f| model.field(**f).id.as_str() == name)
        .unwrap_or_else(|| panic!("no {form}.{name}"))
}

/// For each role of `roles.json`, the fields it can read in Primero through the forms it is
/// granted (each granted form, its subforms, and the fields their display conditions read) that
/// the model says it may not see.
fn leaks(model: &Model, bundle: &Json, roles: &Json) -> Vec<String> {
    let forms: BTreeMap<&str, &Json> = bundle["data"]["FormSection"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["unique_id"].as_str().unwrap(), f))
        .collect();
    let mut out = Vec::new();
    for grant in roles.as_array().unwrap() {
        let id = grant["unique_id"].as_str().unwrap();
        let r = (0..model.roles.len())
            .map(RoleIx::from_index)
            .find(|&r| primero::roles::role_id(model, r) == id)
            .unwrap();
        for form_id in grant["form_section_read_write"].as_object().unwrap().keys() {
            let form = forms[form_id.as_str()];
            let mut readable: Vec<(String, String)> = Vec::new();
            for f in form["fields_attributes"].as_array().unwrap() {
                let name = f["name"].as_str().unwrap().to_string();
                readable.push((form_id.clone(), name));
                for key in ["display_conditions_record", "display_conditions_subform"] {
                    if f[key].is_null() {
                        continue;
                    }
                    let mut read = Vec::new();
                    condition_fields(&f[key], &mut read, &mut Vec::new());
                    for name in read {
                        // A record condition reads any top-level form of the record.
                        let owner = if key == "display_conditions_subform" {
                            Some(form_id.clone())
                        } else {
                            model
                                .forms
                                .iter()
                                .filter(|m| matches!(m.kind, FormKind::TopLevel { .. }))
                                .find(|m| {
                                    m.fields.iter().any(|x| model.field(*x).id.as_str() == name)
                                })
                                .map(|m| m.id.to_string())
                        };
                        readable.push((owner.unwrap(), name));
                    }
                }
                if let Some(sub) = f["subform_unique_id"].as_str() {
                    assert!(
                        grant["form_section_read_write"].get(sub).is_some(),
                        "{id}: {form_id} granted without its subform {sub}"
                    );
                }
            }
            for (form, name) in readable {
                let fx = model_field(model, &form, &name);
                if !model.roles_seeing(fx).contains(&r) {
                    out.push(format!("{id} reads {form}.{name} through {form_id}"));
                }
            }
        }
    }
    out
}

#[test]
fn no_role_is_granted_a_form_holding_a_field_it_may_not_see() {
    for country in ["iraq", "mali"] {
        let compiled = compile_country(country);
        let model = compiled.model().unwrap();
        let built = build(&compiled, country);
        let bundle = json_file(&built.artifacts, "configuration.json");
        let roles = json_file(&built.artifacts, "roles.json");
        let leaks = leaks(model, &bundle, &roles);
        assert!(leaks.is_empty(), "{country}:\n{}", leaks.join("\n"));
        // Not vacuous: the caseworker has the survivor's form, the supervisor does not.
        let granted =
            |role: &str, form: &str| {
                roles.as_array().unwrap().iter().any(|g| {
                    g["unique_id"] == role && g["form_section_read_write"].get(form).is_some()
                })
            };
        assert!(granted("role-gbv-caseworker", "gbv_survivor_information"));
        assert!(!granted(
            "role-gbv-case-management-supervisor",
            "gbv_survivor_information"
        ));
        assert!(granted(
            "role-gbv-case-management-supervisor",
            "gbv_individual_details"
        ));
    }
}

/// A condition that reads a field the role may not see (here through the hidden-question
/// conjunct: `follow_up` reads `referred`, shown only when the caseworker-only `risk` is high)
/// keeps the form from the role, even though it sees every field of the form.
#[test]
fn a_condition_reading_a_field_a_role_may_not_see_withholds_the_form() {
    let compiled = compile_fixture("tests/fixtures/primero/oracle.gbv");
    let model = compiled.model().unwrap();
    let built = build(&compiled, "iraq");
    let bundle = json_file(&built.artifacts, "configuration.json");
    let roles = json_file(&built.artifacts, "roles.json");
    assert!(leaks(model, &bundle, &roles).is_empty());
    let services = &bundle["data"]["FormSection"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["unique_id"] == "services")
        .unwrap()["fields_attributes"][1];
    assert_eq!(
        services["display_conditions_record"],
        serde_json::json!({"and": [{"eq": {"risk": "high"}}, {"eq": {"referred": "true"}}]})
    );
    let supervisor = roles
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["unique_id"] == "role-gbv-case-management-supervisor")
        .unwrap();
    assert_eq!(supervisor["form_section_read_write"], serde_json::json!({}));
    assert!(file(&built.artifacts, "NOT-EXPRESSED.md")
        .contains("| `services` | `role-gbv-case-management-supervisor` | `risk` |"));
    assert!(built.warnings.iter().any(|w| w.code == Code::W0008));
}

fn codes(ds: &[gbvims_compiler::Diagnostic]) -> Vec<Code> {
    ds.iter().map(|d| d.code).collect()
}

#[test]
fn a_country_without_an_instance_file_is_refused() {
    let compiled = compile_country("iraq");
    let checked = compiled.checked().unwrap();
    let errors = primero::Primero
        .emit(checked, &Options::default())
        .expect_err("no instance file");
    assert_eq!(codes(&errors), [Code::E0116]);
    assert!(errors[0].message.contains("primero/instance.json"));
    assert!(primero::Primero.emit(checked, &options("iraq")).is_ok());
}

#[test]
fn an_unusable_instance_file_is_refused() {
    let compiled = compile_country("iraq");
    let checked = compiled.checked().unwrap();
    let good: Json = serde_json::from_str(&instance("iraq")).unwrap();
    let mut empty_role = good.clone();
    empty_role["Role"] = serde_json::json!([]);
    let mut no_id = good.clone();
    no_id["Agency"][0]
        .as_object_mut()
        .unwrap()
        .remove("unique_id");
    let mut forms = good.clone();
    forms["FormSection"] = serde_json::json!([]);
    let mut no_version = good.clone();
    no_version
        .as_object_mut()
        .unwrap()
        .remove("primero_version");
    for (text, says) in [
        ("{\"Agency\": [".to_string(), "not JSON (line 1"),
        (empty_role.to_string(), "`Role` is empty"),
        (no_id.to_string(), "entry 1 of `Agency` has no `unique_id`"),
        (forms.to_string(), "`FormSection` is not read"),
        (no_version.to_string(), "`primero_version`"),
    ] {
        let errors = primero::Primero
            .emit(
                checked,
                &Options {
                    primero_instance: Some(text),
                    ..Options::default()
                },
            )
            .expect_err(says);
        assert_eq!(codes(&errors), [Code::E0117]);
        assert!(errors[0].message.contains(says), "{}", errors[0].message);
    }
}

#[test]
fn a_name_without_english_is_refused() {
    let compiled = compile_fixture("tests/fixtures/primero/E0118-no-english.gbv");
    let errors = primero::build(compiled.checked().unwrap(), &options("iraq"))
        .err()
        .expect("refused");
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|d| d.code == Code::E0118), "{errors:?}");
    assert!(errors.iter().any(|d| d.message.contains("`age`")));
    // The countries: Mali's default language is French, every name has English.
    build(&compile_country("mali"), "mali");
}

#[test]
fn a_name_primero_refuses_is_refused() {
    let compiled = compile_fixture("tests/fixtures/primero/E0119-forbidden-character.gbv");
    let errors = primero::build(compiled.checked().unwrap(), &options("iraq"))
        .err()
        .expect("refused");
    assert_eq!(codes(&errors), [Code::E0119]);
    assert!(errors[0].message.contains("Survivor code #"));
    build(
        &compile_fixture("tests/fixtures/primero/ok-expressed.gbv"),
        "iraq",
    );
}

#[test]
fn what_primero_cannot_state_is_a_warning_and_listed() {
    let built = build(
        &compile_fixture("tests/fixtures/primero/W0007-not-expressed.gbv"),
        "iraq",
    );
    assert_eq!(codes(&built.warnings), [Code::W0007, Code::W0007]);
    let listed = file(&built.artifacts, "NOT-EXPRESSED.md");
    assert!(
        listed.contains("| `counts` | `total` | `calculate` |"),
        "{listed}"
    );
    assert!(
        listed.contains("| `counts` | `big` | `show_if` | reads the calculated field `total`"),
        "{listed}"
    );
    let clean = build(
        &compile_fixture("tests/fixtures/primero/ok-expressed.gbv"),
        "iraq",
    );
    assert!(clean.warnings.is_empty(), "{:?}", clean.warnings);
}

#[test]
fn a_form_a_role_loses_is_a_warning_and_listed() {
    let built = build(
        &compile_fixture("tests/fixtures/primero/W0008-form-withheld.gbv"),
        "iraq",
    );
    assert_eq!(codes(&built.warnings), [Code::W0008]);
    assert!(built.warnings[0].message.contains("`consent`"));
    assert!(file(&built.artifacts, "NOT-EXPRESSED.md")
        .contains("| `consent` | `role-gbv-case-management-supervisor` | `consent_notes` |"));
    // In the clean fixture the supervisor sees nothing of `notes`: it is not granted it, and
    // loses nothing.
    let clean = build(
        &compile_fixture("tests/fixtures/primero/ok-expressed.gbv"),
        "iraq",
    );
    let roles = json_file(&clean.artifacts, "roles.json");
    assert_eq!(
        roles[1]["form_section_read_write"],
        serde_json::json!({"answers": "r"})
    );
    assert_eq!(
        roles[0]["form_section_read_write"],
        serde_json::json!({"answers": "rw", "notes": "rw"})
    );
}

/// Locations: one row per deepest unit under the two header rows, ancestors repeated.
#[test]
fn locations_are_primeros_hxl() {
    let compiled = compile_country("iraq");
    let built = build(&compiled, "iraq");
    let csv = file(&built.artifacts, "locations.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2 + 294);
    assert!(lines[1].starts_with("#country+code,#country+name,#country+name+ar,#adm1+code"));
    assert!(lines
        .iter()
        .skip(2)
        .all(|l| !l.split(',').any(str::is_empty)));
    assert!(built
        .artifacts
        .iter()
        .all(|a| !a.path.starts_with("locations-adm")));
}

/// The command line: the instance file is read from the country, its absence refused with
/// E0116, and `--target all` builds Primero too.
#[test]
fn the_primero_build_needs_the_countrys_instance_file() {
    let (tmp, dir) = common::iraq_copy();
    let (code, _, err) = common::gbvims(
        &["build", "iraq", "--target", "all", "-o", "out"],
        tmp.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(tmp.path().join("out/primero/configuration.json").is_file());
    assert!(err.contains("warning[W0008]"), "{err}");
    let (code, _, err) = common::gbvims(
        &[
            "build",
            "iraq",
            "--target",
            "primero",
            "--deny-warnings",
            "-o",
            "denied",
        ],
        tmp.path(),
    );
    assert_eq!(code, 1, "{err}");
    assert!(!tmp.path().join("denied").exists());
    std::fs::remove_file(dir.join("primero/instance.json")).unwrap();
    let (code, _, err) = common::gbvims(
        &["build", "iraq", "--target", "primero", "-o", "out2"],
        tmp.path(),
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error[E0116]"), "{err}");
    assert!(!tmp.path().join("out2").exists());
}

/// A country without English: the standard's texts keep their English (the model keeps it as
/// the last fallback), and only the country's own texts, which have none, are refused.
#[test]
fn a_country_without_english_uses_the_standards_english() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/primero/mali-fr-only");
    let files: Vec<(String, String)> = ["country.gbv", "locations.csv", "mobile-public-key.pem"]
        .iter()
        .map(|f| {
            (
                format!("mali/{f}"),
                std::fs::read_to_string(dir.join(f)).unwrap(),
            )
        })
        .collect();
    let (_, compiled) = common::compile_country_on_standard(&files);
    let checked = compiled.checked().expect("checks clean");
    let model = checked.model();
    assert_eq!(model.standard.languages.len(), 1);
    let errors = primero::build(checked, &options("mali"))
        .err()
        .expect("the country's own texts have no English");
    assert!(errors.iter().all(|d| d.code == Code::E0118), "{errors:?}");
    for d in &errors {
        assert!(!d.message.starts_with("the form"), "{}", d.message);
        assert!(
            !d.message.starts_with("the field") || d.message.contains("`ml_"),
            "{}",
            d.message
        );
    }
    assert!(errors
        .iter()
        .any(|d| d.message.contains("`ml_conflict_related`")));
}

/// The installation's role given a form the model keeps from it (in the instance file) would be
/// granted it again by the bundle: refused.
#[test]
fn an_instance_role_granted_a_hidden_form_is_refused() {
    let compiled = compile_country("iraq");
    let checked = compiled.checked().unwrap();
    let mut doc: Json = serde_json::from_str(&instance("iraq")).unwrap();
    doc["Role"][1]["form_section_read_write"] =
        serde_json::json!({"gbv_individual_details": "r", "gbv_survivor_information": "r"});
    let text = doc.to_string();
    let with = |text: String| Options {
        primero_instance: Some(text),
        ..Options::default()
    };
    let errors = primero::Primero
        .emit(checked, &with(text))
        .expect_err("the supervisor may not have the survivor's form");
    assert_eq!(codes(&errors), [Code::E0120]);
    assert!(errors[0].message.contains("`gbv_survivor_information`"));
    assert!(errors[0]
        .message
        .contains("`role-gbv-case-management-supervisor`"));
    // A form it may have is fine.
    doc["Role"][1]["form_section_read_write"] = serde_json::json!({"gbv_individual_details": "r"});
    assert!(primero::Primero
        .emit(checked, &with(doc.to_string()))
        .is_ok());
}
