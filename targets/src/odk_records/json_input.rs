//! Records from Central's OData JSON (`Submissions?$expand=*`): `{"value": [...]}` or a list of
//! submissions, each with its groups as nested objects, its repeats as lists of objects, its id
//! in `__id` (or `meta.instanceID`) and Central's own data in `__system` (ignored).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::error::{OdkError, Origin};
use super::plan::{Located, Plan, Shape};
use super::value::{to_record, Raw};
use super::{Note, INSTANCE_ID};

/// The records of the submissions of an OData JSON document.
pub(crate) fn records(
    plan: &Plan,
    bytes: &[u8],
    notes: &mut Vec<Note>,
) -> Result<Vec<Map<String, Value>>, OdkError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| OdkError::Json(e.to_string()))?;
    let submissions = match &doc {
        Value::Array(items) => items,
        Value::Object(o) => match o.get("value") {
            Some(Value::Array(items)) => items,
            _ => return Err(OdkError::Json("the object has no `value` list".to_owned())),
        },
        _ => {
            return Err(OdkError::Json(
                "it is neither an object nor a list".to_owned(),
            ))
        }
    };
    let mut reader = Reader {
        submission: 0,
        not_expanded: BTreeSet::new(),
    };
    let mut records = Vec::with_capacity(submissions.len());
    for (i, submission) in submissions.iter().enumerate() {
        reader.submission = i + 1;
        let Value::Object(obj) = submission else {
            return Err(OdkError::Json(format!(
                "submission {} is not an object",
                i + 1
            )));
        };
        let id = instance_id(obj).ok_or_else(|| {
            OdkError::Json(format!(
                "submission {} has no `__id` nor `meta.instanceID`",
                i + 1
            ))
        })?;
        let mut record = Map::new();
        record.insert(INSTANCE_ID.to_owned(), Value::String(id.to_owned()));
        reader.fill(&plan.fields, obj, "", &mut record)?;
        records.push(record);
    }
    notes.extend(
        reader
            .not_expanded
            .into_iter()
            .map(|field| Note::RowsNotExpanded { field }),
    );
    Ok(records)
}

/// The submission's instance id.
fn instance_id(obj: &Map<String, Value>) -> Option<&str> {
    let meta = obj.get("meta").and_then(|m| m.get("instanceID"));
    [obj.get("__id"), meta, obj.get("instanceID")]
        .into_iter()
        .flatten()
        .find_map(|v| v.as_str().filter(|s| !s.is_empty()))
}

/// The node at `rel` under `obj`; `None` when a step is missing or not an object.
fn node<'a>(obj: &'a Map<String, Value>, rel: &[String]) -> Option<&'a Value> {
    let (last, groups) = rel.split_last()?;
    let mut here = obj;
    for step in groups {
        here = here.get(step)?.as_object()?;
    }
    here.get(last)
}

/// The object holding the node at `rel` (for its `@odata.navigationLink`).
fn parent<'a>(obj: &'a Map<String, Value>, rel: &[String]) -> Option<&'a Map<String, Value>> {
    let mut here = obj;
    for step in &rel[..rel.len().saturating_sub(1)] {
        here = here.get(step)?.as_object()?;
    }
    Some(here)
}

struct Reader {
    submission: usize,
    not_expanded: BTreeSet<String>,
}

impl Reader {
    fn fill(
        &mut self,
        fields: &[Located],
        obj: &Map<String, Value>,
        prefix: &str,
        out: &mut Map<String, Value>,
    ) -> Result<(), OdkError> {
        for field in fields {
            let here = node(obj, &field.rel);
            let path = || format!("{prefix}{}", field.rel.join("/"));
            match &field.shape {
                Shape::Value(kind) => {
                    let Some(v) = here else { continue };
                    let origin = || Origin::Json {
                        submission: self.submission,
                        path: path(),
                    };
                    if let Some(v) = to_record(Raw::Json(v), *kind, &field.id, origin)? {
                        out.insert(field.id.clone(), v);
                    }
                }
                Shape::Rows { fields, .. } => match here {
                    Some(Value::Array(items)) if !items.is_empty() => {
                        let mut rows = Vec::with_capacity(items.len());
                        for (n, item) in items.iter().enumerate() {
                            let Value::Object(row) = item else {
                                return Err(OdkError::Json(format!(
                                    "submission {}: `{}[{}]` is not an object",
                                    self.submission,
                                    path(),
                                    n + 1
                                )));
                            };
                            let mut m = Map::new();
                            let inner = format!("{}[{}]/", path(), n + 1);
                            self.fill(fields, row, &inner, &mut m)?;
                            rows.push(Value::Object(m));
                        }
                        out.insert(field.id.clone(), Value::Array(rows));
                    }
                    Some(Value::Array(_) | Value::Null) => {}
                    None => {
                        let link = format!("{}@odata.navigationLink", field.name());
                        if parent(obj, &field.rel).is_some_and(|p| p.contains_key(&link)) {
                            self.not_expanded.insert(field.id.clone());
                        }
                    }
                    Some(other) => {
                        return Err(OdkError::Json(format!(
                            "submission {}: `{}` should be a list of rows, not {}",
                            self.submission,
                            path(),
                            json_type(other)
                        )))
                    }
                },
            }
        }
        Ok(())
    }
}

/// What a JSON value is, for messages (which never repeat a submission's content).
fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
