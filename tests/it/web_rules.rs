//! Differential test of the web target's rules: `web/rules.json` evaluated by
//! `targets/web/gbvims-rules.js` under node, against `compiler::eval` on the same generated
//! records — every relevance, requirement, constraint and value of every field of rules.json, at
//! the top level and in every subform row — for both example countries, the country whose data
//! holds stored ids (`tests/fixtures/aliases`: its records are given to node in stored ids, and
//! node's answers are compared in stored ids) and the operators fixture. Hand-built expressions (`edge_cases`) cover what the forms do not: saturation,
//! division, odd stored answers, and the Incident Recorder functions the evaluator refuses.
//!
//! Needs node; without it the test is skipped, except under `CI=true` where it fails.
//! `GBVIMS_KEEP=DIR` keeps the inputs and node's output there.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use gbvims_compiler::eval::{Evaluator, Val};
use gbvims_compiler::model::{
    Date, Expr, ExprKind, FieldIx, FieldKind, Model, OptionSource, RecordIx,
};
use gbvims_compiler::records::Validator;
use gbvims_targets::web::rules::{rules_json, Rules};
use serde_json::{json, Map, Value as Json};

use crate::common;
use crate::mobile::{compile_aliases, compile_country, compile_fixture};
use crate::mobile_common::{self, seed, Rng};

/// Records per record type and configuration: (2 countries × 2 types + 2 fixtures) × 100 = 600.
const RECORDS: usize = 100;

/// The date `today()` gives on both sides.
pub const TODAY: &str = "2024-05-31";

/// node, or `None` (with the reason printed) when it is missing and the test should be skipped;
/// under `CI=true` a missing node is a failure.
pub fn node_or_skip() -> Option<&'static str> {
    let found = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some("node");
    }
    assert!(
        !std::env::var("CI").is_ok_and(|v| v == "true"),
        "node is required under CI=true (the web rules' differential test runs gbvims-rules.js)"
    );
    eprintln!("skipped: node is not installed");
    None
}

/// Runs the harness on `dirs`: one JSON object per line, by id.
pub fn run_harness(node: &str, dirs: &[PathBuf]) -> BTreeMap<String, Json> {
    let harness = Path::new(env!("CARGO_MANIFEST_DIR")).join("targets/web/test-harness.js");
    let out = Command::new(node)
        .arg(harness)
        .args(dirs)
        .output()
        .expect("runs node");
    assert!(
        out.status.success(),
        "the harness failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| {
            let v: Json = serde_json::from_str(l).expect("harness output is JSON");
            (v["id"].as_str().unwrap_or_default().to_string(), v)
        })
        .collect()
}

/// Where the inputs go: `GBVIMS_KEEP`, or a temporary directory.
pub fn work_dir(tmp: &tempfile::TempDir) -> PathBuf {
    std::env::var_os("GBVIMS_KEEP").map_or_else(|| tmp.path().to_path_buf(), PathBuf::from)
}

/// A value as `gbvims-rules.js` gives it in plain JSON.
pub fn plain(v: &Val<'_>) -> Json {
    const SAFE: i64 = (1 << 53) - 1;
    match v {
        Val::Empty => Json::Null,
        Val::Bool(b) => json!(b),
        Val::Int(n) if (-SAFE..=SAFE).contains(n) => json!(n),
        Val::Int(n) => json!(n.to_string()),
        Val::Text(s) | Val::Opt(s) => json!(s),
        Val::Date(d) => json!(d.to_string()),
        Val::Opts(ids) => json!(ids),
        Val::Rows(rows) => Json::Array(rows.iter().map(|r| Json::Object((*r).clone())).collect()),
        Val::Row(r) => Json::Object((*r).clone()),
    }
}

/// The field a rule of rules.json is about.
fn field_of(model: &Model, form: &str, field: &str) -> FieldIx {
    let n = model
        .fields
        .iter()
        .position(|f| f.stored.as_str() == field && model.form(f.form).id.as_str() == form)
        .unwrap_or_else(|| panic!("rules.json names {form}.{field}, which the model lacks"));
    FieldIx::from_index(n)
}

/// What `compiler::eval` says of every field of rules.json on a record, by path (as
/// `GbvimsRules.evaluate` keys it).
fn expected(
    model: &Model,
    fields: &[FieldIx],
    record: &Map<String, Json>,
    today: Date,
) -> BTreeMap<String, Json> {
    let ev = Evaluator::new(model, record, today);
    let mut out = BTreeMap::new();
    for &fx in fields.iter().filter(|&&f| model.parent_field(f).is_none()) {
        let at = At {
            prefix: String::new(),
            row: None,
            hidden: false,
        };
        visit(model, (&ev, record), fields, fx, at, &mut out);
    }
    out
}

/// Where a field is evaluated: its path prefix (`subform[2].`), its row, and whether a subform
/// field it lies under is hidden (eval leaves a nested subform's own relevance to the caller).
struct At<'r> {
    prefix: String,
    row: Option<&'r Map<String, Json>>,
    hidden: bool,
}

fn visit<'r>(
    model: &Model,
    (ev, record): (&Evaluator<'_, 'r>, &'r Map<String, Json>),
    fields: &[FieldIx],
    fx: FieldIx,
    At {
        prefix,
        row,
        hidden,
    }: At<'r>,
    out: &mut BTreeMap<String, Json>,
) {
    let f = model.field(fx);
    let relevant = !hidden && ev.relevant_at(fx, row);
    let mut value = ev.field_at(fx, row);
    if !relevant {
        value = Val::Empty;
    }
    if let (None, Some(d), true) = (&f.calculate, &f.default, value.is_empty()) {
        if relevant {
            let lit = Expr {
                kind: ExprKind::Lit(d.clone()),
                ty: model.field_ty(fx),
            };
            value = ev.eval_at(&lit, row);
        }
    }
    // Keyed and valued as records hold them (stored keys and option ids).
    out.insert(
        format!("{prefix}{}", f.stored),
        json!({
            "relevant": relevant,
            "required": relevant && ev.required_at(fx, row),
            "valid": !relevant || ev.constraint_at(fx, row),
            "value": model.stored_answer(fx, &plain(&value)),
        }),
    );
    let FieldKind::Subform { form } = f.kind else {
        return;
    };
    let source = row.unwrap_or(record);
    let Some(rows) = source.get(f.id.as_str()).and_then(Json::as_array) else {
        return;
    };
    for (i, r) in rows.iter().enumerate() {
        let Some(r) = r.as_object() else { continue };
        for &child in fields.iter().filter(|&&c| model.field(c).form == form) {
            let at = At {
                prefix: format!("{prefix}{}[{i}].", f.stored),
                row: Some(r),
                hidden: !relevant,
            };
            visit(model, (ev, record), fields, child, at, out);
        }
    }
}

/// A record of type `rec`: an answer (or none) for every field of its forms, the countries' own
/// fields included, with rows in its subforms, stale answers to hidden questions, and now and
/// then an answer stored oddly (a number as text, yes/no as a JSON boolean, a malformed date).
fn generate_record(model: &Model, rec: RecordIx, rng: &mut Rng) -> Map<String, Json> {
    let base = Date::from_days_since_epoch(
        Date::parse_iso("2010-01-01").unwrap().days_since_epoch()
            + i64::try_from(rng.below(15 * 365)).unwrap_or(0),
    );
    // How often a yes/no question is answered "no": the classification's questions are asked
    // only while the earlier ones are answered "no".
    let no = [60, 80, 90, 97][rng.below(4)];
    let gen = Gen { model, base, no };
    let mut out = Map::new();
    let mut seen = BTreeSet::new();
    for group in model.navigation(rec) {
        for form in group.forms {
            gen.fill(&model.form(form).fields, rng, &mut seen, &mut out);
        }
    }
    out
}

struct Gen<'m> {
    model: &'m Model,
    /// Dates are drawn near it most of the time, so that day counts fall in every bracket.
    base: Date,
    /// Percent of yes/no answers that are "no".
    no: u64,
}

impl Gen<'_> {
    fn fill(
        &self,
        fields: &[FieldIx],
        rng: &mut Rng,
        seen: &mut BTreeSet<FieldIx>,
        out: &mut Map<String, Json>,
    ) {
        for &fx in fields {
            if !seen.insert(fx) {
                continue;
            }
            let f = self.model.field(fx);
            if let FieldKind::Subform { form } = f.kind {
                let mut rows: Vec<Json> = (0..rng.below(5))
                    .map(|_| {
                        let mut row = Map::new();
                        self.fill(
                            &self.model.form(form).fields,
                            rng,
                            &mut BTreeSet::new(),
                            &mut row,
                        );
                        Json::Object(row)
                    })
                    .collect();
                if rng.chance(3) {
                    rows.push(json!("not a row"));
                }
                if !rng.chance(5) {
                    out.insert(f.id.to_string(), Json::Array(rows));
                }
            } else if let Some(v) = self.answer(fx, rng) {
                out.insert(f.id.to_string(), v);
            }
        }
    }

    fn answer(&self, fx: FieldIx, rng: &mut Rng) -> Option<Json> {
        let f = self.model.field(fx);
        if rng.chance(4) {
            return Some(odd(&f.kind, rng));
        }
        match &f.kind {
            FieldKind::Select {
                multi: false,
                source: OptionSource::Lookup(l),
                ..
            } if is_yes_no(self.model, *l) => {
                if rng.chance(3) {
                    return None;
                }
                let yes = !rng.chance(self.no);
                Some(if rng.chance(20) {
                    json!(yes)
                } else {
                    json!(yes.to_string())
                })
            }
            FieldKind::Date | FieldKind::DateTime if rng.chance(70) => {
                let offset = i64::try_from(rng.below(30)).unwrap_or(0) - 4;
                let d = Date::from_days_since_epoch(self.base.days_since_epoch() + offset);
                Some(if matches!(f.kind, FieldKind::Date) {
                    json!(d.to_string())
                } else {
                    json!(format!("{d}T08:30:00.000Z"))
                })
            }
            FieldKind::TickBox if rng.chance(30) => Some(match rng.below(3) {
                0 => json!(false),
                1 => json!("true"),
                _ => json!("false"),
            }),
            _ => mobile_common::generate(self.model, fx, rng),
        }
    }
}

/// A lookup of the options `true` and `false` (yes/no questions).
fn is_yes_no(model: &Model, l: gbvims_compiler::model::LookupIx) -> bool {
    let ids: Vec<&str> = model
        .lookup(l)
        .options
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    ids == ["true", "false"]
}

/// An answer stored oddly for its kind (never a fraction: browsers read 3.0 as 3).
fn odd(kind: &FieldKind, rng: &mut Rng) -> Json {
    let pick = |rng: &mut Rng, xs: &[Json]| xs[rng.below(xs.len())].clone();
    match kind {
        FieldKind::Integer => pick(
            rng,
            &[
                json!(" 12 "),
                json!("+7"),
                json!("-0"),
                json!("1e3"),
                json!("forty"),
                json!(5_000_000_000_i64),
                json!("99999999999999999999"),
                json!(true),
                json!(""),
            ],
        ),
        FieldKind::TickBox => pick(rng, &[json!("yes"), json!(1), json!(["true"]), json!("")]),
        FieldKind::Date | FieldKind::DateTime => pick(
            rng,
            &[
                json!("2023-02-29"),
                json!("2024-02-29T23:59:59Z"),
                json!("31/12/2020"),
                json!("2020-1-05"),
                json!("+202-01-05"),
                json!(20_200_101),
                json!(""),
            ],
        ),
        FieldKind::Select { multi: true, .. } => pick(
            rng,
            &[json!("red"), json!([1, "true"]), json!([]), json!(false)],
        ),
        FieldKind::Select { .. } => pick(
            rng,
            &[
                json!(true),
                json!(false),
                json!("not-an-option"),
                json!(["a"]),
                json!(""),
            ],
        ),
        _ => pick(rng, &[json!(42), json!(""), json!("   "), json!({"a": 1})]),
    }
}

/// What was compared, so that the test cannot pass by comparing nothing.
#[derive(Default, Debug)]
struct Stats {
    records: usize,
    compared: usize,
    hidden: usize,
    required: usize,
    invalid: usize,
    values: usize,
}

#[test]
fn gbvims_rules_js_evaluates_like_the_compiler() {
    let Some(node) = node_or_skip() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let root = work_dir(&tmp);
    let today = Date::parse_iso(TODAY).unwrap();
    let configs = [
        ("iraq", compile_country("iraq")),
        ("mali", compile_country("mali")),
        ("aliases", compile_aliases()),
        (
            "operators",
            compile_fixture("tests/fixtures/mobile/operators.gbv"),
        ),
        (
            "web-fixture",
            compile_fixture("tests/fixtures/web/rules.gbv"),
        ),
    ];
    let mut dirs = Vec::new();
    // By record id: its configuration, and what compiler::eval says.
    let mut ours: BTreeMap<String, (usize, BTreeMap<String, Json>)> = BTreeMap::new();
    // Every value each calculated field took, by configuration and field.
    let mut taken: BTreeMap<(usize, String), BTreeSet<String>> = BTreeMap::new();
    let mut stats = Stats::default();
    for (c, (name, compiled)) in configs.iter().enumerate() {
        let model = compiled.checked().expect("checks clean").model();
        let text = rules_json(model);
        let rules: Rules = serde_json::from_str(&text).expect("rules.json reads back");
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("rules.json"), &text).unwrap();
        let mut rng = Rng(seed(name) ^ 0x0077_6562);
        let mut records = Vec::new();
        for (r, rec) in model.records.iter().enumerate() {
            let Some(rule_fields) = rules.records.get(rec.id.as_str()) else {
                continue;
            };
            let fields: Vec<FieldIx> = rule_fields
                .iter()
                .map(|f| field_of(model, &f.form, &f.field))
                .collect();
            for n in 0..RECORDS {
                let record = generate_record(model, RecordIx::from_index(r), &mut rng);
                let id = format!("{name}/{}/{n}", rec.id);
                let states = expected(model, &fields, &record, today);
                for (path, s) in &states {
                    let field = path.rsplit(['.', ']']).next().unwrap_or(path);
                    let calculated = rule_fields
                        .iter()
                        .any(|f| f.field == field && f.calculate.is_some());
                    if calculated && s["relevant"] == json!(true) {
                        taken
                            .entry((c, field.to_string()))
                            .or_default()
                            .insert(s["value"].to_string());
                    }
                }
                // Node reads the record as stored (stored keys and option ids).
                let stored = Validator::new(model, RecordIx::from_index(r)).to_stored(&record);
                records.push(json!({"id": id, "record_type": rec.id.as_str(), "record": stored}));
                ours.insert(id, (c, states));
            }
        }
        stats.records += records.len();
        let input = json!({"today": TODAY, "records": records});
        std::fs::write(
            dir.join("records.json"),
            serde_json::to_string(&input).unwrap(),
        )
        .unwrap();
        dirs.push(dir);
    }
    let theirs = run_harness(node, &dirs);
    if let Some(keep) = std::env::var_os("GBVIMS_KEEP") {
        let lines: Vec<String> = theirs.values().map(Json::to_string).collect();
        std::fs::write(Path::new(&keep).join("node.out.jsonl"), lines.join("\n")).unwrap();
    }
    let mut problems = Vec::new();
    for (id, (_, states)) in &ours {
        let Some(line) = theirs.get(id) else {
            problems.push(format!("{id}: no output from gbvims-rules.js"));
            continue;
        };
        if let Some(e) = line.get("error") {
            problems.push(format!("{id}: gbvims-rules.js failed: {e}"));
            continue;
        }
        let js = line["states"].as_object().cloned().unwrap_or_default();
        let paths: BTreeSet<&String> = states.keys().chain(js.keys()).collect();
        for path in paths {
            let (a, b) = (states.get(path), js.get(path));
            for what in ["relevant", "required", "valid", "value"] {
                let (x, y) = (a.map(|s| &s[what]), b.map(|s| &s[what]));
                stats.compared += 1;
                match (what, x) {
                    ("relevant", Some(Json::Bool(false))) => stats.hidden += 1,
                    ("required", Some(Json::Bool(true))) => stats.required += 1,
                    ("valid", Some(Json::Bool(false))) => stats.invalid += 1,
                    ("value", Some(v)) if !v.is_null() => stats.values += 1,
                    _ => {}
                }
                if x != y {
                    problems.push(format!(
                        "{id} {path}: {what}: compiler::eval gives {}, gbvims-rules.js {}",
                        x.map_or("nothing".into(), Json::to_string),
                        y.map_or("nothing".into(), Json::to_string),
                    ));
                }
            }
        }
    }
    eprintln!("{stats:?}");
    assert!(
        problems.is_empty(),
        "{} disagreements between gbvims-rules.js and compiler::eval:\n{}",
        problems.len(),
        problems
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(stats.records >= 200, "at least 200 records: {stats:?}");
    assert!(
        stats.compared > 50_000
            && stats.hidden > 1_000
            && stats.required > 20
            && stats.invalid > 50
            && stats.values > 5_000,
        "too little compared: {stats:?}"
    );
    // Coverage: the classification reaches every outcome and the elapsed reporting time every
    // bracket (in the two countries together), and every calculation gives a value.
    let both = |field: &str| -> BTreeSet<String> {
        (0..2)
            .flat_map(|c| taken[&(c, field.to_string())].iter().cloned())
            .collect()
    };
    let outcomes = both("gbv_classification_result");
    for o in [
        "\"rape\"",
        "\"sexual_assault\"",
        "\"physical_assault\"",
        "\"forced_marriage\"",
        "\"denial_of_resources_opportunities_or_services\"",
        "\"psychological_emotional_abuse\"",
        "\"non-gbv\"",
        "null",
    ] {
        assert!(
            outcomes.contains(o),
            "the classification never gave {o}: {outcomes:?}"
        );
    }
    // The stored ids were exercised: a condition on a legacy key held, and the classification
    // gave an option under its stored id.
    let aliases = |path: &str, what: &str, v: &Json| {
        ours.values()
            .filter(|(c, _)| configs[*c].0 == "aliases")
            .any(|(_, states)| states.get(path).is_some_and(|s| &s[what] == v))
    };
    assert!(aliases("services_given", "relevant", &json!(true)));
    assert!(aliases("legal_follow_up", "relevant", &json!(true)));
    assert!(aliases(
        "gbv_classification_result",
        "value",
        &json!("rape_penetration")
    ));
    let brackets = both("elapsed_reporting_time");
    assert_eq!(brackets.len(), 6, "elapsed reporting time: {brackets:?}");
    for ((c, field), values) in &taken {
        assert!(
            values.iter().any(|v| v != "null" && v != "[]"),
            "{}: the calculation of `{field}` never gave a value",
            configs[*c].0
        );
    }
}

/// Which fields rules.json lists, in which order, and how (`tests/fixtures/web/rules.gbv` says
/// why each is there); the same bytes on every run.
#[test]
fn rules_json_lists_the_fields_with_rules_and_what_they_read() {
    let compiled = compile_fixture("tests/fixtures/web/rules.gbv");
    let model = compiled.checked().expect("checks clean").model();
    let text = rules_json(model);
    assert_eq!(text, rules_json(model), "deterministic");
    let rules: Rules = serde_json::from_str(&text).expect("rules.json reads back");
    let listed: Vec<(&str, Option<&str>)> = rules.records["incident"]
        .iter()
        .map(|f| (f.field.as_str(), f.row_of.as_deref()))
        .collect();
    assert_eq!(
        listed,
        [
            ("status", None),
            ("age", None),
            ("hurt", None),
            ("people", None),
            ("person_age", Some("people")),
            ("minor", Some("people")),
            ("injuries", Some("people")),
            ("severity", Some("injuries")),
            ("treated", Some("injuries")),
            ("severe", Some("injuries")),
            ("severe_injuries", Some("people")),
            ("minors", None),
            ("details", None),
        ]
    );
    common::assert_snapshot("web_rules__rules_json@rules.gbv", &text);
}
