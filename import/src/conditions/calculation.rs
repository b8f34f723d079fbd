//! Primero's `calculation` read back: `sum(…)` or `avg(…)` of number fields.

use std::fmt;

use gbvims_compiler::model::Func;
use serde_json::{Map, Value as Json};

use super::{describe, Fields, Kind, Reason};

/// A calculation read back: `sum(…)` or `avg(…)` over number fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Calculation {
    /// [`Func::Sum`] or [`Func::Avg`].
    pub function: Func,
    /// The fields, by their ids in the overlay.
    pub fields: Vec<String>,
}

impl fmt::Display for Calculation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.function.name(), self.fields.join(", "))
    }
}

/// A field's `calculation` (`{expression: {sum: [fields]}}`) as a gbvims calculation.
///
/// # Errors
/// Why it is not read back (W0017).
pub fn calculation(json: &Json, fields: &Fields) -> Result<Calculation, Reason> {
    let expression = match json {
        Json::Object(o) => o.get("expression").unwrap_or(&Json::Null),
        _ => &Json::Null,
    };
    let Some((op, arg)) = expression.as_object().and_then(one_key) else {
        return Err(format!(
            "its calculation `{json}` is not `{{expression: {{sum: [...]}}}}` or `avg`"
        ));
    };
    let function = match op.as_str() {
        "sum" => Func::Sum,
        "avg" => Func::Avg,
        other => {
            return Err(format!(
                "its calculation uses `{other}`, which the importer reads back only as `sum` or `avg` of fields"
            ))
        }
    };
    let func = function.name();
    let Some(list) = arg.as_array().filter(|l| !l.is_empty()) else {
        return Err(format!("its `{func}` lists no field"));
    };
    let mut ids = Vec::new();
    for item in list {
        let Json::String(name) = item else {
            return Err(format!(
                "its `{func}` holds `{item}`, not a field name (nested calculations are not read back)"
            ));
        };
        let f = fields
            .get(name)
            .ok_or_else(|| format!("its `{func}` reads `{name}`, which is not a field here"))?;
        if f.kind != Kind::Integer {
            return Err(format!(
                "its `{func}` reads `{name}` ({}), where gbvims sums whole numbers only",
                describe(&f.kind)
            ));
        }
        ids.push(f.id.clone());
    }
    Ok(Calculation {
        function,
        fields: ids,
    })
}

fn one_key(o: &Map<String, Json>) -> Option<(&String, &Json)> {
    let mut it = o.iter();
    let first = it.next()?;
    it.next().is_none().then_some(first)
}
