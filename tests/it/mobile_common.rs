//! What the tests of the mobile target against a real ODK engine share (`mobile_engine`,
//! `mobile_roundtrip`): the seeded record generator, where the engine is, and the rule for when
//! it is missing (skip, but fail under `CI=true`).

use std::path::{Path, PathBuf};

use gbvims_compiler::model::{Date, FieldIx, FieldKind, Model, OptionSource};
use gbvims_targets::mobile::survey::{Fill, Node};
use serde_json::{json, Map, Value as Json};

/// A small deterministic generator (SplitMix64).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Where the engine is: the harness script, or `None` (with the reason) when it is not set up.
pub fn harness() -> Result<PathBuf, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let env = root.join("interop/.build/env.sh");
    if env.is_file() {
        Ok(root.join("interop/harness.sh"))
    } else {
        Err(format!(
            "{} is missing: run `bash interop/setup.sh`",
            env.display()
        ))
    }
}

/// A value of the generated record for one field.
pub fn generate(model: &Model, fx: FieldIx, rng: &mut Rng) -> Option<Json> {
    let f = model.field(fx);
    if rng.chance(12) {
        return None;
    }
    Some(match &f.kind {
        FieldKind::Text | FieldKind::TextArea | FieldKind::Custom => {
            // ODK trims the ends of an answer (the XML instance does); inner spaces stay.
            let texts = ["a", "O'Brien \"x\"", "دمشق", "two  words", "x < y & z"];
            json!(texts[rng.below(texts.len())])
        }
        FieldKind::Integer => json!(i64::try_from(rng.below(150)).unwrap_or(0) - 5),
        FieldKind::Date => json!(date(rng).to_string()),
        FieldKind::DateTime => json!(format!("{}T10:15:00.000Z", date(rng))),
        FieldKind::TickBox => {
            if rng.chance(50) {
                json!(true)
            } else {
                return None;
            }
        }
        FieldKind::Select {
            multi,
            source: OptionSource::Lookup(l),
            ..
        } => {
            let options = &model.lookup(*l).options;
            if *multi {
                let picked: Vec<&str> = options
                    .iter()
                    .filter(|_| rng.chance(30))
                    .map(|o| o.id.as_str())
                    .collect();
                json!(picked)
            } else {
                json!(options[rng.below(options.len())].id.as_str())
            }
        }
        FieldKind::Select {
            source: OptionSource::Locations | OptionSource::ReportingLocations,
            ..
        } => {
            let country = model.country.as_ref()?;
            let levels: Vec<u8> = country.location_levels.iter().map(|l| l.level).collect();
            let units: Vec<&str> = country
                .locations
                .units
                .iter()
                .filter(|u| levels.contains(&u.level))
                .map(|u| u.code.as_str())
                .collect();
            json!(units[rng.below(units.len())])
        }
        FieldKind::Select { .. } => json!("user1"),
        FieldKind::Photo | FieldKind::Audio | FieldKind::Document | FieldKind::Signature => {
            json!("picture.jpg")
        }
        FieldKind::Separator | FieldKind::Subform { .. } => return None,
    })
}

pub fn date(rng: &mut Rng) -> Date {
    let year = 1985 + i32::try_from(rng.below(45)).unwrap_or(0);
    let month = 1 + u8::try_from(rng.below(12)).unwrap_or(0);
    // Leap days and month ends matter for years_between.
    let day = match rng.below(6) {
        0 => 29,
        1 => 28,
        _ => 1 + u8::try_from(rng.below(28)).unwrap_or(0),
    };
    Date::parse_iso(&format!("{year:04}-{month:02}-{day:02}"))
        .unwrap_or_else(|| Date::parse_iso(&format!("{year:04}-{month:02}-28")).unwrap())
}

/// A record holding an answer (or none) for every question of the form (a location question
/// included), stale answers to hidden questions included.
/// Generates the answers of a record of type `record_type` (each field resolved within that
/// record: [`field_ix_in`]).
pub fn record(
    (model, record_type): (&Model, &str),
    nodes: &[Node],
    rng: &mut Rng,
    out: &mut Map<String, Json>,
) {
    for n in nodes {
        match n {
            Node::Group(g) => record((model, record_type), &g.children, rng, out),
            Node::Repeat(g) => {
                let rows: Vec<Json> = (0..rng.below(4))
                    .map(|_| {
                        let mut row = Map::new();
                        record((model, record_type), &g.children, rng, &mut row);
                        Json::Object(row)
                    })
                    .collect();
                out.insert(g.name.clone(), Json::Array(rows));
            }
            Node::Item(i) => {
                let id = match &i.fill {
                    Fill::Field(id) => id,
                    // A location question is one select per admin level: its answer (a unit of
                    // any level) is drawn once, at the first level.
                    Fill::LocationLevel { field, level } if Some(*level) == first_level(model) => {
                        field
                    }
                    Fill::LocationLevel { .. } | Fill::Nothing => continue,
                };
                // The instance holds stored ids (a country's `stored_as`).
                let fx = field_ix_in(model, record_type, id);
                if let Some(v) = generate(model, fx, rng) {
                    out.insert(id.clone(), model.stored_answer(fx, &v));
                }
            }
        }
    }
}

/// The first admin level the country's location questions ask.
fn first_level(model: &Model) -> Option<u8> {
    let country = model.country.as_ref()?;
    country.location_levels.first().map(|l| l.level)
}

/// The index of the field `id` (panics when there is none: the form came from this model).
/// The field `id` of the record type `record` (a field id may be declared in both records, e.g.
/// `date_of_birth`, with different rules).
pub fn field_ix_in(model: &Model, record: &str, id: &str) -> FieldIx {
    model
        .fields
        .iter()
        .position(|f| {
            f.stored.as_str() == id && model.record(model.form(f.form).record).id.as_str() == record
        })
        .map_or_else(|| field_ix(model, id), FieldIx::from_index)
}

/// The field stored under `id` (its id, or its legacy key when it has one).
pub fn field_ix(model: &Model, id: &str) -> FieldIx {
    FieldIx::from_index(
        model
            .fields
            .iter()
            .position(|f| f.stored.as_str() == id)
            .unwrap_or_else(|| panic!("no field {id}")),
    )
}

/// The harness script, or `None` when the engine is not set up and the test should be skipped
/// (the reason is printed). Under `CI=true` a missing engine panics instead.
pub fn harness_or_skip() -> Option<PathBuf> {
    match harness() {
        Ok(h) => Some(h),
        Err(why) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("the ODK engine is required under CI=true: {why}")
        }
        Err(why) => {
            eprintln!("skipped: {why}");
            None
        }
    }
}

/// The generator's seed for a country (or fixture) name.
pub fn seed(name: &str) -> u64 {
    name.bytes().fold(0x6762_7669_6d73_u64, |h, b| {
        h.wrapping_mul(31) ^ u64::from(b)
    })
}

/// Generates `count` records of a form of record type `record_type` (each with the instance id `id(n)`), writes them as ODK
/// instances to `input` (the harness's JSON Lines), and adds the harness arguments that run
/// the form `form` on them into `output`. Returns the records.
#[allow(clippy::too_many_arguments)]
pub fn harness_case(
    (model, record_type): (&Model, &str),
    survey: &gbvims_targets::mobile::survey::Survey,
    locations: Option<&gbvims_compiler::locations::LocationTable>,
    rng: &mut Rng,
    count: usize,
    id: impl Fn(usize) -> String,
    (form, input, output): (&std::path::Path, &std::path::Path, &std::path::Path),
    args: &mut Vec<String>,
) -> Vec<Map<String, Json>> {
    let mut records = Vec::new();
    let mut jsonl = String::new();
    for n in 0..count {
        let mut r = Map::new();
        record((model, record_type), &survey.body, rng, &mut r);
        r.insert("_odk_instance_id".into(), serde_json::json!(id(n)));
        let inst = gbvims_targets::mobile::instance::instance_xml(survey, &r, locations).unwrap();
        jsonl.push_str(&serde_json::json!({"id": format!("r{n}"), "instance": inst}).to_string());
        jsonl.push('\n');
        records.push(r);
    }
    std::fs::write(input, jsonl).unwrap();
    args.extend([
        "--form".into(),
        form.display().to_string(),
        "--instances".into(),
        input.display().to_string(),
        "--out".into(),
        output.display().to_string(),
    ]);
    records
}
