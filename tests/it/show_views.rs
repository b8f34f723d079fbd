//! The views of `gbvims show` (`--lookups`, `--lookups ID`, `--forms`, `--fields FORM`,
//! `--location-types`, `--changes`): each pinned for both example countries, as tables and as
//! JSON (`gbvims-view/1`), and the change log of a fixture with one overlay declaration of each
//! kind (`tests/fixtures/show/changes/`), checked declaration by declaration.

use crate::common;

/// `gbvims ARGS` at the repository root: (stdout, stderr, exit code).
fn gbvims(args: &[&str]) -> (String, String, i32) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, out, err) = common::gbvims(args, root);
    (out, err, code)
}

/// The view, as a table and as JSON (whose `format` and `view` are checked).
fn view(dir: &str, flags: &[&str], view: &str) -> (String, serde_json::Value) {
    let mut args = vec!["show", dir];
    args.extend(flags);
    let (human, err, code) = gbvims(&args);
    assert_eq!(code, 0, "{args:?}: {err}");
    args.extend(["--format", "json"]);
    let (json, err, code) = gbvims(&args);
    assert_eq!(code, 0, "{args:?}: {err}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["format"], "gbvims-view/1");
    assert_eq!(value["view"], view);
    (human, value)
}

/// Every line of a table fits a wide terminal (labels are cut).
fn assert_fits(human: &str, what: &str) {
    for line in human.lines() {
        assert!(
            line.chars().count() <= 140,
            "{what}: a line of {} characters: {line}",
            line.chars().count()
        );
    }
}

const VIEWS: &[(&str, &[&str], &str)] = &[
    ("lookups", &["--lookups"], "lookups"),
    (
        "lookup-ethnicity",
        &["--lookups", "lookup-ethnicity"],
        "lookup",
    ),
    ("forms", &["--forms"], "forms"),
    (
        "fields-gbv_individual_details",
        &["--fields", "gbv_individual_details"],
        "fields",
    ),
    ("location-types", &["--location-types"], "location_types"),
    ("changes", &["--changes"], "changes"),
];

#[test]
fn show_views_of_the_example_countries() {
    for country in ["iraq", "mali"] {
        let dir = format!("country-configs/{country}");
        for (name, flags, kind) in VIEWS {
            let (human, json) = view(&dir, flags, kind);
            assert_fits(&human, &format!("{country} {name}"));
            common::assert_snapshot(&format!("show__view@{country}-{name}"), &human);
            common::assert_snapshot(
                &format!("show__view@{country}-{name}.json"),
                &serde_json::to_string_pretty(&json).unwrap(),
            );
        }
    }
}

/// `--lang` picks the language of names and labels; a language the configuration lacks is a
/// usage error naming its languages.
#[test]
fn show_views_in_another_language() {
    let (human, json) = view(
        "country-configs/iraq",
        &["--location-types", "--lang", "ar"],
        "location_types",
    );
    assert_eq!(json["language"], "ar");
    assert!(human.contains("محافظة"), "{human}");
    let (_, err, code) = gbvims(&["show", "country-configs/iraq", "--forms", "--lang", "fr"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("languages are en, ar"), "{err}");
}

#[test]
fn show_views_refuse_unknown_names() {
    let (out, err, code) = gbvims(&["show", "country-configs/mali", "--fields", "nope"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("there is no form `nope`"), "{err}");
    let (_, err, code) = gbvims(&["show", "country-configs/mali", "--lookups", "lookup-nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("there is no lookup `lookup-nope`"), "{err}");
    let (_, err, code) = gbvims(&["show", "country-configs/mali", "--forms", "--changes"]);
    assert_eq!(code, 2, "two views at once: {err}");
    let (_, err, code) = gbvims(&["show", "standard-forms", "--location-types"]);
    assert_eq!(code, 2);
    assert!(err.contains("no locations"), "{err}");
    let (out, _, code) = gbvims(&["show", "standard-forms", "--changes"]);
    assert_eq!(code, 0);
    assert!(out.contains("no overlay"), "{out}");
}

const FIXTURE: &str = "tests/fixtures/show/changes";

/// Each declaration of the fixture, in file order, and what it did.
#[test]
fn show_changes_line_by_line() {
    let (human, json) = view(FIXTURE, &["--changes"], "changes");
    let rows: Vec<(String, String, String)> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let source = c["source"].as_str().unwrap();
            let what = c["lookup"]
                .as_str()
                .or(c["field"].as_str())
                .or(c["key"].as_str())
                .unwrap_or_default();
            (
                source.trim_start_matches(FIXTURE).to_string(),
                c["change"].as_str().unwrap().to_string(),
                what.to_string(),
            )
        })
        .collect();
    let tail: Vec<(&str, &str, &str)> = rows
        .iter()
        .skip(8)
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        tail,
        [
            (
                "/country.gbv:55",
                "lookup_extended",
                "lookup-gbv-incident-location-type"
            ),
            ("/country.gbv:59", "lookup_declared", "lookup-tl-camps"),
            ("/country.gbv:65", "field_hidden", "religion"),
            ("/country.gbv:67", "field_added", "tl_camp"),
            ("/country.gbv:72", "field_added", "tl_notes_code"),
            (
                "/country.gbv:77",
                "translated",
                "field.gbv_incident_form.incident_description.label"
            ),
            (
                "/translations/fr.gbv:2",
                "translated",
                "lookup.lookup-yes-no.option.true"
            ),
            (
                "/translations/fr.gbv:2",
                "translated",
                "lookup.lookup-yes-no.option.false"
            ),
            (
                "/translations/fr.gbv:6",
                "translated",
                "lookup.lookup-tl-camps.name"
            ),
            (
                "/translations/fr.gbv:6",
                "translated",
                "lookup.lookup-tl-camps.option.metinaro"
            ),
            (
                "/translations/fr.gbv:10",
                "translated",
                "ir.column.sex.header"
            ),
        ]
    );
    // The standard's texts are reworded; the country's own list gets a language it lacked.
    assert_eq!(json["changes"][15]["reworded"], serde_json::json!(["fr"]));
    assert_eq!(json["changes"][16]["added"], serde_json::json!(["fr"]));
    assert_eq!(json["changes"][16]["reworded"], serde_json::json!([]));
    assert!(
        rows[..8].iter().all(|r| r.1 == "lookup_replaced"),
        "{rows:?}"
    );
    let replaced = &json["changes"][0];
    assert_eq!(replaced["lookup"], "lookup-ethnicity");
    assert_eq!(replaced["added"], serde_json::json!(["tetum", "other"]));
    assert_eq!(replaced["removed"].as_array().unwrap().len(), 10);
    assert_eq!(json["changes"][11]["after"], "incident_camp_town");
    assert_eq!(json["changes"][12]["after"], serde_json::Value::Null);
    assert_eq!(
        json["changes"][13]["reworded"],
        serde_json::json!(["en", "fr"])
    );
    common::assert_snapshot("show__view@fixture-changes", &human);
    common::assert_snapshot(
        "show__view@fixture-changes.json",
        &serde_json::to_string_pretty(&json).unwrap(),
    );
}

/// The fields view says what the country hid and what a country may hide, with what still reads
/// each field (the readers of W0011).
#[test]
fn show_fields_of_the_fixture() {
    let (_, json) = view(FIXTURE, &["--fields", "gbv_individual_details"], "fields");
    let field = |id: &str| {
        json["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(field("religion")["hidden_by_country"], true);
    assert_eq!(field("survivor_code")["core"], true);
    assert_eq!(field("survivor_code")["country_may_hide"], false);
    assert_eq!(field("sex")["country_may_hide"], true);
    assert!(field("date_of_birth")["read_by"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r.as_str().unwrap().contains("age_at_incident")));
    let (_, json) = view(FIXTURE, &["--lookups"], "lookups");
    let country = |id: &str| {
        json["lookups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["id"] == id)
            .map(|l| l["country"].clone())
            .unwrap()
    };
    assert_eq!(country("lookup-ethnicity"), "replaced");
    assert_eq!(country("lookup-gbv-incident-location-type"), "extended");
    assert_eq!(country("lookup-tl-camps"), "declared");
    assert_eq!(country("lookup-yes-no"), serde_json::Value::Null);
}

/// Stored ids (`stored_as`) in the views of the aliases fixture country: beside each option and
/// field, and in the change log.
#[test]
fn show_views_name_stored_ids() {
    let dir = "tests/fixtures/aliases";
    let (human, json) = view(dir, &["--lookups", "lookup-yes-no"], "lookup");
    assert!(human.contains("true (stored as yes)"), "{human}");
    assert!(human.contains("false (stored as no)"), "{human}");
    assert!(json.to_string().contains(r#""stored_as":"yes""#), "{json}");
    let (human, json) = view(dir, &["--fields", "gbv_incident_form"], "fields");
    assert!(
        human.contains("tl_service_provided (stored as service_provided)"),
        "{human}"
    );
    assert!(
        json.to_string()
            .contains(r#""stored_as":"service_provided""#),
        "{json}"
    );
    let (human, _) = view(dir, &["--changes"], "changes");
    for line in [
        "lookup lookup-yes-no: options stored under other ids: true as yes, false as no",
        "field gbv_incident_form.tl_service_provided stored under the legacy key service_provided",
        "legal_aid_service",
    ] {
        assert!(
            human
                .replace('\n', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(line),
            "missing `{line}` in:\n{human}"
        );
    }
}
