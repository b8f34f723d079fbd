//! UI tests: each fixture under `tests/fixtures/check` states the diagnostics it expects in its
//! header (`# expect: E0007@12`) or that it is clean (`# passes: …`); the rendered diagnostics are
//! pinned by an insta snapshot.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

use gbvims_compiler::diagnostics::render;
use gbvims_compiler::Code;

/// One `#[test]` per fixture of `tests/fixtures/check` (a `.gbv` file or a directory), written
/// by the build script: `check::each::<fixture>`.
mod each {
    use super::check_fixture;
    include!(concat!(env!("OUT_DIR"), "/check_fixture_tests.rs"));
}

/// The generated tests cover every fixture (a fixture added since the last build is not missed).
#[test]
fn every_check_fixture_has_a_test() {
    let on_disk: Vec<String> = common::check_fixtures()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(on_disk, each::FIXTURES, "rebuild: the fixture list changed");
}

fn check_fixture(path: &Path) {
    let root = common::fixtures_root().join("check");
    let files = common::fixture_files(path);
    let ex = common::expectations(&files);
    let (sources, result) = common::compile(&files, &root);
    let mut got: Vec<(String, usize)> = result
        .diagnostics()
        .iter()
        .map(|d| {
            let (line, _) = sources.line_col(d.primary.span.file, d.primary.span.start as usize);
            (d.code.to_string(), line)
        })
        .collect();
    got.sort();
    let mut want = ex.expect.clone();
    want.sort();
    let rendered = render::to_string(&sources, &result.diagnostics());
    assert_eq!(
        got,
        want,
        "{}: diagnostics differ from the `# expect:` header\n{rendered}",
        path.display()
    );
    if !ex.passes.is_empty() {
        assert!(
            result.diagnostics().is_empty(),
            "{} should be clean:\n{rendered}",
            path.display()
        );
        assert!(
            result.model().is_some(),
            "{} should build a model",
            path.display()
        );
    }
    let input: String = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    let shown = if rendered.is_empty() {
        "(no diagnostics)".to_string()
    } else {
        rendered
    };
    common::assert_snapshot_with(
        &common::fixture_snapshot_name("check__check_fixtures", path),
        &shown,
        |s| {
            s.set_description(input);
            s.set_input_file(path);
        },
    );
}

/// Every code has an explanation with the four sections, a failing fixture and a passing one.
/// Codes tested by a CLI test instead of a fixture: (code, test file, test function). Each test
/// checks a clean configuration too.
const CLI_TESTED: &[(&str, &str, &str)] = &[
    (
        "E0143",
        "tests/it/locations_stream.rs",
        "a_file_that_changes_while_loaded_is_refused",
    ),
    (
        "E0139",
        "tests/it/import_primero.rs",
        "ruby_outside_the_subset_is_refused",
    ),
    (
        "E0140",
        "tests/it/import_primero.rs",
        "an_unreadable_bundle_is_refused",
    ),
    ("W0017", "tests/it/import_primero.rs", "seed_files_import"),
    ("E0131", "tests/it/diff.rs", "golden_outputs"),
    ("W0015", "tests/it/diff.rs", "newer_major_is_reported"),
    (
        "W0009",
        "tests/it/translations_cli.rs",
        "missing_texts_first_and_edits_of_the_sheet_are_reported",
    ),
    (
        "W0010",
        "tests/it/translations_cli.rs",
        "missing_texts_first_and_edits_of_the_sheet_are_reported",
    ),
    (
        "E0121",
        "tests/it/check_ci.rs",
        "an_unreadable_configuration_does_not_stop_the_run",
    ),
    (
        "E0113",
        "tests/it/mobile.rs",
        "a_file_the_writer_refuses_is_a_diagnostic",
    ),
    (
        "E0116",
        "tests/it/primero.rs",
        "a_country_without_an_instance_file_is_refused",
    ),
    (
        "E0117",
        "tests/it/primero.rs",
        "an_unusable_instance_file_is_refused",
    ),
    (
        "E0118",
        "tests/it/primero.rs",
        "a_name_without_english_is_refused",
    ),
    (
        "E0119",
        "tests/it/primero.rs",
        "a_name_primero_refuses_is_refused",
    ),
    (
        "E0120",
        "tests/it/primero.rs",
        "an_instance_role_granted_a_hidden_form_is_refused",
    ),
    (
        "W0007",
        "tests/it/primero.rs",
        "what_primero_cannot_state_is_a_warning_and_listed",
    ),
    (
        "W0008",
        "tests/it/primero.rs",
        "a_form_a_role_loses_is_a_warning_and_listed",
    ),
    (
        "E0106",
        "tests/it/mobile.rs",
        "a_name_used_twice_stops_the_mobile_build",
    ),
    (
        "E0095",
        "tests/it/country_cli.rs",
        "links_out_of_the_country_are_refused",
    ),
    (
        "E0096",
        "tests/it/country_cli.rs",
        "special_files_are_refused",
    ),
    (
        "E0097",
        "tests/it/country_cli.rs",
        "files_over_the_limit_are_refused",
    ),
    (
        "E0107",
        "tests/it/country_cli.rs",
        "location_files_not_utf8_are_refused",
    ),
    (
        "E0108",
        "tests/it/country_cli.rs",
        "location_workbooks_are_read",
    ),
];

#[test]
fn every_code_is_explained_and_tested() {
    let mut failing: BTreeSet<String> = BTreeSet::new();
    let mut passing: BTreeSet<String> = BTreeSet::new();
    for path in common::check_fixtures() {
        let ex = common::expectations(&common::fixture_files(&path));
        failing.extend(ex.expect.iter().map(|(c, _)| c.clone()));
        passing.extend(ex.passes.iter().cloned());
    }
    // Location files have their own fixtures (tests/it/locations.rs): `<CODE>-*.csv` and `.expect`.
    for e in std::fs::read_dir(common::fixtures_root().join("locations")).unwrap() {
        let p = e.unwrap().path();
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        if p.extension().is_some_and(|x| x == "csv") && stem.starts_with('E') {
            failing.insert(stem[..5].to_string());
        }
        if p.extension().is_some_and(|x| x == "expect") {
            let text = std::fs::read_to_string(&p).unwrap();
            for line in text.lines() {
                if let Some(list) = line.strip_prefix("passes:") {
                    passing.extend(list.split(',').map(|c| c.trim().to_string()));
                }
            }
        }
    }
    // Country overlays have their own fixtures (tests/it/country.rs).
    let (country_failing, country_passing) = common::country::covered();
    failing.extend(country_failing);
    passing.extend(country_passing);
    // Translation spreadsheets too (tests/it/translations_cli.rs).
    for e in std::fs::read_dir(common::fixtures_root().join("import")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "expect") {
            let text = std::fs::read_to_string(&p).unwrap();
            for line in text.lines() {
                if let Some(list) = line.strip_prefix("expect:") {
                    failing.extend(
                        list.split(',')
                            .filter_map(|c| c.trim().split('@').next())
                            .map(str::to_string),
                    );
                }
                if let Some(list) = line.strip_prefix("passes:") {
                    passing.extend(list.split(',').map(|c| c.trim().to_string()));
                }
            }
        }
    }
    // File-system conditions a fixture file cannot hold (a named pipe, a link, a size limit set
    // in the environment) are tested end to end: each entry names the test, which must exist in
    // that file and both fail and pass the code.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (code, file, test) in CLI_TESTED {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        assert!(
            text.contains(&format!("fn {test}()")),
            "{code}: `{file}` has no test `{test}`"
        );
        failing.insert((*code).to_string());
        passing.insert((*code).to_string());
    }
    let mut problems = Vec::new();
    for code in Code::ALL {
        let c = code.as_str();
        let text = code.explanation();
        for section in ["## What it means", "## Why", "## Wrong", "## Right"] {
            if !text.contains(section) {
                problems.push(format!("{c}: explanation lacks `{section}`"));
            }
        }
        if !text.starts_with(&format!("# {c}: {}", code.name())) {
            problems.push(format!(
                "{c}: explanation must start with `# {c}: {}`",
                code.name()
            ));
        }
        if !failing.contains(c) {
            problems.push(format!("{c}: no fixture expects it"));
        }
        if !passing.contains(c) {
            problems.push(format!("{c}: no clean fixture says `# passes: {c}`"));
        }
    }
    assert!(
        Code::ALL.len() >= 30,
        "the issue asks for at least 30 codes"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The sample covering every field type and expression form passes `check` cleanly.
#[test]
fn sample_form_is_clean() {
    let root = common::fixtures_root().join("check");
    let files = vec![root.join("ok-sample-form.gbv")];
    let (sources, result) = common::compile(&files, &root);
    assert!(
        result.diagnostics().is_empty(),
        "{}",
        render::to_string(&sources, &result.diagnostics())
    );
    let model = result.model().cloned().expect("a model");
    use gbvims_compiler::model::FieldKind as K;
    let kinds: BTreeSet<&str> = model
        .fields
        .iter()
        .map(|f| match &f.kind {
            K::Text => "text",
            K::TextArea => "textarea",
            K::Integer => "integer",
            K::Date => "date",
            K::DateTime => "datetime",
            K::TickBox => "tick_box",
            K::Select { multi: true, .. } => "select_many",
            K::Select { radio: true, .. } => "radio",
            K::Select {
                source: gbvims_compiler::model::OptionSource::Locations,
                ..
            } => "location",
            K::Select { .. } => "select_one",
            K::Subform { .. } => "subform",
            K::Separator => "separator",
            K::Photo => "photo",
            K::Audio => "audio",
            K::Document => "document",
            K::Signature => "signature",
            K::Custom => "custom",
        })
        .collect();
    for k in [
        "text",
        "textarea",
        "integer",
        "date",
        "datetime",
        "tick_box",
        "select_many",
        "radio",
        "location",
        "select_one",
        "subform",
        "separator",
        "photo",
        "audio",
        "document",
        "signature",
    ] {
        assert!(kinds.contains(k), "the sample lacks a `{k}` field");
    }
    assert!(
        model.fields.iter().any(|f| f.calculate.is_some()),
        "the sample lacks a calculated field"
    );
}

/// A field shown with `use` keeps its place among the form's fields.
#[test]
fn use_keeps_its_position() {
    let root = common::fixtures_root().join("check");
    let (_, result) = common::compile(&[root.join("ok-names.gbv")], &root);
    let model = result.model().cloned().expect("a model");
    let form = model
        .forms
        .iter()
        .find(|f| f.id.as_str() == "gbv_case_closure_form")
        .expect("the closure form");
    let ids: Vec<&str> = form
        .fields
        .iter()
        .map(|f| model.field(*f).id.as_str())
        .collect();
    assert_eq!(ids, ["status", "date_closure"]);
}

/// `use id { … }` gives the form its own label and display flags, in the model and in every
/// target (the phone form, the web bundle, `show --json`); a bare `use` keeps the
/// declaration's.
#[test]
fn use_overrides_label_and_display_flags() {
    use gbvims_compiler::model::FormIx;
    use gbvims_targets::mobile::survey::Node;

    let root = common::fixtures_root().join("check");
    let (_, result) = common::compile(&[root.join("ok-use-override.gbv")], &root);
    let checked = result.checked().expect("checks clean");
    let model = checked.model();
    let form = |id: &str| {
        FormIx::from_index(
            model
                .forms
                .iter()
                .position(|f| f.id.as_str() == id)
                .unwrap(),
        )
    };
    let field = |id: &str| {
        gbvims_compiler::model::FieldIx::from_index(
            model
                .fields
                .iter()
                .position(|f| f.id.as_str() == id)
                .unwrap(),
        )
    };
    let (owner, other, closure) = (
        form("record_owner"),
        form("other_reportable_fields_case"),
        form("closure"),
    );
    let (agency, status) = (field("owned_by_agency_id"), field("status"));
    assert_eq!(model.label_in(owner, agency).get("en"), Some("Agency"));
    assert_eq!(
        model.label_in(other, agency).get("en"),
        Some("Case Manager's Agency")
    );
    assert_eq!(
        model.label_in(other, agency).get("fr"),
        Some("Organisation du/de la gestionnaire de cas")
    );
    assert!(!model.mobile_in(owner, agency));
    assert!(model.mobile_in(other, agency));
    assert!(model.visible_in(owner, status));
    assert!(!model.visible_in(other, status));
    assert!(model.visible_in(closure, status));
    assert_eq!(model.label_in(closure, status).get("en"), Some("Status"));

    // Primero builds for a country: the standard's snapshots (`primero__bundle@iraq`) show
    // `other_reportable_fields_case.owned_by_agency_id` with its own label and flags.

    // The phone form asks the agency in the other form only (mobile there), with its label.
    let built = gbvims_targets::mobile::build(checked, &gbvims_targets::Options::default())
        .expect("a mobile form");
    let survey = &built.forms[0].survey;
    let group = |name: &str| {
        survey.body.iter().find_map(|n| match n {
            Node::Group(g) if g.name == name => Some(g),
            _ => None,
        })
    };
    let item = |g: &str, name: &str| {
        group(g).and_then(|g| {
            g.children.iter().find_map(|n| match n {
                Node::Item(i) if i.name == name => Some(i.clone()),
                _ => None,
            })
        })
    };
    let asked = item("other_reportable_fields_case", "owned_by_agency_id").expect("asked");
    assert_eq!(
        asked.label.get("en").map(String::as_str),
        Some("Case Manager's Agency")
    );
    assert!(item("record_owner", "owned_by_agency_id").is_none_or(|i| i.label.is_empty()));

    // The web bundle: its own i18n key and label; the hidden `status` is left out.
    let fr = gbvims_targets::web::i18n::translations(model, "fr");
    assert_eq!(
        fr.get("field.other_reportable_fields_case.owned_by_agency_id.label")
            .map(String::as_str),
        Some("Organisation du/de la gestionnaire de cas")
    );
    assert_eq!(
        fr.get("field.record_owner.owned_by_agency_id.label")
            .map(String::as_str),
        Some("Agence")
    );
    let ui = gbvims_targets::web::uischema::ui_schema(model, model.form(other).record).to_string();
    assert!(
        ui.contains("field.other_reportable_fields_case.owned_by_agency_id"),
        "{ui}"
    );
    assert!(ui.contains("Case Manager's Agency"));

    // `show --json`: the field as each form shows it.
    let doc = serde_json::to_value(gbvims_compiler::json::ModelDoc::of(model))
        .unwrap()
        .to_string();
    assert!(doc.contains("Case Manager's Agency"));
}

/// A thousand mistakes on one line (found by fuzzing): each diagnostic shows the part of the line
/// around its own place, so the rendering grows with the number of diagnostics, not with that
/// number times the line (a megabyte of excerpts here before; minutes to render a larger one).
#[test]
fn many_diagnostics_on_one_line_render_each_its_own_part() {
    let fields: Vec<String> = (0..1000)
        .map(|i| format!("field b{i}: integer {{ label: en \"B\"; show_if: a = \"x{i}\" + {i} }}"))
        .collect();
    let text = format!(
        "standard s version \"1.0.0\" {{\n  languages: en\n  default_language: en\n}}\n\
         record incident {{ label: en \"I\" }}\n\
         form f in incident {{\n  title: en \"F\"\n  field a: integer {{ label: en \"A\" }}\n  {}\n}}\n",
        fields.join("; ")
    );
    let mut sources = gbvims_compiler::Sources::new();
    sources.add("many.gbv", text);
    let compiled = gbvims_compiler::compile(&sources);
    let diagnostics = compiled.diagnostics();
    assert_eq!(diagnostics.len(), 1000, "one E0040 per field");
    let rendered = render::to_string(&sources, &diagnostics);
    assert!(
        rendered.len() < 1000 * 1024,
        "{} bytes for 1,000 diagnostics",
        rendered.len()
    );
    for i in [0, 500, 999] {
        let own = format!("\"x{i}\" + {i}");
        assert!(rendered.contains(&own), "the excerpt of field b{i}");
    }
}
