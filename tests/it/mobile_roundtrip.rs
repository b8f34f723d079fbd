//! The phone round trip: generated records → ODK instances (`instance_xml`) → JavaRosa (the
//! engine of ODK Collect, `interop/harness.sh`) recomputes them → what ODK Central would export
//! for those submissions → `gbvims records from-odk` → the same records.
//!
//! The export is made here, from the engine's instance XML and the built XForm, as Central makes
//! it from a submission (`lib/data/briefcase.js` and `lib/data/json.js` of central-backend): the
//! non-relevant nodes are left out (Collect does not submit them), then the submission is
//! flattened to the "all data" CSV tables (zipped) and, for a subset, to the OData JSON. None of
//! `odk_records`' own export helpers is used, so the reader is not checked against itself.
//!
//! The records expected back are the generated ones restricted to what the phone holds and
//! submits: the answers of relevant questions, the calculated fields with `compiler::eval`'s
//! values, and `_odk_instance_id`.
//!
//! The country whose data holds stored ids (`tests/fixtures/aliases`) is among the cases: the
//! records come back in stored keys and option ids, as the phone holds them.
//!
//! Without the engine the test is skipped, except under `CI=true` (see `mobile_common`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use gbvims_compiler::eval::{Evaluator, Val};
use gbvims_compiler::model::Model;
use gbvims_targets::odk_mapping::{FieldMapping, OdkMapping, ValueKind};
use serde_json::{json, Map, Value as Json};

mod central;
mod submission;
mod xml;

use central::{odata, zip_of, Flattener};
use submission::{engine_record, Submitter};
use xml::{read_form, Form};

use crate::common;
use crate::mobile::{compile_aliases, compile_country};
use crate::mobile_common::{field_ix_in, harness_case, harness_or_skip, seed, Rng};

/// Records per form and country: 2 countries × 2 forms × 40 = 160 submissions.
const RECORDS: usize = 40;

/// Every how many submissions one also goes into the OData JSON.
const JSON_EVERY: usize = 3;

// ---------------------------------------------------------------------------------------------
// The records expected back.

/// A record value of a field of `kind` from what `compiler::eval` computes; `None` when empty.
fn expected_value(v: &Val<'_>, kind: ValueKind) -> Option<Json> {
    Some(match (v, kind) {
        (Val::Empty | Val::Rows(_) | Val::Row(_), _) => return None,
        (Val::Int(n), ValueKind::Integer) => json!(n),
        (Val::Bool(b), ValueKind::Boolean) => json!(b),
        (Val::Opts(o), _) if o.is_empty() => return None,
        (Val::Opts(o), ValueKind::SelectMany) => json!(o),
        (Val::Opts(o), _) => json!(o.join(" ")),
        (Val::Bool(b), _) => json!(b.to_string()),
        (Val::Int(n), _) => json!(n.to_string()),
        (Val::Text(s) | Val::Opt(s), _) if s.is_empty() => return None,
        (Val::Text(s) | Val::Opt(s), _) => json!(s),
        (Val::Date(d), _) => json!(d.to_string()),
    })
}

/// The fields of one level (the record, or a subform row `row`) the phone submits. `scope` is
/// the level as the phone holds it (stored keys and ids), `row` the same row in the model's ids
/// (as `ev` reads it; `None` for the record).
/// Fields are resolved within the record type (`date_of_birth` is a field of both records).
fn expected_level<'r>(
    (model, record_type): (&Model, &str),
    ev: &Evaluator<'_, 'r>,
    fields: &[FieldMapping],
    (scope, model_scope): (&'r Map<String, Json>, &'r Map<String, Json>),
    row: Option<&'r Map<String, Json>>,
    out: &mut Map<String, Json>,
) {
    for f in fields {
        let fx = field_ix_in(model, record_type, &f.id);
        if !ev.relevant_at(fx, row) {
            continue;
        }
        if f.kind == ValueKind::Rows {
            let model_rows = model_scope
                .get(model.field(fx).id.as_str())
                .and_then(Json::as_array);
            let rows: Vec<Json> = scope
                .get(&f.id)
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
                .enumerate()
                .filter_map(|(n, r)| {
                    let m = model_rows?.get(n)?.as_object()?;
                    Some((r.as_object()?, m))
                })
                .map(|(r, m)| {
                    let mut out = Map::new();
                    expected_level((model, record_type), ev, &f.rows, (r, m), Some(m), &mut out);
                    Json::Object(out)
                })
                .collect();
            if !rows.is_empty() {
                out.insert(f.id.clone(), Json::Array(rows));
            }
        } else if model.field(fx).calculate.is_some() {
            if let Some(v) = expected_value(&ev.field_at(fx, row), f.kind) {
                out.insert(f.id.clone(), model.stored_answer(fx, &v));
            }
        } else {
            match scope.get(&f.id) {
                None | Some(Json::Null) => {}
                Some(Json::Array(a)) if a.is_empty() => {}
                Some(Json::String(s)) if s.is_empty() => {}
                Some(v) => {
                    out.insert(f.id.clone(), v.clone());
                }
            }
        }
    }
}

/// The differences between two records, one line each, by field (and row).
fn diff(at: &str, expected: &Map<String, Json>, got: &Map<String, Json>, out: &mut Vec<String>) {
    let keys: BTreeSet<&String> = expected.keys().chain(got.keys()).collect();
    for k in keys {
        match (expected.get(k), got.get(k)) {
            (Some(Json::Array(e)), Some(Json::Array(g)))
                if e.iter().chain(g).all(Json::is_object) && e.len() == g.len() =>
            {
                for (i, (e, g)) in e.iter().zip(g).enumerate() {
                    let (Json::Object(e), Json::Object(g)) = (e, g) else {
                        continue;
                    };
                    diff(&format!("{at} {k}[{}]", i + 1), e, g, out);
                }
            }
            (e, g) if e == g => {}
            (e, g) => out.push(format!(
                "{at} {k}: expected {}, from-odk gave {}",
                e.map_or("nothing".to_owned(), Json::to_string),
                g.map_or("nothing".to_owned(), Json::to_string)
            )),
        }
    }
}

fn read_jsonl(path: &Path) -> Vec<Map<String, Json>> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| match serde_json::from_str(l).expect("a JSON record") {
            Json::Object(m) => m,
            other => panic!("not a record: {other}"),
        })
        .collect()
}

fn by_id(records: Vec<Map<String, Json>>) -> BTreeMap<String, Map<String, Json>> {
    records
        .into_iter()
        .map(|r| {
            let id = r["_odk_instance_id"]
                .as_str()
                .expect("an instance id")
                .to_owned();
            (id, r)
        })
        .collect()
}

/// `gbvims records from-odk BUILD EXPORT [--form F] -o OUT` in `dir`; the records written.
fn from_odk(dir: &Path, build: &Path, export: &str, form: Option<&str>) -> Vec<Map<String, Json>> {
    let out = format!("{export}.jsonl");
    let mut args = vec![
        "records",
        "from-odk",
        build.to_str().unwrap(),
        export,
        "-o",
        &out,
    ];
    if let Some(f) = form {
        args.extend(["--form", f]);
    }
    let (code, _, err) = common::gbvims(&args, dir);
    assert_eq!(code, 0, "from-odk {export}: {err}");
    assert!(
        !err.contains("absent from every record") && !err.contains("left out"),
        "from-odk {export} noted: {err}"
    );
    read_jsonl(&dir.join(out))
}

/// What was checked, so the test cannot pass by checking nothing.
#[derive(Default, Debug)]
struct Stats {
    submissions: usize,
    values: usize,
    dropped: usize,
    rows: usize,
    calculated: usize,
    from_json: usize,
    undecided_rows: usize,
}

/// One form of one country, from generation to the records read back.
#[allow(clippy::too_many_arguments)]
fn check_form(
    model: &Model,
    form: &Form,
    mapping: &[FieldMapping],
    record_type: &str,
    version: &str,
    records: &[Map<String, Json>],
    output: &str,
    dir: &Path,
    build: &Path,
    stats: &mut Stats,
    problems: &mut Vec<String>,
) {
    let name = format!(
        "{}/{record_type}",
        build.file_name().unwrap().to_string_lossy()
    );
    let mut flat = Flattener::new(form);
    let rx = model
        .records
        .iter()
        .position(|r| r.id.as_str() == record_type)
        .map(gbvims_compiler::model::RecordIx::from_index)
        .expect("the record type");
    let validator = gbvims_compiler::records::Validator::new(model, rx);
    let mut odata_subs = Vec::new();
    let mut expected = BTreeMap::new();
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(lines.len(), records.len(), "{name}: one line per record");
    for (i, (record, line)) in records.iter().zip(lines).enumerate() {
        let engine = match engine_record(line) {
            Ok(e) => e,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        let id = record["_odk_instance_id"].as_str().unwrap().to_owned();
        let mut submitter = Submitter {
            form,
            engine: &engine,
            problems,
            undecided_rows: 0,
        };
        let root = format!("/{}", form.root);
        let submission = submitter.keep(&engine.instance, &root);
        stats.undecided_rows += submitter.undecided_rows;
        stats.dropped += engine.relevant.values().filter(|r| !**r).count();
        let meta_id = submission
            .child("meta")
            .and_then(|m| m.child("instanceID"))
            .map(|e| e.text.clone());
        assert_eq!(
            meta_id.as_deref(),
            Some(id.as_str()),
            "{name}: meta/instanceID"
        );
        flat.add(&submission, &id, version);
        if i % JSON_EVERY == 0 {
            odata_subs.push(odata(form, &submission, &id));
        }
        // The record as the phone holds it, and in the model's ids for eval.
        let model_record = validator.to_model(record);
        let ev = Evaluator::new(model, &model_record, engine.today);
        let mut want = Map::new();
        want.insert("_odk_instance_id".into(), json!(id));
        expected_level(
            (model, record_type),
            &ev,
            mapping,
            (record, &model_record),
            None,
            &mut want,
        );
        expected.insert(id, want);
    }
    let stem = format!(
        "{}-{record_type}",
        build.file_name().unwrap().to_string_lossy()
    );
    let zip_name = format!("{stem}.zip");
    std::fs::write(dir.join(&zip_name), zip_of(&flat.csv_files())).unwrap();
    let json_name = format!("{stem}.json");
    let doc = json!({
        "@odata.context": format!("{}.svc/$metadata#Submissions", form.form_id),
        "value": odata_subs,
    });
    std::fs::write(
        dir.join(&json_name),
        serde_json::to_vec_pretty(&doc).unwrap(),
    )
    .unwrap();

    let from_zip = by_id(from_odk(dir, build, &zip_name, None));
    let from_json = by_id(from_odk(dir, build, &json_name, Some(record_type)));
    assert_eq!(
        from_zip.len(),
        records.len(),
        "{name}: every submission read"
    );
    stats.from_json += from_json.len();
    for (id, want) in &expected {
        stats.submissions += 1;
        count(want, mapping, (model, record_type), stats);
        match from_zip.get(id) {
            Some(got) => diff(&format!("{name} {id} (zip)"), want, got, problems),
            None => problems.push(format!("{name} {id}: not read from the zip")),
        }
        if let Some(got) = from_json.get(id) {
            diff(&format!("{name} {id} (json)"), want, got, problems);
        }
    }
}

fn count(
    record: &Map<String, Json>,
    mapping: &[FieldMapping],
    (model, record_type): (&Model, &str),
    stats: &mut Stats,
) {
    for f in mapping {
        let Some(v) = record.get(&f.id) else { continue };
        if let (ValueKind::Rows, Json::Array(rows)) = (f.kind, v) {
            for r in rows.iter().filter_map(Json::as_object) {
                stats.rows += 1;
                count(r, &f.rows, (model, record_type), stats);
            }
        } else {
            stats.values += 1;
            if model
                .field(field_ix_in(model, record_type, &f.id))
                .calculate
                .is_some()
            {
                stats.calculated += 1;
            }
        }
    }
}

#[test]
fn phone_records_come_back_from_central_exports_unchanged() {
    let Some(harness) = harness_or_skip() else {
        return;
    };
    let started = std::time::Instant::now();
    // GBVIMS_KEEP=DIR keeps the builds, instances, engine output and exports there for a look.
    let tmp = tempfile::tempdir().unwrap();
    let keep = std::env::var_os("GBVIMS_KEEP").map(PathBuf::from);
    let root = keep.as_deref().unwrap_or(tmp.path());
    std::fs::create_dir_all(root).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    let mut stats = Stats::default();
    for (country, config) in [
        ("iraq", repo.join("country-configs/iraq")),
        ("mali", repo.join("country-configs/mali")),
        ("aliases", repo.join("tests/fixtures/aliases")),
    ] {
        // The forms and mapping users get: `gbvims build … --target mobile`.
        let build = root.join(country);
        let (code, _, err) = common::gbvims(
            &[
                "build",
                config.to_str().unwrap(),
                "--target",
                "mobile",
                "-o",
                build.to_str().unwrap(),
            ],
            root,
        );
        assert_eq!(code, 0, "gbvims build {country}: {err}");
        let mobile = build.join("mobile");
        let mapping: OdkMapping =
            serde_json::from_slice(&std::fs::read(mobile.join("odk-mapping.json")).unwrap())
                .unwrap();
        // The same forms from the library, for their surveys (what `instance_xml` fills).
        let compiled = if country == "aliases" {
            compile_aliases()
        } else {
            compile_country(country)
        };
        let checked = compiled.checked().expect("checks clean");
        let built = gbvims_targets::mobile::build(checked, &gbvims_targets::Options::default())
            .expect("builds");
        let model = checked.model();
        let locations = model.country.as_ref().map(|c| &c.locations);
        let mut rng = Rng(seed(country) ^ 0x0072_6f75_6e64);
        let mut args: Vec<String> = vec!["--media".into(), mobile.display().to_string()];
        let mut cases = Vec::new();
        assert_eq!(built.forms.len(), mapping.forms.len(), "{country}: forms");
        for (planned, form_mapping) in built.forms.iter().zip(&mapping.forms) {
            assert_eq!(
                &planned.mapping, form_mapping,
                "{country}: the library's mapping is the CLI's"
            );
            let record_type = form_mapping.record.as_str();
            let xform_path = mobile.join(&form_mapping.xform);
            let xform = std::fs::read_to_string(&xform_path).unwrap();
            assert_eq!(
                gbvims_targets::mobile::xform::write(&planned.survey).unwrap(),
                xform,
                "{country}/{record_type}: the library's XForm is the CLI's"
            );
            let input = build.join(format!("{record_type}.in.jsonl"));
            let output = build.join(format!("{record_type}.out.jsonl"));
            let records = harness_case(
                (model, record_type),
                &planned.survey,
                locations,
                &mut rng,
                RECORDS,
                |n| format!("uuid:{country:0>8}-{record_type:0>4}-4000-8000-{n:012x}"),
                (&xform_path, &input, &output),
                &mut args,
            );
            cases.push((form_mapping, read_form(&xform), records, output));
        }
        let status = Command::new("bash")
            .arg(&harness)
            .args(&args)
            .env("TZ", "UTC")
            .status()
            .expect("runs the harness");
        assert!(status.success(), "the harness failed on {country}");
        for (form_mapping, form, records, output) in &cases {
            assert_eq!(form.form_id, form_mapping.form_id);
            check_form(
                model,
                form,
                &form_mapping.fields,
                &form_mapping.record,
                &form_mapping.version,
                records,
                &std::fs::read_to_string(output).unwrap(),
                root,
                &build,
                &mut stats,
                &mut problems,
            );
        }
    }
    eprintln!("{stats:?} in {:.1} s", started.elapsed().as_secs_f64());
    assert!(
        stats.submissions >= 150
            && stats.values > 2_000
            && stats.rows > 50
            && stats.calculated > 100
            && stats.dropped > 1_000
            && stats.from_json >= stats.submissions / JSON_EVERY,
        "too little checked: {stats:?}"
    );
    assert!(
        problems.is_empty(),
        "{} differences between the records and what came back:\n{}",
        problems.len(),
        problems
            .iter()
            .take(60)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
