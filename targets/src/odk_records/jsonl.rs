//! Records as JSON Lines, keys in a stable order: the instance id, then the mapping's field order
//! (rows likewise), then any other key in sorted order.

use serde_json::{Map, Value};

use super::INSTANCE_ID;
use crate::odk_mapping::{FieldMapping, FormMapping};

/// One line per record, keys in the mapping's order.
#[must_use]
pub fn to_jsonl(form: &FormMapping, records: &[Map<String, Value>]) -> Vec<u8> {
    let mut out = String::new();
    for record in records {
        object(&mut out, record, &form.fields, true);
        out.push('\n');
    }
    out.into_bytes()
}

fn object(out: &mut String, obj: &Map<String, Value>, fields: &[FieldMapping], top: bool) {
    let mut keys: Vec<(&str, Option<&[FieldMapping]>)> = Vec::with_capacity(obj.len());
    if top && obj.contains_key(INSTANCE_ID) {
        keys.push((INSTANCE_ID, None));
    }
    for f in fields {
        if obj.contains_key(&f.id) {
            keys.push((&f.id, Some(&f.rows)));
        }
    }
    for k in obj.keys() {
        if !keys.iter().any(|(seen, _)| seen == k) {
            keys.push((k, None));
        }
    }
    out.push('{');
    for (i, (key, rows)) in keys.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&Value::String((*key).to_owned()).to_string());
        out.push(':');
        match (&obj[*key], rows) {
            (Value::Array(items), Some(rows)) if !rows.is_empty() => {
                out.push('[');
                for (j, item) in items.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    match item {
                        Value::Object(row) => object(out, row, rows, false),
                        other => out.push_str(&other.to_string()),
                    }
                }
                out.push(']');
            }
            (v, _) => out.push_str(&v.to_string()),
        }
    }
    out.push('}');
}
