//! Calculations. Primero's `calculation.expression` has `sum` and `avg` over fields, which count
//! an empty or non-numeric value as 0; gbvims gives no value when an operand is empty (its own
//! `sum` and `avg` skip empty answers and give no value when none is given), and its
//! calculations use `case`, `collect`, `coalesce`, `years_between`, `days_between` and subform
//! counts, which Primero does not have. No calculation of gbvims has the same meaning in Primero,
//! so none is written: each is listed as not expressed, and the field is a read-only field of its
//! value's type that Primero does not fill.

use gbvims_compiler::model::Expr;

use super::conditions::{describe, Refusal};

/// Why Primero cannot compute `calculate` as gbvims does.
#[must_use]
pub fn refusal(calculate: &Expr) -> Refusal {
    let what = describe(calculate);
    if what.starts_with("compares two fields") {
        Refusal("is a condition or a value Primero's `sum` and `avg` cannot state".into())
    } else {
        Refusal(what)
    }
}
