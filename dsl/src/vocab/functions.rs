//! Functions: their names, how many arguments they take, and whether forms or only Incident
//! Recorder columns may call them.

/// Who may call a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FuncKind {
    /// Every expression (forms, calculations, conditions, and Incident Recorder columns).
    Form,
    /// Only an Incident Recorder column: it writes a cell (labels, fixed words, codes).
    IrCell,
}

/// How many arguments a function takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arity {
    /// Exactly this many.
    Exactly(usize),
    /// At least one.
    AtLeastOne,
}

/// One function of the table.
#[derive(Clone, Copy, Debug)]
pub struct Function {
    /// The name as written.
    pub name: &'static str,
    /// Who may call it.
    pub kind: FuncKind,
    /// How many arguments it takes.
    pub arity: Arity,
    /// How to call it, for help lines.
    pub usage: &'static str,
}

const fn func(name: &'static str, kind: FuncKind, arity: Arity, usage: &'static str) -> Function {
    Function {
        name,
        kind,
        arity,
        usage,
    }
}

use Arity::{AtLeastOne, Exactly};
use FuncKind::{Form, IrCell};

/// Every function of the language, in the order help lines list them.
pub const FUNCTIONS: &[Function] = &[
    func("today", Form, Exactly(0), "today()"),
    func("date", Form, Exactly(1), "date(\"2024-01-31\")"),
    func(
        "days_between",
        Form,
        Exactly(2),
        "days_between(earlier_date, later_date)",
    ),
    func(
        "years_between",
        Form,
        Exactly(2),
        "years_between(earlier_date, later_date)",
    ),
    func(
        "coalesce",
        Form,
        AtLeastOne,
        "coalesce(first_choice, fallback)",
    ),
    func("length", Form, Exactly(1), "length(text)"),
    func("sum", Form, AtLeastOne, "sum(number_a, number_b, …)"),
    func("avg", Form, AtLeastOne, "avg(number_a, number_b, …)"),
    func(
        "count",
        Form,
        Exactly(1),
        "count(subform_field where condition)",
    ),
    func(
        "any",
        Form,
        Exactly(1),
        "any(subform_field where condition)",
    ),
    func(
        "all",
        Form,
        Exactly(1),
        "all(subform_field where condition)",
    ),
    func(
        "first",
        Form,
        Exactly(1),
        "first(subform_field where condition)",
    ),
    func("label", IrCell, Exactly(1), "label(option_field)"),
    func(
        "join_labels",
        IrCell,
        Exactly(2),
        "join_labels(multi_select_field, \" & \")",
    ),
    func("word", IrCell, Exactly(1), "word(\"gender.male\")"),
    func("before", IrCell, Exactly(2), "before(text, \"(\")"),
    func(
        "location_at",
        IrCell,
        Exactly(2),
        "location_at(location_field, \"county\")",
    ),
    func("user_code", IrCell, Exactly(1), "user_code(user_field)"),
    func(
        "agency_code",
        IrCell,
        Exactly(1),
        "agency_code(agency_field)",
    ),
];

/// The function called `name`, if there is one.
#[must_use]
pub fn function(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// Every function name, in table order.
pub fn names() -> impl Iterator<Item = &'static str> {
    FUNCTIONS.iter().map(|f| f.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_usages_name_the_function() {
        for (i, f) in FUNCTIONS.iter().enumerate() {
            assert!(FUNCTIONS[..i].iter().all(|g| g.name != f.name));
            assert!(f.usage.starts_with(&format!("{}(", f.name)), "{}", f.name);
        }
    }
}
