//! Primero's display conditions as written (bundle, REST, seeds, form builder) into the
//! target's [`Cond`].

use gbvims_targets::primero::conditions::{CmpOp, Cond};
use serde_json::Value as Json;

use super::{Reason, MAX_DEPTH};

/// The condition a field's `display_conditions_*` holds: `None` when there is none (`null`, an
/// empty list, or `disabled: true`).
///
/// # Errors
/// Why it is not a condition Primero evaluates.
pub fn parse(json: &Json) -> Result<Option<Cond>, Reason> {
    parse_at(json, 0)
}

fn parse_at(json: &Json, depth: usize) -> Result<Option<Cond>, Reason> {
    if depth > MAX_DEPTH {
        return Err("its condition nests too deeply".into());
    }
    match json {
        Json::Null => Ok(None),
        Json::Array(items) => legacy(items),
        Json::Object(o) => {
            if o.get("disabled").is_some_and(|d| d == &Json::Bool(true)) {
                return Ok(None);
            }
            let keys: Vec<&String> = o.keys().filter(|k| *k != "disabled").collect();
            match keys.as_slice() {
                [] => Ok(None),
                [op] => operator(op, &o[op.as_str()], depth).map(Some),
                _ => Err(format!(
                    "its condition has several operators ({}) where Primero reads one",
                    keys.iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        }
        other => Err(format!("its condition `{other}` is not an object")),
    }
}

fn operator(op: &str, arg: &Json, depth: usize) -> Result<Cond, Reason> {
    let cmp = match op {
        "eq" => Some(CmpOp::Eq),
        "gt" => Some(CmpOp::Gt),
        "ge" => Some(CmpOp::Ge),
        "lt" => Some(CmpOp::Lt),
        "le" => Some(CmpOp::Le),
        _ => None,
    };
    if let Some(cmp) = cmp {
        let (name, value) = operand(op, arg)?;
        return Ok(Cond::Cmp(cmp, name, value.clone()));
    }
    match op {
        "in" => {
            let (name, value) = operand(op, arg)?;
            match value {
                Json::Array(values) if !values.is_empty() => Ok(Cond::In(name, values.clone())),
                Json::Array(_) => Err(format!("its `in` on `{name}` lists no value")),
                other => Err(format!(
                    "its `in` on `{name}` gives `{other}` where Primero reads a list"
                )),
            }
        }
        "and" | "or" => {
            let items = match arg {
                Json::Array(items) => items
                    .iter()
                    .map(|i| {
                        parse_at(i, depth + 1)?
                            .ok_or_else(|| format!("its `{op}` holds an empty condition"))
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                Json::Object(_) => {
                    return parse_at(arg, depth + 1)?
                        .ok_or_else(|| format!("its `{op}` holds an empty condition"))
                }
                _ => return Err(format!("its `{op}` holds no list of conditions")),
            };
            match items.len() {
                0 => Err(format!("its `{op}` holds no condition")),
                _ if op == "and" => Ok(Cond::And(items)),
                _ => Ok(Cond::Or(items)),
            }
        }
        "not" => match parse_at(arg, depth + 1)? {
            Some(c) => Ok(Cond::Not(Box::new(c))),
            None => Err("its `not` holds no condition".into()),
        },
        "sum" | "avg" | "round" => Err(format!(
            "its condition is the calculation `{op}`, not a test"
        )),
        other => Err(format!("its condition uses `{other}`, which is not an operator of Primero's display conditions")),
    }
}

/// The `{field: value}` of a comparison.
fn operand<'j>(op: &str, arg: &'j Json) -> Result<(String, &'j Json), Reason> {
    match arg {
        Json::Object(m) if m.len() == 1 => {
            let (name, value) = m.iter().next().ok_or("no operand")?;
            Ok((name.clone(), value))
        }
        Json::Object(m) if m.len() > 1 => Err(format!(
            "its `{op}` names several fields ({}) where Primero reads only the first",
            m.keys()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        other => Err(format!(
            "its `{op}` gives `{other}` where Primero reads `{{field: value}}`"
        )),
    }
}

/// The legacy list form: `[{a: 1, b: [2, 3]}, …]` is `(a = 1 and b in (2, 3)) or …`.
fn legacy(items: &[Json]) -> Result<Option<Cond>, Reason> {
    let mut alternatives = Vec::new();
    for item in items {
        let Json::Object(o) = item else {
            return Err(format!("its condition list holds `{item}`, not an object"));
        };
        let mut all = Vec::new();
        for (name, value) in o {
            all.push(match value {
                Json::Array(values) if values.is_empty() => {
                    return Err(format!("its condition on `{name}` lists no value"))
                }
                Json::Array(values) => Cond::Or(
                    values
                        .iter()
                        .map(|v| Cond::Cmp(CmpOp::Eq, name.clone(), v.clone()))
                        .collect(),
                ),
                v => Cond::Cmp(CmpOp::Eq, name.clone(), v.clone()),
            });
        }
        match all.len() {
            0 => {}
            1 => alternatives.extend(all),
            _ => alternatives.push(Cond::And(all)),
        }
    }
    Ok(match alternatives.len() {
        0 => None,
        1 => alternatives.pop(),
        _ => Some(Cond::Or(alternatives)),
    })
}
