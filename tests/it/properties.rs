//! Property tests (proptest). Case counts are small so `cargo test` stays fast;
//! `GBVIMS_LONG_TESTS=1` runs many more (TESTING.md).
//!
//! - Generated overlays on the real standard: whenever an overlay checks clean, no role without
//!   `sees_identifying` is shown an identifying field, or anything that reveals one, in the model
//!   (`Model::roles_seeing`, `Model::field_dependencies`), on the short form, in an IR column
//!   (`Model::effective_reads`), in the web target's `roles.json` field lists or in the Primero
//!   target's `roles.json` grants.
//! - Generated standards: `fmt` is idempotent and keeps the model (`ModelDoc` JSON).

use std::sync::OnceLock;

use gbvims_compiler::model::{FieldIx, FieldKind, FormKind, Model, RoleIx};
use gbvims_targets::{Artifact, Options, Target};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value as Json;

use crate::common;

/// Cases per property: a handful by default, many with `GBVIMS_LONG_TESTS=1`.
fn cases(short: u32, long: u32) -> u32 {
    if std::env::var_os("GBVIMS_LONG_TESTS").is_some_and(|v| v == "1") {
        long
    } else {
        short
    }
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        // Generated inputs that do not check clean are not failures: they are skipped.
        max_global_rejects: cases * 64,
        failure_persistence: None,
        ..Config::default()
    })
}

// ---------------------------------------------------------------------------------------------
// Generated overlays

/// What the generator may name: the standard's top-level forms, with their plain fields.
struct Catalogue {
    /// `(form id, record index, fields that are not subforms, separators or calculated)`.
    forms: Vec<(String, usize, Vec<String>)>,
    /// `form.field` of optional fields (hiding a required one is E0084, not interesting).
    hideable: Vec<String>,
    /// `form.field` of every field, to translate.
    translatable: Vec<String>,
}

fn catalogue() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| {
        let model = common::standard().1.model().expect("the standard compiles");
        let mut forms = Vec::new();
        for form in &model.forms {
            if !matches!(form.kind, FormKind::TopLevel { .. }) {
                continue;
            }
            let fields: Vec<String> = form
                .fields
                .iter()
                .map(|&f| model.field(f))
                .filter(|f| {
                    f.calculate.is_none()
                        && !matches!(f.kind, FieldKind::Subform { .. } | FieldKind::Separator)
                })
                .map(|f| f.id.to_string())
                .collect();
            if !fields.is_empty() {
                forms.push((form.id.to_string(), form.record.index(), fields));
            }
        }
        let qualified =
            |f: &gbvims_compiler::model::Field| format!("{}.{}", model.form(f.form).id, f.id);
        let top = |f: &gbvims_compiler::model::Field| {
            matches!(model.form(f.form).kind, FormKind::TopLevel { .. })
        };
        Catalogue {
            hideable: model
                .fields
                .iter()
                .filter(|f| top(f) && !f.flags.required && f.calculate.is_none())
                .map(qualified)
                .collect(),
            translatable: model
                .fields
                .iter()
                .filter(|f| top(f))
                .map(qualified)
                .collect(),
            forms,
        }
    })
}

/// The base country of the country fixtures (header, locations, key), read once.
fn base_country() -> &'static [(String, String)] {
    static BASE: OnceLock<Vec<(String, String)>> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = common::fixtures_root().join("country/_base");
        let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&p).unwrap())
            })
            .collect();
        out.sort();
        out
    })
}

const ROLES: [&str; 3] = ["caseworker", "supervisor", "manager"];
const TYPES: [&str; 5] = ["text", "textarea", "date", "radio lookup-yes-no", "integer"];

/// One generated `add field`.
#[derive(Clone, Debug)]
struct Added {
    form: usize,
    ty: usize,
    identifying: bool,
    short_form: bool,
    visible_to: Option<Vec<usize>>,
    /// Fields of the same form's record read by `show_if`, by position in the form's list.
    show_if: Vec<(usize, usize)>,
    label: String,
}

#[derive(Clone, Debug)]
enum Change {
    Hide(usize),
    Add(Added),
    Translate(usize, String),
}

fn label() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "Phone",
        "Camp block",
        "Nom de la personne",
        "اسم",
        "Quote \\\" inside",
        "Ünïcödé ✓",
    ])
    .prop_map(str::to_string)
}

fn change() -> impl Strategy<Value = Change> {
    let cat = catalogue();
    let nforms = cat.forms.len();
    let added = (
        0..nforms,
        0..TYPES.len(),
        any::<bool>(),
        prop::bool::weighted(0.3),
        prop::option::of(prop::collection::vec(0..ROLES.len(), 1..=3)),
        prop::collection::vec((0..nforms, 0..64usize), 0..=2),
        label(),
    )
        .prop_map(
            |(form, ty, identifying, short_form, visible_to, show_if, label)| {
                Change::Add(Added {
                    form,
                    ty,
                    identifying,
                    short_form,
                    visible_to,
                    show_if,
                    label,
                })
            },
        );
    prop_oneof![
        2 => (0..cat.hideable.len()).prop_map(Change::Hide),
        4 => added,
        1 => (0..cat.translatable.len(), label()).prop_map(|(n, l)| Change::Translate(n, l)),
    ]
}

/// The overlay's text. `show_if` reads fields of forms of the added field's record only.
fn overlay_text(changes: &[Change]) -> String {
    let cat = catalogue();
    let mut out = String::new();
    for (n, c) in changes.iter().enumerate() {
        match c {
            Change::Hide(h) => out.push_str(&format!("hide field {}\n\n", cat.hideable[*h])),
            Change::Translate(t, label) => out.push_str(&format!(
                "translate field {} {{\n  label: en \"{label}\"\n}}\n\n",
                cat.translatable[*t]
            )),
            Change::Add(a) => {
                let (form, record, _) = &cat.forms[a.form];
                out.push_str(&format!(
                    "add field tl_p{n} to {form}: {} {{\n  label: en \"{}\"\n",
                    TYPES[a.ty], a.label
                ));
                if a.identifying {
                    out.push_str("  identifying\n");
                }
                if a.short_form {
                    out.push_str("  short_form\n");
                }
                if let Some(v) = &a.visible_to {
                    let mut roles: Vec<&str> = v.iter().map(|&r| ROLES[r]).collect();
                    roles.dedup();
                    out.push_str(&format!("  visible_to: {}\n", roles.join(", ")));
                }
                let reads: Vec<String> = a
                    .show_if
                    .iter()
                    .filter_map(|&(f, k)| {
                        let (_, rec, fields) = &cat.forms[f];
                        (rec == record).then(|| fields[k % fields.len()].clone())
                    })
                    .collect();
                if !reads.is_empty() {
                    let conds: Vec<String> =
                        reads.iter().map(|r| format!("{r} is not empty")).collect();
                    out.push_str(&format!("  show_if: {}\n", conds.join(" or ")));
                }
                out.push_str("}\n\n");
            }
        }
    }
    out
}

fn artifact_json(files: &[Artifact], path: &str) -> Json {
    let a = files
        .iter()
        .find(|a| a.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    serde_json::from_slice(&a.bytes).unwrap()
}

fn role_named(model: &Model, id: &str) -> RoleIx {
    RoleIx::from_index(
        model
            .roles
            .iter()
            .position(|r| r.id.as_str() == id)
            .unwrap_or_else(|| panic!("no role {id}")),
    )
}

/// The field at `path` (`field` or `subform_field/field`) of a record's top-level forms.
fn field_at(model: &Model, record: &str, path: &str) -> FieldIx {
    let mut near: Option<FieldIx> = None;
    for name in path.split('/') {
        let found = match near {
            None => model.fields.iter().position(|f| {
                let form = model.form(f.form);
                f.id.as_str() == name
                    && model.records[form.record.index()].id.as_str() == record
                    && matches!(form.kind, FormKind::TopLevel { .. })
            }),
            Some(sub) => match model.field(sub).kind {
                FieldKind::Subform { form } => model
                    .form(form)
                    .fields
                    .iter()
                    .find(|&&f| model.field(f).id.as_str() == name)
                    .map(|f| f.index()),
                _ => None,
            },
        };
        near =
            Some(FieldIx::from_index(found.unwrap_or_else(|| {
                panic!("roles.json names {record}: {path}")
            })));
    }
    near.unwrap()
}

/// The property: returns why the overlay's outputs reveal an identifying field, if they do.
fn leaks(model: &Model, checked: &gbvims_compiler::Checked) -> Result<(), String> {
    model_leaks(model)?;
    target_leaks(model, checked)
}

/// The roles that may not see identifying data.
fn roles_without_identifying(model: &Model) -> Vec<RoleIx> {
    (0..model.roles.len())
        .map(RoleIx::from_index)
        .filter(|&r| !model.role(r).sees_identifying)
        .collect()
}

/// `form.field`, for messages.
fn field_name(model: &Model, f: FieldIx) -> String {
    let field = model.field(f);
    format!("{}.{}", model.form(field.form).id, field.id)
}

/// The property on the model alone: what a role sees and what seeing it reveals, the short form,
/// the IR columns.
fn model_leaks(model: &Model) -> Result<(), String> {
    let hidden = roles_without_identifying(model);
    let identifying = |f: FieldIx| model.field(f).flags.identifying;
    let name = |f: FieldIx| field_name(model, f);
    // The model: what a role sees, and what seeing it reveals.
    for n in 0..model.fields.len() {
        let f = FieldIx::from_index(n);
        let field = model.field(f);
        if identifying(f) && field.flags.short_form {
            return Err(format!("{} is identifying and on the short form", name(f)));
        }
        for r in model.roles_seeing(f) {
            if !hidden.contains(&r) {
                continue;
            }
            if let Some(d) = model
                .field_dependencies(f)
                .into_iter()
                .find(|&d| identifying(d))
            {
                return Err(format!(
                    "{} sees {}, which reveals the identifying {}",
                    model.role(r).id,
                    name(f),
                    name(d)
                ));
            }
        }
    }
    if let Some(ir) = &model.incident_recorder {
        for c in &ir.columns {
            if let Some(d) = model
                .effective_reads(&c.value)
                .into_iter()
                .find(|&d| identifying(d))
            {
                return Err(format!(
                    "IR column {} reads the identifying {}",
                    c.key,
                    name(d)
                ));
            }
        }
    }
    Ok(())
}

/// The property on the targets' outputs: web `roles.json` field lists, Primero grants.
fn target_leaks(model: &Model, checked: &gbvims_compiler::Checked) -> Result<(), String> {
    let hidden = roles_without_identifying(model);
    let identifying = |f: FieldIx| model.field(f).flags.identifying;
    let name = |f: FieldIx| field_name(model, f);
    // The web target: each role's field lists.
    let web = gbvims_targets::web::Web
        .emit(checked, &Options::default())
        .map_err(|e| format!("the web target fails: {e:?}"))?;
    let roles = artifact_json(&web, "roles.json");
    for role in roles["roles"].as_array().unwrap() {
        let rx = role_named(model, role["id"].as_str().unwrap());
        for (record, paths) in role["fields"].as_object().unwrap() {
            for path in paths.as_array().unwrap() {
                let f = field_at(model, record, path.as_str().unwrap());
                if !model.roles_seeing(f).contains(&rx) {
                    return Err(format!("web: {} is listed {path}", model.role(rx).id));
                }
                if hidden.contains(&rx) && identifying(f) {
                    return Err(format!(
                        "web: {} is listed the identifying {path}",
                        model.role(rx).id
                    ));
                }
            }
        }
    }
    // The Primero target: a granted form holds nothing the role may not see.
    // The Primero target needs the installation's instance file: Iraq's will do.
    let options = Options {
        primero_instance: Some(crate::primero::instance("iraq")),
        ..Options::default()
    };
    let primero = gbvims_targets::primero::Primero
        .emit(checked, &options)
        .map_err(|e| format!("the Primero target fails: {e:?}"))?;
    let grants = artifact_json(&primero, "roles.json");
    for grant in grants.as_array().unwrap() {
        let uid = grant["unique_id"].as_str().unwrap();
        let Some(r) = model.roles.iter().position(|r| {
            r.primero_id
                .clone()
                .unwrap_or_else(|| format!("role-{}", r.id))
                == uid
        }) else {
            return Err(format!("Primero: unknown role {uid}"));
        };
        let rx = RoleIx::from_index(r);
        for form_id in grant["form_section_read_write"].as_object().unwrap().keys() {
            for (n, field) in model.fields.iter().enumerate() {
                let f = FieldIx::from_index(n);
                if model.form(field.form).id.as_str() != form_id
                    || matches!(field.kind, FieldKind::Separator)
                {
                    continue;
                }
                if !model.roles_seeing(f).contains(&rx) {
                    return Err(format!(
                        "Primero: {uid} is granted {form_id}, which holds {}",
                        name(f)
                    ));
                }
                if hidden.contains(&rx) && identifying(f) {
                    return Err(format!(
                        "Primero: {uid} is granted the identifying {}",
                        name(f)
                    ));
                }
            }
        }
    }
    Ok(())
}

#[test]
fn generated_overlays_never_show_an_identifying_field_to_a_role_without_sees_identifying() {
    let strategy = prop::collection::vec(change(), 1..=6);
    let clean = std::sync::atomic::AtomicUsize::new(0);
    let mut runner = runner(cases(16, 512));
    runner
        .run(&strategy, |changes| {
            let overlay = overlay_text(&changes);
            let mut files = base_country().to_vec();
            files.push(("overlay.gbv".to_string(), overlay.clone()));
            let (_, compiled) = common::compile_country_on_standard(&files);
            let Some(checked) = compiled.checked() else {
                return Ok(()); // refused by the checks: nothing is emitted
            };
            clean.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let model = compiled.model().unwrap();
            if let Err(why) = leaks(model, checked) {
                panic!("{why}\noverlay:\n{overlay}");
            }
            Ok(())
        })
        .unwrap();
    let clean = clean.into_inner();
    eprintln!("{clean} generated overlays checked clean");
    assert!(clean > 0, "no generated overlay checked clean");
}

/// The overlay property with the check `broken` deleted, as a mutant of the checker: overlays
/// refused by that check alone are compiled anyway ([`gbvims_compiler::compile_partial`]) and
/// their model is given to the same oracle. Returns the first leak it finds.
fn leak_with_broken_check(broken: &str, cases: u32, seed: u64) -> Option<String> {
    // Fewer changes than the property's 1–6: more overlays are refused by one check alone.
    let strategy = prop::collection::vec(change(), 1..=2);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        // The leak is the result, not a bug to minimise.
        max_shrink_iters: 0,
        // The same overlays on every run: the test must not depend on luck.
        rng_seed: proptest::test_runner::RngSeed::Fixed(seed),
        ..Config::default()
    });
    let result = runner.run(&strategy, |changes| {
        let overlay = overlay_text(&changes);
        let mut files = base_country().to_vec();
        files.push(("overlay.gbv".to_string(), overlay.clone()));
        let (sources, compiled) = common::compile_country_on_standard(&files);
        let errors: Vec<String> = compiled
            .diagnostics()
            .iter()
            .filter(|d| d.severity() == gbvims_compiler::Severity::Error)
            .map(|d| d.code.as_str().to_string())
            .collect();
        // Only overlays that the broken check alone refuses: with it gone, they would pass.
        if errors.is_empty() || errors.iter().any(|c| c != broken) {
            return Ok(());
        }
        let (Some(model), _) = gbvims_compiler::compile_partial(&sources) else {
            return Ok(());
        };
        model_leaks(&model).map_err(|why| {
            proptest::test_runner::TestCaseError::fail(format!("{why}\noverlay:\n{overlay}"))
        })
    });
    match result {
        Err(proptest::test_runner::TestError::Fail(why, _)) => Some(why.to_string()),
        _ => None,
    }
}

/// The overlay property is not blind: for each check that keeps identifying data from roles
/// without `sees_identifying` over the whole model — on the short form (E0057), read by a
/// condition (E0098) — the property run against a checker without that check finds a leak.
/// Were the oracle or the generator unable to produce one, this fails (TESTING.md). E0058 is
/// not mutated here: the overlay refuses the declaration itself (it is never applied), so
/// ignoring the error from outside leaves no leak in the model to find.
#[test]
fn the_overlay_property_catches_a_broken_check() {
    for broken in ["E0057", "E0098"] {
        let seed = std::env::var("GBVIMS_MUTANT_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1);
        let found = leak_with_broken_check(broken, cases(128, 512), seed);
        let Some(why) = found else {
            panic!(
                "with {broken} deleted, no generated overlay leaked: the property is blind to it"
            );
        };
        eprintln!(
            "{broken} deleted: {}",
            why.lines().next().unwrap_or_default()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Generated standards for `fmt`

/// A text as written in a source: quotes, backslashes, unicode, a line break as `\n`.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a", "Name", " ", "  ", "é", "اسم", "✓", "\\\"", "\\\\", "\\n", "#", "{", "}", ",",
        ]),
        1..6,
    )
    .prop_map(|parts| parts.concat())
}

/// Indentation and spacing the formatter rewrites.
fn gap() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["", " ", "    ", "\t"])
}

fn comment() -> impl Strategy<Value = String> {
    prop::option::weighted(
        0.3,
        text().prop_map(|t| format!("# {}\n", t.replace('\\', ""))),
    )
    .prop_map(Option::unwrap_or_default)
}

const FIELD_TYPES: [&str; 8] = [
    "text",
    "textarea",
    "date",
    "integer",
    "tick_box",
    "select_one lookup-yes-no",
    "radio lookup-yes-no",
    "select_many lookup-yes-no",
];

/// One field: `(source, its type)`. `earlier`: how many fields come before it (its conditions
/// read those).
fn field(n: usize) -> impl Strategy<Value = String> {
    (
        0..FIELD_TYPES.len(),
        text(),
        comment(),
        gap(),
        prop::option::of(text()),
        any::<bool>(),
        any::<bool>(),
        prop::option::of((0..n.max(1), 0..4usize)),
    )
        .prop_map(
            move |(ty, label, comment, gap, help, required, identifying, cond)| {
                let mut s = format!(
                    "{comment}{gap}field f{n}: {} {{\n{gap}  label: en \"{label}\"\n",
                    FIELD_TYPES[ty]
                );
                if let Some(h) = help {
                    s.push_str(&format!("  help: en \"{h}\"\n"));
                }
                if required {
                    s.push_str("    required\n");
                }
                if identifying {
                    s.push_str("  identifying\n  visible_to: caseworker\n");
                }
                if let (Some((k, op)), true) = (cond, n > 0) {
                    let e = match op {
                        0 => format!("f{k} is not empty"),
                        1 => format!("f{k} is empty or   f{k} is not empty"),
                        2 => format!("not (f{k} is empty)"),
                        _ => format!("(f{k} is empty) and true"),
                    };
                    s.push_str(&format!("  show_if: {e}\n"));
                }
                // A closing brace less indented than its line closes the enclosing block.
                s.push_str(&format!("{gap}}}\n"));
                s
            },
        )
}

fn standard_source() -> impl Strategy<Value = String> {
    (
        text(),
        comment(),
        prop::collection::vec((text(), text()), 0..3),
        (1..6usize).prop_flat_map(|k| (0..k).map(field).collect::<Vec<_>>()),
        text(),
    )
        .prop_map(|(title, comment, extra, fields, label)| {
            let mut s = format!(
                "{comment}standard sample version \"1.0.0\" {{\n  languages: en\n}}\n\n\
                 record incident {{\n  label: en \"Incident\"\n}}\n\n\
                 role caseworker {{\n  label: en \"{label}\"\n  sees_identifying\n}}\n\n\
                 role supervisor {{\n    label:   en \"Supervisor\"\n}}\n\n\
                 lookup lookup-yes-no fixed {{\n  name: en \"Yes or No\"\n  option true: en \"Yes\"\n  option false: en \"No\"\n"
            );
            for (n, (a, _)) in extra.iter().enumerate() {
                s.push_str(&format!("  option x{n}: en \"{a}\"\n"));
            }
            s.push_str(&format!("}}\n\n\n\nform f in incident {{\n  title: en \"{title}\"\n"));
            for f in fields {
                for line in f.lines() {
                    s.push_str("  ");
                    s.push_str(line);
                    s.push('\n');
                }
            }
            s.push_str("}\n");
            s
        })
}

fn format_source(text: &str) -> Option<String> {
    let parsed = gbvims_dsl::parse(gbvims_dsl::FileId(0), text);
    parsed
        .errors
        .is_empty()
        .then(|| gbvims_dsl::fmt::format(&parsed.file, text))
}

/// The model document of a one-file standard, and its diagnostics' codes.
fn model_doc(text: &str) -> (Option<Json>, Vec<String>) {
    let mut sources = gbvims_compiler::Sources::new();
    sources.add("standard.gbv", text.to_string());
    let compiled = gbvims_compiler::compile(&sources);
    let doc = compiled
        .model()
        .map(|m| serde_json::to_value(gbvims_compiler::json::ModelDoc::of(m)).unwrap());
    let codes = compiled
        .diagnostics()
        .iter()
        .map(|d| format!("{:?}", d.code))
        .collect();
    (doc, codes)
}

#[test]
fn fmt_is_idempotent_and_keeps_the_model_on_generated_standards() {
    let parsed = std::sync::atomic::AtomicUsize::new(0);
    let with_model = std::sync::atomic::AtomicUsize::new(0);
    runner(cases(48, 2048))
        .run(&standard_source(), |source| {
            let Some(once) = format_source(&source) else {
                return Ok(()); // a syntax error: fmt leaves the file alone
            };
            parsed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let twice = format_source(&once);
            prop_assert_eq!(
                twice.as_deref(),
                Some(once.as_str()),
                "not idempotent:\n{}",
                source
            );
            let before = model_doc(&source);
            let after = model_doc(&once);
            if before.0.is_some() {
                with_model.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            prop_assert_eq!(
                before,
                after,
                "fmt changed the model:\n{}\n---\n{}",
                source,
                once
            );
            Ok(())
        })
        .unwrap();
    let (parsed, with_model) = (parsed.into_inner(), with_model.into_inner());
    eprintln!("{parsed} generated standards parsed, {with_model} compiled to a model");
    assert!(parsed > 0, "no generated source parsed");
    assert!(with_model > 0, "no generated source compiled");
}
