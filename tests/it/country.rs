//! Country overlays. Each case under `tests/fixtures/country/<case>/` is applied to the real
//! standard together with the complete base country `_base/` (a case's own `country.gbv` replaces
//! the base's; a case's `standard/` directory replaces the standard). Headers state what a case
//! expects — `# expect: E0077@12` (a line of the file holding the header) or
//! `# expect: E0091@country.gbv:3` — or that it is clean (`# passes: E0077`); an insta snapshot
//! pins the rendered diagnostics, which show the overlay line and the standard line.

use crate::common;

use std::path::Path;

use common::country::{cases, compile_case, expectations};
use gbvims_compiler::diagnostics::render;

#[test]
fn base_country_is_clean() {
    let base = common::fixtures_root().join("country/_base");
    let (sources, result, _) = compile_case(&base);
    assert!(
        result.diagnostics().is_empty(),
        "{}",
        render::to_string(&sources, &result.diagnostics())
    );
    let model = result.model().cloned().expect("a model");
    let country = model.country.expect("the country");
    assert_eq!(country.code, "tl");
    assert_eq!(country.locations.units.len(), 6);
    assert_eq!(country.ir_level("county"), Some(1));
}

/// One `#[test]` per directory of `tests/fixtures/country` (not `_base`), written by the build
/// script: `country::each::<case>`.
mod each {
    use super::country_fixture;
    include!(concat!(env!("OUT_DIR"), "/country_fixture_tests.rs"));
}

/// The generated tests cover every case.
#[test]
fn every_country_case_has_a_test() {
    let on_disk: Vec<String> = cases()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(on_disk, each::FIXTURES, "rebuild: the fixture list changed");
}

fn country_fixture(case: &Path) {
    let (sources, result, files) = compile_case(case);
    let (want, passes) = expectations(&files, case);
    let mut got: Vec<(String, String, usize)> = result
        .diagnostics()
        .iter()
        .map(|d| {
            let (line, _) = sources.line_col(d.primary.span.file, d.primary.span.start as usize);
            let file = sources
                .get(d.primary.span.file)
                .map(|f| f.name.clone())
                .unwrap_or_default();
            (d.code.to_string(), file, line)
        })
        .collect();
    got.sort();
    let rendered = render::to_string(&sources, &result.diagnostics());
    let name = case.file_name().unwrap().to_string_lossy().to_string();
    assert_eq!(
        got, want,
        "{name}: diagnostics differ from the `# expect:` headers\n{rendered}"
    );
    if !passes.is_empty() {
        assert!(
            result.diagnostics().is_empty(),
            "{name} should be clean:\n{rendered}"
        );
        assert!(
            result.model().and_then(|m| m.country.clone()).is_some(),
            "{name} should build a country model"
        );
    }
    let shown = if rendered.is_empty() {
        "(no diagnostics)".to_string()
    } else {
        rendered
    };
    common::assert_snapshot(
        &common::fixture_snapshot_name("country__country_fixtures", case),
        &shown,
    );
}

/// A "Please explain" textarea a country adds without `identifying`/`not_identifying` is
/// identifying by default: the caseworker sees it, the supervisor does not, and it stays off the
/// Incident Recorder and the short form.
#[test]
fn please_explain_is_hidden_from_the_supervisor() {
    let case = common::fixtures_root().join("country/ok-please-explain-identifying-by-default");
    let (sources, result, _) = compile_case(&case);
    assert!(
        result.diagnostics().is_empty(),
        "{}",
        render::to_string(&sources, &result.diagnostics())
    );
    let model = result.model().cloned().expect("a model");
    let n = model
        .fields
        .iter()
        .position(|f| f.id.as_str() == "tl_referral_refused_explain")
        .expect("the added field");
    let field = &model.fields[n];
    assert!(
        field.flags.identifying,
        "free text is identifying by default"
    );
    assert!(!field.flags.short_form);
    let seeing: Vec<String> = model
        .roles_seeing(gbvims_compiler::model::FieldIx::from_index(n))
        .into_iter()
        .map(|r| model.role(r).id.to_string())
        .collect();
    assert!(seeing.iter().any(|r| r == "caseworker"), "{seeing:?}");
    assert!(!seeing.iter().any(|r| r == "supervisor"), "{seeing:?}");
    for role in &model.roles {
        if !role.sees_identifying {
            assert!(
                !seeing.contains(&role.id.to_string()),
                "{}: {seeing:?}",
                role.id
            );
        }
    }
}
