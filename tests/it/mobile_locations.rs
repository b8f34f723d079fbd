//! The phones' cascading location question in a real ODK engine: the question of a level is
//! shown only when the unit chosen above has units below it, so a unit with nothing below (a
//! row of the location file that stops early) ends the cascade instead of leaving a question
//! with no choices (`tests/fixtures/mobile/shallow`, JavaRosa through `interop/harness.sh`), in
//! repeated rows too, where the row's own answers are read from the item (`current()/../…`).

use std::process::Command;

use serde_json::{json, Map, Value as Json};

use crate::common;
use crate::mobile_common::harness_or_skip;

/// Compiles the fixture country on the standard.
fn compile_shallow() -> gbvims_compiler::Compiled {
    let dir = common::fixtures_root().join("mobile/shallow");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = format!("tl/{}", p.file_name().unwrap().to_string_lossy());
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    common::compile_country_on_standard(&files).1
}

#[test]
fn the_location_cascade_ends_at_a_unit_with_nothing_below() {
    let compiled = compile_shallow();
    let checked = compiled.checked().expect("the fixture checks clean");
    let built = gbvims_targets::mobile::build(checked, &gbvims_targets::Options::default())
        .expect("builds");
    let planned = built
        .forms
        .iter()
        .find(|f| f.mapping.record == "incident")
        .expect("the incident form");
    let xml = gbvims_targets::mobile::xform::write(&planned.survey).unwrap();
    assert!(
        xml.contains("count(instance('locations')/root/item[parent = "),
        "the district question asks whether the region has districts"
    );
    let Some(harness) = harness_or_skip() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("locations.csv"), built.locations.as_ref().unwrap()).unwrap();
    let form = dir.join("incident.xml");
    std::fs::write(&form, xml).unwrap();
    let locations = checked.model().country.as_ref().map(|c| &c.locations);
    // (where the incident happened, whether the district question is shown)
    let cases = [
        ("TL03", false), // Atauro: a region without districts
        ("TL0102", true),
        ("TL01", true), // Dili, its district not given yet
    ];
    let mut jsonl = String::new();
    for (n, (code, _)) in cases.iter().enumerate() {
        let mut r = Map::new();
        r.insert("incident_location".into(), json!(code));
        // The same place in a row of the country's subform, and a place with districts.
        r.insert(
            "tl_places_went".into(),
            json!([{"tl_place_location": code}, {"tl_place_location": "TL02"}]),
        );
        r.insert("_odk_instance_id".into(), json!(format!("uuid:{n}")));
        let inst =
            gbvims_targets::mobile::instance::instance_xml(&planned.survey, &r, locations).unwrap();
        jsonl.push_str(&json!({"id": format!("r{n}"), "instance": inst}).to_string());
        jsonl.push('\n');
    }
    let input = dir.join("in.jsonl");
    let output = dir.join("out.jsonl");
    std::fs::write(&input, jsonl).unwrap();
    let status = Command::new("bash")
        .arg(&harness)
        .args(["--media", &dir.display().to_string(), "--form"])
        .arg(&form)
        .arg("--instances")
        .arg(&input)
        .arg("--out")
        .arg(&output)
        .env("TZ", "UTC")
        .status()
        .expect("runs the harness");
    assert!(status.success(), "the harness failed");
    let out = std::fs::read_to_string(&output).unwrap();
    let results: Vec<Json> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(results.len(), cases.len(), "{out}");
    for (result, (code, shown)) in results.iter().zip(cases) {
        let nodes = result["nodes"]
            .as_array()
            .unwrap_or_else(|| panic!("{result}"));
        let node = |suffix: &str| {
            nodes
                .iter()
                .find(|n| n["path"].as_str().is_some_and(|p| p.ends_with(suffix)))
                .unwrap_or_else(|| panic!("no node {suffix} in {result}"))
        };
        assert_eq!(
            node("/incident_location__district")["relevant"],
            json!(shown),
            "{code}: the district question"
        );
        assert_eq!(
            node("/incident_location__region")["value"],
            json!(&code[..4])
        );
        // In repeated rows the question reads its own row's region (`current()/../…`).
        assert_eq!(
            node("/tl_places_went[1]/tl_place_location__district")["relevant"],
            json!(shown),
            "{code}: the district question of the first row"
        );
        assert_eq!(
            node("/tl_places_went[2]/tl_place_location__district")["relevant"],
            json!(true),
            "TL02: the district question of the second row"
        );
        // The location stored is the deepest level answered.
        assert_eq!(node("/incident_location")["value"], json!(code), "{code}");
    }
}
