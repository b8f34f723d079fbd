//! `gbvims import primero` and display conditions (issue 15): the natural forms the importer
//! writes mean what Primero's conditions mean under `compiler::eval`, on every answer; and a
//! standard field's condition is compared with the one the Primero target writes for the
//! standard's `show_if`.

use gbvims_compiler::eval::Evaluator;
use gbvims_compiler::model::{Date, Model};
use gbvims_compiler::Sources;
use gbvims_targets::primero;
use serde_json::{json, Map, Value as Json};

use crate::common;

/// Pairs of conditions: the natural form the importer writes, and the faithful reading of the
/// Primero condition it stands for. `tl_g` is shown only when `tl_t` is ticked.
const PAIRS: &[(&str, &str)] = &[
    (r#"tl_k != "tl_a""#, r#"tl_k in ["tl_b", "tl_c", "tl_d"]"#),
    (
        r#"tl_k not in ["tl_a", "tl_b"]"#,
        r#"tl_k in ["tl_c", "tl_d"]"#,
    ),
    (
        "tl_k is not empty",
        r#"tl_k in ["tl_a", "tl_b", "tl_c", "tl_d"]"#,
    ),
    (
        "tl_k is empty",
        r#"not (tl_k in ["tl_a", "tl_b", "tl_c", "tl_d"])"#,
    ),
    (
        "tl_m is not empty",
        r#"tl_m contains "tl_a" or tl_m contains "tl_b" or tl_m contains "tl_c" or tl_m contains "tl_d""#,
    ),
    ("tl_n != 30", "tl_n < 30 or tl_n > 30"),
    ("tl_n is not empty", "tl_n < 0 or tl_n >= 0"),
    ("tl_n is empty", "not (tl_n < 0 or tl_n >= 0)"),
    (
        r#"tl_d != date("2024-06-30")"#,
        r#"tl_d < date("2024-06-30") or tl_d > date("2024-06-30")"#,
    ),
    (
        "tl_d is not empty",
        r#"tl_d < date("1900-01-01") or tl_d >= date("1900-01-01")"#,
    ),
    ("tl_t is not empty", "tl_t in [true, false]"),
    ("tl_t = false", "tl_t in [false]"),
    ("tl_t != false", "tl_t in [true]"),
    // The guard: `tl_g` reads as empty while hidden.
    (r#"tl_g = "tl_a""#, r#"tl_t = true and tl_g = "tl_a""#),
    (
        r#"tl_g != "tl_a""#,
        r#"tl_t = true and tl_g in ["tl_b", "tl_c", "tl_d"]"#,
    ),
    ("tl_g is empty", "not (tl_t = true and tl_g is not empty)"),
    (
        r#"tl_g = "tl_b" or tl_n > 3"#,
        r#"(tl_t = true and tl_g = "tl_b") or tl_n > 3"#,
    ),
];

fn overlay() -> String {
    let mut out = String::from(
        r#"lookup lookup-tl-k extensible {
  name: en "K"
  option tl_a: en "A"
  option tl_b: en "B"
  option tl_c: en "C"
  option tl_d: en "D"
}
add field tl_k to gbv_incident_form: select_one lookup-tl-k { label: en "K" }
add field tl_m to gbv_incident_form: select_many lookup-tl-k { label: en "M" }
add field tl_n to gbv_incident_form: integer { label: en "N" }
add field tl_d to gbv_incident_form: date { label: en "D" }
add field tl_t to gbv_incident_form: tick_box { label: en "T" }
add field tl_g to gbv_incident_form: select_one lookup-tl-k {
  label: en "G"
  show_if: tl_t = true
}
"#,
    );
    for (i, (natural, faithful)) in PAIRS.iter().enumerate() {
        for (side, e) in [("natural", natural), ("faithful", faithful)] {
            out.push_str(&format!(
                "add field tl_{side}_{i} to gbv_incident_form: tick_box {{\n  label: en \"{side} {i}\"\n  show_if: {e}\n}}\n"
            ));
        }
    }
    out
}

/// Every record over the answers the pairs read, empty included.
fn records() -> Vec<Map<String, Json>> {
    let options = ["tl_a", "tl_b", "tl_c", "tl_d"];
    let mut k: Vec<Option<Json>> = vec![None];
    k.extend(options.iter().map(|o| Some(json!(o))));
    let m = vec![
        None,
        Some(json!([])),
        Some(json!(["tl_a"])),
        Some(json!(["tl_b", "tl_c"])),
        Some(json!(options)),
    ];
    let n = [
        None,
        Some(-1),
        Some(0),
        Some(3),
        Some(4),
        Some(29),
        Some(30),
        Some(31),
    ]
    .map(|v| v.map(|v| json!(v)));
    let d = [
        None,
        Some("1899-12-31"),
        Some("1900-01-01"),
        Some("2024-06-30"),
        Some("2024-07-01"),
    ]
    .map(|v| v.map(|v| json!(v)));
    let t = [None, Some(json!(true)), Some(json!(false))];
    let g = [None, Some(json!("tl_a")), Some(json!("tl_b"))];
    let mut out = Vec::new();
    for k in &k {
        for m in &m {
            for n in &n {
                for d in &d {
                    for t in &t {
                        for g in &g {
                            let mut r = Map::new();
                            for (key, v) in [
                                ("tl_k", k),
                                ("tl_m", m),
                                ("tl_n", n),
                                ("tl_d", d),
                                ("tl_t", t),
                                ("tl_g", g),
                            ] {
                                if let Some(v) = v {
                                    r.insert(key.into(), v.clone());
                                }
                            }
                            out.push(r);
                        }
                    }
                }
            }
        }
    }
    out
}

/// Each natural form the importer writes holds on exactly the records where the faithful reading
/// of the Primero condition holds (`compiler::eval`, hidden questions read as empty).
#[test]
fn natural_forms_mean_the_same_under_eval() {
    // The header, lists and locations of the country of `tests/fixtures/aliases`.
    let aliases = common::fixtures_root().join("aliases");
    let mut files: Vec<(String, String)> = crate::mobile::country_files(&aliases)
        .into_iter()
        .filter(|(name, _)| !name.ends_with("aliases.gbv"))
        .collect();
    files.push(("aliases/pairs.gbv".to_string(), overlay()));
    let (_, compiled) = common::compile_country_on_standard(&files);
    let model: &Model = compiled
        .model()
        .unwrap_or_else(|| panic!("{:#?}", compiled.diagnostics()));
    let show_if = |id: &str| {
        model
            .fields
            .iter()
            .find(|f| f.id.as_str() == id)
            .and_then(|f| f.show_if.clone())
            .unwrap_or_else(|| panic!("{id} has a show_if"))
    };
    let today = Date::parse_iso("2025-01-01").unwrap();
    let records = records();
    for (i, (natural, faithful)) in PAIRS.iter().enumerate() {
        let (a, b) = (
            show_if(&format!("tl_natural_{i}")),
            show_if(&format!("tl_faithful_{i}")),
        );
        let mut held = 0;
        for r in &records {
            let ev = Evaluator::new(model, r, today);
            let (x, y) = (ev.eval(&a), ev.eval(&b));
            let truth = |v: &gbvims_compiler::eval::Val| {
                matches!(v, gbvims_compiler::eval::Val::Bool(true))
            };
            assert_eq!(
                truth(&x),
                truth(&y),
                "`{natural}` and `{faithful}` differ on {r:?}"
            );
            held += usize::from(truth(&x));
        }
        assert!(
            held > 0 && held < records.len(),
            "`{natural}`: the records do not tell it apart ({held} of {})",
            records.len()
        );
    }
}

/// The standard's bundle with display conditions of standard fields changed as a deployment
/// might have: one different, one removed, one added. The importer lists each (an overlay cannot
/// change them), in gbvims' syntax, and says nothing of the conditions left as they were.
#[test]
fn standard_field_conditions_are_compared_with_the_targets() {
    let checked = common::standard().1.checked().unwrap();
    let built = primero::build(checked, &crate::primero::options("iraq")).unwrap();
    let mut bundle: Json = crate::primero::json_file(&built.artifacts, "configuration.json");
    let mut changed = 0;
    for form in bundle["data"]["FormSection"].as_array_mut().unwrap() {
        for field in form["fields_attributes"].as_array_mut().unwrap() {
            let o = field.as_object_mut().unwrap();
            match o["name"].as_str().unwrap() {
                "classification_unwanted_sexual_contact" => {
                    o.insert(
                        "display_conditions_record".into(),
                        json!({"eq": {"classification_penetration": "true"}}),
                    );
                    changed += 1;
                }
                "service_referred_from_other" => {
                    o.remove("display_conditions_record");
                    changed += 1;
                }
                "incident_date" => {
                    o.insert(
                        "display_conditions_record".into(),
                        json!({"in": {"incident_timeofday": ["morning", "afternoon"]}}),
                    );
                    changed += 1;
                }
                _ => {}
            }
        }
    }
    assert_eq!(changed, 3);
    let mut sources = Sources::new();
    let id = sources.add_country(
        "configuration.json".to_string(),
        serde_json::to_string_pretty(&bundle).unwrap(),
    );
    let dump = gbvims_import::read(&sources, &[id]).unwrap();
    let options = gbvims_import::Options {
        id: "xx".into(),
        code: Some("xx".into()),
        languages: Some(vec!["en".into(), "fr".into(), "ar".into()]),
    };
    let standard = common::standard().1.model().unwrap();
    let imported = gbvims_import::import(&dump, standard, &options).unwrap();
    assert!(imported.decls.is_empty(), "{}", imported.country_gbv);
    let left: Vec<String> = imported
        .left
        .iter()
        .map(|l| format!("{}: {}", l.what, l.why))
        .collect();
    common::assert_snapshot(
        "import_conditions__standard_field_conditions",
        &left.join("\n"),
    );
}
