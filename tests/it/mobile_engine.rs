//! Differential test of the mobile target against a real ODK engine: generated records are
//! written as ODK instances of the built XForms, loaded into JavaRosa (the engine of ODK Collect,
//! driven by `interop/javarosa/Harness.java`), and every relevance, requirement, constraint and
//! calculated value the engine computes is compared with `compiler::eval` on the same records.
//!
//! The country whose data holds stored ids (`tests/fixtures/aliases`) is among the cases: its
//! instances hold stored keys and option ids, which `compiler::eval` reads translated back to
//! the model's ids ([`Validator::to_model`]), and its values are compared in stored ids.
//!
//! The engine comes from `interop/setup.sh` (`.ci/run` runs it first). Without it the test is
//! skipped — except under `CI=true`, where a missing tool is a failure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use gbvims_compiler::eval::{Evaluator, Val};
use gbvims_compiler::model::{Date, FieldIx, FieldKind, Model, OptionSource, RecordIx};
use gbvims_compiler::records::Validator;
use gbvims_compiler::Checked;
use gbvims_targets::mobile::survey::Survey;
use gbvims_targets::odk_mapping::FieldMapping;
use serde_json::{Map, Value as Json};

use crate::mobile::{compile_aliases, compile_country};
use crate::mobile_common::{field_ix, field_ix_in, harness_case, harness_or_skip, seed, Rng};

/// Records per form and country: 2 countries × 2 forms × 60 = 240 records.
const RECORDS: usize = 60;

/// A value as the instance writes it: numbers without `.0`, lists space-separated.
fn text(v: &Val<'_>) -> String {
    match v {
        Val::Empty | Val::Rows(_) | Val::Row(_) => String::new(),
        Val::Bool(b) => b.to_string(),
        Val::Int(n) => n.to_string(),
        Val::Text(s) | Val::Opt(s) => s.clone(),
        Val::Date(d) => d.to_string(),
        Val::Opts(v) => v.join(" "),
    }
}

/// A value as the instance writes it, options under their stored ids.
fn stored_text(model: &Model, fx: FieldIx, v: &Val<'_>) -> String {
    let ty = model.field_ty(fx);
    match v {
        Val::Opt(s) => model.stored_option(ty, s).to_string(),
        Val::Opts(v) => v
            .iter()
            .map(|s| model.stored_option(ty, s))
            .collect::<Vec<_>>()
            .join(" "),
        other => text(other),
    }
}

fn engine_text(s: &str) -> String {
    match s.parse::<f64>() {
        #[allow(clippy::cast_possible_truncation)]
        Ok(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
        _ => s.to_string(),
    }
}

/// The mapped fields by instance path without row numbers.
fn by_path<'a>(fields: &'a [FieldMapping], out: &mut BTreeMap<String, &'a FieldMapping>) {
    for f in fields {
        out.insert(f.path.clone(), f);
        by_path(&f.rows, out);
    }
}

/// The row a path with row numbers (`/data/g/rep[2]/f`) reads from, and the path without them.
/// The path names nodes by stored keys; `record` is in the model's ids.
fn row_of<'r>(
    model: &Model,
    record: &'r Map<String, Json>,
    path: &str,
) -> (String, Option<&'r Map<String, Json>>) {
    let mut plain = String::new();
    let mut row: Option<&Map<String, Json>> = None;
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        plain.push('/');
        match seg.split_once('[') {
            Some((name, n)) => {
                plain.push_str(name);
                let k: usize = n.trim_end_matches(']').parse().unwrap_or(1);
                let scope = row.unwrap_or(record);
                let key = model.field(field_ix(model, name)).id.as_str();
                row = scope
                    .get(key)
                    .and_then(Json::as_array)
                    .and_then(|a| a.get(k - 1))
                    .and_then(Json::as_object);
            }
            None => plain.push_str(seg),
        }
    }
    (plain, row)
}

/// What was compared, so the test cannot pass by comparing nothing.
#[derive(Default, Debug)]
struct Stats {
    /// Nodes of fields with a legacy key shown (their condition on stored ids held).
    legacy_shown: usize,
    compared: usize,
    values: usize,
    hidden: usize,
}

struct Case {
    name: String,
    survey: Survey,
    mapping: gbvims_targets::odk_mapping::FormMapping,
    records: Vec<Map<String, Json>>,
}

fn compare(checked: &Checked, case: &Case, output: &str, stats: &mut Stats) -> Vec<String> {
    let model = checked.model();
    let mut paths = BTreeMap::new();
    by_path(&case.mapping.fields, &mut paths);
    let mut problems = Vec::new();
    let rx = model
        .records
        .iter()
        .position(|r| r.id.as_str() == case.mapping.record)
        .map(RecordIx::from_index)
        .expect("the record type");
    let validator = Validator::new(model, rx);
    let lines: Vec<Json> = output
        .lines()
        .map(|l| serde_json::from_str(l).expect("harness output is JSON"))
        .collect();
    assert_eq!(
        lines.len(),
        case.records.len(),
        "{}: one line per record",
        case.name
    );
    for (record, line) in case.records.iter().zip(&lines) {
        let id = line["id"].as_str().unwrap_or_default();
        if let Some(e) = line.get("error") {
            problems.push(format!("{}/{id}: the engine failed: {e}", case.name));
            continue;
        }
        let today = Date::parse_iso(line["today"].as_str().unwrap_or_default()).expect("today");
        let record = &validator.to_model(record);
        let ev = Evaluator::new(model, record, today);
        for node in line["nodes"].as_array().into_iter().flatten() {
            let path = node["path"].as_str().unwrap_or_default();
            let (plain, row) = row_of(model, record, path);
            let Some(mapped) = paths.get(&plain) else {
                continue;
            };
            let fx = field_ix_in(model, &case.mapping.record, &mapped.id);
            let f = model.field(fx);
            let relevant = node["relevant"].as_bool().unwrap_or(false);
            if relevant && f.is_aliased() && f.show_if.is_some() {
                stats.legacy_shown += 1;
            }
            let mut diff = |what: &str, ours: String, theirs: String| {
                stats.compared += 1;
                if what == "value" && !ours.is_empty() {
                    stats.values += 1;
                }
                if what == "relevant" && ours == "false" {
                    stats.hidden += 1;
                }
                if ours != theirs {
                    problems.push(format!(
                        "{}/{id} {path}: {what}: compiler::eval gives {ours:?}, JavaRosa {theirs:?}",
                        case.name
                    ));
                }
            };
            diff(
                "relevant",
                ev.relevant_at(fx, row).to_string(),
                relevant.to_string(),
            );
            if !relevant {
                continue;
            }
            if f.calculate.is_some()
                || matches!(
                    f.kind,
                    FieldKind::Select {
                        source: OptionSource::Locations | OptionSource::ReportingLocations,
                        ..
                    }
                )
            {
                let theirs = engine_text(node["value"].as_str().unwrap_or_default());
                diff(
                    "value",
                    stored_text(model, fx, &ev.field_at(fx, row)),
                    theirs,
                );
            } else if !matches!(f.kind, FieldKind::Subform { .. }) {
                let required = node["required"].as_bool().unwrap_or(false);
                diff(
                    "required",
                    ev.required_at(fx, row).to_string(),
                    required.to_string(),
                );
                let ok = node["constraint"].as_bool().unwrap_or(true);
                diff(
                    "constraint",
                    ev.constraint_at(fx, row).to_string(),
                    ok.to_string(),
                );
            }
        }
    }
    problems
}

#[test]
fn javarosa_evaluates_the_forms_like_the_compiler() {
    let Some(harness) = harness_or_skip() else {
        return;
    };
    // GBVIMS_KEEP=DIR keeps the forms, instances and engine output there for a look.
    let tmp = tempfile::tempdir().unwrap();
    let keep = std::env::var_os("GBVIMS_KEEP").map(PathBuf::from);
    let root = keep.as_deref().unwrap_or(tmp.path());
    let mut problems = Vec::new();
    let mut total = 0;
    let mut stats = Stats::default();
    let operators = {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mobile/operators.gbv");
        let mut sources = gbvims_compiler::Sources::new();
        sources.add("operators.gbv", std::fs::read_to_string(path).unwrap());
        gbvims_compiler::compile(&sources)
    };
    for (country, compiled) in [
        ("iraq", compile_country("iraq")),
        ("mali", compile_country("mali")),
        ("aliases", compile_aliases()),
        ("operators", operators),
    ] {
        let checked = compiled.checked().expect("checks clean");
        let built = gbvims_targets::mobile::build(checked, &gbvims_targets::Options::default())
            .expect("builds");
        let dir = root.join(country);
        std::fs::create_dir_all(&dir).unwrap();
        if let Some(csv) = &built.locations {
            std::fs::write(dir.join("locations.csv"), csv).unwrap();
        }
        let locations = checked.model().country.as_ref().map(|c| &c.locations);
        let mut rng = Rng(seed(country));
        let mut args: Vec<String> = vec!["--media".into(), dir.display().to_string()];
        let mut cases = Vec::new();
        for planned in built.forms {
            let name = format!("{country}/{}", planned.mapping.record);
            let xml = gbvims_targets::mobile::xform::write(&planned.survey).unwrap();
            let form = dir.join(format!("{}.xml", planned.mapping.record));
            std::fs::write(&form, xml).unwrap();
            let input = dir.join(format!("{}.in.jsonl", planned.mapping.record));
            let output = dir.join(format!("{}.out.jsonl", planned.mapping.record));
            let records = harness_case(
                (checked.model(), &planned.mapping.record),
                &planned.survey,
                locations,
                &mut rng,
                RECORDS,
                |n| format!("uuid:{n}"),
                (&form, &input, &output),
                &mut args,
            );
            total += records.len();
            cases.push((
                Case {
                    name,
                    survey: planned.survey,
                    mapping: planned.mapping,
                    records,
                },
                output,
            ));
        }
        let status = Command::new("bash")
            .arg(&harness)
            .args(&args)
            .env("TZ", "UTC")
            .status()
            .expect("runs the harness");
        assert!(status.success(), "the harness failed on {country}");
        for (case, output) in &cases {
            let out = std::fs::read_to_string(output).unwrap();
            let _ = &case.survey;
            problems.extend(compare(checked, case, &out, &mut stats));
        }
    }
    assert!(total >= 200, "at least 200 records ({total})");
    assert!(
        stats.legacy_shown > 10,
        "the aliases country's conditions on stored ids never held: {stats:?}"
    );
    eprintln!("{total} records, {stats:?}");
    assert!(
        stats.compared > 20_000 && stats.values > 300 && stats.hidden > 1_000,
        "too little compared: {stats:?}"
    );
    assert!(
        problems.is_empty(),
        "{} disagreements between JavaRosa and compiler::eval:\n{}",
        problems.len(),
        problems
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
