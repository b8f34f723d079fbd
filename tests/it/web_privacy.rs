//! Confidentiality of the web bundle: `roles.json` lists a field for a role only when the role
//! sees it, and no UI rule or schema rule of a field a role sees reads an identifying field that
//! role may not see (an oracle).

use std::collections::BTreeSet;

use gbvims_compiler::model::{FieldIx, FieldKind, Model, RecordIx, RoleIx, Scope};
use gbvims_targets::web::{schema, uischema, Web};
use gbvims_targets::{Options, Target};
use serde_json::{json, Value as Json};

use crate::mobile::compile_fixture;
use crate::web::{compile_config, controls, json_of, COUNTRIES, FIXTURES};

/// The fields a condition schema reads: its `properties` and `required` names, at any depth
/// (a condition never goes into rows).
fn names_read(schema: &Json, out: &mut BTreeSet<String>) {
    match schema {
        Json::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("properties", Json::Object(props)) => {
                        for (name, s) in props {
                            out.insert(name.clone());
                            names_read(s, out);
                        }
                    }
                    ("required", Json::Array(names)) => {
                        out.extend(names.iter().filter_map(|n| n.as_str().map(str::to_string)));
                    }
                    _ => names_read(v, out),
                }
            }
        }
        Json::Array(items) => items.iter().for_each(|i| names_read(i, out)),
        _ => {}
    }
}

/// The field `name` read in the object holding `near` (the record, or the same subform row).
fn field_near(model: &Model, near: FieldIx, name: &str) -> FieldIx {
    let scope = model.scope(near);
    FieldIx::from_index(
        model
            .fields
            .iter()
            .enumerate()
            .position(|(n, f)| {
                f.id.as_str() == name
                    && model.scope(FieldIx::from_index(n)) == scope
                    && (scope != Scope::Record
                        || model.form(f.form).record == model.form(model.field(near).form).record)
            })
            .unwrap_or_else(|| panic!("no field {name} near {}", model.field(near).id)),
    )
}

/// Confidentiality: `roles.json` lists a field for a role only when the role sees it, and no
/// UI rule or schema rule of a field a role sees reads an identifying field that role may not
/// see (an oracle).
#[test]
fn no_role_learns_an_identifying_field_it_may_not_see() {
    for country in [COUNTRIES[0], COUNTRIES[1], FIXTURES[0]] {
        let compiled = compile_config(country);
        let files = Web
            .emit(compiled.checked().unwrap(), &Options::default())
            .unwrap();
        let model = compiled.model().unwrap();
        let roles = json_of(&files, "roles.json");
        let mut identifying_listed = 0;
        for role in roles["roles"].as_array().unwrap() {
            let rx = RoleIx::from_index(
                model
                    .roles
                    .iter()
                    .position(|r| r.id.as_str() == role["id"].as_str().unwrap())
                    .unwrap(),
            );
            for (rec, fields) in role["fields"].as_object().unwrap() {
                let record = model
                    .records
                    .iter()
                    .position(|r| r.id.as_str() == rec)
                    .unwrap();
                for path in fields.as_array().unwrap() {
                    let path = path.as_str().unwrap();
                    let mut near: Option<FieldIx> = None;
                    for name in path.split('/') {
                        let fx = match near {
                            None => FieldIx::from_index(
                                model
                                    .fields
                                    .iter()
                                    .position(|f| {
                                        f.id.as_str() == name
                                            && model.form(f.form).record.index() == record
                                            && matches!(
                                                model.form(f.form).kind,
                                                gbvims_compiler::model::FormKind::TopLevel { .. }
                                            )
                                    })
                                    .unwrap(),
                            ),
                            Some(sub) => match model.field(sub).kind {
                                FieldKind::Subform { form } => *model
                                    .form(form)
                                    .fields
                                    .iter()
                                    .find(|&&f| model.field(f).id.as_str() == name)
                                    .unwrap(),
                                _ => panic!("{path}"),
                            },
                        };
                        assert!(
                            model.roles_seeing(fx).contains(&rx),
                            "{country}: {} may not see {path}",
                            model.role(rx).id
                        );
                        if model.field(fx).flags.identifying {
                            assert!(model.role(rx).sees_identifying);
                            identifying_listed += 1;
                        }
                        near = Some(fx);
                    }
                }
            }
        }
        assert!(identifying_listed > 0, "the test reads identifying fields");
        let check = |owner: FieldIx, schema: &Json, what: &str| {
            let mut names = BTreeSet::new();
            names_read(schema, &mut names);
            let audience = model.roles_seeing(owner);
            for name in names {
                let read = field_near(model, owner, &name);
                if model.field(read).flags.identifying {
                    let seeing = model.roles_seeing(read);
                    for r in &audience {
                        assert!(
                            seeing.contains(r),
                            "{country}: the {what} of {} reads {name}, which {} may not see",
                            model.field(owner).id,
                            model.role(*r).id
                        );
                    }
                }
            }
        };
        for (i, _) in model.records.iter().enumerate() {
            let rx = RecordIx::from_index(i);
            for c in controls(model, &uischema::ui_schema(model, rx)) {
                if let Some(cond) = &c.condition {
                    check(c.field, cond, "UI rule");
                }
            }
            let built = schema::build(model, rx);
            let mut entries = Vec::new();
            collect_rules(&built.schema, &mut entries);
            assert!(!entries.is_empty() || country != "iraq");
            for (rule, path, entry) in entries {
                let owner = built
                    .coverage
                    .iter()
                    .find(|c| c.path == path)
                    .map(|c| c.field);
                let owner = owner.unwrap_or_else(|| {
                    // A subform's `rows` entry: its owner is the subform field.
                    FieldIx::from_index(
                        model
                            .fields
                            .iter()
                            .position(|f| f.id.as_str() == path && model.form(f.form).record == rx)
                            .unwrap(),
                    )
                });
                let read = if rule == "rows" {
                    entry["if"].clone()
                } else {
                    json!([entry["if"], entry["then"], entry["properties"]])
                };
                check(owner, &read, "schema rule");
            }
        }
    }
    // The fixture's `after_note` reads `note`, whose own `show_if` reads the survivor's name:
    // shown to the supervisor it would be refused by the compiler (E0098 follows reads through
    // relevance: `tests/fixtures/check/E0098-identifying-data-through-relevance.gbv`); shown to the
    // caseworker only, who sees the name, it has its JSON Forms rule.
    let compiled = compile_fixture(FIXTURES[0]);
    let model = compiled.model().unwrap();
    let ui = uischema::ui_schema(model, RecordIx::from_index(0));
    let rule_of = |id: &str| {
        controls(model, &ui)
            .into_iter()
            .find(|c| model.field(c.field).id.as_str() == id)
            .unwrap()
            .condition
    };
    assert!(rule_of("note").is_some());
    assert!(rule_of("after_note").is_some());
}

/// Every `allOf` entry tagged by a rule: `(rule, path, entry)`.
fn collect_rules(schema: &Json, out: &mut Vec<(String, String, Json)>) {
    match schema {
        Json::Object(m) => {
            if let Some((rule, path)) = m
                .get("$comment")
                .and_then(Json::as_str)
                .and_then(|c| c.split_once(' '))
            {
                if ["required", "constraint", "rows"].contains(&rule) {
                    out.push((rule.to_string(), path.to_string(), schema.clone()));
                }
            }
            m.values().for_each(|v| collect_rules(v, out));
        }
        Json::Array(items) => items.iter().for_each(|i| collect_rules(i, out)),
        _ => {}
    }
}
