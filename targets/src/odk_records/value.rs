//! One value of a submission, as ODK writes it, to the value a record stores (Primero's shape),
//! and back.

use serde_json::Value;

use super::error::{OdkError, Origin};
use crate::odk_mapping::ValueKind;

/// A value as read from an export.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Raw<'a> {
    /// A CSV cell, or a JSON string.
    Text(&'a str),
    /// Any other JSON value (a number, a boolean, a list, null).
    Json(&'a Value),
}

/// The record's value of `raw` for a field of `kind`; `None` when the value is empty.
pub(crate) fn to_record(
    raw: Raw<'_>,
    kind: ValueKind,
    field: &str,
    origin: impl FnOnce() -> Origin,
) -> Result<Option<Value>, OdkError> {
    let text = match raw {
        Raw::Text(t) => t,
        Raw::Json(Value::Null) => return Ok(None),
        Raw::Json(Value::String(s)) => s.as_str(),
        Raw::Json(v) => return from_json(v, kind, field, origin),
    };
    if text.is_empty() {
        return Ok(None);
    }
    let bad = |origin: Origin| OdkError::BadValue {
        origin,
        field: field.to_owned(),
        kind,
        value: text.to_owned(),
    };
    let value = match kind {
        ValueKind::Integer => match text.trim().parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => return Err(bad(origin())),
        },
        ValueKind::Boolean => match text.trim() {
            "true" | "1" => Value::Bool(true),
            "false" | "0" => Value::Bool(false),
            _ => return Err(bad(origin())),
        },
        ValueKind::Date if !is_date(text) => return Err(bad(origin())),
        ValueKind::SelectMany => {
            let ids: Vec<Value> = text
                .split_whitespace()
                .map(|s| Value::String(s.to_owned()))
                .collect();
            if ids.is_empty() {
                return Ok(None);
            }
            Value::Array(ids)
        }
        ValueKind::Rows => return Err(bad(origin())),
        _ => Value::String(text.to_owned()),
    };
    Ok(Some(value))
}

/// A JSON value that is not a string (Central writes integers as numbers, and some exports
/// booleans as booleans and choices as lists).
fn from_json(
    v: &Value,
    kind: ValueKind,
    field: &str,
    origin: impl FnOnce() -> Origin,
) -> Result<Option<Value>, OdkError> {
    let ok = match (kind, v) {
        (ValueKind::Integer, Value::Number(n)) => n.as_i64().map(Value::from),
        (ValueKind::Boolean, Value::Bool(b)) => Some(Value::Bool(*b)),
        (ValueKind::SelectMany, Value::Array(items)) => {
            if items.is_empty() {
                return Ok(None);
            }
            items
                .iter()
                .all(|i| {
                    i.as_str()
                        .is_some_and(|s| !s.is_empty() && !s.contains(char::is_whitespace))
                })
                .then(|| v.clone())
        }
        (
            ValueKind::Text | ValueKind::SelectOne | ValueKind::Location | ValueKind::File,
            Value::Number(n),
        ) => Some(Value::String(n.to_string())),
        _ => None,
    };
    ok.map(Some).ok_or_else(|| OdkError::BadValue {
        origin: origin(),
        field: field.to_owned(),
        kind,
        value: v.to_string(),
    })
}

/// `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// How ODK writes a record's value in a submission (CSV cell, or OData string): `None` for a
/// value the kind cannot hold.
pub(crate) fn to_text(value: &Value, kind: ValueKind) -> Option<String> {
    match (kind, value) {
        (ValueKind::Integer, Value::Number(n)) => Some(n.to_string()),
        (ValueKind::Boolean, Value::Bool(b)) => Some(b.to_string()),
        (ValueKind::SelectMany, Value::Array(items)) => {
            let ids: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
            ids.map(|ids| ids.join(" "))
        }
        (ValueKind::Rows, _) => None,
        (_, Value::String(s)) => Some(s.clone()),
        _ => None,
    }
}
