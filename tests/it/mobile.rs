//! The mobile target on the example countries, the standard and small fixtures: snapshots of
//! the XForms and of the XPath of every expression form, and the rules of what a phone gets.

use std::path::Path;

use gbvims_targets::mobile::survey::{ItemKind, Node};
use gbvims_targets::{Artifact, Options, Target};

use crate::common;

/// The files of a country directory, as the CLI loads them.
pub fn country_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "gbv" || e == "csv" || e == "pem")
        })
        .map(|p| {
            let name = format!(
                "{}/{}",
                dir.file_name().unwrap().to_string_lossy(),
                p.file_name().unwrap().to_string_lossy()
            );
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// An example country compiled on the standard.
pub fn compile_country(name: &str) -> gbvims_compiler::Compiled {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("country-configs")
        .join(name);
    common::compile_country_on_standard(&country_files(&dir)).1
}

/// The fixture country whose data holds stored ids (`tests/fixtures/aliases`: option aliases
/// and legacy field keys, issue 15) compiled on the standard.
pub fn compile_aliases() -> gbvims_compiler::Compiled {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aliases");
    common::compile_country_on_standard(&country_files(&dir)).1
}

/// A standard of one fixture file compiled alone.
pub fn compile_fixture(path: &str) -> gbvims_compiler::Compiled {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let mut sources = gbvims_compiler::Sources::new();
    sources.add(path, std::fs::read_to_string(full).unwrap());
    gbvims_compiler::compile(&sources)
}

fn emit(compiled: &gbvims_compiler::Compiled) -> Vec<Artifact> {
    let checked = compiled.checked().expect("checks clean");
    gbvims_targets::mobile::Mobile
        .emit(checked, &Options::default())
        .expect("the mobile target emits")
}

fn text<'a>(files: &'a [Artifact], path: &str) -> &'a str {
    let a = files
        .iter()
        .find(|a| a.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    std::str::from_utf8(&a.bytes).unwrap()
}

#[test]
fn example_countries_xforms() {
    for country in ["iraq", "mali"] {
        let files = emit(&compile_country(country));
        let mut names: Vec<&str> = files.iter().map(|a| a.path.as_str()).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "case.xlsx",
                "case.xml",
                "incident.xlsx",
                "incident.xml",
                "locations.csv",
                "odk-mapping.json"
            ]
        );
        for record in ["incident", "case"] {
            common::assert_snapshot(
                &format!("mobile__xform@{country}-{record}.xml"),
                text(&files, &format!("{record}.xml")),
            );
        }
    }
}

/// Every expression of the every-operator fixture as the phone computes it: one line per bind
/// attribute, in XLSForm's notation.
#[test]
fn xpath_of_every_expression_form() {
    let compiled = compile_fixture("tests/fixtures/mobile/operators.gbv");
    let built = gbvims_targets::mobile::build(compiled.checked().unwrap(), &Options::default())
        .expect("builds");
    let mut out = String::new();
    for planned in &built.forms {
        for (path, item) in planned.survey.items() {
            let exprs = [
                ("relevant", &item.relevant),
                ("required", &item.required),
                ("constraint", &item.constraint),
                ("calculation", &item.calculation),
            ];
            for (what, e) in exprs {
                if let Some(e) = e {
                    out.push_str(&format!("{} {what}:\n    {e}\n", path.join("/")));
                }
            }
        }
    }
    common::assert_snapshot("mobile__xpath@operators", &out);
}

/// Only what the collecting role sees, on mobile forms, mobile-visible and visible, is asked;
/// calculations stay (hidden); a left-out field an expression reads is an empty hidden value.
#[test]
fn what_the_phone_gets() {
    let compiled = compile_fixture("tests/fixtures/mobile/left-out.gbv");
    let built = gbvims_targets::mobile::build(compiled.checked().unwrap(), &Options::default())
        .expect("builds");
    let survey = &built.forms[0].survey;
    let kinds: Vec<(String, String)> = survey
        .items()
        .into_iter()
        .map(|(p, i)| (p.join("/"), format!("{:?}", i.kind)))
        .collect();
    let kind = |name: &str| {
        kinds
            .iter()
            .find(|(p, _)| p.ends_with(name))
            .map(|(_, k)| k.as_str())
    };
    assert_eq!(kind("/asked"), Some("Integer"));
    assert_eq!(kind("not_on_mobile"), None, "{kinds:?}");
    assert_eq!(kind("hidden_by_country"), None);
    assert_eq!(kind("supervisor_only"), None);
    assert_eq!(kind("desk_form_field"), None, "a form that is not mobile");
    assert_eq!(kind("read_but_not_asked"), Some("Hidden"));
    assert_eq!(kind("derived"), Some("Calculate"));
    // The phone's form has no page for a form with only calculations.
    assert!(survey.body.iter().all(|n| match n {
        Node::Group(g) => g.children.iter().any(Node::shown),
        Node::Item(i) => matches!(i.kind, ItemKind::Calculate | ItemKind::Hidden),
        Node::Repeat(_) => true,
    }));
    // The mapping lists answers and calculations, never the hidden values.
    let mapped: Vec<&str> = built.forms[0]
        .mapping
        .fields
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert!(mapped.contains(&"asked") && mapped.contains(&"derived"));
    assert!(!mapped.contains(&"read_but_not_asked"));
}

/// The version is the standard's version and a hash of the form: the same sources give the
/// same version, and a change to one form changes that form's version only.
#[test]
fn the_version_follows_the_form() {
    let versions = |files: &[Artifact]| -> Vec<String> {
        ["incident.xml", "case.xml"]
            .iter()
            .map(|f| {
                let x = text(files, f);
                let data = x.find("<data ").unwrap();
                let at = data + x[data..].find(" version=\"").unwrap() + 10;
                x[at..at + x[at..].find('"').unwrap()].to_string()
            })
            .collect()
    };
    let a = versions(&emit(&compile_country("iraq")));
    let b = versions(&emit(&compile_country("iraq")));
    assert_eq!(a, b);
    assert!(a[0].starts_with("2.0.0-") && a[0].len() == 16, "{a:?}");
    // Change a label of the incident form only.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("country-configs/iraq");
    let mut files = country_files(&dir);
    let country = files
        .iter_mut()
        .find(|(n, _)| n.ends_with("country.gbv"))
        .unwrap();
    country
        .1
        .push_str("\ntranslate field gbv_incident_form.incident_date { label: ar \"تاريخ وقوع الحادثة فعلا\" }\n");
    let (_, compiled) = common::compile_country_on_standard(&files);
    assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics());
    let c = versions(&emit(&compiled));
    assert_ne!(c[0], a[0], "the incident form changed");
    assert_eq!(c[1], a[1], "the case form did not");
}

/// E0106: a form and a field with one id cannot both be named in an ODK form; the build stops
/// with the error at the field (the every-operator fixture, with distinct names, builds).
#[test]
fn a_name_used_twice_stops_the_mobile_build() {
    let compiled = compile_fixture("tests/fixtures/mobile/E0106-name-taken.gbv");
    let checked = compiled
        .checked()
        .expect("checks clean: only the phone form has the problem");
    let errors = gbvims_targets::mobile::Mobile
        .emit(checked, &Options::default())
        .expect_err("the mobile target refuses it");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, gbvims_compiler::Code::E0106);
    assert!(errors[0].message.contains("`a`"), "{}", errors[0].message);
    let passing = compile_fixture("tests/fixtures/mobile/operators.gbv");
    assert!(gbvims_targets::mobile::Mobile
        .emit(passing.checked().unwrap(), &Options::default())
        .is_ok());
}

/// E0113: a file the writer refuses (an XLSForm cell over the spreadsheet limit) stops the build
/// with a diagnostic naming the target and the file, never "cannot be built" without a reason.
#[test]
fn a_file_the_writer_refuses_is_a_diagnostic() {
    let compiled = compile_fixture("tests/fixtures/mobile/E0113-condition-too-long.gbv");
    let checked = compiled.checked().expect("checks clean");
    let errors = gbvims_targets::mobile::Mobile
        .emit(checked, &Options::default())
        .expect_err("the XLSForm cannot hold the condition");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, gbvims_compiler::Code::E0113);
    assert!(
        errors[0].message.contains("`mobile/incident.xlsx`"),
        "{}",
        errors[0].message
    );
}

/// Every clean check fixture builds with every available target: no panic, and a target refuses
/// only with a diagnostic of its own (E0106 for a name the phone form would use twice; E0118 and
/// E0119 for a name Primero refuses).
#[test]
fn every_clean_fixture_builds() {
    let mut built = 0;
    for path in common::check_fixtures() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.starts_with("ok-") {
            continue;
        }
        let files = common::fixture_files(&path);
        let (_, compiled) = common::compile(&files, &path);
        let Some(checked) = compiled.checked() else {
            continue;
        };
        // With an instance file, so that the Primero target builds too.
        let options = crate::primero::options("iraq");
        for target in gbvims_targets::all() {
            match target.emit(checked, &options) {
                // A standard without an Incident Recorder has no IR files.
                Ok(files) => assert!(
                    !files.is_empty() || checked.model().incident_recorder.is_none(),
                    "{name}: {:?} wrote nothing",
                    target.kind()
                ),
                Err(ds) => assert!(
                    !ds.is_empty()
                        && ds.iter().all(|d| {
                            use gbvims_compiler::Code;
                            // The Primero target refuses names without English or with a
                            // character Primero refuses.
                            [Code::E0106, Code::E0118, Code::E0119].contains(&d.code)
                        }),
                    "{name}: {:?} failed: {ds:?}",
                    target.kind()
                ),
            }
        }
        built += 1;
    }
    assert!(built > 15, "{built} fixtures built");
}
