//! The property the lead's tests rely on: reading back what Central would export for records
//! gives the records, through the CSV tables, the zip and the JSON alike. Records are drawn from a
//! small seeded generator (the same cases on every run).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::super::*;
use super::form;
use crate::odk_mapping::{FieldMapping, ValueKind};

/// xorshift64*: enough randomness for test cases, and no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn coin(&mut self) -> bool {
        self.below(2) == 0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const PIECES: &[&str] = &[
    "a", "Z", " ", ",", "\"", "\n", "\r\n", "é", "ኢ", "-", "[1]", "/", "0", "17", "true", "' ;",
];
const OPTIONS: &[&str] = &["medical", "legal", "psychosocial", "x_1", "safe-house"];

fn text(rng: &mut Rng) -> String {
    let len = 1 + rng.below(6);
    (0..len).map(|_| rng.pick(PIECES)).collect()
}

fn value(rng: &mut Rng, f: &FieldMapping) -> Option<Value> {
    if !rng.coin() {
        return None;
    }
    Some(match f.kind {
        ValueKind::Integer => {
            let n = rng.next() as i64;
            Value::from(if rng.coin() { n % 200 } else { n })
        }
        ValueKind::Boolean => Value::Bool(rng.coin()),
        ValueKind::Date => Value::String(format!(
            "{:04}-{:02}-{:02}",
            1990 + rng.below(40),
            1 + rng.below(12),
            1 + rng.below(28)
        )),
        ValueKind::SelectMany => {
            let n = 1 + rng.below(3);
            Value::Array(
                (0..n)
                    .map(|_| Value::String(rng.pick(OPTIONS).to_owned()))
                    .collect(),
            )
        }
        ValueKind::SelectOne => Value::String(rng.pick(OPTIONS).to_owned()),
        ValueKind::Rows => {
            let n = 1 + rng.below(3);
            Value::Array(
                (0..n)
                    .map(|_| Value::Object(object(rng, &f.rows)))
                    .collect(),
            )
        }
        _ => Value::String(text(rng)),
    })
}

fn object(rng: &mut Rng, fields: &[FieldMapping]) -> Map<String, Value> {
    fields
        .iter()
        .filter_map(|f| value(rng, f).map(|v| (f.id.clone(), v)))
        .collect()
}

fn records(rng: &mut Rng, case: usize) -> Vec<Record> {
    let form = form();
    let n = rng.below(4);
    (0..n)
        .map(|i| {
            let mut r = object(rng, &form.fields);
            r.insert(
                INSTANCE_ID.into(),
                Value::String(format!("uuid:{case:04x}-{i}")),
            );
            r
        })
        .collect()
}

#[test]
fn reading_back_an_export_gives_the_records() {
    let form = form();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for case in 0..150 {
        let want = records(&mut rng, case);
        let files: BTreeMap<String, Vec<u8>> = records_to_central_csv(&form, &want)
            .unwrap()
            .into_iter()
            .collect();
        let csv = from_csv_tables(&form, &files).unwrap();
        assert_eq!(csv.records, want, "case {case}, CSV");
        assert_eq!(csv.notes, vec![], "case {case}");
        let zip = records_to_central_zip(&form, &want).unwrap();
        assert_eq!(zip, records_to_central_zip(&form, &want).unwrap());
        let from_zip = from_export(&form, &zip, Limits::default()).unwrap();
        assert_eq!(from_zip.records, want, "case {case}, zip");
        let json = records_to_central_json(&form, &want).unwrap();
        let from_json = from_export(&form, &json, Limits::default()).unwrap();
        assert_eq!(from_json.records, want, "case {case}, JSON");
    }
}

#[test]
fn records_without_an_id_get_one_deterministically() {
    let form = form();
    let mut record = Map::new();
    record.insert("notes".into(), Value::String("x".into()));
    let json = records_to_central_json(&form, &[record.clone()]).unwrap();
    let back = from_export(&form, &json, Limits::default()).unwrap();
    record.insert(
        INSTANCE_ID.into(),
        Value::String("uuid:00000000-0000-4000-8000-000000000000".into()),
    );
    assert_eq!(back.records, vec![record]);
}
