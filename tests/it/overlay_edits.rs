//! Issue 15's overlay edits reach the model every target reads, and each target shows them:
//! `hide option`, `change field` (lookup, position, removed texts), `change lookup` (option
//! order), `use field`, `add field … { first }`; and a location file whose rows stop early
//! (units shallower than the deepest level) in the mobile, web, Primero and IR outputs.

use crate::common;

use std::path::Path;

use gbvims_compiler::model::{FieldKind, Model, OptionSource};
use gbvims_targets::{Artifact, Options, Target};

/// `_base` with the files of a country fixture case added (a case's `country.gbv` replaces it).
fn base_with(case: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let root = common::fixtures_root().join("country");
    let mut files: Vec<(String, String)> = Vec::new();
    let read_dir = |dir: &Path, files: &mut Vec<(String, String)>| {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                files.retain(|(n, _)| *n != format!("tl/{name}"));
                files.push((format!("tl/{name}"), std::fs::read_to_string(&p).unwrap()));
            }
        }
    };
    read_dir(&root.join("_base"), &mut files);
    if !case.is_empty() {
        read_dir(&root.join(case), &mut files);
    }
    for (name, text) in extra {
        files.retain(|(n, _)| *n != format!("tl/{name}"));
        files.push((format!("tl/{name}"), (*text).to_string()));
    }
    files.sort();
    files
}

fn option_ids(model: &Model, lookup: &str) -> Vec<String> {
    let ix = model.lookup_by_id(lookup).expect("the lookup");
    model
        .lookup(ix)
        .options
        .iter()
        .map(|o| o.id.to_string())
        .collect()
}

fn field_ids(model: &Model, form: &str) -> Vec<String> {
    let f = model
        .forms
        .iter()
        .find(|f| f.id.as_str() == form)
        .expect("the form");
    f.fields
        .iter()
        .map(|fx| model.field(*fx).id.to_string())
        .collect()
}

fn artifact<'a>(files: &'a [Artifact], path: &str) -> &'a str {
    let a = files.iter().find(|a| a.path == path).unwrap_or_else(|| {
        panic!(
            "no {path} in {:?}",
            files.iter().map(|a| &a.path).collect::<Vec<_>>()
        )
    });
    std::str::from_utf8(&a.bytes).unwrap()
}

fn primero_options() -> Options {
    let instance = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("country-configs/iraq/primero/instance.json"),
    )
    .unwrap();
    Options {
        primero_instance: Some(instance),
        ..Options::default()
    }
}

#[test]
fn overlay_edits_reach_the_model_and_the_targets() {
    let (_, compiled) = common::compile_country_on_standard(&base_with("ok-overlay-edits", &[]));
    let checked = compiled.checked().expect("checks clean");
    let model = checked.model();

    // hide option: gone from the list; change lookup: market and road first.
    let countries = option_ids(model, "lookup-country");
    assert!(!countries.iter().any(|o| o == "chad"));
    assert!(countries.iter().any(|o| o == "cameroon"));
    let places = option_ids(model, "lookup-gbv-incident-location-type");
    assert_eq!(&places[..2], ["market", "road"]);
    assert!(!places.iter().any(|o| o == "beach"));

    // change field … { first } runs after add field … { first }; use field places sex.
    let incident = field_ids(model, "gbv_incident_form");
    assert_eq!(&incident[..3], ["incident_code", "sex", "tl_intake_point"]);
    let after = incident.iter().position(|f| f == "incidentid_ir").unwrap();
    assert_eq!(incident[after + 1], "marked_for_mobile");

    // change field … { lookup } and { remove }.
    let field = |form: &str, id: &str| {
        model
            .fields
            .iter()
            .find(|f| f.id.as_str() == id && model.form(f.form).id.as_str() == form)
            .expect("the field")
    };
    let estimated = field("gbv_individual_details", "estimated");
    let FieldKind::Select {
        source: OptionSource::Lookup(lk),
        ..
    } = &estimated.kind
    else {
        panic!("a select field");
    };
    assert!(matches!(
        &model.lookup(*lk).kind,
        gbvims_compiler::model::LookupKind::Named(id) if id.as_str() == "lookup-yes-no-not-applicable"
    ));
    assert!(field("gbv_incident_form", "incidentid_ir").help.is_empty());
    assert!(field("gbv_incident_form", "marked_for_mobile")
        .tick_label
        .is_empty());

    // Each target: the hidden option is not offered, the superset list is.
    let web = gbvims_targets::web::Web
        .emit(checked, &Options::default())
        .expect("the web target emits");
    let lookups: serde_json::Value = web
        .iter()
        .filter(|a| a.path.ends_with(".json"))
        .find_map(|a| {
            let v: serde_json::Value = serde_json::from_slice(&a.bytes).ok()?;
            let text = v.to_string();
            (text.contains("\"cameroon\"")).then_some(v)
        })
        .expect("a web file lists the countries");
    let text = lookups.to_string();
    assert!(!text.contains("\"chad\""), "the web target offers chad");

    let primero = gbvims_targets::primero::build(checked, &primero_options())
        .expect("the Primero target builds");
    let all: String = primero
        .artifacts
        .iter()
        .filter_map(|a| std::str::from_utf8(&a.bytes).ok())
        .collect();
    assert!(all.contains("\"cameroon\""));
    assert!(!all.contains("\"chad\""), "Primero offers chad");

    let mobile = gbvims_targets::mobile::Mobile
        .emit(checked, &Options::default())
        .expect("the mobile target emits");
    let xml: String = mobile
        .iter()
        .filter(|a| a.path.ends_with(".xml"))
        .filter_map(|a| std::str::from_utf8(&a.bytes).ok())
        .collect();
    assert!(xml.contains("cameroon"), "the mobile form lists countries");
    assert!(!xml.contains(">chad<"), "the mobile form offers chad");
}

/// Rows that stop early: Bandarban has no district, Teknaf no camp below it.
const SHALLOW: &str = "\
Country code,Country,Region code,Region,District code,District
#country+code,#country+name,#adm1+code,#adm1+name,#adm2+code,#adm2+name
TL,Timor-Leste,TL01,Dili,TL0101,Cristo Rei
TL,Timor-Leste,TL01,Dili,TL0102,Dom Aleixo
TL,Timor-Leste,TL02,Baucau,TL0201,Baucau
TL,Timor-Leste,TL03,Atauro,,
";

#[test]
fn shallow_units_reach_every_target() {
    let (sources, compiled) =
        common::compile_country_on_standard(&base_with("", &[("locations.csv", SHALLOW)]));
    let checked = compiled.checked().unwrap_or_else(|| {
        panic!(
            "checks clean:\n{}",
            gbvims_compiler::diagnostics::render::to_string(&sources, &compiled.diagnostics())
        )
    });
    let model = checked.model();
    let country = model.country.as_ref().expect("a country");
    let atauro = country.locations.get("TL03").expect("the shallow unit");
    assert_eq!(atauro.level, 1);
    assert_eq!(country.locations.depth, 2);
    // IR: a district column of a record in Atauro is blank, the county column names it.
    assert_eq!(country.location_name("TL03", "district", "en", "en"), None);
    assert_eq!(
        country.location_name("TL03", "county", "en", "en"),
        Some("Atauro")
    );

    // Mobile: Atauro is a choice of the first cascading select; the deepest answered level is
    // the location's code.
    let mobile = gbvims_targets::mobile::Mobile
        .emit(checked, &Options::default())
        .expect("the mobile target emits");
    let csv = mobile
        .iter()
        .find(|a| a.path.ends_with("locations.csv"))
        .map(|a| std::str::from_utf8(&a.bytes).unwrap())
        .expect("the attached locations");
    assert!(csv.contains("TL03,Atauro,1,"), "{csv}");

    // Web: Atauro is a leaf of the tree.
    let web = gbvims_targets::web::Web
        .emit(checked, &Options::default())
        .expect("the web target emits");
    let locations: serde_json::Value = serde_json::from_str(
        web.iter()
            .find(|a| a.path.ends_with("locations.json"))
            .map(|a| std::str::from_utf8(&a.bytes).unwrap())
            .expect("locations.json"),
    )
    .unwrap();
    let text = locations.to_string();
    assert!(text.contains("\"TL03\""), "{text}");

    // Primero: the shallow unit has a file of its level (its rows would have blank cells).
    let primero = gbvims_targets::primero::build(checked, &primero_options())
        .expect("the Primero target builds");
    let adm1 = primero
        .artifacts
        .iter()
        .find(|a| a.path.ends_with("locations-adm1.csv"))
        .map(|a| std::str::from_utf8(&a.bytes).unwrap())
        .expect("locations-adm1.csv");
    assert!(adm1.contains("TL03"), "{adm1}");
    let deepest = artifact(&primero.artifacts, "locations.csv");
    assert!(!deepest.contains("TL03"));
}

/// `gbvims show --changes` lists every edit, in words and in JSON.
#[test]
fn show_changes_lists_every_edit() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tl");
    std::fs::create_dir(&dir).unwrap();
    for (name, text) in base_with("ok-overlay-edits", &[]) {
        let name = name.trim_start_matches("tl/");
        std::fs::write(dir.join(name), text).unwrap();
    }
    let (code, out, err) = common::gbvims(&["show", "--changes", "tl"], tmp.path());
    assert_eq!(code, 0, "{err}");
    for line in [
        "option chad of lookup lookup-country hidden",
        "field gbv_individual_details.estimated takes its options from",
        "field gbv_incident_form.incident_code moved first",
        "field gbv_incident_form.marked_for_mobile moved after incidentid_ir",
        "field gbv_incident_form.marked_for_mobile: tick_label removed",
        "field gbv_incident_form.incidentid_ir: help removed",
        "lookup lookup-gbv-incident-location-type reordered: market, road first",
        "field gbv_individual_details.sex also shown on gbv_incident_form, after",
        "field tl_intake_point added first in gbv_incident_form",
    ] {
        assert!(out.contains(line), "`{line}` missing from:\n{out}");
    }
    let (code, out, err) =
        common::gbvims(&["show", "--changes", "--format", "json", "tl"], tmp.path());
    assert_eq!(code, 0, "{err}");
    for tag in [
        "\"option_hidden\"",
        "\"field_lookup_changed\"",
        "\"field_moved\"",
        "\"field_texts_removed\"",
        "\"options_ordered\"",
        "\"field_used\"",
    ] {
        assert!(out.contains(tag), "{tag} missing from the JSON");
    }
}
